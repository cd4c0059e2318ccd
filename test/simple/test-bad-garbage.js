'use strict';
// Bytes that are not TLS at all (no record header) sent to a TLS server:
// 'tlsClientError' with ERR_SSL_WRONG_VERSION_NUMBER, as Node reports it,
// nothing is sent back, and the next client is served.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { serverOptions, serveOnce, sendRaw, expectServed } = require('../hostile');

const server = tls.createServer(serverOptions(), common.mustCall(serveOnce));

server.on('tlsClientError', common.mustCall((err, socket) => {
  assert.strictEqual(err.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
  assert.strictEqual(err.library, 'SSL routines');
  assert.strictEqual(err.reason, 'wrong version number');
  assert.ok(socket instanceof tls.TLSSocket);
}));

server.listen(0, common.mustCall(async () => {
  const { port } = server.address();
  const garbage = Buffer.from('\x00\x01\x02\x03\x04\x05\x06\x07 these are not records', 'latin1');
  const { received } = await sendRaw(port, garbage);
  assert.strictEqual(received.length, 0);
  await expectServed(port);
  server.close();
}));
