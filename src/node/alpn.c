/*
 * Connection methods for application protocol negotiation (core alpn.c):
 * ALPN lists in both roles, a server answer decided in advance, NPN.
 * Lists cross this boundary in wire format; lib converts arrays.
 */
#include "sp_node.h"

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

typedef int (*list_setter)(sp_conn *, const uint8_t *, size_t);

/* set*Protocols(wireBuffer) */
static napi_value set_list(napi_env env, napi_callback_info info,
                           list_setter setter, const char *what) {
  napi_value argv[1], self;
  sp_conn *conn;
  spn_bytes bytes;
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0 ||
      spn_get_bytes(env, argv[0], "protocols", 0, &bytes) != 0)
    return NULL;
  int rc = conn != NULL ? setter(conn, bytes.data, bytes.len) : SP_OK;
  spn_bytes_release(&bytes);
  if (rc != SP_OK)
    return spn_throw_conn_error(env, conn, what);
  return undefined_value(env);
}

static napi_value alpn_set(napi_env env, napi_callback_info info) {
  return set_list(env, info, sp_conn_set_alpn_protos,
                  "the ALPN protocols were refused");
}

static napi_value npn_set(napi_env env, napi_callback_info info) {
  return set_list(env, info, sp_conn_set_npn_protos,
                  "the NPN protocols were refused");
}

/* selectALPNProtocol(name | null): null refuses every protocol. */
static napi_value alpn_select(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  napi_valuetype t;
  sp_conn *conn;
  spn_bytes bytes = {NULL, 0, NULL};
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0)
    return NULL;
  SPN_CALL(env, napi_typeof(env, argv[0], &t));
  int refuse = t == napi_null || t == napi_undefined;
  if (!refuse && spn_get_bytes(env, argv[0], "protocol", 1, &bytes) != 0)
    return NULL;
  int rc = SP_OK;
  if (conn != NULL)
    rc = sp_conn_select_alpn(conn, refuse ? NULL : bytes.data, bytes.len);
  spn_bytes_release(&bytes);
  if (rc != SP_OK)
    return spn_throw_conn_error(env, conn, "the ALPN answer was refused");
  return undefined_value(env);
}

typedef const uint8_t *(*selected_getter)(const sp_conn *, size_t *);

/* The negotiated protocol as a latin1 string (byte for byte), or null. */
static napi_value get_selected(napi_env env, napi_callback_info info,
                               selected_getter getter) {
  napi_value self, v;
  sp_conn *conn;
  size_t len = 0;
  if (spn_get_args(env, info, 0, NULL, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0)
    return NULL;
  const uint8_t *name = conn != NULL ? getter(conn, &len) : NULL;
  if (name == NULL) {
    SPN_CALL(env, napi_get_null(env, &v));
    return v;
  }
  SPN_CALL(env, napi_create_string_latin1(env, (const char *)name, len, &v));
  return v;
}

static napi_value alpn_get(napi_env env, napi_callback_info info) {
  return get_selected(env, info, sp_conn_alpn_selected);
}

static napi_value npn_get(napi_env env, napi_callback_info info) {
  return get_selected(env, info, sp_conn_npn_selected);
}

int spn_alpn_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("setALPNProtocols", alpn_set),
      SPN_METHOD("selectALPNProtocol", alpn_select),
      SPN_METHOD("getALPNProtocol", alpn_get),
      SPN_METHOD("setNPNProtocols", npn_set),
      SPN_METHOD("getNPNProtocol", npn_get),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}
