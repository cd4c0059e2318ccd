/*
 * Every record split to single bytes: each byte is fed on its own and the
 * receiving engine acts after each one, through the whole handshake and
 * data in both directions (a transport may cut records anywhere).
 */
#include "harness.h"

#define DATA_LEN (20 * 1024) /* more than one full record */

static void test_bytewise(int version, const char *server) {
  const char *name = version_name(version);
  unsigned char *data = pattern(DATA_LEN, 3);
  pair p;

  pair_init(&p, client_ctx(version), server_ctx(server, NULL));
  CHECK(pair_handshake(&p, 1), "%s %s: handshake one byte at a time", name,
        server);
  CHECK_STR(sp_conn_protocol(p.client.conn), name, "%s %s: protocol", name,
            server);
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0, "%s %s: verified", name,
            server);
  CHECK(send_and_compare(&p, &p.client, &p.server, data, DATA_LEN, 1),
        "%s %s: %d bytes client to server, byte by byte", name, server,
        DATA_LEN);
  CHECK(send_and_compare(&p, &p.server, &p.client, data, DATA_LEN, 1),
        "%s %s: %d bytes server to client, byte by byte", name, server,
        DATA_LEN);
  CHECK_INT(sp_conn_shutdown(p.client.conn), SP_OK, "%s %s: client shuts down",
            name, server);
  pump(&p, 1);
  CHECK(p.server.closed, "%s %s: close_notify arrives byte by byte", name,
        server);
  CHECK_INT(p.client.events | p.server.events,
            SP_EV_HANDSHAKE_START | SP_EV_HANDSHAKE_DONE | SP_EV_PEER_CLOSED,
            "%s %s: events", name, server);
  pair_free(&p);
  free(data);
}

int main(void) {
  test_bytewise(SP_TLS1_2_VERSION, "server-rsa");
  test_bytewise(SP_TLS1_3_VERSION, "server-rsa");
  test_bytewise(SP_TLS1_2_VERSION, "server-ecdsa");
  test_bytewise(SP_TLS1_3_VERSION, "server-ecdsa");
  return harness_done();
}
