/*
 * Connection: one core sp_conn driven from JS.
 *
 * Every event is delivered synchronously from inside a method call on the
 * connection, with `this` = that connection, through the callbacks lib
 * registered once with setCallbacks(). User code runs inside those callbacks
 * and may call anything on this connection again (write, receive, destroy),
 * so the rules are:
 *  - `busy` counts the driving calls on the stack; destroy() while busy only
 *    marks the connection dead and the outermost call frees the engine.
 *  - After every callback: if it threw, or the connection died, stop at once
 *    and unwind (the exception propagates out of the method).
 *  - Nothing that points into the engine (peeked output) or into the shared
 *    scratch buffer is held across a callback: it is copied into a JS Buffer
 *    first, because the callback may drive this or another connection.
 *  - receive() and receiveEOF() from inside a callback of the same
 *    connection only queue (the ciphertext goes into the engine at once);
 *    the outermost call reads it after what it already took out, so
 *    plaintext and events keep their order and the stack stays flat.
 */
#include <stdlib.h>
#include <string.h>

#include "sp_node.h"

typedef struct spn_conn {
  sp_conn *conn;             /* NULL once freed */
  unsigned busy;             /* driving calls on the stack */
  unsigned char dead;        /* destroy() was called */
  unsigned char errored;     /* onerror was (being) delivered: no more driving */
  unsigned char peer_closed; /* onpeerclose was delivered */
  unsigned char repump;      /* receive() while busy: ciphertext fed, not read */
  unsigned char eof_pending; /* receiveEOF() while busy */
  struct drive *active;      /* the innermost driving call, for engine hooks */
} spn_conn;

static const napi_type_tag connection_tag = {0x3c0a7f1e5b29d846ULL,
                                             0xa41d6e93f07c25b8ULL};

/* Everything one driving call needs at hand. */
typedef struct drive {
  napi_env env;
  napi_value self;
  spn_conn *c;
  spn_env *e;
  struct drive *outer; /* the driving call this one is nested in, or NULL */
} drive;

/*
 * Drive steps return 0 to go on, STOP to unwind: an exception is pending,
 * the connection was destroyed, or it failed (onerror was delivered).
 */
#define STOP (-1)

static void conn_finalize(napi_env env, void *data, void *hint) {
  spn_conn *c = data;
  if (c->conn != NULL)
    sp_conn_free(c->conn);
  free(c);
}

/* `this` as an spn_conn; NULL with an exception pending. */
static spn_conn *this_conn(napi_env env, napi_value self) {
  void *data = NULL;
  if (spn_check_tag(env, self, &connection_tag, "Connection") != 0)
    return NULL;
  SPN_CALL(env, napi_unwrap(env, self, &data));
  return data;
}

static int conn_args(napi_env env, napi_callback_info info, size_t argc,
                     napi_value *argv, napi_value *self, spn_conn **out) {
  if (spn_get_args(env, info, argc, argv, self) != 0)
    return -1;
  *out = this_conn(env, *self);
  return *out == NULL ? -1 : 0;
}

static int alive(const spn_conn *c) { return c->conn != NULL && !c->dead; }

static napi_value undefined_value(napi_env env) {
  napi_value u;
  SPN_CALL(env, napi_get_undefined(env, &u));
  return u;
}

static napi_value null_value(napi_env env) {
  napi_value n;
  SPN_CALL(env, napi_get_null(env, &n));
  return n;
}

/* ---- busy bracket ------------------------------------------------------ */

/* 0 and busy, or -1 when there is nothing to drive (dead, errored). */
static int enter(drive *d, napi_env env, napi_value self, spn_conn *c) {
  if (!alive(c) || c->errored)
    return -1;
  d->env = env;
  d->self = self;
  d->c = c;
  d->e = spn_env_get(env);
  if (d->e == NULL)
    return -1;
  c->busy++;
  d->outer = c->active;
  c->active = d;
  return 0;
}

/* The outermost call frees an engine that died while it ran. */
static void leave(drive *d) {
  spn_conn *c = d->c;
  c->active = d->outer;
  if (--c->busy == 0 && c->dead && c->conn != NULL) {
    sp_conn_free(c->conn);
    c->conn = NULL;
  }
}

/* 0 while this call may go on driving the engine. */
static int go_on(const drive *d) {
  return d->c->dead || d->c->errored ? STOP : 0;
}

/* ---- callbacks ------------------------------------------------------------ */

