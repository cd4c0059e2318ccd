/*
 * Contexts: secure defaults, protocol ranges, keys (passphrases, bad PEM,
 * key/certificate mismatch in either order), chains, CAs, shared trust,
 * cipher/group settings, and the errors every bad input gives.
 */
#include "harness.h"
#include "internal.h" /* white box: inspect the SSL_CTX defaults */

static void test_new(void) {
  sp_error err;

  sp_ctx *dtls = sp_ctx_new(SP_TRANSPORT_DTLS, &err);

  CHECK(dtls != NULL, "a DTLS context can be made (test-dtls.c tests it)");
  sp_ctx_unref(dtls);
  CHECK(sp_ctx_new(7, &err) == NULL && err.kind == SP_EK_ARG,
        "an unknown transport is refused");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "with the argument code");
  CHECK(sp_conn_new(NULL, SP_ROLE_CLIENT, &err) == NULL &&
            err.kind == SP_EK_ARG,
        "a connection needs a context");
  harness_note_queue();
}

/* Names that must never appear among the default suites. */
static int is_weak_suite(const char *name) {
  static const char *weak[] = {"DES", "RC4", "NULL", "MD5",   "CAMELLIA",
                               "PSK", "SRP", "ADH",  "AECDH", "EXP"};
  size_t i;

  for (i = 0; i < sizeof weak / sizeof weak[0]; i++)
    if (strstr(name, weak[i]) != NULL)
      return 1;
  return 0;
}

static void test_defaults(void) {
  sp_ctx *ctx = new_ctx();
  STACK_OF(SSL_CIPHER) *suites = SSL_CTX_get_ciphers(ctx->ssl_ctx);
  int i, weak = 0, first_tls12 = -1;

  for (i = 0; i < sk_SSL_CIPHER_num(suites); i++) {
    const SSL_CIPHER *suite = sk_SSL_CIPHER_value(suites, i);
    const char *name = SSL_CIPHER_get_name(suite);
    if (is_weak_suite(name) ||
        SSL_CIPHER_get_auth_nid(suite) == NID_auth_null) {
      printf("# weak suite: %s\n", name);
      weak++;
    }
    if (first_tls12 < 0 && strncmp(name, "TLS_", 4) != 0)
      first_tls12 = i;
  }
  CHECK(sk_SSL_CIPHER_num(suites) > 5, "defaults: %d suites",
        sk_SSL_CIPHER_num(suites));
  CHECK_INT(weak, 0, "defaults: no 3DES, RC4, NULL, anonymous, MD5 suites");
  CHECK(first_tls12 >= 0 && strcmp(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(
                                       suites, first_tls12)),
                                   "ECDHE-RSA-AES128-GCM-SHA256") == 0,
        "defaults: Node's order (ECDHE-RSA-AES128-GCM-SHA256 first)");
  CHECK_INT(SSL_CTX_get_min_proto_version(ctx->ssl_ctx), SP_TLS1_2_VERSION,
            "defaults: TLS 1.2 minimum");
  CHECK((SSL_CTX_get_options(ctx->ssl_ctx) & SSL_OP_NO_COMPRESSION) != 0,
        "defaults: no compression");
  sp_ctx_unref(ctx);
}

static void test_protocol_range(void) {
  sp_ctx *ctx = new_ctx();
  sp_error err;

  CHECK_INT(sp_ctx_set_protocol_range(ctx, 0x0305, 0, &err), SP_ERROR,
            "range: unknown version refused");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "range: as an argument error");
  CHECK_INT(sp_ctx_set_protocol_range(ctx, SP_TLS1_3_VERSION, SP_TLS1_2_VERSION,
                                      &err),
            SP_ERROR, "range: min above max refused");
  CHECK_INT(sp_ctx_set_protocol_range(ctx, 0, SP_TLS1_1_VERSION, &err),
            SP_ERROR, "range: max under the default min refused (%s)",
            err.message);
  CHECK_INT(sp_ctx_set_protocol_range(ctx, SP_TLS1_3_VERSION, SP_TLS1_3_VERSION,
                                      &err),
            SP_OK, "range: TLS 1.3 only");
  CHECK_INT(SSL_CTX_get_min_proto_version(ctx->ssl_ctx), SP_TLS1_3_VERSION,
            "range: min set");
  CHECK_INT(sp_ctx_set_protocol_range(ctx, 0, 0, NULL), SP_OK,
            "range: 0, 0 is the default");
  CHECK_INT(SSL_CTX_get_min_proto_version(ctx->ssl_ctx), SP_TLS1_2_VERSION,
            "range: back to TLS 1.2 minimum");
  CHECK_INT(SSL_CTX_get_max_proto_version(ctx->ssl_ctx), 0,
            "range: and no maximum");
  sp_ctx_unref(ctx);
}

