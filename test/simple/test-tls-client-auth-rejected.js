'use strict';
// requestCert with the default rejectUnauthorized (true): a client
// certificate from an unknown CA fails the handshake. The server reports
// it through 'tlsClientError' (and the classic 'clientError'); the client
// gets the alert as an error; the server keeps serving.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  requestCert: true,
}, common.mustCall((socket) => {
  // Only the good client gets here.
  assert.strictEqual(socket.getPeerCertificate().subject.CN, 'client1');
  assert.strictEqual(socket.authorized, true);
  socket.end();
}));

// The handshake stops at the first problem with the chain: its issuer is
// not known (for the verdict recorded after a handshake, Node names the
// last problem instead, "unable to verify the first certificate").
const REJECTED = /^UNABLE_TO_(GET_ISSUER_CERT_LOCALLY|VERIFY_LEAF_SIGNATURE)$/;
server.on('tlsClientError', common.mustCall((err, socket) => {
  assert.match(err.code, REJECTED);
  assert.ok(socket instanceof tls.TLSSocket);
}));
server.on('clientError', common.mustCall((err) => {
  assert.match(err.code, REJECTED);
}));

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const bad = tls.connect({
    port,
    key: fixtures.read('client2-key.pem'),
    cert: fixtures.read('client2-cert.pem'),
    ca: fixtures.read('ca1-cert.pem'),
  });
  bad.resume();
  bad.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    const good = tls.connect({
      port,
      key: fixtures.read('client-key.pem'),
      cert: fixtures.read('client-cert.pem'),
      ca: fixtures.read('ca1-cert.pem'),
    }, common.mustCall());
    good.resume();
    good.on('end', common.mustCall(() => server.close()));
  }));
}));
