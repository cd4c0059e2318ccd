'use strict';
// requestCert with a client certificate from a trusted CA: both ends are
// authorized and each sees the other's certificate.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  requestCert: true,
}, common.mustCall((socket) => {
  assert.strictEqual(socket.authorized, true);
  assert.strictEqual(socket.authorizationError, null);
  const peer = socket.getPeerCertificate();
  assert.strictEqual(peer.subject.CN, 'client1');
  assert.strictEqual(peer.subjectaltname, 'email:client@securepair.test');
  assert.deepStrictEqual(peer.ext_key_usage, ['1.3.6.1.5.5.7.3.2']);
  socket.end('welcome client1');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    key: fixtures.read('client-key.pem'),
    cert: fixtures.read('client-cert.pem'),
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.authorized, true);
    assert.strictEqual(client.getCertificate().subject.CN, 'client1');
  }));
  let text = '';
  client.setEncoding('utf8');
  client.on('data', (chunk) => { text += chunk; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'welcome client1');
    server.close();
  }));
}));
