'use strict';
const assert = require('assert');
const { context, connection, handshake } = require('../binding-harness');

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
