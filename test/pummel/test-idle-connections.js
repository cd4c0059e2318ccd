'use strict';
// 10 000 TLS connections held open at once on one securepair server
// process, idle; then each answers an echo. Prints the server's memory per
// idle connection (RSS and JS heap, measured after full collections).
const assert = require('assert');
const { scaled, ensureDescriptors, startServer, connectClient, echo, pool, mib } =
  require('./pummel');

const wanted = scaled(10000, 50);
// This process holds the client ends; the server child inherits the limit.
const count = ensureDescriptors(wanted + 200) - 200;

(async () => {
  const started = Date.now();
  const server = await startServer({ handshakeTimeout: 30000 });
  const before = await server.stats();
  const clients = new Array(count);
  await pool(count, 100, async (i) => {
    clients[i] = await connectClient(server.port);
    clients[i].setNoDelay(true);
  });
  const connectedIn = (Date.now() - started) / 1000;
  // Let the last handshakes settle (tickets, buffers), then measure.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = await server.stats();
  assert.strictEqual(idle.connections, count, 'every connection is held');
  assert.deepStrictEqual(idle.clientErrors, {});

  const perConnection = (idle.rss - before.rss) / count;
  console.log(`# ${count} idle connections in ${connectedIn.toFixed(1)} s`);
  console.log(`# server RSS ${mib(before.rss)} -> ${mib(idle.rss)} MiB: ` +
              `${(perConnection / 1024).toFixed(1)} KiB per idle connection ` +
              `(JS heap ${((idle.heapUsed - before.heapUsed) / count / 1024).toFixed(1)} KiB, ` +
              `external ${((idle.external - before.external) / count / 1024).toFixed(1)} KiB)`);

  // Every one of them still answers.
  await pool(count, 200, (i) => echo(clients[i], Buffer.from(`ping ${i}`)));
  for (const socket of clients) socket.destroy();
  await server.stop();
  console.log(`# all ${count} answered; ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
