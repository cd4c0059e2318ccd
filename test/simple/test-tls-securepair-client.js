'use strict';
// createSecurePair() as a client, piped over a real net socket to a
// tls.Server: 'secure' fires, cleartext.authorized is set, data flows both
// ways through pair.cleartext.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

process.on('warning', common.mustCall((warning) => {
  assert.strictEqual(warning.code, 'DEP0064');
}));

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.setEncoding('utf8');
  socket.on('data', (text) => socket.end(text.toUpperCase()));
}));

server.listen(0, common.mustCall(() => {
  const raw = net.connect(server.address().port);
  const context = tls.createSecureContext({ ca: fixtures.read('ca1-cert.pem') });
  const pair = tls.createSecurePair(context, false);
  assert.ok(pair instanceof tls.SecurePair);
  assert.ok(pair.cleartext instanceof tls.CleartextStream);
  assert.ok(pair.cleartext instanceof tls.TLSSocket);

  raw.pipe(pair.encrypted).pipe(raw);

  pair.on('secure', common.mustCall(() => {
    assert.strictEqual(pair.cleartext.authorized, true);
    assert.strictEqual(pair.cleartext.authorizationError, null);
    assert.strictEqual(pair.cleartext.getPeerCertificate().subject.CN, 'localhost');
    pair.cleartext.write('classic pair');
  }));
  let reply = '';
  pair.cleartext.setEncoding('utf8');
  pair.cleartext.on('data', (chunk) => { reply += chunk; });
  pair.cleartext.on('end', common.mustCall(() => {
    assert.strictEqual(reply, 'CLASSIC PAIR');
    pair.cleartext.end();
  }));
  raw.on('close', common.mustCall(() => server.close()));
}));
