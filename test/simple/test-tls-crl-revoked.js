'use strict';
// `crl` on a server that requires client certificates: a client whose
// certificate the CA revoked is refused during the handshake with
// CERT_REVOKED ('tlsClientError'), and hears the certificate_revoked
// alert; a client that is not on the list is served.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  crl: fixtures.read('ca1-crl.pem'),
  requestCert: true,
}, common.mustCall((socket) => {
  assert.strictEqual(socket.getPeerCertificate().subject.CN, 'client1');
  socket.end('x');
}));
server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'CERT_REVOKED');
}));

function connect(name) {
  return new Promise((resolve) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      key: fixtures.read(`${name}-key.pem`),
      cert: fixtures.read(`${name}-cert.pem`),
      servername: 'localhost',
    });
    socket.on('error', (err) => resolve(err.code));
    socket.on('end', () => resolve('served'));
    socket.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await connect('revoked'), 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED');
  assert.strictEqual(await connect('client'), 'served');
  server.close();
}));
