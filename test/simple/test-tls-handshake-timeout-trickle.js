'use strict';
// handshakeTimeout is a deadline for the whole handshake: a client that
// trickles its ClientHello a byte at a time is still cut off in time.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  handshakeTimeout: 300,
}, common.mustNotCall());

let started;
server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_TLS_HANDSHAKE_TIMEOUT');
  assert.ok(Date.now() - started >= 290);
}));

server.listen(0, common.mustCall(() => {
  // A real ClientHello, captured from a client, fed 1 byte per 40 ms.
  const capture = net.createServer((sock) => {
    sock.once('data', (hello) => {
      sock.destroy();
      capture.close();
      started = Date.now();
      const raw = net.connect(server.address().port);
      let offset = 0;
      const timer = setInterval(() => {
        if (offset < hello.length) raw.write(hello.subarray(offset, ++offset));
      }, 40);
      raw.on('error', () => {}); // being cut off may reset the link
      raw.resume();
      raw.on('close', common.mustCall(() => {
        clearInterval(timer);
        assert.ok(offset < hello.length, 'the trickle finished before the deadline');
        server.close();
      }));
    });
  });
  capture.listen(0, () => {
    const probe = tls.connect({ port: capture.address().port });
    probe.on('error', common.mustCall());
  });
}));
