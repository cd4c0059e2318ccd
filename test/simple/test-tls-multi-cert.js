'use strict';
// One server, two key/certificate pairs (RSA and ECDSA, as arrays in key
// and cert): each client gets the certificate it can use. A TLS 1.2 client
// that only takes ECDHE-ECDSA suites gets the ECDSA one, one that only
// takes ECDHE-RSA the RSA one; in TLS 1.3 the client's signature
// algorithms decide. getCertificate() on the server names what was sent.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const seen = [];
const server = tls.createServer({
  key: [fixtures.read('server-rsa-key.pem'), fixtures.read('server-ecdsa-key.pem')],
  cert: [fixtures.read('server-rsa-cert.pem'), fixtures.read('server-ecdsa-cert.pem')],
}, (socket) => {
  const own = socket.getCertificate();
  seen.push(own.asn1Curve ? 'ECDSA' : 'RSA');
  socket.end('x');
});

function connect(options) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
      ...options,
    });
    let type;
    socket.on('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      type = peer.asn1Curve ? 'ECDSA' : (peer.modulus ? 'RSA' : 'unknown');
    });
    socket.on('error', reject);
    socket.resume();
    // Once the server's side is done too (its 'secureConnection' ran).
    socket.on('end', () => resolve(type));
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await connect({ maxVersion: 'TLSv1.2',
                                     ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }), 'ECDSA');
  assert.strictEqual(await connect({ maxVersion: 'TLSv1.2',
                                     ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }), 'RSA');
  assert.strictEqual(await connect({ minVersion: 'TLSv1.3', sigalgs: 'ECDSA+SHA256' }), 'ECDSA');
  assert.strictEqual(await connect({ minVersion: 'TLSv1.3', sigalgs: 'RSA-PSS+SHA256' }), 'RSA');
  assert.deepStrictEqual(seen, ['ECDSA', 'RSA', 'ECDSA', 'RSA']);
  server.close();
}));
