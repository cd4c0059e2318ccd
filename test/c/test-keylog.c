/*
 * Debugging aids in memory: the key log lines a TLS 1.3 and a TLS 1.2
 * handshake produce (NSS format, one per secret, the same client random
 * on every line of one handshake), nothing when switched off, and the
 * protocol trace text with its event bit.
 */
#include "harness.h"

#include <ctype.h>

#define MAX_LINES 16

typedef struct lines {
  char *text[MAX_LINES];
  size_t count;
  unsigned events;
} lines;

/* Drain the key log queue of `conn` into `out`. */
static void take_lines(sp_conn *conn, lines *out) {
  const char *line;
  size_t len;

  out->events |= sp_conn_take_events(conn);
  while ((len = sp_conn_keylog_peek(conn, &line)) > 0) {
    if (out->count < MAX_LINES) {
      out->text[out->count] = malloc(len + 1);
      memcpy(out->text[out->count], line, len + 1);
      out->count++;
    }
    sp_conn_keylog_pop(conn);
  }
}

static void free_lines(lines *l) {
  for (size_t i = 0; i < l->count; i++)
    free(l->text[i]);
  memset(l, 0, sizeof *l);
}

static int has_label(const lines *l, const char *label) {
  size_t n = strlen(label);
  for (size_t i = 0; i < l->count; i++)
    if (strncmp(l->text[i], label, n) == 0 && l->text[i][n] == ' ')
      return 1;
  return 0;
}

/* "LABEL <64 hex client random> <hex secret>", the random shared by all. */
static int well_formed(const lines *l) {
  char random[65] = "";
  for (size_t i = 0; i < l->count; i++) {
    const char *first = strchr(l->text[i], ' ');
    const char *second = first ? strchr(first + 1, ' ') : NULL;
    if (second == NULL || second - first - 1 != 64)
      return 0;
    for (const char *c = first + 1; *c; c++)
      if (c != second && !isxdigit((unsigned char)*c))
        return 0;
    if (strchr(second, '\n') != NULL || strlen(second + 1) < 32)
      return 0;
    if (random[0] == '\0')
      memcpy(random, first + 1, 64);
    else if (memcmp(random, first + 1, 64) != 0)
      return 0;
  }
  return l->count > 0;
}

/* Handshake with key logging on one side; returns the lines it queued. */
static void logged_handshake(int version, int on_server, lines *out) {
  pair p;
  side *logging;

  pair_init(&p, client_ctx(version), server_ctx("server-rsa", NULL));
  logging = on_server ? &p.server : &p.client;
  CHECK_INT(sp_conn_set_keylog(logging->conn, 1), SP_OK, "switch key log on");
  /* The pump takes events itself; lines stay queued until taken here. */
  CHECK(pair_handshake(&p, 0), "%s: handshake", version_name(version));
  CHECK(logging->events & SP_EV_KEYLOG, "%s: the SP_EV_KEYLOG bit was raised",
        version_name(version));
  take_lines(logging->conn, out);
  pair_free(&p);
}

static void test_tls13(void) {
  static const char *const labels[] = {
      "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
      "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET"};
  lines client = {0}, server = {0};

  logged_handshake(SP_TLS1_3_VERSION, 0, &client);
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    CHECK(has_label(&client, labels[i]), "TLS 1.3 client logs %s", labels[i]);
  CHECK(well_formed(&client), "TLS 1.3 lines: label, client random, secret");
  logged_handshake(SP_TLS1_3_VERSION, 1, &server);
  CHECK(has_label(&server, "SERVER_HANDSHAKE_TRAFFIC_SECRET"),
        "the server side logs too");
  CHECK(well_formed(&server), "server lines are well formed");
  free_lines(&client);
  free_lines(&server);
}

static void test_tls12(void) {
  lines client = {0};

  logged_handshake(SP_TLS1_2_VERSION, 0, &client);
  CHECK_INT(client.count, 1, "TLS 1.2 logs one line");
  CHECK(has_label(&client, "CLIENT_RANDOM"), "TLS 1.2: CLIENT_RANDOM");
  CHECK(well_formed(&client), "TLS 1.2 line is well formed");
  free_lines(&client);
}

static void test_off(void) {
  lines none = {0};
  const char *line = "x";
  pair p;

  pair_init(&p, client_ctx(SP_TLS1_3_VERSION), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_keylog(p.client.conn, 1), SP_OK, "on");
  CHECK_INT(sp_conn_set_keylog(p.client.conn, 0), SP_OK, "and off again");
  CHECK(pair_handshake(&p, 0), "handshake without key log");
  take_lines(p.client.conn, &none);
  take_lines(p.server.conn, &none);
  CHECK_INT(none.count, 0, "nothing queued when not asked for");
  CHECK(!((p.client.events | p.server.events) & SP_EV_KEYLOG), "no key log bit");
  CHECK_INT(sp_conn_keylog_peek(p.client.conn, &line), 0, "peek finds none");
  CHECK(line == NULL, "and says so");
  pair_free(&p);
}

/* Lines not taken are freed with the connection (valgrind checks this). */
static void test_not_taken(void) {
  pair p;

  pair_init(&p, client_ctx(SP_TLS1_3_VERSION), server_ctx("server-rsa", NULL));
  sp_conn_set_keylog(p.client.conn, 1);
  sp_conn_set_trace(p.client.conn, 1);
  CHECK(pair_handshake(&p, 0), "handshake, lines left queued");
  pair_free(&p);
}

static void test_trace(void) {
  const char *text;
  size_t len;
  char *copy;
  pair p;

  pair_init(&p, client_ctx(SP_TLS1_3_VERSION), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_trace(p.client.conn, 1), SP_OK, "switch trace on");
  CHECK(pair_handshake(&p, 0), "traced handshake");
  CHECK(p.client.events & SP_EV_TRACE, "the SP_EV_TRACE bit was raised");
  CHECK(!(p.server.events & SP_EV_TRACE), "only on the traced side");
  len = sp_conn_trace_peek(p.client.conn, &text);
  CHECK(len > 0, "trace text queued (%zu bytes)", len);
  copy = malloc(len + 1);
  memcpy(copy, text, len);
  copy[len] = '\0';
  CHECK(strstr(copy, "ClientHello") != NULL, "the trace shows the ClientHello");
  CHECK(strstr(copy, "ServerHello") != NULL, "and the ServerHello");
  CHECK(strstr(copy, "Sent Record") != NULL, "and the records");
  free(copy);
  sp_conn_trace_consume(p.client.conn, 10);
  CHECK_INT(sp_conn_trace_peek(p.client.conn, &text), len - 10,
            "consume takes a part");
  sp_conn_trace_consume(p.client.conn, len);
  CHECK_INT(sp_conn_trace_peek(p.client.conn, &text), 0, "and then the rest");
  CHECK_INT(sp_conn_set_trace(p.client.conn, 0), SP_OK, "switch trace off");
  p.client.events = 0;
  CHECK(send_and_compare(&p, &p.client, &p.server,
                         (const unsigned char *)"quiet", 5, 0),
        "data after tracing stopped");
  CHECK(!(p.client.events & SP_EV_TRACE), "no trace bit once off");
  pair_free(&p);
}

int main(void) {
  test_tls13();
  test_tls12();
  test_off();
  test_not_taken();
  test_trace();
  return harness_done();
}
