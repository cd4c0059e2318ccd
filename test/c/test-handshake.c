/*
 * Handshakes in memory: TLS 1.2 and 1.3 against RSA and ECDSA servers,
 * data both ways (records of every size), the getters that describe the
 * result, SNI, the event bits and both ways of taking output.
 */
#include "harness.h"
#include "internal.h" /* white box: the size of the memory BIOs */

#define BIG_WRITE (100 * 1024) /* spans several 16 KiB records */

static void check_getters(pair *p, int version, const char *server) {
  const char *name = version_name(version);
  sp_cipher_info cipher;

  CHECK_STR(sp_conn_protocol(p->client.conn), name, "%s %s: client protocol",
            name, server);
  CHECK_STR(sp_conn_protocol(p->server.conn), name, "%s %s: server protocol",
            name, server);
  CHECK_INT(sp_conn_cipher(p->client.conn, &cipher), SP_OK,
            "%s %s: cipher known", name, server);
  CHECK_STR(cipher.version, name, "%s %s: cipher version", name, server);
  CHECK(cipher.name != NULL && cipher.standard_name != NULL &&
            strncmp(cipher.standard_name, "TLS_", 4) == 0,
        "%s %s: cipher %s / %s", name, server, cipher.name,
        cipher.standard_name);
  CHECK(cipher.bits == 128 || cipher.bits == 256, "%s %s: %d-bit cipher", name,
        server, cipher.bits);
  if (version == SP_TLS1_2_VERSION)
    CHECK(strstr(cipher.name, strstr(server, "ecdsa") ? "ECDSA" : "RSA") !=
              NULL,
          "%s %s: suite matches the key (%s)", name, server, cipher.name);
  CHECK_INT(sp_conn_is_server(p->server.conn), 1, "%s %s: server is server",
            name, server);
  CHECK_INT(sp_conn_is_server(p->client.conn), 0, "%s %s: client is client",
            name, server);
  CHECK_INT(sp_conn_verify_result(p->client.conn), 0,
            "%s %s: server certificate verified", name, server);
  CHECK_INT(sp_conn_has_peer_cert(p->client.conn), 1,
            "%s %s: client has the server certificate", name, server);
  CHECK_INT(sp_conn_has_peer_cert(p->server.conn), 0,
            "%s %s: server got no client certificate", name, server);
  CHECK_STR(sp_conn_servername(p->server.conn), "localhost",
            "%s %s: server saw SNI", name, server);
  CHECK_STR(sp_conn_servername(p->client.conn), "localhost",
            "%s %s: client reports its SNI", name, server);
}

static void check_events(pair *p, const char *name, const char *server) {
  unsigned both = SP_EV_HANDSHAKE_START | SP_EV_HANDSHAKE_DONE;

  CHECK_INT(p->client.events, both, "%s %s: client saw start and done", name,
            server);
  CHECK_INT(p->server.events, both, "%s %s: server saw start and done", name,
            server);
}

static void check_data(pair *p, const char *name, const char *server) {
  unsigned char *big = pattern(BIG_WRITE, 1);
  static const unsigned char hello[] = "hello, server";
  static const unsigned char world[] = "hello, client";

  CHECK(send_and_compare(p, &p->client, &p->server, hello, sizeof hello, 0),
        "%s %s: client to server", name, server);
  CHECK(send_and_compare(p, &p->server, &p->client, world, sizeof world, 0),
        "%s %s: server to client", name, server);
  CHECK(send_and_compare(p, &p->client, &p->server, big, BIG_WRITE, 0),
        "%s %s: %d KiB client to server", name, server, BIG_WRITE / 1024);
  CHECK(send_and_compare(p, &p->server, &p->client, big, BIG_WRITE, 0),
        "%s %s: %d KiB server to client", name, server, BIG_WRITE / 1024);
  CHECK_INT(p->client.events | p->server.events,
            SP_EV_HANDSHAKE_START | SP_EV_HANDSHAKE_DONE,
            "%s %s: no events from data (nor from session tickets)", name,
            server);
  free(big);
}

