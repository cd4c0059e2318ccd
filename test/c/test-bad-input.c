/*
 * Hostile or confused peers: garbage, plain HTTP, oversized and truncated
 * records, tampered ciphertext. Each must end in SP_ERROR with a stable,
 * non-empty code, stay failed (sticky), leave an alert to drain where
 * OpenSSL sends one, and never disturb other connections on the context.
 */
#include "harness.h"

static sp_ctx *shared_server_ctx;

static sp_conn *new_server(void) {
  sp_error err;
  sp_conn *conn = sp_conn_new(shared_server_ctx, SP_ROLE_SERVER, &err);

  if (conn == NULL)
    harness_bail("sp_conn_new", err.message);
  return conn;
}

/* Once failed, every engine call fails the same way. */
static void check_sticky(sp_conn *conn, const char *what) {
  const sp_error *before = sp_conn_error(conn);
  char code[sizeof before->code];
  unsigned char buf[16];
  size_t n;

  snprintf(code, sizeof code, "%s", before ? before->code : "");
  CHECK(before != NULL && code[0] != '\0', "%s: error has a code (%s)", what,
        code);
  CHECK(before != NULL && before->message[0] != '\0', "%s: and a message (%s)",
        what, before ? before->message : "");
  CHECK_INT(sp_conn_handshake(conn), SP_ERROR, "%s: handshake stays failed",
            what);
  CHECK_INT(sp_conn_read(conn, buf, sizeof buf, &n), SP_ERROR,
            "%s: read stays failed", what);
  CHECK_INT(sp_conn_write(conn, "x", 1, &n), SP_ERROR, "%s: write stays failed",
            what);
  CHECK_INT(sp_conn_feed(conn, "x", 1), SP_ERROR, "%s: feed stays failed",
            what);
  CHECK_INT(sp_conn_shutdown(conn), SP_ERROR, "%s: shutdown stays failed",
            what);
  CHECK_CODE(sp_conn_error(conn), code, "%s: the first error is kept", what);
  harness_note_queue();
}

/* Feed `bytes` to a fresh server: the handshake must fail with `code`. */
static void test_server_rejects(const char *what, const void *bytes, size_t len,
                                const char *code, int expect_alert) {
  sp_conn *server = new_server();
  const uint8_t *out;
  size_t pending;

  CHECK_INT(sp_conn_feed(server, bytes, len), SP_OK, "%s: fed", what);
  CHECK_INT(sp_conn_handshake(server), SP_ERROR, "%s: SP_ERROR", what);
  harness_note_queue();
  CHECK_CODE(sp_conn_error(server), code, "%s: code", what);
  pending = sp_conn_output_peek(server, &out);
  if (expect_alert)
    CHECK(pending >= 7 && out[0] == 0x15,
          "%s: an alert is left to drain (%zu bytes)", what, pending);
  else
    CHECK_INT(pending, 0, "%s: nothing to send", what);
  check_sticky(server, what);
  sp_conn_free(server);
}

/* A client connected to a server of the shared context. */
static void connected(pair *p, int version) {
  sp_ctx_ref(shared_server_ctx);
  pair_connect(p, version, shared_server_ctx);
}

/* A header announcing more than any record may hold, after the handshake. */
static void test_oversized_record_in_session(int version) {
  const char *name = version_name(version);
  static const unsigned char header[] = {0x17, 0x03, 0x03, 0x48, 0x01};
  pair p;

  connected(&p, version);
  sp_conn_feed(p.server.conn, header, sizeof header);
  side_step(&p.server);
  CHECK_INT(p.server.rc, SP_ERROR, "%s oversized record: SP_ERROR", name);
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SSL_PACKET_LENGTH_TOO_LONG",
             "%s oversized record: code", name);
  pump(&p, 0);
  CHECK_CODE(sp_conn_error(p.client.conn),
             "ERR_SSL_TLSV1_ALERT_RECORD_OVERFLOW",
             "%s oversized record: the client hears why", name);
  check_sticky(p.server.conn, "oversized record in session");
  pair_free(&p);
}

/* One flipped bit in an application record. */
static void test_tampered_record(int version) {
  const char *name = version_name(version);
  static const unsigned char data[64] = {42};
  unsigned char record[128];
  size_t n;
  pair p;

  connected(&p, version);
  side_write(&p.client, data, sizeof data);
  n = sp_conn_output_take(p.client.conn, record, sizeof record);
  record[n - 3] ^= 0x01;
  sp_conn_feed(p.server.conn, record, n);
  side_step(&p.server);
  CHECK_INT(p.server.rc, SP_ERROR, "%s tampered record: SP_ERROR", name);
  CHECK_INT(p.server.received_len, 0, "%s tampered record: no plaintext", name);
  CHECK_CODE(sp_conn_error(p.server.conn),
             "ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC",
             "%s tampered record: code", name);
  pump(&p, 0);
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC",
             "%s tampered record: the client hears why", name);
  pair_free(&p);
}

