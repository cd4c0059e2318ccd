'use strict';
// A TLS 1.3-only server and a TLS 1.2-only client cannot agree: the client
// gets an 'error' with a code, the server a 'tlsClientError' with a code.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  minVersion: 'TLSv1.3',
}, common.mustNotCall('secureConnection'));

server.on('tlsClientError', common.mustCall((err, socket) => {
  assert.ok(err instanceof Error);
  assert.match(err.code, /^ERR_SSL_/);
  assert.ok(socket instanceof tls.TLSSocket);
  checkDone();
}));

let pending = 2;
function checkDone() {
  if (--pending === 0) server.close();
}

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    maxVersion: 'TLSv1.2',
  }, common.mustNotCall('secureConnect'));
  client.on('error', common.mustCall((err) => {
    assert.match(err.code, /^ERR_SSL_/);
    checkDone();
  }));
}));
