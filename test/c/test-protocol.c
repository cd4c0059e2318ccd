/*
 * Protocol-level behaviour: versions and their getters, version ranges
 * that do not meet, writing after shutdown, TLS 1.2 renegotiation (either
 * side starting it) and TLS 1.3 KeyUpdate processed during reads.
 */
#include "harness.h"
#include "internal.h" /* white box: start renegotiations and key updates */

static void connect_versions(pair *p, int client_min, int client_max,
                             int server_min, int server_max) {
  sp_ctx *client = ctx_with(NULL, NULL, "ca1-cert.pem");
  sp_ctx *server = server_ctx("server-rsa", NULL);

  ctx_range(client, client_min, client_max);
  ctx_range(server, server_min, server_max);
  pair_init(p, client, server);
}

static void test_negotiated_version(const char *what, int client_max,
                                    int server_max, const char *expected) {
  sp_cipher_info cipher;
  pair p;

  connect_versions(&p, 0, client_max, 0, server_max);
  CHECK(sp_conn_protocol(p.server.conn) == NULL &&
            sp_conn_cipher(p.client.conn, &cipher) == SP_ERROR,
        "%s: no protocol or cipher before the handshake", what);
  CHECK(pair_handshake(&p, 0), "%s: handshake", what);
  CHECK_STR(sp_conn_protocol(p.client.conn), expected, "%s: client says %s",
            what, expected);
  CHECK_STR(sp_conn_protocol(p.server.conn), expected, "%s: server says %s",
            what, expected);
  pair_free(&p);
}

/* Ranges that do not overlap: both sides fail, each with a reason. */
static void test_no_common_version(const char *what, int client_min,
                                   int client_max, int server_min,
                                   int server_max, const char *client_code,
                                   const char *server_code) {
  pair p;

  connect_versions(&p, client_min, client_max, server_min, server_max);
  CHECK(!pair_handshake(&p, 0), "%s: handshake fails", what);
  CHECK_CODE(sp_conn_error(p.client.conn), client_code, "%s: client", what);
  CHECK_CODE(sp_conn_error(p.server.conn), server_code, "%s: server", what);
  pair_free(&p);
}

static void test_write_after_shutdown(int version) {
  const char *name = version_name(version);
  size_t n = 0;
  pair p;

  connect_versions(&p, version, version, version, version);
  CHECK(pair_handshake(&p, 0), "%s write after shutdown: handshake", name);
  CHECK_INT(sp_conn_shutdown(p.client.conn), SP_OK,
            "%s write after shutdown: shutdown", name);
  CHECK_INT(sp_conn_write(p.client.conn, "late", 4, &n), SP_ERROR,
            "%s write after shutdown: SP_ERROR", name);
  CHECK_INT(n, 0, "%s write after shutdown: nothing written", name);
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SSL_PROTOCOL_IS_SHUTDOWN",
             "%s write after shutdown: code", name);
  harness_note_queue();
  pump(&p, 0);
  CHECK(p.server.closed && sp_conn_error(p.server.conn) == NULL,
        "%s write after shutdown: the peer still gets a clean close", name);
  pair_free(&p);
}

/* ---- renegotiation and key updates -------------------------------------- */

static void check_data_flows(pair *p, const char *what) {
  unsigned char *data = pattern(40000, 9);

  CHECK(send_and_compare(p, &p->client, &p->server, data, 40000, 0),
        "%s: client to server afterwards", what);
  CHECK(send_and_compare(p, &p->server, &p->client, data, 40000, 0),
        "%s: server to client afterwards", what);
  free(data);
}

