/*
 * Connection methods that start handshake messages on an established
 * connection (core reneg.c): renegotiate() for TLS 1.2, keyUpdate() for
 * TLS 1.3. A refusal throws and leaves the connection as it was.
 */
#include "sp_node.h"

typedef int (*starter)(sp_conn *, int, sp_error *);

static int start_renegotiation(sp_conn *conn, int unused, sp_error *why) {
  return sp_conn_renegotiate(conn, why);
}

/* Run `start`, then hand the message it queued to onwrite. */
static napi_value start_and_send(napi_env env, napi_callback_info info,
                                 size_t argc, starter start) {
  napi_value argv[1], self;
  sp_conn *conn;
  sp_error why;
  int flag = 0;
  if (spn_get_args(env, info, argc, argv, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0)
    return NULL;
  if (argc > 0 && spn_get_flag(env, argv[0], &flag) != 0)
    return NULL;
  if (conn == NULL)
    return spn_throw_code(env, "ERR_SP_CONNECTION_CLOSED",
                          "the connection is closed");
  sp_error_clear(&why);
  if (start(conn, flag, &why) == SP_REFUSED)
    return spn_throw_error(env, &why);
  /* SP_OK: the message goes out now. SP_ERROR: onerror reports it. */
  return spn_conn_pump(env, self);
}

/* renegotiate() */
static napi_value reneg_start(napi_env env, napi_callback_info info) {
  return start_and_send(env, info, 0, start_renegotiation);
}

/* keyUpdate(requestPeerUpdate) */
static napi_value reneg_key_update(napi_env env, napi_callback_info info) {
  return start_and_send(env, info, 1, sp_conn_key_update);
}

int spn_reneg_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("renegotiate", reneg_start),
      SPN_METHOD("keyUpdate", reneg_key_update),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}
