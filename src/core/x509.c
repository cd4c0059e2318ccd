/*
 * Certificates as plain data: everything Node puts in a peer-certificate
 * object, computed once, in Node's formats.
 */
#include "internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* Node's flags for a directory name inside an alternative name. */
#define SP__DIRNAME_FLAGS                                                      \
  (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB & ~ASN1_STRFLGS_ESC_CTRL)

/* ---- strings ------------------------------------------------------------ */

static char *sp__strndup(const char *text, size_t len) {
  char *copy = malloc(len + 1);

  if (copy != NULL) {
    memcpy(copy, text, len);
    copy[len] = '\0';
  }
  return copy;
}

static char *sp__strdup(const char *text) {
  return text != NULL ? sp__strndup(text, strlen(text)) : NULL;
}

static uint8_t *sp__memdup(const unsigned char *bytes, size_t len) {
  uint8_t *copy = malloc(len > 0 ? len : 1);

  if (copy != NULL && len > 0)
    memcpy(copy, bytes, len);
  return copy;
}

/*
 * Name values become C strings, so a NUL inside one is spelled "\0":
 * cutting "good.example\0.evil.example" short would forge a name.
 */
static char *sp__escape_nul(const unsigned char *bytes, size_t len) {
  size_t i, nuls = 0, at = 0;
  char *out;

  for (i = 0; i < len; i++)
    nuls += bytes[i] == '\0';
  out = malloc(len + nuls + 1);
  if (out == NULL)
    return NULL;
  for (i = 0; i < len; i++) {
    if (bytes[i] == '\0') {
      out[at++] = '\\';
      out[at++] = '0';
    } else {
      out[at++] = (char)bytes[i];
    }
  }
  out[at] = '\0';
  return out;
}

/*
 * Text being printed into a memory BIO. Writes only fail when memory runs
 * out; `ok` remembers that so the whole text can be refused rather than
 * handed out cut short.
 */
typedef struct sp__text {
  BIO *bio;
  int ok;
} sp__text;

static void sp__put(sp__text *out, const void *data, int len) {
  if (len > 0 && BIO_write(out->bio, data, len) != len)
    out->ok = 0;
}

static void sp__puts(sp__text *out, const char *text) {
  sp__put(out, text, (int)strlen(text));
}

static void sp__printf(sp__text *out, const char *fmt, ...) SP__PRINTF(2, 3);

static void sp__printf(sp__text *out, const char *fmt, ...) {
  char line[256];
  va_list ap;
  int len;

  va_start(ap, fmt);
  len = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  sp__put(out, line, len < (int)sizeof line ? len : (int)sizeof line - 1);
}

/* Run `print` and return what it wrote (NULL only when memory ran out). */
typedef void (*sp__printer)(sp__text *out, const void *what);

static char *sp__print_to_string(sp__printer print, const void *what) {
  sp__text out = {BIO_new(BIO_s_mem()), 1};
  char *data = NULL, *text = NULL;
  long len;

  if (out.bio == NULL)
    return NULL;
  print(&out, what);
  len = BIO_get_mem_data(out.bio, &data);
  if (out.ok)
    text = sp__strndup(len > 0 ? data : "", len > 0 ? (size_t)len : 0);
  BIO_free(out.bio);
  return text;
}

static char *sp__colon_hex(const unsigned char *bytes, size_t len) {
  static const char digits[] = "0123456789ABCDEF";
  char *out = malloc(len > 0 ? len * 3 : 1);
  size_t i;

  if (out == NULL)
    return NULL;
  out[0] = '\0';
  for (i = 0; i < len; i++) {
    out[i * 3] = digits[bytes[i] >> 4];
    out[i * 3 + 1] = digits[bytes[i] & 0x0f];
    out[i * 3 + 2] = i + 1 < len ? ':' : '\0';
  }
  return out;
}

/* Upper-case hex of a BIGNUM; BN_bn2hex pads to whole bytes, and
 * `strip_padding` drops that leading zero the way BN_print (Node) does. */
static char *sp__bn_hex(const BIGNUM *bn, int strip_padding) {
  char *hex = BN_bn2hex(bn);
  char *copy;

  if (hex == NULL)
    return NULL;
  copy = sp__strdup(strip_padding && hex[0] == '0' && hex[1] != '\0' ? hex + 1
                                                                     : hex);
  OPENSSL_free(hex);
  return copy;
}

