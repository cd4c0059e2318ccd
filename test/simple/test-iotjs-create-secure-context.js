'use strict';
// tls.createSecureContext({ key, cert, ca }) as the IoT.js document has it:
// PEM as strings or Buffers, `ca` replacing the default roots (one CA, as
// IoT.js supports; securepair also takes a list). The contexts serve the
// server sockets (new tls.TLSSocket(socket, { isServer, secureContext }),
// as IoT.js builds them) and the clients.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const serverContext = tls.createSecureContext({
  key: fixtures.readString('server-ecdsa-key.pem'),
  cert: fixtures.readString('server-ecdsa-cert.pem'),
});
assert.ok(serverContext instanceof tls.SecureContext);
const clientContext = tls.createSecureContext({ ca: fixtures.read('ca1-cert.pem') });
const otherCa = tls.createSecureContext({ ca: fixtures.readString('ca2-cert.pem') });

const server = net.createServer((raw) => {
  const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: serverContext });
  socket.on('secure', () => socket.end('ok'));
  socket.on('error', () => {});
});

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const good = tls.connect({ port, host: 'localhost', secureContext: clientContext },
                           common.mustCall(() => {
                             assert.strictEqual(good.authorized, true);
                             assert.strictEqual(good.getPeerCertificate().nistCurve, 'P-256');
                           }));
  good.resume();
  good.on('end', common.mustCall(() => {
    // The ca replaced the roots: a CA that did not sign the server fails.
    const bad = tls.connect({ port, host: 'localhost', secureContext: otherCa },
                            common.mustNotCall());
    bad.on('error', common.mustCall((err) => {
      assert.strictEqual(err.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      server.close();
    }));
  }));
}));

assert.throws(() => tls.createSecureContext({ key: 'not a key' }), { code: /^ERR_OSSL_/ });
