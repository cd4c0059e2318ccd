/*
 * sp_cert: every field of the fixtures' certificates against the openssl
 * command line's view of them, Node's formats (dates, colon hex, SAN and
 * info-access strings), EC and RSA key data, the certificates a connection
 * reports, and names crafted to break naive printing.
 */
#include "harness.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* ---- the openssl CLI as the independent witness ------------------------- */

/* Run `openssl <args> -in <fixture> <then>`; its stdout into out
 * (NUL-terminated). `then` may pipe into a second command. */
static size_t openssl_cli(const char *fixture_name, const char *args,
                          const char *then, unsigned char *out, size_t cap) {
  char path[1024], command[2048];
  FILE *pipe;
  size_t n;

  fixture_path(path, sizeof path, fixture_name);
  snprintf(command, sizeof command, "openssl %s -in '%s' %s", args, path, then);
  pipe = popen(command, "r");
  if (pipe == NULL)
    harness_bail("cannot run", command);
  n = fread(out, 1, cap - 1, pipe);
  out[n] = '\0';
  if (pclose(pipe) != 0)
    harness_bail("openssl failed", command);
  return n;
}

/* The text after '=' on the single line `openssl x509 -noout <flag>` prints. */
static const char *cli_value(const char *fixture_name, const char *flag) {
  static char line[4096];
  char args[256];
  char *end, *value;

  snprintf(args, sizeof args, "x509 -noout %s", flag);
  openssl_cli(fixture_name, args, "", (unsigned char *)line, sizeof line);
  end = strchr(line, '\n');
  if (end != NULL)
    *end = '\0';
  value = strchr(line, '=');
  return value != NULL ? value + 1 : line;
}

static int same_bytes(const uint8_t *a, size_t a_len, const unsigned char *b,
                      size_t b_len) {
  return a != NULL && a_len == b_len && memcmp(a, b, a_len) == 0;
}

/* "Nov 11 09:52:22 2009 GMT" (day padded with a space, as ASN1_TIME_print). */
static int is_node_date(const char *text) {
  char month[4], zone[4];
  int day, hour, minute, second, year, used = 0;

  return text != NULL &&
         sscanf(text, "%3s %2d %2d:%2d:%2d %4d %3s%n", month, &day, &hour,
                &minute, &second, &year, zone, &used) == 7 &&
         (size_t)used == strlen(text) && strcmp(zone, "GMT") == 0;
}

static void check_names(const sp_name_entry *entries, size_t count,
                        const char *const *expected, const char *what) {
  size_t i, n = 0;

  while (expected[n] != NULL)
    n++;
  CHECK_INT(count, n / 2, "%s: %zu entries", what, n / 2);
  for (i = 0; i < count && i < n / 2; i++) {
    CHECK_STR(entries[i].key, expected[2 * i], "%s[%zu] key", what, i);
    CHECK_STR(entries[i].value, expected[2 * i + 1], "%s[%zu] value", what, i);
  }
}

/* ---- the RSA server certificate ----------------------------------------- */