/* The dotted form of an OID ("" if it cannot be written). */
static void sp__format_oid(char *oid, int cap, const ASN1_OBJECT *object) {
  if (OBJ_obj2txt(oid, cap, object, 1) < 0)
    oid[0] = '\0';
}

static char *sp__oid_text(const ASN1_OBJECT *object) {
  char oid[128];

  sp__format_oid(oid, sizeof oid, object);
  return sp__strdup(oid);
}

/* ---- names -------------------------------------------------------------- */

static char *sp__name_key(const ASN1_OBJECT *object) {
  int nid = OBJ_obj2nid(object);

  if (nid != NID_undef && OBJ_nid2sn(nid) != NULL)
    return sp__strdup(OBJ_nid2sn(nid));
  return sp__oid_text(object);
}

static char *sp__name_value(const ASN1_STRING *value) {
  unsigned char *utf8 = NULL;
  int len = ASN1_STRING_to_UTF8(&utf8, value);
  char *text;

  if (len < 0) /* not convertible: keep the bytes as they are */
    return sp__escape_nul(ASN1_STRING_get0_data(value),
                          (size_t)ASN1_STRING_length(value));
  text = sp__escape_nul(utf8, (size_t)len);
  OPENSSL_free(utf8);
  return text;
}

static int sp__name_entries(const X509_NAME *name, sp_name_entry **entries,
                            size_t *count) {
  int n = X509_NAME_entry_count(name), i;

  if (n <= 0)
    return 1;
  *entries = calloc((size_t)n, sizeof **entries);
  if (*entries == NULL)
    return 0;
  *count = (size_t)n; /* set first: sp_cert_free copes with partial entries */
  for (i = 0; i < n; i++) {
    const X509_NAME_ENTRY *entry = X509_NAME_get_entry(name, i);
    (*entries)[i].key = sp__name_key(X509_NAME_ENTRY_get_object(entry));
    (*entries)[i].value = sp__name_value(X509_NAME_ENTRY_get_data(entry));
    if ((*entries)[i].key == NULL || (*entries)[i].value == NULL)
      return 0;
  }
  return 1;
}

/* ---- alternative names, as Node prints them ----------------------------- */

/*
 * Node prints a name as it is only when nothing in it could pass for a
 * separator or a quote (a dNSName "a.example, DNS:b.example" must not read
 * as two names); otherwise it quotes and escapes it JSON-style.
 */
static int sp__alt_name_is_safe(const unsigned char *text, int len, int utf8) {
  int i;

  for (i = 0; i < len; i++) {
    unsigned char c = text[i];
    if (c == '"' || c == '\\' || c == ',' || c == '\'')
      return 0;
    if (c < ' ' || c == 0x7f || (!utf8 && c > '~'))
      return 0;
  }
  return 1;
}

static void sp__print_escaped_byte(sp__text *out, unsigned char c, int utf8) {
  static const char digits[] = "0123456789abcdef";
  char escape[6] = {'\\', 'u', '0', '0', digits[c >> 4], digits[c & 0x0f]};

  if (c == '\\' || c == '"') {
    escape[1] = (char)c;
    sp__put(out, escape, 2);
  } else if ((c >= ' ' && c != ',' && c <= '~') || (utf8 && (c & 0x80))) {
    sp__put(out, &c, 1);
  } else {
    sp__put(out, escape, sizeof escape); /* read as Latin-1 */
  }
}

static void sp__print_alt_name(sp__text *out, const unsigned char *text,
                               int len, int utf8, const char *prefix) {
  int i, safe = sp__alt_name_is_safe(text, len, utf8);

  if (!safe)
    sp__put(out, "\"", 1);
  if (prefix != NULL)
    sp__printf(out, "%s:", prefix);
  if (safe) {
    sp__put(out, text, len);
    return;
  }
  for (i = 0; i < len; i++)
    sp__print_escaped_byte(out, text[i], utf8);
  sp__put(out, "\"", 1);
}

static void sp__print_string_name(sp__text *out, const char *label,
                                  const ASN1_STRING *name, int utf8,
                                  const char *prefix) {
  sp__puts(out, label);
  sp__print_alt_name(out, ASN1_STRING_get0_data(name), ASN1_STRING_length(name),
                     utf8, prefix);
}

