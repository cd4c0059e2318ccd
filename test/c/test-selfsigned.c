/*
 * The generated self-signed certificate: a server with nothing of its own
 * handshakes with it, a client that trusts exactly that certificate
 * verifies it, its fields are what the header promises, and it is made
 * once per name.
 */
#include "harness.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

/* The certificate as PEM, for trusting it (caller frees). */
static char *to_pem(const sp_cert *cert, size_t *len) {
  const unsigned char *der = cert->raw;
  X509 *x = d2i_X509(NULL, &der, (long)cert->raw_len);
  BIO *bio = BIO_new(BIO_s_mem());
  char *data = NULL, *copy;
  long n;

  if (x == NULL || bio == NULL || PEM_write_bio_X509(bio, x) != 1)
    harness_bail("cannot write PEM", "to_pem");
  n = BIO_get_mem_data(bio, &data);
  copy = malloc((size_t)n + 1);
  memcpy(copy, data, (size_t)n);
  copy[n] = '\0';
  *len = (size_t)n;
  BIO_free(bio);
  X509_free(x);
  return copy;
}

static sp_ctx *generated(const char *name) {
  sp_ctx *ctx = new_ctx();
  sp_error err;

  if (sp_ctx_use_generated_selfsigned(ctx, name, &err) != SP_OK)
    harness_bail("sp_ctx_use_generated_selfsigned", err.message);
  harness_note_queue();
  return ctx;
}

static const char *entry(const sp_name_entry *e, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(e[i].key, key) == 0)
      return e[i].value;
  return NULL;
}

int main(void) {
  sp_ctx *server = generated(NULL), *trusting;
  sp_cert *cert, *again, *other;
  sp_error err;
  char *pem;
  size_t pem_len;
  pair p;

  sp_ctx_ref(server);
  pair_init(&p, client_ctx(SP_TLS1_3_VERSION), server);
  CHECK(pair_handshake(&p, 0), "a server with only the generated pair");
  cert = sp_conn_peer_cert(p.client.conn, &err);
  CHECK(cert != NULL, "the client got its certificate");
  CHECK_INT(sp_conn_verify_result(p.client.conn), 18,
            "an unknown self-signed certificate does not verify "
            "(DEPTH_ZERO_SELF_SIGNED_CERT)");
  pair_free(&p);

  CHECK_STR(entry(cert->subject, cert->subject_count, "CN"), "localhost",
            "default common name");
  CHECK_STR(entry(cert->issuer, cert->issuer_count, "CN"), "localhost",
            "issued by itself");
  CHECK_STR(cert->subjectaltname, "DNS:localhost", "the name is in the SAN");
  CHECK_STR(cert->nist_curve, "P-256", "an EC P-256 key");
  CHECK_INT(cert->ca, 0, "not a CA");
  CHECK_INT(cert->self_issued, 1, "self-issued");

  /* Trusting exactly that certificate makes it verify. */
  pem = to_pem(cert, &pem_len);
  trusting = new_ctx();
  CHECK_INT(sp_ctx_add_ca_pem(trusting, pem, pem_len, &err), SP_OK,
            "trust the generated certificate");
  sp_ctx_ref(server);
  pair_init(&p, trusting, server);
  CHECK(pair_handshake(&p, 0), "handshake with a client that trusts it");
  CHECK_INT(sp_conn_verify_result(p.client.conn), 0, "and it verifies");
  pair_free(&p);
  free(pem);

  /* Made once per name: a second context gets the same certificate. */
  sp_ctx *second = generated("localhost");
  pair_init(&p, client_ctx(0), second);
  CHECK(pair_handshake(&p, 0), "a second context");
  again = sp_conn_peer_cert(p.client.conn, &err);
  CHECK_STR(again->fingerprint256, cert->fingerprint256,
            "the same certificate is reused");
  pair_free(&p);

  pair_init(&p, client_ctx(0), generated("device.local"));
  CHECK(pair_handshake(&p, 0), "another name");
  other = sp_conn_peer_cert(p.client.conn, &err);
  CHECK_STR(entry(other->subject, other->subject_count, "CN"), "device.local",
            "made for that name");
  CHECK(strcmp(other->fingerprint256, cert->fingerprint256) != 0,
        "a different certificate");
  pair_free(&p);

  /* The first context still serves the pair it was given. */
  pair_init(&p, client_ctx(0), server);
  CHECK(pair_handshake(&p, 0), "the first context after the cache moved on");
  sp_cert_free(again);
  again = sp_conn_peer_cert(p.client.conn, &err);
  CHECK_STR(again->fingerprint256, cert->fingerprint256,
            "keeps its own certificate");
  pair_free(&p);

  trusting = new_ctx();
  CHECK_INT(sp_ctx_use_generated_selfsigned(trusting, "", &err), SP_ERROR,
            "an empty name is refused");
  CHECK_CODE(&err, "ERR_SP_INVALID_ARG", "as an argument error");
  sp_ctx_unref(trusting);

  sp_cert_free(cert);
  sp_cert_free(again);
  sp_cert_free(other);
  return harness_done();
}