/* ---- keys --------------------------------------------------------------- */

static void test_key_error(const char *what, const void *pem, size_t len,
                           const char *passphrase, const char *code) {
  sp_ctx *ctx = new_ctx();
  sp_error err;

  CHECK_INT(sp_ctx_use_key_pem(ctx, pem, len, passphrase, &err), SP_ERROR,
            "%s: refused", what);
  harness_note_queue();
  CHECK_CODE(&err, code, "%s: code", what);
  CHECK(err.message[0] != '\0', "%s: message \"%s\"", what, err.message);
  sp_ctx_unref(ctx);
}

static void test_key_file_error(const char *what, const char *name,
                                const char *passphrase, const char *code) {
  fixture f = fixture_load(name);

  test_key_error(what, f.data, f.len, passphrase, code);
  fixture_free(&f);
}

static void test_keys(void) {
  static const char garbage[] = "this is not a PEM key\n";
  static const char bad_body[] =
      "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  sp_ctx *ctx = new_ctx();
  sp_error err;

  test_key_error("garbage key", garbage, sizeof garbage - 1, NULL,
                 "ERR_OSSL_UNSUPPORTED");
  test_key_error("damaged key", bad_body, sizeof bad_body - 1, NULL,
                 "ERR_OSSL_UNSUPPORTED");
  test_key_error("empty key", "", 0, NULL, "ERR_SP_INVALID_ARG");
  test_key_error("NULL key", NULL, 10, NULL, "ERR_SP_INVALID_ARG");
  test_key_file_error("certificate as key", "server-rsa-cert.pem", NULL,
                      "ERR_OSSL_UNSUPPORTED");
  test_key_file_error("wrong passphrase", "server-rsa-key-encrypted.pem",
                      "wrong", "ERR_OSSL_BAD_DECRYPT");
  test_key_file_error("empty passphrase", "server-rsa-key-encrypted.pem", "",
                      "ERR_OSSL_BAD_DECRYPT");
  test_key_file_error("missing passphrase", "server-rsa-key-encrypted.pem",
                      NULL, "ERR_OSSL_BAD_DECRYPT");
  ctx_key_file(ctx, "server-rsa-key-encrypted.pem", NULL, &err);
  CHECK(strstr(err.message, "no passphrase") != NULL &&
            strcmp(err.reason, "bad decrypt") == 0,
        "missing passphrase: said plainly, OpenSSL's reason kept");
  CHECK_INT(ctx_key_file(ctx, "server-rsa-key-encrypted.pem", "sekrit", &err),
            SP_OK, "right passphrase");
  CHECK_INT(ctx_key_file(ctx, "server-ecdsa-key.pem", "unused", &err), SP_OK,
            "a passphrase for a plain key is ignored");
  sp_ctx_unref(ctx);
}

/* Key and certificate that do not belong together, in either order. */
static void test_mismatch(int key_first) {
  const char *order = key_first ? "key then cert" : "cert then key";
  sp_ctx *ctx = new_ctx();
  sp_error err;
  int rc;

  if (key_first) {
    ctx_key_file(ctx, "stray-key.pem", NULL, &err);
    rc = ctx_cert_file(ctx, "server-rsa-cert.pem", &err);
  } else {
    ctx_cert_file(ctx, "server-rsa-cert.pem", &err);
    rc = ctx_key_file(ctx, "stray-key.pem", NULL, &err);
  }
  CHECK_INT(rc, SP_ERROR, "mismatch (%s): refused", order);
  CHECK_CODE(&err, "ERR_OSSL_X509_KEY_VALUES_MISMATCH", "mismatch (%s): code",
             order);
  CHECK_STR(err.library, "x509 certificate routines", "mismatch (%s): library",
            order);
  CHECK_STR(err.reason, "key values mismatch", "mismatch (%s): reason", order);
  sp_ctx_unref(ctx);
}

/* Matching pairs work in either order, and an RSA and an ECDSA pair can
 * live in one context (they use different slots). */