/* STOP if the callback threw or destroyed the connection. */
static int invoke(drive *d, int which, size_t argc, napi_value *argv) {
  napi_value fn, result;
  if (d->c->dead) /* destroyed inside an engine hook (PSK): call nothing */
    return STOP;
  if (d->e->cb[which] == NULL) /* an optional callback lib did not give */
    return 0;
  SPN_CALL_INT(d->env, napi_get_reference_value(d->env, d->e->cb[which], &fn));
  napi_status s = napi_call_function(d->env, d->self, fn, argc, argv, &result);
  if (s != napi_ok) {
    spn_throw_napi(d->env, s); /* no-op when the callback threw */
    return STOP;
  }
  return d->c->dead ? STOP : 0;
}

/* invoke() with one fresh Buffer holding a copy of data (len > 0). */
static int invoke_bytes(drive *d, int which, const void *data, size_t len) {
  napi_handle_scope scope;
  napi_value buf;
  int rc;
  SPN_CALL_INT(d->env, napi_open_handle_scope(d->env, &scope));
  napi_status s = napi_create_buffer_copy(d->env, len, data, NULL, &buf);
  if (s != napi_ok) {
    spn_throw_napi(d->env, s);
    rc = STOP;
  } else {
    rc = invoke(d, which, 1, &buf);
  }
  SPN_CALL_INT(d->env, napi_close_handle_scope(d->env, scope));
  return rc;
}

/*
 * All pending ciphertext in one onwrite: zero-copy peek, one copy into a
 * Buffer, consume, then call (the peeked pointer is dead by then).
 */
static int flush_output(drive *d) {
  const uint8_t *data = NULL;
  size_t len = sp_conn_output_peek(d->c->conn, &data);
  if (len == 0)
    return 0;
  napi_handle_scope scope;
  napi_value buf;
  int rc;
  SPN_CALL_INT(d->env, napi_open_handle_scope(d->env, &scope));
  napi_status s = napi_create_buffer_copy(d->env, len, data, NULL, &buf);
  if (s != napi_ok) {
    spn_throw_napi(d->env, s);
    rc = STOP;
  } else {
    sp_conn_output_consume(d->c->conn, len);
    rc = invoke(d, SPN_CB_WRITE, 1, &buf);
  }
  SPN_CALL_INT(d->env, napi_close_handle_scope(d->env, scope));
  return rc;
}

static int peer_close(drive *d) {
  if (d->c->peer_closed)
    return 0;
  d->c->peer_closed = 1;
  return invoke(d, SPN_CB_PEER_CLOSE, 0, NULL) != 0 ? STOP : go_on(d);
}

/* onclienthello(info): the engine waits at the ClientHello (hello.c). */
static int client_hello(drive *d) {
  napi_handle_scope scope;
  int rc = STOP;
  SPN_CALL_INT(d->env, napi_open_handle_scope(d->env, &scope));
  napi_value info = spn_hello_value(d->env, d->c->conn);
  if (info != NULL)
    rc = invoke(d, SPN_CB_CLIENT_HELLO, 1, &info) != 0 ? STOP : go_on(d);
  SPN_CALL_INT(d->env, napi_close_handle_scope(d->env, scope));
  return rc;
}

/*
 * debug.c's queues: one onkeylog(line) per key log line, then the trace
 * text in one ontrace(text). Each piece is copied out and dropped from
 * the engine before its callback runs, so a nested call never sees it
 * again. Absent callbacks just drain the queues.
 */
static int raise_debug(drive *d) {
  const char *text;
  size_t len;
  int rc = 0;
  napi_handle_scope scope;
  SPN_CALL_INT(d->env, napi_open_handle_scope(d->env, &scope));
  for (int keylog = 1; rc == 0;) {
    int which = keylog ? SPN_CB_KEYLOG : SPN_CB_TRACE;
    len = keylog ? sp_conn_keylog_peek(d->c->conn, &text)
                 : sp_conn_trace_peek(d->c->conn, &text);
    if (len == 0) {
      if (!keylog)
        break;
      keylog = 0;
      continue;
    }
    napi_value buf;
    napi_status s = napi_create_buffer_copy(d->env, len, text, NULL, &buf);
    if (keylog)
      sp_conn_keylog_pop(d->c->conn);
    else
      sp_conn_trace_consume(d->c->conn, len);
    if (s != napi_ok) {
      spn_throw_napi(d->env, s);
      rc = STOP;
    } else {
      rc = invoke(d, which, 1, &buf) != 0 ? STOP : go_on(d);
    }
  }
  SPN_CALL_INT(d->env, napi_close_handle_scope(d->env, scope));
  return rc;
}

/*
 * onnewsession(sessionId, session) for each session the engine queued
 * (session.c). Those made during a handshake (TLS 1.2) come before its
 * onhandshakedone, as Node's server emits 'newSession' before 'secure';
 * the others (TLS 1.3 tickets, made once it is done) after it.
 */
