'use strict';
// An encrypted key works with its passphrase, given as `passphrase` or as
// { pem, passphrase } in a key array; the server then serves normally.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const encrypted = fixtures.read('server-rsa-key-encrypted.pem');
const cert = fixtures.read('server-rsa-cert.pem');

assert.ok(tls.createSecureContext({ key: encrypted, passphrase: 'sekrit', cert }));
// A per-key passphrase wins over the general one.
assert.ok(tls.createSecureContext({
  key: [{ pem: encrypted, passphrase: 'sekrit' }],
  passphrase: 'not this one',
  cert,
}));

const server = tls.createServer({ key: encrypted, passphrase: 'sekrit', cert },
                                common.mustCall((socket) => socket.end('unlocked')));
server.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem') });
  let text = '';
  client.setEncoding('utf8');
  client.on('data', (chunk) => { text += chunk; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'unlocked');
    server.close();
  }));
}));
