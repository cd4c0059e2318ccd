/*
 * Pre-shared keys in memory: a static key on both contexts (TLS 1.2 PSK
 * suites and TLS 1.3 external PSK), the per-connection hooks with the
 * identity and hint they see, refusals and wrong keys, a server that has
 * both a certificate and a key, and the argument checks.
 */
#include "harness.h"

static const unsigned char KEY[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
                                      0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
                                      0xcc, 0xdd, 0xee, 0xff};
static const unsigned char OTHER_KEY[16] = {1, 2, 3, 4, 5, 6, 7, 8,
                                            9, 10, 11, 12, 13, 14, 15, 16};

static sp_ctx *psk_ctx(const char *identity, const unsigned char *key,
                       int version) {
  sp_ctx *ctx = new_ctx();
  sp_error err;

  if (sp_ctx_set_psk(ctx, identity, key, 16, &err) != SP_OK)
    harness_bail("sp_ctx_set_psk", err.message);
  harness_note_queue();
  if (version != 0)
    ctx_range(ctx, version, version);
  return ctx;
}

static void check_psk_session(pair *p, int version, const char *what) {
  sp_cipher_info cipher;

  CHECK_STR(sp_conn_protocol(p->client.conn), version_name(version),
            "%s: protocol", what);
  CHECK_INT(sp_conn_used_psk(p->client.conn), 1, "%s: client used the PSK",
            what);
  CHECK_INT(sp_conn_used_psk(p->server.conn), 1, "%s: server used the PSK",
            what);
  CHECK_INT(sp_conn_has_peer_cert(p->client.conn), 0,
            "%s: no certificate was sent", what);
  CHECK_INT(sp_conn_verify_result(p->client.conn), 0,
            "%s: nothing to verify on a PSK handshake", what);
  CHECK_INT(sp_conn_cipher(p->client.conn, &cipher), SP_OK, "%s: cipher",
            what);
  if (version == SP_TLS1_2_VERSION)
    CHECK(strstr(cipher.name, "PSK") != NULL, "%s: a PSK suite (%s)", what,
          cipher.name);
  else
    CHECK(strstr(cipher.standard_name, "SHA256") != NULL,
          "%s: a SHA-256 suite (%s)", what, cipher.standard_name);
}

static void test_static(int version) {
  const char *name = version_name(version);
  static const unsigned char hello[] = "over a pre-shared key";
  pair p;

  pair_init(&p, psk_ctx("device-1", KEY, version),
            psk_ctx("device-1", KEY, version));
  CHECK(pair_handshake(&p, 0), "%s static key: handshake", name);
  check_psk_session(&p, version, name);
  CHECK(send_and_compare(&p, &p.client, &p.server, hello, sizeof hello, 0),
        "%s static key: data flows", name);
  pair_free(&p);
}

static void test_wrong_key(int version) {
  const char *name = version_name(version);
  pair p;

  pair_init(&p, psk_ctx("device-1", OTHER_KEY, version),
            psk_ctx("device-1", KEY, version));
  CHECK(!pair_handshake(&p, 0), "%s wrong key: handshake fails", name);
  CHECK(sp_conn_error(p.client.conn) != NULL ||
            sp_conn_error(p.server.conn) != NULL,
        "%s wrong key: an error is recorded", name);
  CHECK(sp_conn_error(p.server.conn) != NULL &&
            sp_conn_error(p.server.conn)->code[0] != '\0',
        "%s wrong key: the server's error has a code (%s)", name,
        sp_conn_error(p.server.conn) ? sp_conn_error(p.server.conn)->code
                                     : "none");
  pair_free(&p);
}

static void test_wrong_identity(int version) {
  const char *name = version_name(version);
  pair p;

  pair_init(&p, psk_ctx("intruder", KEY, version),
            psk_ctx("device-1", KEY, version));
  CHECK(!pair_handshake(&p, 0), "%s unknown identity: handshake fails", name);
  CHECK_INT(sp_conn_used_psk(p.server.conn), 0,
            "%s unknown identity: no PSK used", name);
  pair_free(&p);
}

static void test_any_identity(void) {
  pair p;

  pair_init(&p, psk_ctx("whoever", KEY, SP_TLS1_2_VERSION),
            psk_ctx(NULL, KEY, SP_TLS1_2_VERSION));
  CHECK(pair_handshake(&p, 0), "a server key without identity takes any");
  pair_free(&p);
}

/* ---- hooks -------------------------------------------------------------- */

typedef struct seen {
  int calls;
  char identity[64];
  char hint[64];
  int hint_null;
  int refuse;
} seen;

