'use strict';
// TLS 1.3 with a pre-shared key between a securepair server and client:
// the server's pskCallback(socket, identity) runs with `this` = the socket
// and returns the key; the client's pskCallback(hint) gets null (TLS 1.3
// sends no hint) and returns { psk, identity }. No certificate is involved;
// the client counts as authorized (the key proves the server), as in Node.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

const KEY = Buffer.from('d731ef57be09e5204f0b205b60627028', 'hex');

const server = tls.createServer({
  pskCallback: common.mustCall(function(socket, identity) {
    assert.ok(socket instanceof tls.TLSSocket);
    assert.strictEqual(this, socket);
    assert.strictEqual(identity, 'sensor-1');
    return KEY;
  }),
  pskIdentityHint: 'not sent in TLS 1.3',
}, common.mustCall((socket) => {
  assert.strictEqual(socket.getProtocol(), 'TLSv1.3');
  assert.strictEqual(socket.authorized, false, 'no client certificate was asked for');
  socket.end('reading: 21.5');
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    host: 'localhost',
    pskCallback: common.mustCall((hint) => {
      assert.strictEqual(hint, null);
      return { psk: KEY, identity: 'sensor-1' };
    }),
  }, common.mustCall(() => {
    assert.strictEqual(client.getProtocol(), 'TLSv1.3');
    assert.match(client.getCipher().name, /SHA256$/);
    assert.strictEqual(client.authorized, true);
    assert.strictEqual(client.authorizationError, null);
    assert.deepStrictEqual(client.getPeerCertificate(), {});
  }));
  let text = '';
  client.setEncoding('utf8');
  client.on('data', (d) => { text += d; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'reading: 21.5');
    server.close();
  }));
}));
