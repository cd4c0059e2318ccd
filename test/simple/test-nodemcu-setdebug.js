'use strict';
// tls.setDebug(level): 0 says nothing; 1 prints a line per step of each
// connection on stderr (resolving, connecting, secure with the protocol,
// closed); 2 and up add OpenSSL's protocol trace. stdout stays clean.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

if (process.argv[2] === 'child') {
  const tls = require('../../lib/tls');
  const nodemcu = require('../../lib/nodemcu');
  nodemcu.cert.store(process.argv[4]);
  nodemcu.setDebug(Number(process.argv[3]));
  const server = tls.createServer({
    key: common.fixtures.read('server-rsa-key.pem'),
    cert: common.fixtures.read('server-rsa-cert.pem'),
  }, (socket) => socket.end('x'));
  server.listen(0, () => {
    const sk = nodemcu.createConnection();
    sk.on('disconnection', () => {
      process.stdout.write('done\n');
      server.close();
    });
    sk.connect(server.address().port, '127.0.0.1');
  });
  return;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-nodemcu-'));
try {
  const run = (level) => {
    const errFile = path.join(dir, `stderr-${level}`);
    const fd = fs.openSync(errFile, 'w');
    const r = spawnSync(process.execPath,
                        [__filename, 'child', String(level), path.join(dir, 'tls.json')],
                        { encoding: 'utf8', timeout: 60000, stdio: ['ignore', 'pipe', fd] });
    fs.closeSync(fd);
    assert.strictEqual(r.status, 0);
    assert.strictEqual(r.stdout, 'done\n');
    return fs.readFileSync(errFile, 'utf8');
  };
  assert.strictEqual(run(0), '');
  const one = run(1);
  assert.match(one, /^tls: 127\.0\.0\.1:\d+: resolving$/m);
  assert.match(one, /^tls: 127\.0\.0\.1:\d+: connecting to 127\.0\.0\.1$/m);
  assert.match(one, /^tls: 127\.0\.0\.1:\d+: secure: TLSv1\.3 TLS_\w+$/m);
  assert.match(one, /^tls: 127\.0\.0\.1:\d+: closed$/m);
  assert.doesNotMatch(one, /Sent Record/);
  const two = run(2);
  assert.match(two, /^tls: 127\.0\.0\.1:\d+: secure/m);
  assert.match(two, /^Sent Record\n/m);
  assert.match(two, /ClientHello, Length=/);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
common.mustCall()();