static void test_matrix(int version, const char *server) {
  const char *name = version_name(version);
  sp_ctx *server_side = server_ctx(server, NULL);
  pair p;

  ctx_range(server_side, version, version);
  pair_init(&p, client_ctx(version), server_side);
  CHECK_INT(sp_conn_set_servername(p.client.conn, "localhost"), SP_OK,
            "%s %s: set SNI", name, server);
  CHECK(sp_conn_protocol(p.client.conn) == NULL,
        "%s %s: no protocol before the handshake", name, server);
  CHECK(pair_handshake(&p, 0), "%s %s: handshake completes", name, server);
  check_getters(&p, version, server);
  check_events(&p, name, server);
  check_data(&p, name, server);
  pair_free(&p);
}

/*
 * A TLS 1.3 client finishes before the server's tickets arrive; it must be
 * able to write at once, and read data that comes after the tickets.
 */
static void test_client_talks_before_tickets(void) {
  pair p;
  static const unsigned char ping[] = "ping", pong[] = "pong";
  unsigned char buf[64];
  size_t n = 0;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_handshake(p.client.conn), SP_WANT_READ,
            "tickets: ClientHello queued");
  transfer(&p.client, &p.server, 0); /* server answers its first flight */
  transfer(&p.server, &p.client, 0); /* client finishes */
  CHECK(sp_conn_handshake_done(p.client.conn), "tickets: client done");
  CHECK_INT(p.client.events, SP_EV_HANDSHAKE_START | SP_EV_HANDSHAKE_DONE,
            "tickets: client saw its handshake");
  p.client.events = 0;
  CHECK_INT(side_write(&p.client, ping, sizeof ping), SP_OK,
            "tickets: client writes right after its handshake");
  /* The server reads Finished + data, sends tickets, then its answer. */
  transfer(&p.client, &p.server, 0);
  CHECK(p.server.received_len == sizeof ping &&
            memcmp(p.server.received, ping, sizeof ping) == 0,
        "tickets: server got the data");
  CHECK_INT(side_write(&p.server, pong, sizeof pong), SP_OK,
            "tickets: server answers");
  CHECK(sp_conn_output_pending(p.server.conn) > 0, "tickets: output pending");
  n = sp_conn_output_take(p.server.conn, buf, sizeof buf);
  CHECK(n == sizeof buf, "tickets: output_take copies up to cap");
  CHECK_INT(sp_conn_feed(p.client.conn, buf, n), SP_OK, "tickets: feed a part");
  transfer(&p.server, &p.client, 0);
  CHECK(p.client.received_len == sizeof pong &&
            memcmp(p.client.received, pong, sizeof pong) == 0,
        "tickets: client reads past the tickets");
  CHECK_INT(p.client.events, 0,
            "tickets: no handshake events for NewSessionTicket");
  CHECK_INT(sp_conn_output_pending(p.server.conn), 0, "tickets: all drained");
  pair_free(&p);
}

/* SNI: never an address literal; none when set to NULL or "". */
static void test_servername(const char *sent, const char *expected) {
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_servername(p.client.conn, sent), SP_OK,
            "SNI \"%s\": accepted", sent ? sent : "(null)");
  CHECK(pair_handshake(&p, 0), "SNI \"%s\": handshake", sent ? sent : "(null)");
  CHECK_STR(sp_conn_servername(p.server.conn), expected,
            "SNI \"%s\": what the server saw", sent ? sent : "(null)");
  CHECK_INT(sp_conn_set_servername(p.server.conn, "x"), SP_ERROR,
            "SNI: a server cannot set one");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SP_INVALID_ARG",
             "SNI: that is an argument error");
  pair_free(&p);
}

