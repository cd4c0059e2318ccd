/*
 * Record sizes for small peers: sp_conn_set_max_send_fragment() caps the
 * records we send; the RFC 6066 max_fragment_length extension a client
 * asks for caps what both sides send. Records are measured on the wire,
 * from their headers.
 */
#include "harness.h"

#define PAYLOAD 20000
/* Encryption adds at most this much to a record (AEAD tag, nonce, type). */
#define OVERHEAD 64

/* The largest application-data record `s` has queued; drains nothing. */
static size_t largest_record(side *s, size_t *count) {
  const uint8_t *data;
  size_t len = sp_conn_output_peek(s->conn, &data), pos = 0, largest = 0;

  *count = 0;
  while (pos + 5 <= len) {
    size_t body = ((size_t)data[pos + 3] << 8) | data[pos + 4];
    if (data[pos] == 23) { /* application_data */
      if (body > largest)
        largest = body;
      (*count)++;
    }
    pos += 5 + body;
  }
  return largest;
}

/* Write PAYLOAD bytes from `from`; report its largest record. */
static size_t send_measured(pair *p, side *from, side *to, size_t *count) {
  unsigned char *data = pattern(PAYLOAD, 3);
  size_t largest;

  side_forget_received(to);
  CHECK_INT(side_write(from, data, PAYLOAD), SP_OK, "write %d bytes", PAYLOAD);
  largest = largest_record(from, count);
  pump(p, 0);
  CHECK(to->received_len == PAYLOAD &&
            memcmp(to->received, data, PAYLOAD) == 0,
        "all %d bytes arrived intact", PAYLOAD);
  free(data);
  return largest;
}

static void test_send_fragment(int version) {
  const char *name = version_name(version);
  size_t count, largest;
  pair p;

  pair_connect(&p, version, NULL);
  largest = send_measured(&p, &p.client, &p.server, &count);
  CHECK(largest > 16384, "%s: records are full size by default (%zu)", name,
        largest);
  CHECK_INT(sp_conn_set_max_send_fragment(p.client.conn, 512), SP_OK,
            "%s: cap sent records at 512", name);
  largest = send_measured(&p, &p.client, &p.server, &count);
  CHECK(largest <= 512 + OVERHEAD && largest > 512,
        "%s: records hold at most 512 bytes (%zu on the wire)", name, largest);
  CHECK(count >= PAYLOAD / 512, "%s: in %zu records", name, count);
  largest = send_measured(&p, &p.server, &p.client, &count);
  CHECK(largest > 16384, "%s: the other direction is not affected", name);
  pair_free(&p);
}

static void test_send_fragment_range(void) {
  pair p;

  pair_connect(&p, SP_TLS1_3_VERSION, NULL);
  CHECK_INT(sp_conn_set_max_send_fragment(p.client.conn, 16384), SP_OK,
            "16384 is allowed");
  CHECK_INT(sp_conn_set_max_send_fragment(p.client.conn, 511), SP_ERROR,
            "511 is refused");
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SP_INVALID_ARG",
             "with an argument error");
  pair_free(&p);
  pair_connect(&p, SP_TLS1_3_VERSION, NULL);
  CHECK_INT(sp_conn_set_max_send_fragment(p.client.conn, 16385), SP_ERROR,
            "16385 is refused");
  pair_free(&p);
}

static void test_max_fragment_length(int version, unsigned size) {
  const char *name = version_name(version);
  size_t count, largest;
  pair p;

  pair_init(&p, client_ctx(version), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_max_fragment_length(p.client.conn, size), SP_OK,
            "%s: ask for %u-byte fragments", name, size);
  CHECK(pair_handshake(&p, 0), "%s: handshake with max_fragment_length", name);
  CHECK_INT(sp_conn_max_fragment_length(p.client.conn), size,
            "%s: the client sees %u agreed", name, size);
  CHECK_INT(sp_conn_max_fragment_length(p.server.conn), size,
            "%s: the server sees %u agreed", name, size);
  largest = send_measured(&p, &p.server, &p.client, &count);
  CHECK(largest <= size + OVERHEAD && largest > size,
        "%s: the server sends records of %u bytes (%zu on the wire)", name,
        size, largest);
  largest = send_measured(&p, &p.client, &p.server, &count);
  CHECK(largest <= size + OVERHEAD, "%s: and so does the client (%zu)", name,
        largest);
  pair_free(&p);
}

static void test_mfl_arguments(void) {
  pair p;

  pair_connect(&p, SP_TLS1_3_VERSION, NULL);
  CHECK_INT(sp_conn_max_fragment_length(p.client.conn), 0,
            "nothing agreed when not asked for");
  CHECK_INT(sp_conn_set_max_fragment_length(p.client.conn, 512), SP_ERROR,
            "too late after the handshake");
  CHECK_INT(sp_conn_set_max_fragment_length(p.server.conn, 512), SP_ERROR,
            "a server cannot ask");
  pair_free(&p);
  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK_INT(sp_conn_set_max_fragment_length(p.client.conn, 8192), SP_ERROR,
            "8192 is no RFC 6066 size");
  CHECK_CODE(sp_conn_error(p.client.conn), "ERR_SP_INVALID_ARG",
             "with an argument error");
  pair_free(&p);
}

int main(void) {
  test_send_fragment(SP_TLS1_2_VERSION);
  test_send_fragment(SP_TLS1_3_VERSION);
  test_send_fragment_range();
  test_max_fragment_length(SP_TLS1_2_VERSION, 512);
  test_max_fragment_length(SP_TLS1_3_VERSION, 1024);
  test_max_fragment_length(SP_TLS1_3_VERSION, 4096);
  test_mfl_arguments();
  return harness_done();
}
