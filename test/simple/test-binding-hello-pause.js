'use strict';
// The binding's ClientHello pause, which lib's SNI, ALPNCallback and
// session steps build on: a server Connection with setHelloPause(true)
// calls onclienthello after onhandshakestart with what the client asked
// for, then does nothing more (more ciphertext is only buffered) until
// resumeHello(); setSecureContext() in between serves another context;
// resumeHello() from inside onclienthello carries on once the callback
// returns. Misuse throws with a code.
require('../common');
const assert = require('assert');
const { binding, context, connection, shuttle, pair, handshake } = require('../binding-harness');

const rsa = { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' };
const ecdsa = { key: 'server-ecdsa-key.pem', cert: 'server-ecdsa-cert.pem' };

// Paused, inspected, switched, resumed.
{
  const { server, client } = pair(rsa, { ca: 'ca1-cert.pem', servername: 'b.test' });
  client.setALPNProtocols(Buffer.from('\x02h2\x08http/1.1', 'latin1'));
  server.setHelloPause(true);
  handshake(server, client);
  assert.deepStrictEqual(server.events, ['start', 'hello']);
  assert.strictEqual(server.isHandshakeDone(), false);
  const [hello] = server.hellos;
  assert.strictEqual(hello.servername, 'b.test');
  assert.deepStrictEqual(hello.alpnProtocols, ['h2', 'http/1.1']);
  assert.ok(Buffer.isBuffer(hello.sessionId));
  assert.strictEqual(hello.sessionId.length, 32); // TLS 1.3's random legacy id
  assert.strictEqual(hello.tlsTicket, false);
  // Nothing moves while paused.
  server.receive(Buffer.alloc(0));
  assert.deepStrictEqual(server.events, ['start', 'hello']);
  assert.strictEqual(server.outbox.length, 0);

  server.setSecureContext(context(ecdsa));
  server.resumeHello();
  shuttle(client, server);
  assert.strictEqual(server.isHandshakeDone(), true);
  assert.strictEqual(client.isHandshakeDone(), true);
  assert.strictEqual(client.getPeerCertificate(false).nistCurve, 'P-256');
  assert.deepStrictEqual(server.events.slice(0, 3), ['start', 'hello', 'write']);
  assert.strictEqual(server.hellos.length, 1);
  // Too late now.
  assert.throws(() => server.setSecureContext(context(rsa)), { code: 'ERR_SP_INVALID_ARG' });
}

// resumeHello() from inside the callback: the handshake goes on after it.
{
  const { server, client } = pair(rsa, { ca: 'ca1-cert.pem' });
  server.setHelloPause(true);
  server.hooks.hello = function(info) {
    assert.strictEqual(info.servername, null);
    assert.deepStrictEqual(info.alpnProtocols, []);
    this.resumeHello();
    assert.strictEqual(this.outbox.length, 0, 'nothing happens inside the callback');
  };
  handshake(server, client);
  assert.strictEqual(client.isHandshakeDone(), true);
  assert.deepStrictEqual(server.events.slice(0, 3), ['start', 'hello', 'write']);
}

// setHelloPause(false) while paused resumes too; a server without the
// pause never calls onclienthello.
{
  const { server, client } = pair(rsa, { ca: 'ca1-cert.pem' });
  server.setHelloPause(true);
  handshake(server, client);
  server.setHelloPause(false);
  shuttle(client, server);
  assert.strictEqual(client.isHandshakeDone(), true);

  const plain = pair(rsa, { ca: 'ca1-cert.pem' });
  handshake(plain.server, plain.client);
  assert.strictEqual(plain.client.isHandshakeDone(), true);
  assert.strictEqual(plain.server.hellos.length, 0);
}

// Misuse.
{
  const client = connection(context({}), false);
  assert.throws(() => client.setHelloPause(true), { code: 'ERR_SP_INVALID_ARG' });
  const server = connection(context(rsa), true);
  assert.throws(() => server.setSecureContext({}), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => binding.Connection.prototype.resumeHello.call({}),
                { code: 'ERR_INVALID_THIS' });
  server.destroy();
  server.setHelloPause(true); // a destroyed connection ignores it
  server.resumeHello();
}
