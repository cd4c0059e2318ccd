/*
 * Pre-shared keys (core psk.c) and the generated certificate, as methods:
 *  - SecureContext: setPsk(identity, key), setPskIdentityHint(hint),
 *    useGeneratedCertificate(commonName): static settings.
 *  - Connection: enablePskCallback(), setPskIdentityHint(hint), usedPsk().
 * enablePskCallback() installs the engine hook of the connection's role;
 * the hook asks lib synchronously (onpskserver / onpskclient), from inside
 * the receive()/start() call that runs the handshake.
 */
#include <stdlib.h>
#include <string.h>

#include "sp_node.h"

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

static int is_nullish(napi_env env, napi_value value, int *out) {
  napi_valuetype t;
  SPN_CALL_INT(env, napi_typeof(env, value, &t));
  *out = t == napi_null || t == napi_undefined;
  return 0;
}

/* A string argument that may be null/undefined (*out NULL); free() it. */
static int optional_string(napi_env env, napi_value value, const char *name,
                           char **out) {
  int nullish;
  *out = NULL;
  if (is_nullish(env, value, &nullish) != 0)
    return -1;
  return nullish ? 0 : spn_get_string(env, value, name, out);
}

/* ---- the hooks --------------------------------------------------------------- */

/* Copy a Buffer/Uint8Array result of 1..*len bytes into key. */
static int take_key(napi_env env, napi_value value, uint8_t *key,
                    size_t *len) {
  bool is;
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, value, &type, &length, &data, NULL,
                               NULL) != napi_ok ||
      (type != napi_uint8_array && type != napi_uint8_clamped_array) ||
      length == 0 || length > *len)
    return SP_ERROR;
  memcpy(key, data, length);
  *len = length;
  return SP_OK;
}

/* onpskserver(identity, maxKeyLen) -> Buffer | null */
static int server_hook(void *arg, sp_conn *conn, const char *identity,
                       uint8_t *key, size_t *key_len) {
  spn_conn *c = arg;
  napi_env env = spn_conn_hook_env(c);
  napi_handle_scope scope;
  napi_value argv[2], result;
  int rc = SP_ERROR;
  (void)conn;
  if (env == NULL || napi_open_handle_scope(env, &scope) != napi_ok)
    return SP_ERROR;
  if (napi_create_string_utf8(env, identity, NAPI_AUTO_LENGTH, &argv[0]) ==
          napi_ok &&
      napi_create_uint32(env, (uint32_t)*key_len, &argv[1]) == napi_ok &&
      spn_conn_hook_call(c, SPN_CB_PSK_SERVER, 2, argv, &result) == 0)
    rc = take_key(env, result, key, key_len);
  napi_close_handle_scope(env, scope);
  return rc;
}

/* The identity string of the client's answer, into identity[cap]. */
static int take_identity(napi_env env, napi_value answer, char *identity,
                         size_t cap) {
  napi_value value;
  napi_valuetype t;
  size_t len = 0;
  if (napi_get_named_property(env, answer, "identity", &value) != napi_ok ||
      napi_typeof(env, value, &t) != napi_ok || t != napi_string ||
      napi_get_value_string_utf8(env, value, NULL, 0, &len) != napi_ok ||
      len == 0 || len >= cap ||
      napi_get_value_string_utf8(env, value, identity, cap, &len) != napi_ok)
    return SP_ERROR;
  return memchr(identity, '\0', len) == NULL ? SP_OK : SP_ERROR;
}

/* onpskclient(hint | null, maxKeyLen, maxIdentityLen) -> {psk, identity} */
static int client_hook(void *arg, sp_conn *conn, const char *hint,
                       char *identity, size_t identity_cap, uint8_t *key,
                       size_t *key_len) {
  spn_conn *c = arg;
  napi_env env = spn_conn_hook_env(c);
  napi_handle_scope scope;
  napi_value argv[3], result, psk;
  napi_valuetype t;
  int rc = SP_ERROR;
  (void)conn;
  if (env == NULL || napi_open_handle_scope(env, &scope) != napi_ok)
    return SP_ERROR;
  napi_status s =
      hint != NULL
          ? napi_create_string_utf8(env, hint, NAPI_AUTO_LENGTH, &argv[0])
          : napi_get_null(env, &argv[0]);
  if (s == napi_ok &&
      napi_create_uint32(env, (uint32_t)*key_len, &argv[1]) == napi_ok &&
      napi_create_uint32(env, (uint32_t)(identity_cap - 1), &argv[2]) ==
          napi_ok &&
      spn_conn_hook_call(c, SPN_CB_PSK_CLIENT, 3, argv, &result) == 0 &&
      napi_typeof(env, result, &t) == napi_ok && t == napi_object &&
      napi_get_named_property(env, result, "psk", &psk) == napi_ok &&
      take_key(env, psk, key, key_len) == SP_OK)
    rc = take_identity(env, result, identity, identity_cap);
  napi_close_handle_scope(env, scope);
  return rc;
}

