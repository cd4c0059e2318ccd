'use strict';
// server.maxConnections (net's) also limits TLS clients: with a limit of
// one, a second client is turned away while the first is connected, and
// the turned-away client learns it as ECONNRESET before its handshake.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.resume();
  socket.on('end', () => socket.end());
}));
server.maxConnections = 1;

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const first = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') }, common.mustCall(() => {
    const second = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') },
                               common.mustNotCall('second secureConnect'));
    second.on('error', common.mustCall((err) => {
      assert.strictEqual(err.code, 'ECONNRESET');
      assert.strictEqual(err.message,
                         'Client network socket disconnected before secure TLS ' +
                         'connection was established');
      assert.strictEqual(err.port, port);
      first.end();
    }));
  }));
  first.resume();
  first.on('close', common.mustCall(() => server.close()));
}));
