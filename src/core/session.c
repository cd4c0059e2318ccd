/*
 * Sessions: what a client offers to resume, what either side hands out as
 * new sessions, the server's ticket keys and its external-cache lookups.
 *
 * The cache policy is Node's: OpenSSL keeps no session-id cache of its own
 * (SSL_SESS_CACHE_NO_INTERNAL); clients and servers report new sessions
 * through the new-session callback, which queues them (DER) on the
 * connection for the caller, and a server finds a stateful session through
 * the get-session callback, which hands over what the caller looked up
 * during the ClientHello pause. Tickets are sealed with 48 bytes of key
 * material in Node's layout, so servers that share the bytes share tickets.
 */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

/* Where the three 16-byte parts of the ticket keys start. */
#define SP__TICKET_NAME 0
#define SP__TICKET_HMAC 16
#define SP__TICKET_AES 32
#define SP__TICKET_PART 16

/* A connection's session state, made on first use. */
struct sp__sessions {
  int flags;         /* SP_SESSION_EVENTS | SP_SESSION_HOLD */
  int held;          /* output waits for sp_conn_release_output() */
  sp_session *queue; /* new sessions not taken yet, oldest first */
  size_t count;
  size_t cap;
  SSL_SESSION *resume; /* server: the caller's cache answer, or NULL */
};

static struct sp__sessions *sp__sessions_of(sp_conn *conn) {
  if (conn->sessions == NULL)
    conn->sessions = calloc(1, sizeof *conn->sessions);
  return conn->sessions;
}

void sp_session_free(sp_session *session) {
  if (session == NULL)
    return;
  OPENSSL_clear_free(session->der, session->der_len); /* a master secret */
  session->der = NULL;
  session->der_len = 0;
  session->id_len = 0;
}

void sp__session_conn_free(sp_conn *conn) {
  struct sp__sessions *s = conn->sessions;
  size_t i;

  if (s == NULL)
    return;
  for (i = 0; i < s->count; i++)
    sp_session_free(&s->queue[i]);
  free(s->queue);
  SSL_SESSION_free(s->resume);
  free(s);
  conn->sessions = NULL;
}

int sp__output_held(const sp_conn *conn) {
  return conn->sessions != NULL && conn->sessions->held &&
         conn->error.kind == SP_EK_NONE;
}

/* ---- callbacks from inside OpenSSL -------------------------------------- */

/* A copy of `session` (DER and id) at the end of the queue. 0 if out of
 * memory: the session is then not reported, which costs a resumption. */
static int sp__queue_session(struct sp__sessions *s, SSL_SESSION *session) {
  unsigned int id_len = 0;
  const unsigned char *id = SSL_SESSION_get_id(session, &id_len);
  int len = i2d_SSL_SESSION(session, NULL);
  sp_session *slot;
  unsigned char *p;

  if (len <= 0)
    return 0;
  if (s->count == s->cap) {
    size_t cap = s->cap != 0 ? s->cap * 2 : 2;
    sp_session *grown = realloc(s->queue, cap * sizeof *grown);
    if (grown == NULL)
      return 0;
    s->queue = grown;
    s->cap = cap;
  }
  slot = &s->queue[s->count];
  memset(slot, 0, sizeof *slot);
  slot->der = OPENSSL_malloc((size_t)len);
  if (slot->der == NULL)
    return 0;
  p = slot->der;
  if (i2d_SSL_SESSION(session, &p) != len) {
    OPENSSL_free(slot->der);
    return 0;
  }
  slot->der_len = (size_t)len;
  if (id_len > sizeof slot->id)
    id_len = sizeof slot->id;
  memcpy(slot->id, id, id_len);
  slot->id_len = id_len;
  s->count++;
  return 1;
}

/*
 * OpenSSL made a session a cache would keep (client: a TLS 1.2 session or a
 * TLS 1.3 ticket; server: the session it would store). We never keep the
 * reference (return 0); a copy goes to the caller.
 */
