/*
 * securepair core internals: the object layouts and the helpers the core's
 * files share. Nothing here is API; callers use securepair.h only.
 */
#ifndef SECUREPAIR_INTERNAL_H
#define SECUREPAIR_INTERNAL_H

#include "securepair.h"

#include <stdatomic.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#if defined(__GNUC__)
#define SP__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SP__PRINTF(fmt, args)
#endif

/* Our own error codes, for failures that do not come from OpenSSL. */
#define SP__CODE_INVALID_ARG "ERR_SP_INVALID_ARG"
#define SP__CODE_NOMEM "ERR_SP_NOMEM"
#define SP__CODE_INTERNAL "ERR_SP_INTERNAL"
#define SP__CODE_UNEXPECTED_EOF "ERR_SSL_UNEXPECTED_EOF_WHILE_READING"

struct sp_ctx {
  SSL_CTX *ssl_ctx;
  atomic_int refs;  /* connections may live on other threads than the owner */
  int shares_trust; /* the trust store belongs to another context: read-only */
  struct sp__psk_key *psk; /* psk.c: the static pre-shared key, or NULL */
  uint8_t ticket_keys[SP_TICKET_KEYS_LEN]; /* session.c: name, HMAC, AES */
  int transport;                 /* SP_TRANSPORT_* */
  struct sp__cookie_keys *cookies; /* dgram.c: DTLS cookie secrets, or NULL */
};

/* dgram.c: what a DTLS connection keeps besides its SSL. */
typedef struct sp__dtls {
  BIO *bio;            /* the datagram queue BIO (owned by the SSL) */
  unsigned initial_ms; /* retransmission policy; 0: OpenSSL's */
  unsigned max_ms;
  int cookie_done; /* server: the cookie exchange succeeded */
} sp__dtls;

/* hello.c: the ClientHello pause; what the hello asked for. */
enum { SP__HELLO_NONE = 0, SP__HELLO_PAUSED = 1, SP__HELLO_RESUMED = 2 };
typedef struct sp__hello_state {
  int pause;        /* stop at the first ClientHello */
  int state;        /* SP__HELLO_* */
  int seen;         /* the first ClientHello reached the callback */
  char *servername; /* kept for the connection's life */
  uint8_t session_id[SSL_MAX_SSL_SESSION_ID_LENGTH];
  size_t session_id_len;
  uint8_t *alpn; /* wire format; freed on resume */
  size_t alpn_len;
  int ticket;
  sp_ctx *ctx; /* the context switched to (counted), or NULL */
} sp__hello_state;

/* alpn.c: per-connection protocol lists (wire format, owned). */
typedef struct sp__protos {
  uint8_t *alpn; /* server: accepted, in preference order */
  size_t alpn_len;
  uint8_t *alpn_choice; /* server: the answer decided in advance */
  size_t alpn_choice_len;
  int alpn_decided; /* alpn_choice is the answer (NULL: refuse all) */
  uint8_t *npn;     /* server: advertised; client: wanted */
  size_t npn_len;
} sp__protos;

struct sp_conn {
  sp_ctx *ctx; /* counted reference */
  SSL *ssl;
  BIO *rbio;               /* ciphertext from the peer, read by OpenSSL */
  BIO *wbio;               /* ciphertext for the peer, written by OpenSSL */
  int verify_flags;        /* SP_VERIFY_* */
  long verify_error; /* the verify callback's latest X509_V_ERR_*, else X509_V_OK */
  unsigned events;         /* SP_EV_* not taken yet */
  int in_handshake;        /* a real (re)negotiation is under way */
  int handshake_completed; /* the first handshake has finished */
  int transport_eof;       /* sp_conn_feed_eof() was called */
  sp_error error;          /* sticky: kind is SP_EK_NONE while healthy */
  sp_psk_lookup_fn psk_lookup; /* psk.c: server hook, or NULL */
  sp_psk_client_fn psk_client; /* psk.c: client hook, or NULL */
  void *psk_lookup_arg;
  void *psk_client_arg;
  int psk_keyed;           /* psk.c: a PSK callback handed OpenSSL a key */
  struct sp__debug *debug; /* debug.c: keylog/trace queues, NULL until used */
  sp__hello_state hello;   /* hello.c */
  sp__protos protos;       /* alpn.c */
  struct sp__sessions *sessions; /* session.c: NULL until used */
  sp__dtls *dtls;                /* dgram.c: NULL on a TLS connection */
};

