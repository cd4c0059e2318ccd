'use strict';
// getPeerCertificate(true) links the chain through issuerCertificate up to
// the root, which links to itself; a server sending leaf + intermediate is
// verified against the root alone.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-chain-key.pem'),
  cert: fixtures.read('server-chain-fullchain.pem'),
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.authorized, true);
    const leaf = client.getPeerCertificate(true);
    assert.strictEqual(leaf.subject.CN, 'localhost');
    const intermediate = leaf.issuerCertificate;
    assert.strictEqual(intermediate.subject.CN, 'securepair intermediate 1');
    assert.strictEqual(intermediate.ca, true);
    const root = intermediate.issuerCertificate;
    assert.strictEqual(root.subject.CN, 'securepair test CA 1');
    assert.strictEqual(root.issuerCertificate, root);
    assert.strictEqual(leaf.issuer.CN, intermediate.subject.CN);

    // Without `detailed` there is no chain.
    assert.strictEqual(client.getPeerCertificate().issuerCertificate, undefined);
    client.end();
  }));
  client.resume();
  client.on('close', common.mustCall(() => server.close()));
}));
