'use strict';
// The load tests' server (started by pummel.js startServer()): securepair,
// an ECDSA certificate, echoing every byte back. Options come as JSON in
// argv[2] and are handed to createServer. It answers its parent's
// questions over IPC: 'port', 'stats' (memory after a full collection,
// connection counts) and 'exit'.

const tls = require('../../lib/tls');
const { fixtures } = require('../common');

const options = JSON.parse(process.argv[2] || '{}');
const stats = { connections: 0, served: 0, clientErrors: {} };

const server = tls.createServer({
  key: fixtures.read('server-ecdsa-key.pem'),
  cert: fixtures.read('server-ecdsa-cert.pem'),
  ...options,
}, (socket) => {
  stats.served++;
  stats.connections++;
  socket.on('error', () => {});
  socket.on('close', () => stats.connections--);
  socket.pipe(socket);
});

server.on('tlsClientError', (err) => {
  stats.clientErrors[err.code] = (stats.clientErrors[err.code] || 0) + 1;
});

function memory() {
  // Twice: finalizers queued by the first collection run before the second.
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

const listening = new Promise((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));

process.on('message', ({ id, cmd }) => {
  if (cmd === 'port') listening.then(() => process.send({ id, port: server.address().port }));
  else if (cmd === 'stats') setImmediate(() => process.send({ id, ...memory(), ...stats }));
  else if (cmd === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
