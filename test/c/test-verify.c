/*
 * Certificate verification on both sides: the recorded result when the
 * handshake goes on (Node's rejectUnauthorized=false), the error and alert
 * when it is enforced, client certificates, chains, and resumption on a
 * server that asks for client certificates.
 */
#include "harness.h"
#include "internal.h" /* white box: resumption needs the SSL's session */

#include <openssl/x509_vfy.h>

/* A client trusting `ca` (may be NULL) against server `server`. */
static void start(pair *p, const char *ca, const char *server_cert,
                  const char *server_key, int client_flags) {
  pair_init(p, ctx_with(NULL, NULL, ca),
            ctx_with(server_cert, server_key, NULL));
  sp_conn_set_verify(p->client.conn, client_flags);
}

static const char *verify_code(long result) {
  static sp_error err;

  sp_error_from_verify(&err, result);
  return err.kind == SP_EK_NONE ? "OK" : err.code;
}

/* The handshake goes on; the client records `expected` (a code or "OK"). */
static void test_recorded(const char *what, const char *ca, const char *cert,
                          const char *key, const char *expected) {
  pair p;

  start(&p, ca, cert, key, SP_VERIFY_PEER);
  CHECK(pair_handshake(&p, 0), "%s: handshake completes", what);
  CHECK_STR(verify_code(sp_conn_verify_result(p.client.conn)), expected,
            "%s: client records %s", what, expected);
  pair_free(&p);
}

/* The client enforces: the handshake fails with the verification error,
 * and the server hears `alert`. */
static void test_enforced(const char *what, const char *ca, const char *cert,
                          const char *key, const char *expected,
                          const char *alert) {
  const sp_error *err;
  pair p;

  start(&p, ca, cert, key, SP_VERIFY_PEER | SP_VERIFY_ENFORCE);
  CHECK(!pair_handshake(&p, 0), "%s enforced: handshake fails", what);
  err = sp_conn_error(p.client.conn);
  CHECK_CODE(err, expected, "%s enforced: client error", what);
  CHECK(err != NULL && err->kind == SP_EK_VERIFY && err->verify != 0 &&
            strcmp(err->message, X509_verify_cert_error_string(err->verify)) ==
                0,
        "%s enforced: a verification error with OpenSSL's text (%s)", what,
        err ? err->message : "");
  CHECK_CODE(sp_conn_error(p.server.conn), alert,
             "%s enforced: server gets the alert", what);
  pair_free(&p);
}

static void test_chain(void) {
  sp_cert **chain = NULL;
  size_t count = 0;
  sp_error err;
  pair p;

  start(&p, "ca1-cert.pem", "server-chain-fullchain.pem",
        "server-chain-key.pem", SP_VERIFY_PEER | SP_VERIFY_ENFORCE);
  CHECK(pair_handshake(&p, 0), "intermediate chain: handshake");
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0, "intermediate chain: OK");
  CHECK_INT(sp_conn_peer_chain(p.client.conn, &chain, &count, &err), SP_OK,
            "intermediate chain: peer chain");
  CHECK_INT(count, 3, "intermediate chain: leaf, intermediate, root");
  if (count == 3) {
    CHECK_STR(chain[0]->subject[chain[0]->subject_count - 1].value, "localhost",
              "intermediate chain: leaf first");
    CHECK_STR(chain[1]->subject[chain[1]->subject_count - 1].value,
              "securepair intermediate 1", "intermediate chain: then int1");
    CHECK_STR(chain[2]->subject[chain[2]->subject_count - 1].value,
              "securepair test CA 1", "intermediate chain: then the root");
    CHECK(chain[2]->self_issued && chain[2]->ca && !chain[0]->ca,
          "intermediate chain: the root is a self-issued CA");
  }
  sp_cert_chain_free(chain, count);
  pair_free(&p);

  start(&p, "ca1-cert.pem", "server-chain-cert.pem", "server-chain-key.pem",
        SP_VERIFY_PEER);
  CHECK(pair_handshake(&p, 0), "leaf without its intermediate: handshake");
  CHECK_STR(verify_code(sp_conn_verify_result(p.client.conn)),
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
            "leaf without its intermediate: cannot be verified");
  CHECK_INT(sp_conn_peer_chain(p.client.conn, &chain, &count, &err), SP_OK,
            "leaf without its intermediate: peer chain");
  CHECK_INT(count, 1, "leaf without its intermediate: only what was sent");
  sp_cert_chain_free(chain, count);
  pair_free(&p);
}

/* ---- client certificates ----------------------------------------------- */

/* A server trusting ca1 with `flags`; the client shows `client` (or none). */
static void start_mutual(pair *p, int version, const char *client,
                         int server_flags) {
  char cert[64], key[64];
  sp_ctx *client_ctx;

  snprintf(cert, sizeof cert, "%s-cert.pem", client ? client : "");
  snprintf(key, sizeof key, "%s-key.pem", client ? client : "");
  client_ctx =
      ctx_with(client ? cert : NULL, client ? key : NULL, "ca1-cert.pem");
  ctx_range(client_ctx, version, version);
  pair_init(p, client_ctx, server_ctx("server-rsa", "ca1-cert.pem"));
  sp_conn_set_verify(p->server.conn, server_flags);
}