static void sp__print_ip(sp__text *out, const ASN1_OCTET_STRING *address) {
  const unsigned char *b = ASN1_STRING_get0_data(address);
  int len = ASN1_STRING_length(address), i;

  sp__puts(out, "IP Address:");
  if (len == 4) {
    sp__printf(out, "%d.%d.%d.%d", b[0], b[1], b[2], b[3]);
  } else if (len == 16) {
    for (i = 0; i < 8; i++) /* Node's full, uncompressed form */
      sp__printf(out, i == 0 ? "%X" : ":%X", (b[2 * i] << 8) | b[2 * i + 1]);
  } else {
    sp__printf(out, "<invalid length=%d>", len);
  }
}

static void sp__print_dirname(sp__text *out, const X509_NAME *name) {
  BIO *tmp = BIO_new(BIO_s_mem());
  char *text = NULL;
  long len;

  sp__puts(out, "DirName:");
  if (tmp == NULL)
    out->ok = 0;
  if (tmp == NULL || X509_NAME_print_ex(tmp, name, 0, SP__DIRNAME_FLAGS) < 0) {
    BIO_free(tmp);
    return;
  }
  len = BIO_get_mem_data(tmp, &text);
  if (len > 0 && len <= INT_MAX)
    sp__print_alt_name(out, (const unsigned char *)text, (int)len, 1, NULL);
  BIO_free(tmp);
}

/* The otherName forms OpenSSL 3's GENERAL_NAME_print knows, in its words. */
static void sp__print_other_name(sp__text *out, const OTHERNAME *other) {
  const char *prefix = NULL;
  int utf8 = 1;

  switch (OBJ_obj2nid(other->type_id)) {
  case NID_id_on_SmtpUTF8Mailbox:
    prefix = "SmtpUTF8Mailbox";
    break;
  case NID_XmppAddr:
    prefix = "XmppAddr";
    break;
  case NID_SRVName:
    prefix = "SRVName";
    utf8 = 0;
    break;
  case NID_ms_upn:
    prefix = "UPN";
    break;
  case NID_NAIRealm:
    prefix = "NAIRealm";
    break;
  default:
    break;
  }
  if (prefix == NULL ||
      other->value->type != (utf8 ? V_ASN1_UTF8STRING : V_ASN1_IA5STRING)) {
    sp__puts(out, "othername:<unsupported>");
    return;
  }
  sp__print_string_name(out, "othername:", other->value->value.asn1_string,
                        utf8, prefix);
}

static void sp__print_general_name(sp__text *out, const GENERAL_NAME *name) {
  char oid[128];

  switch (name->type) {
  case GEN_DNS:
    sp__print_string_name(out, "DNS:", name->d.dNSName, 0, NULL);
    break;
  case GEN_EMAIL:
    sp__print_string_name(out, "email:", name->d.rfc822Name, 0, NULL);
    break;
  case GEN_URI:
    sp__print_string_name(out, "URI:", name->d.uniformResourceIdentifier, 0,
                          NULL);
    break;
  case GEN_DIRNAME:
    sp__print_dirname(out, name->d.directoryName);
    break;
  case GEN_IPADD:
    sp__print_ip(out, name->d.iPAddress);
    break;
  case GEN_RID: /* always numeric, as Node */
    sp__format_oid(oid, sizeof oid, name->d.registeredID);
    sp__printf(out, "Registered ID:%s", oid);
    break;
  case GEN_OTHERNAME:
    sp__print_other_name(out, name->d.otherName);
    break;
  case GEN_X400:
    sp__puts(out, "X400Name:<unsupported>");
    break;
  default: /* GEN_EDIPARTY */
    sp__puts(out, "EdiPartyName:<unsupported>");
    break;
  }
}

/* The first extension `nid`, decoded; NULL if absent or undecodable. */
static void *sp__extension(const X509 *x, int nid) {
  int at = X509_get_ext_by_NID(x, nid, -1);

  return at >= 0 ? X509V3_EXT_d2i(X509_get_ext(x, at)) : NULL;
}

static void sp__print_alt_names(sp__text *out, const void *what) {
  const GENERAL_NAMES *names = what;
  int i;

  for (i = 0; i < sk_GENERAL_NAME_num(names); i++) {
    if (i > 0)
      sp__puts(out, ", ");
    sp__print_general_name(out, sk_GENERAL_NAME_value(names, i));
  }
}

