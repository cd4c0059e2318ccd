/*
 * What the fuzz harnesses share: the deterministic random generator, the
 * checks of the core's promises, the two ends of a handshake driven the
 * same way when recording and when fuzzing, and the seed writer.
 */
#include "fuzz.h"

#include <errno.h>
#include <sys/stat.h>

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

/* ---- checks -------------------------------------------------------------- */

unsigned fuzz_outcome;

_Noreturn void fuzz_fail(const char *file, int line, const char *what) {
  fprintf(stderr, "fuzz: broken promise at %s:%d: %s\n", file, line, what);
  fflush(stderr);
  abort();
}

void fuzz_check_queue(const char *after) {
  unsigned long left = ERR_peek_error();

  if (left != 0) {
    char text[256];
    ERR_error_string_n(left, text, sizeof text);
    fprintf(stderr, "fuzz: %s left \"%s\" in the OpenSSL queue\n", after,
            text);
    fuzz_fail(__FILE__, __LINE__, "the OpenSSL error queue is not empty");
  }
  /* harness.h's side_step() counts (and clears) what it finds. */
  FUZZ_ASSERT(harness_queue_leaks == 0,
              "a core call left errors in the OpenSSL queue");
}

static int fuzz_terminated(const char *text, size_t cap) {
  return memchr(text, '\0', cap) != NULL;
}

void fuzz_check_error(const sp_error *err, const char *what) {
  if (err == NULL)
    fuzz_fail(__FILE__, __LINE__, what);
  FUZZ_ASSERT(err->kind >= SP_EK_SSL && err->kind <= SP_EK_PROTOCOL,
              "an error has a known kind");
  FUZZ_ASSERT(fuzz_terminated(err->code, sizeof err->code) &&
                  err->code[0] != '\0',
              "an error has a code");
  FUZZ_ASSERT(fuzz_terminated(err->message, sizeof err->message) &&
                  err->message[0] != '\0',
              "an error has a message");
  FUZZ_ASSERT(fuzz_terminated(err->library, sizeof err->library) &&
                  fuzz_terminated(err->reason, sizeof err->reason),
              "an error's texts are terminated");
  FUZZ_ASSERT(err->kind != SP_EK_VERIFY || err->verify != 0,
              "a verification error carries its X509_V_ERR value");
}

/*
 * Reading a text to its end is the check: ASan or valgrind flag one that is
 * not terminated inside its allocation. The sum keeps the reads from being
 * optimised away.
 */
static volatile size_t fuzz_sink;

static void fuzz_check_text(const char *text) {
  if (text != NULL)
    fuzz_sink += strlen(text);
}

static int fuzz_is_status(int rc) {
  return rc == SP_OK || rc == SP_WANT_READ || rc == SP_WANT_WRITE ||
         rc == SP_CLOSED || rc == SP_WANT_HELLO || rc == SP_ERROR;
}

/* ---- deterministic randomness: a provider of our own --------------------- */

/*
 * A RAND implementation whose output depends only on how much of its
 * current stream was drawn. OpenSSL's DRBGs (primary, public, private) are
 * all made of it, so every random byte OpenSSL uses comes from here.
 */
enum { FUZZ_STREAMS = 3 };
static uint64_t fuzz_streams[FUZZ_STREAMS];
static int fuzz_stream = FUZZ_STREAM_SETUP;

void fuzz_rand_use(int stream) {
  fuzz_stream = stream >= 0 && stream < FUZZ_STREAMS ? stream
                                                      : FUZZ_STREAM_SETUP;
}

void fuzz_rand_reset(void) {
  int i;

  for (i = 0; i < FUZZ_STREAMS; i++)
    fuzz_streams[i] = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
  fuzz_stream = FUZZ_STREAM_SETUP;
}

/* splitmix64: plenty for tests, and never to be used for anything else. */
static uint64_t fuzz_rand_next(void) {
  uint64_t z = (fuzz_streams[fuzz_stream] += 0x9e3779b97f4a7c15ull);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static int fuzz_drbg_state = 1; /* a non-NULL context to hand out */

static void *fuzz_drbg_new(void *provctx, void *parent,
                           const OSSL_DISPATCH *parent_calls) {
  return &fuzz_drbg_state;
}

static void fuzz_drbg_free(void *vctx) {}

static int fuzz_drbg_instantiate(void *vctx, unsigned int strength,
                                 int prediction_resistance,
                                 const unsigned char *pstr, size_t pstr_len,
                                 const OSSL_PARAM params[]) {
  return 1;
}

static int fuzz_drbg_uninstantiate(void *vctx) { return 1; }

static int fuzz_drbg_generate(void *vctx, unsigned char *out, size_t outlen,
                              unsigned int strength, int prediction_resistance,
                              const unsigned char *adin, size_t adin_len) {
  while (outlen > 0) {
    uint64_t word = fuzz_rand_next();
    size_t n = outlen < sizeof word ? outlen : sizeof word;
    memcpy(out, &word, n);
    out += n;
    outlen -= n;
  }
  return 1;
}

static int fuzz_drbg_enable_locking(void *vctx) { return 1; }
static int fuzz_drbg_lock(void *vctx) { return 1; }
static void fuzz_drbg_unlock(void *vctx) {}

static const OSSL_PARAM *fuzz_drbg_gettable(void *vctx, void *provctx) {
  static const OSSL_PARAM known[] = {
      OSSL_PARAM_int(OSSL_RAND_PARAM_STATE, NULL),
      OSSL_PARAM_uint(OSSL_RAND_PARAM_STRENGTH, NULL),
      OSSL_PARAM_size_t(OSSL_RAND_PARAM_MAX_REQUEST, NULL), OSSL_PARAM_END};
  return known;
}

static int fuzz_drbg_get_params(void *vctx, OSSL_PARAM params[]) {
  OSSL_PARAM *p;

  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STATE);
  if (p != NULL && !OSSL_PARAM_set_int(p, EVP_RAND_STATE_READY))
    return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STRENGTH);
  if (p != NULL && !OSSL_PARAM_set_uint(p, 256))
    return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_MAX_REQUEST);
  if (p != NULL && !OSSL_PARAM_set_size_t(p, 1 << 16))
    return 0;
  return 1;
}

