'use strict';
// Plain HTTP sent to a TLS port: 'tlsClientError' says so with a code and
// the server goes on serving TLS clients.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-ecdsa-key.pem'),
  cert: fixtures.read('server-ecdsa-cert.pem'),
}, common.mustCall((socket) => socket.end('served')));

server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_SSL_HTTP_REQUEST');
  assert.strictEqual(err.reason, 'http request');
  assert.strictEqual(err.library, 'SSL routines');
}));

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const raw = net.connect(port, () => {
    raw.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  });
  raw.on('error', () => {}); // a reset is one way to be thrown out
  raw.resume();
  raw.on('close', common.mustCall(() => {
    const client = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') });
    client.resume();
    client.on('end', common.mustCall(() => server.close()));
  }));
}));
