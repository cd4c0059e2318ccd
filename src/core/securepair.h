/*
 * securepair core: a TLS engine that does no I/O.
 *
 * A connection is one OpenSSL SSL object sitting between two memory BIOs.
 * The caller moves bytes: ciphertext from the network goes in with
 * sp_conn_feed(), plaintext comes out of sp_conn_read(); plaintext goes in
 * with sp_conn_write() and the resulting records are taken out with
 * sp_conn_output_peek()/sp_conn_output_consume() (or sp_conn_output_take()).
 * Nothing here blocks, nothing here knows about Node or libuv.
 *
 * Conventions
 *  - Functions returning int answer with an SP_* status (0 is success).
 *  - A connection's first fatal error is sticky: afterwards every call that
 *    would touch the engine returns SP_ERROR and sp_conn_error() keeps
 *    describing that first error. Output already queued (an alert, say) can
 *    still be drained so the peer learns why. Every SP_ERROR a connection
 *    returns counts, a bad argument to one of its setters included.
 *  - OpenSSL's error queue (thread-local) is empty when any sp_* call
 *    returns; what it held is in the sp_error. I/O calls start by clearing
 *    it, as SSL_get_error() requires.
 *  - Context setters take an sp_error* that is filled on failure; it may be
 *    NULL when the caller does not care.
 *  - Every object has one owner. A connection holds a reference on its
 *    context, so the caller may drop its own context reference early.
 *  - Memory handed out (sp_cert) is freed with the matching *_free().
 */
#ifndef SECUREPAIR_H
#define SECUREPAIR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- statuses ---------------------------------------------------------- */

enum {
  SP_OK = 0,
  SP_WANT_READ = 1,  /* needs more ciphertext from the peer */
  SP_WANT_WRITE = 2, /* output is queued; drain it, then call again */
  SP_CLOSED = 3,     /* the peer sent close_notify: no more plaintext */
  SP_WANT_HELLO = 4, /* server paused at the ClientHello (sp_conn_set_hello_pause) */
  SP_REFUSED = 5,    /* a request the engine declined; the connection is unharmed */
  SP_ERROR = -1      /* fatal (sticky on a connection); see the sp_error */
};

/* What kind of failure an sp_error describes. */
enum {
  SP_EK_NONE = 0,
  SP_EK_SSL = 1,      /* drained from the OpenSSL error queue */
  SP_EK_VERIFY = 2,   /* certificate verification (X509_V_ERR_*) */
  SP_EK_ARG = 3,      /* the caller passed something unusable */
  SP_EK_NOMEM = 4,    /* allocation failed */
  SP_EK_PROTOCOL = 5  /* transport-level: EOF in the middle of a record, ... */
};

/*
 * A stable, self-contained description of an error. `code` follows Node's
 * naming so JavaScript can hand it out unchanged:
 *   OpenSSL's SSL library      -> "ERR_SSL_<REASON>"       (ERR_SSL_WRONG_VERSION_NUMBER)
 *   other OpenSSL libraries    -> "ERR_OSSL_<LIB>_<REASON>" (ERR_OSSL_PEM_NO_START_LINE)
 *                                 or "ERR_OSSL_<REASON>" when the library has no
 *                                 short name (ERR_OSSL_UNSUPPORTED, decoder)
 *   verification               -> the X509_V_ERR name without prefix, as Node
 *                                 uses it (DEPTH_ZERO_SELF_SIGNED_CERT)
 *   arguments / EOF            -> "ERR_SP_INVALID_ARG", "ERR_SSL_UNEXPECTED_EOF_WHILE_READING"
 *   out of memory              -> "ERR_SP_NOMEM"
 *   silent OpenSSL failure     -> "ERR_SP_INTERNAL" (should never be seen)
 * Of several queued OpenSSL errors the earliest (the root cause, as Node
 * reports it) is described, skipping generic "X lib" wrappers; on a
 * connection the SSL library's own error wins over the lower-level one
 * beneath it (ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC, not the
 * provider's "cipher operation failed"). Reason texts become codes
 * upper-cased, anything but letters and digits as '_'.
 * `message` is a human sentence; `library` and `reason` are OpenSSL's texts
 * (empty when not from OpenSSL).
 */
typedef struct sp_error {
  int kind;               /* SP_EK_* */
  unsigned long openssl;  /* packed OpenSSL error, 0 if none */
  long verify;            /* X509_V_* value for SP_EK_VERIFY, else 0 */
  char code[80];
  char message[256];
  char library[64];
  char reason[128];
} sp_error;

/* Reset an sp_error to "no error". */
void sp_error_clear(sp_error *err);

/*
 * Describe an X509 verification result (X509_V_OK gives SP_EK_NONE).
 * code: Node's name, e.g. "CERT_HAS_EXPIRED"; message: OpenSSL's text.
 */
void sp_error_from_verify(sp_error *err, long verify_result);

/* ---- protocol versions -------------------------------------------------- */

/* The wire values, so callers need no OpenSSL header. 0 = engine default. */
#define SP_TLS1_VERSION   0x0301
#define SP_TLS1_1_VERSION 0x0302
#define SP_TLS1_2_VERSION 0x0303
#define SP_TLS1_3_VERSION 0x0304

/* ---- contexts ----------------------------------------------------------- */

typedef struct sp_ctx sp_ctx;

enum { SP_TRANSPORT_TLS = 0, SP_TRANSPORT_DTLS = 1 };

