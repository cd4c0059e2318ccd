'use strict';
const assert = require('assert');
const { binding, pair, handshake } = require('../binding-harness');

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
