'use strict';
// 'newSession' over TLS 1.3: OpenSSL issues its two tickets once the
// handshake is done, so 'secureConnection' comes first and 'newSession'
// follows for each ticket, as in Node. What the server sends meanwhile
// (tickets, data) is held until a callback says the session is stored.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const events = [];
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  events.push('secureConnection');
  socket.write('x');
  socket.resume();
  socket.on('end', () => socket.end());
}));

// The first session is stored after 50 ms, the second after 300 ms: the
// first callback lets everything go (as in Node).
let reported = 0;
server.on('newSession', common.mustCall((id, data, done) => {
  assert.ok(Buffer.isBuffer(id) && id.length > 0);
  assert.ok(Buffer.isBuffer(data) && data.length > 0);
  const n = ++reported;
  events.push('newSession');
  setTimeout(() => {
    events.push(`stored ${n}`);
    done();
  }, n === 1 ? 50 : 300);
}, 2));

server.listen(0, common.mustCall(() => {
  const socket = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
  });
  socket.on('data', common.mustCall(() => {
    events.push('client data');
    socket.end();
  }));
  socket.on('close', common.mustCall(() => {
    assert.deepStrictEqual(events.slice(0, 5), [
      'secureConnection', 'newSession', 'newSession', 'stored 1', 'client data',
    ]);
    server.close();
  }));
}));
