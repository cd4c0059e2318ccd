/*
 * sp_cert -> the object Node's getPeerCertificate() returns, already in the
 * shape Node's JS layer (translatePeerCertificate) gives it: subject/issuer
 * and infoAccess as null-prototype objects, repeated keys as arrays, raw and
 * pubkey as Buffers, issuerCertificate links for the detailed form.
 */
#include <stdlib.h>
#include <string.h>

#include "sp_node.h"

/* { __proto__: null }, made by our own closure so user code cannot hook it. */
static napi_value null_object(napi_env env, spn_env *e) {
  napi_value fn, global, obj;
  SPN_CALL(env, napi_get_reference_value(env, e->null_object, &fn));
  SPN_CALL(env, napi_get_global(env, &global));
  SPN_CALL(env, napi_call_function(env, global, fn, 0, NULL, &obj));
  return obj;
}

static int set_str(napi_env env, napi_value obj, const char *key,
                   const char *value) {
  napi_value v;
  if (value == NULL)
    return 0; /* absent fields are left out */
  SPN_CALL_INT(env, napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v));
  SPN_CALL_INT(env, napi_set_named_property(env, obj, key, v));
  return 0;
}

static int set_buffer(napi_env env, napi_value obj, const char *key,
                      const uint8_t *data, size_t len) {
  napi_value v;
  if (data == NULL)
    return 0;
  SPN_CALL_INT(env, napi_create_buffer_copy(env, len, data, NULL, &v));
  SPN_CALL_INT(env, napi_set_named_property(env, obj, key, v));
  return 0;
}

/*
 * Add value under key; a key seen before turns into an array of all its
 * values, in order (two OU entries -> OU: ['a', 'b']).
 */
static int add_multi(napi_env env, napi_value obj, napi_value key,
                     napi_value value, int always_array) {
  bool has;
  SPN_CALL_INT(env, napi_has_own_property(env, obj, key, &has));
  if (!has) {
    if (always_array) {
      napi_value arr;
      SPN_CALL_INT(env, napi_create_array(env, &arr));
      SPN_CALL_INT(env, napi_set_element(env, arr, 0, value));
      value = arr;
    }
    SPN_CALL_INT(env, napi_set_property(env, obj, key, value));
    return 0;
  }
  napi_value accum;
  bool is_array;
  uint32_t len;
  SPN_CALL_INT(env, napi_get_property(env, obj, key, &accum));
  SPN_CALL_INT(env, napi_is_array(env, accum, &is_array));
  if (!is_array) {
    napi_value arr;
    SPN_CALL_INT(env, napi_create_array(env, &arr));
    SPN_CALL_INT(env, napi_set_element(env, arr, 0, accum));
    SPN_CALL_INT(env, napi_set_property(env, obj, key, arr));
    accum = arr;
  }
  SPN_CALL_INT(env, napi_get_array_length(env, accum, &len));
  SPN_CALL_INT(env, napi_set_element(env, accum, len, value));
  return 0;
}

static napi_value name_value(napi_env env, spn_env *e,
                             const sp_name_entry *entries, size_t count) {
  napi_value obj = null_object(env, e);
  if (obj == NULL)
    return NULL;
  for (size_t i = 0; i < count; i++) {
    napi_value k, v;
    if (entries[i].key == NULL || entries[i].value == NULL)
      continue;
    SPN_CALL(env, napi_create_string_utf8(env, entries[i].key,
                                          NAPI_AUTO_LENGTH, &k));
    SPN_CALL(env, napi_create_string_utf8(env, entries[i].value,
                                          NAPI_AUTO_LENGTH, &v));
    if (add_multi(env, obj, k, v, 0) != 0)
      return NULL;
  }
  return obj;
}

/*
 * "OCSP - URI:http://a\nCA Issuers - URI:http://b" ->
 * { 'OCSP - URI': ['http://a'], 'CA Issuers - URI': ['http://b'] }.
 * As in Node, the key ends at the first ':' of a line.
 */
