'use strict';
// Runs testssl.sh (the Debian package's `testssl`) against the server that
// `make serve` runs, for test/interop/test-testssl-protocols.js and
// test/scan/test-testssl.js, and hands back its findings (the JSON output:
// objects with id, severity and finding).

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { requireProgram } = require('./interop/peers');

const root = path.join(__dirname, '..');
const SEVERITIES = ['DEBUG', 'INFO', 'OK', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

// tools/serve.js, as `make serve` starts it, on a free port.
function startServe() {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(root, 'tools', 'serve.js')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /echo server on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), stop: () => proc.kill() });
    });
    proc.on('exit', (code) => reject(new Error(`tools/serve.js exited (${code}):\n${out}`)));
  });
}

// testssl with the given check flags against 127.0.0.1:port.
function testssl(port, checks) {
  requireProgram('testssl');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-testssl-'));
  const json = path.join(dir, 'findings.json');
  return new Promise((resolve, reject) => {
    const proc = spawn('testssl', [
      '--warnings', 'off', '--color', '0', '--quiet', '--nodns', 'none',
      '--connect-timeout', '10', '--openssl-timeout', '10',
      '--jsonfile', json, ...checks, `127.0.0.1:${port}`,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (chunk) => { out += chunk; });
    proc.stderr.on('data', (chunk) => { out += chunk; });
    proc.on('error', reject);
    proc.on('exit', () => {
      let findings;
      try {
        findings = JSON.parse(fs.readFileSync(json, 'utf8'));
      } catch (err) {
        reject(new Error(`testssl wrote no findings (${err.message}):\n${out}`));
        return;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      resolve({ findings, output: out });
    });
  });
}

function atLeast(severity, floor) {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(floor);
}

// id -> finding text (the last one of that id).
function byId(findings) {
  const map = new Map();
  for (const f of findings) map.set(f.id, f.finding);
  return map;
}

module.exports = { startServe, testssl, atLeast, byId };
