/*
 * The one place where errors become JS values: core sp_errors, failed
 * Node-API calls, wrong argument types. Also the argument readers, since
 * they are what throws ERR_INVALID_ARG_TYPE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp_node.h"

void spn_throw_napi(napi_env env, napi_status status) {
  /* Read the last error before anything else resets it. */
  const napi_extended_error_info *info = NULL;
  char message[160];
  if (napi_get_last_error_info(env, &info) == napi_ok && info != NULL &&
      info->error_message != NULL)
    snprintf(message, sizeof(message), "Node-API call failed: %s",
             info->error_message);
  else
    snprintf(message, sizeof(message), "Node-API call failed (status %d)",
             (int)status);

  bool pending = false;
  if (status == napi_pending_exception ||
      napi_is_exception_pending(env, &pending) != napi_ok || pending)
    return;
  napi_throw_error(env, "ERR_SP_NAPI", message);
}

static napi_status set_string(napi_env env, napi_value obj, const char *key,
                              const char *value) {
  napi_value v;
  napi_status s = napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v);
  if (s != napi_ok)
    return s;
  return napi_set_named_property(env, obj, key, v);
}

napi_value spn_error_value(napi_env env, const sp_error *err) {
  const char *code = err->code[0] ? err->code : "ERR_SP_INTERNAL";
  const char *message = err->message[0] ? err->message : "unknown error";
  napi_value jcode, jmessage, error;
  SPN_CALL(env, napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &jcode));
  SPN_CALL(env, napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH,
                                        &jmessage));
  SPN_CALL(env, napi_create_error(env, jcode, jmessage, &error));
  if (err->library[0])
    SPN_CALL(env, set_string(env, error, "library", err->library));
  if (err->reason[0])
    SPN_CALL(env, set_string(env, error, "reason", err->reason));
  return error;
}

napi_value spn_throw_error(napi_env env, const sp_error *err) {
  napi_value error = spn_error_value(env, err);
  if (error != NULL)
    SPN_CALL(env, napi_throw(env, error));
  return NULL;
}

napi_value spn_throw_code(napi_env env, const char *code, const char *message) {
  SPN_CALL(env, napi_throw_error(env, code, message));
  return NULL;
}

napi_value spn_throw_conn_error(napi_env env, const sp_conn *conn,
                                const char *what) {
  const sp_error *err = conn != NULL ? sp_conn_error(conn) : NULL;
  if (err != NULL && err->kind != SP_EK_NONE)
    return spn_throw_error(env, err);
  return spn_throw_code(env, "ERR_SP_INVALID_ARG", what);
}

static const char *type_name(napi_env env, napi_value value) {
  napi_valuetype t;
  if (napi_typeof(env, value, &t) != napi_ok)
    return "unknown";
  switch (t) {
  case napi_undefined: return "undefined";
  case napi_null: return "null";
  case napi_boolean: return "boolean";
  case napi_number: return "number";
  case napi_string: return "string";
  case napi_symbol: return "symbol";
  case napi_object: return "object";
  case napi_function: return "function";
  case napi_external: return "external";
  case napi_bigint: return "bigint";
  }
  return "unknown";
}

static napi_value throw_arg_type_value(napi_env env, const char *name,
                                       const char *expected, napi_value got) {
  char message[256];
  if (got != NULL)
    snprintf(message, sizeof(message),
             "The \"%s\" argument must be %s. Received type %s", name,
             expected, type_name(env, got));
  else
    snprintf(message, sizeof(message), "The \"%s\" argument must be %s", name,
             expected);
  SPN_CALL(env, napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message));
  return NULL;
}

napi_value spn_throw_arg_type(napi_env env, const char *name,
                              const char *expected) {
  return throw_arg_type_value(env, name, expected, NULL);
}

