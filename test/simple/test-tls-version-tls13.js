'use strict';
// minVersion 'TLSv1.3' forces TLS 1.3; the negotiated suite is a TLS 1.3 one.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  minVersion: 'TLSv1.3',
}, common.mustCall((socket) => {
  assert.strictEqual(socket.getProtocol(), 'TLSv1.3');
  socket.end('done');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    minVersion: 'TLSv1.3',
  }, common.mustCall(() => {
    assert.strictEqual(client.getProtocol(), 'TLSv1.3');
    const cipher = client.getCipher();
    assert.match(cipher.name, /^TLS_(AES|CHACHA20)_/);
    assert.strictEqual(cipher.version, 'TLSv1.3');
    assert.strictEqual(cipher.standardName, cipher.name);
  }));
  client.resume();
  client.on('end', common.mustCall(() => server.close()));
}));
