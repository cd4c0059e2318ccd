'use strict';
// The server polices client-initiated renegotiation: with
// tls.CLIENT_RENEG_LIMIT = 2 when the connection is made (a later change
// does not count), two renegotiations within the window are served and
// data keeps flowing; the third makes the server socket emit 'error' with
// ERR_TLS_SESSION_ATTACK and the connection ends. A securepair client
// drives the renegotiations over TLS 1.2.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
tls.CLIENT_RENEG_LIMIT = 2;
tls.CLIENT_RENEG_WINDOW = 600;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxVersion: 'TLSv1.2',
}, common.mustCall((socket) => {
  tls.CLIENT_RENEG_LIMIT = 100; // too late for this connection
  socket.on('data', (d) => socket.write(d));
  socket.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_TLS_SESSION_ATTACK');
  }));
  socket.on('close', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem') });
  const echoed = [];
  client.on('data', (d) => echoed.push(String(d)));
  // The server drops the connection in the middle of the third handshake.
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
  }));

  function roundTrip(text) {
    return new Promise((resolve) => {
      client.write(text);
      const check = () => (echoed.join('').endsWith(text) ? resolve() : setTimeout(check, 5));
      check();
    });
  }
  function renegotiate() {
    return new Promise((resolve) => {
      assert.strictEqual(client.renegotiate({}, common.mustSucceed(resolve)), true);
    });
  }

  client.once('secureConnect', common.mustCall(async () => {
    await roundTrip('before;');
    await renegotiate();
    await roundTrip('after one;');
    await renegotiate();
    await roundTrip('after two;');
    client.renegotiate({}, common.mustNotCall('the third is never completed'));
  }));
  client.on('close', common.mustCall(() => {
    assert.strictEqual(echoed.join(''), 'before;after one;after two;');
  }));
}));
