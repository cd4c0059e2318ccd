'use strict';
// TLS 1.3 tickets: the client hears 'session' once per ticket, after
// 'secureConnect'; offering the last one on a new connection resumes it on
// both ends (isSessionReused), and the resumed connection is still
// authorized without a certificate on the wire.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  assert.strictEqual(socket.getProtocol(), 'TLSv1.3');
  socket.end('x');
}, 2));

function connect(session, done) {
  const sessions = [];
  let connected = false;
  const socket = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
    session,
  }, common.mustCall(() => {
    connected = true;
    assert.strictEqual(socket.authorized, true);
    assert.strictEqual(socket.isSessionReused(), Boolean(session));
    assert.ok(Buffer.isBuffer(socket.getSession()));
  }));
  socket.on('session', (data) => {
    assert.ok(connected, "'session' comes after 'secureConnect'");
    assert.ok(Buffer.isBuffer(data) && data.length > 0);
    sessions.push(data);
  });
  socket.resume();
  socket.on('close', common.mustCall(() => done(sessions)));
}

server.listen(0, common.mustCall(() => {
  connect(undefined, common.mustCall((sessions) => {
    // OpenSSL's servers send two tickets.
    assert.strictEqual(sessions.length, 2);
    connect(sessions[1], common.mustCall(() => server.close()));
  }));
}));
