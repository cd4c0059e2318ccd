/*
 * Credentials beyond PEM keys and certificates: PKCS#12 bundles (with and
 * without a passphrase, wrong ones, chains inside), revocation lists, DH
 * parameters for the DHE suites, signature algorithm lists choosing
 * between an RSA and an ECDSA pair, and the key exchange a client saw.
 */
#include "harness.h"
#include "internal.h" /* white box: which trust store a context uses */

/* A context loaded from a PKCS#12 fixture; SP_* status, err filled. */
static int ctx_pkcs12_file(sp_ctx *ctx, const char *name,
                           const char *passphrase, sp_error *err) {
  fixture f = fixture_load(name);
  int rc = sp_ctx_use_pkcs12(ctx, f.data, f.len, passphrase, err);

  harness_note_queue();
  fixture_free(&f);
  return rc;
}

static int ctx_crl_file(sp_ctx *ctx, const char *name, sp_error *err) {
  fixture f = fixture_load(name);
  int rc = sp_ctx_add_crl_pem(ctx, f.data, f.len, err);

  harness_note_queue();
  fixture_free(&f);
  return rc;
}

static int ctx_dh_file(sp_ctx *ctx, const char *name, int *bits,
                       sp_error *err) {
  fixture f = fixture_load(name);
  int rc = sp_ctx_set_dh_params_pem(ctx, f.data, f.len, bits, err);

  harness_note_queue();
  fixture_free(&f);
  return rc;
}

/* The CN of the certificate `conn`'s peer presented ("" if none). */
static const char *peer_cn(const sp_conn *conn) {
  static char cn[128];
  sp_cert *cert = sp_conn_peer_cert(conn, NULL);
  size_t i;

  cn[0] = '\0';
  for (i = 0; cert != NULL && i < cert->subject_count; i++)
    if (strcmp(cert->subject[i].key, "CN") == 0)
      snprintf(cn, sizeof cn, "%s", cert->subject[i].value);
  sp_cert_free(cert);
  return cn;
}

/* 1 if the peer's certificate has an EC key (else RSA, here). */
static int peer_is_ecdsa(const sp_conn *conn) {
  sp_cert *cert = sp_conn_peer_cert(conn, NULL);
  int ec = cert != NULL && cert->asn1_curve != NULL;

  sp_cert_free(cert);
  return ec;
}

/* ---- PKCS#12 ------------------------------------------------------------ */

static void test_pkcs12_serves(int version) {
  const char *name = version_name(version);
  sp_ctx *server = new_ctx();
  sp_error err;
  pair p;

  CHECK_INT(ctx_pkcs12_file(server, "server-rsa.p12", "sekrit", &err), SP_OK,
            "%s pkcs12: loaded with its passphrase", name);
  pair_init(&p, client_ctx(version), server);
  sp_conn_set_verify(p.client.conn, SP_VERIFY_PEER | SP_VERIFY_ENFORCE);
  CHECK(pair_handshake(&p, 0), "%s pkcs12: the client verifies the server",
        name);
  CHECK_STR(peer_cn(p.client.conn), "localhost",
            "%s pkcs12: the bundle's certificate is presented", name);
  pair_free(&p);
}

/* The chain bundle: leaf and intermediate inside, empty passphrase. The
 * client trusts only ca1, so the intermediate must be sent. */
static void test_pkcs12_chain(void) {
  sp_ctx *server = new_ctx();
  sp_cert **chain = NULL;
  size_t count = 0;
  sp_error err;
  pair p;

  CHECK_INT(ctx_pkcs12_file(server, "server-chain.p12", NULL, &err), SP_OK,
            "pkcs12 chain: loaded without a passphrase");
  pair_init(&p, client_ctx(0), server);
  sp_conn_set_verify(p.client.conn, SP_VERIFY_PEER | SP_VERIFY_ENFORCE);
  CHECK(pair_handshake(&p, 0), "pkcs12 chain: verified through int1");
  CHECK(sp_conn_peer_chain(p.client.conn, &chain, &count, &err) == SP_OK &&
            count == 3,
        "pkcs12 chain: leaf, intermediate and root (%zu)", count);
  harness_note_queue();
  sp_cert_chain_free(chain, count);
  pair_free(&p);
}

