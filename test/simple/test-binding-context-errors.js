'use strict';
const assert = require('assert');
const { binding, fixture, context } = require('../binding-harness');

// SecureContext setters throw Errors with the core's codes; wrong argument
// types throw TypeErrors with ERR_INVALID_ARG_TYPE.
function throwsCode(fn, code) {
  let caught;
  try { fn(); } catch (e) { caught = e; }
  assert.ok(caught instanceof Error, 'expected a throw');
  if (code instanceof RegExp) assert.match(caught.code, code);
  else assert.strictEqual(caught.code, code, caught.message);
  assert.ok(caught.message.length > 0);
  return caught;
}

const ctx = new binding.SecureContext();

let e = throwsCode(() => ctx.setKey('not a pem at all'), /^ERR_OSSL_/);
throwsCode(() => ctx.setCert(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n' +
                                         '-----END CERTIFICATE-----\n')),
           /^ERR_OSSL_/);
throwsCode(() => ctx.addCACert('garbage'), /^ERR_OSSL_/);

// Encrypted key: wrong passphrase, then missing passphrase, then right.
e = throwsCode(() => ctx.setKey(fixture('server-rsa-key-encrypted.pem'),
                                'wrong'), /^ERR_OSSL_/);
assert.match(e.code, /BAD_DECRYPT|DECRYPT/);
throwsCode(() => ctx.setKey(fixture('server-rsa-key-encrypted.pem')),
           /^ERR_OSSL_/);
ctx.setKey(fixture('server-rsa-key-encrypted.pem'), 'sekrit');
ctx.setCert(fixture('server-rsa-cert.pem').toString());

// A key that belongs to another certificate.
const other = new binding.SecureContext();
other.setCert(fixture('server-rsa-cert.pem'));
e = throwsCode(() => other.setKey(fixture('stray-key.pem')), /^ERR_/);
assert.match(e.message, /mismatch|values|match/i);

throwsCode(() => ctx.setCiphers('NOT-A-CIPHER'), /^ERR_SSL_/);
throwsCode(() => ctx.setCipherSuites('NOT_A_SUITE'), /^ERR_SSL_/);
throwsCode(() => ctx.setGroups('not-a-group'), /^ERR_/);
throwsCode(() => ctx.setProtocolRange(0x9999, 0), /^ERR_/);
ctx.setCiphers('ECDHE-RSA-AES128-GCM-SHA256');
ctx.setCipherSuites('TLS_AES_128_GCM_SHA256');
ctx.setGroups('X25519:P-256');
ctx.setOptions(binding.SSL_OP_CIPHER_SERVER_PREFERENCE | binding.SSL_OP_NO_TICKET);

// Wrong types.
for (const [fn, name] of [
  [() => ctx.setKey(42), 'pem'],
  [() => ctx.setKey(fixture('server-rsa-key.pem'), 42), 'passphrase'],
  [() => ctx.setCert({}), 'pem'],
  [() => ctx.setCiphers(Buffer.from('x')), 'list'],
  [() => ctx.setProtocolRange('a', 0), 'min'],
  [() => ctx.setOptions('x'), 'options'],
  [() => new binding.Connection({}, true), 'secureContext'],
  [() => binding.setRootCertificates('x'), 'pems'],
  [() => binding.setCallbacks({}), 'onwrite'],
]) {
  const err = throwsCode(fn, 'ERR_INVALID_ARG_TYPE');
  assert.ok(err instanceof TypeError);
  assert.ok(err.message.includes(`"${name}"`), err.message);
}
assert.throws(() => binding.SecureContext(), TypeError);
// Methods on the wrong object: V8's receiver check ("Illegal invocation"),
// backed by the binding's own type tags.
assert.throws(() => binding.Connection.prototype.start.call({}), TypeError);
assert.throws(() => binding.Connection.prototype.start.call(ctx), TypeError);
assert.throws(() => binding.SecureContext.prototype.close.call(
  Object.create(binding.SecureContext.prototype)), TypeError);

// A closed context: setters do nothing, new connections are refused.
const closed = new binding.SecureContext();
closed.close();
closed.close();
closed.setCiphers('NOT-A-CIPHER');
throwsCode(() => new binding.Connection(closed, false), 'ERR_SP_CONTEXT_CLOSED');

// setRootCertificates refuses a bad PEM and keeps the old store.
throwsCode(() => binding.setRootCertificates([fixture('ca1-cert.pem'), 'junk']),
           /^ERR_OSSL_/);

// Options: JS bitwise results are signed 32-bit; a negative one means the
// same bits. Fractions and out-of-range values are refused.
ctx.setOptions(binding.SSL_OP_ALL | binding.SSL_OP_NO_TICKET);
assert.ok((binding.SSL_OP_ALL | 0) < 0 || binding.SSL_OP_ALL < 2 ** 31);
assert.throws(() => ctx.setOptions(1.5), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => ctx.setOptions(-(2 ** 40)), { name: 'RangeError' });
assert.throws(() => ctx.setOptions(2 ** 60), { name: 'RangeError' });
