'use strict';
// ecdhCurve restricts the key-exchange groups; client and server with no
// group in common cannot connect.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-ecdsa-key.pem'),
  cert: fixtures.read('server-ecdsa-cert.pem'),
  ecdhCurve: 'P-384',
}, common.mustCall((socket) => socket.end()));
server.on('tlsClientError', common.mustCall((err) => assert.match(err.code, /^ERR_SSL_/)));

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const ok = tls.connect({ port, ca: fixtures.read('ca1-cert.pem'), ecdhCurve: 'P-384:X25519' },
                         common.mustCall());
  ok.resume();
  ok.on('close', common.mustCall(() => {
    const bad = tls.connect({ port, ca: fixtures.read('ca1-cert.pem'), ecdhCurve: 'X25519' },
                            common.mustNotCall());
    bad.on('error', common.mustCall((err) => {
      assert.match(err.code, /^ERR_SSL_/);
      server.close();
    }));
  }));
}));
