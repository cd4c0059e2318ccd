'use strict';
// The main job: `make serve` runs tools/serve.js, a TLS echo server with a
// self-signed certificate made on first use. openssl s_client must be able to
// verify it (against that certificate) and get its line echoed.
const assert = require('assert');
const path = require('path');
const { spawn } = require('child_process');
const { requireProgram, opensslEcho, runCases } = require('./peers');

requireProgram('openssl');

const root = path.join(__dirname, '..', '..');

function startServe() {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(root, 'tools', 'serve.js')], {
      cwd: root, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${text}`)), 15000);
    proc.stderr.on('data', (d) => { text += d; });
    proc.stdout.on('data', (d) => {
      text += d;
      // The "try:" line is printed last: once it is here, the server is up.
      const m = /try: openssl s_client -connect 127\.0\.0\.1:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]), log: () => text });
      }
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${text}`)));
  });
}

runCases([
  ['s_client verifies the self-signed certificate and gets an echo', async () => {
    const serve = await startServe();
    try {
      assert.match(serve.log(), /echo server on 127\.0\.0\.1:\d+/);
      const cert = path.join(root, 'build', 'serve', 'cert.pem');
      const { code, output, echoed } = await opensslEcho(serve.port, [
        '-servername', 'localhost', '-verify_hostname', 'localhost',
        '-CAfile', cert, '-verify_return_error',
      ], 'hello securepair\n');
      assert.strictEqual(code, 0, output.slice(-2000));
      assert.match(output, /Verify return code: 0 \(ok\)/);
      assert.ok(echoed, 'the line came back');
    } finally {
      serve.proc.kill('SIGTERM');
    }
  }],
]);
