/*
 * Module init and module-level functions: per-environment state (callback
 * references, the shared root store, the plaintext scratch), setCallbacks,
 * setRootCertificates, constants, opensslVersion.
 */
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include "sp_node.h"

static const char *const callback_names[SPN_CB_COUNT] = {
    [SPN_CB_WRITE] = "onwrite",
    [SPN_CB_DATA] = "ondata",
    [SPN_CB_HANDSHAKE_START] = "onhandshakestart",
    [SPN_CB_HANDSHAKE_DONE] = "onhandshakedone",
    [SPN_CB_PEER_CLOSE] = "onpeerclose",
    [SPN_CB_ERROR] = "onerror",
    [SPN_CB_CLIENT_HELLO] = "onclienthello",
    [SPN_CB_KEYLOG] = "onkeylog",
    [SPN_CB_TRACE] = "ontrace",
    [SPN_CB_PSK_SERVER] = "onpskserver",
    [SPN_CB_PSK_CLIENT] = "onpskclient",
    [SPN_CB_NEW_SESSION] = "onnewsession",
};

static void env_finalize(napi_env env, void *data, void *hint) {
  spn_env *e = data;
  for (int i = 0; i < SPN_CB_COUNT; i++)
    if (e->cb[i] != NULL)
      napi_delete_reference(env, e->cb[i]);
  if (e->null_object != NULL)
    napi_delete_reference(env, e->null_object);
  if (e->roots != NULL)
    sp_ctx_unref(e->roots);
  free(e->scratch);
  free(e);
}

spn_env *spn_env_get(napi_env env) {
  void *data = NULL;
  SPN_CALL(env, napi_get_instance_data(env, &data));
  if (data == NULL)
    spn_throw_code(env, "ERR_SP_INTERNAL", "securepair is not initialized");
  return data;
}

sp_ctx *spn_env_roots(spn_env *e, sp_error *err) {
  if (e->roots != NULL)
    return e->roots;
  /* Loaded once and shared by every context: one store per process. */
  sp_ctx *roots = sp_ctx_new(SP_TRANSPORT_TLS, err);
  if (roots == NULL)
    return NULL;
  if (sp_ctx_use_system_roots(roots, err) != SP_OK) {
    sp_ctx_unref(roots);
    return NULL;
  }
  e->roots = roots;
  return roots;
}

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

static napi_value set_callbacks(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  napi_value fns[SPN_CB_COUNT];
  napi_valuetype t;
  if (spn_get_args(env, info, 1, argv, NULL) != 0)
    return NULL;
  SPN_CALL(env, napi_typeof(env, argv[0], &t));
  if (t != napi_object)
    return spn_throw_arg_type(env, "callbacks", "of type object");
  /* All are checked before any is replaced; optional ones may be absent. */
  for (int i = 0; i < SPN_CB_COUNT; i++) {
    SPN_CALL(env, napi_get_named_property(env, argv[0], callback_names[i],
                                          &fns[i]));
    SPN_CALL(env, napi_typeof(env, fns[i], &t));
    if (t == napi_undefined && i >= SPN_CB_REQUIRED)
      fns[i] = NULL;
    else if (t != napi_function)
      return spn_throw_arg_type(env, callback_names[i], "of type function");
  }
  spn_env *e = spn_env_get(env);
  if (e == NULL)
    return NULL;
  for (int i = 0; i < SPN_CB_COUNT; i++) {
    napi_ref ref = NULL;
    if (fns[i] != NULL)
      SPN_CALL(env, napi_create_reference(env, fns[i], 1, &ref));
    if (e->cb[i] != NULL)
      SPN_CALL(env, napi_delete_reference(env, e->cb[i]));
    e->cb[i] = ref;
  }
  return undefined_value(env);
}

static napi_value set_root_certificates(napi_env env,
                                        napi_callback_info info) {
  napi_value argv[1];
  bool is_array;
  uint32_t count;
  sp_error err;
  if (spn_get_args(env, info, 1, argv, NULL) != 0)
    return NULL;
  SPN_CALL(env, napi_is_array(env, argv[0], &is_array));
  if (!is_array)
    return spn_throw_arg_type(env, "pems", "an instance of Array");
  spn_env *e = spn_env_get(env);
  if (e == NULL)
    return NULL;
  SPN_CALL(env, napi_get_array_length(env, argv[0], &count));

  sp_error_clear(&err);
  sp_ctx *roots = sp_ctx_new(SP_TRANSPORT_TLS, &err);
  if (roots == NULL)
    return spn_throw_error(env, &err);
  for (uint32_t i = 0; i < count; i++) {
    napi_value v;
    spn_bytes pem;
    napi_status s = napi_get_element(env, argv[0], i, &v);
    if (s != napi_ok) {
      sp_ctx_unref(roots);
      spn_throw_napi(env, s);
      return NULL;
    }
    if (spn_get_bytes(env, v, "pems[i]", 1, &pem) != 0) {
      sp_ctx_unref(roots);
      return NULL;
    }
    int rc = sp_ctx_add_ca_pem(roots, pem.data, pem.len, &err);
    spn_bytes_release(&pem);
    if (rc != SP_OK) {
      sp_ctx_unref(roots);
      return spn_throw_error(env, &err);
    }
  }
  /* Contexts that already share the old store keep their reference. */
  if (e->roots != NULL)
    sp_ctx_unref(e->roots);
  e->roots = roots;
  return undefined_value(env);
}

