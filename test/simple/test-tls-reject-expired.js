'use strict';
// By default a client refuses a server whose certificate
// has expired (ca1 is trusted):
// 'error' with code CERT_HAS_EXPIRED, no 'secureConnect', authorized stays false.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('expired-key.pem'),
  cert: fixtures.read('expired-cert.pem'),
}, (socket) => socket.resume());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustNotCall('secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'CERT_HAS_EXPIRED');
    assert.strictEqual(err.message, 'certificate has expired');
    assert.strictEqual(client.authorized, false);
    assert.strictEqual(client.authorizationError, 'CERT_HAS_EXPIRED');
  }));
  client.on('close', common.mustCall((hadError) => {
    assert.strictEqual(hadError, true);
    server.close();
  }));
}));
