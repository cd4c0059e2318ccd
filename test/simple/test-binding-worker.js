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

// Each Node-API environment (here a worker thread) has its own callbacks and
// root store; terminating a worker with live connections frees them cleanly.
const { Worker, isMainThread, parentPort, workerData } =
  require('worker_threads');

if (!isMainThread) {
  // (The preamble registered this worker's callbacks; check a fresh module
  // state would have refused a Connection first: see below.)
  const { server, client } = pair(
    { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
    { ca: 'ca1-cert.pem' });
  handshake(server, client);
  client.write(Buffer.from(`hello from worker ${workerData.id}`));
  shuttle(client, server);
  parentPort.postMessage(received(server));
  if (workerData.linger) {
    // Leave connections mid-handshake and a busy loop for terminate().
    globalThis.keep = [];
    for (let i = 0; i < 50; i++) {
      const p = pair({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
                     { ca: 'ca1-cert.pem' });
      p.client.start();
      globalThis.keep.push(p);
    }
    setInterval(() => {}, 1000);
  }
  return;
}

// A fresh environment refuses Connections until setCallbacks() is called.
{
  const w = new Worker(`
    const binding = require(${JSON.stringify(
      path.join(__dirname, '../../build/Release/securepair.node'))});
    let code;
    try { new binding.Connection(new binding.SecureContext(), false); }
    catch (e) { code = e.code; }
    require('worker_threads').parentPort.postMessage(code);
  `, { eval: true });
  w.once('message', (code) => {
    assert.strictEqual(code, 'ERR_SP_NO_CALLBACKS');
  });
}

let done = 0;
for (let id = 0; id < 4; id++) {
  const linger = id % 2 === 1;
  const w = new Worker(__filename, { workerData: { id, linger } });
  w.once('message', (msg) => {
    assert.strictEqual(msg, `hello from worker ${id}`);
    done++;
    if (linger) w.terminate();
  });
  w.once('error', (err) => { throw err; });
}
// The main thread works at the same time.
const { server, client } = pair(
  { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
  { ca: 'ca1-cert.pem' });
handshake(server, client);
assert.strictEqual(client.isHandshakeDone(), true);
process.on('exit', () => assert.strictEqual(done, 4));
