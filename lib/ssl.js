'use strict';

// The low-level face, shaped after lua-mbedtls' `ssl` module:
//
//   const ssl = require('securepair/ssl');
//   const cfg = ssl.newconfig('tls-client', cacert);
//   const ctx = ssl.newcontext(cfg, readcb, writecb);
//   const [ok, err] = ctx.handshake();   // [true] or [null, 'want-read']
//
// The caller owns the transport and moves the bytes through its two
// callbacks; nothing here waits. This is the engine's own shape (feed
// ciphertext, take records, every step answers at once), drawn thinly over
// the binding's Connection. Calls answer as the Lua ones do, as an array:
// [result] on success, [null, message, error] on failure, where message is
// 'want-read', 'want-write', 'close-notify' or 'invalid operation' (not
// fatal: call again, or act) or the description of a fatal error, after
// which the context has been reset for a new session. See doc/api/ssl.md.

const {
  binding,
  kOwner,
  kOnWrite,
  kOnData,
  kOnHandshakeDone,
  kOnPeerClose,
  kOnError,
  ...bindingExports
} = require('./_binding');
const { checkServerIdentity } = require('./_tls_check');
const { makeError, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE } = require('./_tls_errors');

const WANT_READ = 'want-read';
const WANT_WRITE = 'want-write';
const CLOSE_NOTIFY = 'close-notify';
const INVALID = 'invalid operation';

const MODES = ['tls-client', 'tls-server', 'dtls-client', 'dtls-server'];

// What one read callback call asks for: a whole record of the largest kind.
const READ_SIZE = 16384 + 2048 + 5;

// TLS 1.2 suites for a client configured with a key and no CA: it means
// to authenticate the server by that key, so it offers nothing else.
const PSK_ONLY_CIPHERS = 'ECDHE-PSK-CHACHA20-POLY1305:ECDHE-PSK-AES256-CBC-SHA384:' +
  'ECDHE-PSK-AES128-CBC-SHA256:PSK-AES256-GCM-SHA384:PSK-AES128-GCM-SHA256:' +
  'PSK-CHACHA20-POLY1305';

function dtlsUnavailable(what) {
  return makeError(Error, 'ERR_SP_DTLS_UNAVAILABLE',
                   `${what}: DTLS is not available in this version of securepair yet`);
}

function optionalPem(value, name) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  throw ERR_INVALID_ARG_TYPE(name, ['string', 'Buffer'], value);
}

// ---- configurations --------------------------------------------------------

class Config {
  constructor(mode, cacert, cert, pkey, pskIdentity, pskHex) {
    if (typeof mode !== 'string' || !MODES.includes(mode)) {
      throw ERR_INVALID_ARG_VALUE('mode', mode, `must be one of ${MODES.join(', ')}`);
    }
    if (mode.startsWith('dtls-')) throw dtlsUnavailable(`ssl.newconfig('${mode}')`);
    cacert = optionalPem(cacert, 'cacert');
    cert = optionalPem(cert, 'cert');
    pkey = optionalPem(pkey, 'pkey');
    if ((cert === null) !== (pkey === null)) {
      throw ERR_INVALID_ARG_VALUE('cert', cert, 'and pkey go together: give both or neither');
    }
    if (pskIdentity != null && typeof pskIdentity !== 'string') {
      throw ERR_INVALID_ARG_TYPE('psk_identity', 'string', pskIdentity);
    }
    let psk = null;
    if (pskHex != null) {
      if (typeof pskHex !== 'string' || pskHex.length === 0 || pskHex.length % 2 !== 0 ||
          !/^[0-9a-fA-F]+$/.test(pskHex)) {
        throw ERR_INVALID_ARG_VALUE('psk', pskHex, 'must be an even number of hex digits');
      }
      psk = Buffer.from(pskHex, 'hex');
    }
    const isServer = mode === 'tls-server';
    if (psk !== null && pskIdentity == null && !isServer) {
      throw ERR_INVALID_ARG_VALUE('psk_identity', pskIdentity,
                                  'is needed by a client that has a pre-shared key');
    }
    if (pskIdentity != null && psk === null) {
      throw ERR_INVALID_ARG_VALUE('psk', pskHex, 'is needed with psk_identity');
    }

    this.mode = mode;
    this.isServer = isServer;
    this.verify = cacert !== null; // a CA given means the peer must prove itself
    const context = new binding.SecureContext();
    context.setProtocolRange(binding.TLS1_2_VERSION, 0);
    if (cacert !== null) context.addCACert(cacert);
    if (cert !== null) {
      context.setCert(cert);
      context.setKey(pkey, undefined);
    } else if (isServer) {
      context.useGeneratedCertificate('localhost');
    }
    if (psk !== null) {
      context.setPsk(pskIdentity == null ? null : pskIdentity, psk);
      if (!isServer && cacert === null && cert === null) context.setCiphers(PSK_ONLY_CIPHERS);
    }
    this.context = context;
  }
}