static int sp__new_session_cb(SSL *ssl, SSL_SESSION *session) {
  sp_conn *conn = SSL_get_app_data(ssl);
  struct sp__sessions *s = conn != NULL ? conn->sessions : NULL;

  if (s == NULL || !(s->flags & SP_SESSION_EVENTS))
    return 0;
  if (sp__queue_session(s, session)) {
    /* A TLS 1.2 session is made just before the end of its handshake is
     * reported; TLS 1.3 tickets just after. */
    s->queue[s->count - 1].during_handshake = conn->in_handshake;
    conn->events |= SP_EV_NEW_SESSION;
    if (s->flags & SP_SESSION_HOLD)
      s->held = 1;
  }
  ERR_clear_error(); /* a failed copy is no failure of the handshake */
  return 0;
}

/*
 * A client offered a session id (or a stateful TLS 1.3 ticket) and OpenSSL
 * looks it up: hand over what the caller found, if it is that session.
 * *copy = 0: OpenSSL takes our reference.
 */
static SSL_SESSION *sp__get_session_cb(SSL *ssl, const unsigned char *id,
                                       int id_len, int *copy) {
  sp_conn *conn = SSL_get_app_data(ssl);
  SSL_SESSION *found;
  const unsigned char *found_id;
  unsigned int found_len = 0;

  *copy = 0;
  if (conn == NULL || conn->sessions == NULL || conn->sessions->resume == NULL)
    return NULL;
  found = conn->sessions->resume;
  conn->sessions->resume = NULL;
  found_id = SSL_SESSION_get_id(found, &found_len);
  if (id_len < 0 || found_len != (unsigned int)id_len ||
      CRYPTO_memcmp(found_id, id, found_len) != 0) {
    SSL_SESSION_free(found); /* the cache answered for another id */
    return NULL;
  }
  return found;
}

/*
 * Seal (enc = 1) or open a ticket with the keys of the connection's
 * context, in Node's scheme: HMAC-SHA256 and AES-128-CBC. 1: keys set;
 * 0 (open only): not our key name, so a full handshake; -1: failure.
 */
static int sp__ticket_key_cb(SSL *ssl, unsigned char *key_name,
                             unsigned char *iv, EVP_CIPHER_CTX *cipher,
                             EVP_MAC_CTX *mac, int enc) {
  sp_ctx *ctx = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
  unsigned char hmac_key[SP__TICKET_PART];
  OSSL_PARAM params[3];
  int ok;

  if (ctx == NULL)
    return -1;
  if (enc) {
    memcpy(key_name, ctx->ticket_keys + SP__TICKET_NAME, SP__TICKET_PART);
    if (RAND_bytes(iv, SP__TICKET_PART) != 1)
      return -1;
  } else if (CRYPTO_memcmp(key_name, ctx->ticket_keys + SP__TICKET_NAME,
                           SP__TICKET_PART) != 0) {
    return 0;
  }
  memcpy(hmac_key, ctx->ticket_keys + SP__TICKET_HMAC, sizeof hmac_key);
  params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, hmac_key,
                                                sizeof hmac_key);
  params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                               (char *)"SHA256", 0);
  params[2] = OSSL_PARAM_construct_end();
  ok = EVP_MAC_CTX_set_params(mac, params) == 1 &&
       (enc ? EVP_EncryptInit_ex(cipher, EVP_aes_128_cbc(), NULL,
                                 ctx->ticket_keys + SP__TICKET_AES, iv)
            : EVP_DecryptInit_ex(cipher, EVP_aes_128_cbc(), NULL,
                                 ctx->ticket_keys + SP__TICKET_AES, iv)) == 1;
  OPENSSL_cleanse(hmac_key, sizeof hmac_key);
  return ok ? 1 : -1;
}

