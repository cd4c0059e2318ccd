'use strict';
// By default a client refuses a server whose chain (leaf and intermediate,
// both sent) leads to a root it does not trust (only ca2 is):
// 'error' with code UNABLE_TO_GET_ISSUER_CERT_LOCALLY, no 'secureConnect'.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-chain-key.pem'),
  cert: fixtures.read('server-chain-fullchain.pem'),
}, (socket) => socket.resume());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca2-cert.pem'),
  }, common.mustNotCall('secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    assert.strictEqual(err.message, 'unable to get local issuer certificate');
    assert.strictEqual(client.authorized, false);
    assert.strictEqual(client.authorizationError, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  }));
  client.on('close', common.mustCall((hadError) => {
    assert.strictEqual(hadError, true);
    server.close();
  }));
}));
