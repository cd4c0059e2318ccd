'use strict';
// The ciphers option: TLS 1.2 cipher names go to the cipher list, TLS 1.3
// suite names (TLS_*) to the suites, and the handshake uses what was asked.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end());

const cases = [
  [{ ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' },
   'ECDHE-RSA-AES128-GCM-SHA256', 'TLSv1.2'],
  [{ ciphers: 'TLS_CHACHA20_POLY1305_SHA256' }, 'TLS_CHACHA20_POLY1305_SHA256', 'TLSv1.3'],
  [{ ciphers: 'TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES256-GCM-SHA384' },
   'TLS_AES_128_GCM_SHA256', 'TLSv1.3'],
  // Only TLS 1.2 ciphers: TLS 1.3 is switched off, as in Node.
  [{ ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' }, 'ECDHE-RSA-AES256-GCM-SHA384', 'TLSv1.2'],
];

server.listen(0, common.mustCall(function next() {
  const item = cases.shift();
  if (!item) {
    server.close();
    return;
  }
  const [options, name, protocol] = item;
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    ...options,
  }, common.mustCall(() => {
    assert.strictEqual(client.getCipher().name, name);
    assert.strictEqual(client.getProtocol(), protocol);
  }));
  client.resume();
  client.on('close', next);
}));
