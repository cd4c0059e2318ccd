/*
 * The ClientHello pause: a server connection can stop right after the
 * client's first hello has been read, before OpenSSL acts on it, so that
 * the caller may choose a context by server name (SNI), look a session up
 * or ask the application, possibly asynchronously, and then go on.
 *
 * OpenSSL's ClientHello callback does the stopping: it answers "retry"
 * while the pause lasts, and OpenSSL keeps the parsed hello until it is
 * called again. What the hello asked for is copied out at once, because
 * OpenSSL's own server-name handling runs only after the callback.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

/* RFC 6066: a host name is at most 255 bytes (OpenSSL's limit too). */
#define SP__MAX_HOST_NAME 255

/* ---- reading the hello ---------------------------------------------------- */

static unsigned sp__be16(const unsigned char *p) {
  return ((unsigned)p[0] << 8) | p[1];
}

/*
 * The host name of a server_name extension, as OpenSSL will accept it: one
 * entry of type host_name, 1..255 bytes, no NUL. Anything else leaves
 * *name NULL, and OpenSSL rejects the hello once the connection goes on.
 * 0 only when out of memory.
 */
static int sp__parse_servername(const unsigned char *ext, size_t len,
                                char **name) {
  size_t name_len;

  *name = NULL;
  if (len < 2 || sp__be16(ext) != len - 2)
    return 1;
  ext += 2;
  len -= 2;
  if (len < 3 || ext[0] != TLSEXT_NAMETYPE_host_name)
    return 1;
  name_len = sp__be16(ext + 1);
  if (name_len != len - 3 || name_len == 0 || name_len > SP__MAX_HOST_NAME ||
      memchr(ext + 3, '\0', name_len) != NULL)
    return 1;
  *name = malloc(name_len + 1);
  if (*name == NULL)
    return 0;
  memcpy(*name, ext + 3, name_len);
  (*name)[name_len] = '\0';
  return 1;
}

int sp__protos_valid(const uint8_t *wire, size_t len) {
  size_t i = 0;

  if (wire == NULL || len == 0)
    return 0;
  while (i < len) {
    if (wire[i] == 0 || wire[i] > len - i - 1)
      return 0;
    i += 1 + (size_t)wire[i];
  }
  return 1;
}

/* The protocol list of an ALPN extension (it carries a 2-byte length). */
static int sp__capture_alpn(sp__hello_state *hello, const unsigned char *ext,
                            size_t len) {
  if (len < 2 || sp__be16(ext) != len - 2 ||
      !sp__protos_valid(ext + 2, len - 2))
    return 1; /* malformed: OpenSSL refuses it later */
  hello->alpn = malloc(len - 2);
  if (hello->alpn == NULL)
    return 0;
  memcpy(hello->alpn, ext + 2, len - 2);
  hello->alpn_len = len - 2;
  return 1;
}

/* Copy what the hello asks for out of OpenSSL. 0 when out of memory. */
static int sp__capture(sp__hello_state *hello, SSL *ssl) {
  const unsigned char *data = NULL;
  size_t len = 0;

  len = SSL_client_hello_get0_session_id(ssl, &data);
  if (len > sizeof hello->session_id)
    len = 0;
  if (len > 0)
    memcpy(hello->session_id, data, len);
  hello->session_id_len = len;

  if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &data, &len) ==
          1 &&
      !sp__parse_servername(data, len, &hello->servername))
    return 0;
  hello->ticket = SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_session_ticket,
                                            &data, &len) == 1 &&
                  len > 0;
  if (SSL_client_hello_get0_ext(
          ssl, TLSEXT_TYPE_application_layer_protocol_negotiation, &data,
          &len) == 1 &&
      !sp__capture_alpn(hello, data, len))
    return 0;
  return 1;
}

static int sp__client_hello_cb(SSL *ssl, int *alert, void *arg) {
  sp_conn *conn = SSL_get_app_data(ssl);
  sp__hello_state *hello;

  (void)arg;
  if (conn == NULL || conn->handshake_completed)
    return SSL_CLIENT_HELLO_SUCCESS; /* renegotiations never pause */
  hello = &conn->hello;
  hello->seen = 1;
  if (hello->state == SP__HELLO_PAUSED)
    return SSL_CLIENT_HELLO_RETRY;
  if (!hello->pause || hello->state == SP__HELLO_RESUMED)
    return SSL_CLIENT_HELLO_SUCCESS;
  if (!sp__capture(hello, ssl)) {
    *alert = SSL_AD_INTERNAL_ERROR;
    return SSL_CLIENT_HELLO_ERROR;
  }
  hello->state = SP__HELLO_PAUSED;
  conn->events |= SP_EV_CLIENT_HELLO;
  return SSL_CLIENT_HELLO_RETRY;
}

