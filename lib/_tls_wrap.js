'use strict';

// TLSSocket, Server and connect(): Node's tls surface on top of the
// binding's Connection.
//
// A TLSSocket is a stream.Duplex of plaintext sitting on a transport, any
// stream.Duplex of ciphertext (usually a net.Socket). Node-API cannot make
// a real net.Socket handle, so TLSSocket is not a net.Socket; it forwards
// the net.Socket surface (addresses, setNoDelay, ref, ...) to the transport
// where there is one.
//
// Data path:
//   transport 'data'  -> conn.receive()  -> ondata   -> this.push()
//   this.write()      -> conn.write()    -> onwrite  -> transport.write()
//   transport 'end'   -> conn.receiveEOF() -> onpeerclose -> this.push(null)
//   this.end()        -> conn.shutdown() (close_notify) -> transport.end()
//
// Re-entrancy: the binding calls back synchronously from inside
// receive()/write()/...; a transport may also deliver data synchronously
// from inside a write (an in-memory pair does). So every binding call goes
// through drive(): calls made while one is running are queued and run right
// after it, and the events the binding reports (data, handshake done, peer
// close, error) are queued and dispatched once no binding call is running.
// Ciphertext alone is passed on at once, so it reaches the transport in
// order and before any event caused by the same step (an alert before the
// error it announces). User code therefore never runs inside the binding.

const net = require('net');
const { Duplex, finished } = require('stream');
const util = require('util');
const {
  binding,
  kOwner,
  kOnWrite,
  kOnData,
  kOnHandshakeStart,
  kOnHandshakeDone,
  kOnPeerClose,
  kOnError,
  kOnClientHello,
  kOnKeylog,
  kOnTrace,
  kOnPskServer,
  kOnPskClient,
  kOnNewSession,
} = require('./_binding');
const sessions = require('./_tls_session');
const credentials = require('./_tls_credentials');
const psk = require('./_tls_psk');
const tlsDebug = require('./_tls_debug');
const common = require('./_tls_common');
const { RenegotiationLimiter } = require('./_tls_reneg');
const { helloStepsFor, runHelloSteps } = require('./_tls_hello');
const sni = require('./_tls_sni');
const alpn = require('./_tls_alpn');
const { labelsOf } = require('./_tls_check');
const {
  ERR_INVALID_ARG_TYPE,
  ERR_OUT_OF_RANGE,
  ERR_MISSING_ARGS,
  ERR_TLS_HANDSHAKE_TIMEOUT,
  ERR_TLS_SESSION_ATTACK,
  ERR_TLS_RENEGOTIATION_DISABLED,
  ERR_TLS_RENEGOTIATE,
  ERR_TLS_REQUIRED_SERVER_NAME,
  ERR_TLS_SNI_FROM_SERVER,
  ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS,
  ERR_TLS_INVALID_STATE,
  ERR_SP_UNSUPPORTED_OPTION,
  connectionReset,
} = require('./_tls_errors');

function tlsModule() {
  return require('./tls');
}

let X509Certificate;
try {
  ({ X509Certificate } = require('crypto'));
} catch {
  X509Certificate = undefined;
}

const kConn = Symbol('conn');
const kContext = Symbol('secureContext');
const kTransport = Symbol('transport');
const kOwnTransport = Symbol('ownTransport');
const kIsServer = Symbol('isServer');
const kStarted = Symbol('started');
const kBusy = Symbol('busy');
const kDeferred = Symbol('deferred');
const kEvents = Symbol('events');
const kDispatching = Symbol('dispatching');
const kWriteCallback = Symbol('writeCallback');
const kWriteBytes = Symbol('writeBytes');
const kPendingWrite = Symbol('pendingWrite');
const kPendingFinal = Symbol('pendingFinal');
const kTransportPaused = Symbol('transportPaused');
const kTransportClosed = Symbol('transportClosed');
const kTransportListeners = Symbol('transportListeners');
const kIdleTimer = Symbol('idleTimer');
const kHandshakeTimer = Symbol('handshakeTimer');
const kBytesRead = Symbol('bytesRead');
const kBytesWritten = Symbol('bytesWritten');
const kDisableRenegotiation = Symbol('disableRenegotiation');
const kVerifyOnSecure = Symbol('verifyOnSecure');
const kConnectOptions = Symbol('connectOptions');
const kErrorEmitted = Symbol('errorEmitted');
const kHalfOpen = Symbol('allowHalfOpen');
const kHandshakeTimeout = Symbol('handshakeTimeout');
const kSNICallback = Symbol('SNICallback');
const kClosing = Symbol('closing');
const kTransportEncoding = Symbol('transportEncoding');
const kServerHighWaterMark = Symbol('serverHighWaterMark');
const kHelloSteps = Symbol('helloSteps');
const kServerSmallDevice = Symbol('serverSmallDevice');
const kALPNCallback = Symbol('ALPNCallback');
const kShutdownHeld = Symbol('shutdownHeld');

// Event kinds queued between the binding and dispatch().
const EV_DATA = 1;
const EV_HANDSHAKE_START = 2;
const EV_HANDSHAKE_DONE = 3;
const EV_PEER_CLOSE = 4;
const EV_ERROR = 5;
const EV_CLIENT_HELLO = 6;
const EV_KEYLOG = 20; // _tls_debug.js
const EV_NEW_SESSION = 30; // _tls_session.js

const EARLY_CLIENT_EOF =
  'Client network socket disconnected before secure TLS connection was established';

function isDuplexLike(value) {
  return value !== null && typeof value === 'object' &&
    typeof value.write === 'function' && typeof value.on === 'function' &&
    typeof value.end === 'function';
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw ERR_INVALID_ARG_TYPE(name, 'function', value);
}

function validateString(value, name) {
  if (typeof value !== 'string') throw ERR_INVALID_ARG_TYPE(name, 'string', value);
}

function unrefTimer(fn, ms) {
  const timer = setTimeout(fn, ms);
  if (typeof timer.unref === 'function') timer.unref();
  return timer;
}

// ---- operations run by drive() ------------------------------------------
// Plain functions taking (socket, conn, arg), so queueing one costs no
// closure.

function opReceive(socket, conn, chunk) {
  conn.receive(chunk);
}

function opReceiveEOF(socket, conn) {
  conn.receiveEOF();
}

function opStart(socket, conn) {
  conn.start();
}

