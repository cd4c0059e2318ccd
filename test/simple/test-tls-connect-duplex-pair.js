'use strict';
// TLS over a purely in-memory Duplex pair: a TLSSocket server on one end,
// tls.connect({ socket }) on the other, no network at all.
const common = require('../common');
const assert = require('assert');
const { Duplex } = require('stream');
const tls = require('../../lib/tls');
const { fixtures } = common;

// A minimal pair whose writes complete asynchronously, like a real link.
function duplexPair() {
  const ends = [];
  for (let i = 0; i < 2; i++) {
    ends.push(new Duplex({
      read() {},
      write(chunk, encoding, callback) {
        setImmediate(() => {
          ends[1 - i].push(chunk);
          callback();
        });
      },
      final(callback) {
        setImmediate(() => {
          ends[1 - i].push(null);
          callback();
        });
      },
    }));
  }
  return ends;
}

const [serverEnd, clientEnd] = duplexPair();

const server = new tls.TLSSocket(serverEnd, {
  isServer: true,
  secureContext: tls.createSecureContext({
    key: fixtures.read('server-ecdsa-key.pem'),
    cert: fixtures.read('server-ecdsa-cert.pem'),
  }),
});
server.on('secure', common.mustCall(() => {
  assert.strictEqual(server.getProtocol(), 'TLSv1.3');
  assert.strictEqual(server.remoteAddress, undefined);
  assert.deepStrictEqual(server.address(), {});
}));
server.setEncoding('utf8');
let request = '';
server.on('data', (chunk) => { request += chunk; });
server.on('end', common.mustCall(() => {
  assert.strictEqual(request, 'ping');
  server.end('pong');
}));

const client = tls.connect({
  socket: clientEnd,
  ca: fixtures.read('ca1-cert.pem'),
  servername: 'localhost',
}, common.mustCall(() => {
  assert.strictEqual(client.authorized, true);
  client.end('ping');
}));
let reply = '';
client.setEncoding('utf8');
client.on('data', (chunk) => { reply += chunk; });
client.on('end', common.mustCall(() => assert.strictEqual(reply, 'pong')));
client.on('close', common.mustCall());
server.on('close', common.mustCall());
