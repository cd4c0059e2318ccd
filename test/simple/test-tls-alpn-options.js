'use strict';
// Bad ALPN/NPN options throw at once with a code: ALPNCallback together
// with ALPNProtocols, a callback that is no function, a list that is no
// array or byte view, a name over 255 bytes, a malformed wire-format
// Buffer. tls.convertALPNProtocols() and the classic convertNPNProtocols()
// produce wire format.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const creds = { key: fixtures.read('server-rsa-key.pem'),
                cert: fixtures.read('server-rsa-cert.pem') };

assert.throws(() => tls.createServer({ ...creds, ALPNCallback: () => 'a', ALPNProtocols: ['a'] }),
              { code: 'ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS', name: 'TypeError' });
assert.throws(() => tls.createServer({ ...creds, ALPNCallback: 'a' }),
              { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => tls.createServer({ ...creds, ALPNProtocols: 42 }),
              { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => tls.createServer({ ...creds, NPNProtocols: 'http/1.1' }),
              { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => tls.connect({ port: 1, ALPNProtocols: ['x'.repeat(256)] }),
              { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => tls.connect({ port: 1, ALPNProtocols: Buffer.from([5, 65]) }),
              { code: 'ERR_SP_INVALID_ARG' });
assert.throws(() => new tls.TLSSocket(null, { ALPNProtocols: [''] }),
              { code: 'ERR_SP_INVALID_ARG' });

const out = {};
tls.convertALPNProtocols(['h2', 'http/1.1'], out);
assert.deepStrictEqual(out.ALPNProtocols, Buffer.from('\x02h2\x08http/1.1', 'latin1'));
tls.convertNPNProtocols(['spdy/2'], out);
assert.deepStrictEqual(out.NPNProtocols, Buffer.from('\x06spdy/2', 'latin1'));
const untouched = {};
tls.convertALPNProtocols('h2', untouched);
assert.deepStrictEqual(untouched, {});
