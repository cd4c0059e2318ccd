'use strict';
// By default a client refuses a server whose certificate
// is self-signed:
// 'error' with code DEPTH_ZERO_SELF_SIGNED_CERT, no 'secureConnect', authorized stays false.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('selfsigned-key.pem'),
  cert: fixtures.read('selfsigned-cert.pem'),
}, (socket) => socket.resume());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
  }, common.mustNotCall('secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.strictEqual(err.message, 'self-signed certificate');
    assert.strictEqual(client.authorized, false);
    assert.strictEqual(client.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  }));
  client.on('close', common.mustCall((hadError) => {
    assert.strictEqual(hadError, true);
    server.close();
  }));
}));
