'use strict';
// ALPN against openssl in both roles: `s_client -alpn` sees the protocol a
// securepair server picks (from ALPNProtocols in the server's order, or
// from ALPNCallback), and a server whose list the client's does not meet
// sends the no_application_protocol alert s_client reports; a securepair
// client offering ALPNProtocols to `s_server -alpn` gets s_server's pick.
const assert = require('assert');
const {
  tls, fixture, readFixture, requireProgram, opensslInteractive, opensslEcho, runCases,
} = require('./peers');

requireProgram('openssl');

const creds = { key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem') };

function listen(options) {
  const seen = [];
  const server = tls.createServer({ ...creds, ...options }, (socket) => {
    seen.push(socket.alpnProtocol);
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => socket.end());
  });
  server.on('tlsClientError', (err) => seen.push(err.code));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen })));
}

const cases = [];
for (const version of ['-tls1_2', '-tls1_3']) {
  cases.push([`s_client -alpn, server preference ${version}`, async () => {
    const { server, seen } = await listen({ ALPNProtocols: ['http/1.1', 'h2'] });
    const { code, output, echoed } = await opensslEcho(server.address().port,
                                                       [version, '-alpn', 'h2,http/1.1'], 'hi\n');
    assert.ok(echoed, output);
    server.close();
    assert.strictEqual(code, 0, output);
    assert.match(output, /ALPN protocol: http\/1\.1/);
    assert.deepStrictEqual(seen, ['http/1.1']);
  }]);
}

cases.push(['s_client -alpn with no overlap gets the alert', async () => {
  const { server, seen } = await listen({ ALPNProtocols: ['h2'] });
  const { code, output } = await opensslEcho(server.address().port, ['-alpn', 'spdy/1'], 'x\n');
  server.close();
  assert.notStrictEqual(code, 0);
  assert.match(output, /no application protocol/);
  assert.deepStrictEqual(seen, ['ERR_SSL_NO_APPLICATION_PROTOCOL']);
}]);

cases.push(['s_client -alpn to an ALPNCallback server', async () => {
  const asked = [];
  const { server, seen } = await listen({
    ALPNCallback: ({ servername, protocols }) => {
      asked.push([servername, protocols]);
      return protocols.includes('acme-tls/1') ? 'acme-tls/1' : undefined;
    },
  });
  const { code, output, echoed } = await opensslEcho(server.address().port,
                                                     ['-servername', 'host.test', '-alpn',
                                                      'h2,acme-tls/1'], 'y\n');
  assert.ok(echoed, output);
  server.close();
  assert.strictEqual(code, 0, output);
  assert.match(output, /ALPN protocol: acme-tls\/1/);
  assert.deepStrictEqual(asked, [['host.test', ['h2', 'acme-tls/1']]]);
  assert.deepStrictEqual(seen, ['acme-tls/1']);
}]);

for (const version of ['TLSv1.2', 'TLSv1.3']) {
  cases.push([`securepair client to s_server -alpn ${version}`, async () => {
    const peer = await opensslInteractive('s_server', [
      '-accept', '127.0.0.1:0', '-cert', fixture('server-rsa-cert.pem'),
      '-key', fixture('server-rsa-key.pem'), '-alpn', 'x-proto,h2']);
    try {
      const alpn = await new Promise((resolve, reject) => {
        const client = tls.connect({
          port: peer.port, host: '127.0.0.1', servername: 'localhost',
          ca: readFixture('ca1-cert.pem'), maxVersion: version,
          ALPNProtocols: ['h2', 'x-proto'],
        }, () => {
          resolve(client.alpnProtocol);
          client.end();
        });
        client.on('error', reject);
      });
      assert.strictEqual(alpn, 'x-proto');
      await peer.waitFor(/ALPN protocols advertised by the client: h2, x-proto/);
    } finally {
      peer.proc.kill();
    }
  }]);
}

runCases(cases);
