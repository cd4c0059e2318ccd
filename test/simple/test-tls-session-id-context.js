'use strict';
// Two servers that share their ticket keys resume each other's sessions
// only when their sessionIdContext is the same. The default (a hash of the
// command line, as Node's) is the same for two servers of one program, and
// lets a server that asks for client certificates resume at all.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const ticketKeys = Buffer.alloc(48, 7);

function makeServer(extra) {
  return tls.createServer({
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    ca: fixtures.read('ca1-cert.pem'),
    requestCert: true,
    ticketKeys,
    ...extra,
  // Data before the end: Node's own server (these tests also run against
  // it) sends its tickets only along with data.
  }, (socket) => socket.end('x'));
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, () => resolve(server.address().port)));
}

function connect(port, session) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port,
      ca: fixtures.read('ca1-cert.pem'),
      key: fixtures.read('client-key.pem'),
      cert: fixtures.read('client-cert.pem'),
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
  const a = makeServer({});
  const b = makeServer({});
  const c = makeServer({ sessionIdContext: 'another context' });
  assert.strictEqual(a.sessionIdContext.length, 32);
  assert.strictEqual(a.sessionIdContext, b.sessionIdContext);
  assert.strictEqual(c.sessionIdContext, 'another context');
  const [pa, pb, pc] = [await listen(a), await listen(b), await listen(c)];

  const first = await connect(pa);
  assert.strictEqual(first.reused, false);
  assert.ok(first.session);
  assert.strictEqual((await connect(pa, first.session)).reused, true,
                     'the requestCert server resumes its own session');
  assert.strictEqual((await connect(pb, first.session)).reused, true,
                     'same keys, same default context: resumed');
  assert.strictEqual((await connect(pc, first.session)).reused, false,
                     'same keys, other context: full handshake');
  for (const server of [a, b, c]) server.close();
})().then(common.mustCall());
