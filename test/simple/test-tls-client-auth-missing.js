'use strict';
// requestCert with the default rejectUnauthorized and a client that sends
// no certificate: the server refuses it with a code, the client is told.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  requestCert: true,
}, common.mustNotCall('secureConnection'));

server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  });
  client.resume();
  client.on('error', common.mustCall((err) => {
    // TLS 1.3 names the alert "certificate required".
    assert.strictEqual(err.code, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    server.close();
  }));
}));
