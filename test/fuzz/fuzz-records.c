/*
 * A real client and server in memory, with the records between them
 * tampered with: bytes flipped, flights cut short (then the transport
 * ends), records dropped, repeated, swapped or given another length. With
 * FUZZ_DTLS every datagram is a flight.
 *
 * Input: the configuration (FUZZ_*, two bytes), then operations of four bytes:
 *   [flight] which flight (counted both ways from 0) it applies to;
 *   [what]   the operation (low 3 bits) and a value for it (high 5 bits);
 *   [at]     a 16-bit big-endian position: a byte of the flight, or a
 *            record of it (modulo their number).
 * Whatever happens, neither end may ever deliver plaintext its peer did
 * not send, every failure has a code, nothing leaks; and when no operation
 * changed a byte, both ends must connect and receive every byte.
 */
#include "fuzz.h"

const char fuzz_name[] = "records";

enum {
  OP_FLIP = 0,     /* xor a byte with (value << 3 | 1) */
  OP_CUT = 1,      /* keep `at` bytes, then the transport ends */
  OP_DROP = 2,     /* leave a record out */
  OP_REPEAT = 3,   /* send a record twice */
  OP_SWAP = 4,     /* swap a record with the next */
  OP_LENGTH = 5,   /* rewrite a record's length: value * 600 */
  OP_TYPE = 6,     /* rewrite a record's content type: 20 + value */
  OP_VERSION = 7   /* rewrite a record's version: 0x0300 + value */
};

typedef struct op {
  unsigned flight, what, value, at;
} op;

typedef struct plan {
  const uint8_t *ops;
  size_t count;
  int dtls;
  int changed; /* some flight arrived different from what was sent, or a
                  transport ended early */
} plan;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

/* A record header: 5 bytes in TLS, 13 in DTLS (epoch and sequence number
 * before the length); the length is its last two bytes. */
static size_t header_len(int dtls) { return dtls ? 13 : 5; }

/* Where the records of a flight start: offsets[i], the last one ending at
 * the flight's end or past it (a partial record counts as one). */
static size_t find_records(const fuzz_buf *f, int dtls, size_t *offsets,
                           size_t cap) {
  size_t n = 0, at = 0, header = header_len(dtls);

  while (at < f->len && n < cap) {
    offsets[n++] = at;
    if (f->len - at < header)
      break;
    at += header + ((size_t)f->data[at + header - 2] << 8 |
                    f->data[at + header - 1]);
  }
  return n;
}

static size_t record_end(const fuzz_buf *f, const size_t *offsets, size_t n,
                         size_t i) {
  return i + 1 < n ? offsets[i + 1] : f->len;
}

/* Rebuild the flight as [0, a) + [b, c) + [d, len). */
static void splice(fuzz_buf *f, size_t a, size_t b, size_t c, size_t d) {
  fuzz_buf out = {NULL, 0, 0};

  fuzz_buf_add(&out, f->data, a);
  fuzz_buf_add(&out, f->data + b, c - b);
  fuzz_buf_add(&out, f->data + d, f->len - d);
  fuzz_buf_free(f);
  *f = out;
}

static void apply(const op *o, fuzz_buf *f, int dtls, int *eof) {
  size_t offsets[64], n, i, start, end, header = header_len(dtls);

  if (f->len == 0)
    return;
  if (o->what == OP_FLIP) {
    f->data[o->at % f->len] ^= (uint8_t)(o->value << 3 | 1);
    return;
  }
  if (o->what == OP_CUT) {
    if (o->at < f->len)
      f->len = o->at;
    *eof = 1;
    return;
  }
  n = find_records(f, dtls, offsets, sizeof offsets / sizeof offsets[0]);
  i = o->at % n;
  start = offsets[i];
  end = record_end(f, offsets, n, i);
  switch (o->what) {
  case OP_DROP:
    splice(f, start, start, start, end);
    break;
  case OP_REPEAT:
    splice(f, end, start, end, end);
    break;
  case OP_SWAP:
    if (i + 1 < n) {
      fuzz_buf swapped = {NULL, 0, 0};
      size_t next_end = record_end(f, offsets, n, i + 1);
      fuzz_buf_add(&swapped, f->data, start);
      fuzz_buf_add(&swapped, f->data + end, next_end - end);
      fuzz_buf_add(&swapped, f->data + start, end - start);
      fuzz_buf_add(&swapped, f->data + next_end, f->len - next_end);
      fuzz_buf_free(f);
      *f = swapped;
    }
    break;
  case OP_LENGTH:
    if (end - start >= header) {
      f->data[start + header - 2] = (uint8_t)((o->value * 600) >> 8);
      f->data[start + header - 1] = (uint8_t)(o->value * 600);
    }
    break;
  case OP_TYPE:
    f->data[start] = (uint8_t)(20 + o->value);
    break;
  case OP_VERSION:
    if (end - start >= 3)
      f->data[start + 2] = (uint8_t)o->value;
    break;
  }
}

