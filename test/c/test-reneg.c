/*
 * Handshakes on an established connection: TLS 1.2 renegotiation from
 * either side (and a server that refuses a client's), TLS 1.3 key updates
 * both ways with and without asking the peer; refusals leave the
 * connection working; data held back during a renegotiation goes through
 * afterwards; a renegotiation never pauses at the ClientHello again.
 */
#include "harness.h"

#include <openssl/ssl.h> /* SSL_OP_ALLOW_CLIENT_RENEGOTIATION */

static const unsigned char ping[] = "ping";
static const unsigned char pong[] = "pong";

static int data_both_ways(pair *p) {
  return send_and_compare(p, &p->client, &p->server, ping, 4, 0) &&
         send_and_compare(p, &p->server, &p->client, pong, 4, 0);
}

static sp_ctx *renegotiating_server(void) {
  sp_ctx *ctx = server_ctx("server-rsa", NULL);
  sp_error err;

  if (sp_ctx_set_options(ctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION, &err) !=
      SP_OK)
    harness_bail("sp_ctx_set_options", err.message);
  return ctx;
}

static void test_client_renegotiates(void) {
  pair p;
  sp_error why;
  unsigned events = SP_EV_HANDSHAKE_START | SP_EV_HANDSHAKE_DONE;
  size_t written = 9;

  pair_connect(&p, SP_TLS1_2_VERSION, renegotiating_server());
  CHECK_INT(sp_conn_renegotiate(p.client.conn, &why), SP_OK,
            "client: renegotiation starts");
  harness_note_queue();
  CHECK(sp_conn_output_pending(p.client.conn) > 0,
        "client: its ClientHello is queued");
  CHECK_INT(sp_conn_write(p.client.conn, ping, 4, &written), SP_WANT_READ,
            "client: a write waits for the new handshake");
  CHECK_INT(written, 0, "client: nothing was taken");
  CHECK_INT(sp_conn_shutdown(p.client.conn), SP_WANT_READ,
            "client: so does close_notify");
  CHECK(sp_conn_error(p.client.conn) == NULL, "client: still healthy");
  p.client.events |= sp_conn_take_events(p.client.conn);
  pump(&p, 0);
  CHECK_INT(p.client.events & events, events, "client: start and done");
  CHECK_INT(p.server.events & events, events, "server: start and done");
  CHECK_INT(p.server.events & SP_EV_CLIENT_HELLO, 0,
            "server: no ClientHello event on renegotiation");
  CHECK(data_both_ways(&p), "client: data flows afterwards");
  CHECK_INT(sp_conn_renegotiate(p.client.conn, &why), SP_OK,
            "client: and again");
  harness_note_queue();
  pump(&p, 0);
  CHECK(data_both_ways(&p), "client: data flows after the second");
  pair_free(&p);
}

static void test_server_refuses(void) {
  pair p;
  sp_error why;

  pair_connect(&p, SP_TLS1_2_VERSION, NULL); /* no ALLOW option */
  CHECK_INT(sp_conn_renegotiate(p.client.conn, &why), SP_OK,
            "refused: the client starts");
  harness_note_queue();
  pump(&p, 0);
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SSL_NO_RENEGOTIATION",
             "refused: the client fails on the server's no_renegotiation");
  pair_free(&p);
}

static void test_server_renegotiates(void) {
  pair p;
  sp_error why;

  pair_connect(&p, SP_TLS1_2_VERSION, NULL);
  CHECK_INT(sp_conn_renegotiate(p.server.conn, &why), SP_OK,
            "server: HelloRequest");
  harness_note_queue();
  p.server.events |= sp_conn_take_events(p.server.conn);
  pump(&p, 0);
  CHECK(p.client.events & SP_EV_HANDSHAKE_DONE,
        "server: the client renegotiated");
  CHECK(p.server.events & SP_EV_HANDSHAKE_DONE,
        "server: its renegotiation finished");
  CHECK(data_both_ways(&p), "server: data flows afterwards");
  pair_free(&p);
}

