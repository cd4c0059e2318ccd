/*
 * More of what a context presents and trusts: PKCS#12 bundles, revocation
 * lists, Diffie-Hellman parameters, signature algorithm lists; and what
 * the key exchange of a finished handshake used.
 */
#include "internal.h"

#include <limits.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

/* ---- a trust store of the context's own --------------------------------- */

/* Copy every certificate and CRL of `from` into `to`. 1 on success. */
static int sp__copy_store(X509_STORE *to, X509_STORE *from) {
  STACK_OF(X509_OBJECT) * objects;
  int i, ok = 1;

  if (X509_STORE_lock(from) != 1)
    return 0;
  objects = X509_STORE_get0_objects(from);
  for (i = 0; ok && i < sk_X509_OBJECT_num(objects); i++) {
    X509_OBJECT *object = sk_X509_OBJECT_value(objects, i);
    X509 *cert = X509_OBJECT_get0_X509(object);
    X509_CRL *crl = X509_OBJECT_get0_X509_CRL(object);
    if (cert != NULL)
      ok = X509_STORE_add_cert(to, cert) == 1;
    else if (crl != NULL)
      ok = X509_STORE_add_crl(to, crl) == 1;
  }
  X509_STORE_unlock(from);
  return ok && X509_STORE_set1_param(to, X509_STORE_get0_param(from)) == 1;
}

/*
 * The shared root store is read-only for everyone; a context that must add
 * to it (a PKCS#12 CA, a CRL) gets a copy, as Node does. What the shared
 * store would only find lazily through a hashed directory is not copied:
 * the shared store of this project is built from a list in memory.
 */
int sp__ctx_own_trust(sp_ctx *ctx, sp_error *err) {
  X509_STORE *own;

  if (!ctx->shares_trust)
    return SP_OK;
  ERR_clear_error();
  own = X509_STORE_new();
  if (own == NULL ||
      !sp__copy_store(own, SSL_CTX_get_cert_store(ctx->ssl_ctx))) {
    X509_STORE_free(own);
    return sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM,
                               "cannot copy the trust store");
  }
  SSL_CTX_set_cert_store(ctx->ssl_ctx, own); /* drops the shared reference */
  ctx->shares_trust = 0;
  return SP_OK;
}

/* ---- PKCS#12 ------------------------------------------------------------ */

/*
 * leaf followed by `extra` ordered upwards: each certificate's issuer next
 * (as far as the issuers are there), then whatever is left in its order.
 * NULL when out of memory.
 */
static STACK_OF(X509) * sp__ordered_chain(X509 *leaf, STACK_OF(X509) * extra) {
  STACK_OF(X509) *chain = sk_X509_new_null();
  int count = sk_X509_num(extra);
  char used[64] = {0};
  X509 *current = leaf;
  int i, found;

  if (chain == NULL || sk_X509_push(chain, leaf) <= 0) {
    sk_X509_free(chain);
    return NULL;
  }
  if (count > (int)sizeof used)
    count = (int)sizeof used; /* a longer bundle keeps its own order */
  do {
    found = 0;
    for (i = 0; i < count && !found; i++) {
      X509 *candidate = sk_X509_value(extra, i);
      if (used[i] || candidate == current ||
          X509_check_issued(candidate, current) != X509_V_OK)
        continue;
      used[i] = 1;
      found = sk_X509_push(chain, candidate) > 0;
      if (!found) {
        sk_X509_free(chain);
        return NULL;
      }
      current = candidate;
    }
  } while (found);
  for (i = 0; i < sk_X509_num(extra); i++)
    if ((i >= count || !used[i]) &&
        sk_X509_push(chain, sk_X509_value(extra, i)) <= 0) {
      sk_X509_free(chain);
      return NULL;
    }
  return chain;
}

