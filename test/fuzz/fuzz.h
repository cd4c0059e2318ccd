/*
 * Shared by the fuzz harnesses of the core (test/fuzz/fuzz-*.c).
 *
 * Each harness is one program built two ways:
 *  - with clang -fsanitize=fuzzer,address,undefined into build/fuzz/fuzz-NAME,
 *    libFuzzer's main driving LLVMFuzzerTestOneInput (`make fuzz`);
 *  - with the project's compiler and flags into build/test/c/test-fuzz-NAME,
 *    with replay.c's main, which replays the harness's recorded seeds and the
 *    crash inputs kept in test/fuzz/regressions/NAME/ (`make test`).
 *
 * The handshake harnesses replay recorded flights, which only works when
 * both ends draw the same "random" bytes as when the flights were recorded:
 * fuzz_init() installs a deterministic random generator for the whole
 * process (never do that outside a test), with one stream per end.
 *
 * Every harness checks the core's promises and abort()s when one is broken,
 * which is what libFuzzer reports as a crash:
 *  - the OpenSSL error queue is empty when an sp_* call returns;
 *  - statuses are SP_* values; an SP_ERROR comes with a non-empty code and
 *    message; the first error is sticky;
 *  - plaintext received is exactly what the peer sent (a prefix of it).
 */
#ifndef SP_FUZZ_H
#define SP_FUZZ_H

#include "harness.h"

#include <stddef.h>
#include <stdint.h>

/* What libFuzzer calls; replay.c calls the same two. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- provided by each harness ------------------------------------------ */

/* The harness's name: its corpus and regression directories are named so. */
extern const char fuzz_name[];

/*
 * Hand every seed the harness can make to `emit`: recorded from real
 * handshakes in memory, or built from the fixtures. `expect` says what
 * replaying the seed must achieve (FUZZ_EXPECT_*).
 */
typedef void fuzz_emit_fn(const char *label, const uint8_t *data, size_t len,
                          unsigned expect);
void fuzz_record(fuzz_emit_fn *emit);

/* ---- checks -------------------------------------------------------------- */

/* A broken promise: print why and abort (a crash to libFuzzer). */
_Noreturn void fuzz_fail(const char *file, int line, const char *what);
#define FUZZ_ASSERT(cond, what)                                                \
  do {                                                                         \
    if (!(cond))                                                               \
      fuzz_fail(__FILE__, __LINE__, (what));                                   \
  } while (0)

/* The OpenSSL queue is empty (checked after every core call). */
void fuzz_check_queue(const char *after);
/* An sp_error that describes a failure: kind, code and message are set. */
void fuzz_check_error(const sp_error *err, const char *what);
/* Every field of a converted certificate is present, readable, well formed. */
void fuzz_check_cert(const sp_cert *cert);

/* What the last input achieved (FUZZ_EXPECT_* bits), for replay.c to check
 * against what a seed promised. Each harness sets it. */
extern unsigned fuzz_outcome;

/* ---- deterministic randomness -------------------------------------------- */

/* Streams of the deterministic generator. */
enum { FUZZ_STREAM_CLIENT = 0, FUZZ_STREAM_SERVER = 1, FUZZ_STREAM_SETUP = 2 };

/* Draw from now on from `stream`; fuzz_rand_reset() rewinds every stream. */
void fuzz_rand_use(int stream);
void fuzz_rand_reset(void);

/*
 * Install the generator (it must come before OpenSSL draws any random
 * byte) and load the fixtures the harnesses share. Called from each
 * harness's LLVMFuzzerInitialize. When SP_FUZZ_RECORD names a directory,
 * the harness's seeds are written there and the program exits.
 */
void fuzz_init(void);
/* Give back what fuzz_init() took (for leak checkers; libFuzzer never ends
 * that way). */
void fuzz_shutdown(void);

/* ---- the handshake harnesses --------------------------------------------- */

/*
 * The first two bytes of a handshake harness's input pick the
 * configuration (first byte: bits 0-7, second: bits 8-15); the same bytes
 * lead every recorded seed, so a seed replays the way it was recorded.
 */
enum {
  FUZZ_VERSION_MASK = 0x03, /* 1: TLS 1.2 only, 2: TLS 1.3 only, else both */
  FUZZ_CERT_SHIFT = 2,      /* server certificate: 1 RSA, 2 a chain under */
  FUZZ_CERT_MASK = 0x0c,    /*   an intermediate, else ECDSA */
  FUZZ_CLIENT_CERT = 0x10,  /* the server asks for a client certificate, */
                            /*   and the client has one to give */
  FUZZ_ENFORCE = 0x20,      /* the server fails the handshake on a bad one */
  FUZZ_EOF = 0x40,          /* the transport ends after the last flight */
  FUZZ_TALK = 0x80,         /* once connected, each end writes its message */
                            /*   and closes */
  /* the second byte: features the engine offers beyond a plain handshake */
  FUZZ_HELLO = 0x100,       /* the server pauses at the ClientHello, reads */
                            /*   it, takes a fresh context and resumes */
  FUZZ_ALPN = 0x200,        /* both offer ALPN protocols (and NPN in 1.2) */
  FUZZ_PSK = 0x400,         /* both have a pre-shared key (hooks) */
  FUZZ_SMALL = 0x800,       /* the client asks for 512-byte records */
                            /*   (max_fragment_length), both send them */
  FUZZ_SESSIONS = 0x1000,   /* both report new sessions; the server holds */
                            /*   its output until each is taken */
  FUZZ_REKEY = 0x2000,      /* once connected the server renegotiates */
                            /*   (1.2) or updates its keys (1.3) */
  FUZZ_DTLS = 0x4000        /* DTLS 1.2 (the version bits are ignored): */
                            /*   each flight is one datagram, the server */
                            /*   checks cookies */
};
#define FUZZ_CONFIG_BYTES 2

