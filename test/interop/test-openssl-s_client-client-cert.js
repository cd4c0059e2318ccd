'use strict';
// A securepair server that asks for client certificates, with
// `openssl s_client` presenting a trusted one, an untrusted one, or none.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslClient, opensslEcho, runCases } = require('./peers');

requireProgram('openssl');

function server(rejectUnauthorized) {
  const seen = { secure: [], clientErrors: [] };
  const srv = tls.createServer({
    key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'),
    ca: readFixture('ca1-cert.pem'), requestCert: true, rejectUnauthorized,
  }, (socket) => {
    seen.secure.push({ authorized: socket.authorized,
                       authorizationError: socket.authorizationError,
                       peer: socket.getPeerCertificate() });
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  srv.on('tlsClientError', (e) => seen.clientErrors.push(e));
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ srv, seen })));
}

const trusted = ['-cert', fixture('client-cert.pem'), '-key', fixture('client-key.pem')];
const untrusted = ['-cert', fixture('client2-cert.pem'), '-key', fixture('client2-key.pem')];
const common = ['-CAfile', fixture('ca1-cert.pem')];
// Distinctive, so it cannot be mistaken for s_client's own session dump.
const line = 'client-certificate echo 7f3a\n';
const settle = () => new Promise((r) => setTimeout(r, 150));

const cases = [];
for (const flag of ['-tls1_2', '-tls1_3']) {
  cases.push([`${flag}: trusted client certificate is authorized`, async () => {
    const { srv, seen } = await server(true);
    const { output, echoed } = await opensslEcho(srv.address().port, [flag, ...common, ...trusted], line);
    srv.close();
    await settle();
    assert.ok(echoed, output.slice(-2000));
    assert.strictEqual(seen.secure.length, 1);
    assert.strictEqual(seen.secure[0].authorized, true);
    assert.strictEqual(seen.secure[0].peer.subject.CN, 'client1');
    assert.deepStrictEqual(seen.clientErrors, []);
  }]);

  cases.push([`${flag}: untrusted client certificate is refused`, async () => {
    const { srv, seen } = await server(true);
    await opensslClient(srv.address().port, [flag, ...common, ...untrusted], 'hi\n');
    srv.close();
    await settle();
    assert.strictEqual(seen.secure.length, 0);
    assert.strictEqual(seen.clientErrors.length, 1);
    assert.ok(seen.clientErrors[0].code, 'error has a code');
  }]);

  cases.push([`${flag}: without rejectUnauthorized the reason is reported`, async () => {
    const { srv, seen } = await server(false);
    const { output, echoed } = await opensslEcho(srv.address().port, [flag, ...common, ...untrusted], line);
    srv.close();
    await settle();
    assert.ok(echoed, output.slice(-2000));
    assert.strictEqual(seen.secure.length, 1);
    assert.strictEqual(seen.secure[0].authorized, false);
    assert.strictEqual(seen.secure[0].authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.strictEqual(seen.secure[0].peer.subject.CN, 'client2');
  }]);
}

runCases(cases);
