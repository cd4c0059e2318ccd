'use strict';
// The 'keylog' event, as in Node: each line is a Buffer in NSS key log
// format ending in a newline, emitted during the handshake (before
// 'secureConnect'); a server emits ('keylog', line, tlsSocket) for its
// sockets, every one of them. Both ends log the same secrets.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const LINE = /^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64,}\n$/;
const serverLines = [];
const clientLines = [];

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  minVersion: 'TLSv1.3',
}, common.mustCall((socket) => socket.end('bye'), 2));

server.on('keylog', common.mustCallAtLeast((line, socket) => {
  assert.ok(Buffer.isBuffer(line));
  assert.match(line.toString(), LINE);
  assert.ok(socket instanceof tls.TLSSocket);
  serverLines.push(line.toString());
}, 5));

server.listen(0, common.mustCall(() => {
  let secure = false;
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
  }, common.mustCall(() => { secure = true; }));
  client.on('keylog', common.mustCall((line) => {
    assert.strictEqual(secure, false, 'lines come during the handshake');
    assert.ok(Buffer.isBuffer(line));
    assert.match(line.toString(), LINE);
    clientLines.push(line.toString());
  }, 5));
  client.resume();
  client.on('end', common.mustCall(() => {
    const labels = clientLines.map((l) => l.split(' ')[0]).sort();
    assert.deepStrictEqual(labels, [
      'CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'EXPORTER_SECRET',
      'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0',
    ]);
    assert.deepStrictEqual([...serverLines].sort(), [...clientLines].sort());

    // A client that does not listen: the server logs that one too.
    const quiet = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem'),
                                servername: 'localhost' }, common.mustCall());
    quiet.on('data', () => {});
    quiet.on('end', common.mustCall(() => {
      assert.strictEqual(serverLines.length, 10);
      server.close();
    }));
  }));
}));
