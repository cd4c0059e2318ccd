/*
 * Contexts: one SSL_CTX with secure defaults, the keys, certificates and
 * trust anchors connections are made from. Reference counted.
 */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

/*
 * Node's default cipher list. HIGH holds neither RC4 nor 3DES (3DES is
 * MEDIUM since OpenSSL 1.1.0); the exclusions keep anonymous, NULL, export
 * and other weak suites out even where a future HIGH might let them in.
 */
#define SP__DEFAULT_CIPHERS                                                    \
  "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:"                 \
  "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:"                 \
  "DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:"   \
  "ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:"     \
  "DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:"      \
  "!SRP:!CAMELLIA"

#define SP__DEFAULT_MIN_VERSION TLS1_2_VERSION

/*
 * Every server context gets its own random session id context: sessions
 * cannot resume across contexts (they may trust different CAs), and a
 * server that asks for client certificates can resume at all (OpenSSL
 * refuses with "session id context uninitialized" otherwise).
 */
static int sp__set_random_session_id_context(SSL_CTX *ssl_ctx) {
  unsigned char sid_ctx[SSL_MAX_SID_CTX_LENGTH];

  return RAND_bytes(sid_ctx, sizeof sid_ctx) == 1 &&
         SSL_CTX_set_session_id_context(ssl_ctx, sid_ctx, sizeof sid_ctx) == 1;
}

static int sp__apply_defaults(SSL_CTX *ssl_ctx, int transport) {
  SSL_CTX_set_options(ssl_ctx, SSL_OP_NO_COMPRESSION);
  sp__debug_install(ssl_ctx);
  /* DTLS contexts get their versions from sp__dtls_ctx_init(). */
  return (transport == SP_TRANSPORT_DTLS ||
          SSL_CTX_set_min_proto_version(ssl_ctx, SP__DEFAULT_MIN_VERSION) ==
              1) &&
         SSL_CTX_set_cipher_list(ssl_ctx, SP__DEFAULT_CIPHERS) == 1 &&
         sp__set_random_session_id_context(ssl_ctx) &&
         sp__ctx_install_extensions(ssl_ctx);
}

sp_ctx *sp_ctx_new(int transport, sp_error *err) {
  sp_ctx *ctx;

  ERR_clear_error();
  if (transport != SP_TRANSPORT_TLS && transport != SP_TRANSPORT_DTLS) {
    sp__fail_arg(err,
                 "transport must be SP_TRANSPORT_TLS or SP_TRANSPORT_DTLS");
    return NULL;
  }
  ctx = calloc(1, sizeof *ctx);
  if (ctx == NULL) {
    sp__fail(err, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
    return NULL;
  }
  atomic_init(&ctx->refs, 1);
  ctx->transport = transport;
  ctx->ssl_ctx = SSL_CTX_new(transport == SP_TRANSPORT_DTLS ? DTLS_method()
                                                           : TLS_method());
  if (ctx->ssl_ctx == NULL ||
      !sp__apply_defaults(ctx->ssl_ctx, transport) ||
      !sp__session_ctx_init(ctx) ||
      (transport == SP_TRANSPORT_DTLS && !sp__dtls_ctx_init(ctx))) {
    sp__fail_openssl(err, "cannot create the TLS context");
    SSL_CTX_free(ctx->ssl_ctx);
    free(ctx);
    return NULL;
  }
  sp__ok();
  return ctx;
}

void sp_ctx_ref(sp_ctx *ctx) {
  if (ctx != NULL)
    atomic_fetch_add(&ctx->refs, 1);
}

void sp_ctx_unref(sp_ctx *ctx) {
  if (ctx == NULL || atomic_fetch_sub(&ctx->refs, 1) != 1)
    return;
  SSL_CTX_free(ctx->ssl_ctx);
  sp__psk_ctx_free(ctx);
  sp__dtls_ctx_free(ctx);
  free(ctx);
}

/* ---- protocol versions, ciphers, options -------------------------------- */

static int sp__is_version(int version) {
  return version == 0 || version == SP_TLS1_VERSION ||
         version == SP_TLS1_1_VERSION || version == SP_TLS1_2_VERSION ||
         version == SP_TLS1_3_VERSION;
}

int sp_ctx_set_protocol_range(sp_ctx *ctx, int min_version, int max_version,
                              sp_error *err) {
  int min = min_version != 0 ? min_version : SP__DEFAULT_MIN_VERSION;

  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  if (!sp__is_version(min_version) || !sp__is_version(max_version))
    return sp__fail_arg(err,
                        "protocol versions must be SP_TLS1_x_VERSION or 0");
  /* DTLS 1.2 is the TLS 1.2 of datagrams, and the only DTLS spoken. */
  if (ctx->transport == SP_TRANSPORT_DTLS) {
    if ((min_version != 0 && min_version != SP_TLS1_2_VERSION) ||
        (max_version != 0 && max_version != SP_TLS1_2_VERSION))
      return sp__fail_arg(err, "a DTLS context speaks DTLS 1.2 only "
                               "(SP_TLS1_2_VERSION or 0)");
    return SP_OK;
  }
  /* A range without a version would fail every handshake later, with a
   * puzzling error; say so now. */
  if (max_version != 0 && min > max_version)
    return sp__fail_arg(err, "the maximum protocol version is below the "
                             "minimum (TLS 1.2 unless set)");
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(ctx->ssl_ctx, min) != 1 ||
      SSL_CTX_set_max_proto_version(ctx->ssl_ctx, max_version) != 1)
    return sp__fail_openssl(err, "cannot set the protocol versions");
  return sp__ok();
}

