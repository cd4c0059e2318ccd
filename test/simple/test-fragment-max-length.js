'use strict';
// The client option maxFragmentLength (RFC 6066: 512, 1024, 2048 or 4096)
// asks the server for small records; a securepair server agrees and then
// sends records no larger, whatever the application writes. Other values
// are refused at once.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { watchSocket, OVERHEAD } = require('../tls-records');
const { fixtures } = common;

const PAYLOAD = Buffer.alloc(30000, 'r');

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end(PAYLOAD));

function fetch(version, size) {
  return new Promise((resolve) => {
    const raw = net.connect(server.address().port);
    const wire = watchSocket(raw);
    const client = tls.connect({
      socket: raw, ca: fixtures.read('ca1-cert.pem'), servername: 'localhost',
      maxVersion: version, maxFragmentLength: size,
    }, common.mustCall());
    let got = 0;
    client.on('data', (d) => { got += d.length; });
    client.on('end', common.mustCall(() => {
      assert.strictEqual(got, PAYLOAD.length);
      resolve(wire.received);
    }));
  });
}

server.listen(0, common.mustCall(async () => {
  for (const [version, size] of [['TLSv1.2', 512], ['TLSv1.3', 1024], ['TLSv1.3', 4096]]) {
    const received = await fetch(version, size);
    const largest = received.largest();
    assert.ok(largest <= size + OVERHEAD && largest > size,
              `${version} ${size}: server records of ${largest} bytes`);
    assert.ok(received.count() >= PAYLOAD.length / size, `${version} ${size}: record count`);
  }
  for (const bad of [1000, 8192, '512', 0]) {
    assert.throws(() => tls.connect({ port: 1, maxFragmentLength: bad }), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /options\.maxFragmentLength' must be 512, 1024, 2048 or 4096/,
    });
  }
  server.close();
}));
