'use strict';
// A 'resumeSession' lookup that fails (callback(err)) ends that connection
// with the error, reported as 'tlsClientError'; calling back twice is
// ERR_MULTIPLE_CALLBACK. The server goes on serving.
const common = require('../common');
const assert = require('assert');
const { constants } = require('crypto');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
let lookups = 0;
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxVersion: 'TLSv1.2',
  secureOptions: constants.SSL_OP_NO_TICKET,
}, common.mustCall((socket) => socket.end('x'), 1));

server.on('resumeSession', (id, callback) => {
  lookups++;
  if (lookups === 1) {
    setImmediate(callback, new Error('the cache is down'));
  } else if (lookups === 2) {
    callback(null, null);
    callback(null, null);
  } else {
    callback(null, null);
  }
});

const errors = [];
server.on('tlsClientError', (err) => errors.push(err.code || err.message));

function connect() {
  return new Promise((resolve) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
    }, () => socket.end());
    socket.on('error', (err) => resolve(err.code));
    socket.on('close', () => resolve('closed'));
    socket.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await connect(), 'ECONNRESET');
  assert.strictEqual(await connect(), 'ECONNRESET');
  assert.strictEqual(await connect(), 'closed', 'the server still serves');
  assert.deepStrictEqual(errors, ['the cache is down', 'ERR_MULTIPLE_CALLBACK']);
  server.close();
}));