#define FUZZ_FN(f) ((void (*)(void))(f))
static const OSSL_DISPATCH fuzz_drbg_functions[] = {
    {OSSL_FUNC_RAND_NEWCTX, FUZZ_FN(fuzz_drbg_new)},
    {OSSL_FUNC_RAND_FREECTX, FUZZ_FN(fuzz_drbg_free)},
    {OSSL_FUNC_RAND_INSTANTIATE, FUZZ_FN(fuzz_drbg_instantiate)},
    {OSSL_FUNC_RAND_UNINSTANTIATE, FUZZ_FN(fuzz_drbg_uninstantiate)},
    {OSSL_FUNC_RAND_GENERATE, FUZZ_FN(fuzz_drbg_generate)},
    {OSSL_FUNC_RAND_ENABLE_LOCKING, FUZZ_FN(fuzz_drbg_enable_locking)},
    {OSSL_FUNC_RAND_LOCK, FUZZ_FN(fuzz_drbg_lock)},
    {OSSL_FUNC_RAND_UNLOCK, FUZZ_FN(fuzz_drbg_unlock)},
    {OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, FUZZ_FN(fuzz_drbg_gettable)},
    {OSSL_FUNC_RAND_GET_CTX_PARAMS, FUZZ_FN(fuzz_drbg_get_params)},
    {0, NULL}};

static const OSSL_ALGORITHM fuzz_rand_algorithms[] = {
    {"FUZZ-RAND", "provider=sp-fuzz-rand", fuzz_drbg_functions,
     "deterministic bytes for replayable fuzzing"},
    {NULL, NULL, NULL, NULL}};

static const OSSL_ALGORITHM *fuzz_provider_query(void *provctx, int operation,
                                                 int *no_cache) {
  *no_cache = 0;
  return operation == OSSL_OP_RAND ? fuzz_rand_algorithms : NULL;
}

static const OSSL_DISPATCH fuzz_provider_functions[] = {
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, FUZZ_FN(fuzz_provider_query)},
    {0, NULL}};

static int fuzz_provider_init(const OSSL_CORE_HANDLE *handle,
                              const OSSL_DISPATCH *in,
                              const OSSL_DISPATCH **out, void **provctx) {
  *out = fuzz_provider_functions;
  *provctx = &fuzz_drbg_state;
  return 1;
}

static OSSL_PROVIDER *fuzz_providers[2];

static void fuzz_install_rand(void) {
  fuzz_rand_reset();
  /* Loading a provider by hand turns off the default one's automatic
   * loading, so it is loaded too. */
  if (OSSL_PROVIDER_add_builtin(NULL, "sp-fuzz-rand", fuzz_provider_init) !=
          1 ||
      (fuzz_providers[0] = OSSL_PROVIDER_load(NULL, "sp-fuzz-rand")) == NULL ||
      (fuzz_providers[1] = OSSL_PROVIDER_load(NULL, "default")) == NULL ||
      RAND_set_DRBG_type(NULL, "FUZZ-RAND", "provider=sp-fuzz-rand", NULL,
                         NULL) != 1)
    harness_bail("cannot install the deterministic generator",
                 "OSSL_PROVIDER_add_builtin");
  ERR_clear_error();
}

/* ---- fixtures ------------------------------------------------------------ */

static const char *const fuzz_fixture_names[] = {
    "ca1-cert.pem",           "ca2-cert.pem",
    "client-cert.pem",        "client-key.pem",
    "client2-cert.pem",       "client2-key.pem",
    "server-rsa-cert.pem",    "server-rsa-key.pem",
    "server-ecdsa-cert.pem",  "server-ecdsa-key.pem",
    "server-chain-cert.pem",  "server-chain-key.pem",
    "server-chain-fullchain.pem", "server-rsa-key-encrypted.pem",
    "int1-cert.pem",          "expired-cert.pem",
    "selfsigned-cert.pem",    "wronghost-cert.pem",
    "stray-key.pem",          "ca1-key.pem",
    "server-rsa.p12",         "server-ecdsa.p12",
    "server-chain.p12",       "ca1-crl.pem",
    "dhparam-2048.pem"};
#define FUZZ_FIXTURES (sizeof fuzz_fixture_names / sizeof fuzz_fixture_names[0])
static fixture fuzz_fixtures[FUZZ_FIXTURES];

const fixture *fuzz_fixture(const char *name) {
  size_t i;

  for (i = 0; i < FUZZ_FIXTURES; i++)
    if (strcmp(fuzz_fixture_names[i], name) == 0)
      return &fuzz_fixtures[i];
  harness_bail("not a fuzz fixture", name);
}

static uint8_t *fuzz_messages[2];

const uint8_t *fuzz_message(int role, size_t *len) {
  *len = role == SP_ROLE_CLIENT ? FUZZ_CLIENT_MESSAGE_LEN
                                : FUZZ_SERVER_MESSAGE_LEN;
  return fuzz_messages[role == SP_ROLE_CLIENT ? 0 : 1];
}

/* ---- seeds on disk (SP_FUZZ_RECORD=dir) ----------------------------------- */

static const char *fuzz_record_dir;

static void fuzz_mkdirs(const char *path) {
  char partial[1024];
  size_t i;

  snprintf(partial, sizeof partial, "%s", path);
  for (i = 1; partial[i] != '\0'; i++) {
    if (partial[i] != '/')
      continue;
    partial[i] = '\0';
    if (mkdir(partial, 0777) != 0 && errno != EEXIST)
      harness_bail("cannot make the directory", partial);
    partial[i] = '/';
  }
  if (mkdir(partial, 0777) != 0 && errno != EEXIST)
    harness_bail("cannot make the directory", partial);
}

static void fuzz_write_seed(const char *label, const uint8_t *data, size_t len,
                            unsigned expect) {
  char path[1024];
  FILE *file;

  snprintf(path, sizeof path, "%s/seed-%s", fuzz_record_dir, label);
  file = fopen(path, "wb");
  if (file == NULL || fwrite(data, 1, len, file) != len || fclose(file) != 0)
    harness_bail("cannot write the seed", path);
}

void fuzz_init(void) {
  size_t i;

  fuzz_install_rand();
  for (i = 0; i < FUZZ_FIXTURES; i++)
    fuzz_fixtures[i] = fixture_load(fuzz_fixture_names[i]);
  fuzz_messages[0] = pattern(FUZZ_CLIENT_MESSAGE_LEN, 1);
  fuzz_messages[1] = pattern(FUZZ_SERVER_MESSAGE_LEN, 2);
  fuzz_record_dir = getenv("SP_FUZZ_RECORD");
  if (fuzz_record_dir != NULL && fuzz_record_dir[0] != '\0') {
    fuzz_mkdirs(fuzz_record_dir);
    fuzz_record(fuzz_write_seed);
    exit(0);
  }
}

