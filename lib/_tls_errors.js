'use strict';

// Errors the JavaScript layer raises itself. They carry the same `code`,
// class and message shape as Node's own, so code written against
// require('tls') that inspects err.code or err.message keeps working.
// Errors produced by the native binding are passed through untouched.

const util = require('util');

// Build an error whose stack starts "TypeError [ERR_X]: message", as Node's
// do, while `name` stays the plain class name.
function makeError(Base, code, message, props) {
  const err = new Base(message);
  Object.defineProperty(err, 'name', {
    value: `${Base.name} [${code}]`,
    configurable: true,
    writable: true,
    enumerable: false,
  });
  // Reading the stack now bakes the decorated name into it.
  err.stack; // eslint-disable-line no-unused-expressions
  delete err.name;
  err.code = code;
  if (props) Object.assign(err, props);
  return err;
}

// How Node describes the value it did not want: "Received type number (1)",
// "Received an instance of Object", "Received null", ...
function describeReceived(value) {
  if (value === null || value === undefined) return `Received ${value}`;
  if (typeof value === 'function') {
    return value.name ? `Received function ${value.name}` : 'Received function';
  }
  if (typeof value === 'object') {
    const ctor = value.constructor;
    if (ctor && typeof ctor.name === 'string' && ctor.name !== '') {
      return `Received an instance of ${ctor.name}`;
    }
    return `Received ${util.inspect(value, { depth: -1 })}`;
  }
  let shown = util.inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `Received type ${typeof value} (${shown})`;
}

const PRIMITIVE_NAMES = new Set([
  'string', 'number', 'bigint', 'boolean', 'symbol', 'undefined',
  'object', 'function',
]);

function listWords(words) {
  if (words.length === 1) return words[0];
  if (words.length === 2) return `${words[0]} or ${words[1]}`;
  return `${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
}

// "must be of type string or an instance of Buffer, TypedArray, or DataView"
function describeExpected(expected) {
  const list = Array.isArray(expected) ? expected : [expected];
  const types = [];
  const instances = [];
  for (const name of list) {
    if (PRIMITIVE_NAMES.has(name.toLowerCase()) && name === name.toLowerCase()) {
      types.push(name);
    } else if (name === 'Object' && list.length === 1) {
      types.push('object');
    } else {
      instances.push(name);
    }
  }
  const parts = [];
  if (types.length === 1) parts.push(`of type ${types[0]}`);
  else if (types.length > 1) parts.push(`one of type ${listWords(types)}`);
  if (instances.length > 0) parts.push(`an instance of ${listWords(instances)}`);
  return parts.join(' or ');
}

function argKind(name) {
  return name.includes('.') ? 'property' : 'argument';
}

function ERR_INVALID_ARG_TYPE(name, expected, actual) {
  return makeError(TypeError, 'ERR_INVALID_ARG_TYPE',
                   `The "${name}" ${argKind(name)} must be ` +
                   `${describeExpected(expected)}. ${describeReceived(actual)}`);
}

function ERR_INVALID_ARG_VALUE(name, value, reason = 'is invalid') {
  let shown = util.inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  return makeError(TypeError, 'ERR_INVALID_ARG_VALUE',
                   `The ${argKind(name)} '${name}' ${reason}. Received ${shown}`);
}

function ERR_OUT_OF_RANGE(name, range, value) {
  return makeError(RangeError, 'ERR_OUT_OF_RANGE',
                   `The value of "${name}" is out of range. It must be ${range}. ` +
                   `Received ${util.inspect(value)}`);
}

function ERR_MISSING_ARGS(...names) {
  const quoted = names.map((n) => `"${n}"`);
  const verb = names.length > 1 ? 'arguments' : 'argument';
  return makeError(TypeError, 'ERR_MISSING_ARGS',
                   `The ${quoted.join(' or ')} ${verb} must be specified`);
}

function ERR_TLS_INVALID_PROTOCOL_VERSION(version, which) {
  return makeError(TypeError, 'ERR_TLS_INVALID_PROTOCOL_VERSION',
                   `${JSON.stringify(version)} is not a valid ${which} TLS protocol version`);
}

function ERR_TLS_PROTOCOL_VERSION_CONFLICT(message) {
  return makeError(TypeError, 'ERR_TLS_PROTOCOL_VERSION_CONFLICT', message);
}

function ERR_TLS_INVALID_PROTOCOL_METHOD(message) {
  return makeError(TypeError, 'ERR_TLS_INVALID_PROTOCOL_METHOD', message);
}

function ERR_TLS_INVALID_CONTEXT(name) {
  return makeError(TypeError, 'ERR_TLS_INVALID_CONTEXT',
                   `${name} must be a SecureContext`);
}

function ERR_TLS_HANDSHAKE_TIMEOUT() {
  return makeError(Error, 'ERR_TLS_HANDSHAKE_TIMEOUT', 'TLS handshake timeout');
}

function ERR_TLS_SESSION_ATTACK() {
  return makeError(Error, 'ERR_TLS_SESSION_ATTACK',
                   'TLS session renegotiation attack detected');
}

function ERR_TLS_RENEGOTIATION_DISABLED() {
  return makeError(Error, 'ERR_TLS_RENEGOTIATION_DISABLED',
                   'TLS session renegotiation disabled for this socket');
}

function ERR_TLS_RENEGOTIATE() {
  return makeError(Error, 'ERR_TLS_RENEGOTIATE', 'Attempt to renegotiate TLS session failed');
}

function ERR_TLS_CERT_ALTNAME_INVALID(reason, host, cert) {
  return makeError(Error, 'ERR_TLS_CERT_ALTNAME_INVALID',
                   `Hostname/IP does not match certificate's altnames: ${reason}`,
                   { reason, host, cert });
}

