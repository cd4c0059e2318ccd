/*
 * DTLS 1.2: the datagram side of the engine.
 *
 * A DTLS connection sits on one BIO of our own (both its read and its
 * write side) that keeps datagram boundaries, which a memory BIO cannot:
 * each sp_conn_feed() is one queued input datagram that OpenSSL reads
 * whole, each BIO_write() OpenSSL makes is one output datagram. OpenSSL
 * 3.0 has no datagram pair BIO (BIO_s_dgram_pair came with 3.2), hence
 * this one. It does no I/O: the caller owns the socket, the clock and the
 * peer addresses.
 *
 * Also here: the retransmission timers, the MTU, and the stateless cookie
 * exchange (HelloVerifyRequest) servers run before keeping any state.
 */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h> /* struct timeval, for DTLSv1_get_timeout */

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

/* ---- the datagram queue ------------------------------------------------- */

typedef struct sp__datagram {
  struct sp__datagram *next;
  size_t len;
  uint8_t data[];
} sp__datagram;

typedef struct sp__dgram_queue {
  sp__datagram *head, *tail;
  size_t count;
  size_t bytes;
} sp__dgram_queue;

/* What the BIO holds: both directions, plus what OpenSSL asks about. */
typedef struct sp__dgram_bio {
  sp__dgram_queue in;  /* fed by the caller, read by OpenSSL */
  sp__dgram_queue out; /* written by OpenSSL, taken by the caller */
  uint8_t peer_id[SP_DTLS_MAX_PEER_ID_LEN];
  size_t peer_id_len;
  long mtu; /* what QUERY_MTU answers (we also set it on the SSL) */
} sp__dgram_bio;

/*
 * Bounds. The input queue holds a few flights (the caller steps the
 * connection after each feed, so it rarely holds more than one datagram);
 * anything beyond is what a full socket buffer would have lost anyway. When
 * it is full the NEWEST datagram is dropped (as a kernel drops what does
 * not fit), so what OpenSSL already waits for is kept. The output queue
 * must hold one whole flight, however small the MTU (a 16 KiB chain at an
 * MTU of 256 is some 80 datagrams), or every retransmission of it would
 * lose its start again; past its bound, a caller that never drains loses
 * the OLDEST datagrams (stale retransmissions) rather than the engine
 * growing without end.
 */
#define SP__DGRAM_MAX_IN 64
#define SP__DGRAM_MAX_OUT 512
#define SP__DGRAM_MAX_LEN 65535 /* the largest UDP payload */

static void sp__queue_pop(sp__dgram_queue *q) {
  sp__datagram *d = q->head;

  if (d == NULL)
    return;
  q->head = d->next;
  if (q->head == NULL)
    q->tail = NULL;
  q->count--;
  q->bytes -= d->len;
  free(d);
}

static void sp__queue_clear(sp__dgram_queue *q) {
  while (q->head != NULL)
    sp__queue_pop(q);
}

/* 1 queued, 0 dropped because full (drop_oldest: make room instead),
 * -1 out of memory. */
static int sp__queue_push(sp__dgram_queue *q, size_t max, const void *data,
                          size_t len, int drop_oldest) {
  sp__datagram *d;

  if (q->count >= max) {
    if (!drop_oldest)
      return 0;
    sp__queue_pop(q);
  }
  d = malloc(sizeof *d + (len > 0 ? len : 1));
  if (d == NULL)
    return -1;
  d->next = NULL;
  d->len = len;
  if (len > 0)
    memcpy(d->data, data, len);
  if (q->tail != NULL)
    q->tail->next = d;
  else
    q->head = d;
  q->tail = d;
  q->count++;
  q->bytes += len;
  return 1;
}

/* ---- the BIO method ----------------------------------------------------- */

static int sp__dgram_create(BIO *bio) {
  sp__dgram_bio *state = calloc(1, sizeof *state);

  if (state == NULL)
    return 0;
  state->mtu = SP_DTLS_DEFAULT_MTU;
  BIO_set_data(bio, state);
  BIO_set_init(bio, 1);
  return 1;
}

static int sp__dgram_destroy(BIO *bio) {
  sp__dgram_bio *state = BIO_get_data(bio);

  if (state != NULL) {
    sp__queue_clear(&state->in);
    sp__queue_clear(&state->out);
    free(state);
  }
  BIO_set_data(bio, NULL);
  return 1;
}

