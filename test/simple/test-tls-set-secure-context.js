'use strict';
// server.setSecureContext() swaps the certificate for new connections.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const first = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') }, common.mustCall(() => {
    assert.strictEqual(first.getPeerCertificate().bits, 2048);
  }));
  first.resume();
  first.on('close', common.mustCall(() => {
    server.setSecureContext({
      key: fixtures.read('server-ecdsa-key.pem'),
      cert: fixtures.read('server-ecdsa-cert.pem'),
    });
    const second = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') }, common.mustCall(() => {
      assert.strictEqual(second.getPeerCertificate().nistCurve, 'P-256');
    }));
    second.resume();
    second.on('close', common.mustCall(() => server.close()));
  }));
}));
