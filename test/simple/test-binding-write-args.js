'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const binding = require(path.join(__dirname, '../../build/Release/securepair.node'));
const fixture = (name) =>
  fs.readFileSync(path.join(__dirname, '../../build/fixtures', name));

// Every event is recorded on the connection (`this`); an optional hook per
// event lets a test act from inside the callback.
function record(conn, name, arg) {
  conn.events.push(name);
  const hook = conn.hooks && conn.hooks[name];
  if (hook) hook.call(conn, arg);
}
binding.setCallbacks({
  onwrite(buf) { this.outbox.push(buf); record(this, 'write', buf); },
  ondata(buf) { this.inbox.push(buf); record(this, 'data', buf); },
  onhandshakestart() { record(this, 'start'); },
  onhandshakedone() { record(this, 'done'); },
  onpeerclose() { record(this, 'close'); },
  onerror(err) { this.errors.push(err); record(this, 'error', err); },
});

function context({ key, cert, ca, passphrase, min = 0, max = 0 } = {}) {
  const ctx = new binding.SecureContext();
  ctx.setProtocolRange(min, max);
  if (key) ctx.setKey(fixture(key), passphrase);
  if (cert) ctx.setCert(fixture(cert));
  if (ca) ctx.addCACert(fixture(ca));
  return ctx;
}

function connection(ctx, isServer) {
  const conn = new binding.Connection(ctx, isServer);
  conn.events = [];
  conn.outbox = [];
  conn.inbox = [];
  conn.errors = [];
  conn.hooks = {};
  return conn;
}

// Moves ciphertext between the two until neither has anything to send.
function shuttle(a, b) {
  for (let i = 0; i < 10000; i++) {
    if (a.outbox.length) b.receive(a.outbox.shift());
    else if (b.outbox.length) a.receive(b.outbox.shift());
    else return;
  }
  throw new Error('the connections never went quiet');
}

function pair(serverOpts, clientOpts = {}) {
  const server = connection(context(serverOpts), true);
  const client = connection(context(clientOpts), false);
  if (clientOpts.servername) client.setServername(clientOpts.servername);
  return { server, client };
}

function handshake(server, client) {
  client.start();
  shuttle(client, server);
}

const received = (conn) => Buffer.concat(conn.inbox).toString();

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
