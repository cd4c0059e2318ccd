'use strict';
// TLS 1.3 has no renegotiation: renegotiate() returns false and the
// callback gets the engine's ERR_SSL_WRONG_SSL_VERSION on the next tick,
// as in Node; the connection is unharmed and data keeps flowing. On a
// destroyed socket it returns undefined and calls nothing.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.pipe(socket));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port, ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.getProtocol(), 'TLSv1.3');
    let sync = true;
    const started = client.renegotiate({}, common.mustCall((err) => {
      assert.strictEqual(sync, false);
      assert.strictEqual(err.code, 'ERR_SSL_WRONG_SSL_VERSION');
      client.write('still here');
    }));
    sync = false;
    assert.strictEqual(started, false);
    assert.throws(() => client.renegotiate(null), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => client.renegotiate({}, 'no'), { code: 'ERR_INVALID_ARG_TYPE' });
  }));
  client.once('data', common.mustCall((d) => {
    assert.strictEqual(String(d), 'still here');
    client.destroy();
    assert.strictEqual(client.renegotiate({}, common.mustNotCall()), undefined);
    server.close();
  }));
}));
