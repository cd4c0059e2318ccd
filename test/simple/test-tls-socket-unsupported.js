'use strict';
// What the engine cannot do is reported the way Node reports a failure,
// never faked: renegotiate() on TLS 1.3 fails as in Node
// (ERR_SSL_WRONG_SSL_VERSION). (setMaxSendFragment() is supported now:
// test-fragment-max-send.js; sessions: test-tls-session-*.js.)
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
  }, common.mustCall(() => {
    assert.strictEqual(client.renegotiate({}, common.mustCall((err) => {
      assert.strictEqual(err.code, 'ERR_SSL_WRONG_SSL_VERSION');
      client.end();
    })), false);
  }));
  client.resume();
  client.on('close', common.mustCall(() => server.close()));
}));
