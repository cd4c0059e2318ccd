/*
 * DTLS 1.2 in memory: handshakes with RSA and ECDSA certificates and with
 * PSK, one write = one datagram = one read in both directions, the MTU
 * fragmenting the certificate flight, bad datagrams (garbage, a truncated
 * record, a TLS ClientHello) dropped without harm, close_notify, message
 * sizes, giving up after the retransmissions, session resumption, and the
 * arguments the DTLS calls refuse.
 */
#include "harness.h"

#include <time.h>

static sp_ctx *dtls_server(const char *name) {
  return transport_server_ctx(SP_TRANSPORT_DTLS, name, NULL);
}

static sp_ctx *dtls_client(void) {
  return transport_ctx_with(SP_TRANSPORT_DTLS, NULL, NULL, "ca1-cert.pem");
}

/* A context whose only other reference its connections will hold. */
static sp_ctx *owned_ctx;
static sp_ctx *dtls_client_owned(void) {
  sp_ctx_unref(owned_ctx);
  owned_ctx = dtls_client();
  return owned_ctx;
}

static sp_ctx *dtls_server_owned(void) {
  sp_ctx_unref(owned_ctx);
  owned_ctx = dtls_server("server-rsa");
  return owned_ctx;
}

static const unsigned char KEY[16] = {1, 2,  3,  4,  5,  6,  7,  8,
                                      9, 10, 11, 12, 13, 14, 15, 16};

static sp_ctx *dtls_psk(const char *identity) {
  sp_ctx *ctx = new_transport_ctx(SP_TRANSPORT_DTLS);
  sp_error err;

  if (sp_ctx_set_psk(ctx, identity, KEY, sizeof KEY, &err) != SP_OK)
    harness_bail("sp_ctx_set_psk", err.message);
  harness_note_queue();
  return ctx;
}

/* Moves every datagram each side has queued, counting them and noting
 * the largest. */
static size_t max_datagram;
static size_t datagrams_moved;

static size_t move_datagrams(side *from, side *to) {
  const uint8_t *data;
  size_t n, moved = 0;

  while ((n = sp_conn_output_datagram(from->conn, &data)) > 0) {
    if (n > max_datagram)
      max_datagram = n;
    datagrams_moved++;
    (void)sp_conn_feed(to->conn, data, n);
    sp_conn_output_consume(from->conn, n);
    harness_note_queue();
    moved++;
    side_step(to);
  }
  return moved;
}

static void dgram_pump(pair *p) {
  side_step(&p->client);
  side_step(&p->server);
  while (move_datagrams(&p->client, &p->server) +
             move_datagrams(&p->server, &p->client) >
         0) {
  }
}

static int handshaken(pair *p) {
  return sp_conn_handshake_done(p->client.conn) &&
         sp_conn_handshake_done(p->server.conn) &&
         sp_conn_error(p->client.conn) == NULL &&
         sp_conn_error(p->server.conn) == NULL;
}

/* Three messages each way: each arrives whole, alone, in order. */
static void check_messages(pair *p, const char *what) {
  static const char *messages[] = {"a", "second message", "the third"};
  size_t i;

  for (i = 0; i < 3; i++) {
    side_forget_received(&p->server);
    CHECK_INT(side_write(&p->client, messages[i], strlen(messages[i])), SP_OK,
              "%s: client writes message %zu", what, i);
    CHECK_INT(sp_conn_output_datagrams(p->client.conn), 1,
              "%s: one write is one datagram", what);
    dgram_pump(p);
    CHECK(p->server.received_len == strlen(messages[i]) &&
              memcmp(p->server.received, messages[i], p->server.received_len) ==
                  0,
          "%s: server got message %zu whole", what, i);
  }
  /* Two writes, then one delivery: two separate reads, not one stream. */
  side_forget_received(&p->client);
  CHECK_INT(side_write(&p->server, "one", 3), SP_OK, "%s: server writes", what);
  CHECK_INT(side_write(&p->server, "two", 3), SP_OK, "%s: and again", what);
  CHECK_INT(sp_conn_output_datagrams(p->server.conn), 2,
            "%s: two writes, two datagrams", what);
  {
    const uint8_t *data;
    unsigned char buf[64];
    size_t n, got = 0;
    int reads = 0;

    while ((n = sp_conn_output_datagram(p->server.conn, &data)) > 0) {
      sp_conn_feed(p->client.conn, data, n);
      sp_conn_output_consume(p->server.conn, n);
    }
    while (sp_conn_read(p->client.conn, buf + got, sizeof buf - got, &n) ==
           SP_OK) {
      got += n;
      reads++;
      CHECK_INT(n, 3, "%s: read %d gives one record", what, reads);
    }
    harness_note_queue();
    CHECK(reads == 2 && memcmp(buf, "onetwo", 6) == 0,
          "%s: client read two messages in order", what);
  }
}

