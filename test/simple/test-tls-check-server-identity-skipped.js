'use strict';
// checkServerIdentity is not consulted when the chain itself failed: the
// chain error is the one reported.
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
    checkServerIdentity: common.mustNotCall('checkServerIdentity'),
  }, common.mustNotCall('secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    server.close();
  }));
}));
