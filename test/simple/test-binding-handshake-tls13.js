'use strict';
const assert = require('assert');
const {
  shuttle,
  pair,
  handshake,
  received,
} = require('../binding-harness');

// A client and a server Connection in one process, ciphertext shuttled
// between them in memory: TLS 1.3 handshake, then data both ways.
const { server, client } = pair(
  { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
  { ca: 'ca1-cert.pem', servername: 'localhost' });

assert.strictEqual(client.isHandshakeDone(), false);
assert.strictEqual(client.getProtocol(), null);
assert.strictEqual(client.getCipher(), null);
handshake(server, client);

for (const conn of [server, client]) {
  assert.deepStrictEqual(conn.errors, []);
  assert.strictEqual(conn.isHandshakeDone(), true);
  assert.strictEqual(conn.getProtocol(), 'TLSv1.3');
  const cipher = conn.getCipher();
  assert.match(cipher.name, /^TLS_/);
  assert.strictEqual(typeof cipher.standardName, 'string');
  assert.strictEqual(cipher.version, 'TLSv1.3');
  assert.strictEqual(conn.events.filter((e) => e === 'done').length, 1);
}
assert.strictEqual(server.getServername(), 'localhost');
assert.strictEqual(client.verifyError(), null);

client.write(Buffer.from('hello server'));
shuttle(client, server);
assert.strictEqual(received(server), 'hello server');

server.write(new Uint8Array(Buffer.from('hello client')));
shuttle(client, server);
assert.strictEqual(received(client), 'hello client');

// More than one 64 KiB batch: ondata never empty, never over 64 KiB, and
// everything arrives in order.
const big = Buffer.alloc(300 * 1024);
for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
server.inbox.length = 0;
client.write(big);
assert.strictEqual(client.outbox.length, 1, 'one onwrite per write()');
shuttle(client, server);
for (const chunk of server.inbox) {
  assert.ok(chunk.length > 0 && chunk.length <= 64 * 1024, `${chunk.length}`);
}
assert.ok(Buffer.concat(server.inbox).equals(big));

// writev: one onwrite for all chunks.
server.inbox.length = 0;
client.writev([Buffer.from('a'), Buffer.from('bc'), new Uint8Array([100])]);
assert.strictEqual(client.outbox.length, 1);
shuttle(client, server);
assert.strictEqual(received(server), 'abcd');
