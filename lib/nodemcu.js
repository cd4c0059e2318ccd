'use strict';

// The NodeMCU firmware's `tls` module, for scripts ported from Lua:
//
//   const tls = require('securepair/nodemcu');
//   const sk = tls.createConnection();
//   sk.on('connection', (sck) => sck.send('GET / HTTP/1.1\r\n...'));
//   sk.on('receive', (sck, data) => console.log(data));
//   sk.connect(443, 'example.com');
//
// It is a thin shape over securepair's own tls.connect(); the firmware's
// limits (one send at a time, 4 KiB fragments, no SNI) do not apply.
// Callbacks are called as NodeMCU calls them: the socket first, then the
// event's value. See doc/api/nodemcu.md.

const dns = require('dns');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const tls = require('./tls');
const tlsDebug = require('./_tls_debug');
const { makeError, ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE } = require('./_tls_errors');

let X509Certificate;
try {
  ({ X509Certificate } = require('crypto'));
} catch {
  X509Certificate = undefined;
}

const EVENTS = ['connection', 'reconnection', 'disconnection', 'receive', 'sent', 'dns'];

function nodemcuError(code, message) {
  return makeError(Error, code, message);
}

// ---- debugging (tls.setDebug) ---------------------------------------------

// 0 quiet; 1 a line per step of each connection; 2 and up also OpenSSL's
// protocol trace (mbed TLS's thresholds run 0..4, so 3 and 4 are taken).
let debugLevel = 0;

function info(socketName, text) {
  if (debugLevel >= 1) tlsDebug.writeTrace(`tls: ${socketName}: ${text}\n`);
}

function setDebug(level) {
  if (typeof level !== 'number') throw ERR_INVALID_ARG_TYPE('level', 'number', level);
  if (!Number.isInteger(level) || level < 0 || level > 4) {
    throw ERR_OUT_OF_RANGE('level', 'an integer from 0 to 4', level);
  }
  debugLevel = level;
}

// ---- the settings store (tls.cert.*) ----------------------------------------

// NodeMCU keeps its CA and client certificate in flash; here they live in a
// small JSON file. Default: $XDG_CONFIG_HOME/securepair/nodemcu-tls.json,
// or ~/.config/securepair/nodemcu-tls.json.
function defaultStorePath() {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'securepair', 'nodemcu-tls.json');
}

function emptySettings() {
  return { verify: { enabled: false, ca: [] }, auth: { enabled: false, cert: null, key: null } };
}

const store = {
  file: null, // chosen on first use
  settings: null, // loaded on first use
  verifyCallback: null, // live only, never stored (as the firmware's)
  authCallback: null,
};

function storeFile() {
  if (store.file === null) store.file = defaultStorePath();
  return store.file;
}

function isStringArray(value) {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function loadSettings() {
  if (store.settings !== null) return store.settings;
  const file = storeFile();
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    store.settings = emptySettings();
    return store.settings;
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = null;
  }
  const settings = emptySettings();
  const verify = data && data.verify;
  const auth = data && data.auth;
  if (!verify || typeof verify.enabled !== 'boolean' || !isStringArray(verify.ca) ||
      !auth || typeof auth.enabled !== 'boolean' ||
      (auth.cert !== null && typeof auth.cert !== 'string') ||
      (auth.key !== null && typeof auth.key !== 'string')) {
    throw nodemcuError('ERR_SP_NODEMCU_STORE',
                       `The TLS settings file ${file} is damaged; remove it or choose ` +
                       'another with tls.cert.store()');
  }
  settings.verify = { enabled: verify.enabled, ca: verify.ca };
  settings.auth = { enabled: auth.enabled, cert: auth.cert, key: auth.key };
  store.settings = settings;
  return settings;
}

// Written whole to a temporary file and renamed over the old one, so a
// crash never leaves half a file; private to its owner (it may hold a key).
function saveSettings(settings) {
  const file = storeFile();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
  store.settings = settings;
}