static void test_pkcs12_refused(void) {
  static const char garbage[] = "not a PKCS#12 file at all";
  sp_ctx *ctx = new_ctx();
  sp_error err;

  CHECK_INT(ctx_pkcs12_file(ctx, "server-rsa.p12", "wrong", &err), SP_ERROR,
            "pkcs12: a wrong passphrase fails");
  CHECK_CODE(&err, "ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE",
             "pkcs12: as a MAC verification failure");
  CHECK_INT(ctx_pkcs12_file(ctx, "server-rsa.p12", NULL, &err), SP_ERROR,
            "pkcs12: a missing passphrase fails");
  CHECK_CODE(&err, "ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE",
             "pkcs12: missing passphrase, same code");
  CHECK_INT(sp_ctx_use_pkcs12(ctx, garbage, sizeof garbage, NULL, &err),
            SP_ERROR, "pkcs12: garbage fails");
  CHECK(strncmp(err.code, "ERR_OSSL_ASN1_", 14) == 0,
        "pkcs12: garbage is an ASN.1 error (%s)", err.code);
  CHECK_INT(sp_ctx_use_pkcs12(ctx, NULL, 0, NULL, &err), SP_ERROR,
            "pkcs12: nothing fails");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "pkcs12: nothing is a bad argument");
  harness_note_queue();
  sp_ctx_unref(ctx);
}

/*
 * A context sharing another's store (the process-wide roots) gets its own
 * copy when a bundle brings CAs: the shared store is not touched, and the
 * copy still trusts what the shared one did.
 */
static void test_pkcs12_copies_shared_trust(void) {
  sp_ctx *roots = ctx_with(NULL, NULL, "ca2-cert.pem");
  sp_ctx *ctx = new_ctx();
  X509_STORE *shared = SSL_CTX_get_cert_store(roots->ssl_ctx);
  int before = sk_X509_OBJECT_num(X509_STORE_get0_objects(shared));
  sp_error err;
  pair p;

  CHECK_INT(sp_ctx_share_trust(ctx, roots, &err), SP_OK, "share the roots");
  CHECK_INT(ctx_pkcs12_file(ctx, "server-rsa.p12", "sekrit", &err), SP_OK,
            "pkcs12 on a sharing context: loaded");
  CHECK(SSL_CTX_get_cert_store(ctx->ssl_ctx) != shared,
        "the context has a store of its own now");
  CHECK_INT(sk_X509_OBJECT_num(X509_STORE_get0_objects(shared)), before,
            "the shared store is unchanged");
  CHECK_INT(sp_ctx_add_ca_pem(ctx, "x", 1, &err), SP_ERROR,
            "its own store accepts CAs (a bad one fails as PEM)");
  CHECK(strcmp(err.code, "ERR_SP_INVALID_ARG") != 0,
        "no longer refused as shared (%s)", err.code);

  /* The copy holds ca2 (from the roots) and ca1 (from the bundle). */
  CHECK_INT(sk_X509_OBJECT_num(
                X509_STORE_get0_objects(SSL_CTX_get_cert_store(ctx->ssl_ctx))),
            before + 1, "the copy holds the roots and the bundle's CA");
  sp_ctx_ref(ctx);
  pair_init(&p, ctx, server_ctx("server-rsa", NULL));
  CHECK(pair_handshake(&p, 0) && sp_conn_verify_result(p.client.conn) == 0,
        "a client of the context trusts the bundle's CA");
  pair_free(&p);
  sp_ctx_unref(ctx);
  sp_ctx_unref(roots);
}

/* ---- several pairs and signature algorithms ----------------------------- */

/* One server context with an RSA and an ECDSA pair. */
static sp_ctx *dual_server(void) {
  sp_ctx *ctx = server_ctx("server-rsa", NULL);
  sp_error err;

  if (ctx_cert_file(ctx, "server-ecdsa-cert.pem", &err) != SP_OK ||
      ctx_key_file(ctx, "server-ecdsa-key.pem", NULL, &err) != SP_OK)
    harness_bail("ECDSA pair", err.message);
  return ctx;
}

static void test_sigalgs_pick(int version, const char *sigalgs, int ecdsa) {
  const char *name = version_name(version);
  sp_ctx *client = client_ctx(version);
  sp_error err;
  pair p;

  CHECK_INT(sp_ctx_set_sigalgs(client, sigalgs, &err), SP_OK,
            "%s sigalgs %s: accepted", name, sigalgs);
  pair_init(&p, client, dual_server());
  CHECK(pair_handshake(&p, 0), "%s sigalgs %s: handshake", name, sigalgs);
  CHECK_INT(peer_is_ecdsa(p.client.conn), ecdsa,
            "%s sigalgs %s: the server presents its %s certificate", name,
            sigalgs, ecdsa ? "ECDSA" : "RSA");
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0,
            "%s sigalgs %s: and it verifies", name, sigalgs);
  pair_free(&p);
}

