/*
 * A client engine fed arbitrary bytes after its ClientHello.
 *
 * Input: the configuration (FUZZ_*, two bytes), then the server's flights, each a
 * 16-bit big-endian length and its bytes (see fuzz_feed_one_end()). Seeds
 * are the server flights of real handshakes, recorded with the same
 * deterministic randomness, so they replay to a completed handshake:
 * ServerHello, certificates and their verification, signatures, tickets,
 * application data, close_notify.
 */
#include "fuzz.h"

const char fuzz_name[] = "client";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_feed_one_end(SP_ROLE_CLIENT, data, size);
  return 0;
}

void fuzz_record(fuzz_emit_fn *emit) {
  fuzz_record_one_end(SP_ROLE_CLIENT, emit);
}
