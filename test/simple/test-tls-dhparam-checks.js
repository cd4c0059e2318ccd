'use strict';
// Node's rules for `dhparam`: below 1024 bits throws ERR_INVALID_ARG_VALUE,
// below 2048 bits warns (SecurityWarning), and what cannot be read as DH
// parameters is dropped without a word (no DHE then). A wrong type throws.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

assert.throws(() => tls.createSecureContext({ dhparam: fixtures.read('dhparam-512.pem') }), {
  code: 'ERR_INVALID_ARG_VALUE', name: 'TypeError',
  message: 'DH parameter is less than 1024 bits',
});
assert.throws(() => tls.createSecureContext({ dhparam: 5 }), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: /"options\.dhparam" property must be of type string or an instance of Buffer/,
});
tls.createSecureContext({ dhparam: 'not DH parameters' });
tls.createSecureContext({ dhparam: fixtures.read('ca1-cert.pem') });

process.on('warning', common.mustCall((warning) => {
  assert.strictEqual(warning.name, 'SecurityWarning');
  assert.strictEqual(warning.message, 'DH parameter is less than 2048 bits');
}));
tls.createSecureContext({ dhparam: fixtures.read('dhparam-1024.pem') });
tls.createSecureContext({ dhparam: fixtures.read('dhparam-2048.pem') });