// close_notify, then the transport's end: in this order even when the
// call had to wait its turn behind a running one. During a renegotiation
// the engine cannot close yet; the end waits for the handshake to finish.
function opShutdown(socket, conn) {
  try {
    conn.shutdown();
  } catch (err) {
    if (err.code !== 'ERR_SP_WANT_READ') throw err;
    socket[kShutdownHeld] = true;
    return;
  }
  const transport = socket[kTransport];
  if (!transport.writableEnded && !transport.destroyed) transport.end();
}

// The ClientHello steps are done: the handshake goes on.
function opResumeHello(socket, conn) {
  conn.resumeHello();
}

// Start a renegotiation (TLS 1.2) or a key update (TLS 1.3); a refusal is
// kept in `state` for the caller.
function opRenegotiate(socket, conn, state) {
  try {
    conn.renegotiate();
  } catch (err) {
    state.error = err;
  }
}

function opKeyUpdate(socket, conn, state) {
  try {
    conn.keyUpdate(state.requestPeer);
  } catch (err) {
    state.error = err;
  }
}

function opWrite(socket, conn, job) {
  const [buffers, callback, bytes] = job;
  socket[kWriteCallback] = callback;
  socket[kWriteBytes] = bytes;
  try {
    if (buffers.length === 1) conn.write(buffers[0]);
    else conn.writev(buffers);
  } catch (err) {
    if (err.code !== 'ERR_SP_WANT_READ') throw err;
    // A renegotiation is under way and the engine took nothing: the write
    // waits for the handshake to finish, as writes before the first one do.
    socket[kWriteCallback] = null;
    socket[kPendingWrite] = [buffers, callback];
    return;
  }
  if (socket[kWriteCallback] === callback) {
    // No ciphertext came out (the connection failed, and the error event is
    // queued): complete the write so the stream is not left waiting.
    socket[kWriteCallback] = null;
    process.nextTick(callback);
  }
}