static void sp__print_info_access(sp__text *out, const void *what) {
  const AUTHORITY_INFO_ACCESS *access = what;
  char method[80];
  int i;

  for (i = 0; i < sk_ACCESS_DESCRIPTION_num(access); i++) {
    const ACCESS_DESCRIPTION *entry = sk_ACCESS_DESCRIPTION_value(access, i);
    if (i > 0)
      sp__puts(out, "\n");
    if (i2t_ASN1_OBJECT(method, sizeof method, entry->method) < 0)
      method[0] = '\0';
    sp__printf(out, "%s - ", method);
    sp__print_general_name(out, entry->location);
  }
}

static int sp__fill_alt_names(const X509 *x, sp_cert *cert) {
  GENERAL_NAMES *names = sp__extension(x, NID_subject_alt_name);
  AUTHORITY_INFO_ACCESS *access = sp__extension(x, NID_info_access);
  int ok = 1;

  if (names != NULL) {
    cert->subjectaltname = sp__print_to_string(sp__print_alt_names, names);
    ok = cert->subjectaltname != NULL;
  }
  if (access != NULL) {
    cert->infoaccess = sp__print_to_string(sp__print_info_access, access);
    ok = ok && cert->infoaccess != NULL;
  }
  GENERAL_NAMES_free(names);
  AUTHORITY_INFO_ACCESS_free(access);
  return ok;
}

/* ---- identity: names, validity, serial, fingerprints, usage ------------- */

static void sp__print_time(sp__text *out, const void *time) {
  /* "Nov 11 09:52:22 2009 GMT", as Node; an unreadable time prints "Bad
   * time value" and returns 0, which is no reason to refuse the rest. */
  if (ASN1_TIME_print(out->bio, time) != 1 && BIO_ctrl_pending(out->bio) == 0)
    out->ok = 0;
}

static char *sp__fingerprint(const X509 *x, const EVP_MD *md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;

  if (X509_digest(x, md, digest, &len) != 1)
    return NULL;
  return sp__colon_hex(digest, len);
}

static char *sp__serial_hex(const X509 *x) {
  BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
  char *hex = serial != NULL ? sp__bn_hex(serial, 0) : NULL;

  BN_free(serial);
  return hex;
}

static int sp__fill_ext_key_usage(const X509 *x, sp_cert *cert) {
  EXTENDED_KEY_USAGE *usage = sp__extension(x, NID_ext_key_usage);
  int n = sk_ASN1_OBJECT_num(usage), i, ok = 1;

  if (n > 0) {
    cert->ext_key_usage = calloc((size_t)n, sizeof *cert->ext_key_usage);
    ok = cert->ext_key_usage != NULL;
  }
  for (i = 0; ok && i < n; i++) {
    cert->ext_key_usage_count = (size_t)i + 1;
    cert->ext_key_usage[i] = sp__oid_text(sk_ASN1_OBJECT_value(usage, i));
    ok = cert->ext_key_usage[i] != NULL;
  }
  EXTENDED_KEY_USAGE_free(usage);
  return ok;
}

static int sp__fill_identity(X509 *x, sp_cert *cert) {
  unsigned char *der = NULL;
  int der_len = i2d_X509(x, &der);

  if (der_len > 0) {
    cert->raw = sp__memdup(der, (size_t)der_len);
    cert->raw_len = (size_t)der_len;
  }
  OPENSSL_free(der);
  cert->valid_from =
      sp__print_to_string(sp__print_time, X509_get0_notBefore(x));
  cert->valid_to = sp__print_to_string(sp__print_time, X509_get0_notAfter(x));
  cert->serial_number = sp__serial_hex(x);
  cert->fingerprint = sp__fingerprint(x, EVP_sha1());
  cert->fingerprint256 = sp__fingerprint(x, EVP_sha256());
  cert->fingerprint512 = sp__fingerprint(x, EVP_sha512());
  cert->ca = X509_check_ca(x) == 1; /* basicConstraints CA:TRUE */
  cert->self_issued =
      X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
  return cert->raw != NULL && cert->valid_from != NULL &&
         cert->valid_to != NULL && cert->serial_number != NULL &&
         cert->fingerprint != NULL && cert->fingerprint256 != NULL &&
         cert->fingerprint512 != NULL && sp__fill_ext_key_usage(x, cert);
}

/* ---- public key --------------------------------------------------------- */

