'use strict';
// A server asks for a client certificate half-way through a connection:
// socket.renegotiate({ requestCert: true, rejectUnauthorized: true }) on
// the server side (TLS 1.2) makes the client renegotiate, the client's
// certificate arrives in the new handshake, and the callback finds the
// socket authorized with that certificate. Data flows before and after.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  maxVersion: 'TLSv1.2',
}, common.mustCall((socket) => {
  assert.strictEqual(socket.authorized, false);
  assert.deepStrictEqual(socket.getPeerCertificate(), {});
  socket.once('data', common.mustCall((d) => {
    assert.strictEqual(String(d), 'hello');
    const started = socket.renegotiate({ requestCert: true, rejectUnauthorized: true },
                                       common.mustSucceed(() => {
                                         assert.strictEqual(socket.authorized, true);
                                         assert.strictEqual(
                                           socket.getPeerCertificate().subject.CN, 'client1');
                                         socket.end('welcome, client1');
                                       }));
    assert.strictEqual(started, true);
  }));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    key: fixtures.read('client-key.pem'),
    cert: fixtures.read('client-cert.pem'),
  }, common.mustCall(() => client.write('hello')));
  // 'secureConnect' again after the renegotiation, as in Node.
  client.on('secureConnect', common.mustCall(() => {
    assert.strictEqual(client.authorized, true);
  }, 2));
  let reply = '';
  client.on('data', (d) => { reply += d; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(reply, 'welcome, client1');
    server.close();
  }));
}));