static int new_sessions(drive *d, int during_handshake) {
  int rc = 0;
  while (rc == 0) {
    napi_handle_scope scope;
    napi_value argv[2];
    SPN_CALL_INT(d->env, napi_open_handle_scope(d->env, &scope));
    int got = spn_session_args(d->env, d->c->conn, during_handshake, argv);
    if (got < 0)
      rc = STOP;
    else if (got == 0)
      rc = 1; /* none left */
    else
      rc = invoke(d, SPN_CB_NEW_SESSION, 2, argv) != 0 ? STOP : go_on(d);
    SPN_CALL_INT(d->env, napi_close_handle_scope(d->env, scope));
  }
  return rc == STOP ? STOP : 0;
}

static int raise_events(drive *d, unsigned events) {
  if ((events & (SP_EV_KEYLOG | SP_EV_TRACE)) && raise_debug(d) != 0)
    return STOP;
  if ((events & SP_EV_HANDSHAKE_START) &&
      (invoke(d, SPN_CB_HANDSHAKE_START, 0, NULL) != 0 || go_on(d) != 0))
    return STOP;
  if ((events & SP_EV_CLIENT_HELLO) && client_hello(d) != 0)
    return STOP;
  if ((events & SP_EV_NEW_SESSION) && new_sessions(d, 1) != 0)
    return STOP;
  if ((events & SP_EV_HANDSHAKE_DONE) &&
      (invoke(d, SPN_CB_HANDSHAKE_DONE, 0, NULL) != 0 || go_on(d) != 0))
    return STOP;
  if ((events & SP_EV_NEW_SESSION) && new_sessions(d, 0) != 0)
    return STOP;
  if ((events & SP_EV_PEER_CLOSED) && peer_close(d) != 0)
    return STOP;
  return 0;
}

/* What a step produced: its ciphertext first, then the events it caused. */
static int step_out(drive *d) {
  /* Taken before onwrite runs, so a nested call cannot raise them first. */
  unsigned events = sp_conn_take_events(d->c->conn);
  if (flush_output(d) != 0 || go_on(d) != 0)
    return STOP;
  return events != 0 ? raise_events(d, events) : 0;
}

/*
 * The connection failed (sticky error): the alert goes out first, then
 * onerror, once. Always returns STOP.
 */
static int fail(drive *d) {
  spn_conn *c = d->c;
  bool thrown = false;
  if (c->errored)
    return STOP;
  /* An engine hook's callback threw (the exception is on its way out):
   * the error is reported by the next driving call instead. */
  if (napi_is_exception_pending(d->env, &thrown) != napi_ok || thrown)
    return STOP;
  c->errored = 1; /* from here on, nested driving calls are no-ops */
  if (flush_output(d) != 0 || raise_debug(d) != 0)
    return STOP;
  sp_error fallback;
  const sp_error *err = sp_conn_error(c->conn);
  if (err == NULL) {
    sp_error_clear(&fallback);
    fallback.kind = SP_EK_PROTOCOL;
    strcpy(fallback.code, "ERR_SP_INTERNAL");
    strcpy(fallback.message, "the TLS engine failed without saying why");
    err = &fallback;
  }
  napi_handle_scope scope;
  SPN_CALL_INT(d->env, napi_open_handle_scope(d->env, &scope));
  napi_value error = spn_error_value(d->env, err);
  if (error != NULL)
    invoke(d, SPN_CB_ERROR, 1, &error);
  SPN_CALL_INT(d->env, napi_close_handle_scope(d->env, scope));
  return STOP;
}

/* ---- the plaintext pump ---------------------------------------------------- */

/*
 * A read step produced ciphertext or events while plaintext is batched.
 * Plaintext of earlier steps [0, prev) came first, then this step's
 * ciphertext and events, then the step's own plaintext [prev, filled).
 * Both parts are copied out before any callback runs, because a callback
 * may drive any connection of this environment and so reuse the scratch.
 */
static int deliver_step(drive *d, const uint8_t *scratch, size_t prev,
                        size_t filled, unsigned events) {
  napi_handle_scope scope;
  napi_value before = NULL, after = NULL;
  napi_status s = napi_ok;
  int rc = 0;
  SPN_CALL_INT(d->env, napi_open_handle_scope(d->env, &scope));
  if (prev > 0)
    s = napi_create_buffer_copy(d->env, prev, scratch, NULL, &before);
  if (s == napi_ok && filled > prev)
    s = napi_create_buffer_copy(d->env, filled - prev, scratch + prev, NULL,
                                &after);
  if (s != napi_ok) {
    spn_throw_napi(d->env, s);
    rc = STOP;
  }
  if (rc == 0 && before != NULL)
    rc = invoke(d, SPN_CB_DATA, 1, &before) != 0 ? STOP : go_on(d);
  if (rc == 0)
    rc = flush_output(d) != 0 ? STOP : go_on(d);
  if (rc == 0 && events != 0)
    rc = raise_events(d, events);
  if (rc == 0 && after != NULL)
    rc = invoke(d, SPN_CB_DATA, 1, &after) != 0 ? STOP : go_on(d);
  SPN_CALL_INT(d->env, napi_close_handle_scope(d->env, scope));
  return rc;
}

