'use strict';
// securepair client presenting a certificate to `openssl s_server -Verify`,
// which insists on one; and the error a client sees when it has none.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslServer, runCases } = require('./peers');

requireProgram('openssl');

function requireCertServer(version) {
  return opensslServer([
    '-rev', '-naccept', '1', version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3',
    '-cert', fixture('server-ecdsa-cert.pem'), '-key', fixture('server-ecdsa-key.pem'),
    '-Verify', '2', '-CAfile', fixture('ca1-cert.pem'), '-verify_return_error',
  ]);
}

function talk(port, options) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', ca: readFixture('ca1-cert.pem'), ...options });
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('secureConnect', () => socket.write('abc\n'));
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\n')) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(reply));
  });
}

const cases = [];
for (const version of ['TLSv1.2', 'TLSv1.3']) {
  cases.push([`${version}: client certificate accepted`, async () => {
    const server = await requireCertServer(version);
    const reply = await talk(server.port, {
      key: readFixture('client-key.pem'), cert: readFixture('client-cert.pem'),
    });
    assert.strictEqual(reply, 'cba\n');
    await server.exited;
    assert.match(server.output.text, /CN ?= ?client1/);
  }]);

  cases.push([`${version}: no client certificate, server refuses`, async () => {
    const server = await requireCertServer(version);
    const err = await talk(server.port, {}).then(
      () => new Error('expected the server to refuse'), (e) => e);
    // TLS 1.2 fails inside the handshake; with TLS 1.3 the client may finish
    // first and learn of the refusal from the alert that follows.
    assert.ok(err.code, `error has a code: ${err.stack}`);
    assert.match(err.code, /^(ERR_SSL_|ECONNRESET)/);
    await server.exited;
  }]);
}

runCases(cases);
