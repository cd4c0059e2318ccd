/*
 * Sessions: a client takes its sessions out as events and resumes with
 * them (TLS 1.3 tickets, TLS 1.2 tickets, TLS 1.2 session ids through the
 * server's external cache), servers that share ticket keys resume each
 * other's tickets, the server holds its output until its cache has stored a
 * new session, and damaged input never hurts a connection.
 */
#include "harness.h"

#include <openssl/ssl.h>

/* A session taken out of a connection, owned by the test. */
typedef struct saved {
  uint8_t *der;
  size_t len;
} saved;

static void saved_free(saved *s) {
  free(s->der);
  s->der = NULL;
  s->len = 0;
}

/* The newest session `conn` reported (SP_EV_NEW_SESSION), and how many. */
static size_t take_sessions(sp_conn *conn, saved *out, sp_session *last_meta) {
  sp_session s;
  size_t count = 0;

  while (sp_conn_take_session(conn, &s) == SP_OK) {
    count++;
    saved_free(out);
    out->der = malloc(s.der_len);
    if (out->der == NULL)
      harness_bail("out of memory", "take_sessions");
    memcpy(out->der, s.der, s.der_len);
    out->len = s.der_len;
    if (last_meta != NULL) {
      memcpy(last_meta->id, s.id, s.id_len);
      last_meta->id_len = s.id_len;
    }
    sp_session_free(&s);
  }
  harness_note_queue();
  return count;
}

/* A server context for server-rsa with `options` (SSL_OP_*) added. */
static sp_ctx *server_with(uint64_t options) {
  sp_ctx *ctx = server_ctx("server-rsa", NULL);

  if (options != 0)
    sp_ctx_set_options(ctx, options, NULL);
  return ctx;
}

/* A client connection of `version` to `server` that reports sessions and
 * offers `offer` (may be NULL); the pair holds its own references. */
static void connect_offering(pair *p, int version, sp_ctx *server,
                             const saved *offer) {
  sp_ctx_ref(server);
  pair_init(p, client_ctx(version), server);
  CHECK_INT(sp_conn_set_session_events(p->client.conn, SP_SESSION_EVENTS),
            SP_OK, "%s: client session events on", version_name(version));
  if (offer != NULL)
    CHECK_INT(sp_conn_set_session(p->client.conn, offer->der, offer->len),
              SP_OK, "%s: the session is offered", version_name(version));
  harness_note_queue();
}

/* ---- a client resumes from what it was handed -------------------------- */

static void test_client_resumes(int version) {
  const char *name = version_name(version);
  sp_ctx *server = server_with(0);
  saved session = {NULL, 0};
  uint8_t *copy;
  size_t count, size;
  pair p;

  connect_offering(&p, version, server, NULL);
  CHECK(pair_handshake(&p, 0), "%s: first handshake", name);
  CHECK(p.client.events & SP_EV_NEW_SESSION,
        "%s: the client was told of a new session", name);
  count = take_sessions(p.client.conn, &session, NULL);
  /* TLS 1.3: OpenSSL's server sends two tickets; TLS 1.2: one session. */
  CHECK_INT(count, version == SP_TLS1_3_VERSION ? 2 : 1,
            "%s: sessions handed out", name);
  CHECK_INT(sp_conn_session_reused(p.client.conn), 0, "%s: first is full",
            name);
  size = sp_conn_session(p.client.conn, NULL, 0);
  copy = malloc(size);
  CHECK(size > 0 && copy != NULL &&
            sp_conn_session(p.client.conn, copy, size) == size,
        "%s: the current session in DER (%zu bytes)", name, size);
  CHECK_INT(sp_conn_session(p.client.conn, copy, size - 1), size,
            "%s: a short buffer only learns the size", name);
  free(copy);
  if (version == SP_TLS1_2_VERSION) {
    size_t ticket_len = 0;
    CHECK(sp_conn_session_ticket(p.client.conn, &ticket_len) != NULL &&
              ticket_len > 0,
          "%s: the client holds a ticket (%zu bytes)", name, ticket_len);
  }
  pair_shutdown(&p);
  pair_free(&p);

  connect_offering(&p, version, server, &session);
  CHECK(pair_handshake(&p, 0), "%s: second handshake", name);
  CHECK_INT(sp_conn_session_reused(p.client.conn), 1, "%s: client resumed",
            name);
  CHECK_INT(sp_conn_session_reused(p.server.conn), 1, "%s: server resumed",
            name);
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0,
            "%s: the resumed session stays verified", name);
  pair_free(&p);
  saved_free(&session);
  sp_ctx_unref(server);
}