static int lookup(void *arg, sp_conn *conn, const char *identity,
                  uint8_t *key, size_t *key_len) {
  seen *s = arg;

  s->calls++;
  snprintf(s->identity, sizeof s->identity, "%s", identity);
  CHECK(sp_conn_is_server(conn), "lookup hook runs on the server");
  if (s->refuse || strcmp(identity, "client-7") != 0 || *key_len < 16)
    return SP_ERROR;
  memcpy(key, KEY, 16);
  *key_len = 16;
  return SP_OK;
}

static int offer(void *arg, sp_conn *conn, const char *hint, char *identity,
                 size_t identity_cap, uint8_t *key, size_t *key_len) {
  seen *s = arg;

  s->calls++;
  s->hint_null = hint == NULL;
  snprintf(s->hint, sizeof s->hint, "%s", hint != NULL ? hint : "");
  if (s->refuse)
    return SP_ERROR;
  snprintf(identity, identity_cap, "client-7");
  memcpy(key, KEY, 16);
  *key_len = 16;
  return SP_OK;
}

/* Contexts with no key at all: the hooks alone provide it. The TLS 1.2
 * suites must be named, as in Node, since the default list has none. */
static sp_ctx *hook_ctx(int version) {
  sp_ctx *ctx = new_ctx();
  sp_error err;

  if (sp_ctx_set_ciphers(ctx, "PSK-AES128-GCM-SHA256:ECDHE-PSK-AES128-CBC-SHA256",
                         &err) != SP_OK)
    harness_bail("sp_ctx_set_ciphers", err.message);
  ctx_range(ctx, version, version);
  return ctx;
}

static void test_hooks(int version) {
  const char *name = version_name(version);
  seen server = {0}, client = {0};
  pair p;

  pair_init(&p, hook_ctx(version), hook_ctx(version));
  CHECK_INT(sp_conn_set_psk_lookup(p.server.conn, lookup, &server), SP_OK,
            "%s: install the lookup hook", name);
  CHECK_INT(sp_conn_set_psk_client(p.client.conn, offer, &client), SP_OK,
            "%s: install the client hook", name);
  CHECK_INT(sp_conn_set_psk_identity_hint(p.server.conn, "hint-1"), SP_OK,
            "%s: set the identity hint", name);
  CHECK(pair_handshake(&p, 0), "%s hooks: handshake", name);
  check_psk_session(&p, version, name);
  CHECK_INT(server.calls, 1, "%s: lookup hook called once", name);
  CHECK_STR(server.identity, "client-7", "%s: server saw the identity", name);
  CHECK_INT(client.calls, 1, "%s: client hook called once", name);
  if (version == SP_TLS1_2_VERSION)
    CHECK_STR(client.hint, "hint-1", "%s: client saw the hint", name);
  else
    CHECK_INT(client.hint_null, 1, "%s: TLS 1.3 has no hint", name);
  pair_free(&p);
}

static void test_hook_refuses(int version) {
  const char *name = version_name(version);
  seen server = {0}, client = {0};
  pair p;

  server.refuse = 1;
  pair_init(&p, hook_ctx(version), hook_ctx(version));
  sp_conn_set_psk_lookup(p.server.conn, lookup, &server);
  sp_conn_set_psk_client(p.client.conn, offer, &client);
  CHECK(!pair_handshake(&p, 0), "%s: a refused identity fails", name);
  CHECK_INT(server.calls, 1, "%s: the lookup hook was asked", name);
  CHECK(sp_conn_error(p.server.conn) != NULL,
        "%s: the server reports an error", name);
  pair_free(&p);
}

static void test_client_declines(void) {
  seen server = {0}, client = {0};
  pair p;

  client.refuse = 1;
  pair_init(&p, hook_ctx(SP_TLS1_3_VERSION), hook_ctx(SP_TLS1_3_VERSION));
  sp_conn_set_psk_lookup(p.server.conn, lookup, &server);
  sp_conn_set_psk_client(p.client.conn, offer, &client);
  CHECK(!pair_handshake(&p, 0),
        "a client that offers no key cannot reach a certificate-less server");
  CHECK_INT(server.calls, 0, "the lookup hook was never asked");
  pair_free(&p);
}

