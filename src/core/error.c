/*
 * Errors: OpenSSL's thread-local queue and X509 verification results turned
 * into sp_error values carrying the codes Node gives the same failures.
 */
#include "internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

void sp_error_clear(sp_error *err) {
  if (err != NULL)
    memset(err, 0, sizeof *err);
}

/* snprintf that never leaves an unterminated buffer and ignores truncation:
 * every field of sp_error is a bounded, best-effort description. */
static void sp__copy(char *dst, size_t cap, const char *src) {
  snprintf(dst, cap, "%s", src != NULL ? src : "");
}

int sp__fail(sp_error *err, int kind, const char *code, const char *fmt, ...) {
  va_list ap;

  if (err == NULL)
    return SP_ERROR;
  sp_error_clear(err);
  err->kind = kind;
  sp__copy(err->code, sizeof err->code, code);
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return SP_ERROR;
}

/* ---- OpenSSL queue ------------------------------------------------------ */

/* A value with its name, for the small lookup tables below. */
typedef struct sp__named {
  long value;
  const char *name;
} sp__named;

static const char *sp__lookup(const sp__named *table, size_t count,
                              long value) {
  size_t i;

  for (i = 0; i < count; i++)
    if (table[i].value == value)
      return table[i].name;
  return NULL;
}

/*
 * The libraries Node names in its codes ("ERR_OSSL_PEM_..."). Any other
 * library (PROV, DECODER, ...) gives a plain "ERR_OSSL_<REASON>", as in
 * Node, which is how a wrong passphrase becomes ERR_OSSL_BAD_DECRYPT.
 */
static const sp__named sp__node_libs[] = {
#define SP__LIB(name)                                                          \
  { ERR_LIB_##name, #name }
    SP__LIB(SYS),    SP__LIB(BN),     SP__LIB(RSA),    SP__LIB(DH),
    SP__LIB(EVP),    SP__LIB(BUF),    SP__LIB(OBJ),    SP__LIB(PEM),
    SP__LIB(DSA),    SP__LIB(X509),   SP__LIB(ASN1),   SP__LIB(CONF),
    SP__LIB(CRYPTO), SP__LIB(EC),     SP__LIB(SSL),    SP__LIB(BIO),
    SP__LIB(PKCS7),  SP__LIB(X509V3), SP__LIB(PKCS12), SP__LIB(RAND),
    SP__LIB(DSO),    SP__LIB(ENGINE), SP__LIB(OCSP),   SP__LIB(UI),
    SP__LIB(COMP),   SP__LIB(ECDSA),  SP__LIB(ECDH),   SP__LIB(OSSL_STORE),
    SP__LIB(FIPS),   SP__LIB(CMS),    SP__LIB(TS),     SP__LIB(HMAC),
    SP__LIB(CT),     SP__LIB(ASYNC),  SP__LIB(KDF),    SP__LIB(SM2),
    SP__LIB(USER),
#undef SP__LIB
};

#define SP__COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* Append `text` upper-cased, anything but letters and digits as '_'. */
static void sp__append_code_part(char *code, size_t cap, const char *text) {
  size_t len = strlen(code);

  for (; *text != '\0' && len + 1 < cap; text++, len++) {
    unsigned char c = (unsigned char)*text;
    code[len] = isalnum(c) ? (char)toupper(c) : '_';
  }
  code[len] = '\0';
}

/* "ERR_SSL_<REASON>", "ERR_OSSL_<LIB>_<REASON>" or "ERR_OSSL_<REASON>". */
static void sp__format_code(char *code, size_t cap, unsigned long packed,
                            const char *reason) {
  int lib = ERR_GET_LIB(packed);
  const char *lib_name =
      sp__lookup(sp__node_libs, SP__COUNT(sp__node_libs), lib);

  if (lib == ERR_LIB_SSL) {
    sp__copy(code, cap, "ERR_SSL_");
  } else {
    sp__copy(code, cap, "ERR_OSSL_");
    if (lib_name != NULL) {
      sp__append_code_part(code, cap, lib_name);
      sp__append_code_part(code, cap, "_");
    }
  }
  sp__append_code_part(code, cap, reason);
}

/*
 * OpenSSL has no reason text for system errors and for reasons it does not
 * know; ERR_error_string_n() still ends with something ("reason(524)" or
 * strerror), so take the text after its last ':'.
 */
static const char *sp__reason_text(unsigned long packed, const char *message) {
  const char *reason = ERR_reason_error_string(packed);
  const char *colon = strrchr(message, ':');

  if (reason != NULL)
    return reason;
  return colon != NULL ? colon + 1 : "unknown";
}

static void sp__describe_packed(sp_error *err, unsigned long packed) {
  const char *lib;

  /* Codes are made from reason texts, which OpenSSL loads on first use of
   * the SSL library; an error can be described before that. Runs once. */
  OPENSSL_init_ssl(
      OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL);
  lib = ERR_lib_error_string(packed);
  sp_error_clear(err);
  err->kind = SP_EK_SSL;
  err->openssl = packed;
  ERR_error_string_n(packed, err->message, sizeof err->message);
  sp__copy(err->library, sizeof err->library, lib);
  sp__copy(err->reason, sizeof err->reason,
           sp__reason_text(packed, err->message));
  sp__format_code(err->code, sizeof err->code, packed, err->reason);
}

/*
 * Generic "<library> lib" reasons only say that a call into another library
 * failed; the error that library queued says why.
 */
static int sp__is_wrapper_reason(unsigned long packed) {
  unsigned long reason = (unsigned long)ERR_GET_REASON(packed);
  unsigned long plain = reason & ((1UL << ERR_RFLAGS_OFFSET) - 1);

  if (ERR_SYSTEM_ERROR(packed))
    return 0;
  return (reason & ERR_RFLAG_COMMON) != 0 &&
         (plain < 256 || reason == ERR_R_NESTED_ASN1_ERROR);
}

/*
 * How telling an error is: a generic wrapper says least; an error of the
 * library the caller was talking to (SSL, for a connection) says most.
 */
static int sp__rank(unsigned long packed, int preferred_lib) {
  if (sp__is_wrapper_reason(packed))
    return 0;
  return preferred_lib != 0 && ERR_GET_LIB(packed) == preferred_lib ? 2 : 1;
}

/*
 * Empty the queue, keeping the error to report: the earliest of the best
 * rank. Like Node, the earliest error wins, since OpenSSL queues the root
 * cause first (for a wrong passphrase, "bad decrypt" comes before PKCS12's
 * "cipherfinal error"). On a connection, though, the SSL library's verdict
 * ("decryption failed or bad record mac") beats the provider detail it
 * rests on ("cipher operation failed").
 */
static unsigned long sp__drain_queue(int preferred_lib) {
  unsigned long packed, best = 0;
  int best_rank = -1;

  while ((packed = ERR_get_error()) != 0) {
    int rank = sp__rank(packed, preferred_lib);
    if (rank > best_rank) {
      best = packed;
      best_rank = rank;
    }
  }
  return best;
}

int sp__fail_arg(sp_error *err, const char *what) {
  return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG, "%s", what);
}

