'use strict';
// Without 'newSession'/'resumeSession' listeners a server keeps no session
// cache, as Node's: a TLS 1.2 client that offers only a session id (tickets
// off) gets a full handshake, while tickets resume without any cache.
const common = require('../common');
const assert = require('assert');
const { constants } = require('crypto');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();

function roundTrip(secureOptions, done) {
  const server = tls.createServer({
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    maxVersion: 'TLSv1.2',
    secureOptions,
  }, (socket) => socket.end());
  server.listen(0, () => {
    const options = {
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
    };
    const first = tls.connect(options);
    first.resume();
    first.once('session', (session) => {
      const second = tls.connect({ ...options, session }, () => {
        const reused = second.isSessionReused();
        second.end();
        server.close();
        done(reused);
      });
      second.resume();
    });
  });
}

roundTrip(constants.SSL_OP_NO_TICKET, common.mustCall((reused) => {
  assert.strictEqual(reused, false, 'no cache: a session id alone does not resume');
  roundTrip(0, common.mustCall((withTickets) => {
    assert.strictEqual(withTickets, true, 'a ticket resumes');
  }));
}));
