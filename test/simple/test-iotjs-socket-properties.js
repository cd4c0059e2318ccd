'use strict';
// The TLSSocket surface the IoT.js document names: address() as
// { port, family, address }, authorized and authorizationError, encrypted,
// getProtocol(), and 'secureConnect' firing whether or not the server's
// certificate was authorized (with rejectUnauthorized: false), leaving the
// check of `authorized` to the client, as the document says.
// getProtocol(): the document (like Node's own) promises 'unknown' before
// the handshake; securepair answers null until a protocol is agreed, and
// null again once the socket is closed (see doc/api/tls.md, IoT.js).
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('selfsigned-key.pem'),
  cert: fixtures.read('selfsigned-cert.pem'),
}, (socket) => socket.end());

server.listen(0, '127.0.0.1', common.mustCall(() => {
  const client = tls.connect({ host: '127.0.0.1', port: server.address().port,
                               rejectUnauthorized: false });
  assert.strictEqual(client.encrypted, true);
  assert.strictEqual(client.getProtocol(), null);
  assert.strictEqual(client.authorized, false);
  assert.strictEqual(client.authorizationError, null);
  client.on('secureConnect', common.mustCall(() => {
    assert.strictEqual(client.authorized, false);
    assert.strictEqual(client.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.strictEqual(client.getProtocol(), 'TLSv1.3');
    const address = client.address();
    assert.deepStrictEqual(Object.keys(address).sort(), ['address', 'family', 'port']);
    assert.strictEqual(address.address, '127.0.0.1');
    assert.strictEqual(address.family, 'IPv4');
    assert.strictEqual(typeof address.port, 'number');
  }));
  client.resume();
  client.on('close', common.mustCall(() => {
    assert.strictEqual(client.getProtocol(), null);
    server.close();
  }));
}));
