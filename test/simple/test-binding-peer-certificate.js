'use strict';
const assert = require('assert');
const {
  fixture,
  context,
  connection,
  pair,
  handshake,
} = require('../binding-harness');

// getPeerCertificate()/getCertificate() give Node's shape; Node's own
// X509Certificate#toLegacyObject() is the reference.
const { X509Certificate } = require('crypto');
const legacy = (name) => new X509Certificate(fixture(name)).toLegacyObject();
const withoutIssuer = (cert) => {
  const copy = { ...cert };
  delete copy.issuerCertificate;
  return copy;
};

// RSA leaf straight under ca1; the client presents client-cert.pem.
{
  const server = connection(context({
    key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem', ca: 'ca1-cert.pem',
  }), true);
  server.setVerify(true, true);
  const client = connection(context({
    key: 'client-key.pem', cert: 'client-cert.pem', ca: 'ca1-cert.pem',
  }), false);
  assert.strictEqual(client.getPeerCertificate(false), null);
  handshake(server, client);
  assert.deepStrictEqual(server.errors, []);
  assert.deepStrictEqual(client.errors, []);

  const peer = client.getPeerCertificate(false);
  assert.deepStrictEqual(peer, legacy('server-rsa-cert.pem'));
  // The details users look at, spelled out.
  assert.strictEqual(Object.getPrototypeOf(peer.subject), null);
  assert.deepStrictEqual(peer.subject.OU, ['Servers', 'Test']);
  assert.strictEqual(peer.subject.CN, 'localhost');
  assert.strictEqual(peer.issuer.CN, 'securepair test CA 1');
  assert.deepStrictEqual(peer.infoAccess['OCSP - URI'],
                         ['http://ocsp.securepair.test/']);
  assert.deepStrictEqual(peer.infoAccess['CA Issuers - URI'],
                         ['http://ca.securepair.test/ca.cer']);
  assert.ok(Buffer.isBuffer(peer.raw) && Buffer.isBuffer(peer.pubkey));
  assert.strictEqual(peer.bits, 2048);
  assert.strictEqual(peer.exponent, '0x10001');
  assert.strictEqual(peer.ca, false);
  assert.strictEqual(peer.issuerCertificate, undefined);

  // Detailed: leaf -> ca1, and the self-issued root points to itself.
  const detailed = client.getPeerCertificate(true);
  assert.deepStrictEqual(withoutIssuer(detailed), legacy('server-rsa-cert.pem'));
  const root = detailed.issuerCertificate;
  assert.deepStrictEqual(withoutIssuer(root), legacy('ca1-cert.pem'));
  assert.strictEqual(root.ca, true);
  assert.strictEqual(root.issuerCertificate, root);

  // The server sees the client's certificate; each side sees its own.
  assert.deepStrictEqual(server.getPeerCertificate(false),
                         legacy('client-cert.pem'));
  assert.strictEqual(server.verifyError(), null);
  assert.deepStrictEqual(server.getCertificate(), legacy('server-rsa-cert.pem'));
  assert.deepStrictEqual(client.getCertificate(), legacy('client-cert.pem'));
}

// ECDSA leaf under an intermediate, the server sending leaf + intermediate.
{
  const { server, client } = pair(
    { key: 'server-chain-key.pem', cert: 'server-chain-fullchain.pem' },
    { ca: 'ca1-cert.pem', servername: 'localhost' });
  handshake(server, client);
  assert.deepStrictEqual(client.errors, []);
  assert.strictEqual(client.verifyError(), null);

  const leaf = client.getPeerCertificate(true);
  assert.deepStrictEqual(withoutIssuer(leaf), legacy('server-chain-cert.pem'));
  assert.strictEqual(leaf.asn1Curve, 'prime256v1');
  assert.strictEqual(leaf.nistCurve, 'P-256');
  assert.strictEqual(leaf.bits, 256);
  assert.strictEqual(leaf.pubkey.length, 65);
  const intermediate = leaf.issuerCertificate;
  assert.deepStrictEqual(withoutIssuer(intermediate), legacy('int1-cert.pem'));
  const root = intermediate.issuerCertificate;
  assert.deepStrictEqual(withoutIssuer(root), legacy('ca1-cert.pem'));
  assert.strictEqual(root.issuerCertificate, root);
  assert.strictEqual(server.getPeerCertificate(true), null, 'no client cert');
}

// A self-signed leaf, unverified: detailed still links it to itself.
{
  const { server, client } = pair(
    { key: 'selfsigned-key.pem', cert: 'selfsigned-cert.pem' }, {});
  handshake(server, client);
  const leaf = client.getPeerCertificate(true);
  assert.deepStrictEqual(withoutIssuer(leaf), legacy('selfsigned-cert.pem'));
  assert.strictEqual(leaf.issuerCertificate, leaf);
}
