/*
 * Application protocol negotiation: ALPN (RFC 7301) in both roles and the
 * older NPN (TLS 1.2 and below). OpenSSL asks through callbacks set on the
 * context; ours answer from lists the connection holds, so one context can
 * serve connections that want different protocols.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

static sp_conn *sp__conn_of(const SSL *ssl) { return SSL_get_app_data(ssl); }

/* A protocol list copied into *dst (freeing the old one); len 0 clears. */
static int sp__store(uint8_t **dst, size_t *dst_len, const uint8_t *src,
                     size_t len) {
  uint8_t *copy = NULL;

  if (len > 0) {
    copy = malloc(len);
    if (copy == NULL)
      return 0;
    memcpy(copy, src, len);
  }
  free(*dst);
  *dst = copy;
  *dst_len = len;
  return 1;
}

void sp__protos_free(sp__protos *protos) {
  free(protos->alpn);
  free(protos->alpn_choice);
  free(protos->npn);
  memset(protos, 0, sizeof *protos);
}

/* The entry of `list` equal to name/len, or NULL. */
static const unsigned char *sp__find(const unsigned char *list,
                                     size_t list_len, const uint8_t *name,
                                     size_t len) {
  size_t i = 0;

  while (i < list_len) {
    size_t entry = list[i];
    if (entry > list_len - i - 1)
      return NULL;
    if (entry == len && memcmp(list + i + 1, name, len) == 0)
      return list + i + 1;
    i += 1 + entry;
  }
  return NULL;
}

/* ---- callbacks from inside OpenSSL ---------------------------------------- */

/*
 * Server: `in` is the client's list. An answer decided in advance wins;
 * else the first of our protocols the client offered. No overlap fails the
 * handshake with a no_application_protocol alert (RFC 7301, and what Node
 * 20 does); a server without a list ignores ALPN.
 */
