'use strict';
// enableTrace() and the server's `enableTrace` option print OpenSSL's
// protocol trace on stderr, as Node does: the same text Node's own tls
// prints for the same handshake (compared here message by message), only
// for the connections asked for, and never on stdout. After destroy(),
// enableTrace() quietly does nothing, as in Node.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

if (process.argv[2] === 'child') {
  const tls = process.argv[3] === 'node' ? require('tls') : require('../../lib/tls');
  const { fixtures } = common;
  const side = process.argv[4];
  const server = tls.createServer({
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    minVersion: 'TLSv1.3',
    enableTrace: side === 'server',
  }, (socket) => socket.end());
  server.listen(0, () => {
    const client = tls.connect({ port: server.address().port, servername: 'localhost',
                                 ca: fixtures.read('ca1-cert.pem') }, () => {
      process.stdout.write('secure\n');
    });
    if (side === 'client') client.enableTrace();
    client.resume();
    client.on('end', () => server.close());
    client.on('close', () => {
      client.destroy();
      client.enableTrace();
      process.stdout.write('closed\n');
    });
  });
  return;
}

// stderr goes to a file: Node's own trace writes to a non-blocking pipe
// can be cut short, which would make the reference incomplete.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-trace-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
let runs = 0;

function run(module, side) {
  const file = path.join(dir, `stderr-${runs++}`);
  const fd = fs.openSync(file, 'w');
  const child = spawnSync(process.execPath, [__filename, 'child', module, side],
                          { encoding: 'utf8', timeout: 60000, stdio: ['ignore', 'pipe', fd] });
  fs.closeSync(fd);
  child.stderr = fs.readFileSync(file, 'utf8');
  assert.strictEqual(child.status, 0, child.stderr);
  return child;
}

// The handshake messages in the trace, in order, up to the client's
// Finished (what follows depends on timing).
function messages(trace) {
  const names = [...trace.matchAll(/^\s+(\w+), Length=\d+$/gm)].map((m) => m[1]);
  return names.slice(0, names.lastIndexOf('Finished') + 1);
}

const client = run('securepair', 'client');
assert.strictEqual(client.stdout, 'secure\nclosed\n');
assert.match(client.stderr, /^Sent Record\nHeader:\n/);
assert.match(client.stderr, /extension_type=server_name\(0\)/);
const reference = run('node', 'client');
assert.strictEqual(reference.stdout, client.stdout);
assert.deepStrictEqual(messages(client.stderr), messages(reference.stderr));
assert.deepStrictEqual(messages(client.stderr), [
  'ClientHello', 'ServerHello', 'EncryptedExtensions', 'Certificate',
  'CertificateVerify', 'Finished', 'Finished',
]);

// The server option: the server's view (it receives the ClientHello).
const server = run('securepair', 'server');
assert.match(server.stderr, /^Received Record\nHeader:\n/);
assert.deepStrictEqual(messages(server.stderr), messages(run('node', 'server').stderr));

// Not asked for: no trace at all.
assert.strictEqual(run('securepair', 'none').stderr, '');
common.mustCall()();