/* One datagram out; a buffer too small truncates it, as recvfrom() does. */
static int sp__dgram_read(BIO *bio, char *buf, size_t cap, size_t *got) {
  sp__dgram_bio *state = BIO_get_data(bio);
  sp__datagram *d = state != NULL ? state->in.head : NULL;

  BIO_clear_retry_flags(bio);
  if (d == NULL) {
    BIO_set_retry_read(bio); /* nothing yet: come back later */
    return 0;
  }
  *got = d->len < cap ? d->len : cap;
  memcpy(buf, d->data, *got);
  sp__queue_pop(&state->in);
  return 1;
}

/* Each write OpenSSL makes is one datagram (it writes whole records). */
static int sp__dgram_write(BIO *bio, const char *data, size_t len,
                           size_t *written) {
  sp__dgram_bio *state = BIO_get_data(bio);

  BIO_clear_retry_flags(bio);
  if (state == NULL ||
      sp__queue_push(&state->out, SP__DGRAM_MAX_OUT, data, len, 1) < 0)
    return 0;
  *written = len;
  return 1;
}

static long sp__dgram_ctrl(BIO *bio, int cmd, long num, void *ptr) {
  sp__dgram_bio *state = BIO_get_data(bio);

  (void)ptr;
  if (state == NULL)
    return 0;
  switch (cmd) {
  case BIO_CTRL_PENDING: /* the next datagram's size */
    return state->in.head != NULL ? (long)state->in.head->len : 0;
  case BIO_CTRL_WPENDING: /* writes are taken at once: nothing waits */
    return 0;
  case BIO_CTRL_FLUSH:
  case BIO_CTRL_DGRAM_SET_CONNECTED:
  case BIO_CTRL_DGRAM_SET_PEER:
  case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT: /* OpenSSL keeps its own timer */
  case BIO_C_SET_BUF_MEM_EOF_RETURN:    /* sp_conn_feed_eof(): no EOF in UDP */
    return 1;
  case BIO_CTRL_DGRAM_QUERY_MTU:
  case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
    return state->mtu;
  case BIO_CTRL_DGRAM_SET_MTU:
    state->mtu = num;
    return num;
  case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
    /* The caller's MTU is the UDP payload size: no headers to subtract. */
    return 0;
  case BIO_CTRL_DGRAM_GET_PEER: /* a peer id is no BIO_ADDR: unknown */
  case BIO_CTRL_DGRAM_MTU_EXCEEDED:
  default:
    return 0;
  }
}

static BIO_METHOD *sp__dgram_method;
static int sp__dgram_type;
static CRYPTO_ONCE sp__dgram_once = CRYPTO_ONCE_STATIC_INIT;

static void sp__dgram_method_init(void) {
  int type = BIO_get_new_index();
  BIO_METHOD *method;

  if (type == -1)
    return;
  type |= BIO_TYPE_SOURCE_SINK;
  method = BIO_meth_new(type, "securepair datagram queue");
  if (method == NULL)
    return;
  if (BIO_meth_set_create(method, sp__dgram_create) != 1 ||
      BIO_meth_set_destroy(method, sp__dgram_destroy) != 1 ||
      BIO_meth_set_read_ex(method, sp__dgram_read) != 1 ||
      BIO_meth_set_write_ex(method, sp__dgram_write) != 1 ||
      BIO_meth_set_ctrl(method, sp__dgram_ctrl) != 1) {
    BIO_meth_free(method);
    return;
  }
  sp__dgram_type = type;
  sp__dgram_method = method; /* lives as long as the process */
}

static BIO *sp__dgram_bio_new(void) {
  if (CRYPTO_THREAD_run_once(&sp__dgram_once, sp__dgram_method_init) != 1 ||
      sp__dgram_method == NULL)
    return NULL;
  return BIO_new(sp__dgram_method);
}

/* Our state, if `bio` is one of ours (OpenSSL hands callbacks any BIO). */
static sp__dgram_bio *sp__state_of(BIO *bio) {
  if (bio == NULL || sp__dgram_method == NULL ||
      BIO_method_type(bio) != sp__dgram_type)
    return NULL;
  return BIO_get_data(bio);
}

