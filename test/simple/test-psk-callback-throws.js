'use strict';
// An exception thrown by a pskCallback ends that connection with that very
// error, as in Node: on the server it arrives as tlsClientError (the
// server goes on), on the client as the socket's 'error'.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

const KEY = Buffer.alloc(16, 1);
const serverBoom = new Error('server callback failed');
const clientBoom = new Error('client callback failed');

const server = tls.createServer({
  pskCallback: common.mustCall(() => { throw serverBoom; }),
}, common.mustNotCall());

// The first connection fails in the server's callback. The second one
// fails on the server too (its client offered no key, or went away before
// its hello arrived), with a code.
let serverErrors = 0;
server.on('tlsClientError', common.mustCallAtLeast((err) => {
  if (serverErrors++ === 0) assert.strictEqual(err, serverBoom);
  else assert.match(err.code, /^ERR_SSL_|^ECONNRESET$/);
}, 1));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    pskCallback: () => ({ psk: KEY, identity: 'a' }),
  }, common.mustNotCall());
  client.on('error', common.mustCall(() => {
    const other = tls.connect({
      port: server.address().port,
      pskCallback: common.mustCall(() => { throw clientBoom; }),
    }, common.mustNotCall());
    other.on('error', common.mustCall((err) => {
      assert.strictEqual(err, clientBoom);
    }));
    other.on('close', common.mustCall(() => server.close()));
  }));
}));