#define REQUIRE_ALL                                                            \
  (SP_VERIFY_PEER | SP_VERIFY_REQUIRE_CERT | SP_VERIFY_ENFORCE)

static void test_client_cert_required(int version) {
  const char *name = version_name(version);
  const sp_error *err;
  sp_cert *peer;
  pair p;

  start_mutual(&p, version, NULL, REQUIRE_ALL);
  CHECK(!pair_handshake(&p, 0), "%s no client cert: handshake fails", name);
  CHECK_CODE(sp_conn_error(p.server.conn),
             "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE",
             "%s no client cert: server error", name);
  CHECK_CODE(sp_conn_error(p.client.conn),
             version == SP_TLS1_3_VERSION
                 ? "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"
                 : "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
             "%s no client cert: client hears the alert", name);
  pair_free(&p);

  start_mutual(&p, version, "client2", REQUIRE_ALL);
  CHECK(!pair_handshake(&p, 0), "%s unknown-CA client: handshake fails", name);
  err = sp_conn_error(p.server.conn);
  CHECK_CODE(err, "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
             "%s unknown-CA client: server reports why", name);
  CHECK(err != NULL && err->kind == SP_EK_VERIFY,
        "%s unknown-CA client: as a verification error", name);
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
             "%s unknown-CA client: client hears unknown_ca", name);
  pair_free(&p);

  start_mutual(&p, version, "client", REQUIRE_ALL);
  CHECK(pair_handshake(&p, 0), "%s trusted client: handshake", name);
  CHECK_INT(sp_conn_verify_result(p.server.conn), 0,
            "%s trusted client: verified", name);
  peer = sp_conn_peer_cert(p.server.conn, NULL);
  CHECK(peer != NULL && peer->subject_count == 4 &&
            strcmp(peer->subject[3].value, "client1") == 0,
        "%s trusted client: server sees CN=client1", name);
  CHECK_STR(peer ? peer->subjectaltname : NULL, "email:client@securepair.test",
            "%s trusted client: its subjectaltname", name);
  sp_cert_free(peer);
  pair_free(&p);
}

/* Asking without enforcing: the handshake succeeds, the result is kept. */
static void test_client_cert_requested(void) {
  sp_cert **chain = NULL;
  size_t count = 0;
  pair p;

  start_mutual(&p, SP_TLS1_3_VERSION, "client2", SP_VERIFY_PEER);
  CHECK(pair_handshake(&p, 0), "requested, unknown CA: handshake");
  CHECK_STR(verify_code(sp_conn_verify_result(p.server.conn)),
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
            "requested, unknown CA: recorded");
  CHECK_INT(sp_conn_peer_chain(p.server.conn, &chain, &count, NULL), SP_OK,
            "requested, unknown CA: chain");
  CHECK_INT(count, 1, "requested, unknown CA: the server adds the leaf");
  sp_cert_chain_free(chain, count);
  pair_free(&p);

  start_mutual(&p, SP_TLS1_3_VERSION, "client", SP_VERIFY_PEER);
  CHECK(pair_handshake(&p, 0), "requested, trusted: handshake");
  CHECK_INT(sp_conn_peer_chain(p.server.conn, &chain, &count, NULL), SP_OK,
            "requested, trusted: chain");
  CHECK_INT(count, 2, "requested, trusted: verified chain up to ca1");
  sp_cert_chain_free(chain, count);
  pair_free(&p);

  start_mutual(&p, SP_TLS1_3_VERSION, NULL, SP_VERIFY_PEER);
  CHECK(pair_handshake(&p, 0), "requested, none sent: handshake");
  CHECK_STR(verify_code(sp_conn_verify_result(p.server.conn)),
            "UNABLE_TO_GET_ISSUER_CERT",
            "requested, none sent: UNABLE_TO_GET_ISSUER_CERT, as Node says");
  pair_free(&p);

  start_mutual(&p, SP_TLS1_3_VERSION, "client", SP_VERIFY_NONE);
  CHECK(pair_handshake(&p, 0), "not requested: handshake");
  CHECK_INT(sp_conn_has_peer_cert(p.server.conn), 0,
            "not requested: the client sends none");
  pair_free(&p);
}

/* Another context (other ticket keys, other session id context) never
 * resumes a session: what it trusts may differ. */
static void test_no_resumption_across_contexts(int version) {
  const char *name = version_name(version);
  SSL_SESSION *session;
  pair p;

  start_mutual(&p, version, "client", REQUIRE_ALL);
  CHECK(pair_handshake(&p, 0), "%s other context: first handshake", name);
  session = SSL_get1_session(p.client.conn->ssl);
  pair_shutdown(&p); /* freed without it, a session is not resumable */
  pair_free(&p);

  start_mutual(&p, version, "client", REQUIRE_ALL);
  CHECK(session != NULL && SSL_set_session(p.client.conn->ssl, session) == 1,
        "%s other context: offer the session", name);
  CHECK(pair_handshake(&p, 0), "%s other context: full handshake", name);
  CHECK(!SSL_session_reused(p.client.conn->ssl),
        "%s other context: not resumed", name);
  pair_free(&p);
  SSL_SESSION_free(session);
}

