'use strict';
// socket.disableRenegotiation() on a server socket: the client's attempt to
// renegotiate (TLS 1.2) makes that socket emit 'error' with
// ERR_TLS_RENEGOTIATION_DISABLED and the connection ends; data exchanged
// before it arrived intact.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxVersion: 'TLSv1.2',
}, common.mustCall((socket) => {
  socket.disableRenegotiation();
  socket.on('data', common.mustCall((d) => {
    assert.strictEqual(String(d), 'before');
    socket.write('ack');
  }));
  socket.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_TLS_RENEGOTIATION_DISABLED');
  }));
  socket.on('close', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port, ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => client.write('before')));
  client.once('data', common.mustCall((d) => {
    assert.strictEqual(String(d), 'ack');
    client.renegotiate({}, common.mustNotCall('never completes'));
  }));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
  }));
}));
