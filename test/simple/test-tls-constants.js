'use strict';
// Module-level constants and lists, as Node has them.
require('../common');
const assert = require('assert');
const nodeTls = require('tls');
const tls = require('../../lib/tls');

assert.strictEqual(tls.DEFAULT_MIN_VERSION, 'TLSv1.2');
assert.strictEqual(tls.DEFAULT_MAX_VERSION, 'TLSv1.3');
assert.strictEqual(tls.DEFAULT_ECDH_CURVE, 'auto');
assert.strictEqual(tls.DEFAULT_CIPHERS, nodeTls.DEFAULT_CIPHERS);
assert.match(tls.DEFAULT_CIPHERS, /^TLS_AES_256_GCM_SHA384:/);
assert.strictEqual(tls.CLIENT_RENEG_LIMIT, 3);
assert.strictEqual(tls.CLIENT_RENEG_WINDOW, 600);

// rootCertificates: a frozen array of PEM strings, Node's list.
const roots = tls.rootCertificates;
assert.ok(Array.isArray(roots));
assert.ok(Object.isFrozen(roots));
assert.ok(roots.length > 50);
for (const pem of roots) {
  assert.match(pem, /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/);
}
assert.deepStrictEqual(roots, nodeTls.rootCertificates);
assert.strictEqual(tls.rootCertificates, roots);
assert.throws(() => { 'use strict'; roots.push('x'); }, TypeError);

// getCiphers(): lower-case names, no duplicates, a fresh copy each time.
const ciphers = tls.getCiphers();
assert.ok(ciphers.length > 10);
assert.ok(ciphers.includes('aes128-gcm-sha256'));
assert.ok(ciphers.includes('tls_aes_256_gcm_sha384'));
for (const name of ciphers) assert.strictEqual(name, name.toLowerCase());
assert.strictEqual(new Set(ciphers).size, ciphers.length);
ciphers.length = 0;
assert.ok(tls.getCiphers().length > 10);

// The whole public surface is there.
for (const name of ['createServer', 'connect', 'createSecureContext', 'createSecurePair',
                    'checkServerIdentity', 'getCiphers', 'convertALPNProtocols']) {
  assert.strictEqual(typeof tls[name], 'function', name);
}
for (const name of ['TLSSocket', 'Server', 'SecureContext', 'SecurePair', 'CleartextStream']) {
  assert.strictEqual(typeof tls[name], 'function', name);
}
assert.ok(tls.Server.prototype instanceof require('net').Server);
assert.ok(tls.TLSSocket.prototype instanceof require('stream').Duplex);

// convertALPNProtocols: length-prefixed wire format.
const out = {};
tls.convertALPNProtocols(['h2', 'http/1.1'], out);
assert.deepStrictEqual(out.ALPNProtocols, Buffer.from('\x02h2\x08http/1.1', 'latin1'));
assert.throws(() => tls.convertALPNProtocols(['x'.repeat(256)], {}),
              { code: 'ERR_OUT_OF_RANGE' });
