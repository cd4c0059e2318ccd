'use strict';
// gnutls-cli (a second, independent TLS stack) against a securepair server:
// it verifies our chain and host name over TLS 1.2 and 1.3, its line is
// echoed, and our server sees its SNI.
const assert = require('assert');
const { spawn } = require('child_process');
const { tls, fixture, readFixture, requireProgram, runCases } = require('./peers');

requireProgram('gnutls-cli');

function gnutlsCli(port, priority, input) {
  return new Promise((resolve, reject) => {
    const proc = spawn('gnutls-cli', [
      '127.0.0.1', '-p', String(port), '--x509cafile', fixture('ca1-cert.pem'),
      '--verify-hostname', 'localhost', '--sni-hostname', 'localhost', '--priority', priority,
    ], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    // Close our side once the echo is back (gnutls-cli does not show what
    // it sends), so the test does not depend on a fixed delay.
    const onData = (d) => {
      out += d;
      if (out.includes(input) && !proc.stdin.writableEnded) proc.stdin.end();
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.stdin.on('error', () => {});
    const timer = setTimeout(() => { proc.kill(); reject(new Error(`gnutls-cli hung:\n${out}`)); }, 15000);
    proc.on('error', reject);
    proc.on('exit', (code) => { clearTimeout(timer); resolve({ code, out }); });
    proc.stdin.write(input);
  });
}

const cases = [];
for (const [version, priority] of [['TLSv1.2', 'NORMAL:-VERS-ALL:+VERS-TLS1.2'],
                                   ['TLSv1.3', 'NORMAL:-VERS-ALL:+VERS-TLS1.3']]) {
  for (const kind of ['rsa', 'ecdsa']) {
    cases.push([`${version} ${kind}`, async () => {
      const seen = [];
      const server = tls.createServer({
        key: readFixture(`server-${kind}-key.pem`), cert: readFixture(`server-${kind}-cert.pem`),
      }, (socket) => {
        seen.push({ servername: socket.servername, protocol: socket.getProtocol() });
        socket.on('error', (e) => seen.push({ error: e }));
        socket.pipe(socket);
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const { code, out } = await gnutlsCli(server.address().port, priority, 'gnutls says hi\n');
      server.close();
      assert.strictEqual(code, 0, out.slice(-2000));
      assert.match(out, /Handshake was completed/);
      assert.ok(out.includes('gnutls says hi\n'), 'echo came back');
      assert.strictEqual(seen.length, 1, JSON.stringify(seen));
      assert.strictEqual(seen[0].servername, 'localhost');
      assert.strictEqual(seen[0].protocol, version);
    }]);
  }
}

runCases(cases);