void fuzz_shutdown(void) {
  size_t i;

  for (i = 0; i < FUZZ_FIXTURES; i++)
    fixture_free(&fuzz_fixtures[i]);
  free(fuzz_messages[0]);
  free(fuzz_messages[1]);
  fuzz_messages[0] = fuzz_messages[1] = NULL;
  for (i = 0; i < 2; i++)
    if (fuzz_providers[i] != NULL)
      OSSL_PROVIDER_unload(fuzz_providers[i]);
  fuzz_providers[0] = fuzz_providers[1] = NULL;
}

/* ---- contexts ------------------------------------------------------------ */

static void fuzz_use(sp_ctx *ctx, const char *cert, const char *key) {
  const fixture *c = fuzz_fixture(cert), *k = fuzz_fixture(key);
  sp_error err;

  if (sp_ctx_use_cert_chain_pem(ctx, c->data, c->len, &err) != SP_OK ||
      sp_ctx_use_key_pem(ctx, k->data, k->len, NULL, &err) != SP_OK)
    harness_bail(err.message, cert);
}

static void fuzz_trust(sp_ctx *ctx, const char *ca) {
  const fixture *f = fuzz_fixture(ca);
  sp_error err;

  if (sp_ctx_add_ca_pem(ctx, f->data, f->len, &err) != SP_OK)
    harness_bail(err.message, ca);
}

/* With FUZZ_PSK, TLS 1.2 ends offer a PSK suite first. */
#define FUZZ_PSK_CIPHERS                                                       \
  "PSK-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:"                       \
  "ECDHE-RSA-AES128-GCM-SHA256"

/*
 * A fresh context for each connection: a server's session cache would
 * otherwise remember earlier runs, and the same "random" session id drawn
 * again would be refused as a duplicate.
 */
static sp_ctx *fuzz_ctx(int role, unsigned config) {
  static const int only[4] = {0, SP_TLS1_2_VERSION, SP_TLS1_3_VERSION, 0};
  static const char cookie_secret[] = "a fixed secret for fuzzing cookies";
  int version = (int)(config & FUZZ_VERSION_MASK);
  sp_error err;
  sp_ctx *ctx;

  if (config & FUZZ_DTLS) {
    ctx = new_transport_ctx(SP_TRANSPORT_DTLS);
    if (role == SP_ROLE_SERVER &&
        sp_ctx_set_cookie_secret(ctx, cookie_secret, sizeof cookie_secret - 1,
                                 &err) != SP_OK)
      harness_bail("sp_ctx_set_cookie_secret", err.message);
  } else {
    ctx = new_ctx();
    ctx_range(ctx, only[version], only[version]);
  }
  if ((config & FUZZ_PSK) &&
      sp_ctx_set_ciphers(ctx, FUZZ_PSK_CIPHERS, NULL) != SP_OK)
    harness_bail("sp_ctx_set_ciphers", FUZZ_PSK_CIPHERS);
  if (role == SP_ROLE_SERVER) {
    switch ((config & FUZZ_CERT_MASK) >> FUZZ_CERT_SHIFT) {
    case 1:
      fuzz_use(ctx, "server-rsa-cert.pem", "server-rsa-key.pem");
      break;
    case 2:
      fuzz_use(ctx, "server-chain-fullchain.pem", "server-chain-key.pem");
      break;
    default:
      fuzz_use(ctx, "server-ecdsa-cert.pem", "server-ecdsa-key.pem");
      break;
    }
    fuzz_trust(ctx, "ca1-cert.pem"); /* for client certificates */
  } else {
    fuzz_trust(ctx, "ca1-cert.pem");
    if (config & FUZZ_CLIENT_CERT)
      fuzz_use(ctx, "client-cert.pem", "client-key.pem");
  }
  return ctx;
}

/* ---- the two ends -------------------------------------------------------- */

/* Who the DTLS server believes it talks to (cookies are bound to it). */
#define FUZZ_PEER_ID "127.0.0.1:5684"

/* ALPN/NPN lists in wire format: the client's and the server's preference. */
static const uint8_t fuzz_client_protos[] = "\x02h2\x08http/1.1";
static const uint8_t fuzz_server_protos[] = "\x08http/1.1\x02h2\x03" "foo";
static const char fuzz_psk_identity[] = "fuzz-device";
static const uint8_t fuzz_psk_key[32] = {0x5e, 0xc2, 0xe7, 0x01, 0x99, 0x42};

/* The server's PSK hook: the identity comes from the peer. */
static int fuzz_psk_lookup(void *arg, sp_conn *conn, const char *identity,
                           uint8_t *key, size_t *key_len) {
  fuzz_check_text(identity);
  if (strcmp(identity, fuzz_psk_identity) != 0 ||
      *key_len < sizeof fuzz_psk_key)
    return SP_ERROR;
  memcpy(key, fuzz_psk_key, sizeof fuzz_psk_key);
  *key_len = sizeof fuzz_psk_key;
  return SP_OK;
}

/* The client's: the hint (TLS 1.2) comes from the peer. */
static int fuzz_psk_client(void *arg, sp_conn *conn, const char *hint,
                           char *identity, size_t identity_cap, uint8_t *key,
                           size_t *key_len) {
  fuzz_check_text(hint);
  if (identity_cap <= strlen(fuzz_psk_identity) ||
      *key_len < sizeof fuzz_psk_key)
    return SP_ERROR;
  memcpy(identity, fuzz_psk_identity, sizeof fuzz_psk_identity);
  memcpy(key, fuzz_psk_key, sizeof fuzz_psk_key);
  *key_len = sizeof fuzz_psk_key;
  return SP_OK;
}

