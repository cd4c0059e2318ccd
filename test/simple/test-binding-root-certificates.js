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

// addRootCerts(): OpenSSL's default paths until setRootCertificates() is
// called, then that list; contexts keep the store they were given.
function verdict(clientCtx) {
  // Leaf + intermediate: an unknown root is UNABLE_TO_GET_ISSUER_CERT_LOCALLY.
  const server = connection(context({ key: 'server-chain-key.pem',
                                      cert: 'server-chain-fullchain.pem' }),
                            true);
  const client = connection(clientCtx, false);
  handshake(server, client);
  assert.deepStrictEqual(client.errors, []);
  const err = client.verifyError();
  return err && err.code;
}
function rootsContext() {
  const ctx = new binding.SecureContext();
  ctx.addRootCerts();
  return ctx;
}

// Our test CA is not among the system's roots.
const early = rootsContext();
assert.strictEqual(verdict(early), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');

binding.setRootCertificates([fixture('ca2-cert.pem').toString(),
                             fixture('ca1-cert.pem').toString()]);
assert.strictEqual(verdict(rootsContext()), null);
// A context made before keeps its own (system) store.
assert.strictEqual(verdict(early), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');

// A bad PEM throws and leaves the current roots in place.
assert.throws(() => binding.setRootCertificates(['junk']), { code: /^ERR_/ });
assert.throws(() => binding.setRootCertificates([42]),
              { code: 'ERR_INVALID_ARG_TYPE' });
assert.strictEqual(verdict(rootsContext()), null);

// Only ca2 now: the server's chain no longer verifies.
binding.setRootCertificates([fixture('ca2-cert.pem')]);
assert.strictEqual(verdict(rootsContext()), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');

// An empty list trusts nothing.
binding.setRootCertificates([]);
assert.strictEqual(verdict(rootsContext()), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
