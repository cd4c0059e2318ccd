'use strict';
// A server that hangs up before the handshake: the client's error is
// ECONNRESET "Client network socket disconnected before secure TLS
// connection was established", carrying host and port, as in Node.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');

const server = net.createServer((socket) => socket.end());
server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const client = tls.connect({ port, host: 'localhost' }, common.mustNotCall());
  client.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ECONNRESET');
    assert.strictEqual(err.message,
                       'Client network socket disconnected before secure TLS ' +
                       'connection was established');
    assert.strictEqual(err.host, 'localhost');
    assert.strictEqual(err.port, port);
    server.close();
  }));
  client.on('close', common.mustCall((hadError) => assert.strictEqual(hadError, true)));
}));
