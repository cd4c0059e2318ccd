'use strict';
// sessionTimeout (seconds): a ticket of a server whose sessions last one
// second is not resumed two seconds later, while one of the same age from a
// server with the default (300 s) is.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog(15000);

function makeServer(sessionTimeout) {
  const server = tls.createServer({
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    sessionTimeout,
  }, (socket) => socket.end('x'));
  return new Promise((resolve) => server.listen(0, () => resolve(server)));
}

function connect(server, session) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
      session,
    });
    let last = null;
    socket.on('session', (data) => { last = data; });
    socket.on('error', reject);
    socket.resume();
    socket.on('end', () => resolve({ reused: socket.isSessionReused(), session: last }));
  });
}

(async () => {
  const short = await makeServer(1);
  const long = await makeServer(undefined);
  const a = await connect(short);
  const b = await connect(long);
  await new Promise((resolve) => setTimeout(resolve, 2100));
  assert.strictEqual((await connect(short, a.session)).reused, false, 'expired');
  assert.strictEqual((await connect(long, b.session)).reused, true, 'still valid');
  short.close();
  long.close();
})().then(common.mustCall());
