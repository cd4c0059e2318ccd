'use strict';
// The external session cache of Node's servers, over TLS 1.2 session ids
// (tickets off): 'newSession' hands out each new session with its id and
// the client only finishes once done() was called; 'resumeSession' is
// asked for the id a returning client offers, and the session it gives
// back is resumed. A Map is the cache.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const cache = new Map();
const events = [];

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxVersion: 'TLSv1.2',
  secureOptions: require('crypto').constants.SSL_OP_NO_TICKET,
}, common.mustCall((socket) => {
  events.push(`secureConnection reused=${socket.isSessionReused()}`);
  socket.end('hello');
}, 2));

server.on('newSession', common.mustCall((id, data, done) => {
  assert.ok(Buffer.isBuffer(id) && id.length === 32, 'a 32-byte session id');
  assert.ok(Buffer.isBuffer(data) && data.length > 0);
  events.push('newSession');
  cache.set(id.toString('hex'), data);
  // Stored later: the client must not finish before.
  setTimeout(() => {
    events.push('newSession done');
    done();
  }, 50);
}, 1));

// Asked for every id a client offers (a TLS 1.3-capable client offers a
// random one the first time): unknown ones are answered with null.
server.on('resumeSession', common.mustCallAtLeast((id, callback) => {
  const key = id.toString('hex');
  if (cache.has(key)) events.push('resumeSession hit');
  setImmediate(() => callback(null, cache.get(key) || null));
}, 1));

function connect(session, onDone) {
  const socket = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    servername: 'localhost',
    session,
  }, common.mustCall(() => events.push(`secureConnect reused=${socket.isSessionReused()}`)));
  let saved = null;
  socket.on('session', (data) => { saved = data; });
  socket.resume();
  socket.on('close', () => onDone(saved));
}

server.listen(0, common.mustCall(() => {
  connect(undefined, common.mustCall((session) => {
    assert.ok(session);
    connect(session, common.mustCall(() => {
      server.close();
      // The first client finishes only after the session was stored.
      assert.deepStrictEqual(events.slice(0, 4), [
        'newSession',
        'newSession done',
        'secureConnection reused=false',
        'secureConnect reused=false',
      ]);
      // The second resumes it (the client finishes first then: on a
      // resumption the server's Finished comes first).
      assert.deepStrictEqual(events.slice(4).sort(), [
        'resumeSession hit',
        'secureConnect reused=true',
        'secureConnection reused=true',
      ]);
    }));
  }));
}));