static void test_pairs(void) {
  sp_ctx *key_first = new_ctx(), *both = new_ctx();
  sp_error err;
  pair p;

  CHECK_INT(ctx_key_file(key_first, "server-ecdsa-key.pem", NULL, &err), SP_OK,
            "key first: key");
  CHECK_INT(ctx_cert_file(key_first, "server-ecdsa-cert.pem", &err), SP_OK,
            "key first: matching cert");
  pair_init(&p, client_ctx(0), key_first);
  CHECK(pair_handshake(&p, 0), "key first: serves");
  pair_free(&p);

  CHECK(ctx_cert_file(both, "server-rsa-cert.pem", &err) == SP_OK &&
            ctx_cert_file(both, "server-ecdsa-cert.pem", &err) == SP_OK &&
            ctx_key_file(both, "server-rsa-key.pem", NULL, &err) == SP_OK &&
            ctx_key_file(both, "server-ecdsa-key.pem", NULL, &err) == SP_OK,
        "RSA and ECDSA pairs in one context");
  sp_ctx_unref(both);
}

static void test_cert_errors(void) {
  static const char damaged[] =
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  fixture leaf = fixture_load("server-rsa-cert.pem");
  sp_ctx *ctx = new_ctx();
  char *leaf_then_damaged = malloc(leaf.len + sizeof damaged);
  sp_error err;

  CHECK_INT(sp_ctx_use_cert_chain_pem(ctx, "junk\n", 5, &err), SP_ERROR,
            "garbage chain refused");
  CHECK_CODE(&err, "ERR_OSSL_PEM_NO_START_LINE", "garbage chain: code");
  CHECK_INT(sp_ctx_use_cert_chain_pem(ctx, "", 0, &err), SP_ERROR,
            "empty chain refused");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "empty chain: argument error");
  CHECK_INT(ctx_cert_file(ctx, "server-rsa-key.pem", &err), SP_ERROR,
            "a key is no certificate");
  CHECK_CODE(&err, "ERR_OSSL_PEM_NO_START_LINE",
             "a key is no certificate: code");
  memcpy(leaf_then_damaged, leaf.data, leaf.len);
  memcpy(leaf_then_damaged + leaf.len, damaged, sizeof damaged);
  CHECK_INT(sp_ctx_use_cert_chain_pem(ctx, leaf_then_damaged,
                                      leaf.len + sizeof damaged - 1, &err),
            SP_ERROR, "a damaged intermediate is refused");
  CHECK(strncmp(err.code, "ERR_OSSL_", 9) == 0,
        "a damaged intermediate: code %s", err.code);
  harness_note_queue();
  free(leaf_then_damaged);
  fixture_free(&leaf);
  sp_ctx_unref(ctx);
}

/* ---- trust -------------------------------------------------------------- */

static void test_ca_bundle(void) {
  fixture ca1 = fixture_load("ca1-cert.pem"),
          ca2 = fixture_load("ca2-cert.pem");
  char *bundle = malloc(ca1.len + ca2.len);
  sp_ctx *server = server_ctx("server-rsa", NULL);
  sp_error err;
  pair p;

  memcpy(bundle, ca1.data, ca1.len);
  memcpy(bundle + ca1.len, ca2.data, ca2.len);
  CHECK_INT(sp_ctx_add_ca_pem(server, bundle, ca1.len + ca2.len, &err), SP_OK,
            "CA bundle of two");
  CHECK_INT(sp_ctx_add_ca_pem(server, ca1.data, ca1.len, &err), SP_OK,
            "adding a CA again is fine");
  CHECK_INT(sk_X509_NAME_num(SSL_CTX_get_client_CA_list(server->ssl_ctx)), 2,
            "both named once in CertificateRequest");
  CHECK_INT(sp_ctx_add_ca_pem(server, "junk", 4, &err), SP_ERROR,
            "garbage CA refused");
  CHECK_CODE(&err, "ERR_OSSL_PEM_NO_START_LINE", "garbage CA: code");
  pair_init(&p, ctx_with("client2-cert.pem", "client2-key.pem", "ca1-cert.pem"),
            server);
  sp_conn_set_verify(p.server.conn, SP_VERIFY_PEER | SP_VERIFY_REQUIRE_CERT |
                                        SP_VERIFY_ENFORCE);
  CHECK(pair_handshake(&p, 0), "a client of the second CA is accepted");
  pair_free(&p);
  free(bundle);
  fixture_free(&ca1);
  fixture_free(&ca2);
}

