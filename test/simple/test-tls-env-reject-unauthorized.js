'use strict';
// NODE_TLS_REJECT_UNAUTHORIZED=0 makes rejectUnauthorized default to false,
// with Node's warning; an explicit rejectUnauthorized: true still wins.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
process.on('warning', common.mustCall((warning) => {
  assert.match(warning.message, /NODE_TLS_REJECT_UNAUTHORIZED/);
}));

const server = tls.createServer({
  key: fixtures.read('selfsigned-key.pem'),
  cert: fixtures.read('selfsigned-cert.pem'),
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const lax = tls.connect({ port }, common.mustCall(() => {
    assert.strictEqual(lax.authorized, false);
    assert.strictEqual(lax.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  }));
  lax.resume();
  lax.on('close', common.mustCall(() => {
    const strict = tls.connect({ port, rejectUnauthorized: true }, common.mustNotCall());
    strict.on('error', common.mustCall((err) => {
      assert.strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      server.close();
    }));
  }));
}));
