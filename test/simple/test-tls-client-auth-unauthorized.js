'use strict';
// requestCert with rejectUnauthorized: false: a client certificate from an
// unknown CA (client2, under ca2) is accepted but marked unauthorized.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  requestCert: true,
  rejectUnauthorized: false,
}, common.mustCall((socket) => {
  assert.strictEqual(socket.authorized, false);
  assert.strictEqual(socket.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.strictEqual(socket.getPeerCertificate().subject.CN, 'client2');
  socket.end('hello anyway');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    key: fixtures.read('client2-key.pem'),
    cert: fixtures.read('client2-cert.pem'),
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    // The client's own view of the server is unaffected.
    assert.strictEqual(client.authorized, true);
  }));
  client.resume();
  client.on('end', common.mustCall(() => server.close()));
}));
