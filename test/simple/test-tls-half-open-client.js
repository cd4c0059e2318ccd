'use strict';
// tls.connect({ allowHalfOpen: true }): when the server ends first, the
// client can still send, and the server (half-open too) reads it.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  allowHalfOpen: true,
}, common.mustCall((socket) => {
  socket.end('server is done talking');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => { text += chunk; });
  socket.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'but the client was not');
    server.close();
  }));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    allowHalfOpen: true,
  });
  client.resume();
  client.on('end', common.mustCall(() => {
    assert.strictEqual(client.writable, true);
    client.end('but the client was not');
  }));
}));
