'use strict';
// A server sends its leaf, the intermediate and the self-signed root they
// lead to, which the client does not trust (it trusts ca2 only): the
// client refuses it with SELF_SIGNED_CERT_IN_CHAIN, as Node does, and the
// server serves the next, trusting client.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const chainWithRoot = Buffer.concat([
  fixtures.read('server-chain-fullchain.pem'), fixtures.read('ca1-cert.pem'),
]);

const server = tls.createServer({
  key: fixtures.read('server-chain-key.pem'),
  cert: chainWithRoot,
}, (socket) => {
  socket.on('error', () => {});
  socket.end('served');
});

server.listen(0, common.mustCall(() => {
  const { port } = server.address();
  const refused = tls.connect({ port, servername: 'localhost', ca: fixtures.read('ca2-cert.pem') },
                              common.mustNotCall('secureConnect'));
  refused.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'SELF_SIGNED_CERT_IN_CHAIN');
    assert.strictEqual(err.message, 'self-signed certificate in certificate chain');
    assert.strictEqual(refused.authorized, false);
    const trusting = tls.connect({ port, servername: 'localhost', ca: fixtures.read('ca1-cert.pem') },
                                 common.mustCall(() => assert.strictEqual(trusting.authorized, true)));
    trusting.setEncoding('utf8');
    trusting.on('data', common.mustCall((text) => assert.strictEqual(text, 'served')));
    trusting.on('end', common.mustCall(() => server.close()));
  }));
}));
