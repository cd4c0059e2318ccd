'use strict';
// SSLKEYLOGFILE: when the environment names a file, every connection
// appends its key log lines to it (client and server alike), with no
// listener needed; the file is private to its owner (mode 0600). Run in a
// child process so the environment is the program's own from the start.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

if (process.argv[2] === 'child') {
  const tls = require('../../lib/tls');
  const { fixtures } = common;
  const server = tls.createServer({
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    maxVersion: process.argv[3],
  }, (socket) => socket.end('x'));
  server.listen(0, () => {
    const client = tls.connect({ port: server.address().port, servername: 'localhost',
                                 ca: fixtures.read('ca1-cert.pem') });
    client.resume();
    client.on('end', () => server.close());
  });
  return;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-keylog-'));
try {
  for (const [version, labels] of [
    ['TLSv1.3', ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0',
                 'EXPORTER_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET',
                 'SERVER_TRAFFIC_SECRET_0']],
    ['TLSv1.2', ['CLIENT_RANDOM']],
  ]) {
    const file = path.join(dir, `${version}.log`);
    const child = spawnSync(process.execPath, [__filename, 'child', version], {
      env: { ...process.env, SSLKEYLOGFILE: file },
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.strictEqual(child.status, 0, child.stderr);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.strictEqual(lines.pop(), '', 'every line ends in a newline');
    for (const line of lines) assert.match(line, /^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64,}$/);
    // Both ends wrote every secret: each line twice.
    assert.strictEqual(lines.length, labels.length * 2, lines.join('\n'));
    assert.deepStrictEqual([...new Set(lines.map((l) => l.split(' ')[0]))].sort(), labels);
    assert.strictEqual(new Set(lines).size, labels.length);
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
common.mustCall()();