/* The server's first flight replaced with garbage. */
static void test_garbage_to_client(void) {
  static const char garbage[] = "\x16\x03\x03\x00\x05hello, this is not TLS";
  sp_ctx *ctx = client_ctx(0);
  sp_conn *client = sp_conn_new(ctx, SP_ROLE_CLIENT, NULL);

  sp_ctx_unref(ctx);
  CHECK_INT(sp_conn_handshake(client), SP_WANT_READ,
            "garbage to client: start");
  sp_conn_output_consume(client, sp_conn_output_pending(client));
  sp_conn_feed(client, garbage, sizeof garbage - 1);
  CHECK_INT(sp_conn_handshake(client), SP_ERROR, "garbage to client: SP_ERROR");
  harness_note_queue();
  CHECK_CODE(sp_conn_error(client), "ERR_SSL_UNEXPECTED_MESSAGE",
             "garbage to client: code");
  check_sticky(client, "garbage to client");
  sp_conn_free(client);
}

static void test_truncated_hello(void) {
  sp_ctx *ctx = client_ctx(0);
  sp_conn *client = sp_conn_new(ctx, SP_ROLE_CLIENT, NULL);
  sp_conn *server = new_server();
  const uint8_t *hello;
  size_t n;

  sp_ctx_unref(ctx);
  sp_conn_handshake(client);
  n = sp_conn_output_peek(client, &hello);
  sp_conn_feed(server, hello, n / 2);
  CHECK_INT(sp_conn_handshake(server), SP_WANT_READ,
            "truncated ClientHello: server waits");
  CHECK_INT(sp_conn_feed_eof(server), SP_ERROR,
            "truncated ClientHello + EOF: SP_ERROR");
  CHECK_CODE(sp_conn_error(server), "ERR_SSL_UNEXPECTED_EOF_WHILE_READING",
             "truncated ClientHello + EOF: code");
  check_sticky(server, "truncated ClientHello");
  sp_conn_free(client);
  sp_conn_free(server);
}

/* After all that, the same context still serves a normal client. */
static void test_still_serving(void) {
  static const unsigned char data[] = "still here";
  pair p;

  connected(&p, SP_TLS1_3_VERSION);
  CHECK(send_and_compare(&p, &p.client, &p.server, data, sizeof data, 0),
        "the context still serves well-behaved clients");
  pair_free(&p);
}

int main(void) {
  static const char garbage[] = "\x01\x02\x03 this is not a TLS record at all";
  static const char http[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  static const char proxy[] = "CONNECT localhost:443 HTTP/1.1\r\n\r\n";
  /* A handshake record header claiming 16 KiB + 2048 + 1 bytes. */
  static const unsigned char oversized[] = {0x16, 0x03, 0x01, 0x48, 0x01};
  static const unsigned char alert_type_junk[] = {0x15, 0x03, 0x03, 0x00,
                                                  0x02, 0xff, 0xff};
  static const unsigned char sslv2ish[] = {0x80, 0x03, 0x01, 0x00, 0x00, 0x00};

  shared_server_ctx = server_ctx("server-rsa", NULL);
  test_server_rejects("garbage", garbage, sizeof garbage - 1,
                      "ERR_SSL_WRONG_VERSION_NUMBER", 0);
  test_server_rejects("HTTP request", http, sizeof http - 1,
                      "ERR_SSL_HTTP_REQUEST", 0);
  test_server_rejects("HTTPS proxy request", proxy, sizeof proxy - 1,
                      "ERR_SSL_HTTPS_PROXY_REQUEST", 0);
  test_server_rejects("oversized record header", oversized, sizeof oversized,
                      "ERR_SSL_PACKET_LENGTH_TOO_LONG", 1);
  test_server_rejects("bogus alert", alert_type_junk, sizeof alert_type_junk,
                      "ERR_SSL_UNEXPECTED_MESSAGE", 1);
  test_server_rejects("SSLv2-style header", sslv2ish, sizeof sslv2ish,
                      "ERR_SSL_LENGTH_TOO_SHORT", 1);
  test_oversized_record_in_session(SP_TLS1_2_VERSION);
  test_oversized_record_in_session(SP_TLS1_3_VERSION);
  test_tampered_record(SP_TLS1_2_VERSION);
  test_tampered_record(SP_TLS1_3_VERSION);
  test_garbage_to_client();
  test_truncated_hello();
  test_still_serving();
  sp_ctx_unref(shared_server_ctx);
  return harness_done();
}
