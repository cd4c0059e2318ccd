'use strict';
// The binding's session contract: onnewsession comes before onhandshakedone
// for a TLS 1.2 session and after it for TLS 1.3 tickets; a server with
// enableSessionEvents(true) sends nothing more until releaseOutput(),
// which may be called from inside a callback; the session a client is
// handed resumes, and damaged bytes are refused without harm.
require('../common');
const assert = require('assert');
const { binding, connection, context, shuttle, handshake } = require('../binding-harness');

const serverContext = (options) => {
  const ctx = context({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' });
  if (options) ctx.setOptions(options);
  return ctx;
};
const clientContext = (max) => context({ ca: 'ca1-cert.pem', max });

// TLS 1.2 session id (no ticket): the server holds its last flight.
{
  const server = connection(serverContext(binding.SSL_OP_NO_TICKET), true);
  const client = connection(clientContext(binding.TLS1_2_VERSION), false);
  server.enableSessionEvents(true);
  client.enableSessionEvents(false);
  handshake(server, client);
  // The first flight went out; the last one (ChangeCipherSpec, Finished)
  // is held: no write after the hello's, then the session, then done.
  assert.deepStrictEqual(server.events, ['write', 'start', 'session', 'done']);
  const held = server.outbox.length;
  assert.strictEqual(client.isHandshakeDone(), false, 'the client waits for the held flight');
  assert.strictEqual(server.sessions[0].id.length, 32);
  server.releaseOutput();
  assert.ok(server.outbox.length > held, 'released');
  shuttle(server, client);
  assert.strictEqual(client.isHandshakeDone(), true);
  assert.deepStrictEqual(client.events.filter((e) => e === 'session' || e === 'done'),
                         ['session', 'done']);
  const saved = client.sessions[0].session;
  assert.deepStrictEqual(saved, client.getSession());

  // Offered to a server of another context, whose cache answers during the
  // ClientHello pause: the session was made under another session id
  // context, so OpenSSL makes a full handshake.
  const again = connection(clientContext(binding.TLS1_2_VERSION), false);
  const server2 = connection(serverContext(binding.SSL_OP_NO_TICKET), true);
  assert.strictEqual(again.setSession(Buffer.from('not a session')), false);
  assert.strictEqual(again.setSession(saved), true);
  server2.setHelloPause(true);
  server2.hooks.hello = function hello(info) {
    assert.deepStrictEqual(info.sessionId, server.sessions[0].id);
    assert.strictEqual(this.setResumeSession(Buffer.from('junk')), false);
    assert.strictEqual(this.setResumeSession(server.sessions[0].session), true);
    this.resumeHello();
  };
  handshake(server2, again);
  assert.deepStrictEqual(server2.errors, []);
  assert.strictEqual(again.isSessionReused(), false,
                     'another context (another session id context) does not resume');
}

// The same server context: the cache's answer resumes.
{
  const ctx = serverContext(binding.SSL_OP_NO_TICKET);
  const first = connection(ctx, true);
  const client = connection(clientContext(binding.TLS1_2_VERSION), false);
  first.enableSessionEvents(true);
  client.enableSessionEvents(false);
  // Released from inside the callback that reported the session.
  first.hooks.session = function onSession() { this.releaseOutput(); };
  handshake(first, client);
  assert.strictEqual(client.isHandshakeDone(), true);
  const stored = first.sessions[0];

  const server = connection(ctx, true);
  const again = connection(clientContext(binding.TLS1_2_VERSION), false);
  again.setSession(client.sessions[0].session);
  server.setHelloPause(true);
  server.hooks.hello = function hello() {
    this.setResumeSession(stored.session);
    this.resumeHello();
  };
  handshake(server, again);
  assert.strictEqual(again.isSessionReused(), true);
  assert.strictEqual(server.isSessionReused(), true);
}

// TLS 1.3: the tickets come after done, on both sides.
{
  const server = connection(serverContext(), true);
  const client = connection(clientContext(), false);
  server.enableSessionEvents(false);
  client.enableSessionEvents(false);
  handshake(server, client);
  const order = (conn) => conn.events.filter((e) => e === 'session' || e === 'done');
  assert.deepStrictEqual(order(server), ['done', 'session', 'session']);
  assert.deepStrictEqual(order(client), ['done', 'session', 'session']);
  const ticket = client.getTLSTicket();
  assert.ok(Buffer.isBuffer(ticket) && ticket.length > 0, 'the latest ticket');
  assert.throws(() => client.enableSessionEvents(true), { code: 'ERR_SP_INVALID_ARG' });
  client.destroy();
  assert.strictEqual(client.getSession(), undefined);
  assert.strictEqual(client.isSessionReused(), false);
}