int sp__fail_openssl(sp_error *err, const char *what) {
  return sp__fail_from_queue(err, 0, SP_EK_SSL, SP__CODE_INTERNAL, what);
}

int sp__ok(void) {
  ERR_clear_error();
  return SP_OK;
}

int sp__fail_from_queue(sp_error *err, int preferred_lib, int fallback_kind,
                        const char *fallback_code,
                        const char *fallback_message) {
  unsigned long packed = sp__drain_queue(preferred_lib);

  if (packed == 0)
    return sp__fail(err, fallback_kind, fallback_code, "%s", fallback_message);
  if (err != NULL)
    sp__describe_packed(err, packed);
  return SP_ERROR;
}

/* ---- verification ------------------------------------------------------- */

/*
 * Node's name for a verification result is the X509_V_ERR_ constant without
 * its prefix (its documented list is a subset of this table; the rest
 * follows the same rule). Values missing here get CERT_VERIFY_ERROR_<n>.
 */
static const sp__named sp__verify_names[] = {
#define SP__V(name)                                                            \
  { X509_V_ERR_##name, #name }
    /* Node's documented list first. */
    SP__V(UNABLE_TO_GET_ISSUER_CERT),
    SP__V(UNABLE_TO_GET_CRL),
    SP__V(UNABLE_TO_DECRYPT_CERT_SIGNATURE),
    SP__V(UNABLE_TO_DECRYPT_CRL_SIGNATURE),
    SP__V(UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY),
    SP__V(CERT_SIGNATURE_FAILURE),
    SP__V(CRL_SIGNATURE_FAILURE),
    SP__V(CERT_NOT_YET_VALID),
    SP__V(CERT_HAS_EXPIRED),
    SP__V(CRL_NOT_YET_VALID),
    SP__V(CRL_HAS_EXPIRED),
    SP__V(ERROR_IN_CERT_NOT_BEFORE_FIELD),
    SP__V(ERROR_IN_CERT_NOT_AFTER_FIELD),
    SP__V(ERROR_IN_CRL_LAST_UPDATE_FIELD),
    SP__V(ERROR_IN_CRL_NEXT_UPDATE_FIELD),
    SP__V(OUT_OF_MEM),
    SP__V(DEPTH_ZERO_SELF_SIGNED_CERT),
    SP__V(SELF_SIGNED_CERT_IN_CHAIN),
    SP__V(UNABLE_TO_GET_ISSUER_CERT_LOCALLY),
    SP__V(UNABLE_TO_VERIFY_LEAF_SIGNATURE),
    SP__V(CERT_CHAIN_TOO_LONG),
    SP__V(CERT_REVOKED),
    SP__V(INVALID_CA),
    SP__V(PATH_LENGTH_EXCEEDED),
    SP__V(INVALID_PURPOSE),
    SP__V(CERT_UNTRUSTED),
    SP__V(CERT_REJECTED),
    SP__V(HOSTNAME_MISMATCH),
    SP__V(UNSPECIFIED),
    /* The rest of OpenSSL 3.0's results, named by the same rule. */
    SP__V(NO_ISSUER_PUBLIC_KEY),
    SP__V(SUBJECT_ISSUER_MISMATCH),
    SP__V(AKID_SKID_MISMATCH),
    SP__V(AKID_ISSUER_SERIAL_MISMATCH),
    SP__V(KEYUSAGE_NO_CERTSIGN),
    SP__V(UNABLE_TO_GET_CRL_ISSUER),
    SP__V(UNHANDLED_CRITICAL_EXTENSION),
    SP__V(KEYUSAGE_NO_CRL_SIGN),
    SP__V(UNHANDLED_CRITICAL_CRL_EXTENSION),
    SP__V(INVALID_NON_CA),
    SP__V(PROXY_PATH_LENGTH_EXCEEDED),
    SP__V(KEYUSAGE_NO_DIGITAL_SIGNATURE),
    SP__V(PROXY_CERTIFICATES_NOT_ALLOWED),
    SP__V(INVALID_EXTENSION),
    SP__V(INVALID_POLICY_EXTENSION),
    SP__V(NO_EXPLICIT_POLICY),
    SP__V(DIFFERENT_CRL_SCOPE),
    SP__V(UNSUPPORTED_EXTENSION_FEATURE),
    SP__V(UNNESTED_RESOURCE),
    SP__V(PERMITTED_VIOLATION),
    SP__V(EXCLUDED_VIOLATION),
    SP__V(SUBTREE_MINMAX),
    SP__V(APPLICATION_VERIFICATION),
    SP__V(UNSUPPORTED_CONSTRAINT_TYPE),
    SP__V(UNSUPPORTED_CONSTRAINT_SYNTAX),
    SP__V(UNSUPPORTED_NAME_SYNTAX),
    SP__V(CRL_PATH_VALIDATION_ERROR),
    SP__V(PATH_LOOP),
    SP__V(SUITE_B_INVALID_VERSION),
    SP__V(SUITE_B_INVALID_ALGORITHM),
    SP__V(SUITE_B_INVALID_CURVE),
    SP__V(SUITE_B_INVALID_SIGNATURE_ALGORITHM),
    SP__V(SUITE_B_LOS_NOT_ALLOWED),
    SP__V(SUITE_B_CANNOT_SIGN_P_384_WITH_P_256),
    SP__V(EMAIL_MISMATCH),
    SP__V(IP_ADDRESS_MISMATCH),
    SP__V(DANE_NO_MATCH),
    SP__V(EE_KEY_TOO_SMALL),
    SP__V(CA_KEY_TOO_SMALL),
    SP__V(CA_MD_TOO_WEAK),
    SP__V(INVALID_CALL),
    SP__V(STORE_LOOKUP),
    SP__V(NO_VALID_SCTS),
    SP__V(PROXY_SUBJECT_NAME_VIOLATION),
    SP__V(OCSP_VERIFY_NEEDED),
    SP__V(OCSP_VERIFY_FAILED),
    SP__V(OCSP_CERT_UNKNOWN),
    SP__V(UNSUPPORTED_SIGNATURE_ALGORITHM),
    SP__V(SIGNATURE_ALGORITHM_MISMATCH),
    SP__V(SIGNATURE_ALGORITHM_INCONSISTENCY),
    SP__V(PATHLEN_INVALID_FOR_NON_CA),
    SP__V(PATHLEN_WITHOUT_KU_KEY_CERT_SIGN),
    SP__V(KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA),
    SP__V(ISSUER_NAME_EMPTY),
    SP__V(SUBJECT_NAME_EMPTY),
    SP__V(MISSING_AUTHORITY_KEY_IDENTIFIER),
    SP__V(MISSING_SUBJECT_KEY_IDENTIFIER),
    SP__V(EMPTY_SUBJECT_ALT_NAME),
    SP__V(EMPTY_SUBJECT_SAN_NOT_CRITICAL),
    SP__V(CA_BCONS_NOT_CRITICAL),
    SP__V(AUTHORITY_KEY_IDENTIFIER_CRITICAL),
    SP__V(SUBJECT_KEY_IDENTIFIER_CRITICAL),
    SP__V(CA_CERT_MISSING_KEY_USAGE),
    SP__V(EXTENSIONS_REQUIRE_VERSION_3),
    SP__V(EC_KEY_EXPLICIT_PARAMS),
#undef SP__V
};

void sp_error_from_verify(sp_error *err, long verify_result) {
  const char *name;

  if (err == NULL)
    return;
  sp_error_clear(err);
  if (verify_result == X509_V_OK)
    return;
  name =
      sp__lookup(sp__verify_names, SP__COUNT(sp__verify_names), verify_result);
  err->kind = SP_EK_VERIFY;
  err->verify = verify_result;
  if (name != NULL)
    sp__copy(err->code, sizeof err->code, name);
  else
    snprintf(err->code, sizeof err->code, "CERT_VERIFY_ERROR_%ld",
             verify_result);
  sp__copy(err->message, sizeof err->message,
           X509_verify_cert_error_string(verify_result));
}