/* What a seed must achieve when replayed (several may be set). */
enum {
  FUZZ_EXPECT_NOTHING = 0,
  FUZZ_EXPECT_CONNECTED = 1 << 0, /* the engine under test completes the handshake */
  FUZZ_EXPECT_MESSAGE = 1 << 1,   /* ... and receives the peer's whole message */
  FUZZ_EXPECT_ACCEPTED = 1 << 2,  /* a loader or parser accepts the input */
  FUZZ_EXPECT_REJECTED = 1 << 3   /* ... or refuses it, with a code */
};

/* The message each end writes when FUZZ_TALK is set: the server's spans
 * two records. */
#define FUZZ_CLIENT_MESSAGE_LEN 300
#define FUZZ_SERVER_MESSAGE_LEN 17000
/* Over DTLS a message goes as records of this much (the last may be
 * shorter); each arrives whole, or not at all, in any order. */
#define FUZZ_DTLS_PIECE 500
const uint8_t *fuzz_message(int role, size_t *len);

/* One end of a connection, driven the same way when recording and when
 * fuzzing, so both draw the same random bytes in the same order. */
typedef struct fuzz_end {
  side s;          /* harness.h's: the connection and what it received */
  int role;        /* SP_ROLE_* */
  unsigned config; /* FUZZ_* */
  int talked;      /* its message is written and close_notify queued */
  int rekeyed;     /* FUZZ_REKEY was acted on */
  size_t checked;  /* DTLS: received bytes already matched to pieces */
  uint64_t pieces; /* DTLS: which pieces of the peer's message came */
  sp_ctx *ctx;     /* the context it was made on (a reference) */
  int renegotiating; /* ... and the renegotiation has not finished yet */
  int connected;   /* the handshake completed at some point */
  sp_error error;  /* its error when finished (kind SP_EK_NONE if none) */
} fuzz_end;

void fuzz_end_init(fuzz_end *e, int role, unsigned config);
/* Let the engine act on what it has (handshake, reads, the talk). */
void fuzz_end_step(fuzz_end *e);
/* Feed ciphertext, then step. */
void fuzz_end_feed(fuzz_end *e, const uint8_t *data, size_t len);
/* The transport ended, then step. */
void fuzz_end_eof(fuzz_end *e);
/* Final checks (sticky error, received plaintext, the getters a caller
 * uses to explain a failure), then free. */
void fuzz_end_finish(fuzz_end *e);
/* Whether it received the peer's whole message. */
int fuzz_end_got_message(const fuzz_end *e);

/*
 * Split the rest of an input into flights: each is a 16-bit big-endian
 * length and that many bytes (fewer at the end of the input).
 * fuzz_next_flight() returns 0 when the input is used up.
 */
typedef struct fuzz_reader {
  const uint8_t *data;
  size_t len;
} fuzz_reader;
int fuzz_next_flight(fuzz_reader *r, const uint8_t **flight, size_t *len);

/* A growable byte buffer for building seeds. */
typedef struct fuzz_buf {
  uint8_t *data;
  size_t len, cap;
} fuzz_buf;
void fuzz_buf_add(fuzz_buf *b, const void *data, size_t len);
/* Append a flight in fuzz_next_flight()'s format. */
void fuzz_buf_add_flight(fuzz_buf *b, const uint8_t *data, size_t len);
void fuzz_buf_free(fuzz_buf *b);

/*
 * Run a real client and server of `config` against each other in memory.
 * Every flight is passed to `on_flight` (client to server when `to_server`,
 * `index` counting flights both ways from 0) just before the receiving end
 * is fed, and may be altered there; setting *eof ends that transport after
 * it. Both ends are finished (checked and freed) before returning; `ends`,
 * if not NULL, receives the state they reached (their connections are
 * NULL by then).
 */
typedef void fuzz_flight_fn(void *opaque, int to_server, unsigned index,
                            fuzz_buf *flight, int *eof);
void fuzz_run_pair(unsigned config, fuzz_flight_fn *on_flight, void *opaque,
                   fuzz_end ends[2]);

/* The configuration at the start of an input (0 if it is too short). */
unsigned fuzz_config(const uint8_t *data, size_t size);

/*
 * One end of `role` fed an input: the configuration bytes, then the peer's
 * flights (fuzz_next_flight()). The end acts after each flight and what it
 * sends is thrown away; with FUZZ_EOF the transport ends after the last
 * flight. Sets fuzz_outcome.
 */
void fuzz_feed_one_end(int role, const uint8_t *data, size_t size);

/* Seeds for fuzz_feed_one_end(): what the peer of `role` sent in real
 * handshakes of every fuzz_seed_configs[] configuration. */
void fuzz_record_one_end(int role, fuzz_emit_fn *emit);

/* The configurations the handshake seeds are recorded for. */
extern const unsigned fuzz_seed_configs[];
extern const size_t fuzz_seed_config_count;

/* ---- fixtures the harnesses share ---------------------------------------- */

/* Loaded once by fuzz_init(), kept for the life of the process. */
const fixture *fuzz_fixture(const char *name);

#endif /* SP_FUZZ_H */
