/*
 * SecureContext: a JS handle on one reference to a core sp_ctx.
 * Setters throw on failure; close() drops the reference early (connections
 * hold their own), later calls are no-ops.
 */
#include <stdlib.h>

#include "sp_node.h"

typedef struct spn_ctx {
  sp_ctx *ctx; /* NULL after close() */
} spn_ctx;

static const napi_type_tag secure_context_tag = {0x5ec0e9a1c0f7e3d1ULL,
                                                 0x8b6f3c2d11a04e77ULL};

static void ctx_finalize(napi_env env, void *data, void *hint) {
  spn_ctx *c = data;
  if (c->ctx != NULL)
    sp_ctx_unref(c->ctx);
  free(c);
}

/* `this` as an spn_ctx; NULL with an exception pending. */
static spn_ctx *this_ctx(napi_env env, napi_value self) {
  void *data = NULL;
  if (spn_check_tag(env, self, &secure_context_tag, "SecureContext") != 0)
    return NULL;
  SPN_CALL(env, napi_unwrap(env, self, &data));
  return data;
}

/* Common prologue: argv filled, *out the live context or NULL if closed. */
static int method_prologue(napi_env env, napi_callback_info info, size_t argc,
                           napi_value *argv, sp_ctx **out) {
  napi_value self;
  if (spn_get_args(env, info, argc, argv, &self) != 0)
    return -1;
  spn_ctx *c = this_ctx(env, self);
  if (c == NULL)
    return -1;
  *out = c->ctx;
  return 0;
}

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

/* The common tail: undefined on success, else throw the core's error. */
static napi_value finish(napi_env env, int rc, const sp_error *err) {
  if (rc != SP_OK)
    return spn_throw_error(env, err);
  return undefined_value(env);
}

int spn_secure_context_unwrap(napi_env env, napi_value value, sp_ctx **out) {
  napi_valuetype t;
  bool ok = false;
  void *data = NULL;
  SPN_CALL_INT(env, napi_typeof(env, value, &t));
  if (t == napi_object)
    SPN_CALL_INT(env,
                 napi_check_object_type_tag(env, value, &secure_context_tag,
                                            &ok));
  if (!ok) {
    spn_throw_arg_type(env, "secureContext", "an instance of SecureContext");
    return -1;
  }
  SPN_CALL_INT(env, napi_unwrap(env, value, &data));
  spn_ctx *c = data;
  if (c->ctx == NULL) {
    spn_throw_code(env, "ERR_SP_CONTEXT_CLOSED", "SecureContext is closed");
    return -1;
  }
  *out = c->ctx;
  return 0;
}

static napi_value ctx_construct(napi_env env, napi_callback_info info) {
  napi_value self;
  sp_error err;
  if (spn_check_construct(env, info, "SecureContext") != 0)
    return NULL;
  if (spn_get_args(env, info, 0, NULL, &self) != 0)
    return NULL;
  spn_ctx *c = malloc(sizeof(*c));
  if (c == NULL)
    return spn_throw_code(env, "ERR_SP_NOMEM", "out of memory");
  sp_error_clear(&err);
  c->ctx = sp_ctx_new(SP_TRANSPORT_TLS, &err);
  if (c->ctx == NULL) {
    free(c);
    return spn_throw_error(env, &err);
  }
  napi_status s = napi_wrap(env, self, c, ctx_finalize, NULL, NULL);
  if (s != napi_ok) {
    ctx_finalize(env, c, NULL);
    spn_throw_napi(env, s);
    return NULL;
  }
  SPN_CALL(env, napi_type_tag_object(env, self, &secure_context_tag));
  return self;
}

static napi_value ctx_set_protocol_range(napi_env env,
                                         napi_callback_info info) {
  napi_value argv[2];
  sp_ctx *ctx;
  int32_t min, max;
  sp_error err;
  if (method_prologue(env, info, 2, argv, &ctx) != 0)
    return NULL;
  if (napi_get_value_int32(env, argv[0], &min) != napi_ok)
    return spn_throw_arg_type(env, "min", "of type number");
  if (napi_get_value_int32(env, argv[1], &max) != napi_ok)
    return spn_throw_arg_type(env, "max", "of type number");
  if (ctx == NULL)
    return undefined_value(env);
  sp_error_clear(&err);
  return finish(env, sp_ctx_set_protocol_range(ctx, min, max, &err), &err);
}

static napi_value ctx_set_key(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  sp_ctx *ctx;
  spn_bytes pem;
  char *passphrase = NULL;
  napi_valuetype t;
  sp_error err;
  if (method_prologue(env, info, 2, argv, &ctx) != 0)
    return NULL;
  SPN_CALL(env, napi_typeof(env, argv[1], &t));
  if (t != napi_undefined && t != napi_null &&
      spn_get_string(env, argv[1], "passphrase", &passphrase) != 0)
    return NULL;
  if (spn_get_bytes(env, argv[0], "pem", 1, &pem) != 0) {
    free(passphrase);
    return NULL;
  }
  int rc = SP_OK;
  sp_error_clear(&err);
  if (ctx != NULL)
    rc = sp_ctx_use_key_pem(ctx, pem.data, pem.len, passphrase, &err);
  spn_bytes_release(&pem);
  free(passphrase);
  return finish(env, rc, &err);
}

