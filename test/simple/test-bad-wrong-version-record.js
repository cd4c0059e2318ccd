'use strict';
// A handshake record whose header carries a version no TLS ever used
// (5.1, then 2.0): 'tlsClientError' with ERR_SSL_WRONG_VERSION_NUMBER each
// time, as Node reports it, and the next client is served.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { serverOptions, serveOnce, sendRaw, expectServed } = require('../hostile');

const server = tls.createServer(serverOptions(), common.mustCall(serveOnce));

server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
}, 2));

server.listen(0, common.mustCall(async () => {
  const { port } = server.address();
  for (const version of [[0x05, 0x01], [0x02, 0x00]]) {
    const record = Buffer.concat([Buffer.from([0x16, ...version, 0x00, 0x10]), Buffer.alloc(16, 1)]);
    await sendRaw(port, record);
  }
  await expectServed(port);
  server.close();
}));
