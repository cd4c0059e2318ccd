/*
 * Application protocol negotiation in memory: ALPN with the server's
 * preference, no overlap (a fatal no_application_protocol alert), an answer
 * decided in advance, refusal; NPN on TLS 1.2 (and its absence on 1.3);
 * malformed lists refused as arguments.
 */
#include "harness.h"

#define LIST(s) (const uint8_t *)(s), sizeof(s) - 1

static int selected_is(const uint8_t *got, size_t len, const char *want) {
  return want == NULL ? got == NULL
                      : got != NULL && len == strlen(want) &&
                            memcmp(got, want, len) == 0;
}

static void check_alpn(pair *p, const char *want, const char *what) {
  size_t len = 0;
  const uint8_t *got = sp_conn_alpn_selected(p->client.conn, &len);

  CHECK(selected_is(got, len, want), "%s: client negotiated %s", what,
        want ? want : "nothing");
  got = sp_conn_alpn_selected(p->server.conn, &len);
  CHECK(selected_is(got, len, want), "%s: server negotiated %s", what,
        want ? want : "nothing");
}

static void test_alpn_preference(int version) {
  pair p;
  const char *name = version_name(version);

  pair_init(&p, client_ctx(version), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_alpn_protos(p.client.conn, LIST("\x01" "a\x01" "b")),
            SP_OK, "%s: client offers a, b", name);
  CHECK_INT(sp_conn_set_alpn_protos(p.server.conn,
                                    LIST("\x01" "c\x01" "b\x01" "a")),
            SP_OK, "%s: server accepts c, b, a", name);
  CHECK(pair_handshake(&p, 0), "%s: handshake", name);
  check_alpn(&p, "b", name); /* the server's first that the client offered */
  pair_free(&p);
}

static void test_alpn_absent(void) {
  pair p;

  /* The client offers, the server has no list: nothing, no failure. */
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_alpn_protos(p.client.conn, LIST("\x02h2"));
  CHECK(pair_handshake(&p, 0), "server without a list: handshake");
  check_alpn(&p, NULL, "server without a list");
  pair_free(&p);

  /* The server has a list, the client offers nothing: the same. */
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_alpn_protos(p.server.conn, LIST("\x02h2"));
  CHECK(pair_handshake(&p, 0), "client without a list: handshake");
  check_alpn(&p, NULL, "client without a list");
  pair_free(&p);
}

static void test_alpn_no_overlap(void) {
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_alpn_protos(p.client.conn, LIST("\x01" "a"));
  sp_conn_set_alpn_protos(p.server.conn, LIST("\x01" "x"));
  CHECK(!pair_handshake(&p, 0), "no overlap: handshake fails");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SSL_NO_APPLICATION_PROTOCOL",
             "no overlap: server code");
  CHECK_CODE(sp_conn_error(p.client.conn),
             "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
             "no overlap: the client got the alert");
  pair_free(&p);
}

static void test_alpn_decided(void) {
  pair p;

  /* Decided answer wins over the server's list. */
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_alpn_protos(p.client.conn, LIST("\x01" "a\x01" "b"));
  sp_conn_set_alpn_protos(p.server.conn, LIST("\x01" "a"));
  CHECK_INT(sp_conn_select_alpn(p.server.conn, (const uint8_t *)"b", 1), SP_OK,
            "decided: b");
  CHECK(pair_handshake(&p, 0), "decided: handshake");
  check_alpn(&p, "b", "decided");
  pair_free(&p);

  /* NULL refuses everything. */
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_alpn_protos(p.client.conn, LIST("\x01" "a"));
  CHECK_INT(sp_conn_select_alpn(p.server.conn, NULL, 0), SP_OK,
            "refused: accepted");
  CHECK(!pair_handshake(&p, 0), "refused: handshake fails");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SSL_NO_APPLICATION_PROTOCOL",
             "refused: server code");
  pair_free(&p);

  /* A decided name the client did not offer fails the same way. */
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_alpn_protos(p.client.conn, LIST("\x01" "a"));
  sp_conn_select_alpn(p.server.conn, (const uint8_t *)"zz", 2);
  CHECK(!pair_handshake(&p, 0), "not offered: handshake fails");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SSL_NO_APPLICATION_PROTOCOL",
             "not offered: server code");
  pair_free(&p);

  /* A client that offers nothing never reaches the decision. */
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_select_alpn(p.server.conn, NULL, 0);
  CHECK(pair_handshake(&p, 0), "no offer: handshake completes");
  check_alpn(&p, NULL, "no offer");
  pair_free(&p);
}

