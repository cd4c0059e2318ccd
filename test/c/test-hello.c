/*
 * The ClientHello pause: a server stops at the client's hello, reports what
 * it asked for (server name, session id, ALPN list), can switch to another
 * context (SNI) and goes on when resumed. Malformed names are reported as
 * none and then refused by OpenSSL; late or misplaced calls are errors.
 */
#include "harness.h"

static const uint8_t offered_alpn[] = "\x02h2\x08http/1.1";
#define OFFERED_ALPN_LEN (sizeof offered_alpn - 1)

static void client_asks(pair *p, const char *servername) {
  CHECK_INT(sp_conn_set_servername(p->client.conn, servername), SP_OK,
            "client sets SNI %s", servername);
  CHECK_INT(sp_conn_set_alpn_protos(p->client.conn, offered_alpn,
                                    OFFERED_ALPN_LEN),
            SP_OK, "client offers ALPN h2, http/1.1");
  harness_note_queue();
}

/* A connection that stops at the hello, then switches context and goes on. */
static void test_pause_and_switch(int version) {
  const char *name = version_name(version);
  pair p;
  sp_hello hello;
  sp_error err;
  unsigned char buf[16];
  size_t n = 0;
  sp_ctx *other = server_ctx("server-ecdsa", NULL);
  sp_cert *cert;

  pair_init(&p, client_ctx(version), server_ctx("server-rsa", NULL));
  client_asks(&p, "b.test");
  CHECK_INT(sp_conn_set_hello_pause(p.server.conn, 1), SP_OK,
            "%s: server asks to pause", name);
  pump(&p, 0);
  CHECK_INT(p.server.rc, SP_WANT_HELLO, "%s: server waits at the hello", name);
  CHECK(p.server.events & SP_EV_CLIENT_HELLO, "%s: SP_EV_CLIENT_HELLO raised",
        name);
  CHECK_INT(sp_conn_handshake_done(p.client.conn), 0,
            "%s: client still waits for the server", name);
  CHECK_INT(sp_conn_handshake(p.server.conn), SP_WANT_HELLO,
            "%s: handshake stays paused", name);
  CHECK_INT(sp_conn_read(p.server.conn, buf, sizeof buf, &n), SP_WANT_HELLO,
            "%s: read stays paused", name);
  CHECK_INT(sp_conn_take_events(p.server.conn), 0,
            "%s: the event is raised once", name);

  CHECK_INT(sp_conn_hello(p.server.conn, &hello), SP_OK, "%s: hello known",
            name);
  CHECK_STR(hello.servername, "b.test", "%s: hello servername", name);
  CHECK(hello.alpn_len == OFFERED_ALPN_LEN &&
            memcmp(hello.alpn, offered_alpn, OFFERED_ALPN_LEN) == 0,
        "%s: hello ALPN list in wire format", name);
  /* TLS 1.3 clients send a random legacy id; a fresh TLS 1.2 one none. */
  CHECK_INT(hello.session_id_len, version == SP_TLS1_3_VERSION ? 32 : 0,
            "%s: hello session id length", name);
  CHECK_INT(hello.ticket, 0, "%s: no ticket offered", name);

  sp_error_clear(&err);
  CHECK_INT(sp_conn_set_ctx(p.server.conn, other, &err), SP_OK,
            "%s: switch to the ECDSA context", name);
  sp_ctx_unref(other); /* the connection holds its own reference */
  CHECK_INT(sp_conn_resume_hello(p.server.conn), SP_OK, "%s: resume", name);
  harness_note_queue();
  pump(&p, 0);
  CHECK(sp_conn_handshake_done(p.client.conn) &&
            sp_conn_handshake_done(p.server.conn),
        "%s: handshake completes after resuming", name);
  cert = sp_conn_peer_cert(p.client.conn, &err);
  CHECK(cert != NULL && cert->nist_curve != NULL &&
            strcmp(cert->nist_curve, "P-256") == 0,
        "%s: client got the switched context's ECDSA certificate", name);
  sp_cert_free(cert);
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0,
            "%s: and it verifies", name);
  CHECK_STR(sp_conn_servername(p.server.conn), "b.test",
            "%s: server reports the name", name);
  CHECK_INT(sp_conn_hello(p.server.conn, &hello), SP_OK,
            "%s: hello still answers after resuming", name);
  CHECK_STR(hello.servername, "b.test", "%s: servername kept", name);
  CHECK(hello.alpn == NULL, "%s: the ALPN copy is released", name);
  CHECK(send_and_compare(&p, &p.client, &p.server, (const uint8_t *)"ping", 4,
                         0),
        "%s: data flows", name);

  /* Too late now. */
  other = server_ctx("server-rsa", NULL);
  CHECK_INT(sp_conn_set_ctx(p.server.conn, other, &err), SP_ERROR,
            "%s: no switch after the hello", name);
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "%s: late switch code", name);
  sp_ctx_unref(other);
  pair_free(&p);
}

