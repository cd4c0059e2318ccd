/*
 * Connections: one SSL between two memory BIOs. This file holds their
 * life cycle, settings, the callbacks OpenSSL makes into them and the state
 * getters; moving bytes is io.c's job.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#define SP__VERIFY_ALL                                                         \
  (SP_VERIFY_PEER | SP_VERIFY_REQUIRE_CERT | SP_VERIFY_ENFORCE)

/* ---- failures ----------------------------------------------------------- */

int sp__conn_fail(sp_conn *conn, int kind, const char *code, const char *fmt,
                  ...) {
  char message[sizeof conn->error.message];
  va_list ap;

  ERR_clear_error();
  if (conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  return sp__fail(&conn->error, kind, code, "%s", message);
}

static int sp__is_verify_failure(const sp_error *err) {
  return err->kind == SP_EK_SSL && ERR_GET_LIB(err->openssl) == ERR_LIB_SSL &&
         ERR_GET_REASON(err->openssl) == SSL_R_CERTIFICATE_VERIFY_FAILED;
}

/*
 * OpenSSL reports a rejected certificate as the bare "certificate verify
 * failed"; the caller wants the reason the verify callback saw
 * (UNABLE_TO_GET_ISSUER_CERT_LOCALLY, ...), so that replaces it.
 */
int sp__conn_fail_from_queue(sp_conn *conn, int fallback_kind,
                             const char *fallback_code,
                             const char *fallback_message) {
  sp_error found;

  sp__fail_from_queue(&found, ERR_LIB_SSL, fallback_kind, fallback_code,
                      fallback_message);
  if (conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (sp__is_verify_failure(&found) && conn->verify_error != X509_V_OK)
    sp_error_from_verify(&conn->error, conn->verify_error);
  else
    conn->error = found;
  return SP_ERROR;
}

int sp__conn_fail_arg(sp_conn *conn, const char *what) {
  return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG, "%s", what);
}

const sp_error *sp_conn_error(const sp_conn *conn) {
  if (conn == NULL || conn->error.kind == SP_EK_NONE)
    return NULL;
  return &conn->error;
}

/* ---- callbacks from inside OpenSSL: they only record -------------------- */

static sp_conn *sp__conn_of(const SSL *ssl) { return SSL_get_app_data(ssl); }

static void sp__on_handshake_start(sp_conn *conn, const SSL *ssl) {
  /* TLS 1.3 has no renegotiation: after the first handshake, a start/done
   * pair would frame a post-handshake message (NewSessionTicket,
   * KeyUpdate), which is no handshake to the caller. OpenSSL 3.0 itself
   * stays quiet there; this guard keeps the promise on any build. */
  if (conn->handshake_completed && SSL_version(ssl) == TLS1_3_VERSION)
    return;
  conn->in_handshake = 1;
  conn->verify_error = X509_V_OK; /* a new handshake verifies anew */
  conn->events |= SP_EV_HANDSHAKE_START;
}

static void sp__on_handshake_done(sp_conn *conn, const SSL *ssl) {
  /* A server that sends HelloRequest gets start/done for that message
   * alone; the renegotiation itself is still pending then. */
  if (!conn->in_handshake || SSL_renegotiate_pending(ssl))
    return;
  conn->in_handshake = 0;
  conn->handshake_completed = 1;
  conn->events |= SP_EV_HANDSHAKE_DONE;
}

static void sp__info_callback(const SSL *ssl, int where, int value) {
  sp_conn *conn = sp__conn_of(ssl);

  if (conn == NULL)
    return;
  if (where & SSL_CB_HANDSHAKE_START)
    sp__on_handshake_start(conn, ssl);
  if (where & SSL_CB_HANDSHAKE_DONE)
    sp__on_handshake_done(conn, ssl);
  /* SSL_CB_READ_ALERT shares its SSL_CB_ALERT bit with SSL_CB_WRITE_ALERT:
   * test the whole value, or our own close_notify would look like the
   * peer's. */
  if ((where & SSL_CB_READ_ALERT) == SSL_CB_READ_ALERT &&
      (value & 0xff) == SSL_AD_CLOSE_NOTIFY)
    conn->events |= SP_EV_PEER_CLOSED;
}

/*
 * Remember the latest problem with the peer's chain: with the handshake
 * allowed to go on, OpenSSL keeps walking the chain and its final verdict
 * (what Node reports) is the last error seen; with ENFORCE the first error
 * stops the walk, so first and last are the same. The caller gets the
 * specific reason instead of the bare "certificate verify failed".
 */
static int sp__verify_callback(int preverify_ok, X509_STORE_CTX *store) {
  SSL *ssl =
      X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
  sp_conn *conn = ssl != NULL ? sp__conn_of(ssl) : NULL;
  int error = X509_STORE_CTX_get_error(store);

  if (conn == NULL)
    return preverify_ok;
  if (!preverify_ok)
    conn->verify_error = error != X509_V_OK ? error : X509_V_ERR_UNSPECIFIED;
  return (conn->verify_flags & SP_VERIFY_ENFORCE) ? preverify_ok : 1;
}

/* ---- life cycle --------------------------------------------------------- */

BIO *sp__new_mem_bio(void) {
  BIO *bio = BIO_new(BIO_s_mem());

  /* Empty means "nothing yet" (retry), not end of file: the caller says
   * when the transport really ended (sp_conn_feed_eof). */
  if (bio != NULL && BIO_set_mem_eof_return(bio, -1) != 1) {
    BIO_free(bio);
    bio = NULL;
  }
  return bio;
}

static int sp__attach_bios(sp_conn *conn) {
  conn->rbio = sp__new_mem_bio();
  conn->wbio = sp__new_mem_bio();
  if (conn->rbio == NULL || conn->wbio == NULL) {
    BIO_free(conn->rbio);
    BIO_free(conn->wbio);
    return 0;
  }
  SSL_set_bio(conn->ssl, conn->rbio, conn->wbio); /* the SSL owns them now */
  return 1;
}

static int sp__setup_ssl(sp_conn *conn, sp_ctx *ctx, int role) {
  int attached = ctx->transport == SP_TRANSPORT_DTLS ? sp__dtls_attach(conn)
                                                     : sp__attach_bios(conn);

  if (!attached || SSL_set_app_data(conn->ssl, conn) != 1)
    return 0;
  SSL_set_mode(conn->ssl, SSL_MODE_RELEASE_BUFFERS);
  SSL_set_info_callback(conn->ssl, sp__info_callback);
  if (role == SP_ROLE_SERVER)
    SSL_set_accept_state(conn->ssl);
  else
    SSL_set_connect_state(conn->ssl);
  return sp__session_conn_init(conn);
}

sp_conn *sp_conn_new(sp_ctx *ctx, int role, sp_error *err) {
  sp_conn *conn;

  ERR_clear_error();
  if (ctx == NULL || (role != SP_ROLE_CLIENT && role != SP_ROLE_SERVER)) {
    sp__fail(err, SP_EK_ARG, SP__CODE_INVALID_ARG,
             "a context and SP_ROLE_CLIENT or SP_ROLE_SERVER are required");
    return NULL;
  }
  conn = calloc(1, sizeof *conn);
  if (conn == NULL) {
    sp__fail(err, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
    return NULL;
  }
  conn->ssl = SSL_new(ctx->ssl_ctx);
  if (conn->ssl == NULL || !sp__setup_ssl(conn, ctx, role)) {
    sp__fail_from_queue(err, 0, SP_EK_NOMEM, SP__CODE_NOMEM,
                        "cannot create the TLS connection");
    SSL_free(conn->ssl);
    sp__dtls_free(conn);
    free(conn);
    return NULL;
  }
  sp_ctx_ref(ctx);
  conn->ctx = ctx;
  sp_conn_set_verify(conn,
                     role == SP_ROLE_CLIENT ? SP_VERIFY_PEER : SP_VERIFY_NONE);
  ERR_clear_error();
  return conn;
}

void sp_conn_free(sp_conn *conn) {
  if (conn == NULL)
    return;
  SSL_free(conn->ssl); /* and both BIOs */
  sp__conn_release_extensions(conn);
  sp__debug_free(conn);
  sp__session_conn_free(conn);
  sp__dtls_free(conn);
  sp_ctx_unref(conn->ctx);
  free(conn);
}

/* ---- settings ----------------------------------------------------------- */

/*
 * A client always verifies the server's chain (OpenSSL does so in any
 * mode); SSL_VERIFY_PEER only lets a failure stop the handshake. A server
 * asks for a certificate only when told to.
 */
static int sp__openssl_verify_mode(int is_server, int flags) {
  if (!is_server)
    return (flags & (SP_VERIFY_PEER | SP_VERIFY_ENFORCE)) ? SSL_VERIFY_PEER
                                                          : SSL_VERIFY_NONE;
  if (!(flags & (SP_VERIFY_PEER | SP_VERIFY_REQUIRE_CERT)))
    return SSL_VERIFY_NONE;
  return SSL_VERIFY_PEER |
         ((flags & SP_VERIFY_REQUIRE_CERT) ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                                           : 0);
}

int sp_conn_set_verify(sp_conn *conn, int flags) {
  if (conn == NULL || conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (flags & ~SP__VERIFY_ALL)
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "unknown verification flags 0x%x", (unsigned)flags);
  conn->verify_flags = flags;
  SSL_set_verify(conn->ssl,
                 sp__openssl_verify_mode(SSL_is_server(conn->ssl), flags),
                 sp__verify_callback);
  return SP_OK;
}

/* RFC 6066: SNI carries host names only, never address literals. */
static int sp__is_ip_literal(const char *name) {
  ASN1_OCTET_STRING *address;
  int is_address;

  ERR_set_mark(); /* a failed parse queues errors nobody needs */
  address = a2i_IPADDRESS(name);
  ERR_pop_to_mark();
  is_address = address != NULL;
  ASN1_OCTET_STRING_free(address);
  return is_address;
}

int sp_conn_set_servername(sp_conn *conn, const char *name) {
  if (conn == NULL || conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (SSL_is_server(conn->ssl))
    return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                         "only a client sends a server name");
  if (name != NULL && (*name == '\0' || sp__is_ip_literal(name)))
    name = NULL;
  ERR_clear_error();
  if (SSL_set_tlsext_host_name(conn->ssl, name) != 1)
    return sp__conn_fail_from_queue(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                                    "invalid server name");
  return SP_OK;
}

/* ---- state -------------------------------------------------------------- */

unsigned sp_conn_take_events(sp_conn *conn) {
  unsigned events;

  if (conn == NULL)
    return 0;
  events = conn->events;
  conn->events = 0;
  return events;
}

int sp_conn_is_server(const sp_conn *conn) {
  return conn != NULL && SSL_is_server(conn->ssl);
}

int sp_conn_handshake_done(const sp_conn *conn) {
  return conn != NULL && conn->handshake_completed;
}

const char *sp_conn_protocol(const sp_conn *conn) {
  if (!sp_conn_handshake_done(conn))
    return NULL;
  return SSL_get_version(conn->ssl);
}

int sp_conn_cipher(const sp_conn *conn, sp_cipher_info *out) {
  const SSL_CIPHER *cipher =
      conn != NULL ? SSL_get_current_cipher(conn->ssl) : NULL;

  if (cipher == NULL || out == NULL)
    return SP_ERROR;
  out->name = SSL_CIPHER_get_name(cipher);
  out->standard_name = SSL_CIPHER_standard_name(cipher);
  out->version = SSL_CIPHER_get_version(cipher);
  out->bits = SSL_CIPHER_get_bits(cipher, NULL);
  return SP_OK;
}

const char *sp_conn_servername(const sp_conn *conn) {
  if (conn == NULL)
    return NULL;
  return SSL_get_servername(conn->ssl, TLSEXT_NAMETYPE_host_name);
}

int sp_conn_has_peer_cert(const sp_conn *conn) {
  return conn != NULL && SSL_get0_peer_certificate(conn->ssl) != NULL;
}

/*
 * Without a certificate there is nothing to verify on a PSK suite, and a
 * TLS 1.3 resumption authenticates through the PSK too (as in Node).
 */
static int sp__no_cert_needed(const SSL *ssl) {
  const SSL_CIPHER *cipher = SSL_get_current_cipher(ssl);
  const SSL_SESSION *session = SSL_get_session(ssl);

  if (cipher != NULL && SSL_CIPHER_get_auth_nid(cipher) == NID_auth_psk)
    return 1;
  return session != NULL &&
         SSL_SESSION_get_protocol_version(session) == TLS1_3_VERSION &&
         SSL_session_reused(ssl);
}

long sp_conn_verify_result(const sp_conn *conn) {
  if (conn == NULL)
    return X509_V_ERR_UNSPECIFIED;
  if (!sp_conn_has_peer_cert(conn))
    return sp__no_cert_needed(conn->ssl) ? X509_V_OK
                                         : X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;
  if (conn->verify_error != X509_V_OK)
    return conn->verify_error;
  /* A resumed session was verified when it was made; OpenSSL kept that. */
  return SSL_get_verify_result(conn->ssl);
}
