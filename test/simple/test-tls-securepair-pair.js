'use strict';
// Two SecurePairs joined back to back through their encrypted streams, a
// credentials object (not a context) for the server side.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const serverPair = tls.createSecurePair({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, true);
const clientPair = tls.createSecurePair(
  tls.createSecureContext({ ca: fixtures.read('ca1-cert.pem') }), false);

assert.ok(tls.SecurePair.prototype instanceof require('events'));
assert.strictEqual(typeof serverPair.credentials.context, 'object');

clientPair.encrypted.pipe(serverPair.encrypted).pipe(clientPair.encrypted);

let secured = 0;
const both = common.mustCall(() => {
  if (++secured < 2) return;
  // Both authorized flags are decided before 'secure' is emitted.
  assert.strictEqual(clientPair.cleartext.authorized, true);
  assert.strictEqual(serverPair.cleartext.authorized, false);
  clientPair.cleartext.end('from the client pair');
}, 2);
serverPair.on('secure', both);
clientPair.on('secure', both);

serverPair.cleartext.setEncoding('utf8');
let got = '';
serverPair.cleartext.on('data', (chunk) => { got += chunk; });
serverPair.cleartext.on('end', common.mustCall(() => {
  assert.strictEqual(got, 'from the client pair');
  serverPair.cleartext.end();
}));
clientPair.cleartext.resume();
clientPair.cleartext.on('end', common.mustCall());