/*
 * A new context with secure defaults: TLS 1.2 minimum, no RC4, 3DES, NULL,
 * export or anonymous suites, no compression, no session-id cache of
 * OpenSSL's own (see "sessions" below). Refcount starts at 1.
 * SP_TRANSPORT_DTLS makes a DTLS 1.2 context (DTLS 1.0 is off, as TLS
 * below 1.2 is); see "DTLS" below for what differs.
 * Cipher list: Node's default. Each context has its own random session id
 * context, so servers that ask for client certificates can resume.
 * Client-initiated renegotiation is refused (OpenSSL 3's default); set
 * SSL_OP_ALLOW_CLIENT_RENEGOTIATION with sp_ctx_set_options() to allow it.
 * Reference counting is thread-safe; configuring a context is not, and
 * should be done before connections use it.
 */
sp_ctx *sp_ctx_new(int transport, sp_error *err);
void sp_ctx_ref(sp_ctx *ctx);
void sp_ctx_unref(sp_ctx *ctx); /* frees at zero */

/* min/max as SP_TLS1_x_VERSION; 0 leaves that bound at the default
 * (minimum TLS 1.2, maximum the highest supported). A maximum below the
 * resulting minimum is refused (SP_EK_ARG). */
int sp_ctx_set_protocol_range(sp_ctx *ctx, int min_version, int max_version,
                              sp_error *err);

/*
 * Private key in PEM (PKCS#8, traditional RSA/EC, encrypted or not).
 * passphrase may be NULL. Wrong or missing passphrase fails with the
 * OpenSSL reason (ERR_OSSL_BAD_DECRYPT or similar), never prompts.
 * A missing one gives Node's ERR_OSSL_BAD_DECRYPT too, with a
 * message that says so plainly.
 * If a certificate is already set, the key must match it
 * (ERR_OSSL_X509_KEY_VALUES_MISMATCH). Keys and certificates of different
 * algorithms form separate pairs: a context may hold an RSA and an ECDSA one.
 */
int sp_ctx_use_key_pem(sp_ctx *ctx, const void *pem, size_t len,
                       const char *passphrase, sp_error *err);

/*
 * Certificate chain in PEM: the first certificate is the leaf, the rest are
 * sent as intermediates. If a key is already set, it must match the leaf
 * (same rule and code as sp_ctx_use_key_pem()).
 */
int sp_ctx_use_cert_chain_pem(sp_ctx *ctx, const void *pem, size_t len,
                              sp_error *err);

/*
 * Trust every certificate in `pem` (one or many) as a CA. On a server the
 * same certificates also form the CA name list sent in CertificateRequest.
 * Fails with SP_EK_ARG if the context shares another context's trust store.
 */
int sp_ctx_add_ca_pem(sp_ctx *ctx, const void *pem, size_t len, sp_error *err);

/* Trust the platform's default CA locations (OpenSSL's default paths). */
int sp_ctx_use_system_roots(sp_ctx *ctx, sp_error *err);

/*
 * Make `dst` use the very same trust store as `src` (shared, reference
 * counted, never copied). Used to build one root store per process and
 * share it with every context that has no `ca` of its own.
 */
int sp_ctx_share_trust(sp_ctx *dst, const sp_ctx *src, sp_error *err);

/* OpenSSL cipher list (TLS 1.2 and below) and TLS 1.3 suites. */
int sp_ctx_set_ciphers(sp_ctx *ctx, const char *list, sp_error *err);
int sp_ctx_set_ciphersuites(sp_ctx *ctx, const char *list, sp_error *err);
/* Key-exchange groups, colon separated ("X25519:P-256"). */
int sp_ctx_set_groups(sp_ctx *ctx, const char *list, sp_error *err);
/* Extra SSL_OP_* bits to set (e.g. server cipher preference). */
int sp_ctx_set_options(sp_ctx *ctx, uint64_t ssl_options, sp_error *err);

/* ---- connections -------------------------------------------------------- */

typedef struct sp_conn sp_conn;

enum { SP_ROLE_CLIENT = 0, SP_ROLE_SERVER = 1 };

/* Verification flags for sp_conn_set_verify(). */
enum {
  SP_VERIFY_NONE = 0,
  /* Ask for / check the peer's certificate and record the result
   * (sp_conn_verify_result); the handshake goes on even when it fails:
   * the caller decides afterwards, as Node's rejectUnauthorized does. */
  SP_VERIFY_PEER = 1,
  /* Server: fail the handshake if the client sends no certificate. */
  SP_VERIFY_REQUIRE_CERT = 2,
  /* Abort the handshake with the matching alert when verification fails. */
  SP_VERIFY_ENFORCE = 4
};

/*
 * A new connection on `ctx` (the connection takes its own reference).
 * Clients default to SP_VERIFY_PEER, servers to SP_VERIFY_NONE.
 * Read/write buffers are released while idle (SSL_MODE_RELEASE_BUFFERS).
 */
sp_conn *sp_conn_new(sp_ctx *ctx, int role, sp_error *err);
void sp_conn_free(sp_conn *conn);

int sp_conn_set_verify(sp_conn *conn, int flags);
/* Client: the SNI name to send (NULL or "" sends none). */
int sp_conn_set_servername(sp_conn *conn, const char *name);

/* Queue ciphertext received from the peer. SP_OK, or SP_ERROR. */
int sp_conn_feed(sp_conn *conn, const void *data, size_t len);

/*
 * The transport reached end of file. Returns SP_CLOSED when that happened
 * on a record boundary (nothing partial buffered), SP_ERROR (code
 * ERR_SSL_UNEXPECTED_EOF_WHILE_READING) when a record was cut short or the
 * handshake was not finished.
 * Call it once sp_conn_read() has consumed what was fed (it returned
 * SP_WANT_READ): any byte still buffered then counts as a record cut short.
 * Afterwards reads return SP_CLOSED and feeding more is an SP_EK_ARG error.
 */
int sp_conn_feed_eof(sp_conn *conn);

