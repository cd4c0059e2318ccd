'use strict';
// PSK options are checked as Node checks them, at once.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

assert.throws(() => tls.createServer({ pskCallback: 1 }), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: /"options.pskCallback" property must be of type function/,
});
assert.throws(() => tls.createServer({ pskCallback() {}, pskIdentityHint: 5 }), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: /"options.pskIdentityHint" property must be of type string/,
});
assert.throws(() => tls.connect({ port: 1, pskCallback: 'key' }), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: /"pskCallback" argument must be of type function/,
});
// createSecureContext() ignores it, as Node's does (it is a socket option).
assert.ok(tls.createSecureContext({ pskCallback() {} }));
common.mustCall()();
