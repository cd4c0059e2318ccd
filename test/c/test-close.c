/*
 * Ending connections: close_notify in both directions (SP_CLOSED, the
 * event, and reads that stay closed), half-close, and the transport's end
 * of file on a record boundary, inside a record and inside the handshake.
 */
#include "harness.h"

static int read_status(side *s) {
  unsigned char buf[256];
  size_t n = 0;
  int rc = sp_conn_read(s->conn, buf, sizeof buf, &n);

  harness_note_queue();
  return rc;
}

static void test_close_notify(int version, int client_closes) {
  const char *name = version_name(version);
  const char *who = client_closes ? "client" : "server";
  static const unsigned char last[] = "last words";
  static const unsigned char reply[] = "half-closed reply";
  pair p;
  side *closer, *other;

  pair_connect(&p, version, NULL);
  closer = client_closes ? &p.client : &p.server;
  other = client_closes ? &p.server : &p.client;
  CHECK_INT(side_write(closer, last, sizeof last), SP_OK,
            "%s %s closes: data first", name, who);
  CHECK_INT(sp_conn_shutdown(closer->conn), SP_OK,
            "%s %s closes: shutdown queues close_notify", name, who);
  CHECK_INT(sp_conn_shutdown(closer->conn), SP_OK,
            "%s %s closes: shutdown again is fine", name, who);
  pump(&p, 0);
  CHECK(other->received_len == sizeof last &&
            memcmp(other->received, last, sizeof last) == 0,
        "%s %s closes: data before close_notify arrives", name, who);
  CHECK(other->closed, "%s %s closes: peer read SP_CLOSED", name, who);
  CHECK_INT(other->events, SP_EV_PEER_CLOSED, "%s %s closes: PEER_CLOSED event",
            name, who);
  CHECK_INT(read_status(other), SP_CLOSED, "%s %s closes: read stays closed",
            name, who);
  CHECK_INT(read_status(other), SP_CLOSED, "%s %s closes: and stays closed",
            name, who);
  CHECK(sp_conn_error(other->conn) == NULL, "%s %s closes: not an error", name,
        who);
  CHECK_INT(sp_conn_take_events(other->conn), 0,
            "%s %s closes: the event is not repeated", name, who);
  /* Half-close: the side that received close_notify may still talk. */
  CHECK(send_and_compare(&p, other, closer, reply, sizeof reply, 0),
        "%s %s closes: the other side still writes", name, who);
  CHECK_INT(sp_conn_shutdown(other->conn), SP_OK,
            "%s %s closes: the other side answers close_notify", name, who);
  pump(&p, 0);
  CHECK(closer->closed && closer->events == SP_EV_PEER_CLOSED,
        "%s %s closes: both closed", name, who);
  CHECK_INT(sp_conn_feed_eof(closer->conn), SP_CLOSED,
            "%s %s closes: EOF after close_notify is clean", name, who);
  pair_free(&p);
}

static void test_eof_on_boundary(int version) {
  const char *name = version_name(version);
  static const unsigned char data[] = "complete record";
  pair p;

  pair_connect(&p, version, NULL);
  CHECK(send_and_compare(&p, &p.server, &p.client, data, sizeof data, 0),
        "%s EOF on a boundary: data", name);
  CHECK_INT(sp_conn_feed_eof(p.client.conn), SP_CLOSED,
            "%s EOF on a boundary: SP_CLOSED", name);
  CHECK(sp_conn_error(p.client.conn) == NULL, "%s EOF on a boundary: no error",
        name);
  CHECK_INT(read_status(&p.client), SP_CLOSED,
            "%s EOF on a boundary: reads say closed", name);
  CHECK_INT(sp_conn_feed_eof(p.client.conn), SP_CLOSED,
            "%s EOF on a boundary: again", name);
  CHECK_INT(sp_conn_feed(p.client.conn, "x", 1), SP_ERROR,
            "%s EOF on a boundary: no data after EOF", name);
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SP_INVALID_ARG",
             "%s EOF on a boundary: that is the caller's mistake", name);
  pair_free(&p);
}

/* Feed all but `keep` trailing bytes of one record (or, with `header_part`,
 * only its first 3 bytes), then end the input. */
static void test_eof_inside_record(int version, size_t keep, int header_part) {
  const char *name = version_name(version);
  static const unsigned char data[200] = {1, 2, 3};
  const uint8_t *out;
  size_t n;
  const sp_error *err;
  pair p;

  pair_connect(&p, version, NULL);
  side_write(&p.server, data, sizeof data);
  n = sp_conn_output_peek(p.server.conn, &out);
  if (header_part)
    keep = n - 3;
  CHECK_INT(sp_conn_feed(p.client.conn, out, n - keep), SP_OK,
            "%s EOF %zu bytes short: feed the start", name, keep);
  CHECK_INT(read_status(&p.client), SP_WANT_READ,
            "%s EOF %zu bytes short: waits for the rest", name, keep);
  CHECK_INT(sp_conn_feed_eof(p.client.conn), SP_ERROR,
            "%s EOF %zu bytes short: SP_ERROR", name, keep);
  err = sp_conn_error(p.client.conn);
  CHECK_CODE(err, "ERR_SSL_UNEXPECTED_EOF_WHILE_READING",
             "%s EOF %zu bytes short: code", name, keep);
  CHECK(err != NULL && err->kind == SP_EK_PROTOCOL && err->message[0] != '\0',
        "%s EOF %zu bytes short: a transport error with a message (%s)", name,
        keep, err ? err->message : "");
  CHECK_INT(read_status(&p.client), SP_ERROR,
            "%s EOF %zu bytes short: the error is sticky", name, keep);
  pair_free(&p);
}

static void test_eof_in_handshake(void) {
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_handshake(p.client.conn);
  transfer(&p.client, &p.server, 0);
  CHECK_INT(sp_conn_feed_eof(p.client.conn), SP_ERROR,
            "EOF during the handshake: SP_ERROR");
  CHECK_CODE(sp_conn_error(p.client.conn),
             "ERR_SSL_UNEXPECTED_EOF_WHILE_READING",
             "EOF during the handshake: code");
  CHECK_INT(sp_conn_handshake(p.client.conn), SP_ERROR,
            "EOF during the handshake: sticky");
  CHECK_INT(sp_conn_feed_eof(p.server.conn), SP_ERROR,
            "EOF before the server finished: SP_ERROR");
  pair_free(&p);
}

static void test_shutdown_before_handshake(void) {
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_shutdown(p.client.conn), SP_ERROR,
            "shutdown before the handshake: SP_ERROR");
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SSL_SHUTDOWN_WHILE_IN_INIT",
             "shutdown before the handshake: OpenSSL's reason");
  pair_free(&p);
}

int main(void) {
  static const int versions[] = {SP_TLS1_2_VERSION, SP_TLS1_3_VERSION};
  size_t v;

  for (v = 0; v < 2; v++) {
    test_close_notify(versions[v], 1);
    test_close_notify(versions[v], 0);
    test_eof_on_boundary(versions[v]);
    test_eof_inside_record(versions[v], 1, 0);
    test_eof_inside_record(versions[v], 100, 0);
    test_eof_inside_record(versions[v], 0, 1);
  }
  test_eof_in_handshake();
  test_shutdown_before_handshake();
  return harness_done();
}
