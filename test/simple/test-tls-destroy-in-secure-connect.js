'use strict';
// destroy() from inside 'secureConnect' (with data already on its way)
// closes the socket cleanly: no error, no data, no crash on either side.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.write('you will never read this');
  socket.on('error', () => {}); // the peer vanishing may reset the link
  socket.on('close', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    client.destroy();
    assert.strictEqual(client.destroyed, true);
    // Everything still answers, with "nothing".
    assert.strictEqual(client.getPeerCertificate(), null);
    assert.strictEqual(client.getProtocol(), null);
    client.destroy();
  }));
  client.on('data', common.mustNotCall('data after destroy'));
  client.on('error', common.mustNotCall('error'));
  client.on('close', common.mustCall((hadError) => assert.strictEqual(hadError, false)));
}));