class TLSSocket extends Duplex {
  constructor(socket, options) {
    if (options != null && typeof options !== 'object') {
      throw ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    if (socket != null && !isDuplexLike(socket)) {
      throw ERR_INVALID_ARG_TYPE('socket', ['net.Socket', 'stream.Duplex'], socket);
    }
    const tlsOptions = { ...options };
    const ownTransport = socket == null;

    let allowHalfOpen;
    if (tlsOptions[kHalfOpen] !== undefined) allowHalfOpen = tlsOptions[kHalfOpen];
    else if (ownTransport) allowHalfOpen = tlsOptions.allowHalfOpen;
    else allowHalfOpen = socket.allowHalfOpen;

    super({
      allowHalfOpen: Boolean(allowHalfOpen),
      highWaterMark: tlsOptions.highWaterMark,
      signal: tlsOptions.signal,
      // 'close' is emitted by hand, with net's hadError argument, once the
      // transport has closed too.
      emitClose: false,
      autoDestroy: true,
    });

    const isServer = Boolean(tlsOptions.isServer);
    this._tlsOptions = tlsOptions;
    this._secureEstablished = false;
    this._controlReleased = false;
    this.secureConnecting = true;
    this.encrypted = true;
    this.authorized = false;
    this.authorizationError = null;
    this.servername = null;
    this.alpnProtocol = null;
    this.npnProtocol = null;
    this.server = tlsOptions.server;
    // Protocol lists become wire format now: a bad one throws before
    // anything is built. Server-side callbacks are checked here too.
    const alpnWire = alpn.protocolList(tlsOptions.ALPNProtocols, 'options.ALPNProtocols');
    const npnWire = alpn.protocolList(tlsOptions.NPNProtocols, 'options.NPNProtocols');
    this._SNICallback = isServer ? sni.callbackFor(tlsOptions) : null;
    this[kALPNCallback] = isServer ? alpn.callbackFor(tlsOptions) : null;
    this[kIsServer] = isServer;
    this[kOwnTransport] = ownTransport;
    this[kStarted] = false;
    this[kBusy] = false;
    this[kDeferred] = [];
    this[kEvents] = [];
    this[kDispatching] = false;
    this[kWriteCallback] = null;
    this[kWriteBytes] = 0;
    this[kPendingWrite] = null;
    this[kPendingFinal] = null;
    this[kTransportPaused] = false;
    this[kTransportClosed] = false;
    this[kIdleTimer] = null;
    this[kHandshakeTimer] = null;
    this[kBytesRead] = 0;
    this[kBytesWritten] = 0;
    this[kDisableRenegotiation] = false;
    this[kClosing] = false;
    this[kVerifyOnSecure] = !tlsOptions.server && !tlsOptions[kConnectOptions];
    this.timeout = 0;

    // Renegotiation limits are read once, when the connection is made.
    const tls = tlsModule();
    this._renegotiation = new RenegotiationLimiter(tls.CLIENT_RENEG_LIMIT,
                                                   tls.CLIENT_RENEG_WINDOW);

    const secureContext = tlsOptions.secureContext || tlsOptions.credentials ?
      common.requireSecureContext(tlsOptions.secureContext || tlsOptions.credentials,
                                  'context') :
      common.createSecureContext(tlsOptions);
    this[kContext] = secureContext;

    const conn = new binding.Connection(secureContext.context, isServer);
    conn[kOwner] = this;
    this[kConn] = conn;

    // Pre-shared keys, key log, trace and record sizes: from connect()'s
    // options, the server's, or this constructor's.
    const smallDeviceOptions = tlsOptions[kConnectOptions] ||
      (tlsOptions.server && tlsOptions.server[kServerSmallDevice]) || tlsOptions;
    psk.attach(this, conn, smallDeviceOptions, isServer);
    tlsDebug.attach(this, conn, smallDeviceOptions, isServer);
    sessions.attach(this, conn, tlsOptions, isServer);
    if (tlsOptions.server) tlsDebug.attachServerSocket(tlsOptions.server, this);

    // Clients always verify (the result is judged after the handshake);
    // servers only look at client certificates when asked to.
    this._requestCert = Boolean(tlsOptions.requestCert) || !isServer;
    this._rejectUnauthorized = Boolean(tlsOptions.rejectUnauthorized);
    if (!isServer || this._requestCert) {
      conn.setVerify(this._requestCert, this._rejectUnauthorized);
    }
    if (alpnWire) conn.setALPNProtocols(alpnWire);
    if (npnWire) conn.setNPNProtocols(npnWire);
    // A server stops at the ClientHello only when a step needs it (SNI,
    // ALPNCallback, a session lookup): see _tls_hello.js.
    this[kHelloSteps] = isServer ? helloStepsFor(this, tlsOptions.server) : [];
    if (this[kHelloSteps].length > 0) conn.setHelloPause(true);

    const transport = socket || new net.Socket({ allowHalfOpen: true });
    this[kTransport] = transport;
    if (transport instanceof net.Socket) this._parent = transport;
    // Half-open behaviour is this socket's business; the transport must not
    // close its writing side on its own when the peer's FIN arrives, or
    // close_notify and late data could not be sent.
    transport.allowHalfOpen = true;
    this._attachTransport(transport);

    if (!isServer && tlsOptions.servername) this.setServername(tlsOptions.servername);

    // A deadline for the whole handshake, as Node documents it (Node's own
    // timer restarts on traffic, which lets a client that trickles bytes
    // hold a connection open indefinitely).
    if (isServer && tlsOptions.handshakeTimeout > 0) {
      this[kHandshakeTimer] = unrefTimer(() => this._onHandshakeTimeout(),
                                         tlsOptions.handshakeTimeout);
    }

    if (!isServer && !ownTransport && !transport.connecting) {
      // Let the caller set a server name or listeners first.
      process.nextTick(startClient, this);
    }
  }

  // ---- transport plumbing ------------------------------------------------

  _attachTransport(transport) {
    // Ciphertext must reach the engine byte for byte. A transport that was
    // used for text before (STARTTLS) may have an encoding set; undo it, as
    // Node's TLS, which reads the handle directly, never sees it. Strings
    // already decoded under it are turned back into bytes on arrival.
    const state = transport._readableState;
    this[kTransportEncoding] = (state && state.encoding) || 'latin1';
    if (state && state.decoder) {
      state.decoder = null;
      state.encoding = null;
    }
    const listeners = {
      data: (chunk) => this._onTransportData(chunk),
      end: () => this._onTransportEnd(),
      error: (err) => this._onTransportError(err),
      close: () => this._onTransportClose(),
      connect: () => this._onTransportConnect(),
      lookup: (...args) => {
        if (this[kOwnTransport]) this.emit('lookup', ...args);
      },
    };
    this[kTransportListeners] = listeners;
    for (const name of Object.keys(listeners)) transport.on(name, listeners[name]);

    if (transport.destroyed) {
      process.nextTick(() => this._onTransportClose());
      return;
    }
    if (transport.readableEnded) {
      process.nextTick(() => this._onTransportEnd());
      return;
    }
    // A 'data' listener alone does not restart a stream paused on purpose.
    if (typeof transport.resume === 'function') transport.resume();
  }

  _onTransportConnect() {
    if (this.destroyed) return;
    if (!this[kIsServer]) startClient(this);
    this.emit('connect');
    if (this[kOwnTransport]) this.emit('ready');
  }

  _onTransportData(chunk) {
    if (this.destroyed || !this[kConn]) return;
    if (typeof chunk === 'string') chunk = Buffer.from(chunk, this[kTransportEncoding]);
    this._touch();
    this._drive(opReceive, chunk);
  }

  _onTransportEnd() {
    if (this.destroyed || !this[kConn]) return;
    if (!this._secureEstablished) {
      this._failEarly();
      return;
    }
    if (this.readableEnded || this._readableState.ended) return;
    this._drive(opReceiveEOF);
  }

  _onTransportError(err) {
    if (this.destroyed) return;
    // Once our close_notify is on its way, a peer that has already gone
    // (EPIPE on the alert or the FIN) is a normal end, as it is in Node,
    // which ignores failures of the final shutdown. A read error while the
    // peer may still send data is not.
    if (this[kClosing] &&
        (this._readableState.ended || err.code === 'EPIPE' || err.syscall === 'write' ||
         err.syscall === 'shutdown')) {
      this.destroy();
      return;
    }
    this.destroy(err);
  }

  _onTransportClose() {
    this[kTransportClosed] = true;
    if (this.destroyed) return;
    if (!this._secureEstablished) {
      this._failEarly();
      return;
    }
    const transport = this[kTransport];
    if (!transport.writableEnded) {
      // Closed under us (destroyed or reset): nothing more can be sent.
      this.destroy();
      return;
    }
    // A graceful close after our close_notify: make sure the reading side
    // has seen its end; the socket winds down once the user has read
    // everything (destroying now would throw buffered plaintext away).
    if (!this._readableState.ended && this[kConn]) this._drive(opReceiveEOF);
  }

  // The transport ended or closed before the handshake finished.
  _failEarly() {
    let err;
    if (this[kIsServer]) {
      err = connectionReset('socket hang up');
    } else {
      const options = this._tlsOptions[kConnectOptions] || {};
      err = connectionReset(EARLY_CLIENT_EOF, {
        path: options.path,
        host: options.host,
        port: options.port,
        localAddress: options.localAddress,
      });
    }
    this.destroy(err);
  }

  _pauseTransport() {
    const transport = this[kTransport];
    if (!this[kTransportPaused] && typeof transport.pause === 'function') {
      this[kTransportPaused] = true;
      transport.pause();
    }
  }

  // ---- driving the binding ---------------------------------------------

  _drive(op, arg) {
    if (this[kBusy]) {
      this[kDeferred].push(op, arg);
      return;
    }
    if (!this[kConn]) return;
    this[kBusy] = true;
    try {
      op(this, this[kConn], arg);
      const deferred = this[kDeferred];
      while (deferred.length > 0 && this[kConn]) {
        const nextOp = deferred.shift();
        const nextArg = deferred.shift();
        nextOp(this, this[kConn], nextArg);
      }
    } finally {
      this[kBusy] = false;
    }
    this._dispatch();
  }

  [kOnWrite](buf) {
    const transport = this[kTransport];
    this._touch();
    const callback = this[kWriteCallback];
    if (callback === null) {
      transport.write(buf);
      return;
    }
    // This is the ciphertext of a user write: the write is complete when
    // the transport has taken it, which carries the transport's
    // backpressure up to our writable side.
    this[kWriteCallback] = null;
    const bytes = this[kWriteBytes];
    transport.write(buf, () => {
      this[kBytesWritten] += bytes;
      callback();
    });
  }

  [kOnData](buf) {
    this[kEvents].push(EV_DATA, buf);
  }

  [kOnHandshakeStart]() {
    this[kEvents].push(EV_HANDSHAKE_START, Date.now());
  }

  [kOnHandshakeDone]() {
    this[kEvents].push(EV_HANDSHAKE_DONE, null);
  }

  [kOnPeerClose]() {
    this[kEvents].push(EV_PEER_CLOSE, null);
  }

  [kOnError](err) {
    this[kEvents].push(EV_ERROR, err);
  }

  [kOnClientHello](hello) {
    this[kEvents].push(EV_CLIENT_HELLO, hello);
  }

  [kOnNewSession](sessionId, data) {
    this[kEvents].push(EV_NEW_SESSION, [sessionId, data]);
  }

  [kOnKeylog](line) {
    tlsDebug.keylogLine(this, line, (buf) => this[kEvents].push(EV_KEYLOG, buf));
  }

  [kOnTrace](text) {
    tlsDebug.writeTrace(text);
  }

  // The PSK questions are answered at once (the handshake waits inside the
  // engine); a faulty callback ends the connection with its error.
  [kOnPskServer](identity, maxKeyLen) {
    return psk.answerServer(this, identity, maxKeyLen,
                            (err) => this[kEvents].push(EV_ERROR, err));
  }

  [kOnPskClient](hint, maxKeyLen, maxIdentityLen) {
    return psk.answerClient(this, hint, maxKeyLen, maxIdentityLen,
                            (err) => this[kEvents].push(EV_ERROR, err));
  }

  _dispatch() {
    if (this[kDispatching]) return;
    this[kDispatching] = true;
    try {
      const events = this[kEvents];
      while (events.length > 0) {
        if (this.destroyed) {
          events.length = 0;
          break;
        }
        const type = events.shift();
        const arg = events.shift();
        switch (type) {
          case EV_DATA:
            this._deliver(arg);
            break;
          case EV_HANDSHAKE_START:
            this._onHandshakeStart(arg);
            break;
          case EV_HANDSHAKE_DONE:
            // A server waits for its 'newSession' callback first.
            if (!this._secureEstablished) {
              if (!sessions.deferSecure(this)) this._finishInit();
            } else {
              this._finishRenegotiation();
            }
            break;
          case EV_NEW_SESSION:
            sessions.onNewSession(this, arg[0], arg[1]);
            break;
          case EV_CLIENT_HELLO:
            this._onClientHello(arg);
            break;
          case EV_KEYLOG:
            this.emit('keylog', arg);
            break;
          case EV_PEER_CLOSE:
            if (!this._secureEstablished) this._failEarly();
            else if (!this._readableState.ended) {
              this.push(null);
              // As net does: lets 'end' fire even when nobody reads.
              this.read(0);
            }
            break;
          case EV_ERROR:
            this.destroy(arg);
            break;
        }
      }
    } finally {
      this[kDispatching] = false;
    }
  }

  _deliver(buf) {
    if (this._readableState.ended) return;
    this[kBytesRead] += buf.length;
    this._touch();
    if (!this.push(buf)) this._pauseTransport();
  }

  // Renegotiations are policed on the server side, as in Node (see
  // _tls_reneg.js). A client's renegotiation is the server's business.
  _onHandshakeStart(now) {
    if (!this[kIsServer]) return;
    if (this._renegotiation.handshakeStarted(now)) {
      this.destroy(ERR_TLS_SESSION_ATTACK());
      return;
    }
    if (this._secureEstablished && this[kDisableRenegotiation]) {
      this.destroy(ERR_TLS_RENEGOTIATION_DISABLED());
    }
  }

  // The engine waits at the ClientHello: run the steps, then go on.
  _onClientHello(hello) {
    runHelloSteps(this, this[kHelloSteps], hello, (err) => {
      if (this.destroyed) return;
      if (err) this.destroy(err);
      else this._drive(opResumeHello);
    });
  }

  // A renegotiation finished: writes and an end held meanwhile go out, and
  // 'secure' is emitted again, as in Node (a client re-checks the server's
  // certificate and emits 'secureConnect' again).
  _finishRenegotiation() {
    if (this[kVerifyOnSecure] && this._requestCert) {
      const verifyError = this[kConn].verifyError();
      this.authorized = !verifyError;
      this.authorizationError = verifyError ? verifyError.code || verifyError.message : null;
    }
    this.emit('secure');
    if (this.destroyed) return;
    const pendingWrite = this[kPendingWrite];
    this[kPendingWrite] = null;
    if (pendingWrite) this._writeNow(pendingWrite[0], pendingWrite[1]);
    if (this[kShutdownHeld]) {
      this[kShutdownHeld] = false;
      this._drive(opShutdown);
    }
  }

  _onHandshakeTimeout() {
    this[kHandshakeTimer] = null;
    if (this.destroyed || this._secureEstablished) return;
    this.destroy(ERR_TLS_HANDSHAKE_TIMEOUT());
  }

  _finishInit() {
    const conn = this[kConn];
    this._secureEstablished = true;
    this.secureConnecting = false;
    if (this[kHandshakeTimer]) {
      clearTimeout(this[kHandshakeTimer]);
      this[kHandshakeTimer] = null;
    }
    this.alpnProtocol = conn.getALPNProtocol() || false;
    this.npnProtocol = conn.getNPNProtocol() || false;
    if (this.servername === null) this.servername = conn.getServername() || false;

    if (this[kVerifyOnSecure]) {
      // A socket made directly (or by createSecurePair): record the verdict
      // on the peer's chain; what to do about it is the caller's choice.
      if (this._requestCert) {
        const verifyError = conn.verifyError();
        if (verifyError) this.authorizationError = verifyError.code || verifyError.message;
        else this.authorized = true;
      }
    }

    this.emit('secure');
    if (this.destroyed) return;
    // A socket made directly has no 'secureConnect': sessions follow 'secure'.
    if (this[kVerifyOnSecure]) sessions.verified(this);
    if (this.destroyed) return;

    const pendingWrite = this[kPendingWrite];
    const pendingFinal = this[kPendingFinal];
    this[kPendingWrite] = null;
    this[kPendingFinal] = null;
    if (pendingWrite) this._writeNow(pendingWrite[0], pendingWrite[1]);
    if (pendingFinal) this._finalNow(pendingFinal);
  }

  // ---- Duplex implementation -------------------------------------------

  _read() {
    if (this[kTransportPaused]) {
      this[kTransportPaused] = false;
      this[kTransport].resume();
    }
  }

  _write(chunk, encoding, callback) {
    this._writeGeneric([chunk], callback);
  }

  _writev(chunks, callback) {
    const buffers = new Array(chunks.length);
    for (let i = 0; i < chunks.length; i++) buffers[i] = chunks[i].chunk;
    this._writeGeneric(buffers, callback);
  }

  _writeGeneric(buffers, callback) {
    if (!this._secureEstablished) {
      // Held until the handshake is done; the stream queues anything after.
      this[kPendingWrite] = [buffers, callback];
      return;
    }
    this._writeNow(buffers, callback);
  }

  _writeNow(buffers, callback) {
    const nonEmpty = [];
    let bytes = 0;
    for (let buf of buffers) {
      if (typeof buf === 'string') buf = Buffer.from(buf);
      if (buf.length > 0) {
        nonEmpty.push(buf);
        bytes += buf.length;
      }
    }
    if (nonEmpty.length === 0 || !this[kConn]) {
      process.nextTick(callback);
      return;
    }
    this._touch();
    this._drive(opWrite, [nonEmpty, callback, bytes]);
  }

  _final(callback) {
    if (!this._secureEstablished) {
      this[kPendingFinal] = callback;
      return;
    }
    this._finalNow(callback);
  }

  _finalNow(callback) {
    this[kClosing] = true;
    const transport = this[kTransport];
    if (transport.destroyed || transport.writableFinished) {
      process.nextTick(callback);
      return;
    }
    // Finished once the transport has flushed close_notify and ended.
    finished(transport, { readable: false }, () => callback());
    this._drive(opShutdown);
  }

  _destroy(err, callback) {
    if (this[kIdleTimer]) {
      clearTimeout(this[kIdleTimer]);
      this[kIdleTimer] = null;
    }
    if (this[kHandshakeTimer]) {
      clearTimeout(this[kHandshakeTimer]);
      this[kHandshakeTimer] = null;
    }
    const conn = this[kConn];
    this[kConn] = null;
    this[kEvents].length = 0;
    this[kDeferred].length = 0;
    this[kPendingWrite] = null;
    this[kPendingFinal] = null;
    if (conn) {
      conn.destroy();
      conn[kOwner] = null;
    }

    const transport = this[kTransport];
    const waitForTransport = transport instanceof net.Socket && !this[kTransportClosed];
    if (!transport.destroyed) transport.destroy();

    callback(err);

    const hadError = Boolean(err);
    if (waitForTransport) {
      if (this[kTransportClosed]) process.nextTick(emitClose, this, hadError);
      else transport.once('close', () => emitClose(this, hadError));
    } else {
      process.nextTick(emitClose, this, hadError);
    }
  }

  // ---- idle timeout (net.Socket#setTimeout semantics) -------------------

  setTimeout(msecs, callback) {
    if (typeof msecs !== 'number') throw ERR_INVALID_ARG_TYPE('msecs', 'number', msecs);
    if (msecs < 0 || !Number.isFinite(msecs)) {
      throw ERR_OUT_OF_RANGE('msecs', 'a non-negative finite number', msecs);
    }
    if (callback !== undefined) validateFunction(callback, 'callback');
    this.timeout = msecs;
    if (this[kIdleTimer]) {
      clearTimeout(this[kIdleTimer]);
      this[kIdleTimer] = null;
    }
    if (msecs === 0) {
      if (callback) this.removeListener('timeout', callback);
    } else {
      if (!this.destroyed) {
        this[kIdleTimer] = unrefTimer(() => this._onIdle(), msecs);
      }
      if (callback) this.once('timeout', callback);
    }
    return this;
  }

  _onIdle() {
    if (this.destroyed) return;
    this.emit('timeout');
  }

  _touch() {
    const timer = this[kIdleTimer];
    if (timer) timer.refresh();
  }

  // ---- net.Socket surface, forwarded to the transport -------------------

  connect(...args) {
    const transport = this[kTransport];
    if (!this[kOwnTransport] || typeof transport.connect !== 'function') {
      throw ERR_INVALID_ARG_TYPE('socket', 'unconnected net.Socket', transport);
    }
    transport.connect(...args);
    return this;
  }

  address() {
    const transport = this[kTransport];
    return typeof transport.address === 'function' ? transport.address() : {};
  }

  get remoteAddress() { return this[kTransport].remoteAddress; }
  get remotePort() { return this[kTransport].remotePort; }
  get remoteFamily() { return this[kTransport].remoteFamily; }
  get localAddress() { return this[kTransport].localAddress; }
  get localPort() { return this[kTransport].localPort; }
  get localFamily() { return this[kTransport].localFamily; }

  get connecting() {
    return Boolean(this[kTransport].connecting);
  }

  get pending() {
    const transport = this[kTransport];
    return transport instanceof net.Socket ? transport.pending : false;
  }

  get readyState() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable) return 'readOnly';
    if (this.writable) return 'writeOnly';
    return 'closed';
  }

  // Plaintext counts: bytes handed to the user, and bytes the user wrote
  // (including what is still queued), as net.Socket counts them.
  get bytesRead() {
    return this[kBytesRead];
  }

  get bytesWritten() {
    return this[kBytesWritten] + this.writableLength;
  }

  setNoDelay(noDelay) {
    const transport = this[kTransport];
    if (typeof transport.setNoDelay === 'function') transport.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable, initialDelay) {
    const transport = this[kTransport];
    if (typeof transport.setKeepAlive === 'function') {
      transport.setKeepAlive(enable, initialDelay);
    }
    return this;
  }

  ref() {
    const transport = this[kTransport];
    if (typeof transport.ref === 'function') transport.ref();
    return this;
  }

  unref() {
    const transport = this[kTransport];
    if (typeof transport.unref === 'function') transport.unref();
    return this;
  }

  destroySoon() {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once('finish', () => this.destroy());
  }

  resetAndDestroy() {
    const transport = this[kTransport];
    if (typeof transport.resetAndDestroy === 'function' && !transport.destroyed) {
      transport.resetAndDestroy();
    }
    return this.destroy();
  }

  // ---- TLS state -----------------------------------------------------------

  setServername(name) {
    validateString(name, 'name');
    if (this[kIsServer]) throw ERR_TLS_SNI_FROM_SERVER();
    if (this[kConn]) this[kConn].setServername(name);
  }

  disableRenegotiation() {
    this[kDisableRenegotiation] = true;
  }

  getPeerCertificate(detailed) {
    const conn = this[kConn];
    if (!conn) return null;
    return common.translatePeerCertificate(conn.getPeerCertificate(Boolean(detailed))) || {};
  }

  getCertificate() {
    const conn = this[kConn];
    if (!conn) return null;
    return common.translatePeerCertificate(conn.getCertificate()) || {};
  }

  getPeerX509Certificate() {
    const conn = this[kConn];
    const cert = conn && conn.getPeerCertificate(false);
    return cert && cert.raw && X509Certificate ? new X509Certificate(cert.raw) : undefined;
  }

  getX509Certificate() {
    const conn = this[kConn];
    const cert = conn && conn.getCertificate();
    return cert && cert.raw && X509Certificate ? new X509Certificate(cert.raw) : undefined;
  }

  getCipher() {
    const conn = this[kConn];
    return conn ? conn.getCipher() : null;
  }

  getProtocol() {
    const conn = this[kConn];
    return conn ? conn.getProtocol() : null;
  }

  // Sessions (see _tls_session.js). A session that is not one is ignored
  // by setSession(), as in Node: a full handshake follows.
  isSessionReused() {
    const conn = this[kConn];
    return conn ? conn.isSessionReused() : null;
  }

  setSession(session) {
    sessions.setSession(this, session);
  }

  getSession() {
    const conn = this[kConn];
    return conn ? conn.getSession() : null;
  }

  getTLSTicket() {
    const conn = this[kConn];
    return conn ? conn.getTLSTicket() : null;
  }

  // The key exchange with the server: { type: 'ECDH', name, size },
  // { type: 'DH', size }, or {} on a server and before the handshake.
  getEphemeralKeyInfo() {
    const conn = this[kConn];
    return conn ? conn.getEphemeralKeyInfo() : null;
  }

  // A new handshake on this connection (TLS 1.2; TLS 1.3 has none and the
  // callback gets the engine's ERR_SSL_WRONG_SSL_VERSION, as in Node).
  // requestCert / rejectUnauthorized change what the next handshake asks
  // of the peer. The callback runs once the new handshake is done.
  renegotiate(options, callback) {
    if (options === null || typeof options !== 'object') {
      throw ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    if (callback !== undefined) validateFunction(callback, 'callback');
    if (this.destroyed) return undefined;
    const conn = this[kConn];
    if (!conn) {
      if (callback) process.nextTick(callback, ERR_TLS_RENEGOTIATE());
      return false;
    }
    let requestCert = Boolean(this._requestCert);
    let rejectUnauthorized = Boolean(this._rejectUnauthorized);
    if (options.requestCert !== undefined) requestCert = Boolean(options.requestCert);
    if (options.rejectUnauthorized !== undefined) {
      rejectUnauthorized = Boolean(options.rejectUnauthorized);
    }
    if (requestCert !== this._requestCert || rejectUnauthorized !== this._rejectUnauthorized) {
      conn.setVerify(requestCert, rejectUnauthorized);
      this._requestCert = requestCert;
      this._rejectUnauthorized = rejectUnauthorized;
    }
    const state = { error: null };
    this._drive(opRenegotiate, state);
    if (state.error) {
      if (callback) process.nextTick(callback, state.error);
      return false;
    }
    if (callback) this.once('secure', () => callback(null));
    return true;
  }

  // TLS 1.3 key update (a securepair extension; Node has no such method):
  // new traffic keys for what this side sends, and with requestPeer the
  // peer is asked to renew its own. Throws ERR_TLS_INVALID_STATE before the
  // handshake, and the engine's error (ERR_SSL_WRONG_SSL_VERSION) on TLS 1.2.
  keyUpdate(requestPeer = false) {
    if (typeof requestPeer !== 'boolean') {
      throw ERR_INVALID_ARG_TYPE('requestPeer', 'boolean', requestPeer);
    }
    if (!this._secureEstablished || !this[kConn]) throw ERR_TLS_INVALID_STATE();
    const state = { error: null, requestPeer };
    this._drive(opKeyUpdate, state);
    if (state.error) throw state.error;
    return true;
  }

  // Record size limits are not supported by the engine: nothing is changed.
  // false, with nothing changed, outside 512..16384 (as Node answers).
  setMaxSendFragment(size) {
    return tlsDebug.setMaxSendFragment(this[kConn], size);
  }

  // OpenSSL's protocol trace of this connection, on stderr. Like Node's,
  // a no-op once the socket is destroyed.
  enableTrace() {
    if (this[kConn]) this[kConn].enableTrace(true);
  }

  // Deprecated in net, kept for old code.
  get bufferSize() {
    return this.writableLength;
  }
}

