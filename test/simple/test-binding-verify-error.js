'use strict';
const assert = require('assert');
const {
  context,
  connection,
  pair,
  handshake,
} = require('../binding-harness');

// verifyError(): null when the peer's certificate verified, else an Error
// with the verification code. Clients never fail the handshake on it.
function verify(serverOpts, clientOpts) {
  const { server, client } = pair(serverOpts, clientOpts);
  handshake(server, client);
  assert.deepStrictEqual(client.errors, []);
  assert.strictEqual(client.isHandshakeDone(), true);
  return client.verifyError();
}

assert.strictEqual(verify(
  { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
  { ca: 'ca1-cert.pem' }), null);

// The codes Node 20 (OpenSSL 3.0) reports for the same certificates, checked
// against require('tls'). A lone leaf from an unknown issuer is
// UNABLE_TO_VERIFY_LEAF_SIGNATURE there (OpenSSL's final verdict), a chain
// whose top is unknown UNABLE_TO_GET_ISSUER_CERT_LOCALLY.
const cases = [
  ['selfsigned', {}, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ['server-rsa', {}, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ['server-rsa', { ca: 'ca2-cert.pem' }, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ['server-chain', { ca: 'ca2-cert.pem' }, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
   'server-chain-fullchain.pem'],
  ['expired', { ca: 'ca1-cert.pem' }, 'CERT_HAS_EXPIRED'],
  ['notyet', { ca: 'ca1-cert.pem' }, 'CERT_NOT_YET_VALID'],
];
for (const [name, clientOpts, code, certFile] of cases) {
  const err = verify({ key: `${name}-key.pem`,
                       cert: certFile || `${name}-cert.pem` }, clientOpts);
  assert.ok(err instanceof Error, name);
  assert.strictEqual(err.code, code, `${name}: ${err.code}`);
  assert.ok(err.message.length > 0);
}

// Server with requestCert + rejectUnauthorized: a client certificate from an
// unknown CA, or none at all, fails the handshake on the server.
function requireCert(clientOpts) {
  const server = connection(context({
    key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem', ca: 'ca1-cert.pem',
  }), true);
  server.setVerify(true, true);
  const client = connection(context({ ca: 'ca1-cert.pem', ...clientOpts }),
                            false);
  handshake(server, client);
  assert.strictEqual(server.errors.length, 1, server.events.join());
  assert.strictEqual(server.events.filter((e) => e === 'done').length, 0);
  // The alert went to the client, which fails too.
  assert.strictEqual(client.errors.length, 1, client.events.join());
  return server.errors[0];
}
let err = requireCert({ key: 'client2-key.pem', cert: 'client2-cert.pem' });
assert.match(err.code,
             /UNABLE_TO_(GET_ISSUER_CERT|VERIFY_LEAF_SIGNATURE)|VERIFY_FAILED/);
err = requireCert({});
assert.match(err.code, /PEER_DID_NOT_RETURN_A_CERTIFICATE/);

// requestCert without rejectUnauthorized: the handshake completes and the
// server reads the verdict.
{
  const server = connection(context({
    key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem', ca: 'ca1-cert.pem',
  }), true);
  server.setVerify(true, false);
  const client = connection(context({
    key: 'client2-key.pem', cert: 'client2-cert.pem', ca: 'ca1-cert.pem',
  }), false);
  handshake(server, client);
  assert.deepStrictEqual(server.errors, []);
  assert.strictEqual(server.isHandshakeDone(), true);
  assert.strictEqual(server.verifyError().code,
                     'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.strictEqual(server.getPeerCertificate(false).subject.CN, 'client2');
}

// requestCert without rejectUnauthorized and a client without a certificate:
// Node reports UNABLE_TO_GET_ISSUER_CERT (sic) for the missing certificate.
{
  const server = connection(context({
    key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem', ca: 'ca1-cert.pem',
  }), true);
  server.setVerify(true, false);
  const client = connection(context({ ca: 'ca1-cert.pem' }), false);
  handshake(server, client);
  assert.deepStrictEqual(server.errors, []);
  assert.strictEqual(server.getPeerCertificate(false), null);
  assert.strictEqual(server.verifyError().code, 'UNABLE_TO_GET_ISSUER_CERT');
}
