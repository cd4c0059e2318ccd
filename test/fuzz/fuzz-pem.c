/*
 * The credential loaders of a context: private keys (plain, or encrypted
 * with a passphrase), certificate chains, CA bundles, PKCS#12 bundles,
 * CRLs and DH parameters.
 *
 * Input: one byte choosing the loader and its situation, then the data.
 *   bits 0-2: 0 key, 1 key with the passphrase "sekrit", 2 certificate
 *             chain, 3 CA bundle, 4 PKCS#12 (DER) with "sekrit",
 *             5 PKCS#12 without a passphrase, 6 CRLs, 7 DH parameters;
 *   bit 3:    the other half of a pair is loaded first (a certificate
 *             before a key, a key before a chain), so the two are matched;
 *   bit 4:    the context shares another's trust store (CA bundles must be
 *             refused then; PKCS#12 and CRLs take a copy of it).
 * Every call succeeds or fails with a code; a chain that loads is then
 * converted to plain data as a connection would report it.
 */
#include "fuzz.h"

const char fuzz_name[] = "pem";

enum {
  LOAD_KEY = 0,
  LOAD_KEY_PASSPHRASE = 1,
  LOAD_CHAIN = 2,
  LOAD_CA = 3,
  LOAD_PKCS12 = 4,
  LOAD_PKCS12_NO_PASSPHRASE = 5,
  LOAD_CRL = 6,
  LOAD_DH = 7
};
#define PAIRED 0x08
#define SHARED_TRUST 0x10

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  return 0;
}

static void load_fixture(sp_ctx *ctx, int key, const char *name) {
  const fixture *f = fuzz_fixture(name);
  sp_error err;
  int rc = key ? sp_ctx_use_key_pem(ctx, f->data, f->len, NULL, &err)
               : sp_ctx_use_cert_chain_pem(ctx, f->data, f->len, &err);

  if (rc != SP_OK)
    harness_bail(err.message, name);
}