/* Zero-copy output: peek, consume a part, peek the rest. */
static void test_output_peek_consume(void) {
  pair p;
  const uint8_t *first, *rest;
  size_t total, left;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_output_peek(p.client.conn, &first), 0,
            "peek: nothing before the handshake starts");
  CHECK(first == NULL, "peek: NULL data when empty");
  sp_conn_handshake(p.client.conn);
  total = sp_conn_output_peek(p.client.conn, &first);
  CHECK(total > 10 && first[0] == 0x16, "peek: a handshake record (%zu bytes)",
        total);
  CHECK_INT(sp_conn_output_pending(p.client.conn), total,
            "peek: pending agrees");
  sp_conn_output_consume(p.client.conn, 10);
  left = sp_conn_output_peek(p.client.conn, &rest);
  CHECK(left == total - 10 && rest == first + 10,
        "peek: consume advances without copying");
  sp_conn_output_consume(p.client.conn, left + 100);
  CHECK_INT(sp_conn_output_pending(p.client.conn), 0,
            "peek: consuming more than pending empties it");
  pair_free(&p);
}

/* Output consumed in part keeps its order when more is written behind it. */
static void test_output_partial_consume(void) {
  unsigned char *data = pattern(3000, 5);
  const uint8_t *out;
  unsigned char *copy;
  size_t first, rest, total;
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  pair_handshake(&p, 0);
  side_write(&p.server, data, 1000);
  first = sp_conn_output_peek(p.server.conn, &out);
  copy = malloc(first + 4096);
  memcpy(copy, out, 100);
  sp_conn_output_consume(p.server.conn, 100);
  side_write(&p.server, data + 1000, 2000);
  total = sp_conn_output_peek(p.server.conn, &out);
  CHECK(total > first - 100 && total < first + 4096,
        "partial consume: old and new output together (%zu bytes)", total);
  memcpy(copy + 100, out, total);
  sp_conn_output_consume(p.server.conn, total);
  rest = sp_conn_output_pending(p.server.conn);
  CHECK_INT(rest, 0, "partial consume: all drained");
  sp_conn_feed(p.client.conn, copy, total + 100);
  side_step(&p.client);
  CHECK(p.client.received_len == 3000 &&
            memcmp(p.client.received, data, 3000) == 0,
        "partial consume: the peer reads both writes in order");
  free(copy);
  free(data);
  pair_free(&p);
}

static size_t bio_capacity(BIO *bio) {
  BUF_MEM *memory = NULL;

  BIO_get_mem_ptr(bio, &memory);
  return memory != NULL ? memory->max : 0;
}

/* A burst of 1 MiB must not leave 1 MiB buffers behind on an idle
 * connection. */
static void test_idle_buffers_released(void) {
  size_t len = 1024 * 1024;
  unsigned char *data = pattern(len, 6);
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  pair_handshake(&p, 0);
  CHECK(send_and_compare(&p, &p.server, &p.client, data, len, 0),
        "burst: 1 MiB in one write, fed in one piece");
  CHECK(bio_capacity(p.server.conn->wbio) <= 64 * 1024,
        "burst: the sender's output buffer is released (%zu)",
        bio_capacity(p.server.conn->wbio));
  CHECK(bio_capacity(p.client.conn->rbio) <= 64 * 1024,
        "burst: the receiver's input buffer is released (%zu)",
        bio_capacity(p.client.conn->rbio));
  CHECK(send_and_compare(&p, &p.client, &p.server, data, 5000, 0) &&
            send_and_compare(&p, &p.server, &p.client, data, 5000, 0),
        "burst: the fresh buffers work");
  free(data);
  pair_free(&p);
}

int main(void) {
  static const char *servers[] = {"server-rsa", "server-ecdsa"};
  static const int versions[] = {SP_TLS1_2_VERSION, SP_TLS1_3_VERSION};
  size_t v, s;

  for (v = 0; v < 2; v++)
    for (s = 0; s < 2; s++)
      test_matrix(versions[v], servers[s]);
  test_client_talks_before_tickets();
  test_servername("localhost", "localhost");
  test_servername("127.0.0.1", NULL);
  test_servername("::1", NULL);
  test_servername("", NULL);
  test_servername(NULL, NULL);
  test_output_peek_consume();
  test_output_partial_consume();
  test_idle_buffers_released();
  return harness_done();
}
