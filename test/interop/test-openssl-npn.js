'use strict';
// NPN against openssl over TLS 1.2 (classic API, kept by securepair):
// `s_client -nextprotoneg` learns what a securepair server advertises and
// picks from it (both sides agree), and a securepair client picks from
// what `s_server -nextprotoneg` advertises. With no common protocol the
// client's own first is used, as NPN allows.
const assert = require('assert');
const {
  tls, fixture, readFixture, requireProgram, opensslInteractive, opensslEcho, runCases,
} = require('./peers');

requireProgram('openssl');

function listen(NPNProtocols) {
  const seen = [];
  const server = tls.createServer({
    key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'),
    NPNProtocols, maxVersion: 'TLSv1.2',
  }, (socket) => {
    seen.push(socket.npnProtocol);
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => socket.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen })));
}

async function sClient(server, wanted) {
  const { code, output, echoed } = await opensslEcho(server.address().port,
                                                     ['-tls1_2', '-nextprotoneg', wanted], 'npn\n');
  assert.strictEqual(code, 0, output);
  assert.ok(echoed, 'data came back');
  return output;
}

const cases = [];
cases.push(['s_client -nextprotoneg against a securepair server', async () => {
  const { server, seen } = await listen(['spdy/2', 'http/1.1']);
  try {
    let output = await sClient(server, 'http/1.1,spdy/2');
    assert.match(output, /Protocols advertised by server: spdy\/2, http\/1\.1/);
    assert.match(output, /Next protocol: \(1\) spdy\/2/);
    output = await sClient(server, 'http/1.1');
    assert.match(output, /Next protocol: \(1\) http\/1\.1/);
    output = await sClient(server, 'other');
    assert.match(output, /Next protocol: \(2\) other/); // no overlap: its own
    assert.deepStrictEqual(seen, ['spdy/2', 'http/1.1', 'other']);
  } finally {
    server.close();
  }
}]);

cases.push(['a securepair client against s_server -nextprotoneg', async () => {
  const peer = await opensslInteractive('s_server', [
    '-accept', '127.0.0.1:0', '-tls1_2', '-cert', fixture('server-rsa-cert.pem'),
    '-key', fixture('server-rsa-key.pem'), '-nextprotoneg', 'spdy/3,http/1.1']);
  try {
    const connect = (NPNProtocols) => new Promise((resolve, reject) => {
      const client = tls.connect({
        port: peer.port, host: '127.0.0.1', servername: 'localhost',
        ca: readFixture('ca1-cert.pem'), NPNProtocols,
      }, () => {
        resolve(client.npnProtocol);
        client.end();
      });
      client.on('error', reject);
    });
    assert.strictEqual(await connect(['http/1.1']), 'http/1.1');
    await peer.waitFor(/NEXTPROTO is http\/1\.1/);
  } finally {
    peer.proc.kill();
  }
}]);

runCases(cases);
