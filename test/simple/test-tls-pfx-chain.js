'use strict';
// A PKCS#12 bundle holding a leaf and its intermediate (no passphrase):
// the intermediate is sent as the chain, so a client that trusts only the
// root verifies the leaf, and getPeerCertificate(true) walks leaf ->
// intermediate -> root, which links to itself.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  pfx: fixtures.read('server-chain.p12'),
}, common.mustCall((socket) => socket.end('x')));

server.listen(0, common.mustCall(() => {
  const socket = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
  }, common.mustCall(() => {
    assert.strictEqual(socket.authorized, true);
    const leaf = socket.getPeerCertificate(true);
    const names = [];
    let cert = leaf;
    for (let i = 0; i < 4 && cert; i++) {
      names.push(cert.subject.CN);
      if (cert.issuerCertificate === cert) break;
      cert = cert.issuerCertificate;
    }
    assert.deepStrictEqual(names, ['localhost', 'securepair intermediate 1',
                                   'securepair test CA 1']);
    assert.strictEqual(cert.issuerCertificate, cert, 'the root links to itself');
  }));
  socket.resume();
  socket.on('close', common.mustCall(() => server.close()));
}));
