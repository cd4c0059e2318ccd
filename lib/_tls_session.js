'use strict';

// Session resumption for TLSSocket and Server, as Node has it:
//
//  client: the `session` option / setSession(), getSession(),
//    isSessionReused(), getTLSTicket(), and the 'session' event, once per
//    session the server hands out (TLS 1.3 tickets arrive after the
//    handshake, a TLS 1.2 session at its end; one that arrives before
//    'secureConnect' is emitted right after it, as in Node).
//  server: the `sessionIdContext`, `sessionTimeout` and `ticketKeys`
//    options, getTicketKeys()/setTicketKeys(), and the external cache:
//    'newSession'(id, data, done) for every session the server makes while
//    someone listens (the server's next flight, and 'secure', wait for
//    done(), so a client cannot come back before the session is stored),
//    and 'resumeSession'(id, callback(err, data)), asked during the
//    ClientHello pause for a client that offers a session id and no ticket.
//
// The engine has no session-id cache of its own: without the two events a
// TLS 1.2 session id never resumes (tickets do), exactly as with Node.

const {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_OUT_OF_RANGE,
  ERR_MULTIPLE_CALLBACK,
  ERR_SOCKET_CLOSED,
} = require('./_tls_errors');
const { addHelloStep } = require('./_tls_hello');

const kPendingSession = Symbol('pendingSession');
const kVerified = Symbol('sessionVerified');
const kNewSessionPending = Symbol('newSessionPending');
const kSecurePending = Symbol('securePending');

const TICKET_KEYS_LENGTH = 48;

// The binding's Connection of a socket. _tls_wrap.js requires this file, so
// its key is looked up when first needed.
function connOf(socket) {
  return socket[require('./_tls_wrap').kConn] || null;
}

function isBytes(value) {
  return ArrayBuffer.isView(value);
}

function toBuffer(value) {
  return Buffer.isBuffer(value) ?
    value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

// As Node's validateInt32(value, name, 0).
function validateTimeout(value, name) {
  if (typeof value !== 'number') throw ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < 0 || value > 2147483647) {
    throw ERR_OUT_OF_RANGE(name, '>= 0 && <= 2147483647', value);
  }
}

function validateTicketKeys(keys, name) {
  if (!isBytes(keys)) {
    throw ERR_INVALID_ARG_TYPE(name, ['Buffer', 'TypedArray', 'DataView'], keys);
  }
  if (keys.byteLength !== TICKET_KEYS_LENGTH) {
    throw ERR_INVALID_ARG_VALUE(name, keys.byteLength, 'must be exactly 48 bytes');
  }
}

// ---- createSecureContext() options ----------------------------------------

// Checked before the context is built; returns what applyOptions() sets.
function checkOptions(options, name) {
  const { sessionIdContext, sessionTimeout, ticketKeys } = options;
  if (sessionIdContext != null && typeof sessionIdContext !== 'string') {
    throw ERR_INVALID_ARG_TYPE(`${name}.sessionIdContext`, 'string', sessionIdContext);
  }
  if (ticketKeys != null) validateTicketKeys(ticketKeys, `${name}.ticketKeys`);
  if (sessionTimeout != null) validateTimeout(sessionTimeout, `${name}.sessionTimeout`);
  return {
    sessionIdContext: sessionIdContext != null ? sessionIdContext : null,
    sessionTimeout: sessionTimeout != null ? sessionTimeout : null,
    ticketKeys: ticketKeys != null ? toBuffer(ticketKeys) : null,
  };
}

// An empty sessionIdContext keeps the context's own (Node would set an
// empty one, with which a server asking for certificates cannot resume).
function applyOptions(context, plan) {
  if (plan.sessionIdContext) context.setSessionIdContext(plan.sessionIdContext);
  if (plan.ticketKeys) context.setTicketKeys(plan.ticketKeys);
  if (plan.sessionTimeout !== null) context.setSessionTimeout(plan.sessionTimeout);
}

// ---- Server ------------------------------------------------------------------

// Node's default: a hash of the command line, the same in every process of
// the same program, so servers sharing ticket keys resume each other's
// tickets, and one that asks for client certificates can resume at all.
let defaultContextId;
function defaultSessionIdContext() {
  if (defaultContextId === undefined) {
    try {
      defaultContextId = require('crypto').createHash('sha1')
        .update(process.argv.join(' ')).digest('hex').slice(0, 32);
    } catch {
      defaultContextId = null; // no crypto: the engine's random one stays
    }
  }
  return defaultContextId;
}

// Server#setSecureContext(options): records the session options on the
// server as Node does and returns the ones to build the context with.
function serverContextOptions(server, options) {
  server.sessionIdContext = options.sessionIdContext || defaultSessionIdContext();
  if (options.sessionTimeout) server.sessionTimeout = options.sessionTimeout;
  if (options.ticketKeys) server.ticketKeys = options.ticketKeys;
  return {
    sessionIdContext: server.sessionIdContext || undefined,
    sessionTimeout: server.sessionTimeout,
    ticketKeys: server.ticketKeys,
  };
}

