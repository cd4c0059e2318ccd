'use strict';
// Helpers for the hostile-peer tests (test/simple/test-bad-*.js, and the
// load tests in test/pummel): a raw TCP peer that sends bytes of our
// choosing, and the proof that a server is still serving afterwards.

const assert = require('assert');
const net = require('net');
const tls = require('../lib/tls');
const { fixtures } = require('./common');

// The answer every test server gives a well-behaved client.
const SERVED = 'served';

// Options for a server that answers SERVED (merge your own in).
function serverOptions(extra) {
  return {
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    ...extra,
  };
}

function serveOnce(socket) {
  socket.on('error', () => {});
  socket.end(SERVED);
}

// Connect with plain TCP, send `bytes` (then end our side unless
// { end: false }), and resolve with everything the server sent back once it
// closes the connection. A reset is one way to be thrown out: it resolves
// too, with `error` set.
function sendRaw(port, bytes, { end = true } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let error = null;
    const raw = net.connect(port, '127.0.0.1', () => {
      if (end) raw.end(bytes);
      else raw.write(bytes);
    });
    raw.on('data', (chunk) => chunks.push(chunk));
    raw.on('error', (err) => { error = err; });
    raw.on('close', () => resolve({ received: Buffer.concat(chunks), error }));
  });
}

// A securepair client that completes a handshake, verifies the server and
// reads SERVED: the server still serves after whatever came before.
function expectServed(port) {
  return new Promise((resolve, reject) => {
    const client = tls.connect({
      port,
      host: '127.0.0.1',
      servername: 'localhost',
      ca: fixtures.read('ca1-cert.pem'),
    });
    let text = '';
    client.setEncoding('utf8');
    client.on('data', (chunk) => { text += chunk; });
    client.on('error', reject);
    client.on('end', () => {
      try {
        assert.strictEqual(client.authorized, true);
        assert.strictEqual(text, SERVED);
        resolve();
      } catch (err) {
        reject(err);
      }
    });
  });
}

// A TLS alert record as a server sends it before any version is agreed:
// level 2 (fatal) and `description`.
function alertRecord(description, version = 0x0301) {
  return Buffer.from([0x15, version >> 8, version & 0xff, 0x00, 0x02, 0x02, description]);
}

module.exports = { SERVED, serverOptions, serveOnce, sendRaw, expectServed, alertRecord };
