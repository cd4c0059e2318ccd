'use strict';
// Once connected, a client announces a record of 2^14 + 2048 + 1 bytes,
// one more than any TLS record may carry. The server does not wait for
// it: its socket fails with ERR_SSL_PACKET_LENGTH_TOO_LONG, the client
// hears why (ERR_SSL_TLSV1_ALERT_RECORD_OVERFLOW), as between Node peers,
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
  socket.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_PACKET_LENGTH_TOO_LONG');
  }));
  socket.on('close', common.mustCall(() => expectServed(server.address().port).then(
    common.mustCall(() => server.close()))));
}, 2));

server.listen(0, common.mustCall(() => {
  const raw = net.connect(server.address().port, '127.0.0.1');
  const client = tls.connect({ socket: raw, servername: 'localhost', ca: fixtures.read('ca1-cert.pem') },
                             common.mustCall(() => {
                               client.write('hello', common.mustCall(() => {
                                 // Straight onto the wire, past the TLS layer.
                                 const tooLong = 16384 + 2048 + 1;
                                 raw.write(Buffer.from([0x17, 0x03, 0x03, tooLong >> 8, tooLong & 0xff, 1, 2, 3]));
                               }));
                             }));
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_TLSV1_ALERT_RECORD_OVERFLOW');
  }));
}));
