'use strict';
// Once connected, a client sends the start of a record and closes the
// connection. Node ends the server socket as if nothing were missing;
// securepair reports the cut (README, "Stricter"): the server socket fails
// with ERR_SSL_UNEXPECTED_EOF_WHILE_READING after the data that did arrive,
// and the next client is served.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;
const { serverOptions, expectServed, SERVED } = require('../hostile');

let first = true;
const server = tls.createServer(serverOptions(), common.mustCall((socket) => {
  if (!first) {
    socket.end(SERVED);
    return;
  }
  first = false;
  socket.on('data', common.mustCall((data) => assert.strictEqual(data.toString(), 'hello')));
  socket.on('end', common.mustNotCall('a cut record is no clean end'));
  socket.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
  }));
  socket.on('close', common.mustCall(() => expectServed(server.address().port).then(
    common.mustCall(() => server.close()))));
}, 2));

server.listen(0, common.mustCall(() => {
  const raw = net.connect(server.address().port, '127.0.0.1');
  const client = tls.connect({ socket: raw, servername: 'localhost', ca: fixtures.read('ca1-cert.pem') },
                             common.mustCall(() => {
                               client.write('hello', common.mustCall(() => {
                                 // 8 bytes of a record announced as 64.
                                 raw.end(Buffer.from([0x17, 0x03, 0x03, 0x00, 0x40, 1, 2, 3]));
                               }));
                             }));
  client.on('error', () => {}); // the transport ended under it
}));
