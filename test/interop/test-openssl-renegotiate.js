'use strict';
// socket.renegotiate() from a securepair client against `openssl s_server
// -tls1_2`: with -client_renegotiation the new handshake completes (the
// callback gets null, 'secureConnect' comes again) and data flows both ways
// before and after; without it s_server refuses and the client's
// connection fails with ERR_SSL_NO_RENEGOTIATION.
const assert = require('assert');
const {
  tls, fixture, readFixture, requireProgram, opensslInteractive, runCases,
} = require('./peers');

requireProgram('openssl');

function sServer(extra) {
  return opensslInteractive('s_server', [
    '-accept', '127.0.0.1:0', '-tls1_2', '-cert', fixture('server-rsa-cert.pem'),
    '-key', fixture('server-rsa-key.pem'), ...extra]);
}

function connect(port) {
  return new Promise((resolve, reject) => {
    const client = tls.connect({
      port, host: '127.0.0.1', servername: 'localhost', ca: readFixture('ca1-cert.pem'),
    }, () => resolve(client));
    client.on('error', reject);
  });
}

function nextData(socket) {
  return new Promise((resolve) => socket.once('data', (d) => resolve(String(d))));
}

runCases([
  ['accepted by s_server -client_renegotiation', async () => {
    const peer = await sServer(['-client_renegotiation']);
    try {
      const client = await connect(peer.port);
      let connects = 1;
      client.on('secureConnect', () => connects++);
      client.write('before\n');
      await peer.waitFor(/before\n/);
      peer.send('from server 1\n');
      assert.strictEqual(await nextData(client), 'from server 1\n');

      const err = await new Promise((resolve) => {
        assert.strictEqual(client.renegotiate({}, resolve), true);
      });
      assert.strictEqual(err, null);
      assert.strictEqual(connects, 2);
      assert.strictEqual(client.authorized, true);

      client.write('after\n');
      await peer.waitFor(/after\n/);
      peer.send('from server 2\n');
      assert.strictEqual(await nextData(client), 'from server 2\n');
      client.end();
    } finally {
      peer.proc.kill();
    }
  }],
  ['refused by a default s_server', async () => {
    const peer = await sServer([]);
    try {
      const client = await connect(peer.port);
      const err = await new Promise((resolve) => {
        client.once('error', resolve);
        client.renegotiate({}, () => resolve(new Error('the renegotiation completed')));
      });
      assert.strictEqual(err.code, 'ERR_SSL_NO_RENEGOTIATION');
    } finally {
      peer.proc.kill();
    }
  }],
]);
