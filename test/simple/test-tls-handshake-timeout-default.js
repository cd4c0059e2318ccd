'use strict';
// The handshake timeout defaults to 120 s (as in Node) and must be a number.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

assert.throws(() => tls.createServer({ handshakeTimeout: '200' }), {
  name: 'TypeError',
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "options.handshakeTimeout" property must be of type number. ' +
    "Received type string ('200')",
});

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  // Node keeps the options a TLSSocket was made with in _tlsOptions.
  assert.strictEqual(socket._tlsOptions.handshakeTimeout, 120 * 1000);
  socket.end();
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem') });
  client.resume();
  client.on('end', common.mustCall(() => server.close()));
}));
