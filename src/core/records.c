/*
 * Record sizes for small peers: the largest record we send, and the RFC
 * 6066 max_fragment_length extension a client uses to ask the server for
 * small records (so a device can live with small receive buffers).
 */
#include "internal.h"

#include <openssl/err.h>

static int sp__usable(const sp_conn *conn) {
  return conn != NULL && conn->error.kind == SP_EK_NONE;
}

int sp_conn_set_max_send_fragment(sp_conn *conn, size_t size) {
  if (!sp__usable(conn))
    return SP_ERROR;
  if (size < 512 || size > 16384)
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "the send fragment size must be 512 to 16384 bytes, "
                         "not %zu",
                         size);
  ERR_clear_error();
  if (SSL_set_max_send_fragment(conn->ssl, (long)size) != 1)
    return sp__conn_fail_from_queue(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                                    "the send fragment size was refused");
  return SP_OK;
}

/* 512 -> TLSEXT_max_fragment_length_512 (1), ... 4096 -> 4; 0 -> disabled. */
static int sp__mfl_mode(unsigned size) {
  switch (size) {
  case 0:
    return TLSEXT_max_fragment_length_DISABLED;
  case 512:
    return TLSEXT_max_fragment_length_512;
  case 1024:
    return TLSEXT_max_fragment_length_1024;
  case 2048:
    return TLSEXT_max_fragment_length_2048;
  case 4096:
    return TLSEXT_max_fragment_length_4096;
  default:
    return -1;
  }
}

int sp_conn_set_max_fragment_length(sp_conn *conn, unsigned size) {
  int mode = sp__mfl_mode(size);

  if (!sp__usable(conn))
    return SP_ERROR;
  if (SSL_is_server(conn->ssl))
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "only a client asks for a maximum fragment length "
                         "(a server follows the client's request)");
  if (mode < 0)
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "the maximum fragment length must be 512, 1024, "
                         "2048 or 4096, not %u",
                         size);
  if (conn->handshake_completed || conn->in_handshake)
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "the maximum fragment length is asked for before "
                         "the handshake");
  ERR_clear_error();
  if (SSL_set_tlsext_max_fragment_length(conn->ssl, (uint8_t)mode) != 1)
    return sp__conn_fail_from_queue(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                                    "the maximum fragment length was refused");
  return SP_OK;
}

unsigned sp_conn_max_fragment_length(const sp_conn *conn) {
  SSL_SESSION *session;
  uint8_t mode;

  if (conn == NULL || !conn->handshake_completed)
    return 0;
  session = SSL_get_session(conn->ssl);
  if (session == NULL)
    return 0;
  mode = SSL_SESSION_get_max_fragment_length(session);
  if (mode < TLSEXT_max_fragment_length_512 ||
      mode > TLSEXT_max_fragment_length_4096)
    return 0;
  return 512u << (mode - TLSEXT_max_fragment_length_512);
}
