'use strict';

// Pre-shared keys for TLSSocket: the `pskCallback` and `pskIdentityHint`
// options, as Node has them.
//
//   server: pskCallback(socket, identity) -> Buffer | { psk } | null
//   client: pskCallback(hint) -> { psk, identity } | null
//
// The engine asks during the handshake, synchronously, from inside the
// binding call that feeds it (see doc/internals/binding.md): the answer is
// needed before OpenSSL can go on. Whatever the user's callback does wrong
// (throws, returns a bad value) ends that connection with that error, as
// in Node; the engine itself just sees "no key".

const {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
} = require('./_tls_errors');

const kPskCallback = Symbol('pskCallback');

function validateFunction(value, name) {
  if (typeof value !== 'function') throw ERR_INVALID_ARG_TYPE(name, 'function', value);
}

function validateString(value, name) {
  if (typeof value !== 'string') throw ERR_INVALID_ARG_TYPE(name, 'string', value);
}

// Validates the server-wide options once, at createServer() time.
function serverOptions(options) {
  const { pskCallback, pskIdentityHint } = options;
  if (pskCallback != null) validateFunction(pskCallback, 'options.pskCallback');
  if (pskIdentityHint != null) validateString(pskIdentityHint, 'options.pskIdentityHint');
  return { pskCallback: pskCallback || null, pskIdentityHint: pskIdentityHint || null };
}

// Arms one connection: from here on its handshake asks pskCallback.
function attach(socket, conn, options, isServer) {
  const { pskCallback, pskIdentityHint } = options;
  if (!pskCallback) return;
  validateFunction(pskCallback, 'pskCallback');
  if (isServer && pskIdentityHint) {
    validateString(pskIdentityHint, 'options.pskIdentityHint');
  }
  socket[kPskCallback] = pskCallback;
  conn.enablePskCallback();
  if (isServer && pskIdentityHint) conn.setPskIdentityHint(pskIdentityHint);
}

function toBuffer(view) {
  if (Buffer.isBuffer(view)) return view;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function validateKeyBytes(psk, maxKeyLen) {
  if (!ArrayBuffer.isView(psk)) {
    throw ERR_INVALID_ARG_TYPE('psk', ['Buffer', 'TypedArray', 'DataView'], psk);
  }
  if (psk.byteLength > maxKeyLen) {
    throw ERR_INVALID_ARG_VALUE('psk', psk, `Pre-shared key exceeds ${maxKeyLen} bytes`);
  }
  return toBuffer(psk);
}

// The engine's question on a server. Returns the key, or null to refuse
// the identity; `fail(err)` ends the connection when the callback is at
// fault.
function answerServer(socket, identity, maxKeyLen, fail) {
  try {
    const ret = socket[kPskCallback](socket, identity);
    if (ret == null) return null;
    if (ArrayBuffer.isView(ret)) return validateKeyBytes(ret, maxKeyLen);
    if (typeof ret !== 'object') {
      throw ERR_INVALID_ARG_TYPE('ret', ['Buffer', 'TypedArray', 'DataView', 'Object'], ret);
    }
    return validateKeyBytes(ret.psk, maxKeyLen);
  } catch (err) {
    fail(err);
    return null;
  }
}

// The engine's question on a client: `hint` is the server's TLS 1.2
// identity hint, null when it sent none and always null for TLS 1.3.
function answerClient(socket, hint, maxKeyLen, maxIdentityLen, fail) {
  try {
    const ret = socket[kPskCallback](hint);
    if (ret == null) return null;
    if (typeof ret !== 'object') throw ERR_INVALID_ARG_TYPE('ret', 'Object', ret);
    const psk = validateKeyBytes(ret.psk, maxKeyLen);
    validateString(ret.identity, 'identity');
    if (Buffer.byteLength(ret.identity) > maxIdentityLen) {
      throw ERR_INVALID_ARG_VALUE('identity', ret.identity,
                                  `PSK identity exceeds ${maxIdentityLen} bytes`);
    }
    return { psk, identity: ret.identity };
  } catch (err) {
    fail(err);
    return null;
  }
}

// (The host name check: Node skips it when the session was resumed, and a
// TLS 1.3 external PSK is a resumption to OpenSSL, hence to Node; TLS 1.2
// PSK suites do get it. _tls_wrap.js does the same through
// isSessionReused().)

module.exports = { serverOptions, attach, answerServer, answerClient };
