'use strict';
// Real peers for interop tests: openssl s_server / s_client (and later
// gnutls-cli), started on loopback with ephemeral ports, with their output
// collected so a test can assert on what the other stack saw.

const { spawn, spawnSync } = require('child_process');
const path = require('path');
const fs = require('fs');

const fixturesDir = process.env.SP_FIXTURES ||
  path.join(__dirname, '..', '..', 'build', 'fixtures');

// The module under test. SP_TLS_MODULE=tls runs the same test against Node's
// built-in tls, which is how these tests were checked to be fair.
const tls = process.env.SP_TLS_MODULE === 'tls' ?
  require('tls') : require('../../lib/tls');

function fixture(name) {
  return path.join(fixturesDir, name);
}

function readFixture(name) {
  return fs.readFileSync(fixture(name));
}

// Exit with the "skipped" code when a peer program is missing.
function requireProgram(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`]);
  if (r.status !== 0) {
    console.log(`${name} is not installed`);
    process.exit(77);
  }
}

function collect(proc) {
  const out = { text: '' };
  proc.stdout.on('data', (d) => { out.text += d; });
  proc.stderr.on('data', (d) => { out.text += d; });
  return out;
}

// Starts `openssl s_server` on 127.0.0.1 with an ephemeral port. Resolves to
// { port, proc, output, exited } once it is accepting.
function opensslServer(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', ...args],
                       { stdio: ['pipe', 'pipe', 'pipe'] });
    const output = collect(proc);
    const exited = new Promise((res) => proc.on('exit', (code) => res(code)));
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`s_server did not start:\n${output.text}`));
    }, 10000);
    const onData = () => {
      const m = /ACCEPT .*:(\d+)/.exec(output.text);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout.removeListener('data', onData);
      resolve({ port: Number(m[1]), proc, output, exited });
    };
    proc.stdout.on('data', onData);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s_server exited (${code}):\n${output.text}`));
    });
  });
}

// Runs `openssl s_client` against 127.0.0.1:port, writes `input` to its
// stdin (keeping stdin open for `holdMs` so replies can arrive before EOF
// makes it close), and resolves to { code, output } when it exits.
function opensslClient(port, args, input, holdMs = 500) {
  return new Promise((resolve, reject) => {
    const proc = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args],
                       { stdio: ['pipe', 'pipe', 'pipe'] });
    const output = collect(proc);
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`s_client timed out:\n${output.text}`));
    }, 15000);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.text });
    });
    if (input !== undefined) proc.stdin.write(input);
    setTimeout(() => proc.stdin.end(), holdMs);
  });
}

// An openssl s_client or s_server (`tool`) driven line by line, for
// conversations where timing matters (s_client acts on "R", "k", "K" only
// at the start of a separate read). Resolves once the tool is up (s_server
// accepting, or s_client connected) to { proc, port, output, exited,
// send(text), waitFor(regexp, ms) }; `port` is the one s_server listens on.
function opensslInteractive(tool, args) {
  return new Promise((resolve, reject) => {
    const proc = spawn('openssl', [tool, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stdin.on('error', () => {}); // a tool that has exited: seen in `exited`
    const output = collect(proc);
    const exited = new Promise((res) => proc.on('exit', (code) => res(code)));
    const waitFor = (regexp, ms = 10000) => new Promise((res, rej) => {
      const timer = setTimeout(() => {
        proc.stdout.removeListener('data', check);
        rej(new Error(`${tool} never printed ${regexp}:\n${output.text}`));
      }, ms);
      timer.unref(); // the tool itself keeps the process alive while it runs
      function check() {
        const m = regexp.exec(output.text);
        if (!m) return;
        clearTimeout(timer);
        proc.stdout.removeListener('data', check);
        proc.stderr.removeListener('data', check);
        res(m);
      }
      proc.stdout.on('data', check);
      proc.stderr.on('data', check);
      check();
    });
    const self = {
      proc, output, exited, waitFor,
      send(text) { proc.stdin.write(text); },
    };
    proc.on('error', reject);
    const ready = tool === 's_server' ? /ACCEPT .*:(\d+)/ : /CONNECTED\(/;
    waitFor(ready).then((m) => {
      self.port = tool === 's_server' ? Number(m[1]) : undefined;
      resolve(self);
    }, (err) => {
      proc.kill();
      reject(err);
    });
  });
}

// `openssl s_client` to 127.0.0.1:port that sends `text` and closes its
// input as soon as `text` has come back (an echo server), or when it ends on
// its own (a failed handshake). Resolves to { code, output, echoed }.
// Unlike opensslClient() it does not depend on a fixed delay.
async function opensslEcho(port, args, text) {
  const peer = await opensslInteractive('s_client', ['-connect', `127.0.0.1:${port}`, ...args]);
  peer.send(text);
  const echoed = await Promise.race([
    peer.waitFor(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).then(() => true),
    peer.exited.then(() => false),
  ]).catch(() => false);
  peer.proc.stdin.end();
  const code = await peer.exited;
  return { code, output: peer.output.text, echoed };
}

// Runs async test cases one after another and exits non-zero on the first
// failure, naming the case.
async function runCases(cases) {
  for (const [name, fn] of cases) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (err) {
      console.log(`not ok - ${name}`);
      console.log(err && err.stack || err);
      process.exit(1);
    }
  }
}

module.exports = {
  tls, fixture, readFixture, requireProgram, opensslServer, opensslClient, runCases,
  opensslInteractive, opensslEcho,
};
