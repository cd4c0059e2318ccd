'use strict';
// A `crl` that cannot be read throws at once with Node's code and message
// (ERR_CRYPTO_OPERATION_FAILED, "Failed to parse CRL"; OpenSSL's reason is
// the `cause`); a wrong type with ERR_INVALID_ARG_TYPE. On a context that
// uses the default roots, a good CRL works without touching them.
const { fixtures } = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

assert.throws(() => tls.createSecureContext({ crl: 'garbage' }), (err) => {
  assert.strictEqual(err.code, 'ERR_CRYPTO_OPERATION_FAILED');
  assert.strictEqual(err.message, 'Failed to parse CRL');
  assert.match(err.cause.code, /^ERR_OSSL_/);
  return true;
});
assert.throws(() => tls.createSecureContext({ crl: fixtures.read('ca1-cert.pem') }),
              { code: 'ERR_CRYPTO_OPERATION_FAILED' });
assert.throws(() => tls.createSecureContext({ crl: 5 }), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: /"options\.crl" property must be of type string or an instance of Buffer/,
});
assert.throws(() => tls.createSecureContext({ crl: [fixtures.read('ca1-crl.pem'), 5] }),
              { code: 'ERR_INVALID_ARG_TYPE' });
tls.createSecureContext({ crl: fixtures.read('ca1-crl.pem') });
