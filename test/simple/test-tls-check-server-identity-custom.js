'use strict';
// A custom checkServerIdentity is called once with (hostname, cert) after
// the chain verified; an Error it returns rejects the server, undefined
// accepts it even when the name would not match.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('wronghost-key.pem'),
  cert: fixtures.read('wronghost-cert.pem'),
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const refused = tls.connect({
    port,
    host: 'localhost',
    servername: 'pinned.example.com',
    ca: fixtures.read('ca1-cert.pem'),
    checkServerIdentity: common.mustCall((hostname, cert) => {
      assert.strictEqual(hostname, 'pinned.example.com');
      assert.strictEqual(cert.subject.CN, 'wrong.example.com');
      assert.strictEqual(cert.issuerCertificate.subject.CN, 'securepair test CA 1');
      const err = new Error('fingerprint mismatch');
      err.code = 'PIN_MISMATCH';
      return err;
    }),
  }, common.mustNotCall('secureConnect'));
  refused.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'PIN_MISMATCH');
    assert.strictEqual(refused.authorizationError, 'PIN_MISMATCH');

    const accepted = tls.connect({
      port,
      host: 'localhost',
      ca: fixtures.read('ca1-cert.pem'),
      checkServerIdentity: common.mustCall((hostname) => {
        assert.strictEqual(hostname, 'localhost');
        return undefined;
      }),
    }, common.mustCall(() => {
      assert.strictEqual(accepted.authorized, true);
    }));
    accepted.resume();
    accepted.on('end', common.mustCall(() => server.close()));
  }));
}));