/*
 * Start or continue the handshake. SP_OK once it is complete,
 * SP_WANT_READ when it needs the peer's next flight (drain output first!),
 * SP_ERROR on failure. A client calls this once to produce its ClientHello.
 */
int sp_conn_handshake(sp_conn *conn);

/*
 * Plaintext out. Continues the handshake if needed and processes
 * post-handshake messages (tickets, key updates, renegotiation).
 * SP_OK with *nread > 0, SP_WANT_READ (nothing yet), SP_CLOSED (peer's
 * close_notify; sticky, not an error), SP_ERROR.
 */
int sp_conn_read(sp_conn *conn, void *buf, size_t cap, size_t *nread);

/*
 * Plaintext in. Writes all of len (split into records) or fails:
 * SP_OK with *nwritten == len, SP_WANT_READ if the handshake is not done
 * yet or a renegotiation is under way and needs the peer (nothing was
 * taken: call again once it is done), SP_ERROR. Writing after sp_conn_shutdown() is
 * SP_ERROR with code ERR_SSL_PROTOCOL_IS_SHUTDOWN.
 */
int sp_conn_write(sp_conn *conn, const void *buf, size_t len, size_t *nwritten);

/* Queue our close_notify. SP_OK (idempotent) or SP_ERROR; during the
 * handshake that is SP_ERROR with ERR_SSL_SHUTDOWN_WHILE_IN_INIT. During a
 * renegotiation it is SP_WANT_READ: call again once that is done. */
int sp_conn_shutdown(sp_conn *conn);

/* Ciphertext waiting to be sent to the peer. */
size_t sp_conn_output_pending(const sp_conn *conn);
/* Zero-copy view of all pending output; valid until the next call on conn. */
size_t sp_conn_output_peek(sp_conn *conn, const uint8_t **data);
void sp_conn_output_consume(sp_conn *conn, size_t n);
/* Copy out up to cap bytes and consume them; returns the count. */
size_t sp_conn_output_take(sp_conn *conn, void *buf, size_t cap);

/*
 * Things that happened since the last call, as a bitmask of SP_EV_*; the
 * call clears them. Lets the caller raise events without the engine calling
 * back into it from inside OpenSSL.
 */
enum {
  SP_EV_HANDSHAKE_START = 1 << 0, /* a (re)negotiation began (not TLS 1.3 post-handshake messages) */
  SP_EV_HANDSHAKE_DONE = 1 << 1,  /* a handshake (first or renegotiated) finished */
  SP_EV_PEER_CLOSED = 1 << 2,     /* close_notify received */
  SP_EV_CLIENT_HELLO = 1 << 3     /* a ClientHello arrived and the pause began */
};
unsigned sp_conn_take_events(sp_conn *conn);

/* The sticky error, or NULL if none occurred. */
const sp_error *sp_conn_error(const sp_conn *conn);

/* ---- connection state --------------------------------------------------- */

int sp_conn_is_server(const sp_conn *conn);
int sp_conn_handshake_done(const sp_conn *conn);
/* "TLSv1.3", "TLSv1.2", ... ; NULL before the handshake is done. */
const char *sp_conn_protocol(const sp_conn *conn);

typedef struct sp_cipher_info {
  const char *name;          /* OpenSSL name, "TLS_AES_256_GCM_SHA384" */
  const char *standard_name; /* IANA/RFC name */
  const char *version;       /* "TLSv1.3" (the suite's minimum protocol) */
  int bits;
} sp_cipher_info;
/* SP_OK and filled once a cipher is negotiated, else SP_ERROR. */
int sp_conn_cipher(const sp_conn *conn, sp_cipher_info *out);

/* SNI: what the client sent (server side) or asked for (client side). */
const char *sp_conn_servername(const sp_conn *conn);

/* X509_V_OK (0) or the X509_V_ERR_* verdict; describe with
 * sp_error_from_verify(). When several checks fail, the last one is the
 * answer (as SSL_get_verify_result and Node report it). When the peer sent
 * no certificate the answer is X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT (code
 * "UNABLE_TO_GET_ISSUER_CERT", what Node reports), except on a PSK suite or
 * a TLS 1.3 resumption, where there is nothing to verify (X509_V_OK). */
long sp_conn_verify_result(const sp_conn *conn);
/* 1 if the peer presented a certificate. */
int sp_conn_has_peer_cert(const sp_conn *conn);

/* ---- the ClientHello pause and SNI (hello.c) ----------------------------- */

/*
 * Server: stop when the first ClientHello arrives, before OpenSSL acts on
 * it, so the caller can look at it (sp_conn_hello), pick another context
 * (sp_conn_set_ctx), do slow work (a session lookup, a certificate fetch)
 * and then go on (sp_conn_resume_hello). While paused, sp_conn_handshake()
 * and sp_conn_read() answer SP_WANT_HELLO without touching the engine;
 * sp_conn_feed() keeps buffering. SP_EV_CLIENT_HELLO is raised when the
 * pause begins. Only the first handshake pauses, never a renegotiation.
 * Set it before the ClientHello is fed; on = 0 while paused resumes.
 * Clients and late calls are SP_ERROR (SP_EK_ARG).
 */
int sp_conn_set_hello_pause(sp_conn *conn, int on);

/* What the client's hello asked for. Pointers belong to the connection. */
typedef struct sp_hello {
  const char *servername;    /* SNI host name, NULL if none or malformed */
  const uint8_t *session_id; /* legacy session id (may be empty) */
  size_t session_id_len;
  const uint8_t *alpn;       /* ALPN list in wire format (length-prefixed
                                names), NULL if none or malformed */
  size_t alpn_len;
  int ticket;                /* a non-empty SessionTicket extension came */
} sp_hello;

/*
 * SP_OK and *out filled while paused; servername stays valid afterwards
 * (for the life of the connection), the rest is cleared on resume.
 * SP_ERROR (not sticky) when no ClientHello was captured.
 */