// tls.cert.store([file]): where the settings live. Returns the path.
function setStore(file) {
  if (file !== undefined) {
    if (typeof file !== 'string' || file === '') {
      throw ERR_INVALID_ARG_TYPE('file', 'string', file);
    }
    store.file = path.resolve(file);
    store.settings = null;
  }
  return storeFile();
}

// One certificate (PEM text, or DER bytes) as PEM, checked.
function certificatePem(value, what) {
  if (ArrayBuffer.isView(value) && X509Certificate) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const text = bytes.toString('latin1');
    if (!text.includes('-----BEGIN')) {
      try {
        return new X509Certificate(bytes).toString();
      } catch (err) {
        throw nodemcuError('ERR_SP_NODEMCU_BAD_CERT', `${what} is not a certificate: ${err.message}`);
      }
    }
    value = text;
  }
  if (typeof value !== 'string') {
    throw ERR_INVALID_ARG_TYPE(what, ['string', 'Buffer'], value);
  }
  if (!/-----BEGIN [A-Z0-9 ]*CERTIFICATE-----/.test(value)) {
    throw nodemcuError('ERR_SP_NODEMCU_BAD_CERT', `${what} holds no PEM certificate`);
  }
  // The engine parses it: a damaged certificate is refused now, not at
  // connection time.
  tls.createSecureContext({ ca: value });
  return value;
}

function keyPem(value, what) {
  if (ArrayBuffer.isView(value)) {
    value = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
  }
  if (typeof value !== 'string') throw ERR_INVALID_ARG_TYPE(what, ['string', 'Buffer'], value);
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(value)) {
    throw nodemcuError('ERR_SP_NODEMCU_BAD_KEY', `${what} holds no PEM private key`);
  }
  return value;
}

// cb(k), cb(k+1), ... until it returns null or undefined.
const MAX_CALLBACK_ITEMS = 64;
function collect(callback, first, convert, what) {
  const items = [];
  for (let k = first; ; k++) {
    const value = callback(k);
    if (value == null) return items;
    if (items.length >= MAX_CALLBACK_ITEMS) {
      throw nodemcuError('ERR_SP_NODEMCU_CALLBACK',
                         `the ${what} callback returned more than ${MAX_CALLBACK_ITEMS} items`);
    }
    items.push(convert(value, `${what}(${k})`));
  }
}

// tls.cert.verify(true | false) / (pem[, pem...]) / (callback)
function verify(...args) {
  const first = args[0];
  if (typeof first === 'function') {
    store.verifyCallback = first;
    return true;
  }
  store.verifyCallback = null;
  const settings = loadSettings();
  if (typeof first === 'string' || ArrayBuffer.isView(first)) {
    const ca = args.map((pem, i) => certificatePem(pem, `pemdata[${i}]`));
    saveSettings({ ...settings, verify: { enabled: true, ca } });
    return true;
  }
  if (first !== undefined && first !== null && typeof first !== 'boolean') {
    throw ERR_INVALID_ARG_TYPE('enable', ['boolean', 'string', 'Buffer', 'Function'], first);
  }
  saveSettings({ ...settings, verify: { enabled: Boolean(first), ca: settings.verify.ca } });
  return true;
}

// tls.cert.auth(true | false) / (certPem, keyPem) / (callback)
function auth(...args) {
  const first = args[0];
  if (typeof first === 'function') {
    store.authCallback = first;
    return true;
  }
  store.authCallback = null;
  const settings = loadSettings();
  if (typeof first === 'string' || ArrayBuffer.isView(first)) {
    const cert = certificatePem(first, 'certificate');
    const key = keyPem(args[1], 'private key');
    // The pair must belong together; the engine checks.
    tls.createSecureContext({ cert, key });
    saveSettings({ ...settings, auth: { enabled: true, cert, key } });
    return true;
  }
  if (first !== undefined && first !== null && typeof first !== 'boolean') {
    throw ERR_INVALID_ARG_TYPE('enable', ['boolean', 'string', 'Buffer', 'Function'], first);
  }
  if (first === true && !settings.auth.cert) {
    throw nodemcuError('ERR_SP_NODEMCU_NO_CERTIFICATES', 'no certificates found');
  }
  saveSettings({ ...settings, auth: { ...settings.auth, enabled: Boolean(first) } });
  return true;
}

