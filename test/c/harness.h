/*
 * Shared helpers for the C tests of the core: TAP-style checks, fixtures,
 * and a pump that moves bytes between a client and a server engine in
 * memory. Header-only (static inline) so each test is one program.
 *
 * A test prints "ok N - ..." / "not ok N - ..." per check and ends with
 * `return harness_done();` (0 when every check passed).
 */
#ifndef SP_TEST_HARNESS_H
#define SP_TEST_HARNESS_H

#include "securepair.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

/* ---- checks ------------------------------------------------------------- */

static int harness_checks;
static int harness_failures;
static int harness_queue_leaks; /* core calls that left OpenSSL errors queued */

#if defined(__GNUC__)
#define HARNESS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HARNESS_PRINTF(f, a)
#endif

static inline void harness_vreport(int ok, const char *file, int line,
                                   const char *detail, const char *fmt,
                                   va_list ap) {
  harness_checks++;
  printf("%s %d - ", ok ? "ok" : "not ok", harness_checks);
  vprintf(fmt, ap);
  printf("\n");
  if (!ok) {
    harness_failures++;
    printf("#   at %s:%d%s%s\n", file, line, detail[0] ? ": " : "", detail);
  }
  fflush(stdout);
}

static inline HARNESS_PRINTF(5, 6) int harness_check(int ok, const char *file,
                                                     int line,
                                                     const char *detail,
                                                     const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  harness_vreport(ok, file, line, detail, fmt, ap);
  va_end(ap);
  return ok;
}

static inline HARNESS_PRINTF(5, 6) int harness_check_long(
    long long actual, long long expected, const char *file, int line,
    const char *fmt, ...) {
  char detail[96];
  va_list ap;
  int ok = actual == expected;

  snprintf(detail, sizeof detail, "got %lld, expected %lld", actual, expected);
  va_start(ap, fmt);
  harness_vreport(ok, file, line, detail, fmt, ap);
  va_end(ap);
  return ok;
}

static inline HARNESS_PRINTF(5, 6) int harness_check_str(const char *actual,
                                                         const char *expected,
                                                         const char *file,
                                                         int line,
                                                         const char *fmt, ...) {
  char detail[512];
  va_list ap;
  int ok = actual != NULL && expected != NULL ? strcmp(actual, expected) == 0
                                              : actual == expected;

  snprintf(detail, sizeof detail, "got \"%s\", expected \"%s\"",
           actual ? actual : "(null)", expected ? expected : "(null)");
  va_start(ap, fmt);
  harness_vreport(ok, file, line, detail, fmt, ap);
  va_end(ap);
  return ok;
}

#define CHECK(cond, ...)                                                       \
  harness_check(!!(cond), __FILE__, __LINE__, "", __VA_ARGS__)
#define CHECK_INT(actual, expected, ...)                                       \
  harness_check_long((long long)(actual), (long long)(expected), __FILE__,     \
                     __LINE__, __VA_ARGS__)
#define CHECK_STR(actual, expected, ...)                                       \
  harness_check_str((actual), (expected), __FILE__, __LINE__, __VA_ARGS__)
/* An sp_error (or NULL) carrying `expected` as its code. */
#define CHECK_CODE(error, expected, ...)                                       \
  CHECK_STR((error) != NULL ? (error)->code : NULL, (expected), __VA_ARGS__)

/* Stop the program: the test cannot go on (missing fixture, ...). */
static inline _Noreturn void harness_bail(const char *why, const char *what) {
  printf("Bail out! %s: %s\n", why, what);
  exit(2);
}

/* Count core calls that leave the OpenSSL queue dirty (checked at the end). */
static inline void harness_note_queue(void) {
  if (ERR_peek_error() != 0) {
    harness_queue_leaks++;
    ERR_clear_error();
  }
}

static inline int harness_done(void) {
  CHECK_INT(harness_queue_leaks, 0,
            "no core call left errors in the OpenSSL queue");
  printf("1..%d\n", harness_checks);
  if (harness_failures)
    printf("# %d of %d checks failed\n", harness_failures, harness_checks);
  return harness_failures != 0;
}