static void test_shared_trust(void) {
  sp_ctx *roots = ctx_with(NULL, NULL, "ca1-cert.pem");
  sp_ctx *user = new_ctx();
  sp_error err;
  pair p;

  CHECK_INT(sp_ctx_share_trust(user, roots, &err), SP_OK, "share trust");
  sp_ctx_unref(roots); /* the store lives on in `user` */
  CHECK_INT(ctx_ca_file(user, "ca2-cert.pem", &err), SP_ERROR,
            "a sharing context cannot add CAs");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "shared trust: argument error");
  CHECK_INT(sp_ctx_use_system_roots(user, &err), SP_ERROR,
            "a sharing context cannot load system roots");
  pair_init(&p, user, server_ctx("server-rsa", NULL));
  sp_conn_set_verify(p.client.conn, SP_VERIFY_PEER | SP_VERIFY_ENFORCE);
  CHECK(pair_handshake(&p, 0), "the shared store verifies the server");
  pair_free(&p);

  user = new_ctx();
  CHECK_INT(sp_ctx_use_system_roots(user, &err), SP_OK, "system roots");
  sp_ctx_unref(user);
}

/* ---- ciphers, groups, options ------------------------------------------- */

static void test_ciphers(void) {
  sp_ctx *client = client_ctx(0), *server;
  sp_cipher_info cipher;
  sp_error err;
  pair p;

  CHECK_INT(sp_ctx_set_ciphers(client, "NOT-A-CIPHER", &err), SP_ERROR,
            "unknown cipher list refused");
  CHECK_CODE(&err, "ERR_SSL_NO_CIPHER_MATCH", "unknown cipher list: code");
  CHECK_INT(sp_ctx_set_ciphersuites(client, "TLS_NOPE", &err), SP_ERROR,
            "unknown TLS 1.3 suite refused");
  CHECK_CODE(&err, "ERR_SSL_NO_CIPHER_MATCH", "unknown TLS 1.3 suite: code");
  CHECK_INT(sp_ctx_set_groups(client, "nonsense", &err), SP_ERROR,
            "unknown group refused");
  CHECK(strncmp(err.code, "ERR_", 4) == 0, "unknown group: code %s", err.code);
  CHECK_INT(sp_ctx_set_ciphers(client, NULL, &err), SP_ERROR,
            "NULL list refused");
  CHECK_INT(
      sp_ctx_set_ciphersuites(client, "TLS_CHACHA20_POLY1305_SHA256", &err),
      SP_OK, "TLS 1.3 suite set");
  CHECK_INT(sp_ctx_set_groups(client, "P-256", &err), SP_OK, "group set");
  server = server_ctx("server-rsa", NULL);
  CHECK_INT(sp_ctx_set_options(server, SSL_OP_CIPHER_SERVER_PREFERENCE, &err),
            SP_OK, "options set");
  pair_init(&p, client, server);
  CHECK(pair_handshake(&p, 0), "handshake with the chosen suite and group");
  CHECK(sp_conn_cipher(p.client.conn, &cipher) == SP_OK &&
            strcmp(cipher.name, "TLS_CHACHA20_POLY1305_SHA256") == 0,
        "the chosen TLS 1.3 suite is used");
  pair_free(&p);

  client = client_ctx(SP_TLS1_2_VERSION);
  CHECK_INT(sp_ctx_set_ciphers(client, "ECDHE-RSA-AES256-GCM-SHA384", &err),
            SP_OK, "TLS 1.2 cipher list set");
  pair_init(&p, client, server_ctx("server-rsa", NULL));
  CHECK(pair_handshake(&p, 0) &&
            sp_conn_cipher(p.client.conn, &cipher) == SP_OK &&
            strcmp(cipher.name, "ECDHE-RSA-AES256-GCM-SHA384") == 0,
        "the chosen TLS 1.2 cipher is used");
  pair_free(&p);
}

int main(void) {
  test_new();
  test_defaults();
  test_protocol_range();
  test_keys();
  test_mismatch(1);
  test_mismatch(0);
  test_pairs();
  test_cert_errors();
  test_ca_bundle();
  test_shared_trust();
  test_ciphers();
  return harness_done();
}
