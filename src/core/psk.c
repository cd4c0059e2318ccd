/*
 * Pre-shared keys: a static key on a context (what a small device is
 * configured with) and per-connection hooks for keys looked up while the
 * handshake runs. Both go through OpenSSL's TLS 1.2 style PSK callbacks,
 * which OpenSSL 3 also uses for TLS 1.3 external PSKs (on SHA-256 suites),
 * so one mechanism covers both versions.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>

/*
 * Added to a context's list when a static key is set: forward-secret
 * (EC)DHE-PSK suites first, then plain PSK ones for the smallest peers.
 */
#define SP__PSK_CIPHERS                                                        \
  "ECDHE-PSK-CHACHA20-POLY1305:ECDHE-PSK-AES256-CBC-SHA384:"                   \
  "ECDHE-PSK-AES128-CBC-SHA256:DHE-PSK-AES256-GCM-SHA384:"                     \
  "DHE-PSK-AES128-GCM-SHA256:DHE-PSK-CHACHA20-POLY1305:"                       \
  "PSK-AES256-GCM-SHA384:PSK-AES128-GCM-SHA256:PSK-CHACHA20-POLY1305:"         \
  "PSK-AES128-CBC-SHA256"

struct sp__psk_key {
  char *identity; /* NULL: a server takes any identity */
  size_t key_len;
  uint8_t key[SP_PSK_MAX_KEY_LEN];
};

void sp__psk_ctx_free(sp_ctx *ctx) {
  if (ctx == NULL || ctx->psk == NULL)
    return;
  OPENSSL_cleanse(ctx->psk->key, sizeof ctx->psk->key);
  free(ctx->psk->identity);
  free(ctx->psk);
  ctx->psk = NULL;
}

static sp_conn *sp__conn_of(SSL *ssl) { return SSL_get_app_data(ssl); }

/* ---- the callbacks OpenSSL makes ----------------------------------------- */

/* A key a hook or the context produced, checked and handed to OpenSSL. */
static unsigned int sp__give_key(sp_conn *conn, int rc, size_t len,
                                 size_t room) {
  if (rc != SP_OK || len == 0 || len > room)
    return 0;
  conn->psk_keyed = 1;
  return (unsigned int)len;
}

static unsigned int sp__psk_server_cb(SSL *ssl, const char *identity,
                                      unsigned char *psk,
                                      unsigned int max_psk_len) {
  sp_conn *conn = sp__conn_of(ssl);
  const struct sp__psk_key *fixed;
  size_t len = max_psk_len;

  if (conn == NULL || psk == NULL)
    return 0;
  if (identity == NULL)
    identity = "";
  if (conn->psk_lookup != NULL) {
    int rc = conn->psk_lookup(conn->psk_lookup_arg, conn, identity, psk, &len);
    unsigned int given = sp__give_key(conn, rc, len, max_psk_len);
    if (given == 0)
      OPENSSL_cleanse(psk, max_psk_len);
    return given;
  }
  fixed = conn->ctx->psk;
  if (fixed == NULL ||
      (fixed->identity != NULL && strcmp(fixed->identity, identity) != 0) ||
      fixed->key_len > max_psk_len)
    return 0;
  memcpy(psk, fixed->key, fixed->key_len);
  return sp__give_key(conn, SP_OK, fixed->key_len, max_psk_len);
}

