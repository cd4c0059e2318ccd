'use strict';
// TLS 1.2 PSK suites, which (as in Node) must be named in `ciphers`: the
// server's pskIdentityHint reaches the client's pskCallback. The host name
// check still runs, as in Node, and fails for want of a certificate unless
// the caller replaces checkServerIdentity.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

const KEY = Buffer.from('a1b2c3d4e5f60718293a4b5c6d7e8f90', 'hex');
const CIPHERS = 'PSK-AES128-GCM-SHA256:ECDHE-PSK-AES128-CBC-SHA256';

const server = tls.createServer({
  ciphers: CIPHERS,
  maxVersion: 'TLSv1.2',
  pskIdentityHint: 'plant-7',
  pskCallback: common.mustCall((socket, identity) => {
    assert.strictEqual(identity, 'meter');
    return KEY;
  }, 2),
}, common.mustCall((socket) => {
  assert.strictEqual(socket.getProtocol(), 'TLSv1.2');
  socket.end('ok');
}, 2));

function connect(extra, onSecure, onError) {
  const client = tls.connect({
    port: server.address().port,
    ciphers: CIPHERS,
    maxVersion: 'TLSv1.2',
    pskCallback: common.mustCall((hint) => {
      assert.strictEqual(hint, 'plant-7');
      return { psk: KEY, identity: 'meter' };
    }),
    ...extra,
  }, onSecure);
  client.on('error', onError);
  return client;
}

server.listen(0, common.mustCall(() => {
  // Default checkServerIdentity: no certificate, no DNS name.
  connect({}, common.mustNotCall(), common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(err.message, /Cert does not contain a DNS name/);

    const client = connect({ checkServerIdentity: () => undefined }, common.mustCall(() => {
      assert.strictEqual(client.getCipher().name, 'PSK-AES128-GCM-SHA256');
      assert.strictEqual(client.authorized, true);
    }), common.mustNotCall());
    client.resume();
    client.on('end', common.mustCall(() => server.close()));
  }));
}));
