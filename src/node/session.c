/*
 * Sessions and credentials (core session.c and credentials.c) as methods:
 *  - Connection: setSession(buf), getSession(), isSessionReused(),
 *    getTLSTicket(), enableSessionEvents(hold), releaseOutput(),
 *    setResumeSession(buf), getEphemeralKeyInfo(); the onnewsession
 *    callback is raised by connection.c with spn_session_args().
 *  - SecureContext: setSessionIdContext, setSessionTimeout, setTicketKeys,
 *    getTicketKeys, loadPKCS12, addCRL, setDHParam, setDHAuto, setSigalgs.
 */
#include <stdlib.h>

#include "sp_node.h"

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

static napi_value boolean_value(napi_env env, int b) {
  napi_value v;
  SPN_CALL(env, napi_get_boolean(env, b != 0, &v));
  return v;
}

/* `this` as a Connection and its engine (NULL once destroyed or failed). */
static int conn_args(napi_env env, napi_callback_info info, size_t argc,
                     napi_value *argv, napi_value *self, sp_conn **conn) {
  if (spn_get_args(env, info, argc, argv, self) != 0)
    return -1;
  return spn_conn_engine(env, *self, conn);
}

/* ---- the onnewsession arguments ----------------------------------------- */

int spn_session_args(napi_env env, sp_conn *conn, int during_handshake,
                     napi_value *argv) {
  const sp_session *next = sp_conn_peek_session(conn);
  sp_session session;
  napi_status s;
  if (next == NULL || (during_handshake && !next->during_handshake) ||
      sp_conn_take_session(conn, &session) != SP_OK)
    return 0;
  s = napi_create_buffer_copy(env, session.id_len, session.id, NULL, &argv[0]);
  if (s == napi_ok)
    s = napi_create_buffer_copy(env, session.der_len, session.der, NULL,
                                &argv[1]);
  sp_session_free(&session);
  if (s != napi_ok) {
    spn_throw_napi(env, s);
    return -1;
  }
  return 1;
}

/* ---- Connection methods ------------------------------------------------- */

typedef int (*session_setter)(sp_conn *conn, const void *der, size_t len);

/* Hands a DER session to the engine: true when it will be used, false when
 * the bytes are no session (ignored, as Node ignores them). */
static napi_value set_session_with(napi_env env, napi_callback_info info,
                                   session_setter set) {
  napi_value argv[1], self;
  sp_conn *conn;
  spn_bytes der;
  if (conn_args(env, info, 1, argv, &self, &conn) != 0 ||
      spn_get_bytes(env, argv[0], "session", 0, &der) != 0)
    return NULL;
  if (conn == NULL)
    return boolean_value(env, 0);
  int rc = set(conn, der.data, der.len);
  if (rc == SP_ERROR)
    return spn_throw_conn_error(env, conn, "the session was refused");
  return boolean_value(env, rc == SP_OK);
}

/* setSession(buf): the client offers this session. */
static napi_value conn_set_session(napi_env env, napi_callback_info info) {
  return set_session_with(env, info, sp_conn_set_session);
}

/* A Buffer of `len` bytes filled by the core, or undefined for len 0. */
static napi_value session_buffer(napi_env env, sp_conn *conn) {
  size_t len = conn != NULL ? sp_conn_session(conn, NULL, 0) : 0;
  napi_value buf;
  void *data;
  if (len == 0)
    return undefined_value(env);
  SPN_CALL(env, napi_create_buffer(env, len, &data, &buf));
  if (sp_conn_session(conn, data, len) != len)
    return undefined_value(env);
  return buf;
}

static napi_value conn_get_session(napi_env env, napi_callback_info info) {
  napi_value self;
  sp_conn *conn;
  if (conn_args(env, info, 0, NULL, &self, &conn) != 0)
    return NULL;
  return session_buffer(env, conn);
}