static sp__dgram_bio *sp__conn_state(const sp_conn *conn) {
  return conn != NULL && conn->dtls != NULL ? BIO_get_data(conn->dtls->bio)
                                            : NULL;
}

/* ---- retransmission timers ---------------------------------------------- */

/*
 * OpenSSL asks how long to wait before the next retransmission: 0 on the
 * first flight, the previous wait afterwards. Without a setting of ours it
 * is OpenSSL's own policy (1 s, doubled each time up to 60 s).
 */
static unsigned int sp__timer_cb(SSL *ssl, unsigned int previous_us) {
  sp_conn *conn = SSL_get_app_data(ssl);
  unsigned long long next;

  if (conn == NULL || conn->dtls == NULL || conn->dtls->initial_ms == 0)
    return previous_us == 0
               ? 1000000u
               : (previous_us >= 30000000u ? 60000000u : previous_us * 2u);
  if (previous_us == 0)
    next = (unsigned long long)conn->dtls->initial_ms * 1000u;
  else
    next = (unsigned long long)previous_us * 2u;
  if (next > (unsigned long long)conn->dtls->max_ms * 1000u)
    next = (unsigned long long)conn->dtls->max_ms * 1000u;
  return (unsigned int)next;
}

/* ---- a connection's DTLS state ------------------------------------------ */

int sp__dtls_attach(sp_conn *conn) {
  BIO *bio;

  conn->dtls = calloc(1, sizeof *conn->dtls);
  if (conn->dtls == NULL)
    return 0;
  bio = sp__dgram_bio_new();
  if (bio == NULL)
    return 0;
  conn->dtls->bio = bio;
  SSL_set_bio(conn->ssl, bio, bio); /* one reference, held by the SSL */
  conn->rbio = conn->wbio = bio;
  /* The MTU is ours to say (the caller knows its path); OpenSSL asks the
   * BIO only when told nothing, and we always tell it. */
  SSL_set_options(conn->ssl, SSL_OP_NO_QUERY_MTU);
  if (SSL_set_mtu(conn->ssl, SP_DTLS_DEFAULT_MTU) <= 0 /* it answers the MTU */)
    return 0;
  DTLS_set_timer_cb(conn->ssl, sp__timer_cb);
  return 1;
}

void sp__dtls_free(sp_conn *conn) {
  free(conn->dtls); /* the BIO went with the SSL */
  conn->dtls = NULL;
}

