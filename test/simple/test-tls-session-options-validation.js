'use strict';
// The session options are checked before anything is built, with Node's
// codes: sessionIdContext must be a string (of at most 32 bytes, OpenSSL's
// limit), sessionTimeout an int32 >= 0, ticketKeys 48 bytes.
require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');

const make = (options) => () => tls.createSecureContext(options);

assert.throws(make({ sessionIdContext: 5 }), {
  code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError',
  message: /"options\.sessionIdContext" property must be of type string/,
});
assert.throws(make({ sessionIdContext: 'x'.repeat(33) }), /session id context too long/);
tls.createSecureContext({ sessionIdContext: 'x'.repeat(32) });

assert.throws(make({ sessionTimeout: '5' }), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(make({ sessionTimeout: -5 }), {
  code: 'ERR_OUT_OF_RANGE', name: 'RangeError',
  message: /It must be >= 0 && <= 2147483647\. Received -5/,
});
assert.throws(make({ sessionTimeout: 1.5 }), {
  code: 'ERR_OUT_OF_RANGE', message: /It must be an integer/,
});
tls.createSecureContext({ sessionTimeout: 0 });

assert.throws(make({ ticketKeys: Buffer.alloc(47) }), {
  code: 'ERR_INVALID_ARG_VALUE',
  message: "The property 'options.ticketKeys' must be exactly 48 bytes. Received 47",
});
assert.throws(make({ ticketKeys: 'x'.repeat(48) }), { code: 'ERR_INVALID_ARG_TYPE' });
tls.createSecureContext({ ticketKeys: new Uint8Array(48) });

