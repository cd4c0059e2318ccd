'use strict';
// By default a client refuses a server whose certificate
// comes from a CA it does not trust (only ca2 is). The server sends its
// leaf alone, so, as in Node, the first certificate cannot be verified:
// 'error' with code UNABLE_TO_VERIFY_LEAF_SIGNATURE, no 'secureConnect', authorized stays false.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.resume());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca2-cert.pem'),
  }, common.mustNotCall('secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.strictEqual(err.message, 'unable to verify the first certificate');
    assert.strictEqual(client.authorized, false);
    assert.strictEqual(client.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  }));
  client.on('close', common.mustCall((hadError) => {
    assert.strictEqual(hadError, true);
    server.close();
  }));
}));
