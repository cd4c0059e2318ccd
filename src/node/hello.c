/*
 * Connection methods for the ClientHello pause (core hello.c): a server
 * connection can stop at the client's hello, tell lib what it asked for
 * (onclienthello), switch to another SecureContext (SNI) and go on.
 */
#include "sp_node.h"

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

/* Common prologue: arguments and the live engine (NULL: nothing to do). */
static int hello_args(napi_env env, napi_callback_info info, size_t argc,
                      napi_value *argv, napi_value *self, sp_conn **conn) {
  if (spn_get_args(env, info, argc, argv, self) != 0)
    return -1;
  return spn_conn_engine(env, *self, conn);
}

/* setHelloPause(on) */
static napi_value hello_set_pause(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  sp_conn *conn;
  int on;
  if (hello_args(env, info, 1, argv, &self, &conn) != 0 ||
      spn_get_flag(env, argv[0], &on) != 0)
    return NULL;
  if (conn == NULL)
    return undefined_value(env);
  spn_env *e = spn_env_get(env);
  if (e == NULL)
    return NULL;
  if (on && e->cb[SPN_CB_CLIENT_HELLO] == NULL)
    return spn_throw_code(env, "ERR_SP_NO_CALLBACKS",
                          "setHelloPause() needs an onclienthello callback "
                          "(setCallbacks)");
  if (sp_conn_set_hello_pause(conn, on) != SP_OK)
    return spn_throw_conn_error(env, conn, "the hello pause was refused");
  if (!on)
    return spn_conn_pump(env, self); /* turning it off resumes */
  return undefined_value(env);
}

/* setSecureContext(secureContext) */
static napi_value hello_set_context(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  sp_conn *conn;
  sp_ctx *ctx;
  sp_error err;
  if (hello_args(env, info, 1, argv, &self, &conn) != 0 ||
      spn_secure_context_unwrap(env, argv[0], &ctx) != 0)
    return NULL;
  if (conn == NULL)
    return undefined_value(env);
  sp_error_clear(&err);
  if (sp_conn_set_ctx(conn, ctx, &err) != SP_OK)
    return spn_throw_error(env, &err);
  return undefined_value(env);
}

/* resumeHello(): clear the pause and process what was fed meanwhile. */
static napi_value hello_resume(napi_env env, napi_callback_info info) {
  napi_value self;
  sp_conn *conn;
  if (hello_args(env, info, 0, NULL, &self, &conn) != 0)
    return NULL;
  if (conn == NULL)
    return undefined_value(env);
  if (sp_conn_resume_hello(conn) != SP_OK)
    return spn_throw_conn_error(env, conn, "the connection cannot resume");
  return spn_conn_pump(env, self);
}

/* ---- the onclienthello argument ---------------------------------------------- */

/* Names of a wire-format list, as latin1 strings (byte for byte). */
static napi_value protocol_array(napi_env env, const uint8_t *wire,
                                 size_t len) {
  napi_value array, name;
  uint32_t n = 0;
  SPN_CALL(env, napi_create_array(env, &array));
  for (size_t i = 0; wire != NULL && i < len; i += 1 + (size_t)wire[i]) {
    size_t name_len = wire[i];
    if (name_len > len - i - 1) /* the core only hands out valid lists */
      break;
    SPN_CALL(env, napi_create_string_latin1(env, (const char *)wire + i + 1,
                                            name_len, &name));
    SPN_CALL(env, napi_set_element(env, array, n++, name));
  }
  return array;
}

napi_value spn_hello_value(napi_env env, sp_conn *conn) {
  napi_value obj, v;
  sp_hello hello;
  SPN_CALL(env, napi_create_object(env, &obj));
  if (sp_conn_hello(conn, &hello) != SP_OK)
    return spn_throw_code(env, "ERR_SP_INTERNAL",
                          "the engine holds no ClientHello");
  if (hello.servername != NULL)
    SPN_CALL(env, napi_create_string_utf8(env, hello.servername,
                                          NAPI_AUTO_LENGTH, &v));
  else
    SPN_CALL(env, napi_get_null(env, &v));
  SPN_CALL(env, napi_set_named_property(env, obj, "servername", v));
  SPN_CALL(env, napi_create_buffer_copy(env, hello.session_id_len,
                                        hello.session_id, NULL, &v));
  SPN_CALL(env, napi_set_named_property(env, obj, "sessionId", v));
  if ((v = protocol_array(env, hello.alpn, hello.alpn_len)) == NULL)
    return NULL;
  SPN_CALL(env, napi_set_named_property(env, obj, "alpnProtocols", v));
  SPN_CALL(env, napi_get_boolean(env, hello.ticket != 0, &v));
  SPN_CALL(env, napi_set_named_property(env, obj, "tlsTicket", v));
  return obj;
}

int spn_hello_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("setHelloPause", hello_set_pause),
      SPN_METHOD("setSecureContext", hello_set_context),
      SPN_METHOD("resumeHello", hello_resume),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}
