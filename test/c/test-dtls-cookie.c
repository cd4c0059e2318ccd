/*
 * DTLS server cookies: the stateless check answers a ClientHello without
 * a cookie with a HelloVerifyRequest, accepts the retry carrying the
 * cookie for that peer id only, honours the previous secret after one
 * rotation and not after two, drops what is not a ClientHello, and the
 * connection created after the check completes its handshake; the
 * ClientHello pause comes after the exchange.
 */
#include "harness.h"

static const char PEER_A[] = "\x7f\x00\x00\x01\x16\x33"; /* 127.0.0.1:5683 */
static const char PEER_B[] = "\x7f\x00\x00\x02\x16\x33";
#define PEER_LEN 6

static const char SECRET1[] = "first cookie secret, 32 bytes..";
static const char SECRET2[] = "second cookie secret, 32 bytes.";
static const char SECRET3[] = "third cookie secret, 32 bytes..";

static sp_ctx *server_with_secret(void) {
  sp_ctx *ctx = transport_server_ctx(SP_TRANSPORT_DTLS, "server-rsa", NULL);
  sp_error err;

  if (sp_ctx_set_cookie_secret(ctx, SECRET1, 32, &err) != SP_OK)
    harness_bail("sp_ctx_set_cookie_secret", err.message);
  return ctx;
}

static sp_conn *new_client(void) {
  sp_ctx *ctx =
      transport_ctx_with(SP_TRANSPORT_DTLS, NULL, NULL, "ca1-cert.pem");
  sp_error err;
  sp_conn *conn = sp_conn_new(ctx, SP_ROLE_CLIENT, &err);

  sp_ctx_unref(ctx);
  if (conn == NULL)
    harness_bail("sp_conn_new", err.message);
  return conn;
}

/* Copy the client's single output datagram out (there must be one). */
static size_t take_datagram(sp_conn *conn, uint8_t *buf, size_t cap) {
  size_t n;

  CHECK_INT(sp_conn_output_datagrams(conn), 1, "one datagram is queued");
  n = sp_conn_output_take(conn, buf, cap);
  harness_note_queue();
  return n;
}

typedef struct hello_pair {
  uint8_t first[2048]; /* the ClientHello without a cookie */
  size_t first_len;
  uint8_t second[2048]; /* its retry with the cookie for PEER_A */
  size_t second_len;
} hello_pair;

static int check(sp_ctx *ctx, const void *datagram, size_t len,
                 const char *peer, uint8_t *reply, size_t *reply_len) {
  sp_error err;
  int rc;

  *reply_len = 256;
  rc = sp_dtls_check_client_hello(ctx, datagram, len, peer, PEER_LEN, reply,
                                  reply_len, &err);
  harness_note_queue();
  return rc;
}

/* A client's two ClientHellos around the server's HelloVerifyRequest. */
static sp_conn *cookie_exchange(sp_ctx *server, hello_pair *h) {
  sp_conn *client = new_client();
  uint8_t reply[256];
  size_t reply_len;

  CHECK_INT(sp_conn_handshake(client), SP_WANT_READ, "the client starts");
  h->first_len = take_datagram(client, h->first, sizeof h->first);
  CHECK_INT(check(server, h->first, h->first_len, PEER_A, reply, &reply_len),
            SP_WANT_WRITE, "a ClientHello without cookie: answer it");
  CHECK(reply_len > 13 && reply_len <= 256 && reply[0] == 22 &&
            reply[13] == 3 /* hello_verify_request */,
        "the answer is a HelloVerifyRequest (%zu bytes)", reply_len);
  CHECK(reply_len < h->first_len,
        "smaller than the hello it answers: no amplification (%zu < %zu)",
        reply_len, h->first_len);
  CHECK_INT(sp_conn_feed(client, reply, reply_len), SP_OK,
            "the client takes it");
  CHECK_INT(sp_conn_handshake(client), SP_WANT_READ,
            "and sends its ClientHello again");
  h->second_len = take_datagram(client, h->second, sizeof h->second);
  CHECK(h->second_len > h->first_len,
        "the retry is longer: it carries the cookie (%zu > %zu bytes)",
        h->second_len, h->first_len);
  return client;
}

