'use strict';
// `crl` against `openssl s_client` presenting client certificates: the
// revoked one is refused in the handshake (s_client hears
// "certificate revoked"), the good one is served.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslClient, runCases } = require('./peers');

requireProgram('openssl');

function serve() {
  const errors = [];
  const server = tls.createServer({
    key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'),
    ca: readFixture('ca1-cert.pem'), crl: readFixture('ca1-crl.pem'), requestCert: true,
  }, (socket) => {
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => socket.end());
  });
  server.on('tlsClientError', (err) => errors.push(err.code));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, errors })));
}

function sClient(port, name) {
  return opensslClient(port, [
    '-cert', fixture(`${name}-cert.pem`), '-key', fixture(`${name}-key.pem`),
    '-CAfile', fixture('ca1-cert.pem'), '-servername', 'localhost',
  ], 'crl\n');
}

runCases([
  ['revoked client certificate', async () => {
    const { server, errors } = await serve();
    const { output } = await sClient(server.address().port, 'revoked');
    server.close();
    assert.match(output, /certificate revoked/);
    assert.ok(!output.includes('crl\n'), 'no data got through');
    assert.deepStrictEqual(errors, ['CERT_REVOKED']);
  }],
  ['good client certificate', async () => {
    const { server, errors } = await serve();
    const { code, output } = await sClient(server.address().port, 'client');
    server.close();
    assert.strictEqual(code, 0, output.slice(-1500));
    assert.ok(output.includes('crl\n'), 'data echoed');
    assert.deepStrictEqual(errors, []);
  }],
]);