static napi_value info_access_value(napi_env env, spn_env *e,
                                    const char *text) {
  napi_value obj = null_object(env, e);
  if (obj == NULL)
    return NULL;
  const char *line = text;
  while (*line != '\0') {
    const char *end = strchr(line, '\n');
    size_t line_len = end ? (size_t)(end - line) : strlen(line);
    const char *colon = memchr(line, ':', line_len);
    if (colon != NULL) {
      napi_value k, v;
      SPN_CALL(env, napi_create_string_utf8(env, line, (size_t)(colon - line),
                                            &k));
      SPN_CALL(env, napi_create_string_utf8(
                        env, colon + 1, line_len - (size_t)(colon - line) - 1,
                        &v));
      if (add_multi(env, obj, k, v, 1) != 0)
        return NULL;
    }
    line += line_len;
    if (*line == '\n')
      line++;
  }
  return obj;
}

napi_value spn_cert_value(napi_env env, spn_env *e, const sp_cert *cert) {
  napi_value obj, v;
  SPN_CALL(env, napi_create_object(env, &obj));

  if ((v = name_value(env, e, cert->subject, cert->subject_count)) == NULL)
    return NULL;
  SPN_CALL(env, napi_set_named_property(env, obj, "subject", v));
  if ((v = name_value(env, e, cert->issuer, cert->issuer_count)) == NULL)
    return NULL;
  SPN_CALL(env, napi_set_named_property(env, obj, "issuer", v));

  if (set_str(env, obj, "subjectaltname", cert->subjectaltname) != 0)
    return NULL;
  if (cert->infoaccess != NULL) {
    if ((v = info_access_value(env, e, cert->infoaccess)) == NULL)
      return NULL;
    SPN_CALL(env, napi_set_named_property(env, obj, "infoAccess", v));
  }

  SPN_CALL(env, napi_get_boolean(env, cert->ca != 0, &v));
  SPN_CALL(env, napi_set_named_property(env, obj, "ca", v));

  if (set_str(env, obj, "modulus", cert->modulus) != 0)
    return NULL;
  if (cert->bits > 0) {
    SPN_CALL(env, napi_create_int32(env, cert->bits, &v));
    SPN_CALL(env, napi_set_named_property(env, obj, "bits", v));
  }
  if (set_str(env, obj, "exponent", cert->exponent) != 0 ||
      set_buffer(env, obj, "pubkey", cert->pubkey, cert->pubkey_len) != 0 ||
      set_str(env, obj, "asn1Curve", cert->asn1_curve) != 0 ||
      set_str(env, obj, "nistCurve", cert->nist_curve) != 0 ||
      set_str(env, obj, "valid_from", cert->valid_from) != 0 ||
      set_str(env, obj, "valid_to", cert->valid_to) != 0 ||
      set_str(env, obj, "fingerprint", cert->fingerprint) != 0 ||
      set_str(env, obj, "fingerprint256", cert->fingerprint256) != 0 ||
      set_str(env, obj, "fingerprint512", cert->fingerprint512) != 0)
    return NULL;

  if (cert->ext_key_usage != NULL) {
    napi_value arr;
    SPN_CALL(env, napi_create_array_with_length(
                      env, cert->ext_key_usage_count, &arr));
    for (size_t i = 0; i < cert->ext_key_usage_count; i++) {
      SPN_CALL(env, napi_create_string_utf8(env, cert->ext_key_usage[i],
                                            NAPI_AUTO_LENGTH, &v));
      SPN_CALL(env, napi_set_element(env, arr, (uint32_t)i, v));
    }
    SPN_CALL(env, napi_set_named_property(env, obj, "ext_key_usage", arr));
  }

  if (set_str(env, obj, "serialNumber", cert->serial_number) != 0 ||
      set_buffer(env, obj, "raw", cert->raw, cert->raw_len) != 0)
    return NULL;
  return obj;
}

napi_value spn_cert_chain_value(napi_env env, spn_env *e, sp_cert *const *certs,
                                size_t count) {
  napi_value first = NULL, prev = NULL;
  for (size_t i = 0; i < count; i++) {
    napi_value cur = spn_cert_value(env, e, certs[i]);
    if (cur == NULL)
      return NULL;
    if (prev != NULL)
      SPN_CALL(env, napi_set_named_property(env, prev, "issuerCertificate",
                                            cur));
    else
      first = cur;
    prev = cur;
  }
  if (prev != NULL && certs[count - 1]->self_issued)
    SPN_CALL(env, napi_set_named_property(env, prev, "issuerCertificate",
                                          prev));
  return first;
}
