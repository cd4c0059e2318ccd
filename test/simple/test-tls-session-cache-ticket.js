'use strict';
// A client that brings a ticket resumes from it: the server does not ask
// its 'resumeSession' listener, even though the hello carries a session id
// too, as in Node. (A TLS 1.2 client offers no id on a first connection.)
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxVersion: 'TLSv1.2',
}, (socket) => socket.end('x'));
server.on('resumeSession', common.mustNotCall('resumeSession for a ticket'));

function connect(session) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
      maxVersion: 'TLSv1.2',
      session,
    });
    let last = null;
    socket.on('session', (data) => { last = data; });
    socket.on('error', reject);
    socket.resume();
    socket.on('end', () => resolve({ reused: socket.isSessionReused(), session: last }));
  });
}

server.listen(0, common.mustCall(async () => {
  const first = await connect();
  assert.strictEqual(first.reused, false);
  assert.strictEqual((await connect(first.session)).reused, true);
  server.close();
}));
