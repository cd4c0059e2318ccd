'use strict';
const assert = require('assert');
const {
  binding,
  context,
  connection,
  shuttle,
  pair,
  handshake,
  received,
} = require('../binding-harness');

// TLS 1.2 with an ECDSA certificate, data both ways.
const { server, client } = pair(
  { key: 'server-ecdsa-key.pem', cert: 'server-ecdsa-cert.pem',
    min: binding.TLS1_2_VERSION, max: binding.TLS1_2_VERSION },
  { ca: 'ca1-cert.pem', servername: 'localhost' });
handshake(server, client);

for (const conn of [server, client]) {
  assert.deepStrictEqual(conn.errors, []);
  assert.strictEqual(conn.getProtocol(), 'TLSv1.2');
  assert.match(conn.getCipher().name, /ECDSA/);
}
assert.strictEqual(client.verifyError(), null);

client.write(Buffer.from('ping'));
shuttle(client, server);
server.write(Buffer.from('pong'));
shuttle(client, server);
assert.strictEqual(received(server), 'ping');
assert.strictEqual(received(client), 'pong');

// A TLS 1.3-only client cannot talk to this TLS 1.2-only server.
const c13 = connection(context({ min: binding.TLS1_3_VERSION }), false);
const s12 = connection(context({
  key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem',
  max: binding.TLS1_2_VERSION }), true);
handshake(s12, c13);
assert.strictEqual(s12.errors.length + c13.errors.length >= 1, true);
for (const err of [...s12.errors, ...c13.errors]) {
  assert.match(err.code, /^ERR_SSL_/);
}