/* ---- error.c ------------------------------------------------------------ */

/*
 * Describe a failure that is not OpenSSL's (err may be NULL). Always
 * returns SP_ERROR so callers can `return sp__fail(...)`.
 */
int sp__fail(sp_error *err, int kind, const char *code, const char *fmt, ...)
    SP__PRINTF(4, 5);

/*
 * Describe the most telling error of this thread's OpenSSL queue and empty
 * the queue. Errors of `preferred_lib` (ERR_LIB_*, 0 for none) win over
 * those of the libraries underneath. When the queue holds nothing, the
 * fallback kind/code/message are used, so the description is never blank.
 * err may be NULL (the queue is emptied all the same). Returns SP_ERROR.
 */
int sp__fail_from_queue(sp_error *err, int preferred_lib, int fallback_kind,
                        const char *fallback_code,
                        const char *fallback_message);

/* A caller's argument is unusable: SP_EK_ARG, ERR_SP_INVALID_ARG. */
int sp__fail_arg(sp_error *err, const char *what);

/* An OpenSSL call failed: the queue explains it; `what` is the fallback
 * for the rare call that fails without queueing anything. */
int sp__fail_openssl(sp_error *err, const char *what);

/* Ends a successful call: nothing OpenSSL queued on the way (such as the
 * "no start line" that ends every PEM list) may leak to the next caller. */
int sp__ok(void);

/* ---- context.c ---------------------------------------------------------- */

/* What sp__passphrase_cb() is handed: the caller's passphrase, or NULL. */
typedef struct sp__passphrase {
  const char *text;
  int refused; /* OpenSSL asked and there was no passphrase to give */
} sp__passphrase;

/*
 * pem_password_cb: userdata is an sp__passphrase or NULL. Never prompts
 * (OpenSSL's default callback would, on a terminal).
 */
int sp__passphrase_cb(char *buf, int size, int rwflag, void *userdata);

/* ---- connection.c ------------------------------------------------------- */

/* Record the connection's first failure; later ones are dropped. SP_ERROR. */
int sp__conn_fail(sp_conn *conn, int kind, const char *code, const char *fmt,
                  ...) SP__PRINTF(4, 5);

/* The same, described from the OpenSSL queue (which ends up empty). */
int sp__conn_fail_from_queue(sp_conn *conn, int fallback_kind,
                             const char *fallback_code,
                             const char *fallback_message);

/* sp__fail_arg() for a connection: the failure sticks to it. */
int sp__conn_fail_arg(sp_conn *conn, const char *what);

/* A memory BIO as the engine wants it: an empty read means "no data yet". */
BIO *sp__new_mem_bio(void);

/* ---- hello.c, alpn.c ------------------------------------------------------ */

/* The callbacks every context carries for the handshake extensions (the
 * ClientHello pause, ALPN, NPN); they act per connection. 1 on success. */
int sp__ctx_install_extensions(SSL_CTX *ssl_ctx);
int sp__alpn_install(SSL_CTX *ssl_ctx);

/* Free what hello.c and alpn.c hold for a connection (at sp_conn_free). */
void sp__conn_release_extensions(sp_conn *conn);
void sp__protos_free(sp__protos *protos);

/* 1 while the connection waits at the ClientHello. */
int sp__hello_paused(const sp_conn *conn);
/* Whether the connection runs TLS 1.3 or later. DTLS version numbers count
 * down from 0xFEFF, so a plain comparison with TLS1_3_VERSION would count
 * DTLS 1.2 as newer than TLS 1.3. */
