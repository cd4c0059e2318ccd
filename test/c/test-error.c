/*
 * Error descriptions: OpenSSL queue entries to Node's codes (library
 * prefixes, the plain ERR_OSSL_ form, which entry of a queue wins), the
 * message format, fallbacks for an empty queue, and every verification
 * result name Node documents.
 */
#include "harness.h"
#include "internal.h" /* white box: sp__fail_from_queue */

#include <errno.h>

#include <openssl/err.h>
#include <openssl/pemerr.h>
#include <openssl/pkcs12err.h>
#include <openssl/proverr.h>
#include <openssl/x509_vfy.h>

static sp_error from_queue(int preferred_lib) {
  sp_error err;

  sp__fail_from_queue(&err, preferred_lib, SP_EK_PROTOCOL, "ERR_FALLBACK",
                      "fallback message");
  CHECK_INT(ERR_peek_error(), 0, "the queue is empty afterwards");
  return err;
}

static void test_codes(void) {
  sp_error err;

  ERR_raise(ERR_LIB_SSL, SSL_R_WRONG_VERSION_NUMBER);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_SSL_WRONG_VERSION_NUMBER", "SSL: ERR_SSL_<REASON>");
  CHECK_STR(err.message, "error:0A00010B:SSL routines::wrong version number",
            "SSL: message as ERR_error_string_n");
  CHECK_STR(err.library, "SSL routines", "SSL: library");
  CHECK_STR(err.reason, "wrong version number", "SSL: reason");
  CHECK(err.kind == SP_EK_SSL && err.openssl != 0, "SSL: kind and packed code");

  ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_OSSL_PEM_NO_START_LINE",
             "PEM: ERR_OSSL_<LIB>_<REASON>");

  ERR_raise(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_OSSL_X509_KEY_VALUES_MISMATCH", "X509 library");

  ERR_raise(ERR_LIB_OSSL_DECODER, ERR_R_UNSUPPORTED);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_OSSL_UNSUPPORTED", "DECODER: no library in the code");

  ERR_raise(ERR_LIB_PROV, PROV_R_BAD_DECRYPT);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_OSSL_BAD_DECRYPT", "PROV: no library in the code");

  ERR_raise(ERR_LIB_SYS, ECONNRESET);
  err = from_queue(0);
  CHECK(strncmp(err.code, "ERR_OSSL_SYS_", 13) == 0 && strlen(err.code) > 13,
        "system error: %s (%s)", err.code, err.message);

  err = from_queue(0);
  CHECK_CODE(&err, "ERR_FALLBACK", "empty queue: the fallback code");
  CHECK(err.kind == SP_EK_PROTOCOL &&
            strcmp(err.message, "fallback message") == 0,
        "empty queue: the fallback kind and message");
}

static void test_choice(void) {
  sp_error err;

  /* Earliest first: the root cause, as OpenSSL queues it. */
  ERR_raise(ERR_LIB_PROV, PROV_R_BAD_DECRYPT);
  ERR_raise(ERR_LIB_PKCS12, PKCS12_R_PKCS12_CIPHERFINAL_ERROR);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_OSSL_BAD_DECRYPT", "the earliest error wins");

  /* A "<library> lib" wrapper yields to the error it wraps. */
  ERR_raise(ERR_LIB_SSL, ERR_R_EVP_LIB);
  ERR_raise(ERR_LIB_EVP, EVP_R_BAD_DECRYPT);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_OSSL_EVP_BAD_DECRYPT", "wrappers yield");

  /* On a connection, the SSL library's verdict beats provider detail. */
  ERR_raise(ERR_LIB_PROV, PROV_R_CIPHER_OPERATION_FAILED);
  ERR_raise(ERR_LIB_SSL, SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC);
  err = from_queue(ERR_LIB_SSL);
  CHECK_CODE(&err, "ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC",
             "the preferred library wins");

  ERR_raise(ERR_LIB_PROV, PROV_R_CIPHER_OPERATION_FAILED);
  ERR_raise(ERR_LIB_SSL, SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC);
  err = from_queue(0);
  CHECK_CODE(&err, "ERR_OSSL_CIPHER_OPERATION_FAILED",
             "without a preference, the earliest");

  CHECK_INT(sp__fail_from_queue(NULL, 0, SP_EK_SSL, "X", "x"), SP_ERROR,
            "no sp_error: still SP_ERROR");
  ERR_raise(ERR_LIB_SSL, SSL_R_WRONG_VERSION_NUMBER);
  sp__fail_from_queue(NULL, 0, SP_EK_SSL, "X", "x");
  CHECK_INT(ERR_peek_error(), 0, "no sp_error: the queue is emptied anyway");
}