static void test_rsa_server_cert(void) {
  static const char *const subject[] = {"C",  "UK",        "O",  "securepair",
                                        "OU", "Servers",   "OU", "Test",
                                        "CN", "localhost", NULL};
  static const char *const issuer[] = {
      "C", "UK",         "ST", "Kent",    "L",  "Canterbury",
      "O", "securepair", "OU", "Test CA", "CN", "securepair test CA 1",
      NULL};
  const char *name = "server-rsa-cert.pem";
  static unsigned char der[8192];
  sp_cert *cert = cert_file(name);
  size_t der_len;
  char modulus[1024];

  check_names(cert->subject, cert->subject_count, subject, "subject");
  check_names(cert->issuer, cert->issuer_count, issuer, "issuer");
  CHECK_STR(cert->subjectaltname,
            "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
            "subjectaltname");
  CHECK_STR(cert->infoaccess,
            "OCSP - URI:http://ocsp.securepair.test/\n"
            "CA Issuers - URI:http://ca.securepair.test/ca.cer",
            "infoaccess");
  CHECK_STR(cert->fingerprint, cli_value(name, "-fingerprint -sha1"),
            "fingerprint (SHA-1)");
  CHECK_STR(cert->fingerprint256, cli_value(name, "-fingerprint -sha256"),
            "fingerprint256");
  CHECK_STR(cert->fingerprint512, cli_value(name, "-fingerprint -sha512"),
            "fingerprint512");
  CHECK_STR(cert->serial_number, cli_value(name, "-serial"), "serial number");
  CHECK_STR(cert->valid_from, cli_value(name, "-startdate"), "valid_from");
  CHECK_STR(cert->valid_to, cli_value(name, "-enddate"), "valid_to");
  CHECK(is_node_date(cert->valid_from) && is_node_date(cert->valid_to),
        "dates look like \"Nov 11 09:52:22 2009 GMT\" (%s)", cert->valid_from);
  snprintf(modulus, sizeof modulus, "%s", cli_value(name, "-modulus"));
  CHECK_STR(cert->modulus, modulus, "modulus");
  CHECK_STR(cert->exponent, "0x10001", "exponent");
  CHECK_INT(cert->bits, 2048, "bits");
  CHECK(cert->asn1_curve == NULL && cert->nist_curve == NULL,
        "no curve for RSA");
  CHECK_INT(cert->ext_key_usage_count, 1, "one extended key usage");
  CHECK_STR(cert->ext_key_usage_count ? cert->ext_key_usage[0] : NULL,
            "1.3.6.1.5.5.7.3.1", "serverAuth as a dotted OID");
  CHECK_INT(cert->ca, 0, "not a CA");
  CHECK_INT(cert->self_issued, 0, "not self-issued");
  der_len = openssl_cli(name, "x509 -outform DER", "", der, sizeof der);
  CHECK(same_bytes(cert->raw, cert->raw_len, der, der_len), "raw is the DER");
  der_len = openssl_cli(name, "x509 -noout -pubkey",
                        "| openssl pkey -pubin -outform DER", der, sizeof der);
  CHECK(same_bytes(cert->pubkey, cert->pubkey_len, der, der_len),
        "pubkey is the SubjectPublicKeyInfo DER (%zu bytes)", cert->pubkey_len);
  sp_cert_free(cert);
}

/* The same certificate given as DER. */
static void test_der_input(void) {
  static unsigned char der[8192];
  size_t der_len = openssl_cli("server-rsa-cert.pem", "x509 -outform DER", "",
                               der, sizeof der);
  sp_cert *cert = sp_cert_from_pem(der, der_len, NULL);

  CHECK(cert != NULL && cert->subject_count == 5, "DER input parsed");
  CHECK_STR(cert ? cert->fingerprint256 : NULL,
            cli_value("server-rsa-cert.pem", "-fingerprint -sha256"),
            "DER input: same certificate");
  sp_cert_free(cert);
}

static void test_ecdsa_server_cert(void) {
  const char *name = "server-ecdsa-cert.pem";
  static unsigned char spki[1024];
  sp_cert *cert = cert_file(name);
  size_t spki_len =
      openssl_cli(name, "x509 -noout -pubkey",
                  "| openssl pkey -pubin -outform DER", spki, sizeof spki);

  CHECK_INT(cert->bits, 256, "EC: bits");
  CHECK_STR(cert->asn1_curve, "prime256v1", "EC: asn1_curve");
  CHECK_STR(cert->nist_curve, "P-256", "EC: nist_curve");
  CHECK(cert->modulus == NULL && cert->exponent == NULL, "EC: no RSA fields");
  CHECK(cert->pubkey_len == 65 && cert->pubkey[0] == 0x04,
        "EC: pubkey is the uncompressed point (%zu bytes)", cert->pubkey_len);
  /* For P-256 the SubjectPublicKeyInfo ends with that very point. */
  CHECK(spki_len > 65 && same_bytes(cert->pubkey, cert->pubkey_len,
                                    spki + spki_len - 65, 65),
        "EC: the point agrees with openssl");
  CHECK_STR(cert->fingerprint256, cli_value(name, "-fingerprint -sha256"),
            "EC: fingerprint256");
  sp_cert_free(cert);
}