// ssl.newconfig(mode, [cacert], [cert], [pkey], [psk_identity], [psk])
function newconfig(mode, cacert, cert, pkey, pskIdentity, psk) {
  return new Config(mode, cacert, cert, pkey, pskIdentity, psk);
}

// ---- contexts ----------------------------------------------------------------

const kConn = Symbol('conn');
const kCfg = Symbol('cfg');
const kRead = Symbol('read');
const kWrite = Symbol('write');
const kRef = Symbol('ref');
const kOutput = Symbol('output');
const kPlain = Symbol('plain');
const kState = Symbol('state');
const kFailure = Symbol('failure');
const kHostname = Symbol('hostname');
const kAccepted = Symbol('accepted');

function fresh() {
  return { started: false, secure: false, closed: false, eof: false };
}

class Context {
  constructor(cfg, rcb, wcb, ref) {
    if (!(cfg instanceof Config)) throw ERR_INVALID_ARG_TYPE('cfg', 'ssl config', cfg);
    this[kCfg] = cfg;
    this[kHostname] = null;
    this[kConn] = null;
    this._setbio(rcb, wcb, ref);
    this._reset();
  }

  _setbio(rcb, wcb, ref) {
    if (typeof rcb !== 'function') throw ERR_INVALID_ARG_TYPE('rcb', 'function', rcb);
    if (typeof wcb !== 'function') throw ERR_INVALID_ARG_TYPE('wcb', 'function', wcb);
    this[kRead] = rcb;
    this[kWrite] = wcb;
    this[kRef] = ref;
  }

  _reset() {
    const conn = this[kConn];
    if (conn) {
      conn[kOwner] = null;
      conn.destroy();
    }
    this[kConn] = null;
    this[kOutput] = []; // records waiting for the write callback
    this[kPlain] = []; // decrypted bytes waiting for read()
    this[kState] = fresh();
    this[kFailure] = null;
    this[kAccepted] = 0; // bytes write() took whose records are not all out
  }

  // The engine for this session, made on first use.
  _conn() {
    if (this[kConn]) return this[kConn];
    const cfg = this[kCfg];
    const conn = new binding.Connection(cfg.context, cfg.isServer);
    conn[kOwner] = this;
    if (cfg.isServer) {
      if (cfg.verify) conn.setVerify(true, true);
    } else if (this[kHostname]) {
      conn.setServername(this[kHostname]);
    }
    this[kConn] = conn;
    return conn;
  }

  // ---- what the binding reports (synchronously, inside our calls) ----

  [kOnWrite](buf) {
    this[kOutput].push(buf);
  }

  [kOnData](buf) {
    this[kPlain].push(buf);
  }

  [kOnHandshakeDone]() {
    this[kState].secure = true;
  }

  [kOnPeerClose]() {
    this[kState].closed = true;
  }

  [kOnError](err) {
    if (!this[kFailure]) this[kFailure] = err;
  }

  // ---- moving bytes through the caller's callbacks ----

  _callRead(size) {
    const ref = this[kRef];
    return ref === undefined ? this[kRead](size) : this[kRead](ref, size);
  }

  _callWrite(data) {
    const ref = this[kRef];
    return ref === undefined ? this[kWrite](data) : this[kWrite](ref, data);
  }

