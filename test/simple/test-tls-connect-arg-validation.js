'use strict';
// Bad arguments to connect() throw at once, with Node's codes and classes,
// before any connection is attempted.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');

// Nothing may be connecting when a call throws.
const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function(...args) {
  const result = realConnect.apply(this, args);
  if (throwing) assert.fail('a connection was started by a call that threw');
  return result;
};
let throwing = false;
function refuses(fn, expected) {
  throwing = true;
  try {
    assert.throws(fn, expected);
  } finally {
    throwing = false;
  }
}

refuses(() => tls.connect({ port: 70000 }),
        { name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT' });
refuses(() => tls.connect(-1), { name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT' });
refuses(() => tls.connect({ port: 'abc' }),
        { name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT' });
refuses(() => tls.connect({}), {
  name: 'TypeError',
  code: 'ERR_MISSING_ARGS',
  message: 'The "options" or "port" or "path" arguments must be specified',
});
refuses(() => tls.connect({ port: 443, checkServerIdentity: 'no' }), {
  name: 'TypeError',
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "options.checkServerIdentity" property must be of type function. ' +
    "Received type string ('no')",
});
refuses(() => tls.connect({ port: 443, servername: 5 }),
        { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
refuses(() => tls.connect({ port: 443, socket: 'not a socket' }),
        { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
refuses(() => tls.connect({ port: 443, secureContext: {} }), {
  name: 'TypeError',
  code: 'ERR_TLS_INVALID_CONTEXT',
  message: 'context must be a SecureContext',
});
refuses(() => tls.connect({ port: 443, timeout: '1s' }),
        { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
refuses(() => tls.connect({ port: 443, minDHSize: 0 }),
        { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
refuses(() => tls.connect({ port: 443, ca: 42 }), {
  name: 'TypeError',
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "options.ca" property must be of type string or an instance of ' +
    'Buffer, TypedArray, or DataView. Received type number (42)',
});
refuses(() => tls.connect({ port: 443, minVersion: 'SSLv3' }), {
  name: 'TypeError',
  code: 'ERR_TLS_INVALID_PROTOCOL_VERSION',
  message: '"SSLv3" is not a valid minimum TLS protocol version',
});
refuses(() => tls.connect({ port: 443, ciphers: 'NOT-A-CIPHER' }),
        { code: 'ERR_SSL_NO_CIPHER_MATCH' });
refuses(() => tls.connect({ port: 443, session: 42 }),
        { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
refuses(() => tls.connect({ port: 443, pfx: Buffer.alloc(10) }),
        { name: 'Error', code: /^ERR_OSSL_ASN1_/ });

// TLSSocket and Server constructors.
assert.throws(() => new tls.TLSSocket(null, 5),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => new tls.TLSSocket({}),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => tls.createServer(3), {
  name: 'TypeError',
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "options" argument must be of type object. Received type number (3)',
});
assert.throws(() => tls.createServer({ SNICallback: 3 }),
              { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => tls.createServer().setSecureContext(null), {
  name: 'TypeError',
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "options" argument must be of type object. Received null',
});
assert.throws(() => tls.createServer().addContext('', {}), {
  code: 'ERR_TLS_REQUIRED_SERVER_NAME',
  message: '"servername" is required parameter for Server.addContext',
});

// Socket methods.
const socket = new tls.TLSSocket(null, { isServer: true });
assert.throws(() => socket.setServername('example.com'), {
  code: 'ERR_TLS_SNI_FROM_SERVER',
  message: 'Cannot issue SNI from a TLS server-side socket',
});
assert.throws(() => socket.setTimeout('10'), {
  name: 'TypeError',
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "msecs" argument must be of type number. Received type string (\'10\')',
});
assert.throws(() => socket.setTimeout(-1), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
socket.destroy();
socket.on('close', common.mustCall());
