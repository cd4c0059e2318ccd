'use strict';
// getpeer() gives [ip, port] of the connected peer ([null, null] before
// and after); dns(domain, fn) resolves a name to a string (null when it
// cannot), and connect() reports its own lookup through 'dns'. A name that
// does not resolve gets 'dns' with null and a 'reconnection' saying why.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end());

server.listen(0, '127.0.0.1', common.mustCall(() => {
  const sk = nodemcu.createConnection();
  assert.deepStrictEqual(sk.getpeer(), [null, null]);
  sk.dns('localhost', common.mustCall((sck, ip) => {
    assert.strictEqual(sck, sk);
    assert.ok(['127.0.0.1', '::1'].includes(ip), ip);
  }));
  sk.dns('no-such-host.invalid', common.mustCall((sck, ip) => {
    assert.strictEqual(ip, null);
  }));
  sk.on('dns', common.mustCall((sck, ip) => assert.strictEqual(ip, '127.0.0.1')));
  sk.on('connection', common.mustCall(() => {
    assert.deepStrictEqual(sk.getpeer(), ['127.0.0.1', server.address().port]);
  }));
  sk.on('disconnection', common.mustCall(() => {
    assert.deepStrictEqual(sk.getpeer(), [null, null]);

    const lost = nodemcu.createConnection();
    lost.on('dns', common.mustCall((sck, ip) => assert.strictEqual(ip, null)));
    lost.on('reconnection', common.mustCall((sck, reason, err) => {
      assert.strictEqual(reason, 'DNS lookup failed');
      assert.ok(err instanceof Error);
      server.close();
    }));
    lost.on('connection', common.mustNotCall());
    lost.connect(443, 'no-such-host.invalid');
  }));
  sk.connect(server.address().port, '127.0.0.1');
}));