/* ---- Connection methods ------------------------------------------------------ */

/* enablePskCallback(): from now on the handshake asks lib for keys. */
static napi_value conn_enable_psk(napi_env env, napi_callback_info info) {
  napi_value self;
  sp_conn *conn;
  if (spn_get_args(env, info, 0, NULL, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0)
    return NULL;
  spn_conn *c = spn_conn_unwrap(env, self);
  if (c == NULL)
    return NULL;
  if (conn == NULL)
    return undefined_value(env);
  int rc = sp_conn_is_server(conn) ? sp_conn_set_psk_lookup(conn, server_hook, c)
                                   : sp_conn_set_psk_client(conn, client_hook, c);
  if (rc != SP_OK)
    return spn_throw_conn_error(env, conn, "the PSK callback was refused");
  return undefined_value(env);
}

/* setPskIdentityHint(hint | null) */
static napi_value conn_set_hint(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  sp_conn *conn;
  char *hint;
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0 ||
      optional_string(env, argv[0], "hint", &hint) != 0)
    return NULL;
  int rc = conn != NULL ? sp_conn_set_psk_identity_hint(conn, hint) : SP_OK;
  free(hint);
  if (rc != SP_OK)
    return spn_throw_conn_error(env, conn, "the PSK identity hint was refused");
  return undefined_value(env);
}

/* usedPsk(): the handshake was authenticated by a pre-shared key. */
static napi_value conn_used_psk(napi_env env, napi_callback_info info) {
  napi_value self, v;
  sp_conn *conn;
  if (spn_get_args(env, info, 0, NULL, &self) != 0 ||
      spn_conn_engine(env, self, &conn) != 0)
    return NULL;
  SPN_CALL(env, napi_get_boolean(env, conn != NULL && sp_conn_used_psk(conn),
                                 &v));
  return v;
}

int spn_psk_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("enablePskCallback", conn_enable_psk),
      SPN_METHOD("setPskIdentityHint", conn_set_hint),
      SPN_METHOD("usedPsk", conn_used_psk),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}

/* ---- SecureContext methods ----------------------------------------------------- */

/* setPsk(identity | null, key): a static key for both roles. */
static napi_value ctx_set_psk(napi_env env, napi_callback_info info) {
  napi_value argv[2], self;
  sp_ctx *ctx;
  char *identity;
  spn_bytes key;
  sp_error err;
  if (spn_get_args(env, info, 2, argv, &self) != 0 ||
      spn_secure_context_unwrap(env, self, &ctx) != 0 ||
      optional_string(env, argv[0], "identity", &identity) != 0)
    return NULL;
  if (spn_get_bytes(env, argv[1], "key", 0, &key) != 0) {
    free(identity);
    return NULL;
  }
  sp_error_clear(&err);
  int rc = sp_ctx_set_psk(ctx, identity, key.data, key.len, &err);
  free(identity);
  if (rc != SP_OK)
    return spn_throw_error(env, &err);
  return undefined_value(env);
}

/* setPskIdentityHint(hint | null) */
static napi_value ctx_set_hint(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  sp_ctx *ctx;
  char *hint;
  sp_error err;
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_secure_context_unwrap(env, self, &ctx) != 0 ||
      optional_string(env, argv[0], "hint", &hint) != 0)
    return NULL;
  sp_error_clear(&err);
  int rc = sp_ctx_set_psk_identity_hint(ctx, hint, &err);
  free(hint);
  if (rc != SP_OK)
    return spn_throw_error(env, &err);
  return undefined_value(env);
}

/* useGeneratedCertificate(commonName | undefined) */
static napi_value ctx_use_generated(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  sp_ctx *ctx;
  char *name;
  sp_error err;
  if (spn_get_args(env, info, 1, argv, &self) != 0 ||
      spn_secure_context_unwrap(env, self, &ctx) != 0 ||
      optional_string(env, argv[0], "commonName", &name) != 0)
    return NULL;
  sp_error_clear(&err);
  int rc = sp_ctx_use_generated_selfsigned(ctx, name, &err);
  free(name);
  if (rc != SP_OK)
    return spn_throw_error(env, &err);
  return undefined_value(env);
}

int spn_psk_context_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("setPsk", ctx_set_psk),
      SPN_METHOD("setPskIdentityHint", ctx_set_hint),
      SPN_METHOD("useGeneratedCertificate", ctx_use_generated),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}