static void test_paused_server_renegotiation(void) {
  pair p;
  sp_error why;

  pair_init(&p, client_ctx(SP_TLS1_2_VERSION), renegotiating_server());
  sp_conn_set_hello_pause(p.server.conn, 1);
  pump(&p, 0);
  CHECK_INT(p.server.rc, SP_WANT_HELLO, "paused server: paused once");
  sp_conn_resume_hello(p.server.conn);
  CHECK(pair_handshake(&p, 0), "paused server: handshake");
  p.server.events = 0;
  sp_conn_renegotiate(p.client.conn, &why);
  harness_note_queue();
  pump(&p, 0);
  CHECK_INT(p.server.events & SP_EV_CLIENT_HELLO, 0,
            "paused server: no second pause");
  CHECK(data_both_ways(&p), "paused server: data flows");
  pair_free(&p);
}

static void test_refusals(void) {
  pair p;
  sp_error why;

  pair_connect(&p, SP_TLS1_3_VERSION, NULL);
  CHECK_INT(sp_conn_renegotiate(p.client.conn, &why), SP_REFUSED,
            "tls1.3: renegotiation refused");
  CHECK_CODE(&why, "ERR_SSL_WRONG_SSL_VERSION", "tls1.3: Node's code");
  CHECK(sp_conn_error(p.client.conn) == NULL, "tls1.3: connection unharmed");
  CHECK(data_both_ways(&p), "tls1.3: data flows after the refusal");
  pair_free(&p);

  pair_connect(&p, SP_TLS1_2_VERSION, NULL);
  CHECK_INT(sp_conn_key_update(p.client.conn, 0, &why), SP_REFUSED,
            "tls1.2: key update refused");
  CHECK_CODE(&why, "ERR_SSL_WRONG_SSL_VERSION", "tls1.2: key update code");
  CHECK(data_both_ways(&p), "tls1.2: data flows after the refusal");
  CHECK_INT(sp_conn_renegotiate(p.client.conn, &why), SP_OK,
            "pending: first renegotiation");
  CHECK_INT(sp_conn_renegotiate(p.client.conn, &why), SP_REFUSED,
            "pending: a second one is refused");
  CHECK_CODE(&why, "ERR_SP_RENEGOTIATION_PENDING", "pending: code");
  harness_note_queue();
  pair_free(&p);

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_renegotiate(p.client.conn, &why), SP_REFUSED,
            "before the handshake: refused");
  CHECK_CODE(&why, "ERR_SP_HANDSHAKE_NOT_DONE", "before: code");
  CHECK_INT(sp_conn_key_update(p.client.conn, 1, &why), SP_REFUSED,
            "before the handshake: key update refused");
  CHECK(sp_conn_error(p.client.conn) == NULL, "before: unharmed");
  CHECK(pair_handshake(&p, 0), "before: the handshake still works");
  pair_free(&p);

  CHECK_INT(sp_conn_renegotiate(NULL, &why), SP_ERROR, "NULL renegotiate");
  CHECK_INT(sp_conn_key_update(NULL, 0, NULL), SP_ERROR, "NULL key update");
}

static void test_key_update(side *(*who)(pair *), int request,
                            const char *what) {
  pair p;
  sp_error why;
  side *s;

  pair_connect(&p, SP_TLS1_3_VERSION, NULL);
  s = who(&p);
  CHECK(data_both_ways(&p), "%s: data before", what);
  CHECK_INT(sp_conn_key_update(s->conn, request, &why), SP_OK,
            "%s: key update sent", what);
  harness_note_queue();
  CHECK(sp_conn_output_pending(s->conn) > 0, "%s: KeyUpdate queued", what);
  pump(&p, 0);
  CHECK(sp_conn_error(p.client.conn) == NULL &&
            sp_conn_error(p.server.conn) == NULL,
        "%s: both healthy", what);
  CHECK_INT(p.client.events | p.server.events, 0,
            "%s: no handshake events", what);
  CHECK(data_both_ways(&p), "%s: data after", what);
  CHECK_INT(sp_conn_key_update(s->conn, request, &why), SP_OK,
            "%s: and again", what);
  harness_note_queue();
  pump(&p, 0);
  CHECK(data_both_ways(&p), "%s: data after the second", what);
  pair_free(&p);
}

static side *client_side(pair *p) { return &p->client; }
static side *server_side(pair *p) { return &p->server; }

int main(void) {
  test_client_renegotiates();
  test_server_refuses();
  test_server_renegotiates();
  test_paused_server_renegotiation();
  test_refusals();
  test_key_update(client_side, 0, "client key update");
  test_key_update(client_side, 1, "client key update, peer asked");
  test_key_update(server_side, 0, "server key update");
  test_key_update(server_side, 1, "server key update, peer asked");
  return harness_done();
}
