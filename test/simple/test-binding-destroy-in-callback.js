'use strict';
const assert = require('assert');
const {
  binding,
  record,
  connection,
  shuttle,
  pair,
  handshake,
} = require('../binding-harness');

// destroy() from inside every callback, on either side, with the peer driven
// both from outside (queued) and from inside onwrite (nested): the binding
// finishes the current call without touching the freed engine, makes no
// further callbacks, and every later call is a harmless no-op.
function pokeEverything(conn) {
  conn.destroy();
  conn.destroy();
  assert.strictEqual(conn.write(Buffer.from('x')), undefined);
  conn.writev([Buffer.from('x')]);
  conn.receive(Buffer.alloc(100, 0x17));
  conn.receiveEOF();
  conn.shutdown();
  conn.start();
  conn.setVerify(true, true);
  conn.setServername('example.com');
  for (const getter of ['getCertificate', 'getCipher', 'getProtocol',
                        'getServername', 'verifyError']) {
    assert.strictEqual(conn[getter](), null, getter);
  }
  assert.strictEqual(conn.getPeerCertificate(true), null);
  assert.strictEqual(conn.isHandshakeDone(), false);
}

function scenario(victimSide, event, nested) {
  const { server, client } = pair(
    { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
    { ca: 'ca1-cert.pem' });
  if (nested) {
    // Deliver ciphertext to the peer from inside onwrite.
    server.hooks.write = function(buf) { this.outbox.pop(); client.receive(buf); };
    client.hooks.write = function(buf) { this.outbox.pop(); server.receive(buf); };
  }
  const victim = victimSide === 'server' ? server : client;
  const previous = victim.hooks[event];
  victim.hooks[event] = function(arg) {
    if (previous) previous.call(this, arg);
    if (this.seen !== undefined) return;
    this.seen = this.events.length;
    pokeEverything(this);
  };

  if (event === 'error') {
    victim.start();
    victim.receive(Buffer.from('this is not a TLS record at all'));
  } else {
    handshake(server, client);
    if (server.isHandshakeDone() && client.isHandshakeDone()) {
      client.write(Buffer.from('from client'));
      shuttle(client, server);
      server.write(Buffer.from('from server'));
      shuttle(client, server);
      client.shutdown();
      server.shutdown();
      shuttle(client, server);
    }
  }
  // Anything still queued goes nowhere harmful.
  shuttle(client, server);
  assert.notStrictEqual(victim.seen, undefined,
                        `${victimSide} never saw ${event}`);
  assert.strictEqual(victim.events.length, victim.seen,
                     `${victimSide}/${event}: ${victim.events.join()}`);
  pokeEverything(victim);
}

for (const nested of [false, true]) {
  for (const side of ['client', 'server']) {
    for (const event of ['write', 'start', 'done', 'data', 'close', 'error']) {
      scenario(side, event, nested);
    }
  }
}

// destroy() from inside a nested call on the same connection: ondata feeds
// more ciphertext with receive(), and the next ondata destroys.
{
  const { server, client } = pair(
    { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
    { ca: 'ca1-cert.pem' });
  handshake(server, client);
  client.write(Buffer.from('one'));
  client.write(Buffer.from('two'));
  const [one, two] = client.outbox.splice(0);
  server.hooks.data = function(buf) {
    if (buf.toString() === 'one') this.receive(two);
    else this.destroy();
  };
  server.receive(one);
  assert.deepStrictEqual(server.events.filter((e) => e === 'data').length, 2);
  assert.strictEqual(server.isHandshakeDone(), false);
}
