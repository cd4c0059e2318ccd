'use strict';
// A client that sends garbage instead of a ClientHello costs the server
// one 'tlsClientError' with a code; the next, well-behaved client is
// served as usual.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => socket.end('served')));

server.on('tlsClientError', common.mustCall((err, socket) => {
  assert.match(err.code, /^ERR_SSL_/);
  assert.ok(socket instanceof tls.TLSSocket);
  assert.strictEqual(socket.destroyed, true);
}));

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const raw = net.connect(port, () => raw.write(Buffer.from([
    0x16, 0x03, 0x01, 0x00, 0x10, ...Buffer.from('this is no hello'),
  ])));
  raw.on('error', () => {}); // a reset is one way to be thrown out
  raw.resume();
  raw.on('close', common.mustCall(() => {
    const client = tls.connect({ port, ca: fixtures.read('ca1-cert.pem') });
    client.setEncoding('utf8');
    let text = '';
    client.on('data', (chunk) => { text += chunk; });
    client.on('end', common.mustCall(() => {
      assert.strictEqual(text, 'served');
      server.close();
    }));
  }));
}));