static void test_exchange(void) {
  sp_ctx *server = server_with_secret();
  uint8_t reply[256];
  size_t reply_len;
  hello_pair h;
  sp_conn *client = cookie_exchange(server, &h);
  pair p;

  CHECK_INT(check(server, h.second, h.second_len, PEER_A, reply, &reply_len),
            SP_OK, "the retry from the same peer is accepted");
  CHECK_INT(reply_len, 0, "with nothing to send back");
  CHECK_INT(check(server, h.second, h.second_len, PEER_B, reply, &reply_len),
            SP_WANT_WRITE,
            "the same cookie from another peer id is not accepted: "
            "another HelloVerifyRequest");
  CHECK_INT(check(server, h.first, h.first_len, PEER_A, reply, &reply_len),
            SP_WANT_WRITE,
            "the check keeps no state: the first hello again "
            "gets another HelloVerifyRequest");

  /* The caller now creates the connection and feeds it the retry. */
  memset(&p, 0, sizeof p);
  p.client.conn = client;
  p.server.conn = sp_conn_new(server, SP_ROLE_SERVER, NULL);
  CHECK_INT(sp_conn_set_peer_id(p.server.conn, PEER_A, PEER_LEN), SP_OK,
            "the connection gets the peer id");
  CHECK_INT(sp_conn_feed(p.server.conn, h.second, h.second_len), SP_OK,
            "and the accepted ClientHello");
  pump(&p, 0);
  CHECK(sp_conn_handshake_done(p.server.conn) &&
            sp_conn_handshake_done(p.client.conn),
        "the handshake completes after the cookie exchange");
  CHECK(send_and_compare(&p, &p.client, &p.server,
                         (const unsigned char *)"coap", 4, 0),
        "data flows");
  pair_free(&p);
  sp_ctx_unref(server);
}

static void test_rotation(void) {
  sp_ctx *server = server_with_secret();
  uint8_t reply[256];
  size_t reply_len;
  sp_error err;
  hello_pair h;
  sp_conn *client = cookie_exchange(server, &h); /* cookie under SECRET1 */

  CHECK_INT(sp_ctx_set_cookie_secret(server, SECRET2, 32, &err), SP_OK,
            "rotate to a second secret");
  CHECK_INT(check(server, h.second, h.second_len, PEER_A, reply, &reply_len),
            SP_OK, "a cookie of the previous secret is still accepted");
  CHECK_INT(sp_ctx_set_cookie_secret(server, SECRET3, 32, &err), SP_OK,
            "rotate again");
  CHECK_INT(check(server, h.second, h.second_len, PEER_A, reply, &reply_len),
            SP_WANT_WRITE,
            "two rotations later the old cookie is refused (new "
            "HelloVerifyRequest)");
  sp_conn_free(client);
  sp_ctx_unref(server);
}

