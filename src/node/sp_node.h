/*
 * securepair Node-API glue: private declarations shared by the files in src/node.
 *
 * The binding is thin: it wraps core objects (securepair.h) in JS classes and
 * turns core statuses into callbacks and core errors into JS Errors. Policy
 * lives in lib/. The contract with lib/ is doc/internals/binding.md.
 */
#ifndef SP_NODE_H
#define SP_NODE_H

#include <stddef.h>
#include <stdint.h>

#include <node_api.h>

#include "securepair.h"

/* ---- per-environment state (napi_set_instance_data) --------------------- */

/* The callbacks lib registers once with setCallbacks(), by slot. The
 * first SPN_CB_REQUIRED must be given; the others are optional. */
enum {
  SPN_CB_WRITE,
  SPN_CB_DATA,
  SPN_CB_HANDSHAKE_START,
  SPN_CB_HANDSHAKE_DONE,
  SPN_CB_PEER_CLOSE,
  SPN_CB_ERROR,
  SPN_CB_REQUIRED,
  SPN_CB_CLIENT_HELLO = SPN_CB_REQUIRED, /* hello.c */
  SPN_CB_KEYLOG,     /* debug.c: onkeylog(line) */
  SPN_CB_TRACE,      /* debug.c: ontrace(text) */
  SPN_CB_PSK_SERVER, /* psk.c: onpskserver(identity, maxKeyLen) */
  SPN_CB_PSK_CLIENT, /* psk.c: onpskclient(hint, maxKeyLen, maxIdentityLen) */
  SPN_CB_NEW_SESSION, /* session.c: onnewsession(sessionId, session) */
  SPN_CB_COUNT
};

/* Plaintext is decrypted into this much scratch, then copied out per batch. */
#define SPN_SCRATCH_SIZE (64 * 1024)

typedef struct spn_env {
  napi_ref cb[SPN_CB_COUNT]; /* NULL before setCallbacks(), or optional unset */
  napi_ref null_object;      /* () => ({ __proto__: null }), our own closure */
  sp_ctx *roots;             /* the shared root store; NULL until needed */
  uint8_t *scratch;          /* SPN_SCRATCH_SIZE bytes, allocated on first use */
} spn_env;

/* The environment's state; NULL (with a JS exception pending) on failure. */
spn_env *spn_env_get(napi_env env);

/*
 * A context that holds the root store addRootCerts() shares: the one built by
 * setRootCertificates(), else (built once, lazily) OpenSSL's default paths.
 * NULL with an sp_error in *err on failure.
 */
sp_ctx *spn_env_roots(spn_env *e, sp_error *err);

/* ---- checking Node-API calls -------------------------------------------- */

/*
 * Every napi_* call goes through SPN_TRY: on failure a JS Error is thrown
 * (unless one is already pending) and the enclosing function returns `ret`.
 */
#define SPN_TRY(env, call, ret)                                                \
  do {                                                                         \
    napi_status spn_status_ = (call);                                          \
    if (spn_status_ != napi_ok) {                                              \
      spn_throw_napi((env), spn_status_);                                      \
      return ret;                                                              \
    }                                                                          \
  } while (0)

/* For functions returning napi_value (NULL = "an exception is pending"). */
#define SPN_CALL(env, call) SPN_TRY(env, call, NULL)
/* For helpers returning int (-1 = "an exception is pending"). */
#define SPN_CALL_INT(env, call) SPN_TRY(env, call, -1)

/* ---- errors.c: the one place errors are made ----------------------------- */

/* Throw for a failed napi_* call, unless an exception is already pending. */
void spn_throw_napi(napi_env env, napi_status status);

/* A JS Error from a core error: message, code, library, reason. */
napi_value spn_error_value(napi_env env, const sp_error *err);
/* Throws spn_error_value(err). Always returns NULL, for `return spn_throw...`. */
napi_value spn_throw_error(napi_env env, const sp_error *err);
/* Throws an Error with a binding-made code (ERR_SP_*) and message. */
napi_value spn_throw_code(napi_env env, const char *code, const char *message);
/* Throws a connection's sticky error (what a refused setter left), else an
 * ERR_SP_INVALID_ARG Error saying `what`. Always returns NULL. */
napi_value spn_throw_conn_error(napi_env env, const sp_conn *conn,
                                const char *what);
/* Throws TypeError ERR_INVALID_ARG_TYPE: The "name" argument must be ... */
napi_value spn_throw_arg_type(napi_env env, const char *name,
                              const char *expected);

/* ---- errors.c: arguments --------------------------------------------------- */

/*
 * Bytes of a Buffer/Uint8Array (no copy: data points into the JS memory,
 * valid while the value is alive), or of a string when allow_string (UTF-8,
 * copied into `owned`). Release with spn_bytes_release().
 */
typedef struct spn_bytes {
  const void *data;
  size_t len;
  char *owned;
} spn_bytes;

int spn_get_bytes(napi_env env, napi_value value, const char *name,
                  int allow_string, spn_bytes *out);