function ERR_TLS_REQUIRED_SERVER_NAME() {
  return makeError(Error, 'ERR_TLS_REQUIRED_SERVER_NAME',
                   '"servername" is required parameter for Server.addContext');
}

function ERR_TLS_SNI_FROM_SERVER() {
  return makeError(Error, 'ERR_TLS_SNI_FROM_SERVER',
                   'Cannot issue SNI from a TLS server-side socket');
}

function ERR_MULTIPLE_CALLBACK() {
  return makeError(Error, 'ERR_MULTIPLE_CALLBACK', 'Callback called multiple times');
}

function ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS() {
  return makeError(TypeError, 'ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS',
                   'The ALPNCallback and ALPNProtocols TLS options are mutually exclusive');
}

function ERR_TLS_ALPN_CALLBACK_INVALID_RESULT(value, protocols) {
  return makeError(TypeError, 'ERR_TLS_ALPN_CALLBACK_INVALID_RESULT',
                   `ALPN callback returned a value (${value}) that did not match any ` +
                   `of the client's offered protocols (${protocols.join(', ')})`);
}

function ERR_TLS_INVALID_STATE() {
  return makeError(Error, 'ERR_TLS_INVALID_STATE',
                   'TLS socket connection must be securely established');
}

function ERR_SOCKET_CLOSED() {
  return makeError(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed');
}

// Options Node accepts that this engine cannot honour yet. Ignoring them
// would change security or behaviour behind the caller's back, so they are
// refused at once instead.
function ERR_SP_UNSUPPORTED_OPTION(name, why) {
  return makeError(TypeError, 'ERR_SP_UNSUPPORTED_OPTION',
                   `The "${name}" option is not supported by securepair yet` +
                   (why ? `: ${why}` : ''));
}

// A plain Error with code ECONNRESET, as net and Node's tls raise them.
function connectionReset(message, props) {
  const err = new Error(message);
  err.code = 'ECONNRESET';
  if (props) Object.assign(err, props);
  return err;
}

module.exports = {
  makeError,
  describeReceived,
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_OUT_OF_RANGE,
  ERR_MISSING_ARGS,
  ERR_TLS_INVALID_PROTOCOL_VERSION,
  ERR_TLS_PROTOCOL_VERSION_CONFLICT,
  ERR_TLS_INVALID_PROTOCOL_METHOD,
  ERR_TLS_INVALID_CONTEXT,
  ERR_TLS_HANDSHAKE_TIMEOUT,
  ERR_TLS_SESSION_ATTACK,
  ERR_TLS_RENEGOTIATION_DISABLED,
  ERR_TLS_RENEGOTIATE,
  ERR_TLS_CERT_ALTNAME_INVALID,
  ERR_TLS_REQUIRED_SERVER_NAME,
  ERR_TLS_SNI_FROM_SERVER,
  ERR_SOCKET_CLOSED,
  ERR_MULTIPLE_CALLBACK,
  ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS,
  ERR_TLS_ALPN_CALLBACK_INVALID_RESULT,
  ERR_TLS_INVALID_STATE,
  ERR_SP_UNSUPPORTED_OPTION,
  connectionReset,
};
