'use strict';
// 'tlsClientError' as the IoT.js document describes it: emitted when a
// connection fails before it is secure, with (exception, tlsSocket); the
// server goes on serving.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => socket.end('served')));

server.on('tlsClientError', common.mustCall((exception, tlsSocket) => {
  assert.ok(exception instanceof Error);
  assert.strictEqual(typeof exception.code, 'string');
  assert.match(exception.code, /^ERR_SSL_/);
  assert.ok(tlsSocket instanceof tls.TLSSocket);
  assert.strictEqual(tlsSocket.encrypted, true);

  // Still serving.
  const client = tls.connect({ port: server.address().port, host: 'localhost',
                               ca: fixtures.read('ca1-cert.pem') }, common.mustCall());
  client.resume();
  client.on('end', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  // Plain text where a ClientHello belongs.
  const raw = net.connect(server.address().port, () => raw.write('GET / HTTP/1.0\r\n\r\n'));
  raw.on('error', () => {});
  raw.resume();
}));
