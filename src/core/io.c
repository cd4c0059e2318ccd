/*
 * The data path of a connection: ciphertext in (feed), plaintext out (read),
 * plaintext in (write), ciphertext out (output_*), and the handshake and
 * shutdown steps in between. Every call is one OpenSSL step; nothing blocks.
 */
#include "internal.h"

#include <string.h>

#include <openssl/err.h>

/*
 * A memory BIO keeps its largest allocation for good. Once drained, one
 * that grew past this is swapped for a fresh BIO, so a connection that
 * once moved a large burst does not hold the memory while idle (smaller
 * ones are kept, which saves reallocating on every flight).
 */
#define SP__IDLE_BIO_LIMIT (64 * 1024)

static int sp__usable(const sp_conn *conn) {
  return conn != NULL && conn->error.kind == SP_EK_NONE;
}

/*
 * A TLS 1.2 renegotiation is under way and OpenSSL needs the peer's
 * messages before it takes data or a close_notify: answer SP_WANT_READ
 * before anything is consumed, so that the caller can retry the whole call
 * later. (TLS 1.3 post-handshake messages, a KeyUpdate waiting to be sent,
 * say, also count as "in init" but never hold data back.)
 */
static int sp__renegotiating(const sp_conn *conn) {
  return conn->handshake_completed && SSL_in_init(conn->ssl) &&
         !sp__is_tls13(conn->ssl);
}

static int sp__peer_closed(const sp_conn *conn) {
  return (SSL_get_shutdown(conn->ssl) & SSL_RECEIVED_SHUTDOWN) != 0;
}

static int sp__fail_eof(sp_conn *conn, const char *what) {
  return sp__conn_fail(conn, SP_EK_PROTOCOL, SP__CODE_UNEXPECTED_EOF, "%s",
                       what);
}

/* ---- idle buffers ------------------------------------------------------- */

static int sp__bio_is_oversized(BIO *bio) {
  BUF_MEM *memory = NULL;

  BIO_get_mem_ptr(bio, &memory);
  return memory != NULL && memory->max > SP__IDLE_BIO_LIMIT;
}

/* After a burst, give the input BIO's memory back while nothing waits in
 * it. Failing to get a fresh BIO just keeps the old one. */
static void sp__trim_input(sp_conn *conn) {
  BIO *fresh;

  if (BIO_ctrl_pending(conn->rbio) != 0 || !sp__bio_is_oversized(conn->rbio))
    return;
  fresh = sp__new_mem_bio();
  if (fresh == NULL)
    return;
  SSL_set0_rbio(conn->ssl, fresh); /* frees the old one */
  conn->rbio = fresh;
}

/* Read n output bytes away: the slow way, for a BIO that cannot seek. */
static void sp__discard_output(sp_conn *conn, size_t n) {
  char sink[4096];

  while (n > 0) {
    int chunk = n < sizeof sink ? (int)n : (int)sizeof sink;
    int got = BIO_read(conn->wbio, sink, chunk);
    if (got <= 0)
      return;
    n -= (size_t)got;
  }
}

/*
 * Mark the first n output bytes as handed out. A memory BIO moves its read
 * position without copying (the next write compacts what is left); should
 * it refuse, the bytes are read away so they are never handed out twice.
 * (BIO_tell()/BIO_seek() would squeeze the position through an int.)
 */
static void sp__skip_output(sp_conn *conn, size_t n) {
  long position = BIO_ctrl(conn->wbio, BIO_C_FILE_TELL, 0, NULL);
  long target = position + (long)n;

  if (position < 0 ||
      BIO_ctrl(conn->wbio, BIO_C_FILE_SEEK, target, NULL) != target)
    sp__discard_output(conn, n);
}

/* All output was handed out; an oversized BIO is replaced by a fresh one. */
static void sp__drain_output(sp_conn *conn, size_t pending) {
  BIO *fresh = sp__bio_is_oversized(conn->wbio) ? sp__new_mem_bio() : NULL;

  if (fresh != NULL) {
    SSL_set0_wbio(conn->ssl, fresh); /* frees the old one */
    conn->wbio = fresh;
  } else {
    sp__skip_output(conn, pending);
  }
  ERR_clear_error();
}

/* ---- statuses ----------------------------------------------------------- */

/* close_notify ends a connection cleanly only once it is established.
 * (The info callback has raised SP_EV_PEER_CLOSED already.) */
static int sp__closed_status(sp_conn *conn) {
  if (!conn->handshake_completed)
    return sp__fail_eof(conn, "the peer closed the connection during the "
                              "TLS handshake");
  return SP_CLOSED;
}