int sp__session_ctx_init(sp_ctx *ctx) {
  SSL_CTX *ssl_ctx = ctx->ssl_ctx;

  /* Clients report sessions through the callback; servers keep none
   * themselves (NO_INTERNAL) and never purge on their own (NO_AUTO_CLEAR:
   * there is nothing to purge). */
  SSL_CTX_set_session_cache_mode(
      ssl_ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_SERVER |
                   SSL_SESS_CACHE_NO_INTERNAL | SSL_SESS_CACHE_NO_AUTO_CLEAR);
  SSL_CTX_sess_set_new_cb(ssl_ctx, sp__new_session_cb);
  SSL_CTX_sess_set_get_cb(ssl_ctx, sp__get_session_cb);
  return SSL_CTX_set_app_data(ssl_ctx, ctx) == 1 &&
         RAND_bytes(ctx->ticket_keys, sizeof ctx->ticket_keys) == 1 &&
         SSL_CTX_set_tlsext_ticket_key_evp_cb(ssl_ctx, sp__ticket_key_cb) == 1;
}

/*
 * The session id context guards servers (a session made where other CAs
 * were trusted must not resume); a client copies its own into each session
 * and refuses a session whose copy differs from the connection's. Clients
 * made from different contexts (Node makes one per connect()) must be able
 * to offer each other's sessions, so a client's is empty, as in Node.
 */
int sp__session_conn_init(sp_conn *conn) {
  if (SSL_is_server(conn->ssl))
    return 1;
  return SSL_set_session_id_context(conn->ssl, NULL, 0) == 1;
}

/* ---- context settings --------------------------------------------------- */

int sp_ctx_set_session_id_context(sp_ctx *ctx, const void *sid_ctx, size_t len,
                                  sp_error *err) {
  if (ctx == NULL || (sid_ctx == NULL && len > 0))
    return sp__fail_arg(err, "context and session id context are required");
  if (len == 0)
    return sp__fail_arg(err, "the session id context is empty");
  ERR_clear_error();
  /* Longer than 32 bytes: OpenSSL's own error (ssl session id context
   * too long) says it best. */
  if (SSL_CTX_set_session_id_context(ctx->ssl_ctx, sid_ctx,
                                     len > UINT32_MAX ? UINT32_MAX
                                                      : (unsigned int)len) != 1)
    return sp__fail_from_queue(err, 0, SP_EK_ARG, SP__CODE_INVALID_ARG,
                               "invalid session id context");
  return SP_OK;
}

int sp_ctx_set_session_timeout(sp_ctx *ctx, long seconds, sp_error *err) {
  if (ctx == NULL)
    return sp__fail_arg(err, "context is NULL");
  if (seconds < 0)
    return sp__fail_arg(err, "the session timeout is negative");
  SSL_CTX_set_timeout(ctx->ssl_ctx, seconds);
  return SP_OK;
}

int sp_ctx_set_ticket_keys(sp_ctx *ctx, const uint8_t *keys, size_t len,
                           sp_error *err) {
  if (ctx == NULL || keys == NULL)
    return sp__fail_arg(err, "context and keys are required");
  if (len != SP_TICKET_KEYS_LEN)
    return sp__fail_arg(err, "ticket keys must be exactly 48 bytes");
  memcpy(ctx->ticket_keys, keys, SP_TICKET_KEYS_LEN);
  return SP_OK;
}

int sp_ctx_get_ticket_keys(const sp_ctx *ctx, uint8_t *keys) {
  if (ctx == NULL || keys == NULL)
    return SP_ERROR;
  memcpy(keys, ctx->ticket_keys, SP_TICKET_KEYS_LEN);
  return SP_OK;
}

/* ---- connections -------------------------------------------------------- */

static int sp__usable(const sp_conn *conn) {
  return conn != NULL && conn->error.kind == SP_EK_NONE;
}

static int sp__fail_conn_arg(sp_conn *conn, const char *what) {
  return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG, "%s", what);
}

/* The session in der/len, or NULL (queue cleared) when it is not one. */
static SSL_SESSION *sp__decode_session(const void *der, size_t len) {
  const unsigned char *p = der;
  SSL_SESSION *session;

  if (der == NULL || len == 0 || len > LONG_MAX)
    return NULL;
  session = d2i_SSL_SESSION(NULL, &p, (long)len);
  ERR_clear_error();
  return session;
}

