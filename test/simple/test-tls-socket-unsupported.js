'use strict';
// What the engine cannot do yet is reported the way Node reports a
// failure, never faked: a session offered for resumption is accepted and a
// full handshake is made, renegotiate() fails with ERR_TLS_RENEGOTIATE,
// setMaxSendFragment() returns false.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    session: Buffer.from('a session from an earlier connection'),
  }, common.mustCall(() => {
    assert.strictEqual(client.isSessionReused(), false);
    assert.strictEqual(client.getSession(), undefined);
    assert.strictEqual(client.getTLSTicket(), undefined);
    assert.strictEqual(client.setMaxSendFragment(1024), false);
    assert.throws(() => client.setSession(42), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.strictEqual(client.renegotiate({}, common.mustCall((err) => {
      assert.strictEqual(err.code, 'ERR_TLS_RENEGOTIATE');
      client.end();
    })), false);
  }));
  client.resume();
  client.on('close', common.mustCall(() => server.close()));
}));