/* The connection settings of the second configuration byte. */
static void fuzz_end_features(fuzz_end *e) {
  sp_conn *conn = e->s.conn;
  int server = e->role == SP_ROLE_SERVER;

  if ((e->config & FUZZ_HELLO) && server)
    FUZZ_ASSERT(sp_conn_set_hello_pause(conn, 1) == SP_OK,
                "a server takes the ClientHello pause");
  if (e->config & FUZZ_ALPN) {
    const uint8_t *protos = server ? fuzz_server_protos : fuzz_client_protos;
    size_t len = server ? sizeof fuzz_server_protos - 1
                        : sizeof fuzz_client_protos - 1;
    FUZZ_ASSERT(sp_conn_set_alpn_protos(conn, protos, len) == SP_OK,
                "a connection takes ALPN protocols");
    FUZZ_ASSERT(sp_conn_set_npn_protos(conn, protos, len) == SP_OK,
                "a connection takes NPN protocols");
  }
  if ((e->config & FUZZ_PSK) && server)
    FUZZ_ASSERT(sp_conn_set_psk_lookup(conn, fuzz_psk_lookup, NULL) == SP_OK,
                "a server takes a PSK hook");
  if ((e->config & FUZZ_PSK) && !server)
    FUZZ_ASSERT(sp_conn_set_psk_client(conn, fuzz_psk_client, NULL) == SP_OK,
                "a client takes a PSK hook");
  if (e->config & FUZZ_SMALL)
    FUZZ_ASSERT(sp_conn_set_max_send_fragment(conn, 512) == SP_OK,
                "a connection takes a record size");
  if ((e->config & FUZZ_SMALL) && !server)
    FUZZ_ASSERT(sp_conn_set_max_fragment_length(conn, 512) == SP_OK,
                "a client asks for small records");
  if (e->config & FUZZ_SESSIONS)
    FUZZ_ASSERT(sp_conn_set_session_events(
                    conn, SP_SESSION_EVENTS |
                              (server ? SP_SESSION_HOLD : 0)) == SP_OK,
                "a connection reports sessions");
}

/* Paused at the ClientHello: read it as a caller would, move the
 * connection to a fresh context of the same kind, go on. */
static void fuzz_end_hello(fuzz_end *e) {
  sp_hello hello;
  sp_error err;
  sp_ctx *ctx;
  size_t i;

  FUZZ_ASSERT(sp_conn_hello(e->s.conn, &hello) == SP_OK,
              "a paused server shows the ClientHello");
  fuzz_check_text(hello.servername);
  for (i = 0; i < hello.session_id_len; i++)
    fuzz_sink += hello.session_id[i];
  for (i = 0; i < hello.alpn_len; i++)
    fuzz_sink += hello.alpn[i];
  FUZZ_ASSERT(hello.alpn != NULL || hello.alpn_len == 0,
              "an ALPN list has bytes");
  ctx = fuzz_ctx(e->role, e->config);
  FUZZ_ASSERT(sp_conn_set_ctx(e->s.conn, ctx, &err) == SP_OK,
              "a paused server takes another context");
  sp_ctx_unref(ctx);
  FUZZ_ASSERT(sp_conn_resume_hello(e->s.conn) == SP_OK,
              "a paused server resumes");
  fuzz_check_queue("the ClientHello pause");
}

/* Take every new session, as a caller storing them would. */
static void fuzz_end_sessions(fuzz_end *e) {
  sp_session session;
  int rc;

  while ((rc = sp_conn_take_session(e->s.conn, &session)) == SP_OK) {
    FUZZ_ASSERT(session.der != NULL && session.der_len > 0 &&
                    session.id_len <= sizeof session.id,
                "a new session has its DER and a valid id");
    sp_session_free(&session);
  }
  FUZZ_ASSERT(rc == SP_WANT_READ || rc == SP_ERROR,
              "sp_conn_take_session answers OK, WANT_READ or ERROR");
  if (e->role == SP_ROLE_SERVER)
    (void)sp_conn_release_output(e->s.conn);
  fuzz_check_queue("taking sessions");
}

/* Once connected, the server starts a renegotiation or a key update. */
static void fuzz_end_rekey(fuzz_end *e) {
  sp_error why;
  int rc;

  e->rekeyed = 1;
  if (e->role != SP_ROLE_SERVER)
    return;
  rc = strcmp(sp_conn_protocol(e->s.conn), "TLSv1.3") == 0
           ? sp_conn_key_update(e->s.conn, 1, &why)
           : sp_conn_renegotiate(e->s.conn, &why);
  fuzz_check_queue("sp_conn_key_update/sp_conn_renegotiate");
  FUZZ_ASSERT(rc == SP_OK || rc == SP_REFUSED || rc == SP_ERROR,
              "a rekey answers OK, REFUSED or ERROR");
  if (rc == SP_REFUSED)
    fuzz_check_error(&why, "a refused rekey says why");
  /* Closing before a renegotiation is over would leave the client unable
   * to finish it: the server's talk waits for its end. */
  if (rc == SP_OK && strcmp(sp_conn_protocol(e->s.conn), "TLSv1.3") != 0) {
    e->renegotiating = 1;
    e->s.events &= ~(unsigned)SP_EV_HANDSHAKE_DONE;
  }
}

static int fuzz_stream_of(const fuzz_end *e) {
  return e->role == SP_ROLE_CLIENT ? FUZZ_STREAM_CLIENT : FUZZ_STREAM_SERVER;
}

void fuzz_end_init(fuzz_end *e, int role, unsigned config) {
  sp_error err;
  sp_ctx *ctx;
  int flags;

  memset(e, 0, sizeof *e);
  e->role = role;
  e->config = config;
  fuzz_rand_use(fuzz_stream_of(e));
  ctx = fuzz_ctx(role, config);
  e->s.conn = sp_conn_new(ctx, role, &err);
  e->ctx = ctx;
  if (e->s.conn == NULL)
    harness_bail("sp_conn_new", err.message);
  if ((config & FUZZ_DTLS) && role == SP_ROLE_SERVER)
    FUZZ_ASSERT(sp_conn_set_peer_id(e->s.conn, FUZZ_PEER_ID,
                                    sizeof FUZZ_PEER_ID - 1) == SP_OK,
                "a DTLS server connection takes its peer's id");
  if (role == SP_ROLE_CLIENT) {
    FUZZ_ASSERT(sp_conn_set_servername(e->s.conn, "localhost") == SP_OK,
                "a client takes a server name");
  } else if (config & FUZZ_CLIENT_CERT) {
    flags = SP_VERIFY_PEER | SP_VERIFY_REQUIRE_CERT;
    if (config & FUZZ_ENFORCE)
      flags |= SP_VERIFY_ENFORCE;
    FUZZ_ASSERT(sp_conn_set_verify(e->s.conn, flags) == SP_OK,
                "a server takes verification flags");
  }
  fuzz_end_features(e);
  fuzz_check_queue("sp_conn_new");
}