/* Decrypt everything available, in batches of up to SPN_SCRATCH_SIZE. */
static int read_all(drive *d) {
  spn_env *e = d->e;
  if (e->scratch == NULL && (e->scratch = malloc(SPN_SCRATCH_SIZE)) == NULL) {
    spn_throw_code(d->env, "ERR_SP_NOMEM", "out of memory");
    return STOP;
  }
  size_t filled = 0;
  int idle = 0;
  for (;;) {
    size_t prev = filled, n = 0;
    int rc = sp_conn_read(d->c->conn, e->scratch + filled,
                          SPN_SCRATCH_SIZE - filled, &n);
    if (rc == SP_OK)
      filled += n;
    unsigned events = sp_conn_take_events(d->c->conn);
    if (events != 0 || sp_conn_output_pending(d->c->conn) > 0) {
      size_t total = filled;
      filled = 0;
      if (deliver_step(d, e->scratch, prev, total, events) != 0)
        return STOP;
    } else if (filled > 0 && (rc != SP_OK || filled == SPN_SCRATCH_SIZE)) {
      size_t total = filled;
      filled = 0;
      if (invoke_bytes(d, SPN_CB_DATA, e->scratch, total) != 0 ||
          go_on(d) != 0)
        return STOP;
    }
    switch (rc) {
    case SP_OK:
      /* The engine promises n > 0; never spin if it breaks that. */
      idle = n > 0 ? 0 : idle + 1;
      if (idle > 16)
        goto flush_and_stop;
      continue;
    case SP_WANT_WRITE: /* its output went out above; go round again */
      if (++idle > 16)
        goto flush_and_stop;
      continue;
    case SP_WANT_READ:
      return 0;
    case SP_CLOSED:
      return peer_close(d);
    default:
      return fail(d);
    }
  flush_and_stop:
    if (filled > 0 && invoke_bytes(d, SPN_CB_DATA, e->scratch, filled) != 0)
      return STOP;
    return go_on(d);
  }
}

/* Continue the handshake, then hand out whatever plaintext there is. */
static int pump(drive *d) {
  if (!sp_conn_handshake_done(d->c->conn)) {
    int rc, rounds = 0;
    do {
      rc = sp_conn_handshake(d->c->conn);
      if (step_out(d) != 0)
        return STOP;
    } while (rc == SP_WANT_WRITE && ++rounds < 16);
    if (rc == SP_ERROR)
      return fail(d);
    if (rc != SP_OK)
      return 0; /* the peer's next flight is needed */
  }
  return read_all(d);
}

static int do_eof(drive *d) {
  int rc = sp_conn_feed_eof(d->c->conn);
  if (step_out(d) != 0)
    return STOP;
  if (rc == SP_ERROR)
    return fail(d);
  if (rc == SP_CLOSED)
    return peer_close(d);
  return 0;
}

/*
 * Work that nested calls left to the outermost one: receive() and
 * receiveEOF() from inside a callback only queue, so that plaintext and
 * events keep their order; the outermost call processes them here, after
 * its own step succeeded.
 */
static void settle(drive *d) {
  spn_conn *c = d->c;
  if (c->busy != 1)
    return;
  while (go_on(d) == 0) {
    if (c->repump) {
      c->repump = 0;
      if (pump(d) != 0) {
        /* A callback threw: what is still buffered is read next time. */
        if (go_on(d) == 0)
          c->repump = 1;
        return;
      }
    } else if (c->eof_pending) {
      c->eof_pending = 0;
      if (do_eof(d) != 0)
        return;
    } else {
      return;
    }
  }
}

/* ---- constructor ------------------------------------------------------------ */

static napi_value conn_construct(napi_env env, napi_callback_info info) {
  napi_value argv[2], self;
  sp_ctx *ctx;
  int is_server;
  sp_error err;
  if (spn_check_construct(env, info, "Connection") != 0)
    return NULL;
  if (spn_get_args(env, info, 2, argv, &self) != 0)
    return NULL;
  if (spn_secure_context_unwrap(env, argv[0], &ctx) != 0)
    return NULL;
  if (spn_get_flag(env, argv[1], &is_server) != 0)
    return NULL;
  spn_env *e = spn_env_get(env);
  if (e == NULL)
    return NULL;
  if (e->cb[0] == NULL)
    return spn_throw_code(env, "ERR_SP_NO_CALLBACKS",
                          "setCallbacks() must be called before a Connection "
                          "is created");

  spn_conn *c = calloc(1, sizeof(*c));
  if (c == NULL)
    return spn_throw_code(env, "ERR_SP_NOMEM", "out of memory");
  sp_error_clear(&err);
  c->conn = sp_conn_new(ctx, is_server ? SP_ROLE_SERVER : SP_ROLE_CLIENT,
                        &err);
  if (c->conn == NULL) {
    free(c);
    return spn_throw_error(env, &err);
  }
  napi_status s = napi_wrap(env, self, c, conn_finalize, NULL, NULL);
  if (s != napi_ok) {
    conn_finalize(env, c, NULL);
    spn_throw_napi(env, s);
    return NULL;
  }
  SPN_CALL(env, napi_type_tag_object(env, self, &connection_tag));
  return self;
}

