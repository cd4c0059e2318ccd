'use strict';
// With a small highWaterMark, write() returns false once the socket's
// buffer is full, and 'drain' follows when the transport has taken it.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  let total = 0;
  socket.on('data', (chunk) => { total += chunk.length; });
  socket.on('end', common.mustCall(() => {
    assert.strictEqual(total, 64 * 1024);
    socket.end();
  }));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    highWaterMark: 1024,
  }, common.mustCall(() => {
    assert.strictEqual(client.writableHighWaterMark, 1024);
    const ok = client.write(Buffer.alloc(64 * 1024, 'x'));
    assert.strictEqual(ok, false);
    assert.ok(client.writableNeedDrain);
    client.once('drain', common.mustCall(() => {
      assert.strictEqual(client.writableLength, 0);
      assert.strictEqual(client.bytesWritten, 64 * 1024);
      client.end();
    }));
  }));
  client.resume();
  client.on('end', common.mustCall(() => server.close()));
}));