static int sp__fill_rsa_key(const EVP_PKEY *key, sp_cert *cert) {
  BIGNUM *modulus = NULL, *exponent = NULL;
  unsigned char *der = NULL;
  char text[32];
  int der_len, ok;

  ok = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &modulus) == 1 &&
       EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &exponent) == 1;
  if (ok) {
    /* Node prints the exponent as one word, in lower-case hex. */
    snprintf(text, sizeof text, "0x%llx",
             (unsigned long long)BN_get_word(exponent));
    cert->bits = BN_num_bits(modulus);
    cert->modulus = sp__bn_hex(modulus, 1);
    cert->exponent = sp__strdup(text);
    der_len = i2d_PUBKEY(key, &der); /* the SubjectPublicKeyInfo, as Node */
    cert->pubkey = der_len > 0 ? sp__memdup(der, (size_t)der_len) : NULL;
    cert->pubkey_len = der_len > 0 ? (size_t)der_len : 0;
    ok =
        cert->modulus != NULL && cert->exponent != NULL && cert->pubkey != NULL;
  }
  OPENSSL_free(der);
  BN_free(modulus);
  BN_free(exponent);
  return ok;
}

static int sp__fill_curve_names(const EVP_PKEY *key, sp_cert *cert) {
  char group[80];
  const char *nist;
  int nid;

  /* Keys with explicit curve parameters have no name: nothing to say. */
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                     sizeof group, NULL) != 1)
    return 1;
  nid = OBJ_sn2nid(group);
  if (nid == NID_undef)
    nid = EC_curve_nist2nid(group);
  if (nid == NID_undef)
    return 1;
  nist = EC_curve_nid2nist(nid);
  cert->asn1_curve = sp__strdup(OBJ_nid2sn(nid));
  cert->nist_curve = nist != NULL ? sp__strdup(nist) : NULL;
  return cert->asn1_curve != NULL && (nist == NULL || cert->nist_curve != NULL);
}

static int sp__fill_ec_key(const EVP_PKEY *key, sp_cert *cert) {
  size_t len = 0;

  cert->bits = EVP_PKEY_get_bits(key); /* the order's size, as Node */
  /* The encoded point, in the form the certificate used. */
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, NULL, 0,
                                      &len) == 1 &&
      len > 0) {
    cert->pubkey = malloc(len);
    if (cert->pubkey == NULL ||
        EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY,
                                        cert->pubkey, len, &len) != 1)
      return 0;
    cert->pubkey_len = len;
  }
  return sp__fill_curve_names(key, cert);
}

/* Node describes RSA and EC keys only; other kinds leave the fields empty. */
static int sp__fill_key(const X509 *x, sp_cert *cert) {
  const EVP_PKEY *key = X509_get0_pubkey(x);

  if (key == NULL)
    return 1;
  if (EVP_PKEY_is_a(key, "RSA"))
    return sp__fill_rsa_key(key, cert);
  if (EVP_PKEY_is_a(key, "EC"))
    return sp__fill_ec_key(key, cert);
  return 1;
}

/* ---- sp_cert ------------------------------------------------------------ */

static void sp__free_name_entries(sp_name_entry *entries, size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    free(entries[i].key);
    free(entries[i].value);
  }
  free(entries);
}

void sp_cert_free(sp_cert *cert) {
  size_t i;

  if (cert == NULL)
    return;
  sp__free_name_entries(cert->subject, cert->subject_count);
  sp__free_name_entries(cert->issuer, cert->issuer_count);
  for (i = 0; i < cert->ext_key_usage_count; i++)
    free(cert->ext_key_usage[i]);
  free(cert->ext_key_usage);
  free(cert->subjectaltname);
  free(cert->infoaccess);
  free(cert->valid_from);
  free(cert->valid_to);
  free(cert->serial_number);
  free(cert->fingerprint);
  free(cert->fingerprint256);
  free(cert->fingerprint512);
  free(cert->modulus);
  free(cert->exponent);
  free(cert->asn1_curve);
  free(cert->nist_curve);
  free(cert->pubkey);
  free(cert->raw);
  free(cert);
}

void sp_cert_chain_free(sp_cert **certs, size_t count) {
  size_t i;

  if (certs == NULL)
    return;
  for (i = 0; i < count; i++)
    sp_cert_free(certs[i]);
  free(certs);
}

