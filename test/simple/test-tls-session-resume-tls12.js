'use strict';
// TLS 1.2 with tickets: the session is complete at the end of the
// handshake, so 'session' follows 'secureConnect' at once; the client holds
// the server's ticket (getTLSTicket) and resumes with it, and the server's
// side knows it resumed.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const reused = [];
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxVersion: 'TLSv1.2',
}, common.mustCall((socket) => {
  reused.push(socket.isSessionReused());
  socket.end();
}, 2));

server.listen(0, common.mustCall(() => {
  const options = {
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
  };
  const first = tls.connect(options, common.mustCall(() => {
    assert.strictEqual(first.getProtocol(), 'TLSv1.2');
    assert.strictEqual(first.isSessionReused(), false);
    const ticket = first.getTLSTicket();
    assert.ok(Buffer.isBuffer(ticket) && ticket.length > 0, 'a ticket came');
  }));
  first.resume();
  first.once('session', common.mustCall((session) => {
    assert.deepStrictEqual(session, first.getSession());
    const second = tls.connect({ ...options, session }, common.mustCall(() => {
      assert.strictEqual(second.isSessionReused(), true);
      assert.strictEqual(second.authorized, true);
      second.end();
    }));
    second.resume();
    second.on('close', common.mustCall(() => {
      assert.deepStrictEqual(reused, [false, true]);
      server.close();
    }));
  }));
}));