/* ---- driving methods ------------------------------------------------------- */

/* Runs step inside the busy bracket, then the deferred work. */
static napi_value drive_with(napi_env env, napi_value self, spn_conn *c,
                             int (*step)(drive *)) {
  drive d;
  if (enter(&d, env, self, c) == 0) {
    if (step(&d) == 0)
      settle(&d);
    leave(&d);
  }
  bool pending = false;
  SPN_CALL(env, napi_is_exception_pending(env, &pending));
  return pending ? NULL : undefined_value(env);
}

static int start_step(drive *d) {
  return sp_conn_is_server(d->c->conn) ? 0 : pump(d);
}

static napi_value conn_start(napi_env env, napi_callback_info info) {
  napi_value self;
  spn_conn *c;
  if (conn_args(env, info, 0, NULL, &self, &c) != 0)
    return NULL;
  return drive_with(env, self, c, start_step);
}

/* The work is all deferred: settle() pumps what receive() fed. */
static int no_step(drive *d) { return 0; }

static napi_value conn_receive(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  spn_conn *c;
  spn_bytes bytes;
  if (conn_args(env, info, 1, argv, &self, &c) != 0)
    return NULL;
  if (spn_get_bytes(env, argv[0], "data", 0, &bytes) != 0)
    return NULL;
  if (!alive(c) || c->errored)
    return undefined_value(env);
  /* Fed straight from the JS memory (the engine copies it into its BIO).
   * A failure is sticky; the pump reports it. */
  if (bytes.len > 0)
    sp_conn_feed(c->conn, bytes.data, bytes.len);
  c->repump = 1;
  if (c->busy > 0)
    return undefined_value(env); /* the outermost call reads it, in order */
  return drive_with(env, self, c, no_step);
}

static napi_value conn_receive_eof(napi_env env, napi_callback_info info) {
  napi_value self;
  spn_conn *c;
  if (conn_args(env, info, 0, NULL, &self, &c) != 0)
    return NULL;
  if (!alive(c) || c->errored)
    return undefined_value(env);
  c->eof_pending = 1;
  if (c->busy > 0)
    return undefined_value(env);
  return drive_with(env, self, c, no_step);
}

/*
 * write(buf) / writev(bufs): encrypt everything, then one onwrite with all
 * the records. The chunks are collected (which may run JS: array getters)
 * before the engine is touched.
 */
static napi_value write_chunks(napi_env env, napi_value self, spn_conn *c,
                               spn_bytes *chunks, uint32_t count) {
  drive d;
  if (enter(&d, env, self, c) != 0)
    return undefined_value(env);
  if (!sp_conn_handshake_done(c->conn)) {
    leave(&d);
    return spn_throw_code(env, "ERR_SP_HANDSHAKE_NOT_DONE",
                          "write() before the TLS handshake is done");
  }
  int rc = SP_OK;
  for (uint32_t i = 0; i < count && rc == SP_OK; i++) {
    size_t written = 0;
    if (chunks[i].len == 0)
      continue;
    rc = sp_conn_write(c->conn, chunks[i].data, chunks[i].len, &written);
    if (rc == SP_OK && written != chunks[i].len)
      rc = SP_WANT_WRITE; /* the engine broke its promise: not all taken */
  }
  napi_value ret = undefined_value(env);
  if (rc == SP_ERROR) {
    fail(&d);
  } else if (rc != SP_OK) {
    /* Mid-renegotiation the engine may need the peer's messages before it
     * takes data. Say so rather than drop the bytes silently. */
    if (step_out(&d) == 0)
      ret = spn_throw_code(env, "ERR_SP_WANT_READ",
                           "the TLS engine cannot take data until the peer's "
                           "handshake messages arrive");
  } else if (step_out(&d) == 0) {
    settle(&d);
  }
  leave(&d);
  bool pending = false;
  SPN_CALL(env, napi_is_exception_pending(env, &pending));
  return pending ? NULL : ret;
}

