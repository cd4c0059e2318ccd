/*
 * A DTLS 1.2 server renegotiates like a TLS 1.2 one: sp_conn_renegotiate()
 * answers SP_OK, both ends see the new handshake through and the data
 * flows on; data and close_notify sent while it waits for the client's
 * new hello do not break the client. Each case runs over TLS 1.2 too, as
 * the reference. (Found by test/fuzz/fuzz-records.c: DTLS version numbers
 * count down, 0xFEFD being above TLS 1.3's 0x0304.)
 */
#include "harness.h"

static sp_ctx *server_of(int transport) {
  return transport_server_ctx(transport, "server-ecdsa", NULL);
}

static sp_ctx *client_of(int transport) {
  sp_ctx *ctx = transport_ctx_with(transport, NULL, NULL, "ca1-cert.pem");

  if (transport == SP_TRANSPORT_TLS)
    ctx_range(ctx, SP_TLS1_2_VERSION, SP_TLS1_2_VERSION);
  return ctx;
}

static const char *name_of(int transport) {
  return transport == SP_TRANSPORT_DTLS ? "DTLS 1.2" : "TLS 1.2";
}

static void connect_pair(pair *p, int transport) {
  pair_init(p, client_of(transport), server_of(transport));
  if (!pair_handshake(p, 0))
    harness_bail("handshake failed", name_of(transport));
  p->client.events = p->server.events = 0;
}

/* The server renegotiates; both ends go through it; data flows after. */
static void test_renegotiation(int transport) {
  const char *name = name_of(transport);
  static const unsigned char after[] = "after the renegotiation";
  sp_error why;
  pair p;
  int rc;

  connect_pair(&p, transport);
  sp_error_clear(&why);
  rc = sp_conn_renegotiate(p.server.conn, &why);
  harness_note_queue();
  CHECK_INT(rc, SP_OK, "%s: the server starts a renegotiation (%s)", name,
            why.code);
  pump(&p, 0);
  CHECK(sp_conn_error(p.client.conn) == NULL &&
            sp_conn_error(p.server.conn) == NULL,
        "%s: no error on either end", name);
  CHECK((p.client.events & SP_EV_HANDSHAKE_DONE) &&
            (p.server.events & SP_EV_HANDSHAKE_DONE),
        "%s: both ends finish the new handshake", name);
  CHECK(send_and_compare(&p, &p.client, &p.server, after, sizeof after, 0),
        "%s: the client's data arrives afterwards", name);
  CHECK(send_and_compare(&p, &p.server, &p.client, after, sizeof after, 0),
        "%s: the server's data arrives afterwards", name);
  pair_free(&p);
}

/*
 * The server asks, then writes and closes before the client answers. The
 * client gets everything, cannot write while the renegotiation it now
 * owes waits (SP_WANT_READ, nothing lost), and its new hello, arriving
 * after the server's close_notify, is ignored.
 */
static void test_close_while_renegotiating(int transport) {
  const char *name = name_of(transport);
  static const unsigned char last[] = "last words";
  size_t written;
  sp_error why;
  pair p;

  connect_pair(&p, transport);
  (void)sp_conn_renegotiate(p.server.conn, &why);
  (void)sp_conn_write(p.server.conn, last, sizeof last, &written);
  (void)sp_conn_shutdown(p.server.conn);
  harness_note_queue();
  pump(&p, 0);
  CHECK(p.client.received_len == sizeof last && p.client.closed,
        "%s: the client gets the data and the close_notify", name);
  CHECK_INT(sp_conn_write(p.client.conn, "x", 1, &written), SP_WANT_READ,
            "%s: the client's write waits for the renegotiation", name);
  CHECK_INT(sp_conn_shutdown(p.client.conn), SP_WANT_READ,
            "%s: so does its close", name);
  harness_note_queue();
  pump(&p, 0);
  CHECK_CODE(sp_conn_error(p.client.conn), NULL, "%s: no error on the client",
             name);
  CHECK_CODE(sp_conn_error(p.server.conn), NULL,
             "%s: none on the server, which had closed", name);
  pair_free(&p);
}

int main(void) {
  int transports[] = {SP_TRANSPORT_TLS, SP_TRANSPORT_DTLS};
  size_t i;

  for (i = 0; i < 2; i++) {
    test_renegotiation(transports[i]);
    test_close_while_renegotiating(transports[i]);
  }
  return harness_done();
}