/*
 * Map a failed (ret <= 0) SSL_do_handshake/read/write/shutdown onto an SP_*
 * status. SSL_get_error() reads the error queue, so this runs before
 * anything else touches it; the queue is empty afterwards.
 */
static int sp__failed_io_status(sp_conn *conn, int ret) {
  int rc;

  switch (SSL_get_error(conn->ssl, ret)) {
  case SSL_ERROR_NONE:
    rc = SP_OK;
    break;
  case SSL_ERROR_WANT_READ:
    sp__trim_input(conn);
    rc = SP_WANT_READ;
    break;
  case SSL_ERROR_WANT_WRITE:
    rc = SP_WANT_WRITE;
    break;
  case SSL_ERROR_WANT_CLIENT_HELLO_CB: /* hello.c paused at the ClientHello */
    rc = SP_WANT_HELLO;
    break;
  case SSL_ERROR_ZERO_RETURN:
    rc = sp__closed_status(conn);
    break;
  case SSL_ERROR_SYSCALL:
    /* A datagram has no end: with nothing queued, OpenSSL dropped what came
     * (a renegotiation hello after our close_notify, say) and waits on. */
    if (SSL_is_dtls(conn->ssl) && ERR_peek_error() == 0) {
      rc = SP_WANT_READ;
      break;
    }
    /* Memory BIOs make no system calls: with nothing queued, OpenSSL met
     * the end of the input where it needed more. */
    rc = sp__conn_fail_from_queue(conn, SP_EK_PROTOCOL, SP__CODE_UNEXPECTED_EOF,
                                  "the connection ended unexpectedly");
    break;
  default: /* SSL_ERROR_SSL, and WANT_* kinds for features never enabled */
    rc = sp__conn_fail_from_queue(conn, SP_EK_SSL, SP__CODE_INTERNAL,
                                  "the TLS engine stopped without a reason");
    break;
  }
  ERR_clear_error();
  return rc;
}

/* The status of a *_ex style call (1 = success). */
static int sp__io_status(sp_conn *conn, int ret) {
  if (ret == 1) {
    ERR_clear_error();
    return SP_OK;
  }
  return sp__failed_io_status(conn, ret);
}

/* ---- input -------------------------------------------------------------- */

int sp_conn_feed(sp_conn *conn, const void *data, size_t len) {
  const unsigned char *bytes = data;

  if (!sp__usable(conn))
    return SP_ERROR;
  if (bytes == NULL && len > 0)
    return sp__conn_fail_arg(conn, "data is NULL");
  if (conn->transport_eof)
    return sp__conn_fail_arg(conn, "data fed after the end of the transport");
  ERR_clear_error();
  if (conn->dtls != NULL) /* dgram.c: one feed is one datagram */
    return sp__dtls_feed(conn, data, len);
  /* The memory BIO grows to hold everything; a write is only ever short
   * by the INT_MAX OpenSSL's BIO layer caps one call at. */
  while (len > 0) {
    size_t written = 0;
    if (BIO_write_ex(conn->rbio, bytes, len, &written) != 1 || written == 0)
      return sp__conn_fail_from_queue(conn, SP_EK_NOMEM, SP__CODE_NOMEM,
                                      "out of memory");
    bytes += written;
    len -= written;
  }
  return SP_OK;
}

/*
 * The transport ended. Call it once sp_conn_read() has processed what was
 * fed (returned SP_WANT_READ): whatever is still buffered then is part of
 * a record that will never be completed.
 */
int sp_conn_feed_eof(sp_conn *conn) {
  if (!sp__usable(conn))
    return SP_ERROR;
  if (sp__peer_closed(conn) || conn->transport_eof)
    return SP_CLOSED;
  conn->transport_eof = 1;
  /* From now on an empty input is the end, should OpenSSL look again (it
   * should not: reads answer SP_CLOSED without asking it). */
  if (BIO_set_mem_eof_return(conn->rbio, 0) != 1)
    return sp__fail_eof(conn, "the end of the transport cannot be recorded");
  if (!conn->handshake_completed || conn->in_handshake)
    return sp__fail_eof(conn, "the connection ended before the TLS handshake "
                              "finished");
  if (BIO_ctrl_pending(conn->rbio) > 0 || SSL_has_pending(conn->ssl))
    return sp__fail_eof(conn, "the connection ended in the middle of a TLS "
                              "record");
  return SP_CLOSED;
}

/* ---- handshake, plaintext ----------------------------------------------- */

int sp_conn_handshake(sp_conn *conn) {
  int rc;

  if (!sp__usable(conn))
    return SP_ERROR;
  if (sp__hello_paused(conn))
    return SP_WANT_HELLO;
  if ((rc = sp__dtls_before_handshake(conn)) != SP_OK) /* DTLS cookies */
    return rc;
  ERR_clear_error(); /* SSL_get_error() needs a queue of our own errors */
  return sp__io_status(conn, SSL_do_handshake(conn->ssl));
}

