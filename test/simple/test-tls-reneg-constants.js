'use strict';
// tls.CLIENT_RENEG_LIMIT / CLIENT_RENEG_WINDOW exist, are writable, and
// are read when a connection is made: a connection keeps the values it
// started with, later connections see the new ones.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

assert.strictEqual(tls.CLIENT_RENEG_LIMIT, 3);
assert.strictEqual(tls.CLIENT_RENEG_WINDOW, 600);

const key = fixtures.read('server-rsa-key.pem');
const cert = fixtures.read('server-rsa-cert.pem');

const first = new tls.TLSSocket(null, { isServer: true, key, cert });
tls.CLIENT_RENEG_LIMIT = 1;
tls.CLIENT_RENEG_WINDOW = 5;
const second = new tls.TLSSocket(null, { isServer: true, key, cert });
tls.CLIENT_RENEG_LIMIT = 3;
tls.CLIENT_RENEG_WINDOW = 600;

assert.strictEqual(first._renegotiation.limit, 3);
assert.strictEqual(first._renegotiation.window, 600);
assert.strictEqual(second._renegotiation.limit, 1);
assert.strictEqual(second._renegotiation.window, 5);

first.destroy();
second.destroy();
first.on('close', common.mustCall());
second.on('close', common.mustCall());