static napi_value conn_is_session_reused(napi_env env,
                                         napi_callback_info info) {
  napi_value self;
  sp_conn *conn;
  if (conn_args(env, info, 0, NULL, &self, &conn) != 0)
    return NULL;
  return boolean_value(env, conn != NULL && sp_conn_session_reused(conn));
}

static napi_value conn_get_tls_ticket(napi_env env, napi_callback_info info) {
  napi_value self, buf;
  sp_conn *conn;
  size_t len = 0;
  if (conn_args(env, info, 0, NULL, &self, &conn) != 0)
    return NULL;
  const uint8_t *ticket =
      conn != NULL ? sp_conn_session_ticket(conn, &len) : NULL;
  if (ticket == NULL)
    return undefined_value(env);
  SPN_CALL(env, napi_create_buffer_copy(env, len, ticket, NULL, &buf));
  return buf;
}

/* enableSessionEvents(hold): onnewsession for each new session; a server
 * with `hold` keeps its output back until releaseOutput(). */
static napi_value conn_enable_session_events(napi_env env,
                                             napi_callback_info info) {
  napi_value argv[1], self;
  sp_conn *conn;
  int hold;
  if (conn_args(env, info, 1, argv, &self, &conn) != 0 ||
      spn_get_flag(env, argv[0], &hold) != 0)
    return NULL;
  if (conn == NULL)
    return undefined_value(env);
  if (sp_conn_set_session_events(
          conn, SP_SESSION_EVENTS | (hold ? SP_SESSION_HOLD : 0)) != SP_OK)
    return spn_throw_conn_error(env, conn, "session events were refused");
  return undefined_value(env);
}

/* releaseOutput(): the held output goes out (onwrite) now, or when the
 * outermost call on this connection returns. */
static napi_value conn_release_output(napi_env env, napi_callback_info info) {
  napi_value self;
  sp_conn *conn;
  if (conn_args(env, info, 0, NULL, &self, &conn) != 0)
    return NULL;
  if (conn == NULL)
    return undefined_value(env);
  sp_conn_release_output(conn);
  return spn_conn_pump(env, self);
}

/* setResumeSession(buf): the external cache's answer (false: a full
 * handshake follows). */
static napi_value conn_set_resume_session(napi_env env,
                                          napi_callback_info info) {
  return set_session_with(env, info, sp_conn_set_resume_session);
}

static int set_property(napi_env env, napi_value obj, const char *name,
                        napi_value value) {
  SPN_CALL_INT(env, napi_set_named_property(env, obj, name, value));
  return 0;
}

/* getEphemeralKeyInfo(): {} or { type, name?, size } (Node's shape). */
static napi_value conn_get_ephemeral_key_info(napi_env env,
                                              napi_callback_info info) {
  napi_value self, obj, v;
  sp_conn *conn;
  sp_key_info key;
  if (conn_args(env, info, 0, NULL, &self, &conn) != 0)
    return NULL;
  SPN_CALL(env, napi_create_object(env, &obj));
  if (conn == NULL || sp_conn_ephemeral_key(conn, &key) != SP_OK ||
      key.type == NULL)
    return obj;
  SPN_CALL(env, napi_create_string_utf8(env, key.type, NAPI_AUTO_LENGTH, &v));
  if (set_property(env, obj, "type", v) != 0)
    return NULL;
  if (key.name != NULL) {
    SPN_CALL(env, napi_create_string_utf8(env, key.name, NAPI_AUTO_LENGTH, &v));
    if (set_property(env, obj, "name", v) != 0)
      return NULL;
  }
  SPN_CALL(env, napi_create_int32(env, key.size, &v));
  if (set_property(env, obj, "size", v) != 0)
    return NULL;
  return obj;
}