function emitClose(socket, hadError) {
  socket.emit('close', hadError);
}

function startClient(socket) {
  if (socket[kStarted] || socket.destroyed || !socket[kConn]) return;
  const transport = socket[kTransport];
  if (transport.connecting) return; // 'connect' will call back
  socket[kStarted] = true;
  socket._drive(opStart);
}

// ---- Server ----------------------------------------------------------------

function onServerSocketSecure() {
  if (this._requestCert) {
    const verifyError = this[kConn].verifyError();
    if (verifyError) {
      this.authorizationError = verifyError.code || verifyError.message;
      if (this._rejectUnauthorized) {
        this.destroy(verifyError);
        return;
      }
    } else {
      this.authorized = true;
      this.authorizationError = null;
    }
  }
  // After a renegotiation only the verdict above is renewed.
  if (this.destroyed || this._controlReleased) return;
  this._controlReleased = true;
  this.removeListener('error', onServerSocketEarlyError);
  this.secureConnecting = false;
  this.server.emit('secureConnection', this);
}

// Until 'secureConnection', a server socket belongs to the server: its
// errors are reported as 'tlsClientError' (and the classic 'clientError'),
// once per socket, and never stop the server.
function reportClientError(socket, err) {
  if (socket._controlReleased || socket[kErrorEmitted]) return;
  socket[kErrorEmitted] = true;
  const server = socket.server;
  server.emit('tlsClientError', err, socket);
  server.emit('clientError', err, socket);
}