static void test_ca_and_client_certs(void) {
  sp_cert *ca = cert_file("ca1-cert.pem");
  sp_cert *client = cert_file("client-cert.pem");

  CHECK(ca->ca && ca->self_issued, "CA: a self-issued CA");
  CHECK(ca->subjectaltname == NULL && ca->infoaccess == NULL &&
            ca->ext_key_usage_count == 0 && ca->ext_key_usage == NULL,
        "CA: absent extensions are NULL");
  CHECK_STR(client->subjectaltname, "email:client@securepair.test",
            "client: email SAN");
  CHECK_STR(client->ext_key_usage_count ? client->ext_key_usage[0] : NULL,
            "1.3.6.1.5.5.7.3.2", "client: clientAuth");
  sp_cert_free(ca);
  sp_cert_free(client);
}

static void test_bad_input(void) {
  sp_error err;

  CHECK(sp_cert_from_pem("junk", 4, &err) == NULL, "garbage: no certificate");
  CHECK_CODE(&err, "ERR_OSSL_PEM_NO_START_LINE", "garbage: code");
  CHECK(sp_cert_from_pem("\x30\x03\x02\x01\x01", 5, &err) == NULL,
        "broken DER: no certificate");
  CHECK(strncmp(err.code, "ERR_OSSL_ASN1_", 14) == 0, "broken DER: %s",
        err.code);
  CHECK(sp_cert_from_pem(NULL, 0, &err) == NULL && err.kind == SP_EK_ARG,
        "empty input: argument error");
  harness_note_queue();
}

/* ---- certificates of a connection --------------------------------------- */

static void test_connection_certs(void) {
  sp_cert *server_cert = cert_file("server-rsa-cert.pem");
  sp_cert *peer, *local, *none;
  sp_error err;
  pair p;

  pair_init(&p, client_ctx(0), server_ctx("server-rsa", NULL));
  CHECK(sp_conn_peer_cert(p.client.conn, &err) == NULL &&
            err.kind == SP_EK_NONE,
        "no peer certificate before the handshake");
  CHECK(pair_handshake(&p, 0), "handshake");
  peer = sp_conn_peer_cert(p.client.conn, &err);
  local = sp_conn_local_cert(p.server.conn, &err);
  none = sp_conn_local_cert(p.client.conn, &err);
  CHECK(peer != NULL &&
            strcmp(peer->fingerprint256, server_cert->fingerprint256) == 0,
        "client's peer certificate is the server's");
  CHECK(local != NULL &&
            strcmp(local->fingerprint256, server_cert->fingerprint256) == 0,
        "server's local certificate is its own");
  CHECK(none == NULL && err.kind == SP_EK_NONE,
        "a client without a certificate has no local one");
  CHECK(sp_conn_peer_cert(p.server.conn, NULL) == NULL,
        "the server got no client certificate");
  sp_cert_free(peer);
  sp_cert_free(local);
  sp_cert_free(server_cert);
  pair_free(&p);
}

/* ---- crafted names ------------------------------------------------------ */

static void add_general_name(GENERAL_NAMES *names, int type, void *value) {
  GENERAL_NAME *name = GENERAL_NAME_new();

  GENERAL_NAME_set0_value(name, type, value);
  sk_GENERAL_NAME_push(names, name);
}

static ASN1_IA5STRING *ia5(const char *text, int len) {
  ASN1_IA5STRING *s = ASN1_IA5STRING_new();

  ASN1_STRING_set(s, text, len);
  return s;
}