/* Without the pause nothing stops and no event is raised. */
static void test_no_pause(void) {
  pair p;
  sp_hello hello;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  client_asks(&p, "a.test");
  CHECK(pair_handshake(&p, 0), "no pause: handshake completes");
  CHECK_INT(p.server.events & SP_EV_CLIENT_HELLO, 0, "no pause: no event");
  CHECK_INT(sp_conn_hello(p.server.conn, &hello), SP_ERROR,
            "no pause: no hello captured");
  CHECK_INT(sp_conn_set_hello_pause(p.server.conn, 1), SP_ERROR,
            "no pause: too late to ask afterwards");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SP_INVALID_ARG",
             "no pause: late pause code");
  pair_free(&p);
}

/* Bytes fed one at a time: the pause begins once the hello is whole. */
static void test_trickled_hello(void) {
  pair p;
  sp_hello hello;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  client_asks(&p, "trickle.test");
  sp_conn_set_hello_pause(p.server.conn, 1);
  pump(&p, 1);
  CHECK_INT(p.server.rc, SP_WANT_HELLO, "trickle: paused");
  CHECK_INT(sp_conn_hello(p.server.conn, &hello), SP_OK, "trickle: hello");
  CHECK_STR(hello.servername, "trickle.test", "trickle: name");
  sp_conn_resume_hello(p.server.conn);
  pump(&p, 1);
  CHECK(sp_conn_handshake_done(p.server.conn), "trickle: completes");
  pair_free(&p);
}

/* TLS 1.3 HelloRetryRequest: the second ClientHello does not pause again. */
static void test_hello_retry(void) {
  pair p;
  sp_error err;
  sp_ctx *server = server_ctx("server-rsa", NULL);
  sp_ctx *client = client_ctx(SP_TLS1_3_VERSION);

  /* The client's first key share (X25519) is not the server's group. */
  if (sp_ctx_set_groups(server, "P-256", &err) != SP_OK ||
      sp_ctx_set_groups(client, "X25519:P-256", &err) != SP_OK)
    harness_bail("sp_ctx_set_groups", err.message);
  pair_init(&p, client, server);
  sp_conn_set_hello_pause(p.server.conn, 1);
  pump(&p, 0);
  CHECK_INT(p.server.rc, SP_WANT_HELLO, "retry: paused at the first hello");
  sp_conn_resume_hello(p.server.conn);
  p.server.events = 0;
  pump(&p, 0);
  CHECK(sp_conn_handshake_done(p.server.conn) &&
            sp_conn_handshake_done(p.client.conn),
        "retry: the handshake completes after the retry");
  CHECK_INT(p.server.events & SP_EV_CLIENT_HELLO, 0,
            "retry: the second hello does not pause");
  pair_free(&p);
}

/* Turning the pause off while paused resumes. */
static void test_pause_off_resumes(void) {
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  sp_conn_set_hello_pause(p.server.conn, 1);
  pump(&p, 0);
  CHECK_INT(p.server.rc, SP_WANT_HELLO, "off: paused");
  CHECK_INT(sp_conn_set_hello_pause(p.server.conn, 0), SP_OK, "off: accepted");
  pump(&p, 0);
  CHECK(sp_conn_handshake_done(p.server.conn), "off: completes");
  pair_free(&p);
}

