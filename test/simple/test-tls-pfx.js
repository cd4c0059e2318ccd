'use strict';
// `pfx` with `passphrase`: the server presents the bundle's certificate,
// clients verify it, and getCertificate() shows it. The bundle's other
// certificate (the CA) is sent along, as Node does.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const rsaCert = new (require('crypto').X509Certificate)(fixtures.read('server-rsa-cert.pem'));

const server = tls.createServer({
  pfx: fixtures.read('server-rsa.p12'),
  passphrase: 'sekrit',
}, common.mustCall((socket) => {
  const own = socket.getCertificate();
  assert.strictEqual(own.subject.CN, 'localhost');
  assert.strictEqual(own.fingerprint256, rsaCert.fingerprint256);
  socket.end('x');
}));

server.listen(0, common.mustCall(() => {
  const socket = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
  }, common.mustCall(() => {
    assert.strictEqual(socket.authorized, true);
    const peer = socket.getPeerCertificate(true);
    assert.strictEqual(peer.fingerprint256, rsaCert.fingerprint256);
    assert.strictEqual(peer.issuerCertificate.subject.CN, 'securepair test CA 1');
  }));
  socket.resume();
  socket.on('close', common.mustCall(() => server.close()));
}));
