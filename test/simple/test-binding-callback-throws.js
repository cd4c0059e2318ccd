'use strict';
const assert = require('assert');
const {
  record,
  context,
  connection,
  shuttle,
  pair,
  handshake,
} = require('../binding-harness');

// A callback that throws stops processing at once; the exception comes out
// of the method that was called, and the connection stays usable.
const { server, client } = pair(
  { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
  { ca: 'ca1-cert.pem' });

const boom = new Error('boom');
client.hooks.write = () => { throw boom; };
assert.throws(() => client.start(), (e) => e === boom);
assert.strictEqual(client.outbox.length, 1, 'the ClientHello was handed out');
client.hooks.write = null;
shuttle(client, server);
assert.strictEqual(client.isHandshakeDone(), true);
assert.deepStrictEqual([server.errors, client.errors], [[], []]);

// Throw in ondata: the rest of the plaintext is not delivered by this call,
// but it is not lost either; the next receive() delivers it.
const big = Buffer.alloc(100000, 'z');
client.write(big);
const records = Buffer.concat(client.outbox.splice(0));
let throwOnce = true;
server.hooks.data = () => {
  if (throwOnce) { throwOnce = false; throw boom; }
};
assert.throws(() => server.receive(records), (e) => e === boom);
assert.strictEqual(server.inbox.length, 1);
assert.ok(server.inbox[0].length < big.length);
server.receive(Buffer.alloc(0));
assert.ok(Buffer.concat(server.inbox).equals(big));

// Throw in onhandshakedone.
{
  const p = pair({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
                 { ca: 'ca1-cert.pem' });
  p.client.hooks.done = () => { throw boom; };
  p.client.start();
  p.server.receive(p.client.outbox.shift());
  assert.throws(() => p.client.receive(Buffer.concat(p.server.outbox.splice(0))),
                (e) => e === boom);
  assert.strictEqual(p.client.isHandshakeDone(), true);
}

// Throw in onerror: it propagates, and onerror is not called again.
{
  const s = connection(context({ key: 'server-rsa-key.pem',
                                 cert: 'server-rsa-cert.pem' }), true);
  s.hooks.error = () => { throw boom; };
  assert.throws(() => s.receive(Buffer.from('garbage garbage garbage')),
                (e) => e === boom);
  s.receive(Buffer.from('more'));
  assert.strictEqual(s.errors.length, 1);
}

// A throwing write in onwrite for write(): the exception comes out of write().
server.hooks.write = () => { throw boom; };
assert.throws(() => server.write(Buffer.from('x')), (e) => e === boom);

// After a throw, receiveEOF() first reads what is still buffered: the rest
// of the plaintext arrives and the end is clean, not a record cut short.
{
  const p = pair({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
                 { ca: 'ca1-cert.pem' });
  handshake(p.server, p.client);
  p.client.write(big);
  let once = true;
  p.server.hooks.data = () => { if (once) { once = false; throw boom; } };
  assert.throws(() => p.server.receive(Buffer.concat(p.client.outbox.splice(0))),
                (e) => e === boom);
  p.server.receiveEOF();
  assert.deepStrictEqual(p.server.errors, []);
  assert.ok(Buffer.concat(p.server.inbox).equals(big));
  assert.strictEqual(p.server.events[p.server.events.length - 1], 'close');
}