function onServerSocketEarlyError(err) {
  reportClientError(this, err);
}

function onServerSocketClose(hadError) {
  if (!hadError) reportClientError(this, connectionReset('socket hang up'));
}

function onServerConnection(rawSocket) {
  let socket;
  try {
    socket = new TLSSocket(rawSocket, {
      secureContext: this._sharedCreds,
      isServer: true,
      server: this,
      requestCert: this.requestCert,
      rejectUnauthorized: this.rejectUnauthorized,
      handshakeTimeout: this[kHandshakeTimeout],
      highWaterMark: this[kServerHighWaterMark],
      ALPNProtocols: this.ALPNProtocols,
      ALPNCallback: this.ALPNCallback,
      NPNProtocols: this.NPNProtocols,
      SNICallback: this[kSNICallback] || sni.SNICallback,
    });
  } catch (err) {
    // Nothing the peer did; still, one connection failing to set up must
    // not take the server down.
    rawSocket.destroy();
    this.emit('tlsClientError', err, null);
    this.emit('clientError', err, null);
    return;
  }
  socket[kErrorEmitted] = false;
  socket.on('secure', onServerSocketSecure);
  socket.on('error', onServerSocketEarlyError);
  socket.on('close', onServerSocketClose);
}

// Written as a function, like net.Server, so that tls.Server(options) works
// without `new` as it does in Node.
function Server(options, listener) {
  if (!(this instanceof Server)) return new Server(options, listener);

  if (typeof options === 'function') {
    listener = options;
    options = {};
  } else if (options == null) {
    options = {};
  } else if (typeof options !== 'object') {
    throw ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }

  this._contexts = [];
  this.requestCert = options.requestCert === true;
  this.rejectUnauthorized = options.rejectUnauthorized !== false;

  const handshakeTimeout = options.handshakeTimeout || 120 * 1000;
  if (typeof handshakeTimeout !== 'number') {
    throw ERR_INVALID_ARG_TYPE('options.handshakeTimeout', 'number', options.handshakeTimeout);
  }
  if (options.SNICallback !== undefined && options.SNICallback !== null) {
    validateFunction(options.SNICallback, 'options.SNICallback');
  }
  this[kSNICallback] = options.SNICallback || undefined;

  this.ALPNCallback = options.ALPNCallback;
  if (this.ALPNCallback != null) validateFunction(this.ALPNCallback, 'options.ALPNCallback');
  if (this.ALPNCallback && options.ALPNProtocols) throw ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS();
  // Converted once, for every connection (arrays become wire format).
  this.ALPNProtocols = alpn.protocolList(options.ALPNProtocols, 'options.ALPNProtocols');
  this.NPNProtocols = alpn.protocolList(options.NPNProtocols, 'options.NPNProtocols');
  this[kHandshakeTimeout] = handshakeTimeout;
  this[kServerHighWaterMark] = options.highWaterMark;
  // enableTrace is checked per connection, as Node does.
  tlsDebug.validateOptions({ maxSendFragment: options.maxSendFragment }, true);
  this[kServerSmallDevice] = {
    ...psk.serverOptions(options),
    enableTrace: options.enableTrace,
    maxSendFragment: options.maxSendFragment,
  };

  sessions.setupServer(this);
  this.setSecureContext(options);

  // net.Server gets the caller's options (allowHalfOpen, noDelay, keepAlive,
  // ...). pauseOnConnect would stall the handshake, which needs the raw
  // socket's bytes; a TLSSocket starts out paused for the user anyway.
  net.Server.call(this, { ...options, pauseOnConnect: false }, onServerConnection);

  if (listener) this.on('secureConnection', listener);
}
Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);

