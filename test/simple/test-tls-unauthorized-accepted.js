'use strict';
// rejectUnauthorized: false lets every kind of bad server certificate
// through to 'secureConnect', with authorized false and the reason's code.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const cases = [
  ['selfsigned', undefined, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ['expired', 'ca1-cert.pem', 'CERT_HAS_EXPIRED'],
  ['notyet', 'ca1-cert.pem', 'CERT_NOT_YET_VALID'],
  ['server-rsa', 'ca2-cert.pem', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ['wronghost', 'ca1-cert.pem', 'ERR_TLS_CERT_ALTNAME_INVALID'],
];

function next() {
  const item = cases.shift();
  if (!item) return;
  const [name, ca, code] = item;
  const server = tls.createServer({
    key: fixtures.read(`${name}-key.pem`),
    cert: fixtures.read(`${name}-cert.pem`),
  }, (socket) => socket.end('still talking'));
  server.listen(0, common.mustCall(() => {
    const client = tls.connect({
      port: server.address().port,
      host: 'localhost',
      ca: ca && fixtures.read(ca),
      rejectUnauthorized: false,
    }, common.mustCall(() => {
      assert.strictEqual(client.authorized, false, name);
      assert.strictEqual(client.authorizationError, code, name);
    }));
    let text = '';
    client.setEncoding('utf8');
    client.on('data', (chunk) => { text += chunk; });
    client.on('end', common.mustCall(() => {
      assert.strictEqual(text, 'still talking');
      server.close(next);
    }));
  }));
}
next();
