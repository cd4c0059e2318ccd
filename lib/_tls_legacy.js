'use strict';

// The classic SecurePair API: a TLS connection presented as two streams.
//
//   pair.encrypted  ciphertext: write what arrives from the network into
//                   it, and send what can be read from it to the network.
//   pair.cleartext  plaintext: a TLSSocket (the classic CleartextStream).
//
// Internally the TLSSocket's transport is one end of an in-process duplex
// pair and `encrypted` is the other end.

const EventEmitter = require('events');
const util = require('util');
const common = require('./_tls_common');
const { TLSSocket } = require('./_tls_wrap');
const { createDuplexPair } = require('./_tls_duplexpair');

const kForwardError = Symbol('forwardError');

function SecurePair(context, isServer, requestCert, rejectUnauthorized, options) {
  if (!(this instanceof SecurePair)) {
    return new SecurePair(context, isServer, requestCert, rejectUnauthorized, options);
  }
  EventEmitter.call(this);

  isServer = Boolean(isServer);
  // Classic defaults: a client always checks the server's certificate; a
  // server only asks for one when told to.
  requestCert = requestCert === undefined ? !isServer : Boolean(requestCert);
  rejectUnauthorized = Boolean(rejectUnauthorized);
  options = options || {};

  // Credentials may be a SecureContext or the options to make one.
  const secureContext = common.isSecureContext(context) ?
    context : common.createSecureContext(context || {});

  const [encrypted, inner] = createDuplexPair();
  this.server = options.server;
  this.credentials = secureContext;
  this.encrypted = encrypted;
  this.cleartext = new TLSSocket(inner, {
    ...options,
    secureContext,
    isServer,
    requestCert,
    rejectUnauthorized,
  });
  this._secureEstablished = false;

  this.cleartext.once('secure', () => {
    this._secureEstablished = true;
    this.emit('secure');
  });

  // Errors belong to whoever listens: the pair (classic) or the cleartext
  // stream. With nobody listening on either, the pair's 'error' throws, as
  // any unhandled 'error' does; nothing is dropped quietly.
  this[kForwardError] = (err) => {
    const others = this.cleartext.listenerCount('error') - 1;
    if (this.listenerCount('error') > 0 || others === 0) this.emit('error', err);
  };
  this.cleartext.on('error', this[kForwardError]);
}
Object.setPrototypeOf(SecurePair.prototype, EventEmitter.prototype);
Object.setPrototypeOf(SecurePair, EventEmitter);

SecurePair.prototype.destroy = function destroy() {
  this.cleartext.destroy();
  this.encrypted.destroy();
};

function createSecurePairImpl(context, isServer, requestCert, rejectUnauthorized, options) {
  return new SecurePair(context, isServer, requestCert, rejectUnauthorized, options);
}

// Deprecated in Node (DEP0064) in favour of tls.TLSSocket; kept working.
const createSecurePair = util.deprecate(
  createSecurePairImpl,
  'tls.createSecurePair() is deprecated. Please use tls.TLSSocket instead.',
  'DEP0064');

module.exports = {
  SecurePair,
  createSecurePair,
  // The classic name for the plaintext side; tls.connect() returns one too.
  CleartextStream: TLSSocket,
};