static _Noreturn void fuzz_wrong_plaintext(const fuzz_end *e, size_t len,
                                           size_t at) {
  fprintf(stderr, "fuzz: %s received %zu bytes, differing from the %zu sent "
          "at byte %zu\n", e->role == SP_ROLE_CLIENT ? "client" : "server",
          e->s.received_len, len, at);
  fuzz_fail(__FILE__, __LINE__, "the plaintext received is not what the peer sent");
}

/*
 * DTLS may lose, repeat or reorder datagrams, and drops what fails its
 * checks: what arrives is pieces of the peer's message, each whole, each
 * at most once, in any order.
 */
static void fuzz_check_pieces(fuzz_end *e, const uint8_t *sent, size_t len) {
  size_t piece = len < FUZZ_DTLS_PIECE ? len : FUZZ_DTLS_PIECE;
  size_t count = (len + piece - 1) / piece, k;

  while (e->checked < e->s.received_len) {
    const uint8_t *got = e->s.received + e->checked;
    size_t left = e->s.received_len - e->checked;
    for (k = 0; k < count; k++) {
      size_t n = k + 1 < count ? piece : len - k * piece;
      if (n <= left && memcmp(got, sent + k * piece, n) == 0 &&
          !(e->pieces & (1ull << k))) {
        e->pieces |= 1ull << k;
        e->checked += n;
        break;
      }
    }
    if (k == count)
      fuzz_wrong_plaintext(e, len, e->checked);
  }
}

/* What the peer could have sent us: its message, when it talks. */
static void fuzz_check_received(fuzz_end *e) {
  size_t len, at = 0;
  const uint8_t *sent =
      fuzz_message(e->role == SP_ROLE_CLIENT ? SP_ROLE_SERVER : SP_ROLE_CLIENT,
                   &len);

  FUZZ_ASSERT(e->s.received_len == 0 || (e->config & FUZZ_TALK),
              "plaintext arrived though the peer sent none");
  if (e->config & FUZZ_DTLS) {
    fuzz_check_pieces(e, sent, len);
    return;
  }
  while (at < e->s.received_len && at < len && e->s.received[at] == sent[at])
    at++;
  if (at != e->s.received_len)
    fuzz_wrong_plaintext(e, len, at);
}

/* Whether `proto` is one of the names of a wire-format list. */
static int fuzz_in_list(const uint8_t *list, size_t list_len,
                        const uint8_t *proto, size_t len) {
  size_t at = 0;

  while (at < list_len) {
    size_t n = list[at];
    if (n == len && at + 1 + n <= list_len && memcmp(list + at + 1, proto, n) == 0)
      return 1;
    at += 1 + n;
  }
  return 0;
}

static void fuzz_check_connected(const fuzz_end *e) {
  sp_cipher_info cipher;
  const uint8_t *proto;
  size_t len = 0;

  FUZZ_ASSERT(sp_conn_protocol(e->s.conn) != NULL,
              "a connected end names its protocol");
  FUZZ_ASSERT(sp_conn_cipher(e->s.conn, &cipher) == SP_OK &&
                  cipher.name != NULL,
              "a connected end names its cipher");
  proto = sp_conn_alpn_selected(e->s.conn, &len);
  FUZZ_ASSERT(proto == NULL || ((e->config & FUZZ_ALPN) &&
                                fuzz_in_list(fuzz_client_protos,
                                             sizeof fuzz_client_protos - 1,
                                             proto, len)),
              "a negotiated protocol is one the client offered");
  proto = sp_conn_npn_selected(e->s.conn, &len);
  FUZZ_ASSERT(proto == NULL || (e->config & FUZZ_ALPN),
              "NPN negotiated though nobody offered it");
}

static void fuzz_end_talk(fuzz_end *e) {
  const uint8_t *message;
  size_t len, written = 0;
  int rc;

  e->talked = 1;
  message = fuzz_message(e->role, &len);
  if (e->config & FUZZ_DTLS) { /* a record per datagram, each within the MTU */
    size_t at = 0;
    FUZZ_ASSERT(sp_conn_dtls_data_mtu(e->s.conn) >= FUZZ_DTLS_PIECE,
                "a DTLS connection carries a piece per datagram");
    for (rc = SP_OK; rc == SP_OK && at < len; at += written) {
      rc = sp_conn_write(e->s.conn, message + at,
                         len - at < FUZZ_DTLS_PIECE ? len - at : FUZZ_DTLS_PIECE,
                         &written);
      fuzz_check_queue("sp_conn_write");
    }
  } else {
    rc = sp_conn_write(e->s.conn, message, len, &written);
    fuzz_check_queue("sp_conn_write");
    FUZZ_ASSERT(rc != SP_OK || written == len, "a write takes all or nothing");
  }
  FUZZ_ASSERT(rc == SP_OK || rc == SP_WANT_READ || rc == SP_ERROR,
              "sp_conn_write answers OK, WANT_READ or ERROR");
  if (rc == SP_WANT_READ) /* a renegotiation waits for the peer: later */
    e->talked = 0;
  if (rc != SP_OK)
    return;
  rc = sp_conn_shutdown(e->s.conn);
  fuzz_check_queue("sp_conn_shutdown");
  FUZZ_ASSERT(rc == SP_OK || rc == SP_ERROR,
              "sp_conn_shutdown answers OK or ERROR");
}

void fuzz_end_step(fuzz_end *e) {
  fuzz_rand_use(fuzz_stream_of(e));
  side_step(&e->s);
  fuzz_check_queue("sp_conn_handshake/sp_conn_read");
  FUZZ_ASSERT(fuzz_is_status(e->s.rc), "an unknown status");
  if (e->s.rc == SP_WANT_HELLO) {
    FUZZ_ASSERT(e->config & FUZZ_HELLO, "a pause nobody asked for");
    fuzz_end_hello(e);
    side_step(&e->s);
    fuzz_check_queue("sp_conn_handshake/sp_conn_read");
    FUZZ_ASSERT(fuzz_is_status(e->s.rc) && e->s.rc != SP_WANT_HELLO,
                "a resumed server does not pause again");
  }
  if (e->config & FUZZ_SESSIONS)
    fuzz_end_sessions(e);
  if (e->s.rc == SP_ERROR)
    fuzz_check_error(sp_conn_error(e->s.conn), "SP_ERROR without an error");
  fuzz_check_received(e);
  if (!sp_conn_handshake_done(e->s.conn))
    return;
  if (!e->connected) /* (a renegotiation may hide the cipher for a while) */
    fuzz_check_connected(e);
  e->connected = 1;
  if ((e->config & FUZZ_REKEY) && !e->rekeyed &&
      sp_conn_error(e->s.conn) == NULL)
    fuzz_end_rekey(e);
  if (e->renegotiating && (e->s.events & SP_EV_HANDSHAKE_DONE))
    e->renegotiating = 0;
  if ((e->config & FUZZ_TALK) && !e->talked && !e->renegotiating &&
      sp_conn_error(e->s.conn) == NULL)
    fuzz_end_talk(e);
}

