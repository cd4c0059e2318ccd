'use strict';
// createSecureContext() refuses bad keys and certificates at once with the
// engine's error and code, and bad option values with Node's codes.
require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = require('../common');

const key = fixtures.read('server-rsa-key.pem');
const cert = fixtures.read('server-rsa-cert.pem');

// Not PEM at all.
assert.throws(() => tls.createSecureContext({ key: 'not a key', cert }),
              (err) => /^ERR_OSSL_/.test(err.code) && err instanceof Error);
assert.throws(() => tls.createSecureContext({ cert: 'not a cert' }),
              (err) => /^ERR_OSSL_/.test(err.code));
assert.throws(() => tls.createSecureContext({ ca: 'not a cert' }),
              (err) => /^ERR_OSSL_/.test(err.code));

// Encrypted key: missing or wrong passphrase.
const encrypted = fixtures.read('server-rsa-key-encrypted.pem');
assert.throws(() => tls.createSecureContext({ key: encrypted, cert, passphrase: 'wrong' }),
              (err) => /^ERR_OSSL_/.test(err.code) && typeof err.message === 'string');
assert.throws(() => tls.createSecureContext({ key: encrypted, cert }),
              (err) => /^ERR_OSSL_/.test(err.code));

// A key that is not the certificate's.
assert.throws(() => tls.createSecureContext({ key: fixtures.read('stray-key.pem'), cert }),
              (err) => /^ERR_OSSL_/.test(err.code) || /^ERR_SSL_/.test(err.code));

// Option values.
assert.throws(() => tls.createSecureContext({ ciphers: 'NOT-A-CIPHER' }), {
  code: 'ERR_SSL_NO_CIPHER_MATCH',
});
assert.throws(() => tls.createSecureContext({ ciphers: 5 }), {
  name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
});
assert.throws(() => tls.createSecureContext({ maxVersion: 'TLSv1.4' }), {
  name: 'TypeError',
  code: 'ERR_TLS_INVALID_PROTOCOL_VERSION',
  message: '"TLSv1.4" is not a valid maximum TLS protocol version',
});
assert.throws(() => tls.createSecureContext({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.2' }), {
  name: 'TypeError', code: 'ERR_TLS_PROTOCOL_VERSION_CONFLICT',
});
assert.throws(() => tls.createSecureContext({ maxVersion: 'TLSv1.1' }), {
  name: 'TypeError', code: 'ERR_TLS_PROTOCOL_VERSION_CONFLICT',
});
assert.throws(() => tls.createSecureContext({ secureProtocol: 'FooBar_method' }), {
  name: 'TypeError', code: 'ERR_TLS_INVALID_PROTOCOL_METHOD', message: 'Unknown method: FooBar_method',
});
assert.throws(() => tls.createSecureContext({ secureProtocol: 'SSLv3_method' }), {
  code: 'ERR_TLS_INVALID_PROTOCOL_METHOD', message: 'SSLv3 methods disabled',
});
assert.throws(() => tls.createSecureContext({ secureProtocol: 'TLSv1_2_method',
                                              minVersion: 'TLSv1.2' }), {
  code: 'ERR_TLS_PROTOCOL_VERSION_CONFLICT',
  message: 'TLS protocol version "TLSv1.2" conflicts with secureProtocol "TLSv1_2_method"',
});
assert.throws(() => tls.createSecureContext({ secureOptions: 'a' }), {
  name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
});
assert.throws(() => tls.createSecureContext({ ecdhCurve: 'no-such-curve' }),
              (err) => typeof err.code === 'string' && err.code.length > 0);
assert.throws(() => tls.createSecureContext({ key: [{ pem: key, passphrase: 7 }] }), {
  name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
});
// A list with neither ciphers nor suites in it.
assert.throws(() => tls.createSecureContext({ ciphers: ':::' }), {
  name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE',
});
// Credentials that cannot be read (more in test-tls-pfx-errors.js,
// test-tls-crl-errors.js, test-tls-sigalgs.js, test-tls-engine-options.js).
assert.throws(() => tls.createSecureContext({ pfx: 'x' }), { code: /^ERR_OSSL_ASN1_/ });
assert.throws(() => tls.createSecureContext({ crl: 'x' }),
              { code: 'ERR_CRYPTO_OPERATION_FAILED' });
assert.throws(() => tls.createSecureContext({ privateKeyEngine: 'x', privateKeyIdentifier: 'y' }),
              { code: 'ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED' });

// And the good cases build.
assert.ok(tls.createSecureContext({ key, cert }) instanceof tls.SecureContext);
assert.ok(tls.createSecureContext({ key: [key], cert: [cert], ca: [cert] }).context);
assert.ok(tls.createSecureContext({ dhparam: 'auto', ecdhCurve: 'P-256:X25519' }));
assert.ok(tls.createSecureContext({ secureProtocol: 'TLSv1_3_method' }));
assert.ok(tls.createSecureContext({ key: new Uint8Array(key), cert: new DataView(cert.buffer, cert.byteOffset, cert.byteLength) }));