int sp_conn_hello(const sp_conn *conn, sp_hello *out);

/*
 * Serve this connection from `ctx` instead (SNI): its certificates, keys,
 * trust store and CA names for CertificateRequest; the connection's own
 * settings (verification flags, options, session cache of the first
 * context) stay. Only on a server, before the ClientHello was processed
 * (typically while paused). The connection takes a reference on ctx.
 */
int sp_conn_set_ctx(sp_conn *conn, sp_ctx *ctx, sp_error *err);

/* Clear the pause; the next sp_conn_handshake()/sp_conn_read() goes on with
 * the buffered ClientHello. SP_OK (also when not paused) or SP_ERROR. */
int sp_conn_resume_hello(sp_conn *conn);

/* ---- ALPN and NPN (alpn.c) ------------------------------------------------ */

/*
 * Protocol lists are in wire format: each name preceded by its length
 * (1..255 bytes), e.g. "\x02h2\x08http/1.1". An empty list (len 0) clears.
 *
 * ALPN. Client: the protocols offered. Server: the protocols accepted, in
 * preference order; the first of them the client offered is chosen, and
 * when the client offered none of them the handshake fails with a
 * no_application_protocol alert (RFC 7301; Node 20 does the same). A
 * client that sends no ALPN, or a server without a list, negotiates none.
 */
int sp_conn_set_alpn_protos(sp_conn *conn, const uint8_t *wire, size_t len);
/*
 * Server: the answer is already decided (e.g. by the application during the
 * ClientHello pause): `proto` (one name, not length-prefixed) if the client
 * offered it, else the handshake fails with a no_application_protocol
 * alert; proto == NULL refuses every protocol with that alert. Overrides
 * sp_conn_set_alpn_protos() for this connection.
 */
int sp_conn_select_alpn(sp_conn *conn, const uint8_t *proto, size_t len);
/* The negotiated protocol (not NUL-terminated), NULL if none. */
const uint8_t *sp_conn_alpn_selected(const sp_conn *conn, size_t *len);

/*
 * NPN (TLS 1.2 and below; TLS 1.3 has no NPN). Server: the protocols to
 * advertise. Client: the protocols wanted; the first of the server's list
 * that is also in ours is chosen, else our first (NPN lets a client pick
 * outside the server's list). On a client this also makes every later
 * connection of the same context offer NPN (OpenSSL keeps that switch on
 * the context); those without a list of their own take the server's first
 * protocol.
 */
int sp_conn_set_npn_protos(sp_conn *conn, const uint8_t *wire, size_t len);
const uint8_t *sp_conn_npn_selected(const sp_conn *conn, size_t *len);

/* ---- renegotiation and key update (reneg.c) ------------------------------ */

/*
 * TLS 1.2 and below: start a new handshake on an established connection
 * (client: a new ClientHello; server: a HelloRequest) and queue its first
 * message as output. SP_OK, or SP_REFUSED when it cannot start (TLS 1.3,
 * handshake not done, one already under way, the peer lacks secure
 * renegotiation): *why says why (when not NULL) and the connection is
 * unharmed. SP_ERROR only on a dead connection. Servers refuse a client's
 * renegotiation unless the context has SSL_OP_ALLOW_CLIENT_RENEGOTIATION.
 * A server's renegotiation is always a full handshake (never a session
 * resumption), so that new settings such as a certificate request apply.
 */
int sp_conn_renegotiate(sp_conn *conn, sp_error *why);

/*
 * TLS 1.3: send a KeyUpdate now (queued as output); with
 * request_peer_update the peer is asked to update its keys too. SP_OK, or
 * SP_REFUSED (not TLS 1.3, handshake not done, an update already pending)
 * with *why filled; the connection is unharmed.
 */
int sp_conn_key_update(sp_conn *conn, int request_peer_update, sp_error *why);

/* ---- sessions and resumption (session.c) ------------------------------- */

/*
 * Contexts keep sessions the way Node's do. A client remembers nothing by
 * itself: the caller keeps what SP_EV_NEW_SESSION hands out and offers it
 * again with sp_conn_set_session(). A server has no session-id cache of
 * its own: it resumes from tickets (stateless, sealed with the context's
 * ticket keys, random unless set) or from the caller's external cache
 * (SP_EV_NEW_SESSION on the server, sp_conn_set_resume_session() during
 * the ClientHello pause). Sessions travel as DER (i2d_SSL_SESSION), the
 * bytes Node's getSession() gives, so either side can read the other's.
 */

/* Server: the session id context (1..32 bytes; sessions resume only where
 * it is the same). The default is random per context. */
int sp_ctx_set_session_id_context(sp_ctx *ctx, const void *sid_ctx,
                                  size_t len, sp_error *err);
/* Lifetime of the sessions and tickets this context makes, in seconds
 * (OpenSSL's default is 300; 0 means they expire at once). */
int sp_ctx_set_session_timeout(sp_ctx *ctx, long seconds, sp_error *err);

/*
 * Ticket keys, 48 bytes laid out as Node's: a 16-byte key name, a 16-byte
 * HMAC-SHA256 key, a 16-byte AES-128-CBC key. Servers sharing them (and
 * the session id context) resume each other's tickets, Node's included.
 * A ticket sealed under another name is ignored (full handshake).
 */
#define SP_TICKET_KEYS_LEN 48
int sp_ctx_set_ticket_keys(sp_ctx *ctx, const uint8_t *keys, size_t len,
                           sp_error *err);
/* Copies the current keys into keys[SP_TICKET_KEYS_LEN]. SP_OK/SP_ERROR. */
int sp_ctx_get_ticket_keys(const sp_ctx *ctx, uint8_t *keys);

