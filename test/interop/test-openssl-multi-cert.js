'use strict';
// A securepair server with an RSA and an ECDSA pair (key and cert arrays)
// gives `openssl s_client` the certificate it asks for: ECDSA to a client
// that signs only with ECDSA (-sigalgs, TLS 1.3) or takes only
// ECDHE-ECDSA suites (TLS 1.2), RSA to one that takes only RSA.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslClient, runCases } = require('./peers');

requireProgram('openssl');

function serve() {
  const server = tls.createServer({
    key: [readFixture('server-rsa-key.pem'), readFixture('server-ecdsa-key.pem')],
    cert: [readFixture('server-rsa-cert.pem'), readFixture('server-ecdsa-cert.pem')],
  }, (socket) => {
    socket.resume();
    socket.on('end', () => socket.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const RSA = /Server public key is 2048 bit/;
const ECDSA = /Server public key is 256 bit/;

const cases = [
  ['TLS 1.3, -sigalgs ECDSA+SHA256', ['-tls1_3', '-sigalgs', 'ECDSA+SHA256'], ECDSA],
  ['TLS 1.3, -sigalgs RSA-PSS+SHA256', ['-tls1_3', '-sigalgs', 'RSA-PSS+SHA256'], RSA],
  ['TLS 1.2, ECDHE-ECDSA only', ['-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256'], ECDSA],
  ['TLS 1.2, ECDHE-RSA only', ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'], RSA],
].map(([name, args, expected]) => [name, async () => {
  const server = await serve();
  const { code, output } = await opensslClient(server.address().port, [
    ...args, '-CAfile', fixture('ca1-cert.pem'), '-verify_return_error',
    '-servername', 'localhost',
  ], '');
  server.close();
  assert.strictEqual(code, 0, output.slice(-1500));
  assert.match(output, expected);
  assert.match(output, /Verify return code: 0 \(ok\)/);
}]);

runCases(cases);
