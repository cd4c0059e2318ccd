'use strict';
const assert = require('assert');
const { context, connection, handshake } = require('../binding-harness');

// Garbage from the peer: onerror once, with code, library and reason, after
// any alert went out; afterwards the connection is dead and quiet.
const server = connection(
  context({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' }), true);
server.receive(Buffer.from('hello world, this is not TLS\r\n\r\n'));

assert.strictEqual(server.errors.length, 1);
const err = server.errors[0];
assert.ok(err instanceof Error);
assert.strictEqual(err.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
assert.strictEqual(err.library, 'SSL routines');
assert.strictEqual(err.reason, 'wrong version number');
assert.match(err.message, /wrong version number/);
// An alert, if any, was handed out before onerror.
const ev = server.events;
assert.strictEqual(ev[ev.length - 1], 'error', ev.join());

// Dead: nothing more happens, no second onerror.
server.receive(Buffer.from('more garbage'));
server.receiveEOF();
server.shutdown();
assert.strictEqual(server.errors.length, 1);
assert.deepStrictEqual(server.events, ev);
server.destroy();

// The same from the client's side: a server answering nonsense.
const client = connection(context({ ca: 'ca1-cert.pem' }), false);
client.start();
client.receive(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]));
assert.strictEqual(client.errors.length, 1);
assert.match(client.errors[0].code, /^ERR_SSL_/);
assert.strictEqual(client.errors[0].library, 'SSL routines');

// The transport ending in the middle of the handshake.
const c2 = connection(context({ ca: 'ca1-cert.pem' }), false);
c2.start();
c2.receiveEOF();
assert.strictEqual(c2.errors.length, 1);
assert.strictEqual(c2.errors[0].code, 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
assert.ok(!c2.events.includes('close'));
