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

// Contexts and connections nobody holds are collected (finalizers free the
// engine) without crashing, whether idle, mid-handshake, connected,
// destroyed or closed. Needs --expose-gc: re-run under it.
if (typeof global.gc !== 'function') {
  const { spawnSync } = require('child_process');
  const r = spawnSync(process.execPath, ['--expose-gc', __filename],
                      { stdio: 'inherit' });
  assert.strictEqual(r.status, 0);
  assert.strictEqual(r.signal, null);
  return;
}

function churn(round) {
  for (let i = 0; i < 150; i++) {
    const serverCtx = context({ key: 'server-ecdsa-key.pem',
                                cert: 'server-ecdsa-cert.pem' });
    const clientCtx = context({ ca: 'ca1-cert.pem' });
    const server = connection(serverCtx, true);
    const client = connection(clientCtx, false);
    // The connections keep the engine's context alive after close().
    if (i % 2) serverCtx.close();
    switch ((i + round) % 5) {
      case 0: break;                        // never started
      case 1: client.start(); break;        // mid-handshake
      case 2:                               // connected, data in flight
        handshake(server, client);
        client.write(Buffer.from('unread'));
        break;
      case 3:                               // destroyed early
        client.start();
        client.destroy();
        server.destroy();
        break;
      case 4:                               // failed
        server.receive(Buffer.from('garbage garbage'));
        break;
    }
  }
}

const before = process.memoryUsage().rss;
for (let round = 0; round < 6; round++) {
  churn(round);
  global.gc();
}
// Let deferred finalizers run, then collect again.
setImmediate(() => {
  global.gc();
  setImmediate(() => {
    global.gc();
    const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
    // Not a leak test (see valgrind), just a sanity bound.
    assert.ok(grown < 200, `rss grew by ${grown.toFixed(1)} MiB`);
  });
});
