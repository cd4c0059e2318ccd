'use strict';
// What a pskCallback returns is checked as Node checks it; a bad answer
// ends that connection with Node's error (ERR_INVALID_ARG_TYPE /
// ERR_INVALID_ARG_VALUE), never a crash, and the server goes on serving.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

const KEY = Buffer.alloc(16, 3);

const clientCases = [
  [() => 'a string', 'ERR_INVALID_ARG_TYPE', /"ret" argument must be of type object/],
  [() => ({ psk: 'not bytes', identity: 'a' }), 'ERR_INVALID_ARG_TYPE', /"psk"/],
  [() => ({ psk: Buffer.alloc(513), identity: 'a' }), 'ERR_INVALID_ARG_VALUE',
   /Pre-shared key exceeds 512 bytes/],
  [() => ({ psk: KEY, identity: 7 }), 'ERR_INVALID_ARG_TYPE', /"identity"/],
  [() => ({ psk: KEY, identity: 'x'.repeat(257) }), 'ERR_INVALID_ARG_VALUE',
   /PSK identity exceeds 256 bytes/],
];

const serverCases = [
  [() => 42, 'ERR_INVALID_ARG_TYPE',
   /"ret" argument must be an instance of Buffer, TypedArray, DataView, or Object/],
  [() => ({ psk: 'text' }), 'ERR_INVALID_ARG_TYPE', /"psk"/],
  [() => Buffer.alloc(600), 'ERR_INVALID_ARG_VALUE', /Pre-shared key exceeds 512 bytes/],
];

let answer = () => KEY;
const server = tls.createServer({ pskCallback: (socket, id) => answer(socket, id) },
                                (socket) => socket.end());
// The client cases fail on the server too (no key was offered, and the
// server has no certificate); those reports are not what is tested here.
let onClientError = null;
server.on('tlsClientError', (err) => {
  if (onClientError && err.code.startsWith('ERR_INVALID_ARG_')) onClientError(err);
});

function runClientCases(port, done) {
  const next = clientCases.shift();
  if (!next) return done();
  const [callback, code, message] = next;
  const client = tls.connect({ port, pskCallback: callback }, common.mustNotCall());
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, code);
    assert.match(err.message, message);
    runClientCases(port, done);
  }));
}

function runServerCases(port, done) {
  const next = serverCases.shift();
  if (!next) return done();
  const [callback, code, message] = next;
  answer = callback;
  onClientError = common.mustCall((err) => {
    onClientError = null;
    assert.strictEqual(err.code, code);
    assert.match(err.message, message);
  });
  const client = tls.connect({ port, pskCallback: () => ({ psk: KEY, identity: 'a' }) },
                             common.mustNotCall());
  client.on('error', () => {});
  client.on('close', common.mustCall(() => setImmediate(runServerCases, port, done)));
}

server.listen(0, common.mustCall(() => {
  const { port } = server.address();
  runClientCases(port, () => runServerCases(port, common.mustCall(() => {
    // And a good answer still works.
    answer = () => KEY;
    const client = tls.connect({ port, pskCallback: () => ({ psk: KEY, identity: 'a' }) },
                               common.mustCall());
    client.resume();
    client.on('end', common.mustCall(() => server.close()));
  })));
}));