static void test_sigalgs_refused(void) {
  sp_ctx *ctx = new_ctx();
  sp_ctx *client = client_ctx(SP_TLS1_3_VERSION);
  sp_error err;
  pair p;

  CHECK_INT(sp_ctx_set_sigalgs(ctx, "NOT-AN-ALGORITHM", &err), SP_ERROR,
            "sigalgs: an unknown name is refused");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "sigalgs: as a bad argument");
  harness_note_queue();
  sp_ctx_unref(ctx);

  /* The client takes only Ed25519, which the server cannot sign with. */
  sp_ctx_set_sigalgs(client, "ed25519", NULL);
  pair_init(&p, client, dual_server());
  CHECK(!pair_handshake(&p, 0), "sigalgs without overlap: no handshake");
  CHECK(sp_conn_error(p.server.conn) != NULL,
        "sigalgs without overlap: the server fails (%s)",
        sp_conn_error(p.server.conn) ? sp_conn_error(p.server.conn)->code : "");
  pair_free(&p);
}

/* ---- revocation --------------------------------------------------------- */

static void test_crl(int version, const char *client, int revoked) {
  const char *name = version_name(version);
  sp_ctx *server = server_ctx("server-rsa", "ca1-cert.pem");
  char cert[64], key[64];
  sp_error err;
  pair p;

  snprintf(cert, sizeof cert, "%s-cert.pem", client);
  snprintf(key, sizeof key, "%s-key.pem", client);
  CHECK_INT(ctx_crl_file(server, "ca1-crl.pem", &err), SP_OK, "%s crl: loaded",
            name);
  pair_init(&p, ctx_with(cert, key, "ca1-cert.pem"), server);
  ctx_range(p.client.conn->ctx, version, version);
  sp_conn_set_verify(p.server.conn, SP_VERIFY_PEER | SP_VERIFY_REQUIRE_CERT |
                                        SP_VERIFY_ENFORCE);
  if (revoked) {
    CHECK(!pair_handshake(&p, 0), "%s crl %s: refused", name, client);
    CHECK_CODE(sp_conn_error(p.server.conn), "CERT_REVOKED",
               "%s crl %s: the server says CERT_REVOKED", name, client);
    CHECK_CODE(sp_conn_error(p.client.conn),
               "ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED",
               "%s crl %s: the client hears certificate_revoked", name, client);
  } else {
    CHECK(pair_handshake(&p, 0), "%s crl %s: accepted", name, client);
    CHECK_INT(sp_conn_verify_result(p.server.conn), 0, "%s crl %s: verified",
              name, client);
  }
  pair_free(&p);
}

static void test_crl_refused(void) {
  static const char garbage[] = "-----BEGIN X509 CRL-----\nAAAA\n"
                                "-----END X509 CRL-----\n";
  sp_ctx *roots = ctx_with(NULL, NULL, "ca1-cert.pem");
  sp_ctx *ctx = new_ctx();
  X509_STORE *shared = SSL_CTX_get_cert_store(roots->ssl_ctx);
  sp_error err;

  CHECK_INT(sp_ctx_add_crl_pem(ctx, garbage, strlen(garbage), &err), SP_ERROR,
            "crl: a damaged one is refused");
  CHECK(strncmp(err.code, "ERR_OSSL_", 9) == 0,
        "crl: with OpenSSL's reason (%s)", err.code);
  CHECK_INT(ctx_crl_file(ctx, "ca1-cert.pem", &err), SP_ERROR,
            "crl: a certificate is no CRL");
  CHECK_CODE(&err, "ERR_OSSL_PEM_NO_START_LINE", "crl: no CRL found");

  sp_ctx_share_trust(ctx, roots, NULL);
  CHECK_INT(ctx_crl_file(ctx, "ca1-crl.pem", &err), SP_OK,
            "crl on a sharing context: loaded");
  CHECK(SSL_CTX_get_cert_store(ctx->ssl_ctx) != shared &&
            X509_VERIFY_PARAM_get_flags(X509_STORE_get0_param(shared)) == 0,
        "crl: the shared store is neither changed nor checking CRLs");
  harness_note_queue();
  sp_ctx_unref(ctx);
  sp_ctx_unref(roots);
}

/* ---- Diffie-Hellman and the key exchange -------------------------------- */