  // Hand queued records to the write callback. false: it took no more.
  _flush() {
    const output = this[kOutput];
    while (output.length > 0) {
      const chunk = output[0];
      const n = this._callWrite(chunk);
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > chunk.length) {
        throw ERR_INVALID_ARG_VALUE('wcb', n,
                                    `must return the number of bytes sent (0..${chunk.length})`);
      }
      if (n === 0) return false;
      if (n === chunk.length) output.shift();
      else output[0] = chunk.subarray(n);
    }
    return true;
  }

  // One read callback call fed to the engine. false: nothing came.
  _fill() {
    let data = this._callRead(READ_SIZE);
    if (data === null || data === undefined) {
      // The transport is closed.
      this[kState].eof = true;
      this._conn().receiveEOF();
      return true;
    }
    if (typeof data === 'string') data = Buffer.from(data, 'latin1');
    else if (ArrayBuffer.isView(data)) {
      data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    } else {
      throw ERR_INVALID_ARG_VALUE('rcb', data, 'must return a string or a Buffer');
    }
    if (data.length === 0) return false;
    this._conn().receive(data);
    return true;
  }

  // The failure of this session, as a result; the context is reset.
  _fatal(err) {
    this._flush(); // the alert, if the transport takes it
    this._reset();
    return [null, err.message, err];
  }

  // Checks a client must make itself: the peer's chain (when a CA was
  // configured) and the host name (when one was set).
  _checkPeer() {
    const cfg = this[kCfg];
    const conn = this[kConn];
    if (cfg.isServer || conn.usedPsk()) return null;
    if (cfg.verify) {
      const err = conn.verifyError();
      if (err) return err;
    }
    if (this[kHostname]) {
      return checkServerIdentity(this[kHostname], conn.getPeerCertificate(true) || {}) || null;
    }
    return null;
  }

  _step(goal) {
    const state = this[kState];
    for (;;) {
      if (this[kFailure]) return this._fatal(this[kFailure]);
      if (!this._flush()) return [null, WANT_WRITE];
      const result = goal();
      if (result) return result;
      if (state.closed) return [null, CLOSE_NOTIFY];
      if (state.eof) {
        return this._fatal(makeError(Error, 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING',
                                     'the transport closed without a TLS close_notify'));
      }
      if (!this._fill()) return [null, WANT_READ];
    }
  }

  // Runs the handshake to its end; [true] once it is done.
  _handshake() {
    const state = this[kState];
    const conn = this._conn();
    if (!state.started) {
      state.started = true;
      conn.start();
    }
    return this._step(() => {
      if (!state.secure) return null;
      if (!state.checked) {
        state.checked = true;
        const err = this._checkPeer();
        if (err) return this._fatal(err);
      }
      return [true];
    });
  }

  handshake() {
    return this._handshake();
  }

  // read(size): up to size bytes of plaintext.
  read(size) {
    if (!Number.isInteger(size) || size <= 0) return [null, INVALID];
    const done = this._handshake();
    if (done[0] !== true) return done;
    return this._step(() => {
      const plain = this[kPlain];
      if (plain.length === 0) return null;
      const all = plain.length === 1 ? plain[0] : Buffer.concat(plain);
      const out = all.subarray(0, size);
      this[kPlain] = out.length < all.length ? [all.subarray(size)] : [];
      return [out];
    });
  }

  // write(data, [pos], [len]): pos counts from 1 as in Lua. All of it is
  // taken at once; with 'want-write' the records are not all out yet:
  // call write() again (with the same data) and it answers with the count
  // once they are.
  write(data, pos = 1, len) {
    if (typeof data === 'string') data = Buffer.from(data, 'latin1');
    else if (!ArrayBuffer.isView(data)) return [null, INVALID];
    else data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (len === undefined) len = data.length - pos + 1;
    if (!Number.isInteger(pos) || !Number.isInteger(len) || pos < 1 || len < 0 ||
        pos - 1 + len > data.length) {
      return [null, INVALID];
    }
    const done = this._handshake();
    if (done[0] !== true) return done;
    if (this[kState].closed) return [null, CLOSE_NOTIFY];
    if (this[kAccepted] === 0 && len > 0) {
      this._conn().write(data.subarray(pos - 1, pos - 1 + len));
      this[kAccepted] = len;
    }
    if (this[kFailure]) return this._fatal(this[kFailure]);
    if (!this._flush()) return [null, WANT_WRITE];
    const written = this[kAccepted];
    this[kAccepted] = 0;
    return [written];
  }

  // closenotify(): our close_notify, sent through the write callback.
  closenotify() {
    const state = this[kState];
    if (!state.secure) return [null, INVALID];
    if (!state.notified) {
      state.notified = true;
      this._conn().shutdown();
    }
    if (this[kFailure]) return this._fatal(this[kFailure]);
    return this._flush() ? [true] : [null, WANT_WRITE];
  }

  // reset(): ready for a new session (same configuration, callbacks, name).
  reset() {
    this._reset();
  }

  setbio(rcb, wcb, ref) {
    this._setbio(rcb, wcb, ref);
  }

  // sethostname(name | null): client only, before the handshake: the SNI
  // name and the name the server's certificate must carry.
  sethostname(hostname) {
    if (this[kCfg].isServer || this[kState].started) return [null, INVALID];
    if (hostname !== null && hostname !== undefined && typeof hostname !== 'string') {
      return [null, INVALID];
    }
    this[kHostname] = hostname || null;
    if (this[kConn]) { // made but not started: make it again with the name
      this[kConn][kOwner] = null;
      this[kConn].destroy();
      this[kConn] = null;
    }
    return [true];
  }

  // setpeerid(): the DTLS server's cookie check; TLS has none.
  setpeerid() {
    throw makeError(Error, 'ERR_SP_DTLS_ONLY',
                    'ctx.setpeerid() is for DTLS servers only; this is a TLS context');
  }

  // gettimeout(): DTLS retransmission; a TLS context never has a timer.
  gettimeout() {
    return null;
  }
}

// The binding may report more than this face needs (session tickets, key
// log lines, ...): whatever it reports that is not handled above is let
// go, so new binding callbacks never break this face.
for (const [name, symbol] of Object.entries(bindingExports)) {
  if (name.startsWith('kOn') && typeof symbol === 'symbol' &&
      !Object.prototype.hasOwnProperty.call(Context.prototype, symbol)) {
    Context.prototype[symbol] = function ignored() { return null; };
  }
}

// ssl.newcontext(cfg, rcb, wcb, [ref])
function newcontext(cfg, rcb, wcb, ref) {
  return new Context(cfg, rcb, wcb, ref);
}

module.exports = {
  newconfig,
  newcontext,
  WANT_READ,
  WANT_WRITE,
  CLOSE_NOTIFY,
  INVALID_OPERATION: INVALID,
};