/*
 * Client, before the handshake: offer this session (DER) for resumption.
 * SP_OK when it will be offered; SP_REFUSED (connection unharmed, nothing
 * offered) when the bytes are not a session, as Node quietly ignores a
 * damaged one, or when the handshake has already begun. On a server:
 * SP_ERROR (SP_EK_ARG).
 */
int sp_conn_set_session(sp_conn *conn, const void *der, size_t len);
/*
 * The connection's current session as DER. Returns the size it takes (0:
 * no session); writes it to buf only when cap is large enough, so call
 * once with cap 0 to learn the size.
 */
size_t sp_conn_session(const sp_conn *conn, void *buf, size_t cap);
/* 1 if the handshake resumed a session. */
int sp_conn_session_reused(const sp_conn *conn);
/* The session ticket the client holds (NULL, *len 0 when none); valid
 * until the next call on conn. */
const uint8_t *sp_conn_session_ticket(const sp_conn *conn, size_t *len);

/*
 * New sessions as events. With SP_SESSION_EVENTS on, each session OpenSSL
 * makes (client: each ticket or TLS 1.2 session; server: each session it
 * would store, stateful or ticket) is queued and SP_EV_NEW_SESSION raised;
 * take them with sp_conn_take_session(). A server may add
 * SP_SESSION_HOLD: from the moment a session is queued, output is held
 * back (sp_conn_output_peek() and _pending() see none) until
 * sp_conn_release_output(), so the peer cannot resume a session before the
 * caller has stored it (Node's 'newSession' waits the same way). A failed
 * connection's output is never held.
 */
enum { SP_SESSION_EVENTS = 1, SP_SESSION_HOLD = 2 };
enum { SP_EV_NEW_SESSION = 1 << 12 };
int sp_conn_set_session_events(sp_conn *conn, int flags);

typedef struct sp_session {
  uint8_t *der; /* the session, DER (owned) */
  size_t der_len;
  uint8_t id[32]; /* its session id (for a server's cache key) */
  size_t id_len;
  /* Made while a handshake ran (a TLS 1.2 session, at its end): report it
   * before that handshake's SP_EV_HANDSHAKE_DONE. 0 for a session made
   * after it (TLS 1.3 tickets: OpenSSL issues them once it is done). */
  int during_handshake;
} sp_session;
/* SP_OK and *out filled (free with sp_session_free) when a session was
 * waiting; SP_WANT_READ when none is. Oldest first. */
int sp_conn_take_session(sp_conn *conn, sp_session *out);
/* The oldest waiting session, left in place (owned by conn, valid until
 * the next take), or NULL. */
const sp_session *sp_conn_peek_session(const sp_conn *conn);
void sp_session_free(sp_session *session);
/* SP_SESSION_HOLD: let the held output go. SP_OK. */
int sp_conn_release_output(sp_conn *conn);

/*
 * Server, before the ClientHello is processed (during the pause): the
 * session the caller's cache holds for the hello's session id (DER). It is
 * used if OpenSSL looks that id up and the ids match. SP_OK, SP_REFUSED
 * when the bytes are not a session (connection unharmed), SP_ERROR on a
 * client.
 */
int sp_conn_set_resume_session(sp_conn *conn, const void *der, size_t len);

/* ---- more credentials (credentials.c) ----------------------------------- */

/*
 * PKCS#12 (DER): its key and certificate become one more key/certificate
 * pair (by algorithm, as with PEM); the other certificates in it are sent
 * as the chain (ordered leaf upwards), trusted as CAs and named in
 * CertificateRequest, as Node does. passphrase may be NULL (no passphrase
 * or an empty one). A wrong one fails with ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE.
 * A context sharing another's trust store gets a copy of it first.
 */
int sp_ctx_use_pkcs12(sp_ctx *ctx, const void *der, size_t len,
                      const char *passphrase, sp_error *err);

/*
 * Certificate revocation lists in PEM (one or many): added to the trust
 * store, and every certificate of a peer's chain is then checked against
 * them (a CRL is needed for each issuer: X509_V_FLAG_CRL_CHECK_ALL, as in
 * Node). A revoked certificate fails verification with CERT_REVOKED.
 * A context sharing another's trust store gets a copy of it first.
 */
int sp_ctx_add_crl_pem(sp_ctx *ctx, const void *pem, size_t len,
                       sp_error *err);

/*
 * Finite-field Diffie-Hellman parameters (PEM "DH PARAMETERS") for the
 * DHE suites; without them (or auto) a server negotiates no DHE suite.
 * *bits (may be NULL) gets the prime's size; the size policy is the
 * caller's. sp_ctx_set_dh_auto() lets OpenSSL pick RFC 7919 groups sized
 * to the certificate.
 */
int sp_ctx_set_dh_params_pem(sp_ctx *ctx, const void *pem, size_t len,
                             int *bits, sp_error *err);
int sp_ctx_set_dh_auto(sp_ctx *ctx, sp_error *err);

/* Signature algorithms offered and accepted, OpenSSL's list syntax
 * ("ECDSA+SHA256:RSA-PSS+SHA256:ed25519"). */
int sp_ctx_set_sigalgs(sp_ctx *ctx, const char *list, sp_error *err);

/* The key exchange of the handshake, as Node's getEphemeralKeyInfo(). */
typedef struct sp_key_info {
  const char *type; /* "DH", "ECDH", or NULL when unknown / no exchange */
  const char *name; /* ECDH: "prime256v1", "X25519", ...; DH: NULL */
  int size;         /* bits */
} sp_key_info;
/* Client, after the handshake: the server's ephemeral key. SP_OK and *out
 * filled, or SP_ERROR (nothing known: server side, no handshake yet). */
int sp_conn_ephemeral_key(const sp_conn *conn, sp_key_info *out);

