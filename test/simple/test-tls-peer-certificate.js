'use strict';
// getPeerCertificate() describes the server's leaf as Node does.
const common = require('../common');
const assert = require('assert');
const crypto = require('crypto');
const tls = require('../../lib/tls');
const { fixtures } = common;

const certPem = fixtures.read('server-rsa-cert.pem');
const x509 = new crypto.X509Certificate(certPem);

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: certPem,
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => {
    const cert = client.getPeerCertificate();
    assert.strictEqual(cert.subject.CN, 'localhost');
    assert.strictEqual(cert.subject.O, 'securepair');
    assert.deepStrictEqual(cert.subject.OU, ['Servers', 'Test']);
    assert.strictEqual(Object.getPrototypeOf(cert.subject), null);
    assert.strictEqual(cert.issuer.CN, 'securepair test CA 1');
    assert.strictEqual(cert.issuer.L, 'Canterbury');
    assert.match(cert.fingerprint, /^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    assert.match(cert.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.strictEqual(cert.fingerprint, x509.fingerprint);
    assert.strictEqual(cert.fingerprint256, x509.fingerprint256);
    assert.strictEqual(cert.subjectaltname,
                       'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.strictEqual(cert.valid_from, x509.validFrom);
    assert.strictEqual(cert.valid_to, x509.validTo);
    assert.match(cert.valid_from, /^[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d \d{4} GMT$/);
    assert.ok(Buffer.isBuffer(cert.raw));
    assert.deepStrictEqual(cert.raw, x509.raw);
    assert.strictEqual(cert.serialNumber, x509.serialNumber);
    assert.strictEqual(cert.ca, false);
    assert.deepStrictEqual(cert.ext_key_usage, ['1.3.6.1.5.5.7.3.1']);
    assert.deepStrictEqual(cert.infoAccess['OCSP - URI'], ['http://ocsp.securepair.test/']);
    assert.strictEqual(cert.issuerCertificate, undefined);
    // Node's checkServerIdentity accepts what this one reports.
    assert.strictEqual(tls.checkServerIdentity('localhost', cert), undefined);
    client.end();
  }));
  client.resume();
  client.on('close', common.mustCall(() => server.close()));
}));
