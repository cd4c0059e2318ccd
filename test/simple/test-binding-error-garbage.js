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

// Garbage from the peer: onerror once, with code, library and reason, after
// any alert went out; afterwards the connection is dead and quiet.
const server = connection(
  context({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' }), true);
server.receive(Buffer.from('hello world, this is not TLS\r\n\r\n'));

assert.strictEqual(server.errors.length, 1);
const err = server.errors[0];
assert.ok(err instanceof Error);
assert.strictEqual(err.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
assert.strictEqual(err.library, 'SSL routines');
assert.strictEqual(err.reason, 'wrong version number');
assert.match(err.message, /wrong version number/);
// An alert, if any, was handed out before onerror.
const ev = server.events;
assert.strictEqual(ev[ev.length - 1], 'error', ev.join());

// Dead: nothing more happens, no second onerror.
server.receive(Buffer.from('more garbage'));
server.receiveEOF();
server.shutdown();
assert.strictEqual(server.errors.length, 1);
assert.deepStrictEqual(server.events, ev);
server.destroy();

// The same from the client's side: a server answering nonsense.
const client = connection(context({ ca: 'ca1-cert.pem' }), false);
client.start();
client.receive(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]));
assert.strictEqual(client.errors.length, 1);
assert.match(client.errors[0].code, /^ERR_SSL_/);
assert.strictEqual(client.errors[0].library, 'SSL routines');

// The transport ending in the middle of the handshake.
const c2 = connection(context({ ca: 'ca1-cert.pem' }), false);
c2.start();
c2.receiveEOF();
assert.strictEqual(c2.errors.length, 1);
assert.strictEqual(c2.errors[0].code, 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
assert.ok(!c2.events.includes('close'));
