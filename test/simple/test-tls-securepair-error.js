'use strict';
// A SecurePair whose peer speaks garbage reports the engine's error with a
// code on the pair's 'error' event; 'secure' never fires.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const pair = tls.createSecurePair(tls.createSecureContext({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}), true);
pair.on('secure', common.mustNotCall('secure'));
pair.on('error', common.mustCall((err) => {
  assert.match(err.code, /^ERR_SSL_/);
  assert.strictEqual(pair.cleartext.destroyed, true);
}));
pair.encrypted.write('GET / HTTP/1.1\r\nHost: example\r\n\r\n');