/* ---- fixtures ----------------------------------------------------------- */

typedef struct fixture {
  char *data; /* NUL-terminated for convenience */
  size_t len;
} fixture;

static inline const char *fixture_dir(void) {
  const char *dir = getenv("SP_FIXTURES");
  return dir != NULL && dir[0] != '\0' ? dir : "build/fixtures";
}

static inline void fixture_path(char *path, size_t cap, const char *name) {
  snprintf(path, cap, "%s/%s", fixture_dir(), name);
}

static inline fixture fixture_load(const char *name) {
  char path[1024];
  fixture f = {NULL, 0};
  FILE *file;
  long size = 0;

  fixture_path(path, sizeof path, name);
  file = fopen(path, "rb");
  if (file == NULL)
    harness_bail("cannot open fixture (run `make fixtures`)", path);
  if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 ||
      fseek(file, 0, SEEK_SET) != 0)
    harness_bail("cannot size fixture", path);
  f.data = malloc((size_t)size + 1);
  if (f.data == NULL || fread(f.data, 1, (size_t)size, file) != (size_t)size)
    harness_bail("cannot read fixture", path);
  fclose(file);
  f.data[size] = '\0';
  f.len = (size_t)size;
  return f;
}

static inline void fixture_free(fixture *f) {
  free(f->data);
  f->data = NULL;
  f->len = 0;
}

/* Context setters fed from a fixture file. */
static inline int ctx_key_file(sp_ctx *ctx, const char *name,
                               const char *passphrase, sp_error *err) {
  fixture f = fixture_load(name);
  int rc = sp_ctx_use_key_pem(ctx, f.data, f.len, passphrase, err);
  harness_note_queue();
  fixture_free(&f);
  return rc;
}

static inline int ctx_cert_file(sp_ctx *ctx, const char *name, sp_error *err) {
  fixture f = fixture_load(name);
  int rc = sp_ctx_use_cert_chain_pem(ctx, f.data, f.len, err);
  harness_note_queue();
  fixture_free(&f);
  return rc;
}

static inline int ctx_ca_file(sp_ctx *ctx, const char *name, sp_error *err) {
  fixture f = fixture_load(name);
  int rc = sp_ctx_add_ca_pem(ctx, f.data, f.len, err);
  harness_note_queue();
  fixture_free(&f);
  return rc;
}

static inline sp_cert *cert_file(const char *name) {
  fixture f = fixture_load(name);
  sp_error err;
  sp_cert *cert = sp_cert_from_pem(f.data, f.len, &err);
  harness_note_queue();
  if (cert == NULL)
    harness_bail(err.message, name);
  fixture_free(&f);
  return cert;
}

/* A context for SP_TRANSPORT_TLS or SP_TRANSPORT_DTLS. */
static inline sp_ctx *new_transport_ctx(int transport) {
  sp_error err;
  sp_ctx *ctx = sp_ctx_new(transport, &err);
  harness_note_queue();
  if (ctx == NULL)
    harness_bail("sp_ctx_new", err.message);
  return ctx;
}

static inline sp_ctx *new_ctx(void) {
  return new_transport_ctx(SP_TRANSPORT_TLS);
}

/*
 * A context holding `cert` (chain file) and `key`; `ca` (or NULL) is
 * trusted. Failures stop the test: these are the setup, not the subject.
 */
static inline sp_ctx *transport_ctx_with(int transport, const char *cert,
                                         const char *key, const char *ca) {
  sp_ctx *ctx = new_transport_ctx(transport);
  sp_error err;

  if (cert != NULL && ctx_cert_file(ctx, cert, &err) != SP_OK)
    harness_bail(err.message, cert);
  if (key != NULL && ctx_key_file(ctx, key, NULL, &err) != SP_OK)
    harness_bail(err.message, key);
  if (ca != NULL && ctx_ca_file(ctx, ca, &err) != SP_OK)
    harness_bail(err.message, ca);
  return ctx;
}

