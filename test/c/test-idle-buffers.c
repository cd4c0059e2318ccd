/*
 * Idle connections give their record buffers back (SSL_MODE_RELEASE_BUFFERS
 * and the trimming of oversized memory BIOs): OpenSSL's heap use is
 * counted through CRYPTO_set_mem_functions(). Half a record waiting holds
 * a read buffer; once the record is complete and read, that memory is
 * returned, and a connection that moved a lot of data holds about what it
 * held before.
 */
#include "harness.h"

#include <openssl/crypto.h>

/* ---- counting allocator ------------------------------------------------- */

typedef union header {
  size_t size;
  max_align_t align;
} header;

static size_t live_bytes;

static void *count_malloc(size_t n, const char *file, int line) {
  header *h = malloc(sizeof *h + n);
  (void)file;
  (void)line;
  if (h == NULL)
    return NULL;
  h->size = n;
  live_bytes += n;
  return h + 1;
}

static void count_free(void *p, const char *file, int line) {
  header *h;
  (void)file;
  (void)line;
  if (p == NULL)
    return;
  h = (header *)p - 1;
  live_bytes -= h->size;
  free(h);
}

static void *count_realloc(void *p, size_t n, const char *file, int line) {
  header *h, *grown;
  if (p == NULL)
    return count_malloc(n, file, line);
  h = (header *)p - 1;
  grown = realloc(h, sizeof *h + n);
  if (grown == NULL)
    return NULL;
  live_bytes = live_bytes - grown->size + n;
  grown->size = n;
  return grown + 1;
}

/* ---- the test ------------------------------------------------------------- */

#define BURST (256 * 1024)

/* Feed `to` the first `n` bytes of what `from` has queued. */
static void feed_part(side *from, side *to, size_t n) {
  const uint8_t *data;
  size_t len = sp_conn_output_peek(from->conn, &data);
  if (n > len)
    n = len;
  sp_conn_feed(to->conn, data, n);
  sp_conn_output_consume(from->conn, n);
  side_step(to);
}

static void test_version(int version) {
  const char *name = version_name(version);
  unsigned char *big = pattern(BURST, 5);
  size_t idle, half, after_record, after_burst;
  pair p;

  pair_connect(&p, version, NULL);
  pump(&p, 0);
  idle = live_bytes;

  /* A record cut in two: the server must hold the first half. */
  CHECK_INT(side_write(&p.client, "x", 1), SP_OK, "%s: one small record",
            name);
  side_write(&p.client, big, 8000);
  feed_part(&p.client, &p.server, 4000);
  half = live_bytes;
  CHECK(half >= idle + 8 * 1024,
        "%s: half a record holds a read buffer (%zu bytes more)", name,
        half - idle);
  pump(&p, 0);
  after_record = live_bytes;
  CHECK(after_record + 8 * 1024 <= half,
        "%s: the buffer is released once the record is read (%zu back)", name,
        half - after_record);

  /* A burst both ways, then idle again. */
  side_forget_received(&p.server);
  CHECK(send_and_compare(&p, &p.client, &p.server, big, BURST, 0),
        "%s: %d KiB client to server", name, BURST / 1024);
  CHECK(send_and_compare(&p, &p.server, &p.client, big, BURST, 0),
        "%s: %d KiB server to client", name, BURST / 1024);
  after_burst = live_bytes;
  CHECK(after_burst <= idle + 4 * 1024,
        "%s: after the burst the connection holds what it held idle "
        "(%zu vs %zu bytes)",
        name, after_burst, idle);
  pair_free(&p);
  free(big);
}

int main(void) {
  /* Before OpenSSL allocates anything. */
  if (CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free) != 1)
    harness_bail("CRYPTO_set_mem_functions", "refused");
  test_version(SP_TLS1_2_VERSION);
  test_version(SP_TLS1_3_VERSION);
  return harness_done();
}
