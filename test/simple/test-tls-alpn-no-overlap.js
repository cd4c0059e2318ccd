'use strict';
// A server with ALPNProtocols and a client that offers none of them: as in
// Node 20 the handshake fails with a fatal no_application_protocol alert;
// the server reports ERR_SSL_NO_APPLICATION_PROTOCOL as 'tlsClientError',
// the client gets the alert as its error.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ALPNProtocols: ['x-server-only'],
}, common.mustNotCall('no secure connection'));

server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_SSL_NO_APPLICATION_PROTOCOL');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    ALPNProtocols: ['h2', 'http/1.1'],
  }, common.mustNotCall('no secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL');
  }));
  client.on('close', common.mustCall(() => server.close()));
}));
