'use strict';
// `pfx` as an array of { buf, passphrase }: an RSA and an ECDSA bundle on
// one server make two pairs, chosen per client as with PEM keys.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  pfx: [
    { buf: fixtures.read('server-rsa.p12'), passphrase: 'sekrit' },
    { buf: fixtures.read('server-ecdsa.p12') }, // takes the shared passphrase
  ],
  passphrase: 'sekrit',
}, (socket) => socket.end('x'));

function keyTypeFor(ciphers) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
      maxVersion: 'TLSv1.2',
      ciphers,
    }, () => {
      assert.strictEqual(socket.authorized, true);
      resolve(socket.getPeerCertificate().asn1Curve ? 'ECDSA' : 'RSA');
    });
    socket.on('error', reject);
    socket.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await keyTypeFor('ECDHE-ECDSA-AES256-GCM-SHA384'), 'ECDSA');
  assert.strictEqual(await keyTypeFor('ECDHE-RSA-AES256-GCM-SHA384'), 'RSA');
  server.close();
}));
