'use strict';
// The same echo with an ECDSA (P-256) certificate.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const message = Buffer.from('ecdsa payload \u00e9\u4e2d'.repeat(50));

const server = tls.createServer({
  key: fixtures.read('server-ecdsa-key.pem'),
  cert: fixtures.read('server-ecdsa-cert.pem'),
}, common.mustCall((socket) => socket.pipe(socket)));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.authorized, true);
    const cert = client.getPeerCertificate();
    assert.strictEqual(cert.asn1Curve, 'prime256v1');
    assert.strictEqual(cert.nistCurve, 'P-256');
    assert.strictEqual(cert.bits, 256);
    assert.strictEqual(cert.modulus, undefined);
    client.end(message);
  }));
  const received = [];
  client.on('data', (chunk) => received.push(chunk));
  client.on('end', common.mustCall(() => {
    assert.deepStrictEqual(Buffer.concat(received), message);
    server.close();
  }));
}));
