'use strict';
// The low-level ssl face over real sockets against OpenSSL, with
// non-blocking callbacks (want-read / want-write cycles):
//  - a tls-client with the CA and a host name, against s_server -rev;
//  - the document's PSK-only client ("Client_identity", key
//    0123456789abcdef) against s_server -psk -nocert, TLS 1.2 and 1.3;
//  - a tls-server with no certificate of its own (the generated one) and
//    a PSK tls-server, each with s_client.
const assert = require('assert');
const net = require('net');
const { fixture, readFixture, requireProgram, opensslServer, opensslClient,
        runCases } = require('./peers');
const ssl = require('../../lib/ssl');
const { SocketBio } = require('../ssl-socket');

requireProgram('openssl');

function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

// Writes a line to an s_server -rev peer and reads the reversed line.
async function reverse(port, cfg, hostname) {
  const socket = await connect(port);
  const bio = new SocketBio(socket);
  const ctx = bio.context(cfg);
  if (hostname) assert.deepStrictEqual(ctx.sethostname(hostname), [true]);
  const [ok, err] = await bio.run(() => ctx.handshake());
  assert.strictEqual(ok, true, err);
  await bio.run(() => ctx.write('small device\n'));
  let reply = '';
  while (!reply.endsWith('\n')) {
    const [data, failure] = await bio.run(() => ctx.read(100));
    assert.ok(data, failure);
    reply += data;
  }
  await bio.run(() => ctx.closenotify());
  socket.end();
  return { reply, wantReads: bio.wantReads };
}

const cases = [];

for (const version of ['-tls1_2', '-tls1_3']) {
  cases.push([`tls-client with CA and host name, ${version}`, async () => {
    const server = await opensslServer(['-rev', '-naccept', '1', version,
                                        '-cert', fixture('server-ecdsa-cert.pem'),
                                        '-key', fixture('server-ecdsa-key.pem'),
                                        // Reports the SNI name it receives.
                                        '-servername', 'localhost',
                                        '-cert2', fixture('server-ecdsa-cert.pem'),
                                        '-key2', fixture('server-ecdsa-key.pem')]);
    const cfg = ssl.newconfig('tls-client', readFixture('ca1-cert.pem').toString());
    const { reply, wantReads } = await reverse(server.port, cfg, 'localhost');
    assert.strictEqual(reply, 'ecived llams\n');
    assert.ok(wantReads > 0);
    await server.exited;
    assert.match(server.output.text, /Hostname in TLS extension: "localhost"/);
  }]);

  cases.push([`PSK-only tls-client against s_server -psk -nocert, ${version}`, async () => {
    const server = await opensslServer(['-rev', '-naccept', '1', version, '-nocert',
                                        '-psk', '0123456789abcdef',
                                        '-psk_identity', 'Client_identity']);
    const cfg = ssl.newconfig('tls-client', null, null, null, 'Client_identity',
                              '0123456789abcdef');
    const { reply } = await reverse(server.port, cfg);
    assert.strictEqual(reply, 'ecived llams\n');
    await server.exited;
    assert.match(server.output.text, /No peer certificate/);
    if (version === '-tls1_2') assert.match(server.output.text, /Ciphersuite: \S*PSK\S*/);
    else assert.match(server.output.text, /\b1 session cache hits/);
  }]);
}

// A tls-server behind a TCP listener, answering one request.
function sslServer(cfg) {
  const server = net.createServer(async (socket) => {
    const bio = new SocketBio(socket);
    const ctx = bio.context(cfg);
    const [ok] = await bio.run(() => ctx.handshake());
    if (!ok) return socket.destroy();
    const [line] = await bio.run(() => ctx.read(100));
    if (line) await bio.run(() => ctx.write(`served ${line}`));
    await bio.run(() => ctx.closenotify());
    socket.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

cases.push(['tls-server with the generated certificate, s_client', async () => {
  const server = await sslServer(ssl.newconfig('tls-server'));
  const { output } = await opensslClient(server.address().port,
                                         ['-servername', 'localhost', '-ign_eof'], 'ping\n');
  server.close();
  assert.match(output, /subject=CN = localhost/);
  assert.match(output, /Peer signature type: ECDSA/);
  assert.match(output, /served ping/);
}]);

cases.push(['PSK tls-server, s_client -psk', async () => {
  const server = await sslServer(ssl.newconfig('tls-server', null, null, null, 'Client_identity',
                                               '0123456789abcdef'));
  const { output } = await opensslClient(server.address().port, [
    '-tls1_2', '-cipher', 'PSK-AES128-GCM-SHA256', '-psk', '0123456789abcdef',
    '-psk_identity', 'Client_identity', '-ign_eof'], 'ping\n');
  server.close();
  assert.match(output, /Cipher is PSK-AES128-GCM-SHA256/);
  assert.match(output, /served ping/);
}]);

runCases(cases);