static inline sp_ctx *ctx_with(const char *cert, const char *key,
                               const char *ca) {
  return transport_ctx_with(SP_TRANSPORT_TLS, cert, key, ca);
}

/* "server-rsa" -> server-rsa-cert.pem + server-rsa-key.pem. */
static inline sp_ctx *transport_server_ctx(int transport, const char *name,
                                           const char *ca) {
  char cert[256], key[256];

  snprintf(cert, sizeof cert, "%s-cert.pem", name);
  snprintf(key, sizeof key, "%s-key.pem", name);
  return transport_ctx_with(transport, cert, key, ca);
}

static inline sp_ctx *server_ctx(const char *name, const char *ca) {
  return transport_server_ctx(SP_TRANSPORT_TLS, name, ca);
}

static inline void ctx_range(sp_ctx *ctx, int min, int max) {
  sp_error err;

  if (sp_ctx_set_protocol_range(ctx, min, max, &err) != SP_OK)
    harness_bail("sp_ctx_set_protocol_range", err.message);
}

/* A client context trusting ca1, limited to `version` (0: the defaults). */
static inline sp_ctx *client_ctx(int version) {
  sp_ctx *ctx = ctx_with(NULL, NULL, "ca1-cert.pem");

  if (version != 0)
    ctx_range(ctx, version, version);
  return ctx;
}

/* ---- two engines talking ------------------------------------------------ */

/* The text of a version for messages. */
static inline const char *version_name(int version) {
  return version == SP_TLS1_3_VERSION ? "TLSv1.3" : "TLSv1.2";
}

/* One end of a connection, with what it has received and seen. */
typedef struct side {
  sp_conn *conn;
  int rc;          /* last status of handshake/read */
  unsigned events; /* SP_EV_* seen so far */
  int closed;      /* sp_conn_read said SP_CLOSED */
  unsigned char *received;
  size_t received_len;
  size_t received_cap;
} side;

typedef struct pair {
  side client, server;
} pair;

static inline void side_append(side *s, const unsigned char *data, size_t n) {
  if (s->received_len + n > s->received_cap) {
    size_t cap = (s->received_len + n) * 2;
    unsigned char *grown = realloc(s->received, cap);
    if (grown == NULL)
      harness_bail("out of memory", "side_append");
    s->received = grown;
    s->received_cap = cap;
  }
  memcpy(s->received + s->received_len, data, n);
  s->received_len += n;
}

/*
 * Let an engine act on what it has: the handshake until it is done, then
 * read every plaintext byte available.
 */
static inline void side_step(side *s) {
  unsigned char buf[4096];
  size_t n;

  if (sp_conn_error(s->conn) != NULL) {
    s->rc = SP_ERROR;
    return;
  }
  if (!sp_conn_handshake_done(s->conn)) {
    s->rc = sp_conn_handshake(s->conn);
    harness_note_queue();
    s->events |= sp_conn_take_events(s->conn);
    if (s->rc != SP_OK)
      return;
  }
  while ((s->rc = sp_conn_read(s->conn, buf, sizeof buf, &n)) == SP_OK)
    side_append(s, buf, n);
  harness_note_queue();
  if (s->rc == SP_CLOSED)
    s->closed = 1;
  s->events |= sp_conn_take_events(s->conn);
}

/*
 * Hand everything `from` has queued to `to`, `chunk` bytes per feed (0: all
 * at once), letting `to` act after each feed. Returns the bytes moved.
 */
static inline size_t transfer(side *from, side *to, size_t chunk) {
  size_t moved = 0;
  const uint8_t *data;
  size_t n;

  while ((n = sp_conn_output_peek(from->conn, &data)) > 0) {
    if (chunk != 0 && n > chunk)
      n = chunk;
    (void)sp_conn_feed(to->conn, data, n);
    sp_conn_output_consume(from->conn, n);
    harness_note_queue();
    moved += n;
    side_step(to);
  }
  return moved;
}