static void test_dhe(const char *params) {
  sp_ctx *server = server_ctx("server-rsa", NULL);
  sp_ctx *client = client_ctx(SP_TLS1_2_VERSION);
  sp_cipher_info cipher;
  sp_key_info key;
  sp_error err;
  int bits = 0;
  pair p;

  if (params != NULL) {
    CHECK_INT(ctx_dh_file(server, params, &bits, &err), SP_OK,
              "dhe %s: parameters loaded", params);
    CHECK_INT(bits, 2048, "dhe %s: 2048 bits", params);
  } else {
    CHECK_INT(sp_ctx_set_dh_auto(server, &err), SP_OK, "dhe auto: set");
  }
  sp_ctx_set_ciphers(client, "DHE-RSA-AES128-GCM-SHA256", NULL);
  pair_init(&p, client, server);
  CHECK(pair_handshake(&p, 0), "dhe %s: handshake", params ? params : "auto");
  CHECK(sp_conn_cipher(p.client.conn, &cipher) == SP_OK &&
            strcmp(cipher.name, "DHE-RSA-AES128-GCM-SHA256") == 0,
        "dhe %s: the DHE suite", params ? params : "auto");
  CHECK(sp_conn_ephemeral_key(p.client.conn, &key) == SP_OK &&
            strcmp(key.type, "DH") == 0 && key.size == 2048 && key.name == NULL,
        "dhe %s: the client saw a 2048-bit DH key", params ? params : "auto");
  CHECK_INT(sp_conn_ephemeral_key(p.server.conn, &key), SP_ERROR,
            "dhe: a server reports nothing (as Node)");
  pair_free(&p);
}

/* Without parameters a server has no DHE suite to offer. */
static void test_no_dhe(void) {
  sp_ctx *client = client_ctx(SP_TLS1_2_VERSION);
  pair p;

  sp_ctx_set_ciphers(client, "DHE-RSA-AES128-GCM-SHA256", NULL);
  pair_init(&p, client, server_ctx("server-rsa", NULL));
  CHECK(!pair_handshake(&p, 0), "no dh parameters: no DHE handshake");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SSL_NO_SHARED_CIPHER",
             "no dh parameters: no shared cipher");
  pair_free(&p);
}

static void test_dh_refused(void) {
  sp_ctx *ctx = new_ctx();
  sp_error err;
  int bits = 1;

  CHECK_INT(ctx_dh_file(ctx, "ca1-cert.pem", &bits, &err), SP_ERROR,
            "dh: a certificate is no parameters");
  CHECK_INT(bits, 0, "dh: no size then");
  CHECK_INT(ctx_dh_file(ctx, "dhparam-512.pem", &bits, &err), SP_ERROR,
            "dh: 512 bits are below the security level");
  CHECK_CODE(&err, "ERR_SSL_DH_KEY_TOO_SMALL", "dh: too small");
  CHECK_INT(bits, 512, "dh: the size is still reported");
  sp_ctx_unref(ctx);
}

static void test_ecdh(int version, const char *groups, const char *name,
                      int size) {
  sp_ctx *client = client_ctx(version);
  sp_key_info key = {NULL, NULL, 0}; /* the message reads it, maybe first */
  pair p;

  if (groups != NULL)
    sp_ctx_set_groups(client, groups, NULL);
  pair_init(&p, client, server_ctx("server-rsa", NULL));
  CHECK(pair_handshake(&p, 0), "ecdh %s: handshake", name);
  CHECK(sp_conn_ephemeral_key(p.client.conn, &key) == SP_OK &&
            strcmp(key.type, "ECDH") == 0 && key.name != NULL &&
            strcmp(key.name, name) == 0 && key.size == size,
        "%s ecdh: %s of %d bits (%s %s %d)", version_name(version), name, size,
        key.type ? key.type : "-", key.name ? key.name : "-", key.size);
  pair_free(&p);
}

int main(void) {
  test_pkcs12_serves(SP_TLS1_2_VERSION);
  test_pkcs12_serves(SP_TLS1_3_VERSION);
  test_pkcs12_chain();
  test_pkcs12_refused();
  test_pkcs12_copies_shared_trust();
  test_sigalgs_pick(SP_TLS1_3_VERSION, "ECDSA+SHA256", 1);
  test_sigalgs_pick(SP_TLS1_3_VERSION, "RSA-PSS+SHA256", 0);
  test_sigalgs_pick(SP_TLS1_2_VERSION, "ECDSA+SHA256", 1);
  test_sigalgs_pick(SP_TLS1_2_VERSION, "RSA+SHA256", 0);
  test_sigalgs_refused();
  test_crl(SP_TLS1_2_VERSION, "revoked", 1);
  test_crl(SP_TLS1_3_VERSION, "revoked", 1);
  test_crl(SP_TLS1_3_VERSION, "client", 0);
  test_crl_refused();
  test_dhe("dhparam-2048.pem");
  test_dhe(NULL);
  test_no_dhe();
  test_dh_refused();
  test_ecdh(SP_TLS1_3_VERSION, NULL, "X25519", 253);
  test_ecdh(SP_TLS1_2_VERSION, "P-256", "prime256v1", 256);
  test_ecdh(SP_TLS1_3_VERSION, "P-384", "secp384r1", 384);
  return harness_done();
}
