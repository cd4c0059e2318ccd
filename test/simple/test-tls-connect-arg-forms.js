'use strict';
// The argument forms of tls.connect(): (options, cb), (port, options, cb),
// (port, host, options, cb) with options.host winning over the host
// argument, and (port, host, cb).
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const ca = fixtures.read('ca1-cert.pem');
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const forms = [
    (cb) => tls.connect({ port, ca }, cb),
    (cb) => tls.connect(port, { ca }, cb),
    (cb) => tls.connect(String(port), { ca }, cb),
    (cb) => tls.connect(port, 'no-such-host.invalid', { host: 'localhost', ca }, cb),
    (cb) => tls.connect(port, 'localhost', { ca }, cb),
  ];
  (function next() {
    const form = forms.shift();
    if (!form) {
      server.close();
      return;
    }
    const client = form(common.mustCall(function() {
      assert.strictEqual(this, client);
      assert.strictEqual(client.authorized, true);
      assert.strictEqual(client.remotePort, port);
    }));
    client.resume();
    client.on('close', next);
  })();
}));
