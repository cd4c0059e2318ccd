'use strict';
// `dhparam`: with RFC 7919 parameters (PEM) or 'auto' a server offers the
// DHE suites, and a client that takes only DHE-RSA-AES128-GCM-SHA256 gets
// it, with a 2048-bit DH key (getEphemeralKeyInfo). Without dhparam, as in
// Node, there is no DHE suite to agree on.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();

function tryDHE(dhparam) {
  const server = tls.createServer({
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    dhparam,
  }, (socket) => socket.end('x'));
  server.on('tlsClientError', () => {});
  return new Promise((resolve) => server.listen(0, () => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
      maxVersion: 'TLSv1.2',
      ciphers: 'DHE-RSA-AES128-GCM-SHA256',
    }, () => {
      resolve({ cipher: socket.getCipher().name, key: socket.getEphemeralKeyInfo() });
      socket.end();
    });
    socket.on('error', (err) => resolve({ error: err.code }));
    socket.on('close', () => server.close());
    socket.resume();
  }));
}

(async () => {
  for (const dhparam of [fixtures.read('dhparam-2048.pem'), 'auto']) {
    const { cipher, key } = await tryDHE(dhparam);
    assert.strictEqual(cipher, 'DHE-RSA-AES128-GCM-SHA256');
    assert.deepStrictEqual(key, { type: 'DH', size: 2048 });
  }
  const none = await tryDHE(undefined);
  assert.strictEqual(none.error, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
})().then(common.mustCall());