/* The parsed bundle installed: chain, key, and its CAs trusted. */
static int sp__install_pkcs12(sp_ctx *ctx, EVP_PKEY *key, X509 *leaf,
                              STACK_OF(X509) * extra, sp_error *err) {
  STACK_OF(X509) *chain = sp__ordered_chain(leaf, extra);
  int i, ok;

  if (chain == NULL)
    return sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM,
                               "out of memory");
  /* The key goes in after its certificate: OpenSSL checks that they match
   * (ERR_OSSL_X509_KEY_VALUES_MISMATCH) and puts them in the slot of their
   * algorithm, beside pairs of other algorithms. */
  ok = sp__install_chain(ctx->ssl_ctx, chain) &&
       SSL_CTX_use_PrivateKey(ctx->ssl_ctx, key) == 1;
  sk_X509_free(chain); /* the certificates belong to the caller */
  if (!ok)
    return sp__fail_openssl(err, "cannot use the PKCS#12 key and certificate");
  if (sk_X509_num(extra) > 0 && sp__ctx_own_trust(ctx, err) != SP_OK)
    return SP_ERROR;
  for (i = 0; i < sk_X509_num(extra); i++)
    if (!sp__add_ca(ctx->ssl_ctx, sk_X509_value(extra, i)))
      return sp__fail_openssl(err, "cannot trust the PKCS#12 CA certificate");
  return SP_OK;
}

int sp_ctx_use_pkcs12(sp_ctx *ctx, const void *der, size_t len,
                      const char *passphrase, sp_error *err) {
  BIO *bio;
  PKCS12 *p12;
  EVP_PKEY *key = NULL;
  X509 *leaf = NULL;
  STACK_OF(X509) *extra = NULL;
  int rc;

  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  ERR_clear_error();
  bio = sp__pem_bio(der, len, "PKCS#12 data", err);
  if (bio == NULL)
    return SP_ERROR;
  p12 = d2i_PKCS12_bio(bio, NULL);
  BIO_free(bio);
  if (p12 == NULL)
    return sp__fail_openssl(err, "cannot read the PKCS#12 data");
  /* A NULL passphrase lets OpenSSL try both "no password" and "". */
  if (PKCS12_parse(p12, passphrase, &key, &leaf, &extra) != 1) {
    PKCS12_free(p12);
    return sp__fail_openssl(err, "cannot open the PKCS#12 data (wrong "
                                 "passphrase?)");
  }
  PKCS12_free(p12);
  if (key == NULL || leaf == NULL)
    rc = sp__fail_arg(err, "the PKCS#12 data holds no private key and "
                           "certificate");
  else
    rc = sp__install_pkcs12(ctx, key, leaf, extra, err);
  EVP_PKEY_free(key);
  X509_free(leaf);
  sk_X509_pop_free(extra, X509_free);
  return rc == SP_OK ? sp__ok() : rc;
}

/* ---- revocation lists --------------------------------------------------- */

int sp_ctx_add_crl_pem(sp_ctx *ctx, const void *pem, size_t len,
                       sp_error *err) {
  X509_STORE *store;
  X509_CRL *crl;
  BIO *bio;
  int count = 0, ok = 1;

  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  ERR_clear_error();
  bio = sp__pem_bio(pem, len, "CRL", err);
  if (bio == NULL)
    return SP_ERROR;
  if (sp__ctx_own_trust(ctx, err) != SP_OK) {
    BIO_free(bio);
    return SP_ERROR;
  }
  store = SSL_CTX_get_cert_store(ctx->ssl_ctx);
  while (ok && (crl = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL)) != NULL) {
    ok = X509_STORE_add_crl(store, crl) == 1;
    X509_CRL_free(crl);
    count++;
  }
  BIO_free(bio);
  if (!ok || count == 0 || !sp__pem_ended_cleanly())
    return sp__fail_openssl(err, "cannot read the CRL");
  ERR_clear_error();
  if (X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK |
                                      X509_V_FLAG_CRL_CHECK_ALL) != 1)
    return sp__fail_openssl(err, "cannot switch CRL checking on");
  return sp__ok();
}

/* ---- Diffie-Hellman ----------------------------------------------------- */

