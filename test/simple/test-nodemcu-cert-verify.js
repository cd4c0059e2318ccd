'use strict';
// tls.cert.verify() in its three forms. Verification is off by default;
// verify(pem[, pem...]) stores CAs (in the settings file) and turns it on;
// verify(false) / verify(true) switch it off and on again with the stored
// CAs; verify(callback) is asked for the k-th CA, k = 1, 2, ... until it
// returns null (DER is fine too) and overrides the stored ones until
// another form is used; a callback that gives none checks nothing. Each
// returns true; bad PEM throws at once.
const common = require('../common');
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-nodemcu-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'tls.json');
assert.strictEqual(nodemcu.cert.store(file), file);

const CA1 = fixtures.readString('ca1-cert.pem');
const CA2 = fixtures.readString('ca2-cert.pem');

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end('ok'));

// Resolves to 'connected' or the reconnection reason's error code.
function attempt() {
  return new Promise((resolve) => {
    const sk = nodemcu.createConnection();
    sk.on('connection', () => resolve('connected'));
    sk.on('reconnection', (sck, reason, err) => resolve(err.code));
    sk.connect(server.address().port, 'localhost');
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await attempt(), 'connected', 'off by default');

  assert.strictEqual(nodemcu.cert.verify(CA2, CA1), true);
  const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepStrictEqual(stored.verify, { enabled: true, ca: [CA2, CA1] });
  assert.strictEqual(await attempt(), 'connected', 'ca1 among the stored CAs');

  assert.strictEqual(nodemcu.cert.verify(CA2), true);
  assert.strictEqual(await attempt(), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');

  assert.strictEqual(nodemcu.cert.verify(false), true);
  assert.strictEqual(await attempt(), 'connected');
  assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, 'utf8')).verify,
                         { enabled: false, ca: [CA2] });
  assert.strictEqual(nodemcu.cert.verify(true), true);
  assert.strictEqual(await attempt(), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ca2 again');

  // The callback form, with the CA as DER the second time round.
  const der = new crypto.X509Certificate(CA1).raw;
  const asked = [];
  assert.strictEqual(nodemcu.cert.verify((k) => {
    asked.push(k);
    return [undefined, CA2, der][k];
  }), true);
  assert.strictEqual(await attempt(), 'connected');
  assert.deepStrictEqual(asked, [1, 2, 3]);

  nodemcu.cert.verify(() => null);
  assert.strictEqual(await attempt(), 'connected', 'no CA from the callback: no check');

  // Another form ends the callback's reign; the stored CAs are back.
  nodemcu.cert.verify(true);
  assert.strictEqual(await attempt(), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  nodemcu.cert.verify(false);

  assert.throws(() => nodemcu.cert.verify('not a certificate'),
                { code: 'ERR_SP_NODEMCU_BAD_CERT' });
  assert.throws(() => nodemcu.cert.verify('-----BEGIN CERTIFICATE-----\nAAAA\n' +
                                          '-----END CERTIFICATE-----\n'),
                { code: /^ERR_OSSL_/ });
  assert.throws(() => nodemcu.cert.verify(42), { code: 'ERR_INVALID_ARG_TYPE' });
  server.close();
}));
