'use strict';
// A server and a client with an RSA certificate exchange data both ways;
// both ends see a verified connection.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const message = 'hello over TLS with RSA\n'.repeat(10);

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  assert.strictEqual(socket.encrypted, true);
  assert.ok(socket instanceof tls.TLSSocket);
  socket.pipe(socket);
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.authorized, true);
    assert.strictEqual(client.authorizationError, null);
    assert.strictEqual(client.getPeerCertificate().bits, 2048);
    assert.strictEqual(client.getPeerCertificate().exponent, '0x10001');
    client.end(message);
  }));
  const received = [];
  client.on('data', (chunk) => received.push(chunk));
  client.on('end', common.mustCall(() => {
    assert.strictEqual(Buffer.concat(received).toString(), message);
    server.close();
  }));
  client.on('close', common.mustCall((hadError) => assert.strictEqual(hadError, false)));
}));