// What tls.connect() gets from the settings, read at each connect().
function credentials() {
  const settings = loadSettings();
  const options = {};
  if (store.verifyCallback) {
    const ca = collect(store.verifyCallback, 1, certificatePem, 'verify');
    // No CA from the callback: the peer is not checked (as the firmware).
    options.rejectUnauthorized = ca.length > 0;
    if (ca.length > 0) options.ca = ca;
  } else if (settings.verify.enabled) {
    options.rejectUnauthorized = true;
    // Verification with nothing stored checks against the system's roots.
    if (settings.verify.ca.length > 0) options.ca = settings.verify.ca;
  } else {
    options.rejectUnauthorized = false;
  }
  if (store.authCallback) {
    options.key = keyPem(store.authCallback(0), 'auth(0)');
    options.cert = collect(store.authCallback, 1, certificatePem, 'auth').join('\n');
  } else if (settings.auth.enabled) {
    options.cert = settings.auth.cert;
    options.key = settings.auth.key;
  }
  return options;
}

// ---- tls.socket --------------------------------------------------------------

const kSocket = Symbol('socket');
const kCallbacks = Symbol('callbacks');
const kEncoding = Symbol('encoding');
const kState = Symbol('state');
const kFailed = Symbol('failed');
const kName = Symbol('name');

// NodeMCU's words for what went wrong, for 'reconnection'.
function reasonOf(err, secure) {
  switch (err.code) {
    case 'ECONNRESET': return secure ? 'Connection reset' : 'Connection aborted';
    case 'ECONNREFUSED': return 'Connection refused';
    case 'ETIMEDOUT': return 'Timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return 'DNS lookup failed';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': return 'Routing problem';
    default: return secure ? 'SSL application invalid' : 'SSL handshake failed';
  }
}

class NodeMCUSocket {
  constructor(options) {
    this[kCallbacks] = Object.create(null);
    this[kSocket] = null;
    this[kState] = 'idle'; // idle, resolving, connecting, secure, closed
    this[kFailed] = false;
    this[kName] = '(unconnected)';
    const encoding = options.encoding === undefined ? 'utf8' : options.encoding;
    if (encoding !== null && encoding !== 'buffer' && !Buffer.isEncoding(encoding)) {
      throw makeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
    }
    this[kEncoding] = encoding === 'buffer' ? null : encoding;
  }

  // on(event, fn): one callback per event; null unregisters.
  on(event, fn) {
    if (!EVENTS.includes(event)) {
      throw makeError(TypeError, 'ERR_SP_NODEMCU_EVENT',
                      `invalid method: ${JSON.stringify(event)} (one of ${EVENTS.join(', ')})`);
    }
    if (fn === null || fn === undefined) {
      delete this[kCallbacks][event];
    } else if (typeof fn === 'function') {
      this[kCallbacks][event] = fn;
    } else {
      throw ERR_INVALID_ARG_TYPE('callback', 'function', fn);
    }
    return undefined;
  }

  _fire(event, ...args) {
    const fn = this[kCallbacks][event];
    if (fn) fn.call(this, this, ...args);
  }

  // connect(port[, ip | domain]): the name is resolved ('dns' reports the
  // address), then TLS runs over TCP with the tls.cert settings of now.
  connect(port, host) {
    if (this[kState] === 'resolving' || this[kState] === 'connecting' ||
        this[kState] === 'secure') {
      throw nodemcuError('ERR_SP_NODEMCU_CONNECTED', 'already connected');
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw ERR_OUT_OF_RANGE('port', '>= 1 && <= 65535', port);
    }
    if (host === undefined || host === null) host = '127.0.0.1';
    if (typeof host !== 'string' || host === '') throw ERR_INVALID_ARG_TYPE('host', 'string', host);
    const tlsOptions = credentials(); // may throw: bad settings are the caller's to hear now
    this[kState] = 'resolving';
    this[kFailed] = false;
    this[kName] = `${host}:${port}`;
    info(this[kName], 'resolving');
    dns.lookup(host, (err, address) => {
      if (this[kState] !== 'resolving') return; // closed meanwhile
      if (err) {
        info(this[kName], `cannot resolve: ${err.message}`);
        this[kState] = 'closed';
        this._fire('dns', null);
        this._fire('reconnection', reasonOf(err, false), err);
        return;
      }
      // The connection is under way before 'dns' runs, so what it sends
      // waits for the handshake.
      this._open(address, port, host, tlsOptions);
      this._fire('dns', address);
    });
  }

