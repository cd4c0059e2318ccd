/*
 * A certificate with a negative serial number (invalid under RFC 5280, but
 * issued in the wild and accepted by OpenSSL) converts like any other, its
 * serial spelled with a minus sign as Node's X509Certificate does
 * ("-5DFA"). Found by test/fuzz/fuzz-cert.c, whose check had assumed
 * serials were always plain hex.
 */
#include "harness.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

static X509 *cert_with_serial(long serial) {
  EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
  X509 *x = X509_new();
  X509_NAME *name = X509_get_subject_name(x);
  ASN1_INTEGER *number = ASN1_INTEGER_new();

  if (key == NULL || x == NULL || number == NULL ||
      ASN1_INTEGER_set(number, serial) != 1 ||
      X509_set_serialNumber(x, number) != 1 ||
      X509_set_version(x, X509_VERSION_3) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(x), 0) == NULL ||
      X509_gmtime_adj(X509_getm_notAfter(x), 3600) == NULL ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                 (const unsigned char *)"negative", -1, -1,
                                 0) != 1 ||
      X509_set_issuer_name(x, name) != 1 || X509_set_pubkey(x, key) != 1 ||
      X509_sign(x, key, EVP_sha256()) <= 0)
    harness_bail("cannot build the certificate", "cert_with_serial");
  ASN1_INTEGER_free(number);
  EVP_PKEY_free(key);
  return x;
}

static void check_serial(long serial, const char *expected) {
  X509 *x = cert_with_serial(serial);
  unsigned char *der = NULL;
  int der_len = i2d_X509(x, &der);
  sp_error err;
  sp_cert *cert = der_len > 0 ? sp_cert_from_pem(der, (size_t)der_len, &err)
                              : NULL;

  harness_note_queue();
  CHECK(cert != NULL, "serial %ld: converted", serial);
  CHECK_STR(cert != NULL ? cert->serial_number : NULL, expected,
            "serial %ld: spelled as Node spells it", serial);
  CHECK(cert != NULL && cert->fingerprint256 != NULL,
        "serial %ld: the rest is there too", serial);
  sp_cert_free(cert);
  OPENSSL_free(der);
  X509_free(x);
}

int main(void) {
  check_serial(-0x5dfa, "-5DFA");
  check_serial(-1, "-01");
  check_serial(0x5dfa, "5DFA");
  return harness_done();
}
