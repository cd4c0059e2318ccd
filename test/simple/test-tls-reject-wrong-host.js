'use strict';
// A valid chain for the wrong name: the client refuses it with
// ERR_TLS_CERT_ALTNAME_INVALID, carrying reason, host and cert.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('wronghost-key.pem'),
  cert: fixtures.read('wronghost-cert.pem'),
}, (socket) => socket.resume());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    host: 'localhost',
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustNotCall('secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.strictEqual(err.host, 'localhost');
    assert.strictEqual(err.reason,
                       "Host: localhost. is not in the cert's altnames: DNS:wrong.example.com");
    assert.match(err.message, /^Hostname\/IP does not match certificate's altnames: /);
    assert.strictEqual(err.cert.subject.CN, 'wrong.example.com');
    assert.strictEqual(client.authorized, false);
    assert.strictEqual(client.authorizationError, 'ERR_TLS_CERT_ALTNAME_INVALID');
  }));
  client.on('close', common.mustCall(() => server.close()));
}));