/* ---- certificates as plain data ---------------------------------------- */

typedef struct sp_name_entry {
  char *key;   /* short name ("CN", "O", "emailAddress") or dotted OID */
  char *value; /* UTF-8; a NUL inside the value is spelled "\0" */
} sp_name_entry;

/*
 * Everything Node puts in a peer-certificate object, precomputed.
 * Strings are NUL-terminated UTF-8; absent fields are NULL / 0.
 */
typedef struct sp_cert {
  sp_name_entry *subject;
  size_t subject_count;
  sp_name_entry *issuer;
  size_t issuer_count;
  char *subjectaltname;  /* "DNS:a.example, IP Address:127.0.0.1"; a name
                            holding ',', quotes or controls is JSON-quoted
                            as Node does: DNS:"a\u002c b" */
  char *infoaccess;      /* lines "OCSP - URI:http://..." joined by '\n' */
  char *valid_from;      /* "Nov 11 09:52:22 2009 GMT" */
  char *valid_to;
  char *serial_number;   /* upper-case hex, no separators */
  char *fingerprint;     /* SHA-1, "2A:7A:...:DF" */
  char *fingerprint256;  /* SHA-256, same format */
  char *fingerprint512;  /* SHA-512, same format */
  char **ext_key_usage;  /* dotted OIDs */
  size_t ext_key_usage_count;
  int ca;                /* basicConstraints CA:TRUE */
  int bits;              /* public key size */
  char *modulus;         /* RSA: upper-case hex */
  char *exponent;        /* RSA: "0x10001" */
  char *asn1_curve;      /* EC: "prime256v1" */
  char *nist_curve;      /* EC: "P-256" */
  uint8_t *pubkey;       /* RSA: DER RSAPublicKey SPKI; EC: encoded point */
  size_t pubkey_len;
  uint8_t *raw;          /* the certificate, DER */
  size_t raw_len;
  int self_issued;       /* subject == issuer */
} sp_cert;

/* The peer's leaf certificate; NULL (and no error) if it sent none. */
sp_cert *sp_conn_peer_cert(const sp_conn *conn, sp_error *err);
/* Our own certificate on this connection; NULL if none. */
sp_cert *sp_conn_local_cert(const sp_conn *conn, sp_error *err);
/*
 * The peer's chain, leaf first: the verified chain when verification
 * succeeded, else what the peer sent. *certs is an array of *count owned
 * pointers; free with sp_cert_chain_free(). SP_OK (count may be 0) or SP_ERROR.
 */
int sp_conn_peer_chain(const sp_conn *conn, sp_cert ***certs, size_t *count,
                       sp_error *err);
void sp_cert_free(sp_cert *cert);
void sp_cert_chain_free(sp_cert **certs, size_t count);

/* Parse one PEM or DER certificate into an sp_cert (used by tests, tools). */
sp_cert *sp_cert_from_pem(const void *pem, size_t len, sp_error *err);

/* ---- small devices: pre-shared keys (psk.c) ----------------------------- */

/* Limits OpenSSL puts on a PSK identity (bytes, without the NUL) and key. */
#define SP_PSK_MAX_IDENTITY_LEN 256
#define SP_PSK_MAX_KEY_LEN 512

/*
 * One static pre-shared key on a context (TLS 1.2 PSK suites and TLS 1.3
 * external PSK). A client offers `identity` with `key`; a server accepts
 * exactly that identity (any identity when `identity` is NULL) with `key`.
 * The PSK suites, which the default list leaves out, are added to the end
 * of the context's current TLS 1.2 cipher list, so certificate suites stay
 * preferred where the peer can use both. TLS 1.3 needs no change: its PSK
 * runs on any SHA-256 suite. Call it again to replace the key.
 */
int sp_ctx_set_psk(sp_ctx *ctx, const char *identity, const void *key,
                   size_t key_len, sp_error *err);

/* Server: the identity hint sent in a TLS 1.2 PSK handshake (NULL: none). */
int sp_ctx_set_psk_identity_hint(sp_ctx *ctx, const char *hint, sp_error *err);
int sp_conn_set_psk_identity_hint(sp_conn *conn, const char *hint);

/*
 * Dynamic keys: hooks the engine calls from inside the handshake, i.e.
 * synchronously from sp_conn_handshake()/sp_conn_read() on that same
 * connection. They take precedence over a context's static key.
 *
 * Server: find the key for `identity` (NUL-terminated). `*key_len` holds
 * the room in `key` on entry and the key's length on return. Return SP_OK
 * with a key (1..room bytes), anything else to refuse the identity (the
 * handshake then fails with the alert the protocol wants). With TLS 1.3
 * the hook also sees the identities of resumption tickets; refuse those
 * it does not know.
 */
typedef int (*sp_psk_lookup_fn)(void *arg, sp_conn *conn, const char *identity,
                                uint8_t *key, size_t *key_len);
/*
 * Client: the identity and key to offer. `hint` is the server's TLS 1.2
 * identity hint, NULL when it sent none and always NULL for TLS 1.3 (whose
 * ClientHello carries the PSK before the server has spoken: a client that
 * may speak both versions can be asked twice). Write a NUL-terminated
 * identity of at most `identity_cap` - 1 bytes and the key as for the
 * server hook. SP_OK to use them, anything else to offer no PSK.
 */
typedef int (*sp_psk_client_fn)(void *arg, sp_conn *conn, const char *hint,
                                char *identity, size_t identity_cap,
                                uint8_t *key, size_t *key_len);
/* Install (fn != NULL) or remove a hook; each is for its own role only. */
int sp_conn_set_psk_lookup(sp_conn *conn, sp_psk_lookup_fn fn, void *arg);
int sp_conn_set_psk_client(sp_conn *conn, sp_psk_client_fn fn, void *arg);