static int sp__alpn_select_cb(SSL *ssl, const unsigned char **out,
                              unsigned char *outlen, const unsigned char *in,
                              unsigned int inlen, void *arg) {
  sp_conn *conn = sp__conn_of(ssl);
  const sp__protos *p;
  unsigned char *chosen = NULL;

  (void)arg;
  if (conn == NULL)
    return SSL_TLSEXT_ERR_NOACK;
  p = &conn->protos;
  if (p->alpn_decided) {
    const unsigned char *found =
        p->alpn_choice != NULL
            ? sp__find(in, inlen, p->alpn_choice, p->alpn_choice_len)
            : NULL;
    if (found == NULL)
      return SSL_TLSEXT_ERR_ALERT_FATAL; /* no_application_protocol */
    *out = found;
    *outlen = (unsigned char)p->alpn_choice_len;
    return SSL_TLSEXT_ERR_OK;
  }
  if (p->alpn == NULL)
    return SSL_TLSEXT_ERR_NOACK;
  if (SSL_select_next_proto(&chosen, outlen, p->alpn, (unsigned)p->alpn_len,
                            in, inlen) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

/* Server, TLS 1.2: the NPN list to advertise, if the connection has one. */
static int sp__npn_advertise_cb(SSL *ssl, const unsigned char **out,
                                unsigned int *outlen, void *arg) {
  sp_conn *conn = sp__conn_of(ssl);

  (void)arg;
  if (conn == NULL || conn->protos.npn == NULL)
    return SSL_TLSEXT_ERR_NOACK;
  *out = conn->protos.npn;
  *outlen = (unsigned)conn->protos.npn_len;
  return SSL_TLSEXT_ERR_OK;
}

/*
 * Client, TLS 1.2: pick from the server's advertised list `in`. OpenSSL
 * fails the handshake unless something is picked.
 */
static int sp__npn_select_cb(SSL *ssl, unsigned char **out,
                             unsigned char *outlen, const unsigned char *in,
                             unsigned int inlen, void *arg) {
  sp_conn *conn = sp__conn_of(ssl);

  (void)arg;
  if (conn != NULL && conn->protos.npn != NULL) {
    /* Server order; with no overlap our own first (as NPN allows). */
    SSL_select_next_proto(out, outlen, in, inlen, conn->protos.npn,
                          (unsigned)conn->protos.npn_len);
    return *out != NULL ? SSL_TLSEXT_ERR_OK : SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  /* A connection that wants nothing, on a context that offers NPN. */
  if (!sp__protos_valid(in, inlen))
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  *out = (unsigned char *)in + 1;
  *outlen = in[0];
  return SSL_TLSEXT_ERR_OK;
}

int sp__alpn_install(SSL_CTX *ssl_ctx) {
  SSL_CTX_set_alpn_select_cb(ssl_ctx, sp__alpn_select_cb, NULL);
  SSL_CTX_set_next_protos_advertised_cb(ssl_ctx, sp__npn_advertise_cb, NULL);
  return 1;
}

/* ---- the API ---------------------------------------------------------------- */

static int sp__usable(const sp_conn *conn) {
  return conn != NULL && conn->error.kind == SP_EK_NONE;
}

static int sp__fail_nomem(sp_conn *conn) {
  return sp__conn_fail(conn, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
}

/* A list argument: empty, or well formed and short enough for OpenSSL. */
static int sp__check_list(sp_conn *conn, const uint8_t *wire, size_t len) {
  if (len == 0)
    return SP_OK;
  if (len > 0xffff || !sp__protos_valid(wire, len))
    return sp__conn_fail_arg(conn, "a protocol list is a series of names of 1 to "
                              "255 bytes, each preceded by its length");
  return SP_OK;
}

int sp_conn_set_alpn_protos(sp_conn *conn, const uint8_t *wire, size_t len) {
  if (!sp__usable(conn) || sp__check_list(conn, wire, len) != SP_OK)
    return SP_ERROR;
  if (SSL_is_server(conn->ssl))
    return sp__store(&conn->protos.alpn, &conn->protos.alpn_len, wire, len)
               ? SP_OK
               : sp__fail_nomem(conn);
  ERR_clear_error();
  /* SSL_set_alpn_protos() answers 0 on success. */
  if (SSL_set_alpn_protos(conn->ssl, len > 0 ? wire : NULL,
                          (unsigned)len) != 0)
    return sp__conn_fail_from_queue(conn, SP_EK_NOMEM, SP__CODE_NOMEM,
                                    "cannot set the ALPN protocols");
  return SP_OK;
}

int sp_conn_select_alpn(sp_conn *conn, const uint8_t *proto, size_t len) {
  if (!sp__usable(conn))
    return SP_ERROR;
  if (!SSL_is_server(conn->ssl))
    return sp__conn_fail_arg(conn, "only a server selects the ALPN protocol");
  if (proto != NULL && (len == 0 || len > 255))
    return sp__conn_fail_arg(conn, "an ALPN protocol name is 1 to 255 bytes");
  if (!sp__store(&conn->protos.alpn_choice, &conn->protos.alpn_choice_len,
                 proto, proto != NULL ? len : 0))
    return sp__fail_nomem(conn);
  conn->protos.alpn_decided = 1;
  return SP_OK;
}

const uint8_t *sp_conn_alpn_selected(const sp_conn *conn, size_t *len) {
  const unsigned char *data = NULL;
  unsigned int n = 0;

  if (len != NULL)
    *len = 0;
  if (conn == NULL)
    return NULL;
  SSL_get0_alpn_selected(conn->ssl, &data, &n);
  if (data == NULL || n == 0)
    return NULL;
  if (len != NULL)
    *len = n;
  return data;
}

int sp_conn_set_npn_protos(sp_conn *conn, const uint8_t *wire, size_t len) {
  if (!sp__usable(conn) || sp__check_list(conn, wire, len) != SP_OK)
    return SP_ERROR;
  if (!sp__store(&conn->protos.npn, &conn->protos.npn_len, wire, len))
    return sp__fail_nomem(conn);
  /* OpenSSL offers NPN in a ClientHello only when the context has a
   * selection callback: switch it on (it serves every connection). */
  if (!SSL_is_server(conn->ssl) && len > 0)
    SSL_CTX_set_next_proto_select_cb(SSL_get_SSL_CTX(conn->ssl),
                                     sp__npn_select_cb, NULL);
  return SP_OK;
}

const uint8_t *sp_conn_npn_selected(const sp_conn *conn, size_t *len) {
  const unsigned char *data = NULL;
  unsigned int n = 0;

  if (len != NULL)
    *len = 0;
  if (conn == NULL)
    return NULL;
  SSL_get0_next_proto_negotiated(conn->ssl, &data, &n);
  if (data == NULL || n == 0)
    return NULL;
  if (len != NULL)
    *len = n;
  return data;
}
