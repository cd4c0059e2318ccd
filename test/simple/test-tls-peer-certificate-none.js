'use strict';
// With no certificate to show, getPeerCertificate()/getCertificate() return
// {}; once the socket is destroyed they return null.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  // The client was not asked for a certificate and sent none.
  assert.deepStrictEqual(socket.getPeerCertificate(), {});
  assert.deepStrictEqual(socket.getPeerCertificate(true), {});
  assert.strictEqual(socket.getCertificate().subject.CN, 'localhost');
  assert.strictEqual(socket.authorized, false);
  assert.strictEqual(socket.authorizationError, null);
  socket.end();
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.deepStrictEqual(client.getCertificate(), {});
  }));
  // Before the handshake there is nothing to show either.
  assert.deepStrictEqual(client.getPeerCertificate(), {});
  assert.strictEqual(client.getProtocol(), null);
  client.resume();
  client.on('close', common.mustCall(() => {
    assert.strictEqual(client.getPeerCertificate(), null);
    assert.strictEqual(client.getCertificate(), null);
    assert.strictEqual(client.getProtocol(), null);
    assert.strictEqual(client.getCipher(), null);
    server.close();
  }));
}));