/* A server with a certificate and a key serves clients of either kind. */
static void test_cert_and_psk(void) {
  sp_ctx *server = server_ctx("server-rsa", NULL), *client;
  sp_error err;
  pair p;

  CHECK_INT(sp_ctx_set_psk(server, "device-1", KEY, 16, &err), SP_OK,
            "a certificate server takes a PSK too");
  sp_ctx_ref(server);
  sp_ctx_ref(server);
  pair_init(&p, client_ctx(SP_TLS1_2_VERSION), server);
  CHECK(pair_handshake(&p, 0), "a certificate client still connects");
  CHECK_INT(sp_conn_used_psk(p.client.conn), 0, "by certificate");
  CHECK_INT(sp_conn_has_peer_cert(p.client.conn), 1, "and sees it");
  pair_free(&p);

  /* Certificate suites come first (forward secrecy, and the server can
   * prove who it is); a client that wants the PSK names PSK suites only. */
  pair_init(&p, psk_ctx("device-1", KEY, SP_TLS1_2_VERSION), server);
  CHECK(pair_handshake(&p, 0), "a client with a key connects to it");
  CHECK_INT(sp_conn_used_psk(p.server.conn), 0,
            "by certificate, which the server's list prefers");
  pair_free(&p);

  client = psk_ctx("device-1", KEY, SP_TLS1_2_VERSION);
  CHECK_INT(sp_ctx_set_ciphers(client, "ECDHE-PSK-AES128-CBC-SHA256", &err),
            SP_OK, "a PSK-only client list");
  pair_init(&p, client, server);
  CHECK(pair_handshake(&p, 0), "a PSK-only client connects to it as well");
  CHECK_INT(sp_conn_used_psk(p.server.conn), 1, "by PSK");
  CHECK_INT(sp_conn_has_peer_cert(p.client.conn), 0, "without a certificate");
  pair_free(&p);
}

static void test_arguments(void) {
  sp_ctx *ctx = new_ctx();
  sp_error err;
  char long_identity[SP_PSK_MAX_IDENTITY_LEN + 2];
  unsigned char big[SP_PSK_MAX_KEY_LEN + 1] = {0};
  sp_conn *client, *server;

  memset(long_identity, 'x', sizeof long_identity - 1);
  long_identity[sizeof long_identity - 1] = '\0';
  CHECK_INT(sp_ctx_set_psk(ctx, "id", KEY, 0, &err), SP_ERROR, "empty key");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "empty key: code");
  CHECK_INT(sp_ctx_set_psk(ctx, "id", big, sizeof big, &err), SP_ERROR,
            "key over the limit");
  CHECK_INT(sp_ctx_set_psk(ctx, long_identity, KEY, 16, &err), SP_ERROR,
            "identity over the limit");
  CHECK_INT(sp_ctx_set_psk(ctx, "", KEY, 16, &err), SP_ERROR,
            "empty identity");
  CHECK_INT(sp_ctx_set_psk_identity_hint(ctx, long_identity, &err), SP_ERROR,
            "hint over the limit");
  CHECK_INT(sp_ctx_set_psk_identity_hint(ctx, "hint", &err), SP_OK,
            "context hint");
  harness_note_queue();

  client = sp_conn_new(ctx, SP_ROLE_CLIENT, &err);
  server = sp_conn_new(ctx, SP_ROLE_SERVER, &err);
  CHECK_INT(sp_conn_set_psk_lookup(client, lookup, NULL), SP_ERROR,
            "no lookup hook on a client");
  CHECK_CODE(sp_conn_error(client), "ERR_SP_INVALID_ARG",
             "the refusal is the client's sticky error");
  CHECK_INT(sp_conn_set_psk_client(server, offer, NULL), SP_ERROR,
            "no client hook on a server");
  sp_conn_free(client);
  sp_conn_free(server);
  client = sp_conn_new(ctx, SP_ROLE_CLIENT, &err);
  CHECK_INT(sp_conn_set_psk_identity_hint(client, "h"), SP_ERROR,
            "no hint from a client");
  sp_conn_free(client);
  sp_ctx_unref(ctx);
  harness_note_queue();
}

int main(void) {
  test_static(SP_TLS1_2_VERSION);
  test_static(SP_TLS1_3_VERSION);
  test_wrong_key(SP_TLS1_2_VERSION);
  test_wrong_key(SP_TLS1_3_VERSION);
  test_wrong_identity(SP_TLS1_2_VERSION);
  test_wrong_identity(SP_TLS1_3_VERSION);
  test_any_identity();
  test_hooks(SP_TLS1_2_VERSION);
  test_hooks(SP_TLS1_3_VERSION);
  test_hook_refuses(SP_TLS1_2_VERSION);
  test_hook_refuses(SP_TLS1_3_VERSION);
  test_client_declines();
  test_cert_and_psk();
  test_arguments();
  return harness_done();
}
