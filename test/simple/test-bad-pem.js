'use strict';
// Keys and certificates that are not usable PEM make createSecureContext()
// and createServer() throw at once, with the code Node's tls gives for the
// same input; a server built from good PEM afterwards serves as usual.
const common = require('../common');
const assert = require('assert');
const nodeTls = require('tls');
const tls = require('../../lib/tls');
const { fixtures } = common;
const { expectServed, serverOptions, serveOnce } = require('../hostile');

const key = fixtures.read('server-rsa-key.pem');
const cert = fixtures.read('server-rsa-cert.pem');

const cases = [
  ['a key that is not PEM', { key: 'not a pem', cert }, 'ERR_OSSL_UNSUPPORTED'],
  ['a key cut short', { key: key.subarray(0, 300), cert }, 'ERR_OSSL_UNSUPPORTED'],
  ['a certificate that is not PEM', { key, cert: 'not a pem' }, 'ERR_OSSL_PEM_NO_START_LINE'],
  ['a certificate cut short', { key, cert: cert.subarray(0, 300) }, 'ERR_OSSL_PEM_BAD_END_LINE'],
  ['a key given as the certificate', { key, cert: key }, 'ERR_OSSL_PEM_NO_START_LINE'],
];

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error);
    assert.strictEqual(typeof err.message, 'string');
    return err.code;
  }
  return 'did not throw';
}

for (const [what, options, code] of cases) {
  assert.strictEqual(codeOf(() => tls.createSecureContext(options)), code, what);
  assert.strictEqual(codeOf(() => tls.createServer(options)), code, `${what} (createServer)`);
  // The reference: Node's own tls on this machine says the same.
  assert.strictEqual(codeOf(() => nodeTls.createSecureContext(options)), code, `${what} (Node)`);
}

const server = tls.createServer(serverOptions(), common.mustCall(serveOnce));
server.listen(0, common.mustCall(async () => {
  await expectServed(server.address().port);
  server.close();
}));
