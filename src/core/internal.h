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
};

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

/* A memory BIO as the engine wants it: an empty read means "no data yet". */
BIO *sp__new_mem_bio(void);

/* ---- x509.c ------------------------------------------------------------- */

/* A plain-data copy of `x` (NULL on failure, described in err). */
sp_cert *sp__cert_from_x509(X509 *x, sp_error *err);

#endif /* SECUREPAIR_INTERNAL_H */
