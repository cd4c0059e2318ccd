'use strict';
// A pfx that cannot be opened throws at once: a wrong or missing passphrase
// with OpenSSL's reason ("mac verify failure", code
// ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE; Node gives the same message and no
// code), bytes that are no PKCS#12 with an ASN.1 reason, a wrong type with
// ERR_INVALID_ARG_TYPE. A bundle without a passphrase needs none.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const pfx = fixtures.read('server-rsa.p12');
assert.throws(() => tls.createSecureContext({ pfx, passphrase: 'wrong' }), {
  code: 'ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE',
  message: /mac verify failure/,
});
assert.throws(() => tls.createSecureContext({ pfx }), {
  code: 'ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE',
});
assert.throws(() => tls.createSecureContext({ pfx: [{ buf: pfx, passphrase: 'wrong' }] }), {
  code: 'ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE',
});
assert.throws(() => tls.createSecureContext({ pfx: Buffer.from('garbage') }), {
  code: /^ERR_OSSL_ASN1_/,
  message: /not enough data|wrong tag|header too long/,
});
assert.throws(() => tls.createSecureContext({ pfx: 42 }), {
  code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError',
});
assert.throws(() => tls.createSecureContext({ pfx: [{ buf: {} }] }), {
  code: 'ERR_INVALID_ARG_TYPE',
});
// Good bundles load from a Buffer or any Uint8Array; one without a
// passphrase needs none.
tls.createSecureContext({ pfx: fixtures.read('server-chain.p12') });
tls.createSecureContext({ pfx: new Uint8Array(pfx), passphrase: 'sekrit' });
