'use strict';
// Drives two binding Connections against each other in memory, for the
// test/simple/test-binding-*.js tests: every event is recorded on the
// connection object so a test can assert on order and content.
const fs = require('fs');
const path = require('path');

const binding = require(path.join(__dirname, '../build/Release/securepair.node'));
const fixture = (name) =>
  fs.readFileSync(path.join(__dirname, '../build/fixtures', name));

// Every event is recorded on the connection (`this`); an optional hook per
// event lets a test act from inside the callback.
function record(conn, name, arg) {
  conn.events.push(name);
  const hook = conn.hooks && conn.hooks[name];
  if (hook) hook.call(conn, arg);
}
// Kept, so a test can register a variant (some optional one left out).
const callbacks = {
  onwrite(buf) { this.outbox.push(buf); record(this, 'write', buf); },
  ondata(buf) { this.inbox.push(buf); record(this, 'data', buf); },
  onhandshakestart() { record(this, 'start'); },
  onhandshakedone() { record(this, 'done'); },
  onpeerclose() { record(this, 'close'); },
  onerror(err) { this.errors.push(err); record(this, 'error', err); },
  onclienthello(info) { this.hellos.push(info); record(this, 'hello', info); },
  onnewsession(id, session) { this.sessions.push({ id, session }); record(this, 'session'); },
  onkeylog(line) { this.keylog.push(line); record(this, 'keylog', line); },
  ontrace(text) { this.trace.push(text); record(this, 'trace', text); },
  // PSK questions: recorded in pskAsked, answered by conn.pskAnswer(identity | hint).
  onpskserver(identity, maxKeyLen) {
    this.pskAsked.push([identity, maxKeyLen]);
    record(this, 'psk');
    return this.pskAnswer ? this.pskAnswer(identity) : null;
  },
  onpskclient(hint, maxKeyLen, maxIdentityLen) {
    this.pskAsked.push([hint, maxKeyLen, maxIdentityLen]);
    record(this, 'psk');
    return this.pskAnswer ? this.pskAnswer(hint) : null;
  },
};
binding.setCallbacks(callbacks);

function context({ key, cert, ca, passphrase, min = 0, max = 0 } = {}) {
  const ctx = new binding.SecureContext();
  ctx.setProtocolRange(min, max);
  if (key) ctx.setKey(fixture(key), passphrase);
  if (cert) ctx.setCert(fixture(cert));
  if (ca) ctx.addCACert(fixture(ca));
  return ctx;
}

function connection(ctx, isServer) {
  const conn = new binding.Connection(ctx, isServer);
  conn.events = [];
  conn.outbox = [];
  conn.inbox = [];
  conn.errors = [];
  conn.hellos = [];
  conn.sessions = [];
  conn.keylog = [];
  conn.trace = [];
  conn.pskAsked = [];
  conn.pskAnswer = null;
  conn.hooks = {};
  return conn;
}

// Moves ciphertext between the two until neither has anything to send.
function shuttle(a, b) {
  for (let i = 0; i < 10000; i++) {
    if (a.outbox.length) b.receive(a.outbox.shift());
    else if (b.outbox.length) a.receive(b.outbox.shift());
    else return;
  }
  throw new Error('the connections never went quiet');
}

function pair(serverOpts, clientOpts = {}) {
  const server = connection(context(serverOpts), true);
  const client = connection(context(clientOpts), false);
  if (clientOpts.servername) client.setServername(clientOpts.servername);
  return { server, client };
}

function handshake(server, client) {
  client.start();
  shuttle(client, server);
}

const received = (conn) => Buffer.concat(conn.inbox).toString();

module.exports = {
  binding, callbacks, fixture, record, context, connection, shuttle, pair, handshake, received,
};
