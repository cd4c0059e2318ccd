'use strict';
// A client that sends half a ClientHello and closes: 'tlsClientError' with
// ECONNRESET, 'socket hang up', as Node reports it; the server keeps
// serving.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => socket.end('served')));

server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ECONNRESET');
  assert.strictEqual(err.message, 'socket hang up');
}));

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  // Capture the start of a real ClientHello, then cut it short.
  const capture = net.createServer((sock) => {
    sock.once('data', (hello) => {
      sock.destroy();
      capture.close();
      const raw = net.connect(port, () => raw.end(hello.subarray(0, 40)));
      raw.resume();
      raw.on('close', common.mustCall(() => {
        const client = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') });
        client.resume();
        client.on('end', common.mustCall(() => server.close()));
      }));
    });
  });
  capture.listen(0, () => {
    const probe = tls.connect({ port: capture.address().port });
    probe.on('error', common.mustCall());
  });
}));
