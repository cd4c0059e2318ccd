'use strict';
const assert = require('assert');
const {
  connection,
  shuttle,
  pair,
  handshake,
  received,
} = require('../binding-harness');

// User code calling back into the same connection from inside callbacks:
// write() inside ondata, receive() inside ondata and onwrite, shutdown()
// inside ondata. Everything arrives, once, in order.
const { server, client } = pair(
  { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
  { ca: 'ca1-cert.pem' });

// Fully synchronous shuttle: each side feeds the other from inside onwrite.
server.hooks.write = function(buf) { this.outbox.pop(); client.receive(buf); };
client.hooks.write = function(buf) { this.outbox.pop(); server.receive(buf); };
client.start();
assert.strictEqual(server.isHandshakeDone(), true);
assert.strictEqual(client.isHandshakeDone(), true);
assert.deepStrictEqual([server.errors, client.errors], [[], []]);

// An echo server: write() from inside ondata.
server.hooks.data = function(buf) { this.write(buf); };
for (let i = 0; i < 50; i++) client.write(Buffer.from(`message ${i};`));
const expected = Array.from({ length: 50 }, (_, i) => `message ${i};`).join('');
assert.strictEqual(received(server), expected);
assert.strictEqual(received(client), expected);

// receive() from inside ondata: ciphertext trickles in one byte at a time,
// each byte fed from inside the previous delivery. Order must hold.
server.hooks.data = null;
server.hooks.write = null;
client.hooks.write = null;
server.inbox.length = 0;
const chunks = [];
for (let i = 0; i < 20; i++) {
  client.write(Buffer.from(`chunk ${i}.`));
  chunks.push(client.outbox.pop());
}
const bytes = [...Buffer.concat(chunks)];
let fed = 40;
server.hooks.data = function() {
  for (let k = 0; k < 7 && fed < bytes.length; k++) {
    this.receive(Buffer.from([bytes[fed++]]));
  }
};
server.receive(Buffer.from(bytes.slice(0, 40)));
while (fed < bytes.length) server.receive(Buffer.from([bytes[fed++]]));
assert.strictEqual(received(server),
                   Array.from({ length: 20 }, (_, i) => `chunk ${i}.`).join(''));

// shutdown() from inside ondata: the reply and close_notify both go out.
server.hooks.data = function(buf) {
  this.write(Buffer.from('last words'));
  this.shutdown();
};
server.outbox.length = 0;
client.inbox.length = 0;
client.write(Buffer.from('bye'));
shuttle(client, server);
assert.strictEqual(received(client), 'last words');
assert.ok(client.events.includes('close'));
assert.deepStrictEqual([server.errors, client.errors], [[], []]);

// Nested receive() keeps plaintext in order: what a callback feeds is
// delivered after the plaintext already taken out.
{
  const p = pair({ key: 'server-ecdsa-key.pem', cert: 'server-ecdsa-cert.pem' },
                 { ca: 'ca1-cert.pem' });
  handshake(p.server, p.client);
  p.client.write(Buffer.from('A'));
  p.client.write(Buffer.from('B'));
  p.client.write(Buffer.from('C'));
  const [a, b, c] = p.client.outbox.splice(0);
  p.server.hooks.data = function(buf) {
    if (buf.toString() === 'A') {
      this.receive(b);
      this.receive(c);
    }
  };
  p.server.receive(a);
  assert.strictEqual(received(p.server), 'ABC');
}
