'use strict';
// 20 000 full handshakes and 2 GB of data (1 GB each way) through one
// securepair server process. Its RSS once everything is done (after full
// collections) must be within 5% of its RSS after the first 2 000: what
// the connections leave behind does not pile up.
const assert = require('assert');
const { scale, scaled, startServer, connectClient, echo, pool, MiB, mib } = require('./pummel');

const HANDSHAKES = scaled(20000, 100);
const BYTES = Math.round(2048 * MiB * scale) / 2; // echoed: half out, half back
const PARALLEL = 32;
const CHECKPOINT = Math.round(HANDSHAKES / 10);
// Every connection carries an equal part of the data, in chunks up to 64 KiB.
const perConnection = Math.max(16, Math.floor(BYTES / HANDSHAKES));
const payload = Buffer.alloc(perConnection);
for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 9)) & 0xff;

async function exchange(port, i) {
  const socket = await connectClient(port, i % 2 ? { maxVersion: 'TLSv1.2' } : {});
  await echo(socket, payload);
  await new Promise((resolve) => {
    socket.on('close', resolve);
    socket.end();
  });
}

(async () => {
  const started = Date.now();
  const server = await startServer();
  await pool(CHECKPOINT, PARALLEL, (i) => exchange(server.port, i));
  const early = await server.stats();
  await pool(HANDSHAKES - CHECKPOINT, PARALLEL, (i) => exchange(server.port, CHECKPOINT + i));
  // Let the last sockets finish closing on the server's side.
  let late = await server.stats();
  for (let tries = 0; late.connections > 0 && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    late = await server.stats();
  }
  await server.stop();

  const seconds = (Date.now() - started) / 1000;
  const moved = HANDSHAKES * perConnection * 2;
  const growth = (late.rss - early.rss) / early.rss;
  console.log(`# ${HANDSHAKES} handshakes, ${mib(moved)} MiB through the server in ${seconds.toFixed(1)} s ` +
              `(${(HANDSHAKES / seconds).toFixed(0)} connections/s, ${(moved / MiB / seconds).toFixed(0)} MiB/s)`);
  console.log(`# server RSS ${mib(early.rss)} MiB after ${CHECKPOINT}, ${mib(late.rss)} MiB after all ` +
              `(${(100 * growth).toFixed(1)}%); JS heap ${mib(early.heapUsed)} -> ${mib(late.heapUsed)} MiB`);
  assert.strictEqual(late.served, HANDSHAKES);
  assert.deepStrictEqual(late.clientErrors, {});
  assert.strictEqual(late.connections, 0, 'every connection closed');
  // Short runs are too small for a 5% bound to mean anything.
  if (scale >= 1) assert.ok(growth < 0.05, `server RSS grew ${(100 * growth).toFixed(1)}%`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
