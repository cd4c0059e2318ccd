'use strict';
// The RFC 6066 max_fragment_length extension with OpenSSL on the other
// end. A securepair client asking for 512-byte fragments gets records no
// larger from `openssl s_server` (which reports the extension); and
// `openssl s_client -maxfraglen 512` gets records no larger from a
// securepair server (its -trace shows every record's length).
const assert = require('assert');
const net = require('net');
const { tls, fixture, readFixture, requireProgram, opensslServer, opensslClient,
        runCases } = require('./peers');
const { watchSocket, OVERHEAD } = require('../tls-records');

requireProgram('openssl');

const BULK = 'x'.repeat(12000) + '\n';

const cases = [];

for (const version of ['TLSv1.2', 'TLSv1.3']) {
  cases.push([`securepair client, maxFragmentLength 512, ${version}`, async () => {
    const server = await opensslServer([
      '-naccept', '1', '-tlsextdebug', version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3',
      '-cert', fixture('server-rsa-cert.pem'), '-key', fixture('server-rsa-key.pem'),
    ]);
    const received = await new Promise((resolve, reject) => {
      const raw = net.connect(server.port, '127.0.0.1');
      const wire = watchSocket(raw);
      const socket = tls.connect({ socket: raw, servername: 'localhost',
                                   ca: readFixture('ca1-cert.pem'), maxFragmentLength: 512 });
      let got = '';
      socket.setEncoding('utf8');
      // s_server sends what it reads on stdin.
      socket.on('secureConnect', () => server.proc.stdin.write(BULK));
      socket.on('data', (d) => {
        got += d;
        if (got.length === BULK.length) socket.end();
      });
      socket.on('error', reject);
      socket.on('close', () => {
        assert.strictEqual(got, BULK);
        resolve(wire.received);
      });
    });
    await server.exited;
    assert.match(server.output.text, /TLS client extension "max fragment length"/);
    const largest = received.largest();
    assert.ok(largest <= 512 + OVERHEAD && largest > 512, `records of ${largest} bytes`);
    assert.ok(received.count() >= BULK.length / 512);
  }]);
}

cases.push(['openssl s_client -maxfraglen 512 against a securepair server', async () => {
  const server = tls.createServer({
    key: readFixture('server-rsa-key.pem'),
    cert: readFixture('server-rsa-cert.pem'),
  }, (socket) => {
    socket.on('error', () => {});
    socket.end(BULK);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { output } = await opensslClient(server.address().port,
                                         ['-maxfraglen', '512', '-trace', '-tls1_3', '-ign_eof'],
                                         '');
  server.close();
  assert.match(output, /extension_type=max_fragment_length\(1\)/);
  const lengths = [...output.matchAll(
    /Received Record\nHeader:\n {2}Version = [^\n]+\n {2}Content Type = ApplicationData \(23\)\n {2}Length = (\d+)/g)]
    .map((m) => Number(m[1]));
  assert.ok(lengths.length >= BULK.length / 512, `${lengths.length} records`);
  const largest = Math.max(...lengths);
  assert.ok(largest <= 512 + OVERHEAD && largest > 512, `records of ${largest} bytes`);
  assert.ok(output.includes('x'.repeat(500)), 's_client got the data');
}]);

runCases(cases);
