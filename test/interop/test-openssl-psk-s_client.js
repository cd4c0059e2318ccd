'use strict';
// `openssl s_client -psk` against a securepair server whose only
// credential is its pskCallback: TLS 1.2 (the identity hint reaches
// s_client) and TLS 1.3 (s_client reports the PSK as a resumption); an
// unknown identity is refused and the server reports it.
const assert = require('assert');
const { tls, requireProgram, opensslClient, runCases } = require('./peers');

requireProgram('openssl');

const HEX = '11223344556677889900aabbccddeeff0102030405060708';
const KEY = Buffer.from(HEX, 'hex');

function startServer(options) {
  const seen = { identities: [], errors: [], secure: 0 };
  const server = tls.createServer({
    pskIdentityHint: 'hub-9',
    pskCallback(socket, identity) {
      seen.identities.push(identity);
      return identity === 'probe' ? KEY : null;
    },
    ...options,
  }, (socket) => {
    seen.secure++;
    seen.protocol = socket.getProtocol();
    seen.cipher = socket.getCipher().name;
    socket.on('data', () => {});
    socket.on('error', () => {});
    // s_client runs with -ign_eof: it stays until the server closes.
    socket.end('served\n');
  });
  server.on('tlsClientError', (err) => seen.errors.push(err));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen })));
}

const cases = [];

cases.push(['TLS 1.2 PSK-AES256-GCM-SHA384', async () => {
  const { server, seen } = await startServer({ ciphers: 'PSK-AES256-GCM-SHA384' });
  const { output } = await opensslClient(server.address().port, [
    '-tls1_2', '-cipher', 'PSK-AES256-GCM-SHA384', '-psk', HEX, '-psk_identity', 'probe',
    '-ign_eof'], 'hi\n');
  server.close();
  assert.match(output, /Cipher is PSK-AES256-GCM-SHA384/);
  assert.match(output, /PSK identity hint: hub-9/);
  assert.match(output, /served/);
  assert.deepStrictEqual(seen.identities, ['probe']);
  assert.strictEqual(seen.protocol, 'TLSv1.2');
}]);

cases.push(['TLS 1.3 external PSK', async () => {
  const { server, seen } = await startServer({});
  const { output } = await opensslClient(server.address().port, [
    '-tls1_3', '-psk', HEX, '-psk_identity', 'probe', '-ign_eof'], 'hi\n');
  server.close();
  assert.match(output, /Reused, TLSv1\.3/, 's_client resumed with the PSK');
  assert.match(output, /served/);
  assert.deepStrictEqual(seen.identities, ['probe']);
  assert.strictEqual(seen.protocol, 'TLSv1.3');
}]);

cases.push(['an unknown identity is refused', async () => {
  const { server, seen } = await startServer({});
  const { output } = await opensslClient(server.address().port, [
    '-tls1_3', '-psk', HEX, '-psk_identity', 'stranger',
  ], 'hi\n');
  await new Promise((resolve) => setTimeout(resolve, 100));
  server.close();
  assert.doesNotMatch(output, /served/);
  assert.deepStrictEqual(seen.identities, ['stranger']);
  assert.strictEqual(seen.secure, 0);
  assert.strictEqual(seen.errors.length, 1);
  assert.match(seen.errors[0].code, /^ERR_SSL_/);
}]);

runCases(cases);
