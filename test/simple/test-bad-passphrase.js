'use strict';
// An encrypted key with a wrong, empty or missing passphrase: createSecureContext()
// and createServer() throw at once with ERR_OSSL_BAD_DECRYPT, the code
// Node's tls gives for all three; with the right passphrase the server
// serves.
const common = require('../common');
const assert = require('assert');
const nodeTls = require('tls');
const tls = require('../../lib/tls');
const { fixtures } = common;
const { expectServed, serveOnce } = require('../hostile');

const key = fixtures.read('server-rsa-key-encrypted.pem'); // "sekrit"
const cert = fixtures.read('server-rsa-cert.pem');

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    return err.code;
  }
  return 'did not throw';
}

for (const [what, options] of [
  ['a wrong passphrase', { key, cert, passphrase: 'wrong' }],
  ['an empty passphrase', { key, cert, passphrase: '' }],
  ['no passphrase', { key, cert }],
  ['a wrong passphrase in a key object', { key: [{ pem: key, passphrase: 'wrong' }], cert }],
]) {
  const expected = codeOf(() => nodeTls.createSecureContext(options));
  assert.strictEqual(expected, 'ERR_OSSL_BAD_DECRYPT', `${what} (Node)`);
  assert.strictEqual(codeOf(() => tls.createSecureContext(options)), expected, what);
  assert.strictEqual(codeOf(() => tls.createServer(options)), expected, `${what} (createServer)`);
}

const server = tls.createServer({ key, cert, passphrase: 'sekrit' }, common.mustCall(serveOnce));
server.listen(0, common.mustCall(async () => {
  await expectServed(server.address().port);
  server.close();
}));