static napi_value conn_write(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  spn_conn *c;
  spn_bytes chunk;
  if (conn_args(env, info, 1, argv, &self, &c) != 0)
    return NULL;
  if (spn_get_bytes(env, argv[0], "data", 0, &chunk) != 0)
    return NULL;
  return write_chunks(env, self, c, &chunk, 1);
}

static napi_value conn_writev(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  spn_conn *c;
  bool is_array;
  uint32_t count;
  if (conn_args(env, info, 1, argv, &self, &c) != 0)
    return NULL;
  SPN_CALL(env, napi_is_array(env, argv[0], &is_array));
  if (!is_array)
    return spn_throw_arg_type(env, "chunks", "an instance of Array");
  SPN_CALL(env, napi_get_array_length(env, argv[0], &count));
  spn_bytes *chunks = calloc(count ? count : 1, sizeof(*chunks));
  if (chunks == NULL)
    return spn_throw_code(env, "ERR_SP_NOMEM", "out of memory");
  /* The chunk values stay alive in this call's handle scope. */
  for (uint32_t i = 0; i < count; i++) {
    napi_value v;
    napi_status s = napi_get_element(env, argv[0], i, &v);
    if (s != napi_ok) {
      free(chunks);
      spn_throw_napi(env, s);
      return NULL;
    }
    if (spn_get_bytes(env, v, "chunks[i]", 0, &chunks[i]) != 0) {
      free(chunks);
      return NULL;
    }
  }
  napi_value ret = write_chunks(env, self, c, chunks, count);
  free(chunks);
  return ret;
}

static int shutdown_step(drive *d) {
  int rc = sp_conn_shutdown(d->c->conn);
  if (rc == SP_WANT_READ) {
    /* Mid-renegotiation: nothing was queued; lib retries once it is done. */
    spn_throw_code(d->env, "ERR_SP_WANT_READ",
                   "the TLS engine cannot close until the peer's handshake "
                   "messages arrive");
    return STOP;
  }
  if (rc != SP_OK)
    return fail(d);
  return step_out(d);
}

static napi_value conn_shutdown(napi_env env, napi_callback_info info) {
  napi_value self;
  spn_conn *c;
  if (conn_args(env, info, 0, NULL, &self, &c) != 0)
    return NULL;
  return drive_with(env, self, c, shutdown_step);
}

static napi_value conn_destroy(napi_env env, napi_callback_info info) {
  napi_value self;
  spn_conn *c;
  if (conn_args(env, info, 0, NULL, &self, &c) != 0)
    return NULL;
  c->dead = 1;
  if (c->busy == 0 && c->conn != NULL) {
    sp_conn_free(c->conn);
    c->conn = NULL;
  }
  return undefined_value(env);
}

/* ---- setters ----------------------------------------------------------------- */

/*
 * A refused setting is a sticky error in the engine: throw its description.
 * The connection is not marked failed here, so the next driving call still
 * reports it through onerror rather than leaving the connection silent.
 */
static napi_value throw_setter_error(napi_env env, const spn_conn *c,
                                     const char *what) {
  return spn_throw_conn_error(env, c->conn, what);
}

static napi_value conn_set_servername(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  spn_conn *c;
  char *name;
  if (conn_args(env, info, 1, argv, &self, &c) != 0)
    return NULL;
  if (spn_get_string(env, argv[0], "name", &name) != 0)
    return NULL;
  int rc = alive(c) ? sp_conn_set_servername(c->conn, name) : SP_OK;
  free(name);
  if (rc != SP_OK)
    return throw_setter_error(env, c, "the server name was refused");
  return undefined_value(env);
}

static napi_value conn_set_verify(napi_env env, napi_callback_info info) {
  napi_value argv[2], self;
  spn_conn *c;
  int request_cert, reject_unauthorized;
  if (conn_args(env, info, 2, argv, &self, &c) != 0)
    return NULL;
  if (spn_get_flag(env, argv[0], &request_cert) != 0 ||
      spn_get_flag(env, argv[1], &reject_unauthorized) != 0)
    return NULL;
  if (!alive(c))
    return undefined_value(env);
  int flags;
  if (!sp_conn_is_server(c->conn))
    flags = SP_VERIFY_PEER; /* lib decides on the recorded result */
  else if (!request_cert)
    flags = SP_VERIFY_NONE;
  else if (reject_unauthorized)
    flags = SP_VERIFY_PEER | SP_VERIFY_REQUIRE_CERT | SP_VERIFY_ENFORCE;
  else
    flags = SP_VERIFY_PEER;
  if (sp_conn_set_verify(c->conn, flags) != SP_OK)
    return throw_setter_error(env, c, "the verification mode was refused");
  return undefined_value(env);
}

/* ---- getters ------------------------------------------------------------------- */

