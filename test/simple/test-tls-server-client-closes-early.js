'use strict';
// Clients that connect and close (or reset) before saying anything: one
// 'tlsClientError' each, with a code, and the server keeps serving.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => socket.end('served')));

server.on('tlsClientError', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ECONNRESET');
}, 2));

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const quiet = net.connect(port, () => quiet.end());
  quiet.resume();
  quiet.on('close', common.mustCall(() => {
    // resetAndDestroy() sends a TCP RST (Node 18.3+); plain destroy() elsewhere.
    const rude = net.connect(port, () => (rude.resetAndDestroy ? rude.resetAndDestroy() : rude.destroy()));
    rude.on('close', common.mustCall(() => {
      const client = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') });
      client.resume();
      client.on('end', common.mustCall(() => server.close()));
    }));
  }));
}));