void spn_bytes_release(spn_bytes *bytes);

/* A NUL-terminated UTF-8 copy of a JS string (free() it); -1 and throws. */
int spn_get_string(napi_env env, napi_value value, const char *name,
                   char **out);

/* napi_get_cb_info for exactly `argc` arguments (missing ones undefined). */
int spn_get_args(napi_env env, napi_callback_info info, size_t argc,
                 napi_value *argv, napi_value *self);

/* Truthiness of any value (booleans are coerced, as in `!!v`). */
int spn_get_flag(napi_env env, napi_value value, int *out);

/* ---- classes -------------------------------------------------------------- */

napi_value spn_secure_context_class(napi_env env);
napi_value spn_connection_class(napi_env env);

/*
 * The live core context of a SecureContext instance (borrowed). Throws a
 * TypeError if `value` is not a SecureContext, an Error if it was closed.
 */
int spn_secure_context_unwrap(napi_env env, napi_value value, sp_ctx **out);

/* Throws TypeError ERR_INVALID_THIS unless `value` carries `tag`. */
int spn_check_tag(napi_env env, napi_value value, const napi_type_tag *tag,
                  const char *class_name);

/* Throws unless called with `new`. */
int spn_check_construct(napi_env env, napi_callback_info info,
                        const char *class_name);

/* ---- connection.c: for Connection methods defined in other files --------- */

/*
 * The engine of the Connection `self`: 0 with *out set (NULL when the
 * connection was destroyed or has failed), or -1 with a TypeError pending
 * when `self` is no Connection.
 */
int spn_conn_engine(napi_env env, napi_value self, sp_conn **out);

/*
 * Process what the engine holds, as receive() does with no new bytes: at
 * once, or, from inside a callback of this connection, when the outermost
 * call returns. Returns undefined, or NULL with an exception pending.
 */
napi_value spn_conn_pump(napi_env env, napi_value self);

/* Each adds its methods to Connection.prototype. 0, or -1 and throws. */
int spn_hello_methods(napi_env env, napi_value proto); /* hello.c */
int spn_alpn_methods(napi_env env, napi_value proto);  /* alpn.c */
int spn_reneg_methods(napi_env env, napi_value proto); /* reneg.c */

int spn_psk_methods(napi_env env, napi_value proto);   /* psk.c */
int spn_debug_methods(napi_env env, napi_value proto); /* debug.c */
/* SecureContext.prototype additions (psk.c). 0, or -1 and throws. */
int spn_psk_context_methods(napi_env env, napi_value proto);

/*
 * Engine hooks that must ask lib synchronously (PSK): they run inside a
 * driving call on the connection, from inside OpenSSL.
 * spn_conn_unwrap: the Connection `self` (NULL and throws if it is none).
 * spn_conn_hook_env: the env of the driving call under way, NULL if none.
 * spn_conn_hook_call: call callback slot `which` with this = the
 * Connection; 0 with *result set, -1 when no call is under way, lib gave
 * no such callback, it threw (the exception stays pending and leaves the
 * driving method) or it destroyed the connection.
 */
typedef struct spn_conn spn_conn;
spn_conn *spn_conn_unwrap(napi_env env, napi_value self);
napi_env spn_conn_hook_env(const spn_conn *c);
int spn_conn_hook_call(spn_conn *c, int which, size_t argc, napi_value *argv,
                       napi_value *result);

/* Connection.prototype and SecureContext.prototype additions (session.c):
 * sessions, PKCS#12, CRLs, DH parameters, sigalgs. 0, or -1 and throws. */
int spn_session_methods(napi_env env, napi_value proto);
int spn_session_context_methods(napi_env env, napi_value proto);
/* The next new session the engine queued (with during_handshake, only one
 * made during a handshake), as onnewsession's (sessionId, session) Buffers
 * in argv[0..1]: 1, or 0 when none such waits, -1 and throws. */
int spn_session_args(napi_env env, sp_conn *conn, int during_handshake,
                     napi_value *argv);

/* hello.c: the object onclienthello receives, or NULL with an exception. */
napi_value spn_hello_value(napi_env env, sp_conn *conn);

/* A method table entry, for the files above. */
#define SPN_METHOD(name, fn)                                                   \
  { name, NULL, fn, NULL, NULL, NULL, napi_default_method, NULL }

/* Define `count` methods on `proto`. 0, or -1 and throws. */
int spn_define_methods(napi_env env, napi_value proto,
                       const napi_property_descriptor *methods, size_t count);

/* ---- cert.c ------------------------------------------------------------------ */

/* One certificate in the shape of Node's getPeerCertificate(). */
napi_value spn_cert_value(napi_env env, spn_env *e, const sp_cert *cert);

/*
 * Leaf first, each linked to the next by issuerCertificate; a self-issued
 * last certificate links to itself (a cycle, as Node does).
 */
napi_value spn_cert_chain_value(napi_env env, spn_env *e, sp_cert *const *certs,
                                size_t count);

#endif /* SP_NODE_H */
