'use strict';
// A key that does not belong to the certificate (both RSA) makes
// createSecureContext() and createServer() throw at once with
// ERR_OSSL_X509_KEY_VALUES_MISMATCH, as Node's tls does; with the right
// key the server serves.
const common = require('../common');
const assert = require('assert');
const nodeTls = require('tls');
const tls = require('../../lib/tls');
const { fixtures } = common;
const { expectServed, serverOptions, serveOnce } = require('../hostile');

const mismatched = { key: fixtures.read('stray-key.pem'), cert: fixtures.read('server-rsa-cert.pem') };
const expected = {
  code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH',
  library: 'x509 certificate routines',
  reason: 'key values mismatch',
};

assert.throws(() => tls.createSecureContext(mismatched), expected);
assert.throws(() => tls.createServer(mismatched), expected);
assert.throws(() => nodeTls.createSecureContext(mismatched), expected); // the reference

const server = tls.createServer(serverOptions(), common.mustCall(serveOnce));
server.listen(0, common.mustCall(async () => {
  await expectServed(server.address().port);
  server.close();
}));