/*
 * Resuming on a server that asks for client certificates needs a session
 * id context (OpenSSL fails with "session id context uninitialized"
 * otherwise). The same server context serves both connections: sessions
 * and ticket keys live in it.
 */
static void test_resumed_session_reused(int version) {
  const char *name = version_name(version);
  sp_ctx *server = server_ctx("server-rsa", "ca1-cert.pem");
  sp_ctx *client =
      ctx_with("client-cert.pem", "client-key.pem", "ca1-cert.pem");
  SSL_SESSION *session;
  pair p;

  ctx_range(client, version, version);
  sp_ctx_ref(server);
  sp_ctx_ref(client);
  pair_init(&p, client, server);
  sp_conn_set_verify(p.server.conn, REQUIRE_ALL);
  CHECK(pair_handshake(&p, 0), "%s reuse: first handshake", name);
  session = SSL_get1_session(p.client.conn->ssl);
  pair_shutdown(&p); /* freed without it, a session is not resumable */
  pair_free(&p);

  pair_init(&p, client, server);
  sp_conn_set_verify(p.server.conn, REQUIRE_ALL);
  SSL_set_session(p.client.conn->ssl, session);
  CHECK(pair_handshake(&p, 0), "%s reuse: resumed handshake", name);
  CHECK(SSL_session_reused(p.client.conn->ssl), "%s reuse: session reused",
        name);
  CHECK_INT(sp_conn_verify_result(p.server.conn), 0,
            "%s reuse: server keeps the verified result", name);
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0,
            "%s reuse: client keeps the verified result", name);
  CHECK(sp_conn_has_peer_cert(p.server.conn) &&
            sp_conn_has_peer_cert(p.client.conn),
        "%s reuse: peer certificates come from the session", name);
  pair_free(&p);
  SSL_SESSION_free(session);
}

static void test_bad_flags(void) {
  pair p;

  start(&p, "ca1-cert.pem", "server-rsa-cert.pem", "server-rsa-key.pem",
        SP_VERIFY_PEER);
  CHECK_INT(sp_conn_set_verify(p.client.conn, 64), SP_ERROR,
            "unknown verify flags: SP_ERROR");
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SP_INVALID_ARG",
             "unknown verify flags: argument error");
  pair_free(&p);
}

int main(void) {
  test_recorded("trusted", "ca1-cert.pem", "server-rsa-cert.pem",
                "server-rsa-key.pem", "OK");
  test_recorded("wrong host (not checked here)", "ca1-cert.pem",
                "wronghost-cert.pem", "wronghost-key.pem", "OK");
  test_recorded("no CA at all", NULL, "server-rsa-cert.pem",
                "server-rsa-key.pem", "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  test_recorded("unknown CA", "ca2-cert.pem", "server-rsa-cert.pem",
                "server-rsa-key.pem", "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  test_recorded("self-signed", "ca1-cert.pem", "selfsigned-cert.pem",
                "selfsigned-key.pem", "DEPTH_ZERO_SELF_SIGNED_CERT");
  test_recorded("expired", "ca1-cert.pem", "expired-cert.pem",
                "expired-key.pem", "CERT_HAS_EXPIRED");
  test_recorded("not yet valid", "ca1-cert.pem", "notyet-cert.pem",
                "notyet-key.pem", "CERT_NOT_YET_VALID");
  test_enforced("unknown CA", "ca2-cert.pem", "server-rsa-cert.pem",
                "server-rsa-key.pem", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
                "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA");
  test_enforced("self-signed", "ca1-cert.pem", "selfsigned-cert.pem",
                "selfsigned-key.pem", "DEPTH_ZERO_SELF_SIGNED_CERT",
                "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA");
  test_enforced("expired", "ca1-cert.pem", "expired-cert.pem",
                "expired-key.pem", "CERT_HAS_EXPIRED",
                "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED");
  test_chain();
  test_client_cert_required(SP_TLS1_2_VERSION);
  test_client_cert_required(SP_TLS1_3_VERSION);
  test_client_cert_requested();
  test_no_resumption_across_contexts(SP_TLS1_2_VERSION);
  test_no_resumption_across_contexts(SP_TLS1_3_VERSION);
  test_resumed_session_reused(SP_TLS1_2_VERSION);
  test_resumed_session_reused(SP_TLS1_3_VERSION);
  test_bad_flags();
  /* The client verifies even with SP_VERIFY_NONE; it only never stops. */
  {
    pair p;
    start(&p, "ca2-cert.pem", "server-rsa-cert.pem", "server-rsa-key.pem",
          SP_VERIFY_NONE);
    CHECK(pair_handshake(&p, 0), "client SP_VERIFY_NONE: handshake");
    CHECK_STR(verify_code(sp_conn_verify_result(p.client.conn)),
              "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
              "client SP_VERIFY_NONE: result still recorded");
    pair_free(&p);
  }
  return harness_done();
}