/* ---- ticket keys -------------------------------------------------------- */

static void test_ticket_keys(int version) {
  const char *name = version_name(version);
  uint8_t keys[SP_TICKET_KEYS_LEN], back[SP_TICKET_KEYS_LEN];
  sp_ctx *a = server_with(0), *b = server_with(0), *c = server_with(0);
  static const char sid_ctx[] = "shared by a, b and c";
  saved session = {NULL, 0};
  sp_error err;
  pair p;
  size_t i;

  for (i = 0; i < sizeof keys; i++)
    keys[i] = (uint8_t)(i * 7 + 1);
  CHECK_INT(sp_ctx_set_ticket_keys(a, keys, sizeof keys, &err), SP_OK,
            "%s: keys set on a", name);
  CHECK_INT(sp_ctx_set_ticket_keys(b, keys, sizeof keys, &err), SP_OK,
            "%s: the same keys set on b", name);
  CHECK(sp_ctx_get_ticket_keys(b, back) == SP_OK &&
            memcmp(back, keys, sizeof keys) == 0,
        "%s: the keys read back", name);
  CHECK(sp_ctx_get_ticket_keys(c, back) == SP_OK &&
            memcmp(back, keys, sizeof keys) != 0,
        "%s: c has keys of its own (random)", name);
  CHECK_INT(sp_ctx_set_ticket_keys(c, keys, 47, &err), SP_ERROR,
            "%s: 47 bytes of keys are refused", name);
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "%s: as a bad argument", name);
  for (i = 0; i < 3; i++) {
    sp_ctx *ctx = i == 0 ? a : i == 1 ? b : c;
    CHECK_INT(
        sp_ctx_set_session_id_context(ctx, sid_ctx, strlen(sid_ctx), &err),
        SP_OK, "%s: session id context set", name);
  }

  connect_offering(&p, version, a, NULL);
  CHECK(pair_handshake(&p, 0), "%s: handshake with a", name);
  take_sessions(p.client.conn, &session, NULL);
  pair_shutdown(&p);
  pair_free(&p);

  connect_offering(&p, version, b, &session);
  CHECK(pair_handshake(&p, 0), "%s: handshake with b", name);
  CHECK_INT(sp_conn_session_reused(p.client.conn), 1,
            "%s: b resumes a's ticket", name);
  pair_free(&p);

  connect_offering(&p, version, c, &session);
  CHECK(pair_handshake(&p, 0), "%s: handshake with c", name);
  CHECK_INT(sp_conn_session_reused(p.client.conn), 0,
            "%s: c, with other keys, makes a full handshake", name);
  pair_free(&p);

  saved_free(&session);
  sp_ctx_unref(a);
  sp_ctx_unref(b);
  sp_ctx_unref(c);
}

/* ---- the server's external cache (TLS 1.2 session ids) ------------------ */

/*
 * The server reports its stateful session and holds its last flight until
 * told the session is stored; the next connection pauses at the
 * ClientHello, the test looks the id up and hands the session over.
 * `lookup_hit` = 0 answers with another session (as a confused cache
 * might): the server must then make a full handshake.
 */