void fuzz_end_feed(fuzz_end *e, const uint8_t *data, size_t len) {
  int rc;

  fuzz_rand_use(fuzz_stream_of(e));
  rc = sp_conn_feed(e->s.conn, data, len);
  fuzz_check_queue("sp_conn_feed");
  FUZZ_ASSERT(rc == SP_OK || rc == SP_ERROR, "sp_conn_feed answers OK or ERROR");
  FUZZ_ASSERT(rc == SP_OK || sp_conn_error(e->s.conn) != NULL,
              "a refused feed leaves an error");
  fuzz_end_step(e);
}

void fuzz_end_eof(fuzz_end *e) {
  int rc;

  fuzz_rand_use(fuzz_stream_of(e));
  rc = sp_conn_feed_eof(e->s.conn);
  fuzz_check_queue("sp_conn_feed_eof");
  FUZZ_ASSERT(rc == SP_CLOSED || rc == SP_ERROR,
              "sp_conn_feed_eof answers CLOSED or ERROR");
  if (rc == SP_ERROR)
    fuzz_check_error(sp_conn_error(e->s.conn), "SP_ERROR without an error");
  fuzz_end_step(e);
  FUZZ_ASSERT(e->s.rc == SP_CLOSED || e->s.rc == SP_ERROR,
              "after the end of the transport, reads answer CLOSED or ERROR");
}

int fuzz_end_got_message(const fuzz_end *e) {
  size_t len;

  fuzz_message(e->role == SP_ROLE_CLIENT ? SP_ROLE_SERVER : SP_ROLE_CLIENT,
               &len);
  return e->s.received_len == len;
}

static void fuzz_check_names(const sp_name_entry *names, size_t count) {
  size_t i;

  for (i = 0; i < count; i++) {
    FUZZ_ASSERT(names[i].key != NULL && names[i].value != NULL,
                "a name entry has a key and a value");
    fuzz_check_text(names[i].key);
    fuzz_check_text(names[i].value);
  }
}

static void fuzz_check_fingerprint(const char *text, size_t bytes) {
  size_t i;

  FUZZ_ASSERT(text != NULL && strlen(text) == bytes * 3 - 1,
              "a fingerprint has one hex pair per byte");
  for (i = 0; i < bytes * 3 - 1; i++)
    FUZZ_ASSERT(i % 3 == 2 ? text[i] == ':'
                           : strchr("0123456789ABCDEF", text[i]) != NULL,
                "a fingerprint is upper-case hex separated by colons");
}

void fuzz_check_cert(const sp_cert *cert) {
  size_t i;

  fuzz_check_names(cert->subject, cert->subject_count);
  fuzz_check_names(cert->issuer, cert->issuer_count);
  fuzz_check_text(cert->subjectaltname);
  fuzz_check_text(cert->infoaccess);
  fuzz_check_text(cert->modulus);
  fuzz_check_text(cert->exponent);
  fuzz_check_text(cert->asn1_curve);
  fuzz_check_text(cert->nist_curve);
  FUZZ_ASSERT(cert->valid_from != NULL && cert->valid_to != NULL,
              "a certificate has its validity dates");
  fuzz_check_text(cert->valid_from);
  fuzz_check_text(cert->valid_to);
  FUZZ_ASSERT(cert->serial_number != NULL && cert->serial_number[0] != '\0',
              "a certificate has a serial number");
  /* A negative serial (invalid, but seen) keeps its sign, as in Node. */
  for (i = cert->serial_number[0] == '-'; cert->serial_number[i] != '\0'; i++)
    FUZZ_ASSERT(strchr("0123456789ABCDEF", cert->serial_number[i]) != NULL,
                "a serial number is upper-case hex");
  fuzz_check_fingerprint(cert->fingerprint, 20);
  fuzz_check_fingerprint(cert->fingerprint256, 32);
  fuzz_check_fingerprint(cert->fingerprint512, 64);
  for (i = 0; i < cert->ext_key_usage_count; i++)
    FUZZ_ASSERT(cert->ext_key_usage[i] != NULL &&
                    strlen(cert->ext_key_usage[i]) > 0,
                "an extended key usage is an OID");
  FUZZ_ASSERT(cert->raw != NULL && cert->raw_len > 0,
              "a certificate keeps its DER");
  FUZZ_ASSERT((cert->pubkey == NULL) == (cert->pubkey_len == 0),
              "a public key has a length");
  for (i = 0; i < cert->pubkey_len; i++) /* readable to its last byte */
    fuzz_sink += cert->pubkey[i];
  for (i = 0; i < cert->raw_len; i++)
    fuzz_sink += cert->raw[i];
}

/* The getters a caller uses to explain a connection, working or failed. */
static void fuzz_explain(sp_conn *conn) {
  sp_error err, verify;
  sp_cert **chain = NULL;
  sp_cert *cert;
  size_t count = 0, i;
  long result;

  (void)sp_conn_servername(conn);
  (void)sp_conn_is_server(conn);
  result = sp_conn_verify_result(conn);
  sp_error_from_verify(&verify, result);
  if (result != 0)
    fuzz_check_error(&verify, "a verify result has a description");
  cert = sp_conn_peer_cert(conn, &err);
  fuzz_check_queue("sp_conn_peer_cert");
  FUZZ_ASSERT(cert != NULL || !sp_conn_has_peer_cert(conn) ||
                  err.kind != SP_EK_NONE,
              "a peer certificate that cannot be converted says why");
  if (cert != NULL) {
    fuzz_check_cert(cert);
    sp_cert_free(cert);
  }
  if (sp_conn_peer_chain(conn, &chain, &count, &err) == SP_OK) {
    for (i = 0; i < count; i++)
      fuzz_check_cert(chain[i]);
    sp_cert_chain_free(chain, count);
  } else {
    fuzz_check_error(&err, "sp_conn_peer_chain failed without an error");
  }
  fuzz_check_queue("sp_conn_peer_chain");
  cert = sp_conn_local_cert(conn, &err);
  fuzz_check_queue("sp_conn_local_cert");
  if (cert != NULL)
    sp_cert_free(cert);
}