/* Garbage and foreign records are dropped; arguments are checked. */
static void test_not_hellos(void) {
  sp_ctx *server = server_with_secret();
  sp_ctx *plain = new_transport_ctx(SP_TRANSPORT_DTLS);
  uint8_t reply[256], garbage[100], tls[2048];
  size_t reply_len, tls_len, i;
  sp_error err;
  hello_pair h;
  sp_conn *client = cookie_exchange(server, &h);
  sp_ctx *tls_ctx = client_ctx(0);
  sp_conn *tls_conn = sp_conn_new(tls_ctx, SP_ROLE_CLIENT, NULL);

  for (i = 0; i < sizeof garbage; i++)
    garbage[i] = (uint8_t)(i * 13u + 5u);
  CHECK_INT(check(server, garbage, sizeof garbage, PEER_A, reply, &reply_len),
            SP_REFUSED, "garbage is dropped");
  CHECK_INT(reply_len, 0, "without a reply");
  CHECK_INT(check(server, h.first, h.first_len / 2, PEER_A, reply, &reply_len),
            SP_REFUSED, "a truncated ClientHello is dropped");
  CHECK_INT(check(server, h.first, 13, PEER_A, reply, &reply_len), SP_REFUSED,
            "a bare record header is dropped");
  (void)sp_conn_handshake(tls_conn);
  tls_len = sp_conn_output_take(tls_conn, tls, sizeof tls);
  CHECK_INT(check(server, tls, tls_len, PEER_A, reply, &reply_len), SP_REFUSED,
            "a TLS (stream) ClientHello is dropped");
  CHECK_INT(check(server, "", 0, PEER_A, reply, &reply_len), SP_REFUSED,
            "an empty datagram is dropped");

  reply_len = 10;
  CHECK_INT(sp_dtls_check_client_hello(server, h.first, h.first_len, PEER_A,
                                       PEER_LEN, reply, &reply_len, &err),
            SP_ERROR, "a reply buffer too small is an error");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "a bad argument");
  reply_len = sizeof reply;
  CHECK_INT(sp_dtls_check_client_hello(plain, h.first, h.first_len, PEER_A,
                                       PEER_LEN, reply, &reply_len, &err),
            SP_ERROR, "a context without a cookie secret cannot check");
  CHECK_INT(sp_ctx_set_cookie_secret(tls_ctx, SECRET1, 32, &err), SP_ERROR,
            "a TLS context takes no cookie secret");
  harness_note_queue();
  sp_conn_free(tls_conn);
  sp_ctx_unref(tls_ctx);
  sp_conn_free(client);
  sp_ctx_unref(plain);
  sp_ctx_unref(server);
}

/* A server connection made without the check runs the exchange itself. */
static void test_connection_does_cookies(void) {
  pair p;

  pair_init(&p,
            transport_ctx_with(SP_TRANSPORT_DTLS, NULL, NULL, "ca1-cert.pem"),
            server_with_secret());
  CHECK_INT(sp_conn_set_peer_id(p.server.conn, PEER_B, PEER_LEN), SP_OK,
            "peer id set");
  side_step(&p.client);
  transfer(&p.client, &p.server, 0);
  CHECK_INT(sp_conn_output_datagrams(p.server.conn), 1,
            "the connection answers a cookieless hello itself");
  CHECK(sp_conn_take_events(p.server.conn) == 0 &&
            !(p.server.events & SP_EV_HANDSHAKE_START),
        "without starting a handshake");
  pump(&p, 0);
  CHECK(sp_conn_handshake_done(p.server.conn) &&
            sp_conn_handshake_done(p.client.conn),
        "and the handshake completes after the exchange");
  pair_free(&p);
}

/* The ClientHello pause (SNI, context switch) sees the hello that
 * carried the cookie, after the exchange, and only that one. */
static void test_hello_pause_after_cookie(void) {
  sp_hello hello;
  int pauses = 0, i;
  pair p;

  pair_init(&p,
            transport_ctx_with(SP_TRANSPORT_DTLS, NULL, NULL, "ca1-cert.pem"),
            server_with_secret());
  sp_conn_set_servername(p.client.conn, "localhost");
  CHECK_INT(sp_conn_set_hello_pause(p.server.conn, 1), SP_OK, "pause on");
  for (i = 0; i < 4; i++) {
    pump(&p, 0);
    if (p.server.rc != SP_WANT_HELLO)
      continue;
    pauses++;
    CHECK(sp_conn_hello(p.server.conn, &hello) == SP_OK &&
              hello.servername != NULL &&
              strcmp(hello.servername, "localhost") == 0,
          "the paused hello carries the SNI name");
    sp_conn_resume_hello(p.server.conn);
    harness_note_queue();
  }
  CHECK_INT(pauses, 1, "one pause, for the hello with the cookie");
  CHECK(sp_conn_handshake_done(p.server.conn) &&
            sp_conn_handshake_done(p.client.conn),
        "the handshake completes after the pause");
  pair_free(&p);
}

int main(void) {
  test_exchange();
  test_rotation();
  test_not_hellos();
  test_connection_does_cookies();
  test_hello_pause_after_cookie();
  return harness_done();
}