int sp_conn_set_session(sp_conn *conn, const void *der, size_t len) {
  SSL_SESSION *session;
  int ok;

  if (!sp__usable(conn))
    return SP_ERROR;
  if (SSL_is_server(conn->ssl))
    return sp__fail_conn_arg(conn, "only a client offers a session");
  if (!SSL_in_before(conn->ssl))
    return SP_REFUSED; /* too late for this handshake: nothing changes */
  session = sp__decode_session(der, len);
  if (session == NULL)
    return SP_REFUSED;
  ERR_clear_error();
  ok = SSL_set_session(conn->ssl, session) == 1; /* takes its own reference */
  SSL_SESSION_free(session);
  if (!ok)
    return sp__conn_fail_from_queue(conn, SP_EK_NOMEM, SP__CODE_NOMEM,
                                    "cannot offer the session");
  return SP_OK;
}

size_t sp_conn_session(const sp_conn *conn, void *buf, size_t cap) {
  SSL_SESSION *session = conn != NULL ? SSL_get_session(conn->ssl) : NULL;
  unsigned char *p = buf;
  int len;

  if (session == NULL)
    return 0;
  len = i2d_SSL_SESSION(session, NULL);
  if (len <= 0) {
    ERR_clear_error();
    return 0;
  }
  if (buf != NULL && cap >= (size_t)len && i2d_SSL_SESSION(session, &p) != len)
    len = 0;
  ERR_clear_error();
  return (size_t)len;
}

int sp_conn_session_reused(const sp_conn *conn) {
  return conn != NULL && SSL_session_reused(conn->ssl) == 1;
}

const uint8_t *sp_conn_session_ticket(const sp_conn *conn, size_t *len) {
  SSL_SESSION *session = conn != NULL ? SSL_get_session(conn->ssl) : NULL;
  const unsigned char *ticket = NULL;
  size_t ticket_len = 0;

  if (session != NULL)
    SSL_SESSION_get0_ticket(session, &ticket, &ticket_len);
  if (ticket_len == 0)
    ticket = NULL;
  if (len != NULL)
    *len = ticket_len;
  return ticket;
}

int sp_conn_set_session_events(sp_conn *conn, int flags) {
  struct sp__sessions *s;

  if (!sp__usable(conn))
    return SP_ERROR;
  if (flags & ~(SP_SESSION_EVENTS | SP_SESSION_HOLD))
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "unknown session event flags 0x%x", (unsigned)flags);
  if ((flags & SP_SESSION_HOLD) && !SSL_is_server(conn->ssl))
    return sp__fail_conn_arg(conn, "only a server holds output for its "
                                   "session cache");
  s = sp__sessions_of(conn);
  if (s == NULL)
    return sp__conn_fail(conn, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  s->flags = flags;
  if (!(flags & SP_SESSION_HOLD))
    s->held = 0;
  return SP_OK;
}

int sp_conn_take_session(sp_conn *conn, sp_session *out) {
  struct sp__sessions *s = conn != NULL ? conn->sessions : NULL;

  if (out == NULL || s == NULL || s->count == 0)
    return SP_WANT_READ;
  *out = s->queue[0];
  s->count--;
  memmove(s->queue, s->queue + 1, s->count * sizeof *s->queue);
  return SP_OK;
}

const sp_session *sp_conn_peek_session(const sp_conn *conn) {
  const struct sp__sessions *s = conn != NULL ? conn->sessions : NULL;

  return s != NULL && s->count > 0 ? &s->queue[0] : NULL;
}

int sp_conn_release_output(sp_conn *conn) {
  if (conn != NULL && conn->sessions != NULL)
    conn->sessions->held = 0;
  return SP_OK;
}

int sp_conn_set_resume_session(sp_conn *conn, const void *der, size_t len) {
  struct sp__sessions *s;
  SSL_SESSION *session;

  if (!sp__usable(conn))
    return SP_ERROR;
  if (!SSL_is_server(conn->ssl))
    return sp__fail_conn_arg(conn, "only a server resumes from its cache");
  session = sp__decode_session(der, len);
  if (session == NULL)
    return SP_REFUSED;
  s = sp__sessions_of(conn);
  if (s == NULL) {
    SSL_SESSION_free(session);
    return sp__conn_fail(conn, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  }
  SSL_SESSION_free(s->resume);
  s->resume = session;
  return SP_OK;
}
