/*
 * Debugging aids: the key log (NSS format, for Wireshark) and OpenSSL's
 * protocol trace. OpenSSL reports both from inside its own calls; here they
 * are only recorded, in queues on the connection, with an event bit, and
 * the caller takes them out after the call, as it does with output.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

/* Trace text kept between two takes; a caller that never takes it (or a
 * flood of records) cannot make it grow without bound. */
#define SP__TRACE_CAP (1024 * 1024)

typedef struct sp__line {
  struct sp__line *next;
  size_t len;
  char text[]; /* len bytes and a NUL */
} sp__line;

struct sp__debug {
  int keylog;         /* key log lines are wanted */
  sp__line *head;     /* oldest queued line */
  sp__line *tail;
  BIO *trace;         /* trace text, NULL while tracing is off */
  size_t trace_dropped; /* bytes of trace skipped since the last take */
};

static struct sp__debug *sp__debug_of(sp_conn *conn) {
  if (conn->debug == NULL)
    conn->debug = calloc(1, sizeof *conn->debug);
  return conn->debug;
}

static void sp__drop_lines(struct sp__debug *debug) {
  while (debug->head != NULL) {
    sp__line *line = debug->head;
    debug->head = line->next;
    /* Key log lines are secrets: wipe them before the memory is reused. */
    OPENSSL_cleanse(line->text, line->len);
    free(line);
  }
  debug->tail = NULL;
}

void sp__debug_free(sp_conn *conn) {
  if (conn == NULL || conn->debug == NULL)
    return;
  sp__drop_lines(conn->debug);
  BIO_free(conn->debug->trace);
  free(conn->debug);
  conn->debug = NULL;
}

/* ---- key log ---------------------------------------------------------- */

static void sp__keylog_cb(const SSL *ssl, const char *text) {
  sp_conn *conn = SSL_get_app_data(ssl);
  size_t len;
  sp__line *line;

  if (conn == NULL || conn->debug == NULL || !conn->debug->keylog ||
      text == NULL)
    return;
  len = strlen(text);
  line = malloc(sizeof *line + len + 1);
  if (line == NULL)
    return; /* a lost debug line is no reason to fail a handshake */
  line->next = NULL;
  line->len = len;
  memcpy(line->text, text, len + 1);
  if (conn->debug->tail != NULL)
    conn->debug->tail->next = line;
  else
    conn->debug->head = line;
  conn->debug->tail = line;
  conn->events |= SP_EV_KEYLOG;
}

void sp__debug_install(SSL_CTX *ssl_ctx) {
  SSL_CTX_set_keylog_callback(ssl_ctx, sp__keylog_cb);
}