static void tamper(void *opaque, int to_server, unsigned index,
                   fuzz_buf *flight, int *eof) {
  plan *p = opaque;
  fuzz_buf before = {NULL, 0, 0};
  size_t i;

  fuzz_buf_add(&before, flight->data, flight->len);
  for (i = 0; i < p->count; i++) {
    const uint8_t *raw = p->ops + 4 * i;
    op o = {raw[0], raw[1] & 7u, raw[1] >> 3, (unsigned)raw[2] << 8 | raw[3]};
    if (o.flight == index)
      apply(&o, flight, p->dtls, eof);
  }
  if (*eof || flight->len != before.len ||
      (flight->len > 0 && memcmp(flight->data, before.data, flight->len) != 0))
    p->changed = 1;
  fuzz_buf_free(&before);
}

static int clean_end(const fuzz_end *e) {
  int clean = e->connected && e->error.kind == SP_EK_NONE &&
              (!(e->config & FUZZ_TALK) || fuzz_end_got_message(e));

  if (!clean) /* for whoever reads the crash report */
    fprintf(stderr, "fuzz: %s: connected %d, error \"%s\", %zu bytes received\n",
            e->role == SP_ROLE_CLIENT ? "client" : "server", e->connected,
            e->error.code, e->s.received_len);
  return clean;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  plan p = {NULL, 0, 0, 0};
  fuzz_end ends[2];

  fuzz_outcome = 0;
  if (size < FUZZ_CONFIG_BYTES)
    return 0;
  p.ops = data + FUZZ_CONFIG_BYTES;
  p.count = (size - FUZZ_CONFIG_BYTES) / 4;
  if (p.count > 32)
    p.count = 32;
  p.dtls = (fuzz_config(data, size) & FUZZ_DTLS) != 0;
  fuzz_run_pair(fuzz_config(data, size), tamper, &p, ends);
  if (ends[0].connected && ends[1].connected)
    fuzz_outcome |= FUZZ_EXPECT_CONNECTED;
  if (fuzz_end_got_message(&ends[0]) && fuzz_end_got_message(&ends[1]))
    fuzz_outcome |= FUZZ_EXPECT_MESSAGE;
  if (!p.changed) {
    FUZZ_ASSERT(clean_end(&ends[0]), "an untouched client did not finish");
    FUZZ_ASSERT(clean_end(&ends[1]), "an untouched server did not finish");
  }
  return 0;
}

/* Each seed configuration untouched, then one of each operation. */
void fuzz_record(fuzz_emit_fn *emit) {
  static const uint8_t ops[][4] = {
      {1, OP_FLIP | 2 << 3, 0, 40},  {0, OP_CUT, 0, 60},
      {2, OP_DROP, 0, 1},            {2, OP_REPEAT, 0, 2},
      {1, OP_SWAP, 0, 0},            {3, OP_LENGTH | 28 << 3, 0, 0},
      {3, OP_TYPE | 3 << 3, 0, 0},   {0, OP_VERSION | 1 << 3, 0, 0}};
  char label[32];
  size_t i;

  for (i = 0; i < fuzz_seed_config_count; i++) {
    unsigned config = fuzz_seed_configs[i];
    uint8_t seed[FUZZ_CONFIG_BYTES] = {(uint8_t)config, (uint8_t)(config >> 8)};
    unsigned expect = FUZZ_EXPECT_CONNECTED;
    if (config & FUZZ_TALK)
      expect |= FUZZ_EXPECT_MESSAGE;
    snprintf(label, sizeof label, "config-%04x", config);
    emit(label, seed, sizeof seed, expect);
  }
  for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    uint8_t seed[FUZZ_CONFIG_BYTES + 4] = {FUZZ_TALK | 2, 0, ops[i][0],
                                           ops[i][1], ops[i][2], ops[i][3]};
    snprintf(label, sizeof label, "op-%zu", i);
    emit(label, seed, sizeof seed, FUZZ_EXPECT_NOTHING);
  }
}
