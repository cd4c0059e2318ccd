'use strict';
// tls.Server works with and without `new`, with a listener only, and is a
// net.Server; the listener is attached to 'secureConnection'.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const options = {
  key: fixtures.read('server-ecdsa-key.pem'),
  cert: fixtures.read('server-ecdsa-cert.pem'),
};
const listener = () => {};

const a = tls.Server(options, listener);
const b = new tls.Server(options, listener);
const c = tls.createServer(listener);
for (const server of [a, b, c]) {
  assert.ok(server instanceof tls.Server);
  assert.ok(server instanceof net.Server);
  assert.deepStrictEqual(server.listeners('secureConnection'), [listener]);
}
assert.strictEqual(a.requestCert, false);
assert.strictEqual(a.rejectUnauthorized, true);
assert.strictEqual(tls.createServer({ requestCert: true, rejectUnauthorized: false })
  .rejectUnauthorized, false);
assert.ok(a._sharedCreds instanceof tls.SecureContext);

// A server made with a ready SecureContext uses it as is.
const context = tls.createSecureContext(options);
const d = tls.createServer({ secureContext: context }, common.mustCall((socket) => {
  assert.strictEqual(socket.getCertificate().nistCurve, 'P-256');
  socket.end();
}));
assert.strictEqual(d._sharedCreds, context);
d.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: d.address().port, ca: fixtures.read('ca1-cert.pem') });
  client.resume();
  client.on('end', common.mustCall(() => d.close()));
}));