int sp_conn_set_keylog(sp_conn *conn, int enable) {
  struct sp__debug *debug;

  if (conn == NULL || conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (!enable && conn->debug == NULL)
    return SP_OK;
  debug = sp__debug_of(conn);
  if (debug == NULL)
    return sp__conn_fail(conn, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  debug->keylog = enable != 0;
  /* A context made elsewhere (or switched to by SNI) may lack the hook. */
  if (enable && SSL_CTX_get_keylog_callback(SSL_get_SSL_CTX(conn->ssl)) == NULL)
    sp__debug_install(SSL_get_SSL_CTX(conn->ssl));
  return SP_OK;
}

size_t sp_conn_keylog_peek(const sp_conn *conn, const char **line) {
  if (line != NULL)
    *line = NULL;
  if (conn == NULL || conn->debug == NULL || conn->debug->head == NULL ||
      line == NULL)
    return 0;
  *line = conn->debug->head->text;
  return conn->debug->head->len;
}

void sp_conn_keylog_pop(sp_conn *conn) {
  sp__line *line;

  if (conn == NULL || conn->debug == NULL || conn->debug->head == NULL)
    return;
  line = conn->debug->head;
  conn->debug->head = line->next;
  if (conn->debug->head == NULL)
    conn->debug->tail = NULL;
  OPENSSL_cleanse(line->text, line->len);
  free(line);
}

/* ---- protocol trace ------------------------------------------------------ */

#ifndef OPENSSL_NO_SSL_TRACE
static void sp__trace_cb(int write_p, int version, int content_type,
                         const void *buf, size_t len, SSL *ssl, void *arg) {
  sp_conn *conn = SSL_get_app_data(ssl);
  BIO *bio = arg;

  if (conn == NULL || conn->debug == NULL || conn->debug->trace != bio)
    return;
  if (BIO_ctrl_pending(bio) > SP__TRACE_CAP) {
    conn->debug->trace_dropped += len;
    return;
  }
  /* SSL_trace() formats into the BIO; nothing it does can fail the call. */
  ERR_set_mark();
  SSL_trace(write_p, version, content_type, buf, len, ssl, bio);
  ERR_pop_to_mark();
  conn->events |= SP_EV_TRACE;
}
#endif

int sp_conn_set_trace(sp_conn *conn, int enable) {
  struct sp__debug *debug;

  if (conn == NULL || conn->error.kind != SP_EK_NONE)
    return SP_ERROR;
  if (!enable) {
    if (conn->debug != NULL && conn->debug->trace != NULL) {
      SSL_set_msg_callback(conn->ssl, NULL);
      SSL_set_msg_callback_arg(conn->ssl, NULL);
      BIO_free(conn->debug->trace);
      conn->debug->trace = NULL;
    }
    return SP_OK;
  }
#ifdef OPENSSL_NO_SSL_TRACE
  return sp__conn_fail(conn, SP_EK_ARG, SP__CODE_INVALID_ARG,
                       "this OpenSSL was built without protocol tracing");
#else
  debug = sp__debug_of(conn);
  if (debug == NULL)
    return sp__conn_fail(conn, SP_EK_NOMEM, SP__CODE_NOMEM, "out of memory");
  if (debug->trace != NULL)
    return SP_OK;
  ERR_clear_error();
  debug->trace = BIO_new(BIO_s_mem());
  if (debug->trace == NULL)
    return sp__conn_fail_from_queue(conn, SP_EK_NOMEM, SP__CODE_NOMEM,
                                    "out of memory");
  SSL_set_msg_callback(conn->ssl, sp__trace_cb);
  SSL_set_msg_callback_arg(conn->ssl, debug->trace);
  return SP_OK;
#endif
}

/* Say what the cap dropped, once, where the text was cut. */
static void sp__note_dropped(struct sp__debug *debug) {
  char note[96];
  int n;

  if (debug->trace_dropped == 0)
    return;
  n = snprintf(note, sizeof note,
               "[securepair: %zu bytes of messages not traced: the trace "
               "was not taken]\n",
               debug->trace_dropped);
  debug->trace_dropped = 0;
  if (n > 0)
    BIO_write(debug->trace, note, n);
}

size_t sp_conn_trace_peek(sp_conn *conn, const char **text) {
  char *start = NULL;
  long len;

  if (text != NULL)
    *text = NULL;
  if (conn == NULL || text == NULL || conn->debug == NULL ||
      conn->debug->trace == NULL)
    return 0;
  sp__note_dropped(conn->debug);
  len = BIO_get_mem_data(conn->debug->trace, &start);
  if (len <= 0)
    return 0;
  *text = start;
  return (size_t)len;
}

void sp_conn_trace_consume(sp_conn *conn, size_t n) {
  char sink[4096];

  if (conn == NULL || conn->debug == NULL || conn->debug->trace == NULL)
    return;
  if (n >= BIO_ctrl_pending(conn->debug->trace)) {
    (void)BIO_reset(conn->debug->trace); /* keeps nothing, frees nothing */
    return;
  }
  while (n > 0) {
    int chunk = n < sizeof sink ? (int)n : (int)sizeof sink;
    int got = BIO_read(conn->debug->trace, sink, chunk);
    if (got <= 0)
      break;
    n -= (size_t)got;
  }
}