int spn_session_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("setSession", conn_set_session),
      SPN_METHOD("getSession", conn_get_session),
      SPN_METHOD("isSessionReused", conn_is_session_reused),
      SPN_METHOD("getTLSTicket", conn_get_tls_ticket),
      SPN_METHOD("enableSessionEvents", conn_enable_session_events),
      SPN_METHOD("releaseOutput", conn_release_output),
      SPN_METHOD("setResumeSession", conn_set_resume_session),
      SPN_METHOD("getEphemeralKeyInfo", conn_get_ephemeral_key_info),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}

/* ---- SecureContext methods ---------------------------------------------- */

/* The common tail: undefined, or throw the core's error. */
static napi_value finish(napi_env env, int rc, const sp_error *err) {
  if (rc != SP_OK)
    return spn_throw_error(env, err);
  return undefined_value(env);
}

static int ctx_args(napi_env env, napi_callback_info info, size_t argc,
                    napi_value *argv, sp_ctx **ctx) {
  napi_value self;
  if (spn_get_args(env, info, argc, argv, &self) != 0)
    return -1;
  return spn_secure_context_unwrap(env, self, ctx);
}

/* setSessionIdContext(string) */
static napi_value ctx_set_session_id_context(napi_env env,
                                             napi_callback_info info) {
  napi_value argv[1];
  sp_ctx *ctx;
  spn_bytes sid;
  sp_error err;
  if (ctx_args(env, info, 1, argv, &ctx) != 0 ||
      spn_get_bytes(env, argv[0], "sessionIdContext", 1, &sid) != 0)
    return NULL;
  sp_error_clear(&err);
  int rc = sp_ctx_set_session_id_context(ctx, sid.data, sid.len, &err);
  spn_bytes_release(&sid);
  return finish(env, rc, &err);
}

/* setSessionTimeout(seconds) */
static napi_value ctx_set_session_timeout(napi_env env,
                                          napi_callback_info info) {
  napi_value argv[1];
  sp_ctx *ctx;
  int64_t seconds;
  sp_error err;
  if (ctx_args(env, info, 1, argv, &ctx) != 0)
    return NULL;
  if (napi_get_value_int64(env, argv[0], &seconds) != napi_ok)
    return spn_throw_arg_type(env, "seconds", "of type number");
  sp_error_clear(&err);
  return finish(env, sp_ctx_set_session_timeout(ctx, (long)seconds, &err),
                &err);
}

/* setTicketKeys(buf48) */
static napi_value ctx_set_ticket_keys(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sp_ctx *ctx;
  spn_bytes keys;
  sp_error err;
  if (ctx_args(env, info, 1, argv, &ctx) != 0 ||
      spn_get_bytes(env, argv[0], "keys", 0, &keys) != 0)
    return NULL;
  sp_error_clear(&err);
  return finish(env, sp_ctx_set_ticket_keys(ctx, keys.data, keys.len, &err),
                &err);
}

/* getTicketKeys() -> Buffer(48) */
static napi_value ctx_get_ticket_keys(napi_env env, napi_callback_info info) {
  napi_value buf;
  sp_ctx *ctx;
  void *data;
  if (ctx_args(env, info, 0, NULL, &ctx) != 0)
    return NULL;
  SPN_CALL(env, napi_create_buffer(env, SP_TICKET_KEYS_LEN, &data, &buf));
  if (sp_ctx_get_ticket_keys(ctx, data) != SP_OK)
    return spn_throw_code(env, "ERR_SP_INTERNAL", "no ticket keys");
  return buf;
}

/* loadPKCS12(buf, passphrase | undefined) */
static napi_value ctx_load_pkcs12(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  sp_ctx *ctx;
  spn_bytes der;
  char *passphrase = NULL;
  napi_valuetype t;
  sp_error err;
  if (ctx_args(env, info, 2, argv, &ctx) != 0)
    return NULL;
  SPN_CALL(env, napi_typeof(env, argv[1], &t));
  if (t != napi_undefined && t != napi_null &&
      spn_get_string(env, argv[1], "passphrase", &passphrase) != 0)
    return NULL;
  if (spn_get_bytes(env, argv[0], "pfx", 1, &der) != 0) {
    free(passphrase);
    return NULL;
  }
  sp_error_clear(&err);
  int rc = sp_ctx_use_pkcs12(ctx, der.data, der.len, passphrase, &err);
  spn_bytes_release(&der);
  free(passphrase);
  return finish(env, rc, &err);
}