/* The loaded certificate, as a connection reports its own. */
static void convert_local_cert(sp_ctx *ctx) {
  sp_error err;
  sp_conn *conn = sp_conn_new(ctx, SP_ROLE_SERVER, &err);
  sp_cert *cert;

  fuzz_check_queue("sp_conn_new");
  if (conn == NULL) {
    fuzz_check_error(&err, "sp_conn_new failed without an error");
    return;
  }
  cert = sp_conn_local_cert(conn, &err);
  fuzz_check_queue("sp_conn_local_cert");
  if (cert != NULL) {
    fuzz_check_cert(cert);
    sp_cert_free(cert);
  } else if (err.kind != SP_EK_NONE) {
    fuzz_check_error(&err, "sp_conn_local_cert");
  }
  sp_conn_free(conn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned how, load;
  sp_error err;
  sp_ctx *ctx, *other;
  int rc = SP_ERROR;

  fuzz_outcome = 0;
  if (size < 1)
    return 0;
  how = data[0];
  load = how & 7;
  data++;
  size--;
  fuzz_rand_reset();
  ctx = new_ctx();
  if ((how & PAIRED) && (load == LOAD_KEY || load == LOAD_KEY_PASSPHRASE))
    load_fixture(ctx, 0, "server-rsa-cert.pem");
  if ((how & PAIRED) && load == LOAD_CHAIN)
    load_fixture(ctx, 1, "server-rsa-key.pem");
  if (how & SHARED_TRUST) {
    other = new_ctx();
    FUZZ_ASSERT(sp_ctx_share_trust(ctx, other, &err) == SP_OK,
                "a context shares another's trust store");
    sp_ctx_unref(other);
  }
  fuzz_check_queue("setting up the context");
  sp_error_clear(&err);
  switch (load) {
  case LOAD_KEY:
    rc = sp_ctx_use_key_pem(ctx, data, size, NULL, &err);
    break;
  case LOAD_KEY_PASSPHRASE:
    rc = sp_ctx_use_key_pem(ctx, data, size, "sekrit", &err);
    break;
  case LOAD_CHAIN:
    rc = sp_ctx_use_cert_chain_pem(ctx, data, size, &err);
    break;
  case LOAD_CA:
    rc = sp_ctx_add_ca_pem(ctx, data, size, &err);
    break;
  case LOAD_PKCS12:
    rc = sp_ctx_use_pkcs12(ctx, data, size, "sekrit", &err);
    break;
  case LOAD_PKCS12_NO_PASSPHRASE:
    rc = sp_ctx_use_pkcs12(ctx, data, size, NULL, &err);
    break;
  case LOAD_CRL:
    rc = sp_ctx_add_crl_pem(ctx, data, size, &err);
    break;
  case LOAD_DH: {
    int bits = -1;
    rc = sp_ctx_set_dh_params_pem(ctx, data, size, &bits, &err);
    FUZZ_ASSERT(rc != SP_OK || bits > 0, "DH parameters have a size");
    break;
  }
  }
  fuzz_check_queue("a PEM loader");
  FUZZ_ASSERT(rc == SP_OK || rc == SP_ERROR, "a loader answers OK or ERROR");
  if (rc == SP_OK) {
    fuzz_outcome |= FUZZ_EXPECT_ACCEPTED;
    if (load == LOAD_CHAIN || load == LOAD_PKCS12 ||
        load == LOAD_PKCS12_NO_PASSPHRASE)
      convert_local_cert(ctx);
  } else {
    fuzz_outcome |= FUZZ_EXPECT_REJECTED;
    fuzz_check_error(&err, "a loader failed without an error");
  }
  FUZZ_ASSERT(rc != SP_OK || !((how & SHARED_TRUST) && load == LOAD_CA),
              "a shared trust store took a CA");
  sp_ctx_unref(ctx);
  return 0;
}

static void emit_fixture(fuzz_emit_fn *emit, unsigned how, const char *name,
                         unsigned expect) {
  const fixture *f = fuzz_fixture(name);
  fuzz_buf seed = {NULL, 0, 0};
  uint8_t first = (uint8_t)how;
  char label[96];

  fuzz_buf_add(&seed, &first, 1);
  fuzz_buf_add(&seed, f->data, f->len);
  snprintf(label, sizeof label, "%02x-%s", how, name);
  emit(label, seed.data, seed.len, expect);
  fuzz_buf_free(&seed);
}

void fuzz_record(fuzz_emit_fn *emit) {
  static const char *const keys[] = {"server-rsa-key.pem",
                                     "server-ecdsa-key.pem", "client-key.pem"};
  static const char *const chains[] = {"server-rsa-cert.pem",
                                       "server-chain-fullchain.pem",
                                       "selfsigned-cert.pem"};
  size_t i;

  for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
    emit_fixture(emit, LOAD_KEY, keys[i], FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_KEY_PASSPHRASE, "server-rsa-key-encrypted.pem",
               FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_KEY, "server-rsa-key-encrypted.pem",
               FUZZ_EXPECT_REJECTED);
  emit_fixture(emit, LOAD_KEY | PAIRED, "server-rsa-key.pem",
               FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_KEY | PAIRED, "stray-key.pem", FUZZ_EXPECT_REJECTED);
  for (i = 0; i < sizeof chains / sizeof chains[0]; i++) {
    emit_fixture(emit, LOAD_CHAIN, chains[i], FUZZ_EXPECT_ACCEPTED);
    emit_fixture(emit, LOAD_CA, chains[i], FUZZ_EXPECT_ACCEPTED);
  }
  emit_fixture(emit, LOAD_CHAIN | PAIRED, "server-rsa-cert.pem",
               FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_CHAIN | PAIRED, "client-cert.pem",
               FUZZ_EXPECT_REJECTED);
  emit_fixture(emit, LOAD_CA | SHARED_TRUST, "ca1-cert.pem",
               FUZZ_EXPECT_REJECTED);
  emit_fixture(emit, LOAD_CHAIN, "server-rsa-key.pem", FUZZ_EXPECT_REJECTED);
  emit_fixture(emit, LOAD_PKCS12, "server-rsa.p12", FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_PKCS12 | SHARED_TRUST, "server-ecdsa.p12",
               FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_PKCS12_NO_PASSPHRASE, "server-chain.p12",
               FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_PKCS12_NO_PASSPHRASE, "server-rsa.p12",
               FUZZ_EXPECT_REJECTED);
  emit_fixture(emit, LOAD_CRL, "ca1-crl.pem", FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_CRL | SHARED_TRUST, "ca1-crl.pem",
               FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_DH, "dhparam-2048.pem", FUZZ_EXPECT_ACCEPTED);
  emit_fixture(emit, LOAD_DH, "ca1-crl.pem", FUZZ_EXPECT_REJECTED);
}
