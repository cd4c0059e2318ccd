'use strict';
// Shared by the load tests: the file descriptor limit, a securepair echo
// server in a child process that reports its memory, and clients that
// open connections at a bounded pace.
//
// PUMMEL_SCALE (default 1) multiplies every count, so the same tests run
// short (test/simple/test-load-*.js use 1/20) or long.

const assert = require('assert');
const { execFileSync, fork, spawnSync } = require('child_process');
const nodeTls = require('tls');
const path = require('path');
const { fixtures } = require('../common');

const scale = Number(process.env.PUMMEL_SCALE || 1);
assert.ok(scale > 0, 'PUMMEL_SCALE must be a positive number');

function scaled(n, minimum = 1) {
  return Math.max(minimum, Math.round(n * scale));
}

function shellLimit(flag) {
  const text = execFileSync('sh', ['-c', `ulimit ${flag}`]).toString().trim();
  return text === 'unlimited' ? Infinity : Number(text);
}

// Make sure this process (and the children it forks) may open `needed`
// descriptors: raise the soft limit up to the hard one by running this
// very script again under `ulimit -n`. Returns the number of connections
// the limit allows (never more than wanted), after saying so if it had to
// settle for fewer.
function ensureDescriptors(needed) {
  const soft = shellLimit('-n');
  if (soft >= needed) return needed;
  const hard = shellLimit('-Hn');
  if (!process.env.SP_PUMMEL_RAISED && soft < hard) {
    const target = hard === Infinity ? needed : Math.min(needed, hard);
    const r = spawnSync('sh', ['-c', `ulimit -n ${target} && exec "$0" "$@"`,
                               process.execPath, ...process.execArgv, ...process.argv.slice(1)],
                        { stdio: 'inherit', env: { ...process.env, SP_PUMMEL_RAISED: '1' } });
    process.exit(r.status === null ? 1 : r.status);
  }
  console.log(`# the descriptor limit is ${soft} (hard ${hard}): fewer connections than asked`);
  return soft;
}

// V8's young generation grows with the allocation rate, by steps of
// megabytes, long after the first thousand connections: fixed at its
// largest size from the start, so the memory figures are securepair's own.
const SERVER_NODE_FLAGS = ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16'];

// A securepair echo server in its own process (so its memory is its own),
// with the options given; resolves once it listens.
function startServer(options = {}) {
  const child = fork(path.join(__dirname, 'echo-server.js'), [JSON.stringify(options)],
                     { execArgv: SERVER_NODE_FLAGS, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  let next = 0;
  child.on('message', (msg) => {
    const resolve = waiting.get(msg.id);
    if (resolve) {
      waiting.delete(msg.id);
      resolve(msg);
    }
  });
  const ask = (cmd) => new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, resolve);
    child.send({ id, cmd }, (err) => err && reject(err));
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`echo server exited (${code})`)));
    ask('port').then(({ port }) => resolve({
      port,
      child,
      // { rss, heapUsed, external, connections, served, clientErrors }
      stats: () => ask('stats'),
      stop: () => new Promise((done) => {
        child.removeAllListeners('exit');
        child.once('exit', done);
        child.send({ id: -1, cmd: 'exit' });
      }),
    }));
  });
}

// One client connection (Node's built-in tls: the reference peer, and not
// the code under test) to the echo server; resolves with the socket once
// the handshake is done.
function connectClient(port, extra = {}) {
  return new Promise((resolve, reject) => {
    const socket = nodeTls.connect({
      port,
      host: '127.0.0.1',
      servername: 'localhost',
      ca: fixtures.read('ca1-cert.pem'),
      ...extra,
    }, () => resolve(socket));
    socket.once('error', reject);
  });
}

// Send `payload` and resolve once it has come back whole.
function echo(socket, payload) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let got = 0;
    const onData = (chunk) => {
      chunks.push(chunk);
      got += chunk.length;
      if (got < payload.length) return;
      socket.removeListener('data', onData);
      socket.removeListener('error', reject);
      const back = Buffer.concat(chunks);
      if (back.equals(payload)) resolve();
      else reject(new Error(`echo mismatch (${back.length} of ${payload.length} bytes)`));
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(payload);
  });
}

// Run `task(i)` for i in [0, count) with at most `parallel` at a time.
async function pool(count, parallel, task) {
  let next = 0;
  async function worker() {
    while (next < count) await task(next++);
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

const MiB = 1024 * 1024;
const mib = (bytes) => (bytes / MiB).toFixed(1);

module.exports = { scale, scaled, ensureDescriptors, startServer, connectClient, echo, pool, MiB, mib };