function getTicketKeys() {
  return this._sharedCreds.context.getTicketKeys();
}

function setTicketKeys(keys) {
  if (!isBytes(keys)) {
    throw ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView'], keys);
  }
  if (keys.byteLength !== TICKET_KEYS_LENGTH) {
    throw ERR_INVALID_ARG_VALUE('keys', keys.byteLength, 'must be exactly 48 bytes');
  }
  this._sharedCreds.context.setTicketKeys(toBuffer(keys));
}

// The external cache's lookup, run at the ClientHello pause: only for a
// client that offers a session id and no ticket (a ticket resumes without
// any storage), and only while someone listens.
function resumeSessionStep(socket, hello, next) {
  const id = hello.sessionId;
  if (!id || id.length === 0 || hello.tlsTicket) {
    next();
    return;
  }
  let called = false;
  const onSession = (err, data) => {
    if (called) {
      socket.destroy(ERR_MULTIPLE_CALLBACK());
      return;
    }
    called = true;
    if (err) {
      next(err);
      return;
    }
    const conn = connOf(socket);
    if (!conn) {
      socket.destroy(ERR_SOCKET_CLOSED());
      return;
    }
    // Anything but bytes (undefined, null: not found) leaves a full
    // handshake; bytes that are no session too, as in Node.
    if (isBytes(data)) conn.setResumeSession(toBuffer(data));
    next();
  };
  if (!socket.server.emit('resumeSession', id, onSession)) next();
}

function wantsLookup(socket) {
  return Boolean(socket.server) && socket.server.listenerCount('resumeSession') > 0;
}

// Called once per Server.
function setupServer(server) {
  addHelloStep(server, resumeSessionStep,
               { order: 10, wanted: wantsLookup, name: 'resumeSession' });
}

// ---- TLSSocket -----------------------------------------------------------------

// Arms a new connection: clients always hear of their sessions; a server
// only while its owner listens for 'newSession' (checked now, as Node).
function attach(socket, conn, options, isServer) {
  socket[kPendingSession] = null;
  socket[kVerified] = false;
  socket[kNewSessionPending] = false;
  socket[kSecurePending] = false;
  if (isServer) {
    const server = options.server;
    if (server && server.listenerCount('newSession') > 0) conn.enableSessionEvents(true);
    return;
  }
  conn.enableSessionEvents(false);
  if (options.session != null) setSession(socket, options.session);
}

// A session is bytes, or a string of them (latin1), as Node takes it.
function checkSession(session, name) {
  if (typeof session !== 'string' && !isBytes(session)) {
    throw ERR_INVALID_ARG_TYPE(name, ['string', 'Buffer', 'TypedArray', 'DataView'], session);
  }
}

function setSession(socket, session) {
  checkSession(session, 'session');
  if (typeof session === 'string') session = Buffer.from(session, 'latin1');
  const conn = connOf(socket);
  // A damaged session, or one given too late, is ignored (a full handshake
  // follows), as in Node; a server has nothing to offer.
  if (conn && !socket._tlsOptions.isServer) conn.setSession(toBuffer(session));
}

function opReleaseOutput(socket, conn) {
  conn.releaseOutput();
}

// The engine made a session: a client tells its user, a server its cache.
function onNewSession(socket, id, data) {
  if (!socket._tlsOptions.isServer) {
    if (socket[kVerified]) socket.emit('session', data);
    else socket[kPendingSession] = data;
    return;
  }
  if (!socket.server) return; // events are only switched on for a server's sockets
  let done = false;
  const callback = () => {
    if (done) return;
    done = true;
    const conn = connOf(socket);
    if (!conn) {
      socket.destroy(ERR_SOCKET_CLOSED());
      return;
    }
    // Through the socket's driver, so what the engine reports on the way
    // (the held output, events) is handled as any other call's.
    socket._drive(opReleaseOutput);
    socket[kNewSessionPending] = false;
    if (socket[kSecurePending]) {
      socket[kSecurePending] = false;
      socket._finishInit();
    }
  };
  socket[kNewSessionPending] = true;
  if (!socket.server.emit('newSession', id, data, callback)) callback();
}

// The first handshake is done: true when 'secure' must wait for the
// 'newSession' callback (Node waits too).
function deferSecure(socket) {
  if (!socket[kNewSessionPending]) return false;
  socket[kSecurePending] = true;
  return true;
}

// After 'secureConnect' (or 'secure' for a socket made directly): the
// session that arrived during the handshake, if any, and later ones at once.
function verified(socket) {
  socket[kVerified] = true;
  const pending = socket[kPendingSession];
  socket[kPendingSession] = null;
  if (pending && !socket.destroyed) socket.emit('session', pending);
}

module.exports = {
  checkOptions,
  applyOptions,
  serverContextOptions,
  getTicketKeys,
  setTicketKeys,
  setupServer,
  attach,
  checkSession,
  setSession,
  onNewSession,
  deferSecure,
  verified,
};
