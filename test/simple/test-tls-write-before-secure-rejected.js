'use strict';
// Data written before the handshake is never sent to a server that fails
// verification.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('selfsigned-key.pem'),
  cert: fixtures.read('selfsigned-cert.pem'),
}, common.mustCall((socket) => {
  socket.on('data', common.mustNotCall('the secret leaked'));
  socket.on('error', () => {}); // the client may reset the link
  socket.on('close', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: server.address().port });
  client.write('secret');
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  }));
}));
