'use strict';
// `sigalgs` limits the signature algorithms a side offers and accepts. A
// server that asks for client certificates and takes only RSA-PSS gets the
// client's RSA key signing with RSA-PSS; a client that takes only ECDSA
// cannot talk to an RSA-only server. Bad lists throw at once.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
assert.throws(() => tls.createSecureContext({ sigalgs: '' }), {
  code: 'ERR_INVALID_ARG_VALUE', message: "The property 'options.sigalgs' is invalid. Received ''",
});
assert.throws(() => tls.createSecureContext({ sigalgs: 5 }), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => tls.createSecureContext({ sigalgs: 'NO-SUCH+ALGORITHM' }));

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  requestCert: true,
  sigalgs: 'RSA-PSS+SHA256:RSA-PSS+SHA384',
}, (socket) => {
  assert.strictEqual(socket.authorized, true);
  socket.end('x');
});
server.on('tlsClientError', () => {});

function connect(sigalgs) {
  return new Promise((resolve) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      key: fixtures.read('client-key.pem'),
      cert: fixtures.read('client-cert.pem'),
      servername: 'localhost',
      sigalgs,
    }, () => {
      resolve('connected');
      socket.end();
    });
    socket.on('error', (err) => resolve(err.code));
    socket.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await connect('RSA-PSS+SHA256:ECDSA+SHA256'), 'connected');
  assert.match(await connect('ECDSA+SHA256'), /^ERR_SSL_/);
  server.close();
}));