/* A UTF-8 copy of a JS string, NUL-terminated; *len excludes the NUL. */
static int get_utf8(napi_env env, napi_value value, const char *name,
                    char **out, size_t *out_len) {
  napi_valuetype t;
  size_t len = 0;
  *out = NULL;
  SPN_CALL_INT(env, napi_typeof(env, value, &t));
  if (t != napi_string) {
    throw_arg_type_value(env, name, "of type string", value);
    return -1;
  }
  SPN_CALL_INT(env, napi_get_value_string_utf8(env, value, NULL, 0, &len));
  char *s = malloc(len + 1);
  if (s == NULL) {
    spn_throw_code(env, "ERR_SP_NOMEM", "out of memory");
    return -1;
  }
  napi_status st = napi_get_value_string_utf8(env, value, s, len + 1, &len);
  if (st != napi_ok) {
    free(s);
    spn_throw_napi(env, st);
    return -1;
  }
  *out = s;
  *out_len = len;
  return 0;
}

int spn_get_string(napi_env env, napi_value value, const char *name,
                   char **out) {
  size_t len;
  if (get_utf8(env, value, name, out, &len) != 0)
    return -1;
  if (strlen(*out) != len) {
    /* A C string would silently end at the NUL: refuse it. */
    char message[160];
    free(*out);
    *out = NULL;
    snprintf(message, sizeof(message),
             "The \"%s\" argument must not contain null bytes", name);
    SPN_CALL_INT(env, napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE",
                                            message));
    return -1;
  }
  return 0;
}

int spn_get_bytes(napi_env env, napi_value value, const char *name,
                  int allow_string, spn_bytes *out) {
  bool is;
  out->data = NULL;
  out->len = 0;
  out->owned = NULL;

  /* A Buffer is a Uint8Array, so one check covers both. */
  SPN_CALL_INT(env, napi_is_typedarray(env, value, &is));
  if (is) {
    napi_typedarray_type type;
    size_t length;
    void *data;
    SPN_CALL_INT(env, napi_get_typedarray_info(env, value, &type, &length,
                                               &data, NULL, NULL));
    if (type == napi_uint8_array || type == napi_uint8_clamped_array) {
      out->data = data;
      out->len = length;
      return 0;
    }
  } else if (allow_string) {
    napi_valuetype t;
    SPN_CALL_INT(env, napi_typeof(env, value, &t));
    if (t == napi_string) {
      if (get_utf8(env, value, name, &out->owned, &out->len) != 0)
        return -1;
      out->data = out->owned;
      return 0;
    }
  }
  throw_arg_type_value(env, name,
                       allow_string ? "of type string or an instance of "
                                      "Buffer or Uint8Array"
                                    : "an instance of Buffer or Uint8Array",
                       value);
  return -1;
}

void spn_bytes_release(spn_bytes *bytes) {
  free(bytes->owned);
  bytes->owned = NULL;
  bytes->data = NULL;
  bytes->len = 0;
}

int spn_get_args(napi_env env, napi_callback_info info, size_t argc,
                 napi_value *argv, napi_value *self) {
  size_t n = argc;
  SPN_CALL_INT(env, napi_get_cb_info(env, info, &n, argv, self, NULL));
  return 0;
}

int spn_get_flag(napi_env env, napi_value value, int *out) {
  napi_value b;
  bool v;
  SPN_CALL_INT(env, napi_coerce_to_bool(env, value, &b));
  SPN_CALL_INT(env, napi_get_value_bool(env, b, &v));
  *out = v ? 1 : 0;
  return 0;
}

int spn_check_tag(napi_env env, napi_value value, const napi_type_tag *tag,
                  const char *class_name) {
  napi_valuetype t;
  bool ok = false;
  SPN_CALL_INT(env, napi_typeof(env, value, &t));
  if (t == napi_object)
    SPN_CALL_INT(env, napi_check_object_type_tag(env, value, tag, &ok));
  if (!ok) {
    char message[128];
    snprintf(message, sizeof(message),
             "Value of \"this\" must be of type %s", class_name);
    SPN_CALL_INT(env, napi_throw_type_error(env, "ERR_INVALID_THIS", message));
    return -1;
  }
  return 0;
}

int spn_check_construct(napi_env env, napi_callback_info info,
                        const char *class_name) {
  napi_value target = NULL;
  SPN_CALL_INT(env, napi_get_new_target(env, info, &target));
  if (target == NULL) {
    char message[128];
    snprintf(message, sizeof(message),
             "Class constructor %s cannot be invoked without 'new'",
             class_name);
    SPN_CALL_INT(env, napi_throw_type_error(env, "ERR_CONSTRUCT_CALL_REQUIRED",
                                            message));
    return -1;
  }
  return 0;
}
