'use strict';
// The net.Socket surface of a TLSSocket and its TLS state, before and
// after the handshake.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  assert.strictEqual(socket.encrypted, true);
  assert.strictEqual(socket.server, server);
  assert.strictEqual(socket.alpnProtocol, false);
  assert.strictEqual(socket.servername, 'localhost');
  assert.strictEqual(socket.remoteAddress, '127.0.0.1');
  assert.strictEqual(socket.remoteFamily, 'IPv4');
  assert.strictEqual(socket.localPort, server.address().port);
  assert.strictEqual(socket.isSessionReused(), false);
  socket.setEncoding('utf8');
  socket.on('data', (text) => {
    assert.strictEqual(text, 'twelve bytes');
    assert.strictEqual(socket.bytesRead, 12);
    socket.end('thanks');
  });
}));

server.listen(0, '127.0.0.1', common.mustCall(() => {
  const port = server.address().port;
  const client = tls.connect({
    port,
    host: '127.0.0.1',
    servername: 'localhost',
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.readyState, 'open');
    assert.strictEqual(client.pending, false);
    assert.strictEqual(client.connecting, false);
    assert.strictEqual(client.secureConnecting, false);
    assert.strictEqual(client.remotePort, port);
    assert.strictEqual(client.remoteAddress, '127.0.0.1');
    assert.strictEqual(client.address().address, '127.0.0.1');
    assert.strictEqual(client.address().port, client.localPort);
    assert.strictEqual(client.getProtocol(), 'TLSv1.3');
    assert.strictEqual(client.alpnProtocol, false);
    assert.strictEqual(client.servername, 'localhost');
    assert.strictEqual(client.isSessionReused(), false);
    assert.strictEqual(client.getPeerX509Certificate().subject.includes('CN=localhost'), true);
    assert.strictEqual(client.getX509Certificate(), undefined);
    // The chainable net.Socket methods.
    assert.strictEqual(client.setNoDelay(true), client);
    assert.strictEqual(client.setKeepAlive(true, 1000), client);
    assert.strictEqual(client.unref(), client);
    assert.strictEqual(client.ref(), client);
    client.write('twelve bytes', common.mustCall(() => {
      assert.strictEqual(client.bytesWritten, 12);
    }));
  }));
  // Before the handshake.
  assert.strictEqual(client.encrypted, true);
  assert.strictEqual(client.authorized, false);
  assert.strictEqual(client.authorizationError, null);
  assert.strictEqual(client.alpnProtocol, null);
  assert.strictEqual(client.getProtocol(), null);
  assert.strictEqual(client.getCipher(), null);
  assert.strictEqual(client.connecting, true);
  assert.strictEqual(client.readyState, 'opening');
  assert.strictEqual(client.secureConnecting, true);
  assert.strictEqual(client.bytesWritten, 0);
  assert.strictEqual(client.bytesRead, 0);
  client.on('connect', common.mustCall());
  client.on('ready', common.mustCall());
  client.setEncoding('utf8');
  client.on('data', common.mustCall((text) => assert.strictEqual(text, 'thanks')));
  client.on('close', common.mustCall(() => {
    assert.strictEqual(client.readyState, 'closed');
    server.close();
  }));
}));
