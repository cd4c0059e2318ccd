/*
 * sp_cert_from_pem(): one certificate, PEM or DER, into plain data (the
 * code that also describes every peer certificate). The input is the
 * certificate itself. Either it converts, with every field present and well
 * formed, or it fails with a code.
 */
#include "fuzz.h"

const char fuzz_name[] = "cert";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sp_error err;
  sp_cert *cert;

  fuzz_outcome = 0;
  sp_error_clear(&err);
  cert = sp_cert_from_pem(data, size, &err);
  fuzz_check_queue("sp_cert_from_pem");
  if (cert == NULL) {
    fuzz_outcome |= FUZZ_EXPECT_REJECTED;
    fuzz_check_error(&err, "sp_cert_from_pem failed without an error");
    return 0;
  }
  fuzz_outcome |= FUZZ_EXPECT_ACCEPTED;
  fuzz_check_cert(cert);
  sp_cert_free(cert);
  return 0;
}

/* Every certificate of the fixtures, as PEM and as DER. */
void fuzz_record(fuzz_emit_fn *emit) {
  static const char *const names[] = {
      "ca1-cert.pem",        "ca2-cert.pem",          "int1-cert.pem",
      "server-rsa-cert.pem", "server-ecdsa-cert.pem", "server-chain-cert.pem",
      "client-cert.pem",     "expired-cert.pem",      "selfsigned-cert.pem",
      "wronghost-cert.pem"};
  char label[96];
  size_t i;

  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    const fixture *f = fuzz_fixture(names[i]);
    sp_error err;
    sp_cert *cert = sp_cert_from_pem(f->data, f->len, &err);

    if (cert == NULL)
      harness_bail(err.message, names[i]);
    snprintf(label, sizeof label, "pem-%s", names[i]);
    emit(label, (const uint8_t *)f->data, f->len, FUZZ_EXPECT_ACCEPTED);
    snprintf(label, sizeof label, "der-%s", names[i]);
    emit(label, cert->raw, cert->raw_len, FUZZ_EXPECT_ACCEPTED);
    sp_cert_free(cert);
  }
  emit("empty", (const uint8_t *)"", 0, FUZZ_EXPECT_REJECTED);
}
