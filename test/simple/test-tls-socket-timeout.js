'use strict';
// setTimeout() and the timeout option: 'timeout' fires on the TLS socket
// after that long without traffic; the socket stays open until told.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.resume();
  const started = Date.now();
  assert.strictEqual(socket.setTimeout(150, common.mustCall(() => {
    assert.ok(Date.now() - started >= 140);
    assert.strictEqual(socket.destroyed, false);
    assert.strictEqual(socket.timeout, 150);
    socket.setTimeout(0);
    socket.end();
  })), socket);
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    timeout: 100,
  });
  client.resume();
  client.on('timeout', common.mustCall(() => {
    assert.strictEqual(client.timeout, 100);
    client.setTimeout(0);
  }));
  client.on('end', common.mustCall(() => server.close()));
}));
