'use strict';
// OpenSSL engines are not part of this engine: privateKeyEngine with
// privateKeyIdentifier, and clientCertEngine, throw the error a Node built
// without engine support throws (ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED),
// after the same argument checks as Node's.
require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

const make = (options) => () => tls.createSecureContext(options);
const notSupported = {
  code: 'ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED',
  message: 'Custom engines not supported by this OpenSSL',
};

assert.throws(make({ privateKeyEngine: 'pkcs11', privateKeyIdentifier: 'key' }), notSupported);
assert.throws(make({ clientCertEngine: 'pkcs11' }), notSupported);
assert.throws(make({ privateKeyIdentifier: 'key' }), {
  code: 'ERR_INVALID_ARG_VALUE',
  message: "The property 'options.privateKeyEngine' is invalid. Received undefined",
});
assert.throws(make({ privateKeyIdentifier: 'key', privateKeyEngine: 'e', key: 'pem' }), {
  code: 'ERR_INVALID_ARG_VALUE', message: /options\.privateKeyIdentifier/,
});
assert.throws(make({ privateKeyIdentifier: 1, privateKeyEngine: 'e' }), {
  code: 'ERR_INVALID_ARG_TYPE',
});
assert.throws(make({ clientCertEngine: 5 }), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "options.clientCertEngine" property must be of type string or one of ' +
           'null or undefined. Received type number (5)',
});
// An engine name alone (no identifier) is ignored, as in Node.
tls.createSecureContext({ privateKeyEngine: 'pkcs11' });
