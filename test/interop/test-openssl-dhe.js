'use strict';
// Finite-field DHE with real peers. `openssl s_client` that takes only
// DHE-RSA-AES128-GCM-SHA256 (TLS 1.2) gets it from a securepair server
// with `dhparam` (PEM or 'auto') and sees a 2048-bit DH key; a securepair
// client against `openssl s_server -dhparam` reports the key in
// getEphemeralKeyInfo(), and refuses it when below its minDHSize.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslClient, opensslServer,
        runCases } = require('./peers');

requireProgram('openssl');

function serve(dhparam) {
  const server = tls.createServer({
    key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'), dhparam,
  }, (socket) => {
    socket.resume();
    socket.on('end', () => socket.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function connect(port, minDHSize) {
  return new Promise((resolve) => {
    const socket = tls.connect({
      port, host: '127.0.0.1', servername: 'localhost', ca: readFixture('ca1-cert.pem'),
      ciphers: 'DHE-RSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2', minDHSize,
    }, () => {
      resolve({ cipher: socket.getCipher().name, key: socket.getEphemeralKeyInfo() });
      socket.end();
    });
    socket.on('error', (error) => resolve({ error }));
    socket.resume();
  });
}

const cases = [];
for (const [name, dhparam] of [['PEM', readFixture('dhparam-2048.pem')], ['auto', 'auto']]) {
  cases.push([`s_client, dhparam ${name}`, async () => {
    const server = await serve(dhparam);
    const { code, output } = await opensslClient(server.address().port, [
      '-tls1_2', '-cipher', 'DHE-RSA-AES128-GCM-SHA256', '-CAfile', fixture('ca1-cert.pem'),
      '-verify_return_error', '-servername', 'localhost',
    ], '');
    server.close();
    assert.strictEqual(code, 0, output.slice(-1500));
    assert.match(output, /Cipher is DHE-RSA-AES128-GCM-SHA256/);
    assert.match(output, /Server Temp Key: DH, 2048 bits/);
  }]);
}

cases.push(['s_server -dhparam: the key is reported, minDHSize holds', async () => {
  const server = await opensslServer([
    '-naccept', '2', '-tls1_2', '-dhparam', fixture('dhparam-2048.pem'),
    '-cert', fixture('server-rsa-cert.pem'), '-key', fixture('server-rsa-key.pem'),
  ]);
  const ok = await connect(server.port, 2048);
  assert.strictEqual(ok.cipher, 'DHE-RSA-AES128-GCM-SHA256');
  assert.deepStrictEqual(ok.key, { type: 'DH', size: 2048 });
  const refused = await connect(server.port, 3072);
  assert.strictEqual(refused.error.code, 'ERR_TLS_DH_PARAM_SIZE');
  await server.exited;
}]);

runCases(cases);