Server.prototype.setSecureContext = function setSecureContext(options) {
  if (options === null || typeof options !== 'object') {
    throw ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  if (options.secureContext) {
    this._sharedCreds = common.requireSecureContext(options.secureContext,
                                                    'context');
    return;
  }
  // Servers prefer their own cipher order unless told otherwise, as Node's,
  // and resume sessions across processes of the same program.
  this._sharedCreds = common.createSecureContext({
    ...options,
    honorCipherOrder: options.honorCipherOrder === undefined ?
      true : Boolean(options.honorCipherOrder),
    ...sessions.serverContextOptions(this, options),
  });
};

// The server's ticket keys (48 bytes: name, HMAC key, AES key), to share
// with other servers so that each resumes the others' tickets.
Server.prototype.getTicketKeys = sessions.getTicketKeys;
Server.prototype.setTicketKeys = sessions.setTicketKeys;

// SNI: contexts by host name pattern. A connection whose ClientHello names
// a matching host is served from that context (see _tls_sni.js), others
// from the server's own.
Server.prototype.addContext = function addContext(servername, context) {
  if (!servername) throw ERR_TLS_REQUIRED_SERVER_NAME();
  validateString(servername, 'servername');
  const secureContext = common.isSecureContext(context) ?
    context : common.createSecureContext(context);
  this._contexts.push([servername, secureContext]);
};

// The context addContext() registered for `servername`, or undefined. As
// in Node the latest matching addition wins. A "*" matches exactly one
// whole label (or part of the leftmost one: "w*.example.com"); names
// compare without regard to ASCII case.
Server.prototype._selectContext = function _selectContext(servername) {
  if (typeof servername !== 'string' || servername === '') return undefined;
  const labels = labelsOf(servername);
  for (let i = this._contexts.length - 1; i >= 0; i--) {
    const [pattern, secureContext] = this._contexts[i];
    if (contextPatternMatches(labels, pattern)) return secureContext;
  }
  return undefined;
};

function contextPatternMatches(hostLabels, pattern) {
  const patternLabels = labelsOf(pattern);
  if (patternLabels.length !== hostLabels.length) return false;
  for (let i = 0; i < patternLabels.length; i++) {
    const want = patternLabels[i];
    const have = hostLabels[i];
    const star = want.indexOf('*');
    if (star === -1) {
      if (want !== have) return false;
    } else if (want === '*') {
      if (have === '') return false;
    } else {
      const prefix = want.slice(0, star);
      const suffix = want.slice(star + 1);
      if (suffix.includes('*') || have.length < prefix.length + suffix.length ||
          !have.startsWith(prefix) || !have.endsWith(suffix)) {
        return false;
      }
    }
  }
  return true;
}

// The classic count of open connections. Node deprecated it in favour of
// getConnections(); it is kept working here for old scripts.
Object.defineProperty(Server.prototype, 'connections', {
  configurable: true,
  enumerable: false,
  get: util.deprecate(function connections() {
    return this._connections;
  }, 'Server.connections property is deprecated. ' +
     'Use Server.getConnections method instead.', 'DEP0020'),
  set: util.deprecate(function connections(value) {
    this._connections = value;
  }, 'Server.connections property is deprecated.', 'DEP0020'),
});

function createServer(options, listener) {
  return new Server(options, listener);
}

// ---- connect() ---------------------------------------------------------------

// [port, [host]], [options], [callback]  or  options, [callback]  or
// path, [options], [callback]
function normalizeConnectArgs(args) {
  let options = {};
  let callback;
  if (args.length > 0 && typeof args[args.length - 1] === 'function') {
    callback = args[args.length - 1];
    args = args.slice(0, -1);
  }
  const [first, second, third] = args;
  if (first !== null && typeof first === 'object') {
    options = { ...first };
  } else {
    if (typeof first === 'string' && first !== '' && !/^[0-9]+$/.test(first)) {
      options.path = first;
    } else if (first !== undefined) {
      options.port = first;
      if (typeof second === 'string') options.host = second;
    }
    const extra = second !== null && typeof second === 'object' ? second :
      (third !== null && typeof third === 'object' ? third : null);
    if (extra) Object.assign(options, extra);
  }
  return [options, callback];
}

let rejectUnauthorizedWarned = false;
let ipServernameWarned = false;

// Keys that configure the TLS layer and must not reach net.connect().
const NOT_FOR_NET = ['timeout', 'signal', 'onread', 'highWaterMark', 'readable',
                     'writable', 'allowHalfOpen', 'socket'];

function onConnectSecure() {
  const options = this._tlsOptions[kConnectOptions];
  const conn = this[kConn];
  if (!credentials.checkDHSize(this, options.minDHSize)) return;
  let verifyError = conn.verifyError();
  // A resumed session was checked when it was made (Node skips it too).
  if (!verifyError && !conn.isSessionReused()) {
    const hostname = options.servername || options.host ||
      (options.socket && options.socket._host) || 'localhost';
    verifyError = options.checkServerIdentity(hostname, this.getPeerCertificate(true));
  }
  if (verifyError) {
    this.authorized = false;
    this.authorizationError = verifyError.code || verifyError.message;
    if (options.rejectUnauthorized) {
      this.destroy(verifyError);
      return;
    }
  } else {
    this.authorized = true;
  }
  this.emit('secureConnect');
  if (!this.destroyed) sessions.verified(this);
}

function connect(...args) {
  let [options, callback] = normalizeConnectArgs(args);

  const allowUnauthorized = process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0';
  if (allowUnauthorized && !rejectUnauthorizedWarned) {
    rejectUnauthorizedWarned = true;
    process.emitWarning(
      'Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to \'0\' ' +
      'makes TLS connections and HTTPS requests insecure by disabling ' +
      'certificate verification.');
  }

  const tls = tlsModule();
  options = {
    rejectUnauthorized: !allowUnauthorized,
    ciphers: tls.DEFAULT_CIPHERS,
    checkServerIdentity: tls.checkServerIdentity,
    minDHSize: 1024,
    ...options,
  };
  options.rejectUnauthorized = options.rejectUnauthorized !== false;

  validateFunction(options.checkServerIdentity, 'options.checkServerIdentity');
  if (typeof options.minDHSize !== 'number') {
    throw ERR_INVALID_ARG_TYPE('options.minDHSize', 'number', options.minDHSize);
  }
  if (!(options.minDHSize > 0)) {
    throw ERR_OUT_OF_RANGE('options.minDHSize', '>= 1', options.minDHSize);
  }
  if (options.servername != null && options.servername !== '') {
    validateString(options.servername, 'options.servername');
  }
  if (options.socket != null && !isDuplexLike(options.socket)) {
    throw ERR_INVALID_ARG_TYPE('options.socket', ['net.Socket', 'stream.Duplex'],
                               options.socket);
  }
  if (options.timeout !== undefined && typeof options.timeout !== 'number') {
    throw ERR_INVALID_ARG_TYPE('options.timeout', 'number', options.timeout);
  }
  if (!options.socket && options.port === undefined && options.path === undefined) {
    throw ERR_MISSING_ARGS('options', 'port', 'path');
  }
  if (options.session != null) sessions.checkSession(options.session, 'options.session');
  const secureContext = options.secureContext ?
    common.requireSecureContext(options.secureContext, 'context') :
    common.createSecureContext(options);

  let transport = options.socket;
  if (!transport) {
    const netOptions = { ...options };
    for (const key of NOT_FOR_NET) delete netOptions[key];
    netOptions.allowHalfOpen = true;
    // Throws at once for a bad port or path, before anything is set up.
    transport = net.connect(netOptions);
  }

  let socket;
  try {
    socket = new TLSSocket(transport, {
      [kHalfOpen]: options.socket ? undefined : Boolean(options.allowHalfOpen),
      [kConnectOptions]: options,
      secureContext,
      isServer: false,
      requestCert: true,
      rejectUnauthorized: options.rejectUnauthorized,
      session: options.session,
      highWaterMark: options.highWaterMark,
      ALPNProtocols: options.ALPNProtocols,
      NPNProtocols: options.NPNProtocols,
      signal: options.signal,
    });
  } catch (err) {
    if (!options.socket) transport.destroy();
    throw err;
  }
  socket[kOwnTransport] = !options.socket;
  socket._controlReleased = true;

  // SNI: the server name asked for, else the host connected to; an IP
  // address is never sent (RFC 6066).
  let servername = options.servername;
  if (!servername && !options.socket && !options.path) servername = options.host || 'localhost';
  else if (!servername && options.host) servername = options.host;
  if (servername) {
    if (net.isIP(servername)) {
      if (options.servername && !ipServernameWarned) {
        ipServernameWarned = true;
        process.emitWarning(
          'Setting the TLS ServerName to an IP address is not permitted by ' +
          'RFC 6066; securepair does not send it.', 'DeprecationWarning', 'DEP0123');
      }
    } else {
      socket.setServername(servername);
    }
  }

  if (options.timeout) socket.setTimeout(options.timeout);
  socket.on('secure', onConnectSecure);
  if (callback) socket.once('secureConnect', callback);
  return socket;
}

module.exports = {
  TLSSocket,
  Server,
  createServer,
  connect,
  normalizeConnectArgs,
  kConnectOptions,
  // For the ClientHello steps in other files (_tls_sni.js, _tls_alpn.js).
  kConn,
  kALPNCallback,
};
