'use strict';
// A server pskCallback that returns null refuses the identity: the
// handshake fails on both ends with OpenSSL's codes, the server reports it
// as tlsClientError and keeps serving.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

const KEY = Buffer.alloc(32, 7);

const server = tls.createServer({
  pskCallback: common.mustCall((socket, identity) => (identity === 'known' ? KEY : null), 2),
}, common.mustCall((socket) => socket.end('welcome')));

server.on('tlsClientError', common.mustCall((err, socket) => {
  assert.match(err.code, /^ERR_SSL_/);
  assert.ok(socket instanceof tls.TLSSocket);
}));

server.listen(0, common.mustCall(() => {
  const stranger = tls.connect({
    port: server.address().port,
    pskCallback: () => ({ psk: KEY, identity: 'stranger' }),
  }, common.mustNotCall());
  stranger.on('error', common.mustCall((err) => {
    assert.match(err.code, /^ERR_SSL_|^ECONNRESET$/);
    const friend = tls.connect({
      port: server.address().port,
      pskCallback: () => ({ psk: KEY, identity: 'known' }),
    }, common.mustCall());
    friend.resume();
    friend.on('end', common.mustCall(() => server.close()));
  }));
}));
