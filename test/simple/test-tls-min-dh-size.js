'use strict';
// A client's `minDHSize`: a server whose DHE key is smaller ends the
// connection with ERR_TLS_DH_PARAM_SIZE before 'secureConnect'; at or above
// the minimum it goes through. ECDHE keys are not held to it.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  dhparam: fixtures.read('dhparam-2048.pem'),
}, (socket) => socket.end('x'));
server.on('tlsClientError', () => {});

function connect(minDHSize, ciphers) {
  return new Promise((resolve) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
      maxVersion: 'TLSv1.2',
      ciphers,
      minDHSize,
    }, () => {
      resolve('connected');
      socket.end();
    });
    socket.on('error', (err) => resolve(err));
    socket.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  const err = await connect(3072, 'DHE-RSA-AES128-GCM-SHA256');
  assert.strictEqual(err.code, 'ERR_TLS_DH_PARAM_SIZE');
  assert.match(err.message, /^DH parameter size 2048 is less than/);
  assert.strictEqual(await connect(2048, 'DHE-RSA-AES128-GCM-SHA256'), 'connected');
  assert.strictEqual(await connect(4096, 'ECDHE-RSA-AES128-GCM-SHA256'), 'connected');
  server.close();
}));