static napi_value string_or_null(napi_env env, const char *s) {
  napi_value v;
  if (s == NULL)
    return null_value(env);
  SPN_CALL(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v));
  return v;
}

/* Getter prologue: the live engine, or NULL (and *ret set) to answer early. */
static sp_conn *getter(napi_env env, napi_callback_info info, size_t argc,
                       napi_value *argv, napi_value *ret) {
  napi_value self;
  spn_conn *c;
  *ret = NULL;
  if (conn_args(env, info, argc, argv, &self, &c) != 0)
    return NULL;
  if (!alive(c)) {
    *ret = null_value(env);
    return NULL;
  }
  return c->conn;
}

static int same_cert(const sp_cert *a, const sp_cert *b) {
  return a->raw_len == b->raw_len && a->raw != NULL && b->raw != NULL &&
         memcmp(a->raw, b->raw, a->raw_len) == 0;
}

/* One certificate fetched from the engine as a JS value (null when there
 * is none); takes ownership of `cert`. */
static napi_value single_cert_value(napi_env env, spn_env *e, sp_cert *cert,
                                    const sp_error *err) {
  if (cert == NULL)
    return err->kind != SP_EK_NONE ? spn_throw_error(env, err)
                                   : null_value(env);
  napi_value value = spn_cert_value(env, e, cert);
  sp_cert_free(cert);
  return value;
}

static napi_value conn_get_peer_certificate(napi_env env,
                                            napi_callback_info info) {
  napi_value argv[1], ret;
  int detailed;
  sp_error err;
  sp_conn *conn = getter(env, info, 1, argv, &ret);
  if (conn == NULL)
    return ret;
  if (spn_get_flag(env, argv[0], &detailed) != 0)
    return NULL;
  spn_env *e = spn_env_get(env);
  if (e == NULL)
    return NULL;

  /* Everything is taken out of the engine before any JS object is made. */
  sp_error_clear(&err);
  sp_cert *leaf = sp_conn_peer_cert(conn, &err);
  if (leaf == NULL || !detailed)
    return single_cert_value(env, e, leaf, &err);

  sp_cert **chain = NULL;
  size_t count = 0;
  if (sp_conn_peer_chain(conn, &chain, &count, &err) != SP_OK) {
    sp_cert_free(leaf);
    return spn_throw_error(env, &err);
  }
  /* Leaf first, whatever the engine's chain starts with. */
  sp_cert **full = malloc((count + 1) * sizeof(*full));
  if (full == NULL) {
    sp_cert_free(leaf);
    sp_cert_chain_free(chain, count);
    return spn_throw_code(env, "ERR_SP_NOMEM", "out of memory");
  }
  size_t n = 0;
  full[n++] = leaf;
  for (size_t i = (count > 0 && same_cert(chain[0], leaf)) ? 1 : 0; i < count;
       i++)
    full[n++] = chain[i];
  ret = spn_cert_chain_value(env, e, full, n);
  free(full);
  sp_cert_free(leaf);
  sp_cert_chain_free(chain, count);
  return ret;
}

static napi_value conn_get_certificate(napi_env env, napi_callback_info info) {
  napi_value ret;
  sp_error err;
  sp_conn *conn = getter(env, info, 0, NULL, &ret);
  if (conn == NULL)
    return ret;
  spn_env *e = spn_env_get(env);
  if (e == NULL)
    return NULL;
  sp_error_clear(&err);
  return single_cert_value(env, e, sp_conn_local_cert(conn, &err), &err);
}

static napi_value conn_get_cipher(napi_env env, napi_callback_info info) {
  napi_value ret, obj, v;
  sp_cipher_info ci;
  sp_conn *conn = getter(env, info, 0, NULL, &ret);
  if (conn == NULL)
    return ret;
  if (sp_conn_cipher(conn, &ci) != SP_OK)
    return null_value(env);
  SPN_CALL(env, napi_create_object(env, &obj));
  if ((v = string_or_null(env, ci.name)) == NULL)
    return NULL;
  SPN_CALL(env, napi_set_named_property(env, obj, "name", v));
  if ((v = string_or_null(env, ci.standard_name)) == NULL)
    return NULL;
  SPN_CALL(env, napi_set_named_property(env, obj, "standardName", v));
  if ((v = string_or_null(env, ci.version)) == NULL)
    return NULL;
  SPN_CALL(env, napi_set_named_property(env, obj, "version", v));
  return obj;
}

static napi_value conn_get_protocol(napi_env env, napi_callback_info info) {
  napi_value ret;
  sp_conn *conn = getter(env, info, 0, NULL, &ret);
  if (conn == NULL)
    return ret;
  return string_or_null(env, sp_conn_protocol(conn));
}

