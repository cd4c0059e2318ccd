'use strict';
// `openssl s_client` verifies securepair servers configured from PKCS#12:
// the RSA bundle (passphrase), and the chain bundle whose intermediate the
// server must send for s_client, which trusts only the root, to verify.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslClient, runCases } = require('./peers');

requireProgram('openssl');

function serve(options) {
  const server = tls.createServer(options, (socket) => {
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => socket.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const cases = [
  ['RSA bundle with a passphrase', { pfx: readFixture('server-rsa.p12'), passphrase: 'sekrit' },
   /depth=0 [^\n]*CN = localhost/],
  ['chain bundle without a passphrase', { pfx: readFixture('server-chain.p12') },
   /depth=1 O = securepair, CN = securepair intermediate 1/],
].map(([name, options, chainLine]) => [name, async () => {
  const server = await serve(options);
  const { code, output } = await opensslClient(server.address().port, [
    '-CAfile', fixture('ca1-cert.pem'), '-verify_return_error',
    '-verify_hostname', 'localhost', '-servername', 'localhost',
  ], 'pfx\n');
  server.close();
  assert.strictEqual(code, 0, output.slice(-1500));
  assert.match(output, /Verify return code: 0 \(ok\)/);
  assert.match(output, chainLine);
  assert.ok(output.includes('pfx\n'), 'data echoed');
}]);

runCases(cases);
