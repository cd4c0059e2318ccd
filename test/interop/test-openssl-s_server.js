'use strict';
// securepair client against `openssl s_server`: TLS 1.2 and 1.3, RSA and
// ECDSA server keys, certificate and host verified, SNI sent, data both ways,
// clean close.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslServer, runCases } = require('./peers');

requireProgram('openssl');

function exchange(port, options, line) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost',
                                 ca: readFixture('ca1-cert.pem'), ...options });
    let reply = '';
    let seen;
    socket.setEncoding('utf8');
    socket.on('secureConnect', () => {
      seen = { authorized: socket.authorized, protocol: socket.getProtocol(),
               peer: socket.getPeerCertificate() };
      socket.write(line + '\n');
    });
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\n')) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ ...seen, reply }));
  });
}

const cases = [];
for (const version of ['TLSv1.2', 'TLSv1.3']) {
  for (const kind of ['rsa', 'ecdsa']) {
    cases.push([`${version} ${kind}`, async () => {
      const server = await opensslServer([
        '-rev', '-naccept', '1', version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3',
        '-cert', fixture(`server-${kind}-cert.pem`), '-key', fixture(`server-${kind}-key.pem`),
        // Answer only the name we send, so the SNI is proven to arrive.
        '-servername', 'localhost', '-servername_fatal',
        '-cert2', fixture(`server-${kind}-cert.pem`), '-key2', fixture(`server-${kind}-key.pem`),
      ]);
      const line = `hello ${version} ${kind}`;
      const seen = await exchange(server.port, {}, line);
      assert.strictEqual(seen.reply, line.split('').reverse().join('') + '\n');
      assert.strictEqual(seen.authorized, true);
      assert.strictEqual(seen.protocol, version);
      assert.strictEqual(seen.peer.subject.CN, 'localhost');
      const expectedKey = kind === 'rsa' ? 'modulus' : 'nistCurve';
      assert.ok(seen.peer[expectedKey], `peer certificate has ${expectedKey}`);
      await server.exited;
      assert.match(server.output.text, /Hostname in TLS extension: "localhost"/);
      assert.match(server.output.text, new RegExp(`Protocol version: ${version.replace('.', '\\.')}`));
    }]);
  }
}

cases.push(['a server name the peer does not serve is refused by it', async () => {
  const server = await opensslServer([
    '-naccept', '1', '-cert', fixture('server-rsa-cert.pem'), '-key', fixture('server-rsa-key.pem'),
    '-servername', 'other.test', '-servername_fatal',
    '-cert2', fixture('server-rsa-cert.pem'), '-key2', fixture('server-rsa-key.pem'),
  ]);
  const err = await new Promise((resolve) => {
    const socket = tls.connect({ port: server.port, host: '127.0.0.1', servername: 'localhost',
                                 ca: readFixture('ca1-cert.pem') });
    socket.on('secureConnect', () => resolve(new Error('connected')));
    socket.on('error', resolve);
  });
  assert.match(err.code, /^ERR_SSL_/, `alert surfaces with an SSL code, got ${err.code}`);
  await server.exited;
}]);

runCases(cases);
