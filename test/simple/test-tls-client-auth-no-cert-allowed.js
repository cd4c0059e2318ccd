'use strict';
// requestCert with rejectUnauthorized: false and a client that has no
// certificate: the connection goes ahead, unauthorized, with a code.
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
  // Node reports a missing client certificate this way.
  assert.strictEqual(socket.authorizationError, 'UNABLE_TO_GET_ISSUER_CERT');
  assert.deepStrictEqual(socket.getPeerCertificate(), {});
  socket.end();
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => assert.strictEqual(client.authorized, true)));
  client.resume();
  client.on('end', common.mustCall(() => server.close()));
}));
