/*
 * Starting handshake messages on an established connection: a TLS 1.2
 * renegotiation (either role) and a TLS 1.3 KeyUpdate. Both are requests
 * the engine may decline without harm to the connection, so a refusal is
 * SP_REFUSED with the reason in a separate sp_error, never the sticky one.
 */
#include "internal.h"

#include <openssl/err.h>

#define SP__CODE_NOT_DONE "ERR_SP_HANDSHAKE_NOT_DONE"
#define SP__CODE_PENDING "ERR_SP_RENEGOTIATION_PENDING"
#define SP__CODE_UNSAFE "ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED"

static int sp__refuse(sp_error *why, const char *code, const char *what) {
  sp__fail(why, SP_EK_ARG, code, "%s", what);
  ERR_clear_error();
  return SP_REFUSED;
}

/* OpenSSL declined; its queue says why. */
static int sp__refuse_from_queue(sp_error *why, const char *what) {
  sp__fail_from_queue(why, ERR_LIB_SSL, SP_EK_SSL, SP__CODE_INTERNAL, what);
  return SP_REFUSED;
}

/*
 * Push the first message of what was just scheduled into the output:
 * OpenSSL writes it from inside the handshake function. Waiting for the
 * peer afterwards is the normal case.
 */
static int sp__send_now(sp_conn *conn) {
  int ret = SSL_do_handshake(conn->ssl);

  if (ret == 1) {
    ERR_clear_error();
    return SP_OK;
  }
  switch (SSL_get_error(conn->ssl, ret)) {
  case SSL_ERROR_WANT_READ:
  case SSL_ERROR_WANT_WRITE:
    ERR_clear_error();
    return SP_OK;
  default:
    return sp__conn_fail_from_queue(conn, SP_EK_SSL, SP__CODE_INTERNAL,
                                    "the TLS engine could not send the "
                                    "handshake message");
  }
}

static int sp__check_established(sp_conn *conn, sp_error *why) {
  if (conn == NULL || conn->error.kind != SP_EK_NONE) {
    if (why != NULL && conn != NULL)
      *why = conn->error;
    return SP_ERROR;
  }
  if (!conn->handshake_completed)
    return sp__refuse(why, SP__CODE_NOT_DONE, "the TLS handshake is not done");
  return SP_OK;
}

int sp_conn_renegotiate(sp_conn *conn, sp_error *why) {
  int rc = sp__check_established(conn, why);

  if (rc != SP_OK)
    return rc;
  ERR_clear_error();
  if (sp__is_tls13(conn->ssl)) {
    /* OpenSSL says so itself (ERR_SSL_WRONG_SSL_VERSION, as Node reports). */
    if (SSL_renegotiate(conn->ssl) != 1)
      return sp__refuse_from_queue(why, "TLS 1.3 has no renegotiation");
  }
  if (conn->in_handshake || SSL_renegotiate_pending(conn->ssl))
    return sp__refuse(why, SP__CODE_PENDING,
                      "a renegotiation is already under way");
  if (!SSL_get_secure_renegotiation_support(conn->ssl))
    return sp__refuse(why, SP__CODE_UNSAFE,
                      "the peer does not support secure renegotiation");
  /* A server renegotiates to change something (ask for a client
   * certificate, say): resuming the session would skip all of it. */
  if (SSL_is_server(conn->ssl))
    SSL_set_options(conn->ssl, SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
  if (SSL_renegotiate(conn->ssl) != 1)
    return sp__refuse_from_queue(why, "the renegotiation was refused");
  return sp__send_now(conn);
}

int sp_conn_key_update(sp_conn *conn, int request_peer_update,
                       sp_error *why) {
  int rc = sp__check_established(conn, why);

  if (rc != SP_OK)
    return rc;
  ERR_clear_error();
  if (SSL_get_key_update_type(conn->ssl) != SSL_KEY_UPDATE_NONE)
    return sp__refuse(why, SP__CODE_PENDING,
                      "a key update is already waiting to be sent");
  if (SSL_key_update(conn->ssl, request_peer_update
                                    ? SSL_KEY_UPDATE_REQUESTED
                                    : SSL_KEY_UPDATE_NOT_REQUESTED) != 1)
    return sp__refuse_from_queue(why, "the key update was refused");
  return sp__send_now(conn);
}

int sp__is_tls13(const SSL *ssl) {
  return !SSL_is_dtls(ssl) && SSL_version(ssl) >= TLS1_3_VERSION;
}
