'use strict';
// destroy() (and destroy(err)) from inside 'error' handlers, for a
// verification error on a client and a protocol error on a server socket
// handed out by 'tlsClientError': nothing crashes, each error comes once.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('selfsigned-key.pem'),
  cert: fixtures.read('selfsigned-cert.pem'),
}, (socket) => socket.resume());

server.on('tlsClientError', common.mustCall((err, socket) => {
  assert.match(err.code, /^ERR_SSL_/);
  socket.destroy();
  socket.destroy(new Error('ignored: already destroyed'));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: server.address().port });
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    client.destroy();
    client.destroy(new Error('ignored: already destroyed'));

    const raw = net.connect(server.address().port, () => {
      raw.end('\x16\x03\x01\x00\x05hello');
    });
    raw.on('error', () => {}); // the server may reset the link
    raw.resume();
    raw.on('close', common.mustCall(() => server.close()));
  }));
  client.on('close', common.mustCall());
}));
