'use strict';
const assert = require('assert');
const path = require('path');
const {
  binding,
  shuttle,
  pair,
  handshake,
  received,
} = require('../binding-harness');

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
