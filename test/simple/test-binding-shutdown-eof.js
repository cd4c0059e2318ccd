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

// close_notify and the end of the transport.
function connected() {
  const p = pair({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
                 { ca: 'ca1-cert.pem' });
  handshake(p.server, p.client);
  return p;
}

// shutdown() hands close_notify to onwrite; the peer gets onpeerclose once.
{
  const { server, client } = connected();
  client.shutdown();
  assert.strictEqual(client.outbox.length, 1);
  // Our own close_notify is not the peer's.
  assert.ok(!client.events.includes('close'), client.events.join());
  shuttle(client, server);
  assert.ok(!client.events.includes('close'), client.events.join());
  assert.strictEqual(server.events.filter((e) => e === 'close').length, 1);
  server.receiveEOF();
  assert.strictEqual(server.events.filter((e) => e === 'close').length, 1);
  // Half close: the server can still answer, then close its side.
  server.write(Buffer.from('still here'));
  server.shutdown();
  shuttle(client, server);
  assert.strictEqual(received(client), 'still here');
  assert.strictEqual(client.events.filter((e) => e === 'close').length, 1);
  assert.deepStrictEqual([server.errors, client.errors], [[], []]);
  // shutdown() again is harmless.
  client.shutdown();
}

// The transport ends on a record boundary without close_notify.
{
  const { server, client } = connected();
  client.write(Buffer.from('data'));
  shuttle(client, server);
  server.receiveEOF();
  assert.deepStrictEqual(server.errors, []);
  assert.strictEqual(server.events.filter((e) => e === 'close').length, 1);
}

// The transport ends in the middle of a record.
{
  const { server, client } = connected();
  client.write(Buffer.from('cut short'));
  const record = client.outbox.pop();
  server.receive(record.subarray(0, record.length - 3));
  server.receiveEOF();
  assert.strictEqual(server.errors.length, 1);
  assert.strictEqual(server.errors[0].code,
                     'ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
  assert.ok(!server.events.includes('close'));
}

// write() after shutdown() fails through onerror.
{
  const { server, client } = connected();
  client.shutdown();
  client.write(Buffer.from('too late'));
  assert.strictEqual(client.errors.length, 1);
  assert.strictEqual(client.errors[0].code, 'ERR_SSL_PROTOCOL_IS_SHUTDOWN');
}