/* setCert, addCACert: one PEM argument. */
static napi_value pem_method(napi_env env, napi_callback_info info,
                             int (*fn)(sp_ctx *, const void *, size_t,
                                       sp_error *)) {
  napi_value argv[1];
  sp_ctx *ctx;
  spn_bytes pem;
  sp_error err;
  if (method_prologue(env, info, 1, argv, &ctx) != 0)
    return NULL;
  if (spn_get_bytes(env, argv[0], "pem", 1, &pem) != 0)
    return NULL;
  int rc = SP_OK;
  sp_error_clear(&err);
  if (ctx != NULL)
    rc = fn(ctx, pem.data, pem.len, &err);
  spn_bytes_release(&pem);
  return finish(env, rc, &err);
}

static napi_value ctx_set_cert(napi_env env, napi_callback_info info) {
  return pem_method(env, info, sp_ctx_use_cert_chain_pem);
}

static napi_value ctx_add_ca_cert(napi_env env, napi_callback_info info) {
  return pem_method(env, info, sp_ctx_add_ca_pem);
}

/* setCiphers, setCipherSuites, setGroups: one string argument. */
static napi_value string_method(napi_env env, napi_callback_info info,
                                int (*fn)(sp_ctx *, const char *, sp_error *)) {
  napi_value argv[1];
  sp_ctx *ctx;
  char *list;
  sp_error err;
  if (method_prologue(env, info, 1, argv, &ctx) != 0)
    return NULL;
  if (spn_get_string(env, argv[0], "list", &list) != 0)
    return NULL;
  int rc = SP_OK;
  sp_error_clear(&err);
  if (ctx != NULL)
    rc = fn(ctx, list, &err);
  free(list);
  return finish(env, rc, &err);
}

static napi_value ctx_set_ciphers(napi_env env, napi_callback_info info) {
  return string_method(env, info, sp_ctx_set_ciphers);
}

static napi_value ctx_set_cipher_suites(napi_env env,
                                        napi_callback_info info) {
  return string_method(env, info, sp_ctx_set_ciphersuites);
}

static napi_value ctx_set_groups(napi_env env, napi_callback_info info) {
  return string_method(env, info, sp_ctx_set_groups);
}

static napi_value ctx_set_options(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sp_ctx *ctx;
  double bits;
  sp_error err;
  if (method_prologue(env, info, 1, argv, &ctx) != 0)
    return NULL;
  /* Options are bit masks below 2^53; a double holds them exactly. JS
   * bitwise operators give signed 32-bit results (SSL_OP_ALL | x < 0), so
   * a negative int32 stands for the same 32 bits. */
  if (napi_get_value_double(env, argv[0], &bits) != napi_ok)
    return spn_throw_arg_type(env, "options", "of type number");
  if (bits < 0 && bits >= -2147483648.0)
    bits += 4294967296.0;
  if (!(bits >= 0 && bits <= 9007199254740991.0) ||
      bits != (double)(uint64_t)bits) {
    SPN_CALL(env, napi_throw_range_error(
                      env, "ERR_OUT_OF_RANGE",
                      "The \"options\" argument must be an integer below "
                      "2^53 (or a signed 32-bit bit mask)"));
    return NULL;
  }
  if (ctx == NULL)
    return undefined_value(env);
  sp_error_clear(&err);
  return finish(env, sp_ctx_set_options(ctx, (uint64_t)bits, &err), &err);
}

static napi_value ctx_add_root_certs(napi_env env, napi_callback_info info) {
  sp_ctx *ctx;
  sp_error err;
  if (method_prologue(env, info, 0, NULL, &ctx) != 0)
    return NULL;
  if (ctx == NULL)
    return undefined_value(env);
  spn_env *e = spn_env_get(env);
  if (e == NULL)
    return NULL;
  sp_error_clear(&err);
  sp_ctx *roots = spn_env_roots(e, &err);
  if (roots == NULL)
    return spn_throw_error(env, &err);
  return finish(env, sp_ctx_share_trust(ctx, roots, &err), &err);
}

static napi_value ctx_close(napi_env env, napi_callback_info info) {
  napi_value self;
  if (spn_get_args(env, info, 0, NULL, &self) != 0)
    return NULL;
  spn_ctx *c = this_ctx(env, self);
  if (c == NULL)
    return NULL;
  if (c->ctx != NULL) {
    sp_ctx_unref(c->ctx);
    c->ctx = NULL;
  }
  return undefined_value(env);
}

napi_value spn_secure_context_class(napi_env env) {
#define METHOD(name, fn)                                                       \
  { name, NULL, fn, NULL, NULL, NULL, napi_default_method, NULL }
  static const napi_property_descriptor methods[] = {
      METHOD("setProtocolRange", ctx_set_protocol_range),
      METHOD("setKey", ctx_set_key),
      METHOD("setCert", ctx_set_cert),
      METHOD("addCACert", ctx_add_ca_cert),
      METHOD("addRootCerts", ctx_add_root_certs),
      METHOD("setCiphers", ctx_set_ciphers),
      METHOD("setCipherSuites", ctx_set_cipher_suites),
      METHOD("setGroups", ctx_set_groups),
      METHOD("setOptions", ctx_set_options),
      METHOD("close", ctx_close),
  };
#undef METHOD
  napi_value cls;
  SPN_CALL(env, napi_define_class(env, "SecureContext", NAPI_AUTO_LENGTH,
                                  ctx_construct, NULL,
                                  sizeof(methods) / sizeof(methods[0]),
                                  methods, &cls));
  napi_value proto;
  SPN_CALL(env, napi_get_named_property(env, cls, "prototype", &proto));
  if (spn_psk_context_methods(env, proto) != 0 ||
      spn_session_context_methods(env, proto) != 0)
    return NULL;
  return cls;
}