static void test_cert_handshake(const char *server_name) {
  pair p;
  sp_cipher_info cipher;

  pair_init(&p, dtls_client(), dtls_server(server_name));
  sp_conn_set_servername(p.client.conn, "localhost");
  dgram_pump(&p);
  CHECK(handshaken(&p), "%s: DTLS handshake completes", server_name);
  CHECK_STR(sp_conn_protocol(p.client.conn), "DTLSv1.2",
            "%s: the client speaks DTLS 1.2", server_name);
  CHECK_STR(sp_conn_protocol(p.server.conn), "DTLSv1.2", "%s: the server too",
            server_name);
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0,
            "%s: the client verified the server's chain", server_name);
  CHECK(sp_conn_cipher(p.client.conn, &cipher) == SP_OK &&
            strstr(cipher.name,
                   strstr(server_name, "ecdsa") ? "ECDSA" : "RSA") != NULL,
        "%s: a suite for that key (%s)", server_name,
        sp_conn_cipher(p.client.conn, &cipher) == SP_OK ? cipher.name : "-");
  CHECK(p.client.events & SP_EV_HANDSHAKE_DONE,
        "%s: the handshake-done event is raised", server_name);
  check_messages(&p, server_name);
  pair_free(&p);
}

static void test_psk(void) {
  pair p;

  pair_init(&p, dtls_psk("device-1"), dtls_psk("device-1"));
  dgram_pump(&p);
  CHECK(handshaken(&p), "PSK: DTLS handshake completes");
  CHECK_INT(sp_conn_used_psk(p.server.conn), 1, "PSK: the server used it");
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0, "PSK: nothing to verify");
  check_messages(&p, "PSK");
  pair_free(&p);

  pair_init(&p, dtls_psk("intruder"), dtls_psk("device-1"));
  dgram_pump(&p);
  CHECK(!sp_conn_handshake_done(p.server.conn) &&
            sp_conn_error(p.server.conn) != NULL,
        "PSK: an unknown identity fails the handshake (%s)",
        sp_conn_error(p.server.conn) ? sp_conn_error(p.server.conn)->code
                                     : "-");
  pair_free(&p);
}

/* A small MTU splits the certificate flight into more, smaller
 * datagrams than the default one does. */
static void test_mtu(void) {
  size_t default_count, default_largest;
  pair p;

  pair_init(&p, dtls_client(), dtls_server("server-rsa"));
  max_datagram = datagrams_moved = 0;
  dgram_pump(&p);
  CHECK(handshaken(&p), "default MTU: the handshake completes");
  default_count = datagrams_moved;
  default_largest = max_datagram;
  CHECK(default_largest > 300 && default_largest <= SP_DTLS_DEFAULT_MTU,
        "default MTU: the largest datagram is %zu bytes", default_largest);
  pair_free(&p);

  pair_init(&p, dtls_client(), dtls_server("server-rsa"));
  CHECK_INT(sp_conn_set_mtu(p.client.conn, 300), SP_OK, "client MTU 300");
  CHECK_INT(sp_conn_set_mtu(p.server.conn, 300), SP_OK, "server MTU 300");
  max_datagram = datagrams_moved = 0;
  dgram_pump(&p);
  CHECK(handshaken(&p), "MTU 300: the handshake completes");
  CHECK(max_datagram <= 300, "MTU 300: no datagram is larger (largest %zu)",
        max_datagram);
  CHECK(datagrams_moved > default_count,
        "MTU 300: the flights were fragmented (%zu datagrams, %zu by default)",
        datagrams_moved, default_count);
  check_messages(&p, "MTU 300");
  pair_free(&p);
}

/* The first datagram a fresh client of `transport` sends (caller frees). */
static uint8_t *first_flight(int transport, size_t *len) {
  sp_ctx *ctx = transport == SP_TRANSPORT_DTLS ? dtls_client() : client_ctx(0);
  sp_conn *client = sp_conn_new(ctx, SP_ROLE_CLIENT, NULL);
  const uint8_t *data;
  uint8_t *copy;

  sp_ctx_unref(ctx);
  if (client == NULL)
    harness_bail("sp_conn_new", "first_flight");
  (void)sp_conn_handshake(client);
  *len = sp_conn_output_peek(client, &data);
  copy = malloc(*len);
  if (copy == NULL || *len == 0)
    harness_bail("no ClientHello", "first_flight");
  memcpy(copy, data, *len);
  sp_conn_free(client);
  harness_note_queue();
  return copy;
}

