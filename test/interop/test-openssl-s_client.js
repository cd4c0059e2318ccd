'use strict';
// `openssl s_client` against a securepair server: TLS 1.2 and 1.3, RSA and
// ECDSA, s_client verifies our chain and host name, SNI arrives, data both
// ways, and s_client's close_notify ends the stream cleanly.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslClient, opensslEcho, runCases } = require('./peers');

requireProgram('openssl');

function echoServer(kind) {
  const seen = [];
  const server = tls.createServer({
    key: readFixture(`server-${kind}-key.pem`), cert: readFixture(`server-${kind}-cert.pem`),
  }, (socket) => {
    const info = { servername: socket.servername, protocol: socket.getProtocol(),
                   ended: false, errors: [] };
    seen.push(info);
    socket.on('error', (e) => info.errors.push(e));
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => {
      info.ended = true;
      socket.end();
    });
  });
  server.on('tlsClientError', (e) => seen.push({ clientError: e }));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen })));
}

const cases = [];
for (const version of ['TLSv1.2', 'TLSv1.3']) {
  for (const kind of ['rsa', 'ecdsa']) {
    cases.push([`${version} ${kind}`, async () => {
      const { server, seen } = await echoServer(kind);
      const flag = version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3';
      const { code, output, echoed } = await opensslEcho(server.address().port, [
        flag, '-servername', 'localhost', '-verify_hostname', 'localhost',
        '-CAfile', fixture('ca1-cert.pem'), '-verify_return_error',
      ], `ping ${version} ${kind}\n`);
      server.close();
      assert.strictEqual(code, 0, output.slice(-2000));
      assert.match(output, /Verify return code: 0 \(ok\)/);
      assert.match(output, new RegExp(`Protocol *: ${version.replace('.', '\\.')}`));
      assert.ok(echoed, 'echo came back');
      await new Promise((r) => setTimeout(r, 100));
      assert.strictEqual(seen.length, 1, JSON.stringify(seen));
      assert.strictEqual(seen[0].servername, 'localhost');
      assert.strictEqual(seen[0].protocol, version);
      assert.strictEqual(seen[0].ended, true, 'close_notify from s_client ended the stream');
      assert.deepStrictEqual(seen[0].errors, []);
    }]);
  }
}

cases.push(['s_client refuses a server whose CA it does not trust', async () => {
  const { server, seen } = await echoServer('rsa');
  const { code, output } = await opensslClient(server.address().port, [
    '-CAfile', fixture('ca2-cert.pem'), '-verify_return_error',
  ], 'x\n');
  server.close();
  assert.notStrictEqual(code, 0);
  assert.match(output, /unable to get local issuer certificate/);
  await new Promise((r) => setTimeout(r, 100));
  // The server learns of it through tlsClientError with an alert code.
  assert.strictEqual(seen.length, 1);
  assert.match(seen[0].clientError.code, /^ERR_SSL_(TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT)/);
}]);

runCases(cases);