  _open(address, port, host, tlsOptions) {
    this[kState] = 'connecting';
    info(this[kName], `connecting to ${address}`);
    const socket = tls.connect({
      ...tlsOptions,
      host: address,
      port,
      // Unlike the firmware, the name is sent (SNI) and checked.
      servername: net.isIP(host) ? undefined : host,
      checkServerIdentity: (name, cert) => tls.checkServerIdentity(host, cert),
    });
    if (debugLevel >= 2) socket.enableTrace();
    this[kSocket] = socket;
    if (this[kEncoding]) socket.setEncoding(this[kEncoding]);
    socket.on('secureConnect', () => {
      this[kState] = 'secure';
      info(this[kName], `secure: ${socket.getProtocol()} ${socket.getCipher().name}`);
      this._fire('connection');
    });
    socket.on('data', (data) => this._fire('receive', data));
    socket.on('error', (err) => {
      if (this[kFailed]) return;
      this[kFailed] = true;
      info(this[kName], `error: ${err.code || ''} ${err.message}`);
      this._fire('reconnection', reasonOf(err, this[kState] === 'secure'), err);
    });
    socket.on('close', () => {
      this[kState] = 'closed';
      this[kSocket] = null;
      info(this[kName], 'closed');
      if (!this[kFailed]) this._fire('disconnection');
    });
  }

  // send(data): queued in order; 'sent' follows each one once it is on
  // its way. Returns false (and sends nothing) when not connected.
  send(data) {
    const socket = this[kSocket];
    if (typeof data !== 'string' && !ArrayBuffer.isView(data)) {
      throw ERR_INVALID_ARG_TYPE('data', ['string', 'Buffer'], data);
    }
    if (!socket || socket.destroyed || socket.writableEnded) return false;
    socket.write(data, (err) => {
      if (!err) this._fire('sent');
    });
    return true;
  }

  // hold()/unhold(): stop and restart reading. While held, received data
  // waits in a bounded buffer, then TCP's window closes on the sender.
  hold() {
    if (this[kSocket]) this[kSocket].pause();
  }

  unhold() {
    if (this[kSocket]) this[kSocket].resume();
  }

  // getpeer(): [ip, port], or [null, null] when not connected.
  getpeer() {
    const socket = this[kSocket];
    if (!socket || socket.remoteAddress === undefined) return [null, null];
    return [socket.remoteAddress, socket.remotePort];
  }

  // dns(domain, fn): fn(socket, ip) with the address as a string, or null.
  dns(domain, fn) {
    if (typeof domain !== 'string' || domain === '') {
      throw ERR_INVALID_ARG_TYPE('domain', 'string', domain);
    }
    if (typeof fn !== 'function') throw ERR_INVALID_ARG_TYPE('callback', 'function', fn);
    dns.lookup(domain, (err, address) => fn.call(this, this, err ? null : address));
  }

  // close(): close_notify, then the connection closes ('disconnection').
  close() {
    const socket = this[kSocket];
    if (this[kState] === 'resolving') {
      this[kState] = 'closed';
      this._fire('disconnection');
      return;
    }
    if (!socket || socket.destroyed) return;
    if (this[kState] === 'secure') socket.destroySoon();
    else socket.destroy();
  }
}

function createConnection(options) {
  if (options != null && typeof options !== 'object') {
    throw ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  return new NodeMCUSocket(options || {});
}

module.exports = {
  createConnection,
  setDebug,
  cert: {
    verify,
    auth,
    store: setStore,
  },
};
