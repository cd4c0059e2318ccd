'use strict';
// A reader that stops reading stops its transport: the TLS socket pauses
// the net socket under it, the kernel buffers fill, and the sender's
// write() stays blocked (no 'drain') until the reader resumes; then every
// byte arrives.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const chunk = Buffer.alloc(64 * 1024, 'z');
const LIMIT = 256 * 1024 * 1024;
let sent = 0;
let client;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  let stallTimer = null;
  function fill() {
    while (sent < LIMIT) {
      sent += chunk.length;
      if (!socket.write(chunk)) break;
    }
    assert.ok(sent < LIMIT, 'backpressure never reached the sender');
    socket.once('drain', onDrain);
    // If no 'drain' comes for a while, the sender is blocked for good.
    stallTimer = setTimeout(stalled, 500);
  }
  function onDrain() {
    clearTimeout(stallTimer);
    fill();
  }
  function stalled() {
    socket.removeListener('drain', onDrain);
    // The client's TLS socket holds no more than a bounded amount...
    assert.ok(client.readableLength <= 2 * 64 * 1024, `${client.readableLength}`);
    // ...because it paused its transport.
    assert.strictEqual(client._parent.isPaused(), true);
    socket.end();
    let received = 0;
    client.on('data', (data) => { received += data.length; });
    client.on('end', common.mustCall(() => {
      assert.strictEqual(received, sent);
      server.close();
    }));
    client.resume();
  }
  fill();
}));

server.listen(0, common.mustCall(() => {
  client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  });
  // Nothing is read until the sender is stuck.
  client.pause();
}));