static void test_npn(void) {
  pair p;
  size_t len = 0;
  const uint8_t *got;

  /* TLS 1.2: server order, client picks the first it also wants. */
  pair_init(&p, client_ctx(SP_TLS1_2_VERSION),
            server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_npn_protos(p.server.conn,
                                   LIST("\x06spdy/2\x08http/1.1")),
            SP_OK, "npn: server advertises");
  CHECK_INT(sp_conn_set_npn_protos(p.client.conn,
                                   LIST("\x08http/1.1\x06spdy/2")),
            SP_OK, "npn: client wants");
  CHECK(pair_handshake(&p, 0), "npn: handshake");
  got = sp_conn_npn_selected(p.client.conn, &len);
  CHECK(selected_is(got, len, "spdy/2"), "npn: client chose spdy/2");
  got = sp_conn_npn_selected(p.server.conn, &len);
  CHECK(selected_is(got, len, "spdy/2"), "npn: server learnt spdy/2");
  pair_free(&p);

  /* No overlap: the client's own first. */
  pair_init(&p, client_ctx(SP_TLS1_2_VERSION),
            server_ctx("server-rsa", NULL));
  sp_conn_set_npn_protos(p.server.conn, LIST("\x01" "a"));
  sp_conn_set_npn_protos(p.client.conn, LIST("\x01" "z\x01" "y"));
  CHECK(pair_handshake(&p, 0), "npn no overlap: handshake");
  got = sp_conn_npn_selected(p.server.conn, &len);
  CHECK(selected_is(got, len, "z"), "npn no overlap: the client's first");
  pair_free(&p);

  /* TLS 1.3 has no NPN. */
  pair_init(&p, client_ctx(SP_TLS1_3_VERSION),
            server_ctx("server-rsa", NULL));
  sp_conn_set_npn_protos(p.server.conn, LIST("\x01" "a"));
  sp_conn_set_npn_protos(p.client.conn, LIST("\x01" "a"));
  CHECK(pair_handshake(&p, 0), "npn tls1.3: handshake");
  CHECK(sp_conn_npn_selected(p.client.conn, &len) == NULL,
        "npn tls1.3: nothing negotiated");
  pair_free(&p);
}

static void test_bad_lists(void) {
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_alpn_protos(p.client.conn, LIST("\x05" "ab")),
            SP_ERROR, "a length past the end is refused");
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SP_INVALID_ARG",
             "bad list code");
  CHECK_INT(sp_conn_set_npn_protos(p.server.conn, LIST("\x00\x01" "a")),
            SP_ERROR, "an empty name is refused");
  pair_free(&p);

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_select_alpn(p.client.conn, (const uint8_t *)"a", 1),
            SP_ERROR, "a client cannot decide the ALPN answer");
  CHECK_INT(sp_conn_select_alpn(p.server.conn, (const uint8_t *)"a", 0),
            SP_ERROR, "an empty decided name is refused");
  CHECK_INT(sp_conn_set_alpn_protos(NULL, NULL, 0), SP_ERROR, "NULL conn");
  pair_free(&p);

  /* An empty list clears. */
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_alpn_protos(p.client.conn, LIST("\x01" "a"));
  sp_conn_set_alpn_protos(p.server.conn, LIST("\x01" "x"));
  CHECK_INT(sp_conn_set_alpn_protos(p.server.conn, NULL, 0), SP_OK,
            "server list cleared");
  CHECK(pair_handshake(&p, 0), "cleared: handshake completes");
  pair_free(&p);
}

int main(void) {
  test_alpn_preference(SP_TLS1_3_VERSION);
  test_alpn_preference(SP_TLS1_2_VERSION);
  test_alpn_absent();
  test_alpn_no_overlap();
  test_alpn_decided();
  test_npn();
  test_bad_lists();
  return harness_done();
}
