'use strict';
// server.addContext() stores contexts by host pattern; a "*" stands for
// exactly one label and, as in Node, the latest matching addition wins.
// (test-tls-sni-*.js prove the handshakes that use it.)
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

process.on('warning', common.mustNotCall('addContext warns no more'));

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
});
const wild = tls.createSecureContext({
  key: fixtures.read('server-ecdsa-key.pem'),
  cert: fixtures.read('server-ecdsa-cert.pem'),
});
server.addContext('*.example.com', wild);
server.addContext('exact.test', {
  key: fixtures.read('server-chain-key.pem'),
  cert: fixtures.read('server-chain-fullchain.pem'),
});
server.addContext('w*.partial.test', wild);

assert.strictEqual(server._selectContext('a.example.com'), wild);
assert.strictEqual(server._selectContext('A.Example.COM'), wild);
assert.strictEqual(server._selectContext('a.b.example.com'), undefined);
assert.strictEqual(server._selectContext('example.com'), undefined);
assert.strictEqual(server._selectContext('.example.com'), undefined);
assert.ok(server._selectContext('exact.test') instanceof tls.SecureContext);
assert.notStrictEqual(server._selectContext('exact.test'), wild);
assert.strictEqual(server._selectContext('www.partial.test'), wild);
assert.strictEqual(server._selectContext('mail.partial.test'), undefined);
assert.strictEqual(server._selectContext('nothing.here'), undefined);
assert.strictEqual(server._selectContext(''), undefined);

// A later, overlapping addition takes precedence for the names it covers.
const later = tls.createSecureContext({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
});
server.addContext('*.example.com', later);
assert.strictEqual(server._selectContext('a.example.com'), later);
assert.strictEqual(server._selectContext('www.partial.test'), wild);

assert.throws(() => server.addContext('x.test', { key: 'not a key' }),
              (err) => /^ERR_OSSL_/.test(err.code));
