'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const binding = require(path.join(__dirname, '../../build/Release/securepair.node'));
const fixture = (name) =>
  fs.readFileSync(path.join(__dirname, '../../build/fixtures', name));

// Every event is recorded on the connection (`this`); an optional hook per
// event lets a test act from inside the callback.
function record(conn, name, arg) {
  conn.events.push(name);
  const hook = conn.hooks && conn.hooks[name];
  if (hook) hook.call(conn, arg);
}
binding.setCallbacks({
  onwrite(buf) { this.outbox.push(buf); record(this, 'write', buf); },
  ondata(buf) { this.inbox.push(buf); record(this, 'data', buf); },
  onhandshakestart() { record(this, 'start'); },
  onhandshakedone() { record(this, 'done'); },
  onpeerclose() { record(this, 'close'); },
  onerror(err) { this.errors.push(err); record(this, 'error', err); },
});

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

// Module constants, opensslVersion and setCallbacks' checks.
assert.strictEqual(binding.TLS1_VERSION, 0x0301);
assert.strictEqual(binding.TLS1_1_VERSION, 0x0302);
assert.strictEqual(binding.TLS1_2_VERSION, 0x0303);
assert.strictEqual(binding.TLS1_3_VERSION, 0x0304);
for (const name of ['SSL_OP_CIPHER_SERVER_PREFERENCE', 'SSL_OP_NO_TICKET',
                    'SSL_OP_NO_RENEGOTIATION', 'SSL_OP_ALL']) {
  const v = binding[name];
  assert.ok(Number.isSafeInteger(v) && v > 0, name);
}
// The values OpenSSL 3.0 defines.
assert.strictEqual(binding.SSL_OP_CIPHER_SERVER_PREFERENCE, 0x400000);
assert.strictEqual(binding.SSL_OP_NO_TICKET, 0x4000);
assert.strictEqual(binding.SSL_OP_NO_RENEGOTIATION, 0x40000000);
// Same process, same OpenSSL: the version Node reports.
assert.match(binding.opensslVersion, /^OpenSSL \d+\.\d+\.\d+/);
assert.ok(binding.opensslVersion.includes(process.versions.openssl),
          `${binding.opensslVersion} vs ${process.versions.openssl}`);

assert.strictEqual(typeof binding.SecureContext, 'function');
assert.strictEqual(typeof binding.Connection, 'function');
assert.throws(() => binding.setCallbacks(null),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
const partial = { onwrite() {}, ondata() {}, onhandshakestart() {},
                  onhandshakedone() {}, onpeerclose() {} };
assert.throws(() => binding.setCallbacks(partial),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
                message: /"onerror"/ });
// The earlier, complete registration is still in force.
const { server, client } = pair(
  { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
  { ca: 'ca1-cert.pem' });
handshake(server, client);
assert.strictEqual(client.isHandshakeDone(), true);
