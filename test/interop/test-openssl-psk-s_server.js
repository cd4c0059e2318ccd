'use strict';
// securepair client with pskCallback against `openssl s_server -psk ...
// -nocert`, a server that has no certificate at all, so only a PSK
// handshake can succeed: TLS 1.2 plain and ECDHE PSK suites (the server's
// identity hint reaches the callback) and TLS 1.3 external PSK (which
// s_server counts as a session cache hit). A wrong key fails with a code.
const assert = require('assert');
const { tls, requireProgram, opensslServer, runCases } = require('./peers');

requireProgram('openssl');

const HEX = '6a0b3c9d1e2f30415263748596a7b8c9';
const KEY = Buffer.from(HEX, 'hex');

function pskServer(extra) {
  return opensslServer(['-rev', '-naccept', '1', '-nocert', '-psk', HEX,
                        '-psk_identity', 'gateway', '-psk_hint', 'site-4', ...extra]);
}

function exchange(port, options, key = KEY) {
  return new Promise((resolve, reject) => {
    const hints = [];
    const socket = tls.connect({
      port,
      host: '127.0.0.1',
      checkServerIdentity: () => undefined,
      pskCallback(hint) {
        hints.push(hint);
        return { psk: key, identity: 'gateway' };
      },
      ...options,
    });
    let seen;
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('secureConnect', () => {
      seen = { protocol: socket.getProtocol(), cipher: socket.getCipher().name,
               authorized: socket.authorized, peer: socket.getPeerCertificate() };
      socket.write('sensor data\n');
    });
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\n')) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ ...seen, reply, hints }));
  });
}

const cases = [];

for (const cipher of ['PSK-AES128-GCM-SHA256', 'ECDHE-PSK-AES128-CBC-SHA256']) {
  cases.push([`TLS 1.2 ${cipher}`, async () => {
    const server = await pskServer(['-tls1_2', '-cipher', cipher]);
    const seen = await exchange(server.port, { maxVersion: 'TLSv1.2', ciphers: cipher });
    assert.strictEqual(seen.protocol, 'TLSv1.2');
    assert.strictEqual(seen.cipher, cipher);
    assert.strictEqual(seen.reply, 'atad rosnes\n');
    assert.deepStrictEqual(seen.hints, ['site-4']);
    assert.deepStrictEqual(seen.peer, {});
    await server.exited;
    assert.match(server.output.text, new RegExp(`Ciphersuite: ${cipher}`));
    assert.match(server.output.text, /No peer certificate/);
  }]);
}

cases.push(['TLS 1.3 external PSK', async () => {
  const server = await pskServer(['-tls1_3']);
  const seen = await exchange(server.port, {});
  assert.strictEqual(seen.protocol, 'TLSv1.3');
  assert.strictEqual(seen.reply, 'atad rosnes\n');
  assert.deepStrictEqual(seen.hints, [null], 'TLS 1.3 has no identity hint');
  assert.strictEqual(seen.authorized, true);
  await server.exited;
  assert.match(server.output.text, /Protocol version: TLSv1\.3/);
  assert.match(server.output.text, /\b1 session cache hits/, 'the PSK was used');
}]);

cases.push(['a wrong key fails the handshake with a code', async () => {
  const server = await pskServer(['-tls1_3']);
  const err = await exchange(server.port, {}, Buffer.alloc(16, 9)).then(
    () => new Error('connected'), (e) => e);
  assert.match(err.code, /^ERR_SSL_/, `got ${err.code}: ${err.message}`);
  await server.exited;
}]);

runCases(cases);
