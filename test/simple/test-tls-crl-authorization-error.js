'use strict';
// With rejectUnauthorized: false the handshake goes on, and the revoked
// client is reported by socket.authorized / authorizationError, as in
// Node. A client with `crl` checks the server against it the same way (the
// server's certificate is not revoked).
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  crl: [fixtures.read('ca1-crl.pem')],
  requestCert: true,
  rejectUnauthorized: false,
}, common.mustCall((socket) => {
  assert.strictEqual(socket.authorized, false);
  assert.strictEqual(socket.authorizationError, 'CERT_REVOKED');
  socket.end('x');
}));

server.listen(0, common.mustCall(() => {
  const socket = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    crl: fixtures.read('ca1-crl.pem').toString(),
    key: fixtures.read('revoked-key.pem'),
    cert: fixtures.read('revoked-cert.pem'),
    servername: 'localhost',
  }, common.mustCall(() => {
    assert.strictEqual(socket.authorized, true, 'the server is not revoked');
  }));
  socket.resume();
  socket.on('close', common.mustCall(() => server.close()));
}));