/* A failed connection stays failed, the same way (sticky error). */
static void fuzz_check_sticky(sp_conn *conn) {
  const sp_error *first = sp_conn_error(conn);
  char code[sizeof first->code];
  unsigned char buf[16];
  size_t n;

  memcpy(code, first->code, sizeof code);
  FUZZ_ASSERT(sp_conn_handshake(conn) == SP_ERROR, "handshake stays failed");
  FUZZ_ASSERT(sp_conn_read(conn, buf, sizeof buf, &n) == SP_ERROR,
              "read stays failed");
  FUZZ_ASSERT(sp_conn_write(conn, "x", 1, &n) == SP_ERROR,
              "write stays failed");
  FUZZ_ASSERT(sp_conn_feed(conn, "x", 1) == SP_ERROR, "feed stays failed");
  FUZZ_ASSERT(sp_conn_shutdown(conn) == SP_ERROR, "shutdown stays failed");
  FUZZ_ASSERT(strcmp(sp_conn_error(conn)->code, code) == 0,
              "the first error is kept");
  fuzz_check_queue("a call on a failed connection");
}

void fuzz_end_finish(fuzz_end *e) {
  fuzz_rand_use(fuzz_stream_of(e));
  fuzz_explain(e->s.conn);
  sp_error_clear(&e->error);
  if (sp_conn_error(e->s.conn) != NULL) {
    e->error = *sp_conn_error(e->s.conn);
    fuzz_check_error(&e->error, "a failed connection");
    fuzz_check_sticky(e->s.conn);
  }
  (void)sp_conn_take_events(e->s.conn);
  sp_conn_free(e->s.conn);
  sp_ctx_unref(e->ctx);
  free(e->s.received);
  e->s.conn = NULL;
  e->ctx = NULL;
  e->s.received = NULL;
}

/* ---- inputs and seeds ---------------------------------------------------- */

int fuzz_next_flight(fuzz_reader *r, const uint8_t **flight, size_t *len) {
  size_t want;

  if (r->len == 0)
    return 0;
  if (r->len < 2) {
    *flight = r->data;
    *len = r->len;
    r->data += r->len;
    r->len = 0;
    return 1;
  }
  want = (size_t)r->data[0] << 8 | r->data[1];
  r->data += 2;
  r->len -= 2;
  *len = want < r->len ? want : r->len;
  *flight = r->data;
  r->data += *len;
  r->len -= *len;
  return 1;
}