/* 1 when the handshake authenticated with a pre-shared key (a TLS 1.2 PSK
 * suite or a TLS 1.3 external PSK) rather than a certificate. */
int sp_conn_used_psk(const sp_conn *conn);

/* ---- small devices: record sizes (debug.c) ------------------------------ */

/*
 * The largest plaintext we put in one record, 512..16384 (what Node's
 * setMaxSendFragment() accepts). Anything else is SP_EK_ARG.
 */
int sp_conn_set_max_send_fragment(sp_conn *conn, size_t size);
/*
 * Client: ask the server, with the RFC 6066 max_fragment_length
 * extension, for records of at most `size` plaintext bytes: 512, 1024,
 * 2048 or 4096 (0 asks for nothing). A server that agrees sends records no
 * larger, and both sides keep to it. Before the handshake only.
 */
int sp_conn_set_max_fragment_length(sp_conn *conn, unsigned size);
/* The negotiated max_fragment_length (512..4096), 0 when none was agreed. */
unsigned sp_conn_max_fragment_length(const sp_conn *conn);

/* ---- small devices: debugging (debug.c) ---------------------------------- */

/*
 * More sp_conn_take_events() bits: lines wait in a queue on the connection
 * and the caller takes them out after each call, as with output. Nothing
 * is queued unless switched on.
 */
enum {
  SP_EV_KEYLOG = 1 << 8, /* key log line(s) queued: sp_conn_keylog_peek() */
  SP_EV_TRACE = 1 << 9   /* protocol trace text queued: sp_conn_trace_peek() */
};

/*
 * Key log lines in the NSS format Wireshark reads ("CLIENT_RANDOM ...",
 * "CLIENT_HANDSHAKE_TRAFFIC_SECRET ...", one per secret). Switching it on
 * installs the engine's key log callback on the connection's context (the
 * callback serves only connections that asked). Secrets made before the
 * call are not logged.
 */
int sp_conn_set_keylog(sp_conn *conn, int enable);
/* The oldest queued line (no newline, NUL-terminated) and its length; 0
 * when none. Valid until sp_conn_keylog_pop() or sp_conn_free(). */
size_t sp_conn_keylog_peek(const sp_conn *conn, const char **line);
void sp_conn_keylog_pop(sp_conn *conn);

/*
 * OpenSSL's protocol trace (what `openssl s_client -trace` prints): every
 * message and record, decoded, as text. SP_ERROR (SP_EK_ARG) when OpenSSL
 * was built without it. The text is capped at 1 MiB between two takes;
 * beyond that a line saying so replaces what was dropped.
 */
int sp_conn_set_trace(sp_conn *conn, int enable);
/* All trace text queued so far (zero-copy, not NUL-terminated), then
 * consume what was handed out. */
size_t sp_conn_trace_peek(sp_conn *conn, const char **text);
void sp_conn_trace_consume(sp_conn *conn, size_t n);

/* ---- small devices: a generated certificate (selfsigned.c) ------------- */

/*
 * Give a context a self-signed certificate and key made in memory: an
 * EC P-256 key, SHA-256 signature, valid from an hour ago for ten years,
 * subject CN = `common_name` ("localhost" when NULL) also in
 * subjectAltName. Made at first use and cached per process (one pair per
 * name asked for last; contexts keep what they were given). For servers
 * that have no certificate of their own, as small devices often do.
 */
int sp_ctx_use_generated_selfsigned(sp_ctx *ctx, const char *common_name,
                                    sp_error *err);

/* ---- DTLS 1.2 (dgram.c) ------------------------------------------------ */

/*
 * A context made with SP_TRANSPORT_DTLS speaks DTLS 1.2 only (the protocol
 * range accepts SP_TLS1_2_VERSION or 0 and nothing else). Keys,
 * certificates, CAs, ciphers, PSK and verification work as on TLS. A
 * connection on it differs in its data path, because UDP keeps message
 * boundaries and may lose, repeat or reorder datagrams:
 *
 *  - sp_conn_feed() takes exactly ONE received datagram (an empty one is
 *    ignored, one over 65535 bytes is SP_EK_ARG). Up to 64 datagrams wait
 *    unread; beyond that the newest is dropped, as a full socket buffer
 *    would drop it (DTLS recovers by retransmission).
 *  - Output is a queue of datagrams: sp_conn_output_peek() (or its alias
 *    sp_conn_output_datagram()) shows the OLDEST datagram only, and
 *    sp_conn_output_consume() with any n > 0 removes that whole datagram.
 *    Send each one as one UDP datagram, then consume it; repeat until peek
 *    gives 0. sp_conn_output_pending() is the bytes of all of them and
 *    sp_conn_output_datagrams() their number. sp_conn_output_take() copies
 *    the oldest datagram (truncated to cap, like recvfrom) and removes it.
 *    A caller that never drains loses the oldest of more than 512.
 *  - One sp_conn_write() is one record, i.e. one datagram, up to 16384
 *    bytes (a longer one is SP_REFUSED: nothing sent, connection
 *    unharmed). Records are not split to fit the MTU: keep messages
 *    within sp_conn_dtls_data_mtu() or the datagram is bigger than the MTU
 *    (IP fragments it). The peer's sp_conn_read() (with a buffer of 16384
 *    bytes or more) returns each record's plaintext whole, once:
 *    duplicates and replays are dropped by DTLS, lost application data is
 *    NOT resent.
 *  - Corrupt, truncated or foreign records are dropped silently (RFC 6347
 *    4.1.2.7): they never end the connection.
 *  - There is no end of file: sp_conn_shutdown() sends close_notify, the
 *    peer's arrives as SP_CLOSED from sp_conn_read().
 *  - Handshake flights are retransmitted on a timer the caller drives
 *    (sp_conn_dtls_timeout / sp_conn_dtls_handle_timeout).
 */

