'use strict';
// hold()/unhold() are real backpressure: while held, 'receive' stops and,
// once the bounded buffers are full, the server cannot hand its data on
// (its writes stop completing); after unhold() everything arrives, intact.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const TOTAL = 16 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'h');
let serverSocket;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  serverSocket = socket;
  let written = 0;
  (function pump() {
    while (written < TOTAL) {
      written += CHUNK.length;
      if (!socket.write(CHUNK)) {
        socket.once('drain', pump);
        return;
      }
    }
    socket.end();
  })();
}));

server.listen(0, common.mustCall(() => {
  const sk = nodemcu.createConnection({ encoding: null });
  let received = 0;
  let held = false;
  sk.on('receive', (sck, data) => {
    assert.ok(Buffer.isBuffer(data));
    assert.strictEqual(held, false, 'no data while held');
    received += data.length;
  });
  sk.on('connection', common.mustCall(() => {
    sk.hold();
    held = true;
    setTimeout(common.mustCall(() => {
      // The server is stuck: most of its data has not left it.
      const waiting = serverSocket.writableLength;
      assert.ok(waiting > 0, 'the server has data it cannot send');
      assert.ok(received < TOTAL / 2, `received ${received} while held`);
      held = false;
      sk.unhold();
    }), 500);
  }));
  sk.on('disconnection', common.mustCall(() => {
    assert.strictEqual(received, TOTAL);
    server.close();
  }));
  sk.connect(server.address().port, '127.0.0.1');
}));