/* Drive both ends until no byte moves any more. */
static inline void pump(pair *p, size_t chunk) {
  side_step(&p->client);
  side_step(&p->server);
  while (transfer(&p->client, &p->server, chunk) +
             transfer(&p->server, &p->client, chunk) >
         0) {
  }
}

/* Connections over the given contexts, whose references the pair takes
 * over (dropped at once: the connections hold their own). */
static inline void pair_init(pair *p, sp_ctx *client_ctx, sp_ctx *server_ctx) {
  sp_error err;

  memset(p, 0, sizeof *p);
  p->client.conn = sp_conn_new(client_ctx, SP_ROLE_CLIENT, &err);
  if (p->client.conn == NULL)
    harness_bail("sp_conn_new(client)", err.message);
  p->server.conn = sp_conn_new(server_ctx, SP_ROLE_SERVER, &err);
  if (p->server.conn == NULL)
    harness_bail("sp_conn_new(server)", err.message);
  harness_note_queue();
  sp_ctx_unref(client_ctx);
  sp_ctx_unref(server_ctx);
}

static inline int pair_handshake(pair *p, size_t chunk) {
  pump(p, chunk);
  return sp_conn_handshake_done(p->client.conn) &&
         sp_conn_handshake_done(p->server.conn) &&
         sp_conn_error(p->client.conn) == NULL &&
         sp_conn_error(p->server.conn) == NULL;
}

/*
 * A client_ctx(version) connection to `server` (a new server-rsa context
 * when NULL; the pair takes the reference), handshaken, events cleared.
 * A failed handshake stops the test: it is the setup, not the subject.
 */
static inline void pair_connect(pair *p, int version, sp_ctx *server) {
  pair_init(p, client_ctx(version),
            server != NULL ? server : server_ctx("server-rsa", NULL));
  if (!pair_handshake(p, 0))
    harness_bail("handshake failed", version_name(version));
  p->client.events = p->server.events = 0;
}

/* Both ends send close_notify and hear the other's: a clean end, after
 * which OpenSSL keeps the session resumable. */
static inline void pair_shutdown(pair *p) {
  sp_conn_shutdown(p->client.conn);
  sp_conn_shutdown(p->server.conn);
  harness_note_queue();
  pump(p, 0);
}

static inline void side_forget_received(side *s) { s->received_len = 0; }

static inline void pair_free(pair *p) {
  sp_conn_free(p->client.conn);
  sp_conn_free(p->server.conn);
  free(p->client.received);
  free(p->server.received);
  memset(p, 0, sizeof *p);
}

/* Write all of `data` on `from`; SP_* status of the write. */
static inline int side_write(side *from, const void *data, size_t len) {
  size_t written = 0;
  int rc = sp_conn_write(from->conn, data, len, &written);

  harness_note_queue();
  if (rc == SP_OK && written != len)
    return SP_ERROR;
  return rc;
}

/*
 * Send `len` bytes from `from` to `to` (through the pump, `chunk` bytes per
 * feed) and tell whether exactly those bytes arrived.
 */
static inline int send_and_compare(pair *p, side *from, side *to,
                                   const unsigned char *data, size_t len,
                                   size_t chunk) {
  side_forget_received(to);
  if (side_write(from, data, len) != SP_OK)
    return 0;
  pump(p, chunk);
  return to->received_len == len && memcmp(to->received, data, len) == 0;
}

/* A recognisable pattern of `len` bytes (caller frees). */
static inline unsigned char *pattern(size_t len, unsigned seed) {
  unsigned char *data = malloc(len > 0 ? len : 1);
  size_t i;

  if (data == NULL)
    harness_bail("out of memory", "pattern");
  for (i = 0; i < len; i++)
    data[i] = (unsigned char)((i * 31u + seed * 7u + (i >> 8)) & 0xff);
  return data;
}

#endif /* SP_TEST_HARNESS_H */