static int sp__require_dtls(sp_conn *conn) {
  if (conn == NULL || conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (conn->dtls == NULL)
    return sp__conn_fail_arg(conn, "not a DTLS connection");
  return SP_OK;
}

int sp_conn_set_mtu(sp_conn *conn, size_t mtu) {
  int rc = sp__require_dtls(conn);

  if (rc != SP_OK)
    return rc;
  if (mtu < SP_DTLS_MIN_MTU || mtu > SP__DGRAM_MAX_LEN)
    return sp__conn_fail_arg(conn, "the MTU must be 256..65535 bytes");
  ERR_clear_error();
  if (SSL_set_mtu(conn->ssl, (long)mtu) <= 0)
    return sp__conn_fail_from_queue(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                                    "OpenSSL refused the MTU");
  sp__conn_state(conn)->mtu = (long)mtu;
  return SP_OK;
}

size_t sp_conn_dtls_data_mtu(const sp_conn *conn) {
  if (conn == NULL || conn->dtls == NULL)
    return 0;
  /* Needs the suite: before the handshake there is no answer. */
  return sp_conn_handshake_done(conn) ? DTLS_get_data_mtu(conn->ssl) : 0;
}

int sp_conn_set_dtls_retransmit(sp_conn *conn, unsigned initial_ms,
                                unsigned max_ms) {
  int rc = sp__require_dtls(conn);

  if (rc != SP_OK)
    return rc;
  if (initial_ms == 0 && max_ms == 0) {
    conn->dtls->initial_ms = conn->dtls->max_ms = 0;
    return SP_OK;
  }
  /* OpenSSL keeps the wait in an unsigned int of microseconds, and takes
   * a timer with under 15 ms left for one already run out: shorter waits
   * would retransmit again and again within one call until it gives up. */
  if (initial_ms < SP_DTLS_MIN_RETRANSMIT_MS || max_ms < initial_ms ||
      max_ms > 3600000u)
    return sp__conn_fail_arg(conn, "retransmission times must satisfy "
                                   "20 <= initial <= max <= 3600000 ms");
  conn->dtls->initial_ms = initial_ms;
  conn->dtls->max_ms = max_ms;
  return SP_OK;
}

int sp_conn_set_peer_id(sp_conn *conn, const void *id, size_t len) {
  int rc = sp__require_dtls(conn);
  sp__dgram_bio *state;

  if (rc != SP_OK)
    return rc;
  if ((id == NULL && len > 0) || len > SP_DTLS_MAX_PEER_ID_LEN)
    return sp__conn_fail_arg(conn, "a peer id is 0..64 bytes");
  state = sp__conn_state(conn);
  if (len > 0)
    memcpy(state->peer_id, id, len);
  state->peer_id_len = len;
  return SP_OK;
}

int sp_conn_dtls_timeout(const sp_conn *conn, uint64_t *ms) {
  struct timeval left;

  if (ms != NULL)
    *ms = 0;
  if (conn == NULL || conn->dtls == NULL || ms == NULL ||
      conn->error.kind != SP_EK_NONE)
    return SP_REFUSED;
  /* A read-only query, though OpenSSL's macro wants a mutable SSL. */
  if (DTLSv1_get_timeout((SSL *)conn->ssl, &left) != 1)
    return SP_REFUSED;
  /* Round up: waking a little late retransmits; waking early does not. */
  *ms = (uint64_t)left.tv_sec * 1000u + ((uint64_t)left.tv_usec + 999u) / 1000u;
  return SP_OK;
}

int sp_conn_dtls_handle_timeout(sp_conn *conn) {
  int rc = sp__require_dtls(conn);
  int ret;

  if (rc != SP_OK)
    return rc;
  ERR_clear_error();
  ret = DTLSv1_handle_timeout(conn->ssl);
  if (ret < 0)
    return sp__conn_fail_from_queue(conn, SP_EK_PROTOCOL,
                                    "ERR_SSL_READ_TIMEOUT_EXPIRED",
                                    "the DTLS peer stopped answering");
  ERR_clear_error();
  return SP_OK;
}

/* ---- the data path on DTLS connections (io.c calls these) --------------- */

int sp__dtls_feed(sp_conn *conn, const void *data, size_t len) {
  sp__dgram_bio *state = sp__conn_state(conn);

  if (len > SP__DGRAM_MAX_LEN)
    return sp__conn_fail_arg(conn, "a datagram is at most 65535 bytes");
  if (len == 0) /* nothing a DTLS record could be made of */
    return SP_OK;
  if (sp__queue_push(&state->in, SP__DGRAM_MAX_IN, data, len, 0) < 0)
    return sp__conn_fail(conn, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  return SP_OK;
}

size_t sp__dtls_output_pending(const sp_conn *conn) {
  sp__dgram_bio *state = sp__conn_state(conn);
  return state != NULL ? state->out.bytes : 0;
}

size_t sp__dtls_output_peek(sp_conn *conn, const uint8_t **data) {
  sp__dgram_bio *state = sp__conn_state(conn);

  if (state == NULL || state->out.head == NULL)
    return 0;
  *data = state->out.head->data;
  return state->out.head->len;
}

void sp__dtls_output_consume(sp_conn *conn, size_t n) {
  sp__dgram_bio *state = sp__conn_state(conn);

  if (state != NULL && n > 0)
    sp__queue_pop(&state->out);
}

size_t sp_conn_output_datagram(sp_conn *conn, const uint8_t **data) {
  return sp_conn_output_peek(conn, data);
}

size_t sp_conn_output_datagrams(const sp_conn *conn) {
  sp__dgram_bio *state = sp__conn_state(conn);

  if (state == NULL || sp__output_held(conn))
    return 0;
  return state->out.count;
}

/* ---- cookies ------------------------------------------------------------ */

struct sp__cookie_keys {
  uint8_t current[SP_DTLS_MAX_COOKIE_SECRET];
  size_t current_len;
  uint8_t previous[SP_DTLS_MAX_COOKIE_SECRET];
  size_t previous_len; /* 0: none */
};

#define SP__COOKIE_LEN 32 /* a full HMAC-SHA256; DTLS 1.2 allows 255 */

int sp_ctx_set_cookie_secret(sp_ctx *ctx, const void *secret, size_t len,
                             sp_error *err) {
  struct sp__cookie_keys *keys;

  if (ctx == NULL || ctx->transport != SP_TRANSPORT_DTLS)
    return sp__fail_arg(err, "cookies need a DTLS context");
  if (secret == NULL || len < SP_DTLS_MIN_COOKIE_SECRET ||
      len > SP_DTLS_MAX_COOKIE_SECRET)
    return sp__fail_arg(err, "a cookie secret is 16..64 bytes");
  keys = ctx->cookies;
  if (keys == NULL) {
    keys = calloc(1, sizeof *keys);
    if (keys == NULL)
      return sp__fail(err, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
    ctx->cookies = keys;
  } else {
    memcpy(keys->previous, keys->current, keys->current_len);
    keys->previous_len = keys->current_len;
  }
  memcpy(keys->current, secret, len);
  keys->current_len = len;
  return SP_OK;
}

void sp__dtls_ctx_free(sp_ctx *ctx) {
  if (ctx->cookies != NULL)
    OPENSSL_cleanse(ctx->cookies, sizeof *ctx->cookies);
  free(ctx->cookies);
  ctx->cookies = NULL;
}

static int sp__cookie_for(const uint8_t *secret, size_t secret_len,
                          const sp__dgram_bio *state, uint8_t *out) {
  unsigned int len = 0;

  return HMAC(EVP_sha256(), secret, (int)secret_len, state->peer_id,
              state->peer_id_len, out, &len) != NULL &&
         len == SP__COOKIE_LEN;
}

static struct sp__cookie_keys *sp__keys_of(SSL *ssl) {
  sp_ctx *ctx = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
  return ctx != NULL ? ctx->cookies : NULL;
}

/* OpenSSL's cookie callbacks: the cookie binds the peer id (in the BIO). */
static int sp__cookie_generate_cb(SSL *ssl, unsigned char *cookie,
                                  unsigned int *len) {
  struct sp__cookie_keys *keys = sp__keys_of(ssl);
  sp__dgram_bio *state = sp__state_of(SSL_get_rbio(ssl));

  if (keys == NULL || state == NULL ||
      !sp__cookie_for(keys->current, keys->current_len, state, cookie))
    return 0;
  *len = SP__COOKIE_LEN;
  return 1;
}

static int sp__cookie_verify_cb(SSL *ssl, const unsigned char *cookie,
                                unsigned int len) {
  struct sp__cookie_keys *keys = sp__keys_of(ssl);
  sp__dgram_bio *state = sp__state_of(SSL_get_rbio(ssl));
  uint8_t expected[SP__COOKIE_LEN];

  if (keys == NULL || state == NULL || len != SP__COOKIE_LEN)
    return 0;
  if (sp__cookie_for(keys->current, keys->current_len, state, expected) &&
      CRYPTO_memcmp(expected, cookie, SP__COOKIE_LEN) == 0)
    return 1;
  return keys->previous_len > 0 &&
         sp__cookie_for(keys->previous, keys->previous_len, state, expected) &&
         CRYPTO_memcmp(expected, cookie, SP__COOKIE_LEN) == 0;
}

int sp__dtls_ctx_init(sp_ctx *ctx) {
  SSL_CTX_set_cookie_generate_cb(ctx->ssl_ctx, sp__cookie_generate_cb);
  SSL_CTX_set_cookie_verify_cb(ctx->ssl_ctx, sp__cookie_verify_cb);
  return SSL_CTX_set_min_proto_version(ctx->ssl_ctx, DTLS1_2_VERSION) == 1 &&
         SSL_CTX_set_max_proto_version(ctx->ssl_ctx, DTLS1_2_VERSION) == 1;
}

/*
 * Why DTLSv1_listen() rather than parsing the ClientHello here: it is
 * OpenSSL's own stateless check, it already copes with every malformed,
 * fragmented or truncated record (it drops them), writes a
 * HelloVerifyRequest that matches the exact version and record sequence
 * number the client used, and, run again on the connection that follows,
 * sets up the handshake sequence numbers so the server's flight continues
 * from the cookie exchange. A parser of our own would have to redo all of
 * that and stay in step with OpenSSL. Its cost is a short-lived SSL per
 * check (no keys, only its record buffers): about 8 microseconds per
 * cookieless hello on a 2020s x86 core, far below the cost of one
 * handshake, and nothing survives the call.
 *
 * Returns 1 (a ClientHello with a valid cookie), 0 (dropped, or answered
 * with a HelloVerifyRequest now in the BIO's output), -1 (error queued).
 */
static int sp__listen_once(SSL *ssl) {
  BIO_ADDR *client = BIO_ADDR_new();
  int ret;

  if (client == NULL)
    return -1;
  ret = DTLSv1_listen(ssl, client);
  BIO_ADDR_free(client);
  return ret;
}

int sp_dtls_check_client_hello(sp_ctx *ctx, const void *datagram, size_t len,
                               const void *peer_id, size_t peer_id_len,
                               uint8_t *reply, size_t *reply_len,
                               sp_error *err) {
  size_t cap = reply_len != NULL ? *reply_len : 0;
  SSL *ssl = NULL;
  BIO *bio = NULL;
  sp__dgram_bio *state;
  int ret, rc;

  if (reply_len != NULL)
    *reply_len = 0;
  ERR_clear_error();
  if (ctx == NULL || ctx->transport != SP_TRANSPORT_DTLS ||
      ctx->cookies == NULL)
    return sp__fail_arg(err, "a DTLS context with a cookie secret is needed");
  if ((datagram == NULL && len > 0) || len > SP__DGRAM_MAX_LEN ||
      (peer_id == NULL && peer_id_len > 0) ||
      peer_id_len > SP_DTLS_MAX_PEER_ID_LEN || reply == NULL ||
      reply_len == NULL)
    return sp__fail_arg(err, "bad datagram, peer id or reply buffer");
  if (len == 0)
    return SP_REFUSED;
  ssl = SSL_new(ctx->ssl_ctx);
  bio = ssl != NULL ? sp__dgram_bio_new() : NULL;
  if (bio == NULL) {
    SSL_free(ssl);
    return sp__fail_openssl(err, "cannot create the DTLS cookie check");
  }
  SSL_set_bio(ssl, bio, bio);
  state = BIO_get_data(bio);
  memcpy(state->peer_id, peer_id, peer_id_len);
  state->peer_id_len = peer_id_len;
  if (sp__queue_push(&state->in, SP__DGRAM_MAX_IN, datagram, len, 0) < 0) {
    SSL_free(ssl);
    return sp__fail(err, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  }
  ret = sp__listen_once(ssl);
  if (ret == 1) {
    rc = SP_OK;
  } else if (ret == 0 && state->out.head != NULL) {
    if (state->out.head->len > cap)
      rc = sp__fail_arg(err, "the reply buffer is too small for the "
                             "HelloVerifyRequest");
    else {
      memcpy(reply, state->out.head->data, state->out.head->len);
      *reply_len = state->out.head->len;
      rc = SP_WANT_WRITE;
    }
  } else {
    rc = SP_REFUSED; /* not a ClientHello OpenSSL would answer: drop it */
  }
  SSL_free(ssl);
  ERR_clear_error(); /* dropped records leave their reasons queued */
  return rc;
}

/*
 * A server connection on a context with a cookie secret runs the cookie
 * exchange itself before its handshake, so that it is safe even when the
 * caller skipped sp_dtls_check_client_hello(); after that check it costs
 * one more HMAC. SP_OK: the handshake may go on; SP_WANT_READ: the
 * datagram was answered or dropped.
 */
int sp__dtls_before_handshake(sp_conn *conn) {
  int ret;

  if (conn->dtls == NULL || conn->dtls->cookie_done ||
      !SSL_is_server(conn->ssl) || conn->ctx->cookies == NULL)
    return SP_OK;
  if (sp__conn_state(conn)->in.head == NULL)
    return SP_WANT_READ;
  ERR_clear_error();
  while (sp__conn_state(conn)->in.head != NULL) {
    ret = sp__listen_once(conn->ssl);
    if (ret < 0)
      return sp__conn_fail_from_queue(conn, SP_EK_SSL, SP__CODE_INTERNAL,
                                      "the DTLS cookie exchange failed");
    if (ret == 1) {
      conn->dtls->cookie_done = 1;
      ERR_clear_error();
      return SP_OK;
    }
  }
  ERR_clear_error();
  return SP_WANT_READ;
}
