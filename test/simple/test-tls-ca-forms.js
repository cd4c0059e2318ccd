'use strict';
// `ca` takes what Node takes: a PEM string, a Buffer, any Uint8Array, or an
// array of them (the CA that matters may be anywhere in it). Each replaces
// the default roots.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end('x'));

function authorizedWith(ca) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port: server.address().port,
      servername: 'localhost',
      rejectUnauthorized: false,
      ca,
    }, () => resolve(socket.authorized || socket.authorizationError));
    socket.on('error', reject);
    socket.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  const pem = fixtures.readString('ca1-cert.pem');
  assert.strictEqual(await authorizedWith(pem), true);
  assert.strictEqual(await authorizedWith(Buffer.from(pem)), true);
  assert.strictEqual(await authorizedWith(new Uint8Array(Buffer.from(pem))), true);
  assert.strictEqual(await authorizedWith([fixtures.read('ca2-cert.pem'), pem]), true);
  assert.strictEqual(await authorizedWith([fixtures.readString('ca2-cert.pem')]),
                     'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.throws(() => tls.createSecureContext({ ca: [pem, 42] }),
                { code: 'ERR_INVALID_ARG_TYPE' });
  server.close();
}));