/* The shared shape of the string setters below. */
static int sp__set_list(sp_ctx *ctx, const char *list,
                        int (*setter)(SSL_CTX *, const char *),
                        const char *what, sp_error *err) {
  if (ctx == NULL || list == NULL)
    return sp__fail_arg(err, "context and list must not be NULL");
  ERR_clear_error();
  if (setter(ctx->ssl_ctx, list) != 1)
    return sp__fail_openssl(err, what);
  return sp__ok();
}

static int sp__set_groups_list(SSL_CTX *ssl_ctx, const char *list) {
  return SSL_CTX_set1_groups_list(ssl_ctx, list) == 1;
}

int sp_ctx_set_ciphers(sp_ctx *ctx, const char *list, sp_error *err) {
  return sp__set_list(ctx, list, SSL_CTX_set_cipher_list,
                      "no usable cipher in the list", err);
}

int sp_ctx_set_ciphersuites(sp_ctx *ctx, const char *list, sp_error *err) {
  return sp__set_list(ctx, list, SSL_CTX_set_ciphersuites,
                      "invalid TLS 1.3 cipher suite list", err);
}

int sp_ctx_set_groups(sp_ctx *ctx, const char *list, sp_error *err) {
  return sp__set_list(ctx, list, sp__set_groups_list,
                      "invalid key exchange group list", err);
}

int sp_ctx_set_options(sp_ctx *ctx, uint64_t ssl_options, sp_error *err) {
  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  SSL_CTX_set_options(ctx->ssl_ctx, ssl_options);
  return SP_OK;
}

/* ---- PEM input ---------------------------------------------------------- */

/*
 * Gives OpenSSL the caller's passphrase, or refuses (-1, "interrupted or
 * cancelled", as Node does) when there is none. Passing a callback at all
 * matters: OpenSSL's default one would prompt on the terminal.
 */
int sp__passphrase_cb(char *buf, int size, int rwflag, void *userdata) {
  sp__passphrase *holder = userdata;
  const char *passphrase = holder != NULL ? holder->text : NULL;
  size_t len;

  (void)rwflag;
  if (size < 0)
    return -1;
  if (passphrase == NULL) {
    /* As Node does: decryption is tried with an empty passphrase, so the
     * code is ERR_OSSL_BAD_DECRYPT whether it is missing or wrong. */
    if (holder != NULL)
      holder->refused = 1;
    return 0;
  }
  len = strlen(passphrase);
  if (len > (size_t)size)
    return -1;
  memcpy(buf, passphrase, len);
  return (int)len;
}

/* A read-only BIO over the caller's bytes, after the checks every PEM
 * input needs. NULL (err filled) when there is nothing usable. */