sp_cert *sp__cert_from_x509(X509 *x, sp_error *err) {
  sp_cert *cert = calloc(1, sizeof *cert);

  if (cert == NULL ||
      !sp__name_entries(X509_get_subject_name(x), &cert->subject,
                        &cert->subject_count) ||
      !sp__name_entries(X509_get_issuer_name(x), &cert->issuer,
                        &cert->issuer_count) ||
      !sp__fill_alt_names(x, cert) || !sp__fill_identity(x, cert) ||
      !sp__fill_key(x, cert)) {
    sp_cert_free(cert);
    sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM,
                        "out of memory describing a certificate");
    return NULL;
  }
  ERR_clear_error(); /* lookups of absent fields may have queued errors */
  return cert;
}

/* DER starts with a SEQUENCE tag; anything else is taken as PEM. */
static X509 *sp__parse_cert(const unsigned char *bytes, size_t len) {
  const unsigned char *cursor = bytes;
  BIO *bio;
  X509 *x;

  if (bytes[0] == 0x30)
    return d2i_X509(NULL, &cursor, (long)len);
  bio = BIO_new_mem_buf(bytes, (int)len);
  x = bio != NULL ? PEM_read_bio_X509_AUX(bio, NULL, sp__passphrase_cb, NULL)
                  : NULL;
  BIO_free(bio);
  return x;
}

sp_cert *sp_cert_from_pem(const void *pem, size_t len, sp_error *err) {
  X509 *x;
  sp_cert *cert;

  if (pem == NULL || len == 0 || len > INT_MAX) {
    sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG,
             "the certificate is empty or too large");
    return NULL;
  }
  ERR_clear_error();
  x = sp__parse_cert(pem, len);
  if (x == NULL) {
    sp__fail_from_queue(err, 0, SP_EK_SSL, "ERR_OSSL_PEM_NO_START_LINE",
                        "no certificate found");
    return NULL;
  }
  cert = sp__cert_from_x509(x, err);
  X509_free(x);
  return cert;
}

/* ---- certificates of a connection --------------------------------------- */

static sp_cert *sp__describe_or_none(X509 *x, sp_error *err) {
  sp_error_clear(err);
  return x != NULL ? sp__cert_from_x509(x, err) : NULL;
}

sp_cert *sp_conn_peer_cert(const sp_conn *conn, sp_error *err) {
  return sp__describe_or_none(
      conn != NULL ? SSL_get0_peer_certificate(conn->ssl) : NULL, err);
}

sp_cert *sp_conn_local_cert(const sp_conn *conn, sp_error *err) {
  return sp__describe_or_none(
      conn != NULL ? SSL_get_certificate(conn->ssl) : NULL, err);
}

/* Describe `leaf` (if any) then every certificate of `rest`. */
static int sp__describe_chain(X509 *leaf, STACK_OF(X509) * rest,
                              sp_cert ***certs, size_t *count, sp_error *err) {
  size_t total =
      (leaf != NULL) + (size_t)(rest != NULL ? sk_X509_num(rest) : 0);
  size_t i;

  if (total == 0)
    return SP_OK;
  *certs = calloc(total, sizeof **certs);
  if (*certs == NULL)
    return sp__fail(err, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  for (i = 0; i < total; i++) {
    X509 *x = leaf != NULL && i == 0
                  ? leaf
                  : sk_X509_value(rest, (int)(i - (leaf != NULL)));
    (*certs)[i] = sp__cert_from_x509(x, err);
    if ((*certs)[i] == NULL) {
      sp_cert_chain_free(*certs, i);
      *certs = NULL;
      return SP_ERROR;
    }
  }
  *count = total;
  return SP_OK;
}

int sp_conn_peer_chain(const sp_conn *conn, sp_cert ***certs, size_t *count,
                       sp_error *err) {
  STACK_OF(X509) *chain = NULL;
  X509 *leaf = NULL;

  if (certs == NULL || count == NULL)
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG,
                    "certs and count are required");
  *certs = NULL;
  *count = 0;
  if (conn == NULL)
    return sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG, "connection is NULL");
  sp_error_clear(err);
  /* The verified chain runs up to the trusted root; OpenSSL keeps it even
   * after a failed verification, when it is only a partial guess. */
  if (sp_conn_verify_result(conn) == X509_V_OK)
    chain = SSL_get0_verified_chain(conn->ssl);
  if (chain == NULL) {
    chain = SSL_get_peer_cert_chain(conn->ssl);
    /* A server's view of the client's chain leaves the leaf out. */
    if (SSL_is_server(conn->ssl))
      leaf = SSL_get0_peer_certificate(conn->ssl);
  }
  return sp__describe_chain(leaf, chain, certs, count, err);
}
