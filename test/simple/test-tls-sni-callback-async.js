'use strict';
// SNICallback(servername, cb) in today's form: called once per connection
// that names a host, with `this` set to the server's TLSSocket, and it may
// answer later (here after a timer). The context it gives serves the
// connection; cb(null) without one keeps the server's own; a client that
// names no host never reaches the callback.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
const contexts = {
  'a.test': tls.createSecureContext({ key: fixtures.read('sni-a-key.pem'),
                                      cert: fixtures.read('sni-a-cert.pem') }),
};
const asked = [];

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  SNICallback: common.mustCall(function(servername, callback) {
    assert.ok(this instanceof tls.TLSSocket);
    assert.strictEqual(this.server, server);
    asked.push(servername);
    setTimeout(() => callback(null, contexts[servername]), 20);
  }, 2),
}, (socket) => socket.end());

function cnFor(servername) {
  return new Promise((resolve) => {
    const client = tls.connect({
      port: server.address().port, host: '127.0.0.1', servername,
      rejectUnauthorized: false,
    }, common.mustCall(() => {
      resolve(client.getPeerCertificate().subject.CN);
      client.end();
    }));
    client.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await cnFor('a.test'), 'a.test');
  assert.strictEqual(await cnFor('other.test'), 'localhost');
  assert.strictEqual(await cnFor(undefined), 'localhost');
  assert.deepStrictEqual(asked, ['a.test', 'other.test']);
  server.close();
}));
