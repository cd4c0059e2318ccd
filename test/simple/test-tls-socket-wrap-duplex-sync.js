'use strict';
// Two TLSSockets wired to each other by a Duplex pair that delivers
// synchronously, from inside write(): the engine is re-entered from its own
// callbacks, yet every byte arrives once and in order.
const common = require('../common');
const assert = require('assert');
const { Duplex } = require('stream');
const tls = require('../../lib/tls');
const { fixtures } = common;

const ends = [];
for (let i = 0; i < 2; i++) {
  ends.push(new Duplex({
    read() {},
    write(chunk, encoding, callback) {
      ends[1 - i].push(chunk);
      callback();
    },
    final(callback) {
      ends[1 - i].push(null);
      callback();
    },
  }));
}

const server = new tls.TLSSocket(ends[0], {
  isServer: true,
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
});
const client = new tls.TLSSocket(ends[1], {
  ca: fixtures.read('ca1-cert.pem'),
  servername: 'localhost',
});

const lines = [];
for (let i = 0; i < 200; i++) lines.push(`line ${i}\n`);
const expected = lines.join('');

// Echo every chunk straight back from inside the data handler.
server.on('data', (chunk) => server.write(chunk));
server.on('end', common.mustCall(() => server.end()));

client.on('secure', common.mustCall(() => {
  // A directly made client socket records the verdict on the chain.
  assert.strictEqual(client.authorized, true);
  for (const line of lines) client.write(line);
  client.end();
}));
let echoed = '';
client.setEncoding('utf8');
client.on('data', (chunk) => { echoed += chunk; });
client.on('end', common.mustCall(() => assert.strictEqual(echoed, expected)));
client.on('close', common.mustCall());
server.on('close', common.mustCall());