static napi_value conn_get_servername(napi_env env, napi_callback_info info) {
  napi_value ret;
  sp_conn *conn = getter(env, info, 0, NULL, &ret);
  if (conn == NULL)
    return ret;
  return string_or_null(env, sp_conn_servername(conn));
}

static napi_value conn_verify_error(napi_env env, napi_callback_info info) {
  napi_value ret;
  sp_error err;
  sp_conn *conn = getter(env, info, 0, NULL, &ret);
  if (conn == NULL)
    return ret;
  long result = sp_conn_verify_result(conn);
  if (result == 0) /* X509_V_OK */
    return null_value(env);
  sp_error_from_verify(&err, result);
  return spn_error_value(env, &err);
}

static napi_value conn_is_handshake_done(napi_env env,
                                         napi_callback_info info) {
  napi_value self, v;
  spn_conn *c;
  if (conn_args(env, info, 0, NULL, &self, &c) != 0)
    return NULL;
  SPN_CALL(env, napi_get_boolean(env, alive(c) &&
                                          sp_conn_handshake_done(c->conn),
                                 &v));
  return v;
}

/* ---- for methods defined in other files --------------------------------------- */

int spn_conn_engine(napi_env env, napi_value self, sp_conn **out) {
  spn_conn *c = this_conn(env, self);
  *out = NULL;
  if (c == NULL)
    return -1;
  if (alive(c) && !c->errored)
    *out = c->conn;
  return 0;
}

napi_value spn_conn_pump(napi_env env, napi_value self) {
  spn_conn *c = this_conn(env, self);
  if (c == NULL)
    return NULL;
  if (!alive(c) || c->errored)
    return undefined_value(env);
  c->repump = 1;
  if (c->busy > 0)
    return undefined_value(env); /* the outermost call does it, in order */
  return drive_with(env, self, c, no_step);
}

spn_conn *spn_conn_unwrap(napi_env env, napi_value self) {
  return this_conn(env, self);
}

napi_env spn_conn_hook_env(const spn_conn *c) {
  return c != NULL && c->active != NULL && alive(c) ? c->active->env : NULL;
}

int spn_conn_hook_call(spn_conn *c, int which, size_t argc, napi_value *argv,
                       napi_value *result) {
  drive *d = c != NULL ? c->active : NULL;
  napi_value fn;
  if (d == NULL || !alive(c) || d->e->cb[which] == NULL)
    return -1;
  SPN_CALL_INT(d->env, napi_get_reference_value(d->env, d->e->cb[which], &fn));
  napi_status s = napi_call_function(d->env, d->self, fn, argc, argv, result);
  if (s != napi_ok) {
    spn_throw_napi(d->env, s); /* no-op when the callback threw */
    return -1;
  }
  return alive(c) ? 0 : -1;
}

int spn_define_methods(napi_env env, napi_value proto,
                       const napi_property_descriptor *methods, size_t count) {
  SPN_CALL_INT(env, napi_define_properties(env, proto, count, methods));
  return 0;
}

napi_value spn_connection_class(napi_env env) {
#define METHOD(name, fn)                                                       \
  { name, NULL, fn, NULL, NULL, NULL, napi_default_method, NULL }
  static const napi_property_descriptor methods[] = {
      METHOD("start", conn_start),
      METHOD("receive", conn_receive),
      METHOD("receiveEOF", conn_receive_eof),
      METHOD("write", conn_write),
      METHOD("writev", conn_writev),
      METHOD("shutdown", conn_shutdown),
      METHOD("destroy", conn_destroy),
      METHOD("setServername", conn_set_servername),
      METHOD("setVerify", conn_set_verify),
      METHOD("getPeerCertificate", conn_get_peer_certificate),
      METHOD("getCertificate", conn_get_certificate),
      METHOD("getCipher", conn_get_cipher),
      METHOD("getProtocol", conn_get_protocol),
      METHOD("getServername", conn_get_servername),
      METHOD("verifyError", conn_verify_error),
      METHOD("isHandshakeDone", conn_is_handshake_done),
  };
#undef METHOD
  napi_value cls;
  SPN_CALL(env, napi_define_class(env, "Connection", NAPI_AUTO_LENGTH,
                                  conn_construct, NULL,
                                  sizeof(methods) / sizeof(methods[0]),
                                  methods, &cls));
  napi_value proto;
  SPN_CALL(env, napi_get_named_property(env, cls, "prototype", &proto));
  if (spn_hello_methods(env, proto) != 0 || spn_alpn_methods(env, proto) != 0 ||
      spn_reneg_methods(env, proto) != 0)
    return NULL;
  if (spn_psk_methods(env, proto) != 0 || spn_debug_methods(env, proto) != 0)
    return NULL;
  if (spn_session_methods(env, proto) != 0)
    return NULL;
  return cls;
}
