/*
 * A self-signed certificate made in memory, for servers that have none of
 * their own (the low-level face's tls-server with no certificate). Making
 * an EC key and signing costs a little, so the pair is made once per
 * process and name and shared by reference.
 */
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#define SP__SELFSIGNED_DAYS (10 * 365)
#define SP__MAX_CN 64 /* the X.509 upper bound for a common name */

/* The last pair made, and the name it was made for. */
static pthread_mutex_t sp__selfsigned_lock = PTHREAD_MUTEX_INITIALIZER;
static X509 *sp__cached_cert;
static EVP_PKEY *sp__cached_key;
static char sp__cached_name[SP__MAX_CN + 1];

static int sp__add_ext(X509 *cert, int nid, const char *value) {
  X509V3_CTX v3;
  X509_EXTENSION *ext;
  int ok;

  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
  if (ext == NULL)
    return 0;
  ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

static int sp__random_serial(X509 *cert) {
  BIGNUM *bn = BN_new();
  ASN1_INTEGER *serial = NULL;
  int ok = bn != NULL && BN_rand(bn, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
           (serial = BN_to_ASN1_INTEGER(bn, NULL)) != NULL &&
           X509_set_serialNumber(cert, serial) == 1;

  ASN1_INTEGER_free(serial);
  BN_free(bn);
  return ok;
}

static int sp__set_names(X509 *cert, const char *name) {
  X509_NAME *subject = X509_get_subject_name(cert);
  char san[SP__MAX_CN + 8];

  if (X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                 (const unsigned char *)name, -1, -1,
                                 0) != 1 ||
      X509_set_issuer_name(cert, subject) != 1)
    return 0;
  snprintf(san, sizeof san, "DNS:%s", name);
  return sp__add_ext(cert, NID_subject_alt_name, san);
}

static X509 *sp__make_cert(EVP_PKEY *key, const char *name) {
  X509 *cert = X509_new();
  int ok = cert != NULL && X509_set_version(cert, X509_VERSION_3) == 1 &&
           sp__random_serial(cert) &&
           X509_gmtime_adj(X509_getm_notBefore(cert), -60 * 60) != NULL &&
           X509_time_adj_ex(X509_getm_notAfter(cert), SP__SELFSIGNED_DAYS, 0,
                            NULL) != NULL &&
           X509_set_pubkey(cert, key) == 1 && sp__set_names(cert, name) &&
           sp__add_ext(cert, NID_basic_constraints, "critical,CA:FALSE") &&
           sp__add_ext(cert, NID_key_usage, "critical,digitalSignature") &&
           sp__add_ext(cert, NID_ext_key_usage, "serverAuth,clientAuth") &&
           sp__add_ext(cert, NID_subject_key_identifier, "hash") &&
           X509_sign(cert, key, EVP_sha256()) > 0;

  if (!ok) {
    X509_free(cert);
    return NULL;
  }
  return cert;
}

/* The cached pair for `name`, made if needed; references for the caller. */
static int sp__get_pair(const char *name, X509 **cert, EVP_PKEY **key) {
  int ok = 1;

  if (pthread_mutex_lock(&sp__selfsigned_lock) != 0)
    return 0;
  if (sp__cached_cert == NULL || strcmp(sp__cached_name, name) != 0) {
    EVP_PKEY *fresh_key = EVP_EC_gen("P-256");
    X509 *fresh_cert = fresh_key != NULL ? sp__make_cert(fresh_key, name) : NULL;
    if (fresh_cert == NULL) {
      EVP_PKEY_free(fresh_key);
      ok = 0;
    } else {
      X509_free(sp__cached_cert); /* contexts hold their own references */
      EVP_PKEY_free(sp__cached_key);
      sp__cached_cert = fresh_cert;
      sp__cached_key = fresh_key;
      snprintf(sp__cached_name, sizeof sp__cached_name, "%s", name);
    }
  }
  if (ok && (X509_up_ref(sp__cached_cert) != 1 ||
             EVP_PKEY_up_ref(sp__cached_key) != 1))
    ok = 0; /* cannot happen short of a broken OpenSSL; leaks one ref */
  if (ok) {
    *cert = sp__cached_cert;
    *key = sp__cached_key;
  }
  pthread_mutex_unlock(&sp__selfsigned_lock);
  return ok;
}

int sp_ctx_use_generated_selfsigned(sp_ctx *ctx, const char *common_name,
                                    sp_error *err) {
  X509 *cert = NULL;
  EVP_PKEY *key = NULL;
  int ok;

  if (ctx == NULL)
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG, "context is NULL");
  if (common_name == NULL)
    common_name = "localhost";
  if (common_name[0] == '\0' || strlen(common_name) > SP__MAX_CN)
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG,
                    "a common name is 1 to %d bytes", SP__MAX_CN);
  ERR_clear_error();
  if (!sp__get_pair(common_name, &cert, &key))
    return sp__fail_from_queue(err, 0, SP_EK_SSL, SP__CODE_INTERNAL,
                               "cannot make a self-signed certificate");
  ok = SSL_CTX_use_certificate(ctx->ssl_ctx, cert) == 1 &&
       SSL_CTX_use_PrivateKey(ctx->ssl_ctx, key) == 1;
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!ok)
    return sp__fail_from_queue(err, 0, SP_EK_SSL, SP__CODE_INTERNAL,
                               "cannot use the self-signed certificate");
  ERR_clear_error();
  return SP_OK;
}