BIO *sp__pem_bio(const void *pem, size_t len, const char *what,
                 sp_error *err) {
  BIO *bio;

  if (pem == NULL || len == 0) {
    sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG, "%s is empty", what);
    return NULL;
  }
  if (len > INT_MAX) {
    sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG, "%s is too large", what);
    return NULL;
  }
  bio = BIO_new_mem_buf(pem, (int)len);
  if (bio == NULL)
    sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  return bio;
}

/* Reading a PEM list always stops on "no start line"; that one means the
 * end of the input, anything else a damaged certificate. */
int sp__pem_ended_cleanly(void) {
  unsigned long last = ERR_peek_last_error();

  return ERR_GET_LIB(last) == ERR_LIB_PEM &&
         ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
}

/*
 * Every certificate of a PEM blob, in order, or NULL (err filled) when the
 * blob holds none or a damaged one. "TRUSTED CERTIFICATE" blocks are read
 * too, as OpenSSL's own chain loaders do.
 */
static STACK_OF(X509) * sp__read_certs(const void *pem, size_t len,
                                       const char *what, sp_error *err) {
  BIO *bio = sp__pem_bio(pem, len, what, err);
  STACK_OF(X509) *certs = bio != NULL ? sk_X509_new_null() : NULL;
  X509 *cert;
  int pushed_all = 1;

  if (certs == NULL) {
    if (bio != NULL)
      sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
    BIO_free(bio);
    return NULL;
  }
  while (pushed_all &&
         (cert = PEM_read_bio_X509_AUX(bio, NULL, sp__passphrase_cb, NULL))) {
    pushed_all = sk_X509_push(certs, cert) > 0;
    if (!pushed_all)
      X509_free(cert);
  }
  BIO_free(bio);
  if (!pushed_all || sk_X509_num(certs) == 0 || !sp__pem_ended_cleanly()) {
    sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
    sk_X509_pop_free(certs, X509_free);
    return NULL;
  }
  ERR_clear_error();
  return certs;
}

/* ---- key and certificate ------------------------------------------------ */

/* OpenSSL's words for a missing passphrase ("bad decrypt") carry the
 * code Node gives, but are no help to a reader: say it plainly. */
static int sp__fail_key(sp_error *err, int passphrase_missing) {
  sp__fail_openssl(err, "cannot read the private key");
  if (passphrase_missing && err != NULL)
    snprintf(err->message, sizeof err->message,
             "the private key is encrypted and no passphrase was given");
  return SP_ERROR;
}

int sp_ctx_use_key_pem(sp_ctx *ctx, const void *pem, size_t len,
                       const char *passphrase, sp_error *err) {
  sp__passphrase holder = {passphrase, 0};
  BIO *bio;
  EVP_PKEY *key;
  int ok;

  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  ERR_clear_error();
  bio = sp__pem_bio(pem, len, "private key", err);
  if (bio == NULL)
    return SP_ERROR;
  key = PEM_read_bio_PrivateKey(bio, NULL, sp__passphrase_cb, &holder);
  BIO_free(bio);
  if (key == NULL)
    return sp__fail_key(err, holder.refused);
  /* OpenSSL itself checks the key against a certificate of its type
   * already in place (X509 "key values mismatch"). */
  ok = SSL_CTX_use_PrivateKey(ctx->ssl_ctx, key) == 1;
  EVP_PKEY_free(key);
  if (!ok)
    return sp__fail_openssl(err, "cannot use the private key");
  return sp__ok();
}

/*
 * A key already loaded for the leaf's algorithm must belong to it: OpenSSL
 * would otherwise drop that key silently and fail only at handshake time.
 * A key of another algorithm lives in another slot (a context may hold an
 * RSA and an ECDSA pair), so it is not compared.
 */
static int sp__leaf_fits_key(const SSL_CTX *ssl_ctx, X509 *leaf) {
  EVP_PKEY *key = SSL_CTX_get0_privatekey(ssl_ctx);
  EVP_PKEY *leaf_key = X509_get0_pubkey(leaf);

  if (key == NULL || leaf_key == NULL ||
      EVP_PKEY_get_base_id(key) != EVP_PKEY_get_base_id(leaf_key))
    return 1;
  return X509_check_private_key(leaf, key) == 1;
}

