/*
 * A server engine fed arbitrary bytes as the client's flights.
 *
 * Input: the configuration (FUZZ_*, two bytes), then flights, each a 16-bit
 * big-endian length and its bytes (see fuzz_feed_one_end()). Seeds are the
 * client flights of real handshakes, recorded with the same deterministic
 * randomness, so they replay to a completed handshake and the fuzzer starts
 * from deep inside the protocol: ClientHello parsing, key exchange, client
 * certificates, Finished, application data, close_notify.
 */
#include "fuzz.h"

const char fuzz_name[] = "server";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_feed_one_end(SP_ROLE_SERVER, data, size);
  return 0;
}

void fuzz_record(fuzz_emit_fn *emit) {
  fuzz_record_one_end(SP_ROLE_SERVER, emit);
}