/* Replace the first occurrence of `from` in the client's pending output. */
static int patch_output(sp_conn *conn, const char *from, const char *to) {
  const uint8_t *data;
  size_t n = sp_conn_output_peek(conn, &data), len = strlen(from), i;

  for (i = 0; i + len <= n; i++)
    if (memcmp(data + i, from, len) == 0) {
      memcpy((uint8_t *)data + i, to, len); /* test only: bytes in flight */
      return 1;
    }
  return 0;
}

/* A name OpenSSL refuses (a NUL inside) is reported as none; the handshake
 * then fails on resume, as it would without the pause. */
static void test_malformed_name(void) {
  pair p;
  sp_hello hello;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  client_asks(&p, "bad.test");
  sp_conn_set_hello_pause(p.server.conn, 1);
  side_step(&p.client);
  CHECK(patch_output(p.client.conn, "bad.test", "bad\0test"),
        "malformed: ClientHello patched");
  transfer(&p.client, &p.server, 0);
  CHECK_INT(p.server.rc, SP_WANT_HELLO, "malformed: still paused");
  CHECK_INT(sp_conn_hello(p.server.conn, &hello), SP_OK, "malformed: hello");
  CHECK(hello.servername == NULL, "malformed: no servername reported");
  sp_conn_resume_hello(p.server.conn);
  side_step(&p.server);
  CHECK_INT(p.server.rc, SP_ERROR, "malformed: refused after resuming");
  CHECK(sp_conn_error(p.server.conn) != NULL &&
            strncmp(sp_conn_error(p.server.conn)->code, "ERR_SSL_", 8) == 0,
        "malformed: an OpenSSL code (%s)",
        sp_conn_error(p.server.conn) ? sp_conn_error(p.server.conn)->code
                                     : "none");
  pair_free(&p);
}

static void test_misuse(void) {
  pair p;
  sp_error err;
  sp_ctx *ctx = server_ctx("server-rsa", NULL);

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_hello_pause(p.client.conn, 1), SP_ERROR,
            "misuse: a client cannot pause");
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SP_INVALID_ARG",
             "misuse: client pause code");
  CHECK_INT(sp_conn_set_ctx(p.server.conn, NULL, &err), SP_ERROR,
            "misuse: NULL context");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "misuse: NULL context code");
  pair_free(&p);

  /* Before any byte arrives the context may change without a pause. */
  pair_init(&p, client_ctx(0), server_ctx("server-ecdsa", NULL));
  CHECK_INT(sp_conn_set_ctx(p.server.conn, ctx, &err), SP_OK,
            "early switch accepted");
  CHECK(pair_handshake(&p, 0), "early switch: handshake completes");
  sp_cert *cert = sp_conn_peer_cert(p.client.conn, &err);
  CHECK(cert != NULL && cert->modulus != NULL,
        "early switch: the RSA certificate was served");
  sp_cert_free(cert);
  sp_ctx_unref(ctx);
  CHECK_INT(sp_conn_hello(NULL, NULL), SP_ERROR, "NULL hello");
  CHECK_INT(sp_conn_resume_hello(NULL), SP_ERROR, "NULL resume");
  pair_free(&p);
}

/* A connection freed while paused releases everything (valgrind). */
static void test_free_while_paused(void) {
  pair p;
  sp_error err;
  sp_ctx *other = server_ctx("server-ecdsa", NULL);

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  client_asks(&p, "gone.test");
  sp_conn_set_hello_pause(p.server.conn, 1);
  pump(&p, 0);
  CHECK_INT(sp_conn_set_ctx(p.server.conn, other, &err), SP_OK,
            "free while paused: switched");
  sp_ctx_unref(other);
  pair_free(&p);
}

int main(void) {
  test_pause_and_switch(SP_TLS1_3_VERSION);
  test_pause_and_switch(SP_TLS1_2_VERSION);
  test_no_pause();
  test_trickled_hello();
  test_pause_off_resumes();
  test_hello_retry();
  test_malformed_name();
  test_misuse();
  test_free_while_paused();
  return harness_done();
}