int sp_conn_read(sp_conn *conn, void *buf, size_t cap, size_t *nread) {
  size_t count = 0;
  int rc;

  if (nread != NULL)
    *nread = 0;
  if (!sp__usable(conn))
    return SP_ERROR;
  if (sp__peer_closed(conn) || conn->transport_eof)
    return SP_CLOSED;
  if (buf == NULL || nread == NULL || cap == 0)
    return sp__conn_fail_arg(conn, "read needs a buffer, its size and a count");
  if (sp__hello_paused(conn))
    return SP_WANT_HELLO;
  if ((rc = sp__dtls_before_handshake(conn)) != SP_OK) /* DTLS cookies */
    return rc;
  ERR_clear_error();
  rc = sp__io_status(conn, SSL_read_ex(conn->ssl, buf, cap, &count));
  if (rc == SP_OK)
    *nread = count;
  return rc;
}

int sp_conn_write(sp_conn *conn, const void *buf, size_t len,
                  size_t *nwritten) {
  size_t count = 0;
  int rc;

  if (nwritten != NULL)
    *nwritten = 0;
  if (!sp__usable(conn))
    return SP_ERROR;
  if ((buf == NULL && len > 0) || nwritten == NULL)
    return sp__conn_fail_arg(conn, "write needs a buffer and a count");
  if (len == 0) /* OpenSSL treats a zero-length write as an error */
    return SP_OK;
  if (sp__renegotiating(conn))
    return SP_WANT_READ;
  /* DTLS: one write is one record; OpenSSL would fail the whole
   * connection for a bigger one, a datagram socket just refuses it. */
  if (conn->dtls != NULL && len > SSL3_RT_MAX_PLAIN_LENGTH)
    return SP_REFUSED;
  ERR_clear_error();
  /* Without SSL_MODE_ENABLE_PARTIAL_WRITE, success means all of len. */
  rc = sp__io_status(conn, SSL_write_ex(conn->ssl, buf, len, &count));
  if (rc == SP_OK)
    *nwritten = count;
  return rc;
}

int sp_conn_shutdown(sp_conn *conn) {
  int ret;

  if (!sp__usable(conn))
    return SP_ERROR;
  if (SSL_get_shutdown(conn->ssl) & SSL_SENT_SHUTDOWN)
    return SP_OK;
  if (sp__renegotiating(conn))
    return SP_WANT_READ;
  ERR_clear_error();
  /* 0 means our close_notify is queued but the peer's has not come yet;
   * waiting for it is the caller's choice, through sp_conn_read(). */
  ret = SSL_shutdown(conn->ssl);
  return sp__io_status(conn, ret >= 0 ? 1 : ret);
}

/* ---- output ------------------------------------------------------------- */

size_t sp_conn_output_pending(const sp_conn *conn) {
  if (conn == NULL || sp__output_held(conn)) /* session.c: SP_SESSION_HOLD */
    return 0;
  if (conn->dtls != NULL)
    return sp__dtls_output_pending(conn);
  return BIO_ctrl_pending(conn->wbio);
}

size_t sp_conn_output_peek(sp_conn *conn, const uint8_t **data) {
  char *start = NULL;
  long len;

  if (data == NULL)
    return 0;
  *data = NULL;
  if (conn == NULL || sp__output_held(conn))
    return 0;
  if (conn->dtls != NULL) /* dgram.c: the oldest datagram only */
    return sp__dtls_output_peek(conn, data);
  /* The unread part of the BIO, in place: nothing is copied. */
  len = BIO_get_mem_data(conn->wbio, &start);
  if (len <= 0)
    return 0;
  *data = (const uint8_t *)start;
  return (size_t)len;
}

void sp_conn_output_consume(sp_conn *conn, size_t n) {
  size_t pending = sp_conn_output_pending(conn);

  if (pending == 0 || n == 0)
    return;
  if (conn->dtls != NULL) { /* dgram.c: the whole oldest datagram goes */
    sp__dtls_output_consume(conn, n);
    return;
  }
  if (n >= pending)
    sp__drain_output(conn, pending);
  else
    sp__skip_output(conn, n);
}

size_t sp_conn_output_take(sp_conn *conn, void *buf, size_t cap) {
  const uint8_t *data;
  size_t n = sp_conn_output_peek(conn, &data);

  if (n > cap)
    n = cap;
  if (n == 0 || buf == NULL)
    return 0;
  memcpy(buf, data, n);
  sp_conn_output_consume(conn, n);
  return n;
}