void fuzz_buf_add(fuzz_buf *b, const void *data, size_t len) {
  if (len == 0)
    return;
  if (b->len + len > b->cap) {
    size_t cap = (b->len + len) * 2;
    uint8_t *grown = realloc(b->data, cap);
    if (grown == NULL)
      harness_bail("out of memory", "fuzz_buf_add");
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

void fuzz_buf_add_flight(fuzz_buf *b, const uint8_t *data, size_t len) {
  uint8_t header[2];

  FUZZ_ASSERT(len <= 0xffff, "a recorded flight fits a 16-bit length");
  header[0] = (uint8_t)(len >> 8);
  header[1] = (uint8_t)len;
  fuzz_buf_add(b, header, sizeof header);
  fuzz_buf_add(b, data, len);
}

void fuzz_buf_free(fuzz_buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

/* ---- a real pair --------------------------------------------------------- */

/*
 * Move what `from` has queued to `to`, a flight at a time (a TLS stream's
 * whole output, or one DTLS datagram); returns the bytes taken from `from`.
 */
static size_t fuzz_pass(fuzz_end *from, fuzz_end *to, int to_eof,
                        fuzz_flight_fn *on_flight, void *opaque,
                        unsigned *index, int *eof) {
  const uint8_t *data;
  size_t n, moved = 0;

  while ((n = sp_conn_output_peek(from->s.conn, &data)) > 0) {
    fuzz_buf flight = {NULL, 0, 0};

    fuzz_buf_add(&flight, data, n);
    sp_conn_output_consume(from->s.conn, n);
    fuzz_check_queue("sp_conn_output_consume");
    moved += n;
    if (!to_eof && !*eof) { /* after the end of the transport, nothing arrives */
      if (on_flight != NULL)
        on_flight(opaque, to->role == SP_ROLE_SERVER, (*index)++, &flight, eof);
      fuzz_end_feed(to, flight.data, flight.len);
      if (*eof)
        fuzz_end_eof(to);
    }
    fuzz_buf_free(&flight);
  }
  return moved;
}

const unsigned fuzz_seed_configs[] = {
    /* each protocol with each kind of server certificate */
    FUZZ_TALK | 1, FUZZ_TALK | 2,
    FUZZ_TALK | 1 | (1 << FUZZ_CERT_SHIFT), FUZZ_TALK | 2 | (1 << FUZZ_CERT_SHIFT),
    FUZZ_TALK | 1 | (2 << FUZZ_CERT_SHIFT), FUZZ_TALK | 2 | (2 << FUZZ_CERT_SHIFT),
    /* client certificates, required and merely recorded */
    FUZZ_TALK | FUZZ_CLIENT_CERT | FUZZ_ENFORCE | 1,
    FUZZ_TALK | FUZZ_CLIENT_CERT | FUZZ_ENFORCE | 2,
    FUZZ_TALK | FUZZ_CLIENT_CERT | 2,
    /* the default range, the end of the transport, silence */
    FUZZ_TALK | FUZZ_EOF | 0, FUZZ_EOF | 1, FUZZ_EOF | 2, 0,
    /* the features, in each protocol */
    FUZZ_TALK | FUZZ_HELLO | FUZZ_ALPN | 1, FUZZ_TALK | FUZZ_HELLO | FUZZ_ALPN | 2,
    FUZZ_TALK | FUZZ_PSK | 1, FUZZ_TALK | FUZZ_PSK | 2,
    FUZZ_TALK | FUZZ_SMALL | 1, FUZZ_TALK | FUZZ_SMALL | 2,
    FUZZ_TALK | FUZZ_SESSIONS | 1, FUZZ_TALK | FUZZ_SESSIONS | 2,
    FUZZ_TALK | FUZZ_REKEY | 1, FUZZ_TALK | FUZZ_REKEY | 2,
    /* DTLS */
    FUZZ_DTLS | FUZZ_TALK, FUZZ_DTLS | FUZZ_TALK | (1 << FUZZ_CERT_SHIFT),
    FUZZ_DTLS | FUZZ_TALK | FUZZ_CLIENT_CERT | FUZZ_ENFORCE,
    FUZZ_DTLS | FUZZ_TALK | FUZZ_PSK | FUZZ_ALPN | FUZZ_SESSIONS};
const size_t fuzz_seed_config_count =
    sizeof fuzz_seed_configs / sizeof fuzz_seed_configs[0];

void fuzz_run_pair(unsigned config, fuzz_flight_fn *on_flight, void *opaque,
                   fuzz_end ends[2]) {
  fuzz_end client, server;
  int eof[2] = {0, 0}; /* the transport into the client, the server ended */
  unsigned index = 0, rounds;
  size_t moved;

  fuzz_rand_reset();
  fuzz_end_init(&client, SP_ROLE_CLIENT, config);
  fuzz_end_init(&server, SP_ROLE_SERVER, config);
  fuzz_end_step(&client);
  fuzz_end_step(&server);
  for (rounds = 0; rounds < 64; rounds++) {
    moved = fuzz_pass(&client, &server, eof[1], on_flight, opaque, &index,
                      &eof[1]);
    moved += fuzz_pass(&server, &client, eof[0], on_flight, opaque, &index,
                       &eof[0]);
    if (moved == 0)
      break;
  }
  FUZZ_ASSERT(rounds < 64, "two engines keep talking forever");
  if (config & FUZZ_EOF) {
    if (!eof[1])
      fuzz_end_eof(&server);
    if (!eof[0])
      fuzz_end_eof(&client);
  }
  fuzz_end_finish(&client);
  fuzz_end_finish(&server);
  if (ends != NULL) {
    ends[0] = client;
    ends[1] = server;
  }
}

/* ---- one end against recorded or fuzzed flights -------------------------- */

unsigned fuzz_config(const uint8_t *data, size_t size) {
  return size < FUZZ_CONFIG_BYTES ? 0 : (unsigned)data[0] | (unsigned)data[1] << 8;
}

/* The configuration bytes that lead a seed. */
static void fuzz_buf_add_config(fuzz_buf *b, unsigned config) {
  uint8_t bytes[FUZZ_CONFIG_BYTES] = {(uint8_t)config, (uint8_t)(config >> 8)};

  fuzz_buf_add(b, bytes, sizeof bytes);
}

/* Throw away all output (DTLS hands it out a datagram at a time). */
static void fuzz_drain(fuzz_end *e) {
  const uint8_t *data;
  size_t n;

  while ((n = sp_conn_output_peek(e->s.conn, &data)) > 0)
    sp_conn_output_consume(e->s.conn, n);
  fuzz_check_queue("sp_conn_output_consume");
}

/* A DTLS server also runs the stateless cookie check on every datagram,
 * as one does for peers it has no connection for yet. */
static void fuzz_check_cookie(const fuzz_end *e, const uint8_t *datagram,
                              size_t len) {
  uint8_t reply[256];
  size_t reply_len = sizeof reply;
  sp_error err;
  int rc;

  if (!(e->config & FUZZ_DTLS) || e->role != SP_ROLE_SERVER)
    return;
  rc = sp_dtls_check_client_hello(e->ctx, datagram, len, FUZZ_PEER_ID,
                                  sizeof FUZZ_PEER_ID - 1, reply, &reply_len,
                                  &err);
  fuzz_check_queue("sp_dtls_check_client_hello");
  FUZZ_ASSERT(rc == SP_OK || rc == SP_WANT_WRITE || rc == SP_REFUSED,
              "the cookie check answers OK, WANT_WRITE or REFUSED");
  FUZZ_ASSERT(rc != SP_WANT_WRITE || (reply_len > 0 && reply_len <= sizeof reply),
              "a HelloVerifyRequest fits the room given");
}

void fuzz_feed_one_end(int role, const uint8_t *data, size_t size) {
  fuzz_reader input;
  const uint8_t *flight;
  size_t len;
  fuzz_end end;
  unsigned config;

  fuzz_outcome = 0;
  if (size < FUZZ_CONFIG_BYTES)
    return;
  config = fuzz_config(data, size);
  input.data = data + FUZZ_CONFIG_BYTES;
  input.len = size - FUZZ_CONFIG_BYTES;
  /* The same steps as fuzz_run_pair() takes for this end, so the same
   * draws from its stream: replayed flights match what it computes. */
  fuzz_rand_reset();
  fuzz_end_init(&end, role, config);
  fuzz_end_step(&end); /* a client's ClientHello */
  fuzz_drain(&end);
  while (fuzz_next_flight(&input, &flight, &len)) {
    fuzz_check_cookie(&end, flight, len);
    fuzz_end_feed(&end, flight, len);
    fuzz_drain(&end);
  }
  if (config & FUZZ_EOF)
    fuzz_end_eof(&end);
  if (end.connected)
    fuzz_outcome |= FUZZ_EXPECT_CONNECTED;
  if (fuzz_end_got_message(&end))
    fuzz_outcome |= FUZZ_EXPECT_MESSAGE;
  fuzz_end_finish(&end);
}

typedef struct fuzz_recording {
  int to_server; /* which direction to keep */
  fuzz_buf seed;
} fuzz_recording;

static void fuzz_keep_flight(void *opaque, int to_server, unsigned index,
                             fuzz_buf *flight, int *eof) {
  fuzz_recording *r = opaque;

  if (to_server == r->to_server)
    fuzz_buf_add_flight(&r->seed, flight->data, flight->len);
}

void fuzz_record_one_end(int role, fuzz_emit_fn *emit) {
  size_t i;

  for (i = 0; i < fuzz_seed_config_count; i++) {
    unsigned config = fuzz_seed_configs[i];
    fuzz_recording r = {role == SP_ROLE_SERVER, {NULL, 0, 0}};
    fuzz_end ends[2];
    const fuzz_end *end;
    char label[32];
    unsigned expect = 0;

    fuzz_buf_add_config(&r.seed, config);
    fuzz_run_pair(config, fuzz_keep_flight, &r, ends);
    end = &ends[role == SP_ROLE_SERVER ? 1 : 0];
    if (end->connected)
      expect |= FUZZ_EXPECT_CONNECTED;
    if (fuzz_end_got_message(end))
      expect |= FUZZ_EXPECT_MESSAGE;
    snprintf(label, sizeof label, "config-%04x", config);
    emit(label, r.seed.data, r.seed.len, expect);
    fuzz_buf_free(&r.seed);
  }
}
