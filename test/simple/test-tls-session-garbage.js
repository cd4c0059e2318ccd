'use strict';
// A session that is not one (a damaged cache entry) is ignored, as in
// Node: the connection makes a full handshake. A session of the wrong type
// throws at once.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => socket.end(), 2));

server.listen(0, common.mustCall(() => {
  const options = {
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
  };
  assert.throws(() => tls.connect({ ...options, session: 42 }),
                { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
  const damaged = tls.connect({ ...options, session: Buffer.from('not a session at all') },
                              common.mustCall(() => {
                                assert.strictEqual(damaged.isSessionReused(), false);
                                assert.strictEqual(damaged.authorized, true);
                              }));
  damaged.resume();
  damaged.on('close', common.mustCall(() => {
    // setSession() on a socket made by hand: the same quiet refusal.
    const socket = tls.connect({ ...options }, common.mustCall(() => {
      assert.strictEqual(socket.isSessionReused(), false);
      assert.throws(() => socket.setSession({}), { code: 'ERR_INVALID_ARG_TYPE' });
      server.close();
    }));
    socket.setSession('garbage as a latin1 string');
    socket.resume();
  }));
}));
