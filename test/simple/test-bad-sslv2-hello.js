'use strict';
// An SSLv2-style ClientHello (the two-byte header with the high bit set,
// offering SSL 3.0 and TLS 1.0 inside): refused with
// ERR_SSL_UNSUPPORTED_PROTOCOL and a protocol_version alert, as Node does,
// and the next client is served.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { serverOptions, serveOnce, sendRaw, expectServed, alertRecord } = require('../hostile');

// msg_type 1 (CLIENT-HELLO), version 3.1, 21 bytes of cipher specs, no
// session id, a 16-byte challenge.
const sslv2Hello = Buffer.from(
  '802e0103010015000000100700c00500800300800100800600400400800200' +
  '80' + '3d2a5c8b8d1e4f7a0b1c2d3e4f5a6b7c', 'hex');

const server = tls.createServer(serverOptions(), common.mustCall(serveOnce));

server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_SSL_UNSUPPORTED_PROTOCOL');
  assert.strictEqual(err.reason, 'unsupported protocol');
}));

server.listen(0, common.mustCall(async () => {
  const { port } = server.address();
  const { received } = await sendRaw(port, sslv2Hello);
  assert.deepStrictEqual(received, alertRecord(70)); // protocol_version
  await expectServed(port);
  server.close();
}));