/* Feed one datagram to `s` and let it act. */
static void feed_one(side *s, const void *data, size_t len) {
  (void)sp_conn_feed(s->conn, data, len);
  harness_note_queue();
  side_step(s);
}

/*
 * RFC 6347 4.1.2.7: a DTLS endpoint silently discards records it cannot
 * use. Garbage, a record cut short and a TLS ClientHello are dropped,
 * before and after the handshake; the connection goes on.
 */
static void test_bad_datagrams(void) {
  unsigned char garbage[200];
  size_t tls_len, dtls_len, i;
  uint8_t *tls_hello = first_flight(SP_TRANSPORT_TLS, &tls_len);
  uint8_t *dtls_hello = first_flight(SP_TRANSPORT_DTLS, &dtls_len);
  pair p;

  for (i = 0; i < sizeof garbage; i++)
    garbage[i] = (unsigned char)(i * 37u + 11u);
  pair_init(&p, dtls_client(), dtls_server("server-rsa"));
  feed_one(&p.server, garbage, sizeof garbage);
  CHECK(sp_conn_error(p.server.conn) == NULL &&
            sp_conn_output_datagrams(p.server.conn) == 0,
        "garbage before the ClientHello: dropped, no answer");
  feed_one(&p.server, tls_hello, tls_len);
  CHECK(sp_conn_error(p.server.conn) == NULL &&
            sp_conn_output_datagrams(p.server.conn) == 0,
        "a TLS (stream) ClientHello: dropped, no answer");
  feed_one(&p.server, dtls_hello, dtls_len / 2);
  CHECK(sp_conn_error(p.server.conn) == NULL &&
            sp_conn_output_datagrams(p.server.conn) == 0,
        "a DTLS ClientHello cut in half: dropped, no answer");
  feed_one(&p.server, dtls_hello, 5);
  CHECK(sp_conn_error(p.server.conn) == NULL, "a record header alone: dropped");
  dgram_pump(&p);
  CHECK(handshaken(&p), "the real handshake still completes afterwards");

  feed_one(&p.server, garbage, sizeof garbage);
  feed_one(&p.client, garbage, 13);
  feed_one(&p.server, tls_hello, tls_len);
  feed_one(&p.server, dtls_hello, dtls_len);
  CHECK(sp_conn_error(p.server.conn) == NULL &&
            sp_conn_error(p.client.conn) == NULL,
        "after the handshake: garbage, a TLS hello and a stray ClientHello "
        "leave both ends healthy");
  side_forget_received(&p.server);
  side_forget_received(&p.client);
  dgram_pump(&p);
  CHECK(p.server.received_len == 0 && p.client.received_len == 0,
        "and no plaintext came of them");
  check_messages(&p, "after bad datagrams");
  pair_free(&p);
  free(tls_hello);
  free(dtls_hello);
}

static void test_close_notify(void) {
  pair p;

  pair_init(&p, dtls_client(), dtls_server("server-ecdsa"));
  dgram_pump(&p);
  CHECK(handshaken(&p), "close: handshake");
  CHECK_INT(sp_conn_shutdown(p.client.conn), SP_OK,
            "close: the client queues close_notify");
  CHECK_INT(sp_conn_output_datagrams(p.client.conn), 1,
            "close: one datagram carries it");
  dgram_pump(&p);
  CHECK(p.server.closed && (p.server.events & SP_EV_PEER_CLOSED),
        "close: the server reads SP_CLOSED and sees the event");
  CHECK(sp_conn_error(p.server.conn) == NULL, "close: not an error");
  {
    size_t n = 0;
    CHECK_INT(sp_conn_write(p.client.conn, "x", 1, &n), SP_ERROR,
              "close: no writing after our close_notify");
    harness_note_queue();
  }
  pair_free(&p);
}

