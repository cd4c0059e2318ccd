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

// Events come in the order things happened; a step's ciphertext is handed
// to onwrite before the events it caused.
for (const max of [binding.TLS1_2_VERSION, binding.TLS1_3_VERSION]) {
  const { server, client } = pair(
    { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem', max },
    { ca: 'ca1-cert.pem' });

  client.start();
  assert.strictEqual(client.events[0], 'write', 'ClientHello first');
  assert.ok(!client.events.includes('done'));
  // Early data from the client rides along with its last flight.
  client.hooks.done = function() { this.write(Buffer.from('early')); };
  shuttle(client, server);

  for (const conn of [client, server]) {
    const ev = conn.events;
    assert.deepStrictEqual(conn.errors, []);
    assert.strictEqual(ev.filter((e) => e === 'done').length, 1, ev.join());
    assert.ok(ev.indexOf('start') < ev.indexOf('done'), ev.join());
    // Every write before 'done' (our last flight) comes before it.
    assert.ok(ev.indexOf('write') < ev.indexOf('done'), ev.join());
  }
  const sev = server.events;
  assert.ok(sev.indexOf('done') < sev.indexOf('data'), sev.join());
  assert.strictEqual(received(server), 'early');
  assert.ok(!sev.includes('close') && !sev.includes('error'));

  // Data then close_notify in one chunk: ondata, then onpeerclose.
  server.write(Buffer.from('bye'));
  server.shutdown();
  assert.ok(!server.events.includes('close'), 'own close_notify');
  const both = Buffer.concat(server.outbox.splice(0));
  client.events.length = 0;
  client.receive(both);
  const tail = client.events.filter((e) => e !== 'write');
  assert.deepStrictEqual(tail, ['data', 'close']);
  // onpeerclose once only, even when the transport ends afterwards.
  client.receiveEOF();
  assert.strictEqual(client.events.filter((e) => e === 'close').length, 1);
}
