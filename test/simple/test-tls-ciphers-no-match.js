'use strict';
// Client and server with no cipher in common: both sides get an error
// with a code.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
}, common.mustNotCall());
server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_SSL_NO_SHARED_CIPHER');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    ciphers: 'ECDHE-RSA-AES256-GCM-SHA384',
  }, common.mustNotCall());
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    server.close();
  }));
}));
