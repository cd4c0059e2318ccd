'use strict';
// tls.connect({ socket }) over a net.Socket the caller made: the handshake
// waits for the socket's 'connect', and the TLS socket reports the
// transport's addresses.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => socket.end('over your socket')));

server.listen(0, common.mustCall(() => {
  const raw = net.connect(server.address().port);
  assert.strictEqual(raw.connecting, true);
  const client = tls.connect({
    socket: raw,
    host: 'localhost',
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.authorized, true);
    assert.strictEqual(client.remotePort, server.address().port);
    assert.strictEqual(client.remoteAddress, raw.remoteAddress);
    assert.strictEqual(client.localPort, raw.localPort);
    assert.deepStrictEqual(client.address(), raw.address());
  }));
  assert.strictEqual(client.connecting, true);
  client.on('connect', common.mustCall(() => assert.strictEqual(client.connecting, false)));
  let text = '';
  client.setEncoding('utf8');
  client.on('data', (chunk) => { text += chunk; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'over your socket');
  }));
  client.on('close', common.mustCall(() => {
    assert.strictEqual(raw.destroyed, true);
    server.close();
  }));
}));