int sp_ctx_set_dh_params_pem(sp_ctx *ctx, const void *pem, size_t len,
                             int *bits, sp_error *err) {
  EVP_PKEY *params;
  BIO *bio;

  if (bits != NULL)
    *bits = 0;
  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  ERR_clear_error();
  bio = sp__pem_bio(pem, len, "DH parameters", err);
  if (bio == NULL)
    return SP_ERROR;
  params = PEM_read_bio_Parameters(bio, NULL);
  BIO_free(bio);
  if (params == NULL)
    return sp__fail_openssl(err, "cannot read the DH parameters");
  if (!EVP_PKEY_is_a(params, "DH") && !EVP_PKEY_is_a(params, "DHX")) {
    EVP_PKEY_free(params);
    return sp__fail_arg(err, "the parameters are not Diffie-Hellman "
                             "parameters");
  }
  if (bits != NULL)
    *bits = EVP_PKEY_get_bits(params);
  if (SSL_CTX_set_dh_auto(ctx->ssl_ctx, 0) != 1 ||
      SSL_CTX_set0_tmp_dh_pkey(ctx->ssl_ctx, params) != 1) {
    EVP_PKEY_free(params); /* set0 took it only on success */
    return sp__fail_openssl(err, "cannot use the DH parameters");
  }
  return sp__ok();
}

int sp_ctx_set_dh_auto(sp_ctx *ctx, sp_error *err) {
  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  ERR_clear_error();
  if (SSL_CTX_set_dh_auto(ctx->ssl_ctx, 1) != 1)
    return sp__fail_openssl(err, "cannot choose DH parameters automatically");
  return sp__ok();
}

/* ---- signature algorithms ----------------------------------------------- */

int sp_ctx_set_sigalgs(sp_ctx *ctx, const char *list, sp_error *err) {
  if (ctx == NULL || list == NULL)
    return sp__fail_arg(err, "context and list must not be NULL");
  ERR_clear_error();
  /* OpenSSL refuses an unknown name without queueing a reason. */
  if (SSL_CTX_set1_sigalgs_list(ctx->ssl_ctx, list) != 1)
    return sp__fail_from_queue(err, 0, SP_EK_ARG, SP__CODE_INVALID_ARG,
                               "invalid signature algorithm list");
  return sp__ok();
}

/* ---- the key exchange --------------------------------------------------- */

/* A static name for an EC key's curve ("prime256v1"), NULL if unknown. */
static const char *sp__curve_name(const EVP_PKEY *key) {
  char group[80];
  size_t len = 0;
  int nid;

  if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1)
    return NULL;
  nid = OBJ_txt2nid(group);
  if (nid == NID_undef)
    nid = EC_curve_nist2nid(group);
  return nid != NID_undef ? OBJ_nid2sn(nid) : NULL;
}

int sp_conn_ephemeral_key(const sp_conn *conn, sp_key_info *out) {
  EVP_PKEY *key = NULL;
  int rc = SP_OK;

  if (out == NULL)
    return SP_ERROR;
  memset(out, 0, sizeof *out);
  if (conn == NULL || SSL_is_server(conn->ssl) ||
      SSL_get_peer_tmp_key(conn->ssl, &key) != 1) {
    ERR_clear_error();
    return SP_ERROR;
  }
  out->size = EVP_PKEY_get_bits(key);
  switch (EVP_PKEY_get_base_id(key)) {
  case EVP_PKEY_DH:
  case EVP_PKEY_DHX:
    out->type = "DH";
    break;
  case EVP_PKEY_EC:
    out->type = "ECDH";
    out->name = sp__curve_name(key);
    break;
  case EVP_PKEY_X25519:
  case EVP_PKEY_X448:
    out->type = "ECDH";
    out->name = OBJ_nid2sn(EVP_PKEY_get_base_id(key));
    break;
  default:
    rc = SP_ERROR;
    break;
  }
  EVP_PKEY_free(key);
  ERR_clear_error();
  return rc;
}
