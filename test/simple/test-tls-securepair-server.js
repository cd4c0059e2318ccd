'use strict';
// createSecurePair() as a server behind a plain net.Server, with
// tls.connect() as the client; the pair asks for and checks a client
// certificate.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = net.createServer(common.mustCall((raw) => {
  const pair = tls.createSecurePair({
    key: fixtures.read('server-ecdsa-key.pem'),
    cert: fixtures.read('server-ecdsa-cert.pem'),
    ca: fixtures.read('ca1-cert.pem'),
  }, true, true, false);
  raw.pipe(pair.encrypted).pipe(raw);
  pair.on('secure', common.mustCall(() => {
    assert.strictEqual(pair.cleartext.authorized, true);
    assert.strictEqual(pair.cleartext.getPeerCertificate().subject.CN, 'client1');
  }));
  pair.cleartext.setEncoding('utf8');
  let request = '';
  pair.cleartext.on('data', (chunk) => { request += chunk; });
  pair.cleartext.on('end', common.mustCall(() => {
    assert.strictEqual(request, 'request from a real TLS client');
    pair.cleartext.end('served by a SecurePair');
  }));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    key: fixtures.read('client-key.pem'),
    cert: fixtures.read('client-cert.pem'),
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    assert.strictEqual(client.authorized, true);
    client.end('request from a real TLS client');
  }));
  let reply = '';
  client.setEncoding('utf8');
  client.on('data', (chunk) => { reply += chunk; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(reply, 'served by a SecurePair');
    server.close();
  }));
}));
