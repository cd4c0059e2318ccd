/*
 * Connection methods for small peers and debugging (core debug.c,
 * records.c): key log and protocol trace switches (their lines arrive
 * through onkeylog / ontrace), the size of the records we send, and the
 * max_fragment_length extension.
 */
#include "sp_node.h"

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

typedef int (*switch_setter)(sp_conn *, int);

/* enableKeylog(on) / enableTrace(on) */
static napi_value set_switch(napi_env env, napi_callback_info info,
                             switch_setter setter, const char *what) {
  napi_value argv[1], self;
  sp_conn *conn;
  int on;
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0 ||
      spn_get_flag(env, argv[0], &on) != 0)
    return NULL;
  if (conn != NULL && setter(conn, on) != SP_OK)
    return spn_throw_conn_error(env, conn, what);
  return undefined_value(env);
}

static napi_value enable_keylog(napi_env env, napi_callback_info info) {
  return set_switch(env, info, sp_conn_set_keylog, "key logging was refused");
}

static napi_value enable_trace(napi_env env, napi_callback_info info) {
  return set_switch(env, info, sp_conn_set_trace, "tracing was refused");
}

/* A whole number argument within [0, 2^32). */
static int get_size(napi_env env, napi_value value, const char *name,
                    uint32_t *out) {
  napi_valuetype t;
  double d;
  SPN_CALL_INT(env, napi_typeof(env, value, &t));
  if (t != napi_number) {
    spn_throw_arg_type(env, name, "of type number");
    return -1;
  }
  SPN_CALL_INT(env, napi_get_value_double(env, value, &d));
  *out = d >= 0 && d < 4294967296.0 && d == (double)(uint32_t)d ? (uint32_t)d
                                                                : 0;
  return 0;
}

/*
 * setMaxSendFragment(size) -> boolean: false, with the connection
 * untouched, for a size outside 512..16384 (as Node answers).
 */
static napi_value set_max_send_fragment(napi_env env, napi_callback_info info) {
  napi_value argv[1], self, v;
  sp_conn *conn;
  uint32_t size;
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0 ||
      get_size(env, argv[0], "size", &size) != 0)
    return NULL;
  bool ok = conn != NULL && size >= 512 && size <= 16384 &&
            sp_conn_set_max_send_fragment(conn, size) == SP_OK;
  SPN_CALL(env, napi_get_boolean(env, ok, &v));
  return v;
}

/* setMaxFragmentLength(size): client, before start(); 0 asks for nothing. */
static napi_value set_max_fragment_length(napi_env env,
                                          napi_callback_info info) {
  napi_value argv[1], self;
  sp_conn *conn;
  uint32_t size;
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0 ||
      get_size(env, argv[0], "size", &size) != 0)
    return NULL;
  if (conn != NULL && sp_conn_set_max_fragment_length(conn, size) != SP_OK)
    return spn_throw_conn_error(env, conn,
                                "the maximum fragment length was refused");
  return undefined_value(env);
}

/* getMaxFragmentLength() -> the agreed size, 0 when none. */
static napi_value get_max_fragment_length(napi_env env,
                                          napi_callback_info info) {
  napi_value self, v;
  sp_conn *conn;
  if (spn_get_args(env, info, 0, NULL, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0)
    return NULL;
  SPN_CALL(env, napi_create_uint32(
                    env, conn != NULL ? sp_conn_max_fragment_length(conn) : 0,
                    &v));
  return v;
}

int spn_debug_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("enableKeylog", enable_keylog),
      SPN_METHOD("enableTrace", enable_trace),
      SPN_METHOD("setMaxSendFragment", set_max_send_fragment),
      SPN_METHOD("setMaxFragmentLength", set_max_fragment_length),
      SPN_METHOD("getMaxFragmentLength", get_max_fragment_length),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}
