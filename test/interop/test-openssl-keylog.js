'use strict';
// Key log lines in the format OpenSSL writes: a securepair server with
// SSLKEYLOGFILE set and `openssl s_client -keylogfile` log the very same
// lines for the same handshake (both ends derive the same secrets), so a
// capture of that connection can be decrypted by Wireshark from either
// file. TLS 1.3 (CLIENT_HANDSHAKE_TRAFFIC_SECRET and the rest) and TLS 1.2
// (CLIENT_RANDOM).
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { tls, readFixture, requireProgram, opensslClient, runCases } = require('./peers');

requireProgram('openssl');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-keylog-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

function secrets(file) {
  return fs.readFileSync(file, 'utf8').split('\n')
    .filter((line) => line !== '' && !line.startsWith('#')).sort();
}

const cases = [];
for (const [flag, label] of [['-tls1_3', 'CLIENT_HANDSHAKE_TRAFFIC_SECRET'],
                             ['-tls1_2', 'CLIENT_RANDOM']]) {
  cases.push([`same lines as s_client -keylogfile (${flag})`, async () => {
    const ours = path.join(dir, `securepair${flag}.log`);
    const theirs = path.join(dir, `openssl${flag}.log`);
    process.env.SSLKEYLOGFILE = ours;
    const server = tls.createServer({
      key: readFixture('server-rsa-key.pem'),
      cert: readFixture('server-rsa-cert.pem'),
    }, (socket) => {
      socket.on('error', () => {});
      socket.end('logged\n');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { output } = await opensslClient(server.address().port,
                                           [flag, '-keylogfile', theirs, '-ign_eof'], '');
    server.close();
    delete process.env.SSLKEYLOGFILE;
    assert.match(output, /logged/);
    const mine = secrets(ours);
    assert.ok(mine.some((line) => line.startsWith(`${label} `)), mine.join('\n'));
    assert.deepStrictEqual(mine, secrets(theirs));
  }]);
}

runCases(cases);