static void test_external_cache(int lookup_hit) {
  const char *what = lookup_hit ? "cache hit" : "cache answers wrongly";
  sp_ctx *server = server_with(SSL_OP_NO_TICKET);
  saved client_session = {NULL, 0}, stored = {NULL, 0}, other = {NULL, 0};
  sp_session meta;
  sp_hello hello;
  pair p;

  /* A session of another connection, for the wrong answer. */
  connect_offering(&p, SP_TLS1_2_VERSION, server, NULL);
  sp_conn_set_session_events(p.server.conn, SP_SESSION_EVENTS);
  CHECK(pair_handshake(&p, 0), "%s: unrelated handshake", what);
  take_sessions(p.server.conn, &other, NULL);
  pair_free(&p);

  connect_offering(&p, SP_TLS1_2_VERSION, server, NULL);
  CHECK_INT(sp_conn_set_session_events(p.server.conn,
                                       SP_SESSION_EVENTS | SP_SESSION_HOLD),
            SP_OK, "%s: server session events with hold", what);
  pump(&p, 0);
  CHECK(p.server.events & SP_EV_NEW_SESSION,
        "%s: the server reports a new session", what);
  CHECK(!sp_conn_handshake_done(p.client.conn),
        "%s: the client waits: the server's Finished is held", what);
  CHECK_INT(sp_conn_output_pending(p.server.conn), 0,
            "%s: nothing pending while held", what);
  memset(&meta, 0, sizeof meta);
  CHECK_INT(take_sessions(p.server.conn, &stored, &meta), 1,
            "%s: one stateful session", what);
  CHECK(meta.id_len == 32, "%s: it has a 32-byte session id", what);
  CHECK_INT(sp_conn_release_output(p.server.conn), SP_OK, "%s: release", what);
  CHECK(sp_conn_output_pending(p.server.conn) > 0,
        "%s: the held flight is pending now", what);
  pump(&p, 0);
  CHECK(sp_conn_handshake_done(p.client.conn) &&
            sp_conn_error(p.client.conn) == NULL,
        "%s: the client finishes", what);
  take_sessions(p.client.conn, &client_session, NULL);
  CHECK(client_session.len > 0, "%s: the client has the session", what);
  pair_shutdown(&p);
  pair_free(&p);

  connect_offering(&p, SP_TLS1_2_VERSION, server, &client_session);
  CHECK_INT(sp_conn_set_hello_pause(p.server.conn, 1), SP_OK,
            "%s: pause at the hello", what);
  pump(&p, 0);
  CHECK_INT(p.server.rc, SP_WANT_HELLO, "%s: the server paused", what);
  CHECK(sp_conn_hello(p.server.conn, &hello) == SP_OK &&
            hello.session_id_len == meta.id_len &&
            memcmp(hello.session_id, meta.id, meta.id_len) == 0 &&
            !hello.ticket,
        "%s: the hello carries the stored id and no ticket", what);
  if (lookup_hit)
    CHECK_INT(sp_conn_set_resume_session(p.server.conn, stored.der, stored.len),
              SP_OK, "%s: the found session is handed over", what);
  else
    CHECK_INT(sp_conn_set_resume_session(p.server.conn, other.der, other.len),
              SP_OK, "%s: a wrong session is handed over", what);
  CHECK_INT(sp_conn_resume_hello(p.server.conn), SP_OK, "%s: go on", what);
  pump(&p, 0);
  CHECK(sp_conn_handshake_done(p.client.conn) &&
            sp_conn_handshake_done(p.server.conn),
        "%s: the handshake completes", what);
  CHECK_INT(sp_conn_session_reused(p.server.conn), lookup_hit,
            "%s: server resumed %s", what, lookup_hit ? "yes" : "no");
  CHECK_INT(sp_conn_session_reused(p.client.conn), lookup_hit,
            "%s: client resumed %s", what, lookup_hit ? "yes" : "no");
  pair_free(&p);

  saved_free(&client_session);
  saved_free(&stored);
  saved_free(&other);
  sp_ctx_unref(server);
}

/* Without a lookup the server has no cache: a TLS 1.2 session id alone
 * never resumes (Node's servers behave the same). */
static void test_no_internal_cache(void) {
  sp_ctx *server = server_with(SSL_OP_NO_TICKET);
  saved session = {NULL, 0};
  pair p;

  connect_offering(&p, SP_TLS1_2_VERSION, server, NULL);
  CHECK(pair_handshake(&p, 0), "no cache: first handshake");
  take_sessions(p.client.conn, &session, NULL);
  pair_shutdown(&p);
  pair_free(&p);

  connect_offering(&p, SP_TLS1_2_VERSION, server, &session);
  CHECK(pair_handshake(&p, 0), "no cache: second handshake");
  CHECK_INT(sp_conn_session_reused(p.client.conn), 0,
            "no cache: a full handshake");
  pair_free(&p);
  saved_free(&session);
  sp_ctx_unref(server);
}

/* ---- refusals ----------------------------------------------------------- */

