'use strict';
// An SNICallback that fails ends only that connection: cb(err), a callback
// that throws, an answer that is no SecureContext, or a second answer. The
// server reports each as 'tlsClientError' (the callback's own error, as
// Node does, or ERR_TLS_INVALID_CONTEXT / ERR_MULTIPLE_CALLBACK), the
// client sees the connection reset, and the server keeps serving.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
const failure = new Error('no certificate for you');
failure.code = 'ECERTLOOKUP';
const thrown = new Error('lookup crashed');

const behaviours = {
  'err.test': (cb) => cb(failure),
  'throw.test': () => { throw thrown; },
  'bad.test': (cb) => cb(null, { not: 'a context' }),
  'twice.test': (cb) => { cb(null); cb(null); },
  'fine.test': (cb) => cb(null),
};

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  SNICallback: (servername, cb) => behaviours[servername](cb),
}, (socket) => socket.end('served'));

const errors = [];
server.on('tlsClientError', (err, socket) => {
  assert.ok(socket instanceof tls.TLSSocket);
  errors.push(err);
});

function attempt(servername) {
  return new Promise((resolve) => {
    const client = tls.connect({
      port: server.address().port, host: '127.0.0.1', servername,
      rejectUnauthorized: false,
    });
    let data = '';
    let clientError = null;
    client.on('data', (d) => { data += d; });
    client.on('error', (e) => { clientError = e; });
    client.on('close', () => resolve({ data, clientError }));
  });
}

server.listen(0, common.mustCall(async () => {
  for (const name of ['err.test', 'throw.test', 'bad.test']) {
    const { data, clientError } = await attempt(name);
    assert.strictEqual(data, '', name);
    assert.strictEqual(clientError && clientError.code, 'ECONNRESET', name);
  }
  await attempt('twice.test');
  assert.strictEqual((await attempt('fine.test')).data, 'served');
  server.close();
  assert.strictEqual(errors[0], failure);
  assert.strictEqual(errors[1], thrown);
  assert.strictEqual(errors[2].code, 'ERR_TLS_INVALID_CONTEXT');
  assert.strictEqual(errors[3].code, 'ERR_MULTIPLE_CALLBACK');
  assert.strictEqual(errors.length, 4);
}));
