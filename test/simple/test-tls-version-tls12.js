'use strict';
// maxVersion 'TLSv1.2' on the client forces TLS 1.2; both ends report it
// and a TLS 1.2 cipher.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  assert.strictEqual(socket.getProtocol(), 'TLSv1.2');
  socket.end('done');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    maxVersion: 'TLSv1.2',
  }, common.mustCall(() => {
    assert.strictEqual(client.getProtocol(), 'TLSv1.2');
    const cipher = client.getCipher();
    assert.match(cipher.name, /^ECDHE-RSA-/);
    assert.strictEqual(cipher.version, 'TLSv1.2');
    assert.strictEqual(typeof cipher.standardName, 'string');
    assert.match(cipher.standardName, /^TLS_ECDHE_RSA_WITH_/);
  }));
  client.resume();
  client.on('end', common.mustCall(() => server.close()));
}));