static unsigned int sp__psk_client_cb(SSL *ssl, const char *hint,
                                      char *identity,
                                      unsigned int max_identity_len,
                                      unsigned char *psk,
                                      unsigned int max_psk_len) {
  sp_conn *conn = sp__conn_of(ssl);
  const struct sp__psk_key *fixed;
  char chosen[SP_PSK_MAX_IDENTITY_LEN + 1];
  size_t len = max_psk_len, chosen_len;
  int rc;

  if (conn == NULL || identity == NULL || psk == NULL)
    return 0;
  memset(chosen, 0, sizeof chosen);
  if (conn->psk_client != NULL) {
    rc = conn->psk_client(conn->psk_client_arg, conn, hint, chosen,
                          sizeof chosen, psk, &len);
    chosen[sizeof chosen - 1] = '\0';
  } else {
    fixed = conn->ctx->psk;
    if (fixed == NULL || fixed->identity == NULL ||
        fixed->key_len > max_psk_len)
      return 0;
    snprintf(chosen, sizeof chosen, "%s", fixed->identity);
    memcpy(psk, fixed->key, fixed->key_len);
    len = fixed->key_len;
    rc = SP_OK;
  }
  chosen_len = strlen(chosen);
  /* OpenSSL's buffer holds max_identity_len bytes and the NUL. */
  if (rc != SP_OK || chosen_len == 0 || chosen_len > max_identity_len) {
    OPENSSL_cleanse(psk, max_psk_len);
    return 0;
  }
  memcpy(identity, chosen, chosen_len + 1);
  /*
   * For TLS 1.3 OpenSSL turns the key into a session of its own making,
   * with an empty session id context, and later insists that the session
   * it resumes matches the connection's context. Our contexts carry a
   * random one (for servers' sake); a client has no use for it, so this
   * connection drops it rather than fail its own PSK.
   */
  if (SSL_get_state(ssl) == TLS_ST_CW_CLNT_HELLO &&
      SSL_set_session_id_context(ssl, (const unsigned char *)"", 0) != 1) {
    OPENSSL_cleanse(psk, max_psk_len);
    return 0;
  }
  return sp__give_key(conn, SP_OK, len, max_psk_len);
}

/* ---- static key on a context ------------------------------------------- */

/* The context's TLS 1.2 cipher list with the PSK suites at its end. */
static int sp__enable_psk_ciphers(SSL_CTX *ssl_ctx) {
  STACK_OF(SSL_CIPHER) *ciphers = SSL_CTX_get_ciphers(ssl_ctx);
  size_t cap = sizeof SP__PSK_CIPHERS + 1, used = 0;
  char *list;
  int i, ok;

  for (i = 0; i < sk_SSL_CIPHER_num(ciphers); i++)
    cap += strlen(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(ciphers, i))) + 1;
  list = malloc(cap);
  if (list == NULL)
    return 0;
  for (i = 0; i < sk_SSL_CIPHER_num(ciphers); i++) {
    const SSL_CIPHER *cipher = sk_SSL_CIPHER_value(ciphers, i);
    /* TLS 1.3 suites live in their own list; PSK ones are added below. */
    if (strncmp(SSL_CIPHER_get_name(cipher), "TLS_", 4) == 0 ||
        SSL_CIPHER_get_auth_nid(cipher) == NID_auth_psk)
      continue;
    used += (size_t)snprintf(list + used, cap - used, "%s:",
                             SSL_CIPHER_get_name(cipher));
  }
  snprintf(list + used, cap - used, "%s", SP__PSK_CIPHERS);
  ok = SSL_CTX_set_cipher_list(ssl_ctx, list) == 1;
  free(list);
  return ok;
}

int sp_ctx_set_psk(sp_ctx *ctx, const char *identity, const void *key,
                   size_t key_len, sp_error *err) {
  struct sp__psk_key *fresh;

  if (ctx == NULL)
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG, "context is NULL");
  if (key == NULL || key_len == 0 || key_len > SP_PSK_MAX_KEY_LEN)
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG,
                    "a pre-shared key is 1 to %d bytes", SP_PSK_MAX_KEY_LEN);
  if (identity != NULL &&
      (identity[0] == '\0' || strlen(identity) > SP_PSK_MAX_IDENTITY_LEN))
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG,
                    "a PSK identity is 1 to %d bytes",
                    SP_PSK_MAX_IDENTITY_LEN);
  fresh = calloc(1, sizeof *fresh);
  if (fresh == NULL ||
      (identity != NULL && (fresh->identity = strdup(identity)) == NULL)) {
    free(fresh);
    return sp__fail(err, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  }
  memcpy(fresh->key, key, key_len);
  fresh->key_len = key_len;
  ERR_clear_error();
  if (!sp__enable_psk_ciphers(ctx->ssl_ctx)) {
    OPENSSL_cleanse(fresh->key, sizeof fresh->key);
    free(fresh->identity);
    free(fresh);
    return sp__fail_from_queue(err, 0, SP_EK_SSL, SP__CODE_INTERNAL,
                               "cannot enable the PSK cipher suites");
  }
  sp__psk_ctx_free(ctx);
  ctx->psk = fresh;
  SSL_CTX_set_psk_server_callback(ctx->ssl_ctx, sp__psk_server_cb);
  SSL_CTX_set_psk_client_callback(ctx->ssl_ctx, sp__psk_client_cb);
  ERR_clear_error();
  return SP_OK;
}