/* Node's documented names, written out independently of the core's table. */
static void test_verify_names(void) {
  static const struct {
    long value;
    const char *name;
  } node[] = {
      {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, "UNABLE_TO_GET_ISSUER_CERT"},
      {X509_V_ERR_UNABLE_TO_GET_CRL, "UNABLE_TO_GET_CRL"},
      {X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE,
       "UNABLE_TO_DECRYPT_CERT_SIGNATURE"},
      {X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE,
       "UNABLE_TO_DECRYPT_CRL_SIGNATURE"},
      {X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY,
       "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY"},
      {X509_V_ERR_CERT_SIGNATURE_FAILURE, "CERT_SIGNATURE_FAILURE"},
      {X509_V_ERR_CRL_SIGNATURE_FAILURE, "CRL_SIGNATURE_FAILURE"},
      {X509_V_ERR_CERT_NOT_YET_VALID, "CERT_NOT_YET_VALID"},
      {X509_V_ERR_CERT_HAS_EXPIRED, "CERT_HAS_EXPIRED"},
      {X509_V_ERR_CRL_NOT_YET_VALID, "CRL_NOT_YET_VALID"},
      {X509_V_ERR_CRL_HAS_EXPIRED, "CRL_HAS_EXPIRED"},
      {X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD,
       "ERROR_IN_CERT_NOT_BEFORE_FIELD"},
      {X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD,
       "ERROR_IN_CERT_NOT_AFTER_FIELD"},
      {X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD,
       "ERROR_IN_CRL_LAST_UPDATE_FIELD"},
      {X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD,
       "ERROR_IN_CRL_NEXT_UPDATE_FIELD"},
      {X509_V_ERR_OUT_OF_MEM, "OUT_OF_MEM"},
      {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, "DEPTH_ZERO_SELF_SIGNED_CERT"},
      {X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, "SELF_SIGNED_CERT_IN_CHAIN"},
      {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
       "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"},
      {X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE,
       "UNABLE_TO_VERIFY_LEAF_SIGNATURE"},
      {X509_V_ERR_CERT_CHAIN_TOO_LONG, "CERT_CHAIN_TOO_LONG"},
      {X509_V_ERR_CERT_REVOKED, "CERT_REVOKED"},
      {X509_V_ERR_INVALID_CA, "INVALID_CA"},
      {X509_V_ERR_PATH_LENGTH_EXCEEDED, "PATH_LENGTH_EXCEEDED"},
      {X509_V_ERR_INVALID_PURPOSE, "INVALID_PURPOSE"},
      {X509_V_ERR_CERT_UNTRUSTED, "CERT_UNTRUSTED"},
      {X509_V_ERR_CERT_REJECTED, "CERT_REJECTED"},
      {X509_V_ERR_HOSTNAME_MISMATCH, "HOSTNAME_MISMATCH"},
      {X509_V_ERR_UNSPECIFIED, "UNSPECIFIED"},
  };
  size_t i, wrong = 0;
  sp_error err;

  for (i = 0; i < sizeof node / sizeof node[0]; i++) {
    sp_error_from_verify(&err, node[i].value);
    if (err.kind != SP_EK_VERIFY || err.verify != node[i].value ||
        strcmp(err.code, node[i].name) != 0 ||
        strcmp(err.message, X509_verify_cert_error_string(node[i].value)) !=
            0) {
      printf("# %ld: got %s, expected %s\n", node[i].value, err.code,
             node[i].name);
      wrong++;
    }
  }
  CHECK_INT(wrong, 0, "all %zu of Node's verification codes",
            sizeof node / sizeof node[0]);
  sp_error_from_verify(&err, X509_V_ERR_EE_KEY_TOO_SMALL);
  CHECK_CODE(&err, "EE_KEY_TOO_SMALL", "others follow the X509_V_ERR_ name");
  sp_error_from_verify(&err, 4242);
  CHECK_CODE(&err, "CERT_VERIFY_ERROR_4242", "unknown values get a number");
  CHECK(err.message[0] != '\0', "with OpenSSL's text: %s", err.message);
  sp_error_from_verify(&err, X509_V_OK);
  CHECK(err.kind == SP_EK_NONE && err.code[0] == '\0', "X509_V_OK is no error");
  sp_error_from_verify(NULL, X509_V_ERR_CERT_REVOKED); /* must not crash */
  sp_error_clear(&err);
  sp_error_clear(NULL);
  CHECK(err.kind == SP_EK_NONE, "sp_error_clear");
}

int main(void) {
  test_codes();
  test_choice();
  test_verify_names();
  return harness_done();
}