/* The largest datagram OpenSSL may produce unless told otherwise: fits
 * IPv4 and IPv6 over Ethernet with room for a tunnel header. */
#define SP_DTLS_DEFAULT_MTU 1400
#define SP_DTLS_MIN_MTU 256 /* OpenSSL's floor */
#define SP_DTLS_MAX_PEER_ID_LEN 64
#define SP_DTLS_MIN_COOKIE_SECRET 16
#define SP_DTLS_MAX_COOKIE_SECRET 64

/*
 * The largest UDP payload this connection may send, 256..65535 (what the
 * caller knows of its path: 1280 - 48 for IPv6 minimum links, less on
 * 6LoWPAN). Handshake messages bigger than that (a certificate chain) are
 * fragmented across datagrams each no larger. OpenSSL is never asked to
 * probe the path itself (SSL_OP_NO_QUERY_MTU): the engine does no I/O.
 * Not for TLS connections (SP_EK_ARG).
 */
int sp_conn_set_mtu(sp_conn *conn, size_t mtu);

/* After the handshake: the most plaintext one write can carry without
 * its datagram exceeding the MTU (the suite's overhead taken off). 0
 * before the handshake or on TLS. */
size_t sp_conn_dtls_data_mtu(const sp_conn *conn);

/*
 * Retransmission timers. The caller owns the clock and the core never
 * sleeps: after each call that may have sent a flight (handshake, read,
 * handle_timeout), ask sp_conn_dtls_timeout() when the next
 * retransmission is due and arm one timer for it; when it fires, call
 * sp_conn_dtls_handle_timeout() and drain the output.
 *
 * sp_conn_dtls_timeout(): SP_OK with *ms = milliseconds until the
 * retransmission is due (0: now), or SP_REFUSED when no timer runs (not
 * waiting for the peer, handshake done, TLS connection, failed; *ms is
 * then 0, which is no wait to arm: check the status). OpenSSL
 * measures expiry with the system clock; *ms is rounded up so a timer set
 * for it always finds the retransmission due.
 * sp_conn_dtls_handle_timeout(): resend the last flight into the output
 * queue if it is due (else nothing happens). SP_OK; SP_ERROR
 * (ERR_SSL_READ_TIMEOUT_EXPIRED) when the peer did not answer 12
 * retransmissions: the handshake has failed.
 */
int sp_conn_dtls_timeout(const sp_conn *conn, uint64_t *ms);
int sp_conn_dtls_handle_timeout(sp_conn *conn);

/*
 * The retransmission policy: the first wait and the cap it doubles up to,
 * in ms (20 <= initial <= max <= 3600000). 0, 0 restores OpenSSL's own:
 * 1 s doubling to 60 s, as RFC 6347 recommends. CoAP-style devices and
 * tests on a simulated network want shorter ones. (OpenSSL counts a timer
 * with under 15 ms left as run out, and also checks it inside every read:
 * shorter waits would burn all 12 retries inside one call.)
 */
#define SP_DTLS_MIN_RETRANSMIT_MS 20
int sp_conn_set_dtls_retransmit(sp_conn *conn, unsigned initial_ms,
                                unsigned max_ms);

/* The oldest output datagram (same as sp_conn_output_peek on DTLS). */
size_t sp_conn_output_datagram(sp_conn *conn, const uint8_t **data);
/* How many output datagrams wait (0 on a TLS connection). */
size_t sp_conn_output_datagrams(const sp_conn *conn);

/*
 * Server cookies (RFC 6347 4.2.1): a server answers a ClientHello without
 * a valid cookie with a HelloVerifyRequest and keeps NO state, so that
 * spoofed source addresses cannot make it allocate connections or send
 * big flights to victims. cookie = HMAC-SHA256(secret, peer id), 32 bytes.
 *
 * sp_ctx_set_cookie_secret(): 16..64 random bytes. Calling it again
 * rotates: the new secret makes cookies, the one it replaces still
 * verifies them (a client between its two ClientHellos keeps working),
 * the one before is forgotten. Rotate every few minutes.
 */
int sp_ctx_set_cookie_secret(sp_ctx *ctx, const void *secret, size_t len,
                             sp_error *err);

/*
 * The bytes identifying the peer (its address and port, in any stable
 * form up to 64 bytes: the "setpeerid" of the lua-mbedtls face). Cookies
 * bind to it; a server connection must get the same id the check used.
 */
int sp_conn_set_peer_id(sp_conn *conn, const void *id, size_t len);

/*
 * The stateless check a server runs on every datagram from a peer it has
 * no connection for (ctx needs a cookie secret). Nothing is kept between
 * calls. *reply_len holds the room in `reply` (256 bytes always suffice)
 * on entry and the reply's length on return.
 *   SP_OK          a ClientHello with a valid cookie: create a server
 *                  connection, sp_conn_set_peer_id() with the same id, and
 *                  feed it this same datagram.
 *   SP_WANT_WRITE  a ClientHello without a (valid) cookie: send `reply`
 *                  (a HelloVerifyRequest) back to the peer and forget it.
 *   SP_REFUSED     anything else (garbage, a truncated record, a TLS
 *                  stream record, another handshake message): drop it.
 *   SP_ERROR       a bad argument (err filled).
 * A server connection on a context with a cookie secret also runs the
 * exchange itself before its handshake, so it stays safe (but stateful)
 * if the caller skips this check.
 */
int sp_dtls_check_client_hello(sp_ctx *ctx, const void *datagram, size_t len,
                               const void *peer_id, size_t peer_id_len,
                               uint8_t *reply, size_t *reply_len,
                               sp_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SECUREPAIR_H */