/* What the DTLS calls refuse, and their effect on TLS connections. */
static void test_arguments(void) {
  sp_ctx *dtls = new_transport_ctx(SP_TRANSPORT_DTLS);
  sp_conn *conn;
  sp_error err;
  uint64_t ms = 1;
  pair p;

  CHECK_INT(sp_ctx_set_protocol_range(dtls, SP_TLS1_3_VERSION, 0, &err),
            SP_ERROR, "a DTLS context refuses TLS 1.3");
  CHECK_INT(sp_ctx_set_protocol_range(dtls, SP_TLS1_VERSION, 0, &err), SP_ERROR,
            "and DTLS 1.0 (as TLS 1.0)");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "with the argument code");
  CHECK_INT(sp_ctx_set_protocol_range(dtls, SP_TLS1_2_VERSION,
                                      SP_TLS1_2_VERSION, &err),
            SP_OK, "DTLS 1.2 is accepted");
  CHECK_INT(sp_ctx_set_cookie_secret(dtls, "short", 5, &err), SP_ERROR,
            "a cookie secret under 16 bytes is refused");
  conn = sp_conn_new(dtls, SP_ROLE_CLIENT, &err);
  CHECK(conn != NULL, "a DTLS client connection");
  CHECK_INT(sp_conn_dtls_timeout(conn, &ms), SP_REFUSED,
            "no timer before the first flight");
  CHECK_INT(sp_conn_handshake(conn), SP_WANT_READ, "the ClientHello goes");
  CHECK(sp_conn_dtls_timeout(conn, &ms) == SP_OK && ms > 0 && ms <= 1000,
        "then the retransmission timer runs (%llu ms, OpenSSL's 1 s)",
        (unsigned long long)ms);
  CHECK_INT(sp_conn_set_mtu(conn, 100), SP_ERROR, "an MTU below 256 fails");
  CHECK_CODE(sp_conn_error(conn), "ERR_SP_INVALID_ARG", "as a bad argument");
  sp_conn_free(conn);
  sp_ctx_unref(dtls);

  pair_connect(&p, SP_TLS1_3_VERSION, NULL);
  CHECK_INT(sp_conn_dtls_timeout(p.client.conn, &ms), SP_REFUSED,
            "a TLS connection has no DTLS timer");
  CHECK_INT(sp_conn_output_datagrams(p.client.conn), 0, "nor datagrams");
  CHECK_INT(sp_conn_set_mtu(p.client.conn, 1200), SP_ERROR, "nor an MTU");
  CHECK_INT(sp_ctx_set_cookie_secret(NULL, "0123456789abcdef", 16, &err),
            SP_ERROR, "cookies need a context");
  pair_free(&p);
  harness_note_queue();
}

/* Big messages: one record each, up to 16384 bytes; beyond, refused. */
static void test_message_sizes(void) {
  unsigned char *big = pattern(16385, 3);
  size_t data_mtu, n = 0;
  const uint8_t *data;
  pair p;

  pair_init(&p, dtls_client(), dtls_server("server-rsa"));
  sp_conn_set_mtu(p.client.conn, 300);
  dgram_pump(&p);
  CHECK(handshaken(&p), "sizes: handshake");
  CHECK(send_and_compare(&p, &p.client, &p.server, big, 16384, 0),
        "sizes: a 16384-byte message arrives whole");
  CHECK_INT(sp_conn_write(p.client.conn, big, 16385, &n), SP_REFUSED,
            "sizes: 16385 bytes are refused");
  CHECK(n == 0 && sp_conn_error(p.client.conn) == NULL &&
            sp_conn_output_datagrams(p.client.conn) == 0,
        "sizes: nothing sent, the connection unharmed");
  data_mtu = sp_conn_dtls_data_mtu(p.client.conn);
  CHECK(data_mtu > 200 && data_mtu < 300,
        "sizes: %zu bytes of plaintext fit an MTU of 300", data_mtu);
  CHECK_INT(side_write(&p.client, big, data_mtu), SP_OK,
            "sizes: a message of that size");
  CHECK(sp_conn_output_peek(p.client.conn, &data) <= 300,
        "sizes: makes a datagram within the MTU");
  dgram_pump(&p);
  CHECK(send_and_compare(&p, &p.server, &p.client, big, 1000, 0),
        "sizes: and the connection goes on");
  pair_free(&p);
  free(big);
  harness_note_queue();
}

