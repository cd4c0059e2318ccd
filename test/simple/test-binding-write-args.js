'use strict';
const assert = require('assert');
const {
  binding,
  context,
  connection,
  shuttle,
  pair,
  handshake,
  received,
} = require('../binding-harness');

// write() before the handshake is a caller bug and throws; argument types
// are checked; Buffers and Uint8Arrays (views at an offset too) are taken.
const { server, client } = pair(
  { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
  { ca: 'ca1-cert.pem' });

assert.throws(() => client.write(Buffer.from('early')),
              { code: 'ERR_SP_HANDSHAKE_NOT_DONE' });
client.start();
assert.throws(() => client.writev([Buffer.from('early')]),
              { code: 'ERR_SP_HANDSHAKE_NOT_DONE' });

for (const bad of ['string', 42, null, undefined, {}, new Uint16Array(2)]) {
  assert.throws(() => client.receive(bad),
                { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => client.write(bad),
                { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
}
assert.throws(() => client.writev(Buffer.from('x')),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => client.writev([Buffer.from('x'), 'y']),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => client.setServername(42),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });

// Ciphertext handed over as a view into a larger ArrayBuffer, at an offset.
function viaView(buf) {
  const backing = new Uint8Array(buf.length + 16);
  backing.set(buf, 7);
  return new Uint8Array(backing.buffer, 7, buf.length);
}
for (let i = 0; i < 100 && (client.outbox.length || server.outbox.length); i++) {
  if (client.outbox.length) server.receive(viaView(client.outbox.shift()));
  if (server.outbox.length) client.receive(viaView(server.outbox.shift()));
}
assert.strictEqual(client.isHandshakeDone(), true);
assert.strictEqual(server.isHandshakeDone(), true);

// Empty writes and receives produce nothing and break nothing.
const before = client.outbox.length;
client.write(Buffer.alloc(0));
client.writev([]);
assert.strictEqual(client.outbox.length, before);
server.receive(new Uint8Array(0));

client.write(viaView(Buffer.from('offset view')));
shuttle(client, server);
assert.strictEqual(received(server), 'offset view');

// A C string would end at a NUL: such strings are refused, not truncated.
{
  const c = connection(context({}), false);
  assert.throws(() => c.setServername('good.example\0evil.example'),
                { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => new binding.SecureContext().setCiphers('A\0B'),
                { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
}
