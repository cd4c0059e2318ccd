'use strict';
// The classic server.connections count (and getConnections()) follows the
// TLS clients as they come and go.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

process.on('warning', common.mustCall((warning) => {
  assert.strictEqual(warning.code, 'DEP0020');
}));

const sockets = [];
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  sockets.push(socket);
  if (sockets.length < 3) return;
  assert.strictEqual(server.connections, 3);
  server.getConnections(common.mustSucceed((count) => {
    assert.strictEqual(count, 3);
    for (const s of sockets) s.end();
  }));
}, 3));

server.listen(0, common.mustCall(() => {
  assert.strictEqual(server.connections, 0);
  let closed = 0;
  for (let i = 0; i < 3; i++) {
    const client = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem') });
    client.resume();
    client.on('close', common.mustCall(() => {
      if (++closed < 3) return;
      server.close(common.mustCall(() => assert.strictEqual(server.connections, 0)));
    }));
  }
}));