static int sp__hint_ok(const char *hint) {
  return hint == NULL || strlen(hint) <= SP_PSK_MAX_IDENTITY_LEN;
}

int sp_ctx_set_psk_identity_hint(sp_ctx *ctx, const char *hint, sp_error *err) {
  if (ctx == NULL || !sp__hint_ok(hint))
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG,
                    "a PSK identity hint is at most %d bytes",
                    SP_PSK_MAX_IDENTITY_LEN);
  ERR_clear_error();
  if (SSL_CTX_use_psk_identity_hint(ctx->ssl_ctx, hint) != 1)
    return sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM,
                               "cannot set the PSK identity hint");
  return SP_OK;
}

/* ---- per connection ------------------------------------------------------- */

static int sp__conn_usable(const sp_conn *conn) {
  return conn != NULL && conn->error.kind == SP_EK_NONE;
}

int sp_conn_set_psk_identity_hint(sp_conn *conn, const char *hint) {
  if (!sp__conn_usable(conn))
    return SP_ERROR;
  if (!SSL_is_server(conn->ssl))
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "only a server sends a PSK identity hint");
  if (!sp__hint_ok(hint))
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "a PSK identity hint is at most %d bytes",
                         SP_PSK_MAX_IDENTITY_LEN);
  ERR_clear_error();
  if (SSL_use_psk_identity_hint(conn->ssl, hint) != 1)
    return sp__conn_fail_from_queue(conn, SP_EK_NOMEM, SP__CODE_NOMEM,
                                    "cannot set the PSK identity hint");
  return SP_OK;
}

int sp_conn_set_psk_lookup(sp_conn *conn, sp_psk_lookup_fn fn, void *arg) {
  if (!sp__conn_usable(conn))
    return SP_ERROR;
  if (!SSL_is_server(conn->ssl))
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "a PSK lookup hook is for servers");
  conn->psk_lookup = fn;
  conn->psk_lookup_arg = arg;
  /* Without a hook the context's static key (if any) still answers. */
  SSL_set_psk_server_callback(conn->ssl, fn != NULL || conn->ctx->psk != NULL
                                             ? sp__psk_server_cb
                                             : NULL);
  return SP_OK;
}

int sp_conn_set_psk_client(sp_conn *conn, sp_psk_client_fn fn, void *arg) {
  if (!sp__conn_usable(conn))
    return SP_ERROR;
  if (SSL_is_server(conn->ssl))
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "a PSK client hook is for clients");
  conn->psk_client = fn;
  conn->psk_client_arg = arg;
  /* A client with no callback offers no PSK suite and no TLS 1.3 PSK. */
  SSL_set_psk_client_callback(conn->ssl, fn != NULL || conn->ctx->psk != NULL
                                             ? sp__psk_client_cb
                                             : NULL);
  return SP_OK;
}

int sp_conn_used_psk(const sp_conn *conn) {
  const SSL_CIPHER *cipher;

  if (conn == NULL || !conn->handshake_completed || !conn->psk_keyed)
    return 0;
  cipher = SSL_get_current_cipher(conn->ssl);
  if (cipher != NULL && SSL_CIPHER_get_auth_nid(cipher) == NID_auth_psk)
    return 1;
  /* TLS 1.3 runs an external PSK as a resumption of a made-up session. */
  return SSL_version(conn->ssl) == TLS1_3_VERSION &&
         SSL_session_reused(conn->ssl);
}