int sp__is_tls13(const SSL *ssl);


/* 1 if wire/len is a well-formed protocol list (non-empty names). */
int sp__protos_valid(const uint8_t *wire, size_t len);

/* ---- psk.c, debug.c ------------------------------------------------------ */

/* Free a context's static key (at its last unref) and a connection's debug
 * queues (at sp_conn_free). Both accept NULL members. */
void sp__psk_ctx_free(sp_ctx *ctx);
void sp__debug_free(sp_conn *conn);

/* Every context carries the key log callback (it serves only connections
 * that switched key logging on), so a context chosen by SNI logs too. */
void sp__debug_install(SSL_CTX *ssl_ctx);

/* ---- session.c, credentials.c -------------------------------------------- */

/* Every context's session settings: Node's cache mode (no internal server
 * cache), the new/get session callbacks, the ticket key callback over
 * random keys, and the SSL_CTX's app data pointing back at ctx. 1 on
 * success. */
int sp__session_ctx_init(sp_ctx *ctx);
/* A new connection's session settings (a client's session id context is
 * empty, so its sessions resume from any client context). 1 on success. */
int sp__session_conn_init(sp_conn *conn);
/* Free a connection's session state (at sp_conn_free). */
void sp__session_conn_free(sp_conn *conn);
/* 1 while SP_SESSION_HOLD keeps the connection's output back. */
int sp__output_held(const sp_conn *conn);

/* Give a context that shares another's trust store a copy of its own, so
 * it may add CAs and CRLs. SP_OK or SP_ERROR (err filled). */
int sp__ctx_own_trust(sp_ctx *ctx, sp_error *err);

/* ---- context.c: PEM helpers shared with credentials.c -------------------- */

/* A read-only BIO over pem/len; NULL (err filled) when empty or too big. */
BIO *sp__pem_bio(const void *pem, size_t len, const char *what, sp_error *err);
/* After reading a PEM list: 1 if it stopped on "no start line" (its end). */
int sp__pem_ended_cleanly(void);
/* Trust one CA and name it in CertificateRequest (once). 1 on success. */
int sp__add_ca(SSL_CTX *ssl_ctx, X509 *ca);
/* Install certs[0] as a leaf with the rest as its chain. 1 on success. */
int sp__install_chain(SSL_CTX *ssl_ctx, STACK_OF(X509) * certs);

/* ---- dgram.c: DTLS ------------------------------------------------------ */

/* A DTLS context's versions and cookie callbacks. 1 on success. */
int sp__dtls_ctx_init(sp_ctx *ctx);
/* Free a context's cookie secrets (at its last unref). */
void sp__dtls_ctx_free(sp_ctx *ctx);
/* Give a new connection on a DTLS context its datagram BIO, MTU and
 * timer policy (conn->rbio == conn->wbio). 1 on success. */
int sp__dtls_attach(sp_conn *conn);
void sp__dtls_free(sp_conn *conn);
/* io.c's data path on a DTLS connection: one datagram per feed, per
 * output peek/consume. */
int sp__dtls_feed(sp_conn *conn, const void *data, size_t len);
size_t sp__dtls_output_pending(const sp_conn *conn);
size_t sp__dtls_output_peek(sp_conn *conn, const uint8_t **data);
void sp__dtls_output_consume(sp_conn *conn, size_t n);
/* Server: run the cookie exchange before the first handshake step.
 * SP_OK to go on, SP_WANT_READ, or SP_ERROR. */
int sp__dtls_before_handshake(sp_conn *conn);

/* ---- x509.c ------------------------------------------------------------- */

/* A plain-data copy of `x` (NULL on failure, described in err). */
sp_cert *sp__cert_from_x509(X509 *x, sp_error *err);

#endif /* SECUREPAIR_INTERNAL_H */