static GENERAL_NAMES *crafted_alt_names(void) {
  GENERAL_NAMES *names = sk_GENERAL_NAME_new_null();
  X509_NAME *dir = X509_NAME_new();
  OTHERNAME *upn = OTHERNAME_new();

  add_general_name(names, GEN_DNS, ia5("evil.example, DNS:victim.example", -1));
  add_general_name(names, GEN_URI, ia5("http://a.example/x?y=1", -1));
  add_general_name(names, GEN_IPADD, a2i_IPADDRESS("2001:db8::1"));
  X509_NAME_add_entry_by_txt(dir, "O", MBSTRING_ASC,
                             (const unsigned char *)"org", -1, -1, 0);
  X509_NAME_add_entry_by_txt(dir, "CN", MBSTRING_ASC,
                             (const unsigned char *)"dir", -1, -1, 0);
  add_general_name(names, GEN_DIRNAME, dir);
  add_general_name(names, GEN_RID, OBJ_txt2obj("1.2.3.4", 1));
  upn->type_id = OBJ_nid2obj(NID_ms_upn);
  ASN1_TYPE_free(upn->value);
  upn->value = ASN1_TYPE_new();
  ASN1_TYPE_set(upn->value, V_ASN1_UTF8STRING, ASN1_UTF8STRING_new());
  ASN1_STRING_set(upn->value->value.utf8string, "user@example", -1);
  add_general_name(names, GEN_OTHERNAME, upn);
  add_general_name(names, GEN_EMAIL, ia5("a\"b@example", -1));
  return names;
}

/* A self-signed certificate whose names try to mislead a reader. */
static X509 *crafted_cert(void) {
  static const unsigned char nul_cn[] = "good.example\0.evil.example";
  EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
  X509 *x = X509_new();
  X509_NAME *name = X509_get_subject_name(x);
  GENERAL_NAMES *names = crafted_alt_names();

  X509_set_version(x, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 0x0abc);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, nul_cn,
                             (int)sizeof nul_cn - 1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "1.2.3.4.5", MBSTRING_UTF8,
                             (const unsigned char *)"caf\xc3\xa9", -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_set_pubkey(x, key);
  X509_add1_ext_i2d(x, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT);
  X509_sign(x, key, EVP_sha256());
  GENERAL_NAMES_free(names);
  EVP_PKEY_free(key);
  return x;
}

static void test_crafted_names(void) {
  X509 *x = crafted_cert();
  unsigned char *der = NULL;
  int der_len = i2d_X509(x, &der);
  sp_cert *cert = sp_cert_from_pem(der, (size_t)der_len, NULL);

  CHECK(cert != NULL, "crafted: parsed");
  if (cert != NULL) {
    CHECK_STR(cert->subjectaltname,
              "DNS:\"evil.example\\u002c DNS:victim.example\", "
              "URI:http://a.example/x?y=1, "
              "IP Address:2001:DB8:0:0:0:0:0:1, "
              "DirName:\"CN=dir\\u002cO=org\", "
              "Registered ID:1.2.3.4, "
              "othername:UPN:user@example, "
              "email:\"a\\\"b@example\"",
              "crafted: alternative names escaped the way Node does");
    CHECK_STR(cert->subject_count ? cert->subject[0].value : NULL,
              "good.example\\0.evil.example",
              "crafted: a NUL inside a name is spelled out, not a cut");
    CHECK_STR(cert->subject_count > 1 ? cert->subject[1].key : NULL,
              "1.2.3.4.5", "crafted: unnamed attribute as a dotted OID");
    CHECK_STR(cert->subject_count > 1 ? cert->subject[1].value : NULL,
              "caf\xc3\xa9", "crafted: UTF-8 value");
    CHECK_STR(cert->serial_number, "0ABC", "crafted: serial as BN_bn2hex");
    CHECK(cert->self_issued && !cert->ca, "crafted: self-issued, not a CA");
  }
  sp_cert_free(cert);
  OPENSSL_free(der);
  X509_free(x);
}

int main(void) {
  test_rsa_server_cert();
  test_der_input();
  test_ecdsa_server_cert();
  test_ca_and_client_certs();
  test_bad_input();
  test_connection_certs();
  test_crafted_names();
  return harness_done();
}