int sp__ctx_install_extensions(SSL_CTX *ssl_ctx) {
  SSL_CTX_set_client_hello_cb(ssl_ctx, sp__client_hello_cb, NULL);
  return sp__alpn_install(ssl_ctx);
}

/* ---- the API ---------------------------------------------------------------- */

int sp__hello_paused(const sp_conn *conn) {
  return conn->hello.state == SP__HELLO_PAUSED;
}

/* The hello has been acted on: no pause or context switch can come. */
static int sp__hello_over(const sp_conn *conn) {
  return conn->handshake_completed || conn->hello.state == SP__HELLO_RESUMED ||
         (conn->hello.seen && conn->hello.state != SP__HELLO_PAUSED);
}

/* A caller's mistake: described in err (may be NULL) and, as every
 * SP_ERROR of a connection, sticky on it. */
static int sp__refuse(sp_conn *conn, sp_error *err, const char *what) {
  sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG, "%s", what);
  if (conn != NULL)
    sp__conn_fail_arg(conn, what);
  return SP_ERROR;
}

int sp_conn_set_hello_pause(sp_conn *conn, int on) {
  if (conn == NULL || conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (!SSL_is_server(conn->ssl))
    return sp__conn_fail_arg(conn, "only a server pauses at the ClientHello");
  if (!on) {
    conn->hello.pause = 0;
    return sp_conn_resume_hello(conn);
  }
  if (sp__hello_over(conn))
    return sp__conn_fail_arg(conn, "the ClientHello has been processed already");
  conn->hello.pause = 1;
  return SP_OK;
}

int sp_conn_hello(const sp_conn *conn, sp_hello *out) {
  if (conn == NULL || out == NULL || conn->hello.state == SP__HELLO_NONE)
    return SP_ERROR;
  memset(out, 0, sizeof *out);
  out->servername = conn->hello.servername;
  out->session_id = conn->hello.session_id;
  out->session_id_len = conn->hello.session_id_len;
  out->alpn = conn->hello.alpn;
  out->alpn_len = conn->hello.alpn_len;
  out->ticket = conn->hello.ticket;
  return SP_OK;
}

/*
 * OpenSSL's SSL_set_SSL_CTX() swaps the certificates and keys; the CA
 * names sent in a CertificateRequest were copied at SSL_new() and are
 * replaced here. Verification already uses the new context's store.
 */
static int sp__switch(sp_conn *conn, sp_ctx *ctx) {
  STACK_OF(X509_NAME) *names =
      SSL_dup_CA_list(SSL_CTX_get_client_CA_list(ctx->ssl_ctx));

  if (names == NULL)
    return 0;
  if (SSL_set_SSL_CTX(conn->ssl, ctx->ssl_ctx) != ctx->ssl_ctx) {
    sk_X509_NAME_pop_free(names, X509_NAME_free);
    return 0;
  }
  SSL_set_client_CA_list(conn->ssl, names); /* takes them */
  return 1;
}

int sp_conn_set_ctx(sp_conn *conn, sp_ctx *ctx, sp_error *err) {
  if (conn != NULL && conn->error.kind != SP_EK_NONE) {
    if (err != NULL)
      *err = conn->error;
    return SP_ERROR;
  }
  if (conn == NULL || ctx == NULL || !SSL_is_server(conn->ssl))
    return sp__refuse(conn, err, "a server connection and a context are "
                                 "required");
  if (sp__hello_over(conn))
    return sp__refuse(conn, err, "the context can only change before the "
                                 "ClientHello is processed");
  ERR_clear_error();
  if (!sp__switch(conn, ctx)) {
    sp__conn_fail_from_queue(conn, SP_EK_NOMEM, SP__CODE_NOMEM,
                             "cannot switch the connection's context");
    if (err != NULL)
      *err = conn->error;
    return SP_ERROR;
  }
  sp_ctx_ref(ctx);
  sp_ctx_unref(conn->hello.ctx);
  conn->hello.ctx = ctx;
  return SP_OK;
}

int sp_conn_resume_hello(sp_conn *conn) {
  if (conn == NULL || conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (conn->hello.state != SP__HELLO_PAUSED)
    return SP_OK;
  conn->hello.state = SP__HELLO_RESUMED;
  free(conn->hello.alpn);
  conn->hello.alpn = NULL;
  conn->hello.alpn_len = 0;
  return SP_OK;
}

void sp__conn_release_extensions(sp_conn *conn) {
  free(conn->hello.servername);
  free(conn->hello.alpn);
  sp_ctx_unref(conn->hello.ctx);
  memset(&conn->hello, 0, sizeof conn->hello);
  sp__protos_free(&conn->protos);
}