int sp__install_chain(SSL_CTX *ssl_ctx, STACK_OF(X509) * certs) {
  int i;

  if (SSL_CTX_use_certificate(ssl_ctx, sk_X509_value(certs, 0)) != 1 ||
      SSL_CTX_clear_chain_certs(ssl_ctx) != 1)
    return 0;
  for (i = 1; i < sk_X509_num(certs); i++)
    if (SSL_CTX_add1_chain_cert(ssl_ctx, sk_X509_value(certs, i)) != 1)
      return 0;
  return 1;
}

int sp_ctx_use_cert_chain_pem(sp_ctx *ctx, const void *pem, size_t len,
                              sp_error *err) {
  STACK_OF(X509) * certs;
  int rc = SP_OK;

  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  ERR_clear_error();
  certs = sp__read_certs(pem, len, "certificate chain", err);
  if (certs == NULL)
    return SP_ERROR;
  if (!sp__leaf_fits_key(ctx->ssl_ctx, sk_X509_value(certs, 0)) ||
      !sp__install_chain(ctx->ssl_ctx, certs))
    rc = sp__fail_openssl(err, "cannot use the certificate chain");
  sk_X509_pop_free(certs, X509_free);
  return rc == SP_OK ? sp__ok() : rc;
}

/* ---- trust -------------------------------------------------------------- */

static int sp__has_client_ca(SSL_CTX *ssl_ctx, const X509_NAME *name) {
  const STACK_OF(X509_NAME) *names = SSL_CTX_get_client_CA_list(ssl_ctx);
  int i;

  for (i = 0; i < sk_X509_NAME_num(names); i++)
    if (X509_NAME_cmp(sk_X509_NAME_value(names, i), name) == 0)
      return 1;
  return 0;
}

/* Trust one CA, and name it in CertificateRequest (once). */
int sp__add_ca(SSL_CTX *ssl_ctx, X509 *ca) {
  if (X509_STORE_add_cert(SSL_CTX_get_cert_store(ssl_ctx), ca) != 1)
    return 0;
  return sp__has_client_ca(ssl_ctx, X509_get_subject_name(ca)) ||
         SSL_CTX_add_client_CA(ssl_ctx, ca) == 1;
}

static int sp__check_own_trust(const sp_ctx *ctx, sp_error *err) {
  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  if (ctx->shares_trust)
    return sp__fail_arg(err, "this context shares another context's trust "
                             "store, which it must not change");
  return SP_OK;
}

int sp_ctx_add_ca_pem(sp_ctx *ctx, const void *pem, size_t len, sp_error *err) {
  STACK_OF(X509) * certs;
  int i, rc = SP_OK;

  if (sp__check_own_trust(ctx, err) != SP_OK)
    return SP_ERROR;
  ERR_clear_error();
  certs = sp__read_certs(pem, len, "CA certificate", err);
  if (certs == NULL)
    return SP_ERROR;
  for (i = 0; i < sk_X509_num(certs) && rc == SP_OK; i++)
    if (!sp__add_ca(ctx->ssl_ctx, sk_X509_value(certs, i)))
      rc = sp__fail_openssl(err, "cannot add the CA certificate");
  sk_X509_pop_free(certs, X509_free);
  return rc == SP_OK ? sp__ok() : rc;
}

int sp_ctx_use_system_roots(sp_ctx *ctx, sp_error *err) {
  if (sp__check_own_trust(ctx, err) != SP_OK)
    return SP_ERROR;
  ERR_clear_error();
  if (SSL_CTX_set_default_verify_paths(ctx->ssl_ctx) != 1)
    return sp__fail_openssl(err, "cannot use the default CA locations");
  return sp__ok();
}

int sp_ctx_share_trust(sp_ctx *dst, const sp_ctx *src, sp_error *err) {
  if (dst == NULL || src == NULL)
    return sp__fail_arg(err, "contexts must not be NULL");
  if (dst == src)
    return SP_OK;
  /* set1 takes its own reference: the store lives as long as any user. */
  SSL_CTX_set1_cert_store(dst->ssl_ctx, SSL_CTX_get_cert_store(src->ssl_ctx));
  dst->shares_trust = 1;
  return SP_OK;
}