/* A server that never answers: the client retransmits, then gives up. */
static void test_give_up(void) {
  sp_conn *client = sp_conn_new(dtls_client_owned(), SP_ROLE_CLIENT, NULL);
  uint64_t ms = 0;
  int i, sent = 0, rc = SP_OK;

  CHECK_INT(sp_conn_set_dtls_retransmit(client, 5, 5), SP_ERROR,
            "retransmit: a wait under 20 ms is refused");
  sp_conn_free(client);
  client = sp_conn_new(dtls_client_owned(), SP_ROLE_CLIENT, NULL);
  CHECK_INT(sp_conn_set_dtls_retransmit(client, 20, 20), SP_OK,
            "retransmit: 20 ms, never more");
  sp_conn_handshake(client);
  sp_conn_output_consume(client, 1);
  for (i = 0; i < 30 && rc == SP_OK; i++) {
    struct timespec wait = {0, 0};
    CHECK(sp_conn_dtls_timeout(client, &ms) == SP_OK && ms <= 20,
          "retransmit %d: a timer runs (%llu ms)", i, (unsigned long long)ms);
    wait.tv_nsec = (long)ms * 1000000L;
    nanosleep(&wait, NULL);
    rc = sp_conn_dtls_handle_timeout(client);
    if (sp_conn_output_datagrams(client) > 0)
      sent++;
    while (sp_conn_output_datagrams(client) > 0)
      sp_conn_output_consume(client, 1);
  }
  CHECK_INT(rc, SP_ERROR, "retransmit: the client gives up");
  CHECK_CODE(sp_conn_error(client), "ERR_SSL_READ_TIMEOUT_EXPIRED",
             "retransmit: with a timeout code");
  CHECK_INT(sent, 12, "retransmit: after 12 retransmissions");
  CHECK_INT(sp_conn_dtls_timeout(client, &ms), SP_REFUSED,
            "retransmit: and no timer runs any more");
  sp_conn_free(client);
  harness_note_queue();
}

/* The input queue holds 64 datagrams: the 65th is dropped (the newest,
 * as a full socket buffer drops), the ones before are kept. */
static void test_input_bound(void) {
  unsigned char garbage[40];
  size_t hello_len, i;
  uint8_t *hello = first_flight(SP_TRANSPORT_DTLS, &hello_len);
  sp_conn *server = sp_conn_new(dtls_server_owned(), SP_ROLE_SERVER, NULL);

  memset(garbage, 0xee, sizeof garbage);
  for (i = 0; i < 64; i++)
    sp_conn_feed(server, garbage, sizeof garbage);
  CHECK_INT(sp_conn_feed(server, hello, hello_len), SP_OK,
            "bound: a 65th datagram is taken without error");
  sp_conn_handshake(server);
  CHECK(sp_conn_error(server) == NULL && sp_conn_output_datagrams(server) == 0,
        "bound: but it was dropped: the 64 garbage ones read, no answer");
  sp_conn_feed(server, hello, hello_len);
  sp_conn_handshake(server);
  CHECK(sp_conn_output_datagrams(server) > 0,
        "bound: with room again the ClientHello is answered");
  sp_conn_free(server);
  free(hello);
  harness_note_queue();
}

/* A DTLS session resumes (abbreviated handshake) like a TLS 1.2 one. */
static void test_resumption(void) {
  sp_ctx *server = dtls_server("server-rsa");
  sp_ctx *client = dtls_client();
  uint8_t *der;
  size_t len;
  pair p;

  sp_ctx_ref(server);
  sp_ctx_ref(client);
  pair_init(&p, client, server);
  dgram_pump(&p);
  CHECK(handshaken(&p), "resume: first handshake");
  len = sp_conn_session(p.client.conn, NULL, 0);
  der = malloc(len > 0 ? len : 1);
  CHECK(len > 0 && der != NULL &&
            sp_conn_session(p.client.conn, der, len) == len,
        "resume: the client has a session (%zu bytes)", len);
  pair_free(&p);

  pair_init(&p, client, server);
  CHECK_INT(sp_conn_set_session(p.client.conn, der, len), SP_OK,
            "resume: offered");
  max_datagram = datagrams_moved = 0;
  dgram_pump(&p);
  CHECK(handshaken(&p), "resume: second handshake");
  CHECK(sp_conn_session_reused(p.client.conn) &&
            sp_conn_session_reused(p.server.conn),
        "resume: both ends resumed (%zu datagrams)", datagrams_moved);
  check_messages(&p, "resumed");
  pair_free(&p);
  free(der);
  harness_note_queue();
}

int main(void) {
  test_cert_handshake("server-rsa");
  test_cert_handshake("server-ecdsa");
  test_psk();
  test_mtu();
  test_bad_datagrams();
  test_close_notify();
  test_arguments();
  test_message_sizes();
  test_give_up();
  test_resumption();
  test_input_bound();
  sp_ctx_unref(owned_ctx);
  return harness_done();
}