/* ---- exports ------------------------------------------------------------------ */

static int export_value(napi_env env, napi_value exports, const char *name,
                        napi_value value) {
  SPN_CALL_INT(env, napi_set_named_property(env, exports, name, value));
  return 0;
}

static int export_number(napi_env env, napi_value exports, const char *name,
                         double value) {
  napi_value v;
  SPN_CALL_INT(env, napi_create_double(env, value, &v));
  return export_value(env, exports, name, v);
}

static int export_function(napi_env env, napi_value exports, const char *name,
                           napi_callback cb) {
  napi_value fn;
  SPN_CALL_INT(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL,
                                         &fn));
  return export_value(env, exports, name, fn);
}

static int export_constants(napi_env env, napi_value exports) {
  static const struct {
    const char *name;
    uint64_t value;
  } constants[] = {
#define C(name) {#name, (uint64_t)(name)}
      {"TLS1_VERSION", SP_TLS1_VERSION},
      {"TLS1_1_VERSION", SP_TLS1_1_VERSION},
      {"TLS1_2_VERSION", SP_TLS1_2_VERSION},
      {"TLS1_3_VERSION", SP_TLS1_3_VERSION},
      C(SSL_OP_ALL),
      C(SSL_OP_CIPHER_SERVER_PREFERENCE),
      C(SSL_OP_NO_TICKET),
      C(SSL_OP_NO_RENEGOTIATION),
      C(SSL_OP_NO_COMPRESSION),
      C(SSL_OP_NO_SSLv3),
      C(SSL_OP_NO_TLSv1),
      C(SSL_OP_NO_TLSv1_1),
      C(SSL_OP_NO_TLSv1_2),
      C(SSL_OP_NO_TLSv1_3),
      C(SSL_OP_NO_QUERY_MTU),
      C(SSL_OP_COOKIE_EXCHANGE),
      C(SSL_OP_LEGACY_SERVER_CONNECT),
      C(SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION),
      C(SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION),
      C(SSL_OP_PRIORITIZE_CHACHA),
      C(SSL_OP_ENABLE_MIDDLEBOX_COMPAT),
      C(SSL_OP_NO_ENCRYPT_THEN_MAC),
      C(SSL_OP_NO_ANTI_REPLAY),
      C(SSL_OP_ALLOW_NO_DHE_KEX),
      C(SSL_OP_IGNORE_UNEXPECTED_EOF),
      C(SSL_OP_TLSEXT_PADDING),
      C(SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS),
      C(SSL_OP_CRYPTOPRO_TLSEXT_BUG),
      C(SSL_OP_SAFARI_ECDHE_ECDSA_BUG),
      C(SSL_OP_NO_EXTENDED_MASTER_SECRET),
      C(SSL_OP_CLEANSE_PLAINTEXT),
      C(SSL_OP_ENABLE_KTLS),
      C(SSL_OP_ALLOW_CLIENT_RENEGOTIATION),
#undef C
  };
  for (size_t i = 0; i < sizeof(constants) / sizeof(constants[0]); i++)
    if (export_number(env, exports, constants[i].name,
                      (double)constants[i].value) != 0)
      return -1;
  return 0;
}

/* A closure of ours for null-prototype objects (see cert.c). */
static int make_null_object_fn(napi_env env, spn_env *e) {
  napi_value source, fn;
  SPN_CALL_INT(env, napi_create_string_utf8(
                        env, "(function () { return { __proto__: null }; })",
                        NAPI_AUTO_LENGTH, &source));
  SPN_CALL_INT(env, napi_run_script(env, source, &fn));
  SPN_CALL_INT(env, napi_create_reference(env, fn, 1, &e->null_object));
  return 0;
}

NAPI_MODULE_INIT() {
  spn_env *e = calloc(1, sizeof(*e));
  if (e == NULL)
    return spn_throw_code(env, "ERR_SP_NOMEM", "out of memory");
  napi_status s = napi_set_instance_data(env, e, env_finalize, NULL);
  if (s != napi_ok) {
    free(e);
    spn_throw_napi(env, s);
    return NULL;
  }
  if (make_null_object_fn(env, e) != 0)
    return NULL;

  napi_value cls, version;
  if ((cls = spn_secure_context_class(env)) == NULL ||
      export_value(env, exports, "SecureContext", cls) != 0)
    return NULL;
  if ((cls = spn_connection_class(env)) == NULL ||
      export_value(env, exports, "Connection", cls) != 0)
    return NULL;
  if (export_function(env, exports, "setCallbacks", set_callbacks) != 0 ||
      export_function(env, exports, "setRootCertificates",
                      set_root_certificates) != 0)
    return NULL;
  SPN_CALL(env, napi_create_string_utf8(env, OpenSSL_version(OPENSSL_VERSION),
                                        NAPI_AUTO_LENGTH, &version));
  if (export_value(env, exports, "opensslVersion", version) != 0 ||
      export_constants(env, exports) != 0)
    return NULL;
  return exports;
}
