'use strict';
// write() after end(), on a client and on a server socket: it returns
// false, its callback gets ERR_STREAM_WRITE_AFTER_END and so does an
// 'error' event (which destroys the socket), as with Node's tls; the server
// serves the next client.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;
const { expectServed, serverOptions, SERVED } = require('../hostile');

const writeAfterEnd = { code: 'ERR_STREAM_WRITE_AFTER_END', message: 'write after end' };

function checkWriteAfterEnd(socket, last) {
  socket.on('error', common.mustCall((err) => assert.deepStrictEqual(
    { code: err.code, message: err.message }, writeAfterEnd)));
  socket.on('close', common.mustCall((hadError) => assert.strictEqual(hadError, true)));
  socket.end(last);
  const accepted = socket.write('too late', common.mustCall((err) => {
    assert.strictEqual(err.code, writeAfterEnd.code);
  }));
  assert.strictEqual(accepted, false);
}

let first = true;
const server = tls.createServer(serverOptions(), common.mustCall((socket) => {
  if (!first) {
    socket.end(SERVED);
    return;
  }
  first = false;
  checkWriteAfterEnd(socket, 'from the server');
}, 2));

server.listen(0, common.mustCall(() => {
  const { port } = server.address();
  const client = tls.connect({ port, servername: 'localhost', ca: fixtures.read('ca1-cert.pem') },
                             common.mustCall(() => checkWriteAfterEnd(client, 'from the client')));
  client.on('close', common.mustCall(async () => {
    await expectServed(port);
    server.close();
  }));
}));