static void test_bad_input(void) {
  static const uint8_t garbage[] = {0x30, 0x82, 0x01, 0x00, 0x02, 0x01};
  sp_ctx *server = server_with(0);
  sp_error err;
  pair p;

  connect_offering(&p, 0, server, NULL);
  CHECK_INT(sp_conn_set_session(p.client.conn, garbage, sizeof garbage),
            SP_REFUSED, "garbage session: refused");
  CHECK(sp_conn_error(p.client.conn) == NULL,
        "garbage session: the connection is unharmed");
  CHECK_INT(sp_conn_set_resume_session(p.server.conn, garbage, sizeof garbage),
            SP_REFUSED, "garbage cache answer: refused");
  CHECK(pair_handshake(&p, 0), "garbage session: full handshake");
  CHECK_INT(sp_conn_set_session(p.client.conn, garbage, sizeof garbage),
            SP_REFUSED, "session after the handshake: refused");
  CHECK(sp_conn_error(p.client.conn) == NULL,
        "session after the handshake: the connection is unharmed");
  pair_free(&p);

  connect_offering(&p, 0, server, NULL);
  CHECK_INT(sp_conn_set_session(p.server.conn, garbage, sizeof garbage),
            SP_ERROR, "a server offers no session");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SP_INVALID_ARG",
             "server offering: argument error");
  CHECK_INT(sp_conn_set_resume_session(p.client.conn, garbage, sizeof garbage),
            SP_ERROR, "a client resumes nothing from a cache");
  pair_free(&p);

  connect_offering(&p, 0, server, NULL);
  CHECK_INT(sp_conn_set_session_events(p.client.conn, SP_SESSION_HOLD),
            SP_ERROR, "a client cannot hold its output");
  CHECK_INT(sp_conn_set_session_events(p.server.conn, 8), SP_ERROR,
            "unknown session event flags");
  CHECK_CODE(sp_conn_error(p.server.conn), "ERR_SP_INVALID_ARG",
             "unknown flags: argument error");
  pair_free(&p);

  CHECK_INT(sp_ctx_set_session_id_context(server, "x", 0, &err), SP_ERROR,
            "empty session id context refused");
  CHECK_INT(sp_ctx_set_session_id_context(
                server, "0123456789012345678901234567890123", 33, &err),
            SP_ERROR, "33-byte session id context refused");
  CHECK_CODE(&err, "ERR_SSL_SSL_SESSION_ID_CONTEXT_TOO_LONG",
             "with OpenSSL's reason");
  CHECK_INT(sp_ctx_set_session_timeout(server, -1, &err), SP_ERROR,
            "negative timeout refused");
  CHECK_INT(sp_ctx_set_session_timeout(server, 7200, &err), SP_OK,
            "a timeout of two hours");
  harness_note_queue();
  sp_ctx_unref(server);
}

/* A session of a context with a one-second timeout is not resumed two
 * seconds later (OpenSSL counts whole seconds, hence the margin). */
static void test_timeout(void) {
  sp_ctx *server = server_with(0);
  saved session = {NULL, 0};
  pair p;

  sp_ctx_set_session_timeout(server, 1, NULL);
  connect_offering(&p, SP_TLS1_3_VERSION, server, NULL);
  CHECK(pair_handshake(&p, 0), "timeout: first handshake");
  take_sessions(p.client.conn, &session, NULL);
  pair_free(&p);
  {
    struct timespec pause = {2, 100000000};
    nanosleep(&pause, NULL);
  }
  connect_offering(&p, SP_TLS1_3_VERSION, server, &session);
  CHECK(pair_handshake(&p, 0), "timeout: second handshake");
  CHECK_INT(sp_conn_session_reused(p.client.conn), 0,
            "timeout: the expired session is not resumed");
  pair_free(&p);
  saved_free(&session);
  sp_ctx_unref(server);
}

int main(void) {
  test_client_resumes(SP_TLS1_3_VERSION);
  test_client_resumes(SP_TLS1_2_VERSION);
  test_ticket_keys(SP_TLS1_3_VERSION);
  test_ticket_keys(SP_TLS1_2_VERSION);
  test_external_cache(1);
  test_external_cache(0);
  test_no_internal_cache();
  test_bad_input();
  test_timeout();
  return harness_done();
}