/* addCRL(pem) */
static napi_value ctx_add_crl(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sp_ctx *ctx;
  spn_bytes pem;
  sp_error err;
  if (ctx_args(env, info, 1, argv, &ctx) != 0 ||
      spn_get_bytes(env, argv[0], "crl", 1, &pem) != 0)
    return NULL;
  sp_error_clear(&err);
  int rc = sp_ctx_add_crl_pem(ctx, pem.data, pem.len, &err);
  spn_bytes_release(&pem);
  return finish(env, rc, &err);
}

/*
 * setDHParam(pem) -> the prime's size in bits. A failure throws the core's
 * error with `bits` added when the size was read (lib's size policy needs
 * it even when the engine refused the parameters).
 */
static napi_value ctx_set_dh_param(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  sp_ctx *ctx;
  spn_bytes pem;
  sp_error err;
  int bits = 0;
  if (ctx_args(env, info, 1, argv, &ctx) != 0 ||
      spn_get_bytes(env, argv[0], "dhparam", 1, &pem) != 0)
    return NULL;
  sp_error_clear(&err);
  int rc = sp_ctx_set_dh_params_pem(ctx, pem.data, pem.len, &bits, &err);
  spn_bytes_release(&pem);
  if (rc != SP_OK) {
    napi_value error = spn_error_value(env, &err);
    if (error == NULL)
      return NULL;
    if (bits > 0) {
      SPN_CALL(env, napi_create_int32(env, bits, &v));
      if (set_property(env, error, "bits", v) != 0)
        return NULL;
    }
    SPN_CALL(env, napi_throw(env, error));
    return NULL;
  }
  SPN_CALL(env, napi_create_int32(env, bits, &v));
  return v;
}

static napi_value ctx_set_dh_auto(napi_env env, napi_callback_info info) {
  sp_ctx *ctx;
  sp_error err;
  if (ctx_args(env, info, 0, NULL, &ctx) != 0)
    return NULL;
  sp_error_clear(&err);
  return finish(env, sp_ctx_set_dh_auto(ctx, &err), &err);
}

/* setSigalgs(list) */
static napi_value ctx_set_sigalgs(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sp_ctx *ctx;
  char *list;
  sp_error err;
  if (ctx_args(env, info, 1, argv, &ctx) != 0 ||
      spn_get_string(env, argv[0], "sigalgs", &list) != 0)
    return NULL;
  sp_error_clear(&err);
  int rc = sp_ctx_set_sigalgs(ctx, list, &err);
  free(list);
  return finish(env, rc, &err);
}

int spn_session_context_methods(napi_env env, napi_value proto) {
  static const napi_property_descriptor methods[] = {
      SPN_METHOD("setSessionIdContext", ctx_set_session_id_context),
      SPN_METHOD("setSessionTimeout", ctx_set_session_timeout),
      SPN_METHOD("setTicketKeys", ctx_set_ticket_keys),
      SPN_METHOD("getTicketKeys", ctx_get_ticket_keys),
      SPN_METHOD("loadPKCS12", ctx_load_pkcs12),
      SPN_METHOD("addCRL", ctx_add_crl),
      SPN_METHOD("setDHParam", ctx_set_dh_param),
      SPN_METHOD("setDHAuto", ctx_set_dh_auto),
      SPN_METHOD("setSigalgs", ctx_set_sigalgs),
  };
  return spn_define_methods(env, proto, methods,
                            sizeof(methods) / sizeof(methods[0]));
}
