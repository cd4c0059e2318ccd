'use strict';
// pauseOnConnect would stall the handshake, which needs the raw socket's
// bytes; a TLS server ignores it and the socket it hands out starts paused
// like any stream, reading only when asked.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  pauseOnConnect: true,
}, common.mustCall((socket) => {
  assert.strictEqual(socket.readableFlowing, null);
  socket.end('served anyway');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem') });
  let text = '';
  client.setEncoding('utf8');
  client.on('data', (chunk) => { text += chunk; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'served anyway');
    server.close();
  }));
}));
