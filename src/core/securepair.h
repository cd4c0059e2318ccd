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
 * export or anonymous suites, no compression, no session-id cache sharing
 * across contexts. Refcount starts at 1. DTLS is reserved for later.
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
 * A missing one gives Node's ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED, with a
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
 * yet and needs the peer, SP_ERROR. Writing after sp_conn_shutdown() is
 * SP_ERROR with code ERR_SSL_PROTOCOL_IS_SHUTDOWN.
 */
int sp_conn_write(sp_conn *conn, const void *buf, size_t len, size_t *nwritten);

/* Queue our close_notify. SP_OK (idempotent) or SP_ERROR; during the
 * handshake that is SP_ERROR with ERR_SSL_SHUTDOWN_WHILE_IN_INIT. */
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
  SP_EV_PEER_CLOSED = 1 << 2      /* close_notify received */
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

#ifdef __cplusplus
}
#endif
#endif /* SECUREPAIR_H */