/* TLS 1.2 renegotiation started by the client or by the server. */
static void test_renegotiation(int client_starts) {
  const char *what =
      client_starts ? "client renegotiates" : "server renegotiates";
  unsigned both = SP_EV_HANDSHAKE_START | SP_EV_HANDSHAKE_DONE;
  side *initiator;
  pair p;

  connect_versions(&p, SP_TLS1_2_VERSION, SP_TLS1_2_VERSION, 0, 0);
  /* OpenSSL 3 refuses client-initiated renegotiation unless allowed. */
  SSL_set_options(p.server.conn->ssl, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
  CHECK(pair_handshake(&p, 0), "%s: first handshake", what);
  p.client.events = p.server.events = 0;
  initiator = client_starts ? &p.client : &p.server;
  CHECK_INT(SSL_renegotiate(initiator->conn->ssl), 1, "%s: requested", what);
  /* A client waits for the ServerHello; a server's HelloRequest is a
   * complete exchange of its own. */
  CHECK_INT(sp_conn_handshake(initiator->conn),
            client_starts ? SP_WANT_READ : SP_OK, "%s: first message queued",
            what);
  initiator->events |= sp_conn_take_events(initiator->conn);
  CHECK_INT(initiator->events, SP_EV_HANDSHAKE_START,
            "%s: started, not done yet", what);
  pump(&p, 0);
  CHECK(sp_conn_error(p.client.conn) == NULL &&
            sp_conn_error(p.server.conn) == NULL,
        "%s: no error", what);
  CHECK_INT(p.client.events, both, "%s: client saw start and done", what);
  CHECK_INT(p.server.events, both, "%s: server saw start and done", what);
  CHECK(!SSL_renegotiate_pending(p.client.conn->ssl) &&
            SSL_get_secure_renegotiation_support(p.client.conn->ssl),
        "%s: finished, securely", what);
  check_data_flows(&p, what);
  pair_free(&p);
}

/* The default: a server refuses a client's renegotiation (a warning
 * no_renegotiation alert), and an OpenSSL client then gives up. */
static void test_client_renegotiation_refused(void) {
  pair p;

  connect_versions(&p, SP_TLS1_2_VERSION, SP_TLS1_2_VERSION, 0, 0);
  CHECK(pair_handshake(&p, 0), "refused renegotiation: first handshake");
  SSL_renegotiate(p.client.conn->ssl);
  sp_conn_handshake(p.client.conn);
  pump(&p, 0);
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SSL_NO_RENEGOTIATION",
             "refused renegotiation: the client learns why");
  CHECK_CODE(sp_conn_error(p.server.conn),
             "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
             "refused renegotiation: the server hears the client give up");
  pair_free(&p);
}

/* TLS 1.3 KeyUpdate, requesting the peer's update too. */
static void test_key_update(void) {
  static const unsigned char data[] = "after the key update";
  pair p;

  connect_versions(&p, SP_TLS1_3_VERSION, SP_TLS1_3_VERSION, 0, 0);
  CHECK(pair_handshake(&p, 0), "key update: handshake");
  p.client.events = p.server.events = 0;
  CHECK_INT(SSL_key_update(p.client.conn->ssl, SSL_KEY_UPDATE_REQUESTED), 1,
            "key update: requested");
  CHECK(send_and_compare(&p, &p.client, &p.server, data, sizeof data, 0),
        "key update: data after it arrives");
  CHECK(send_and_compare(&p, &p.server, &p.client, data, sizeof data, 0),
        "key update: the server, updated in turn, still talks");
  CHECK_INT(p.client.events | p.server.events, 0,
            "key update: no handshake events");
  CHECK(sp_conn_error(p.client.conn) == NULL &&
            sp_conn_error(p.server.conn) == NULL,
        "key update: no error");
  check_data_flows(&p, "key update");
  pair_free(&p);
}

int main(void) {
  test_negotiated_version("defaults", 0, 0, "TLSv1.3");
  test_negotiated_version("server max TLS 1.2", 0, SP_TLS1_2_VERSION,
                          "TLSv1.2");
  test_negotiated_version("client max TLS 1.2", SP_TLS1_2_VERSION, 0,
                          "TLSv1.2");
  test_no_common_version(
      "client max 1.2, server min 1.3", SP_TLS1_2_VERSION, SP_TLS1_2_VERSION,
      SP_TLS1_3_VERSION, SP_TLS1_3_VERSION,
      "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", "ERR_SSL_UNSUPPORTED_PROTOCOL");
  test_no_common_version(
      "client min 1.3, server max 1.2", SP_TLS1_3_VERSION, SP_TLS1_3_VERSION,
      SP_TLS1_2_VERSION, SP_TLS1_2_VERSION,
      "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", "ERR_SSL_UNSUPPORTED_PROTOCOL");
  test_write_after_shutdown(SP_TLS1_2_VERSION);
  test_write_after_shutdown(SP_TLS1_3_VERSION);
  test_renegotiation(1);
  test_renegotiation(0);
  test_client_renegotiation_refused();
  test_key_update();
  return harness_done();
}
