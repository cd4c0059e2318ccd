'use strict';
// A tls-server configured with no certificate serves with a self-signed
// one made on first use (EC P-256, CN localhost) and the same one for
// every context of the process; a client that trusts exactly that
// certificate verifies it. Here the client is securepair's tls.connect()
// and the ssl server runs over a real TCP socket.
const common = require('../common');
const assert = require('assert');
const crypto = require('crypto');
const net = require('net');
const tls = require('../../lib/tls');
const ssl = require('../../lib/ssl');
const { SocketBio } = require('../ssl-socket');

const cfg = ssl.newconfig('tls-server');

const server = net.createServer(async (socket) => {
  const bio = new SocketBio(socket);
  const ctx = bio.context(cfg);
  const [ok] = await bio.run(() => ctx.handshake());
  assert.strictEqual(ok, true);
  await bio.run(() => ctx.write('generated\n'));
  await bio.run(() => ctx.closenotify());
  socket.end();
});

function fetch(options) {
  return new Promise((resolve, reject) => {
    const client = tls.connect({ port: server.address().port, host: 'localhost', ...options },
                               () => resolve(client));
    client.on('error', reject);
  });
}

server.listen(0, common.mustCall(async () => {
  const first = await fetch({ rejectUnauthorized: false });
  const cert = first.getPeerCertificate();
  assert.strictEqual(first.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  assert.strictEqual(cert.subject.CN, 'localhost');
  assert.strictEqual(cert.nistCurve, 'P-256');
  assert.strictEqual(cert.subjectaltname, 'DNS:localhost');
  first.destroy();

  // Trusting that very certificate: verified, and it is the same one.
  const pem = new crypto.X509Certificate(cert.raw).toString();
  const second = await fetch({ ca: pem });
  assert.strictEqual(second.authorized, true);
  assert.strictEqual(second.getPeerCertificate().fingerprint256, cert.fingerprint256);
  let text = '';
  second.setEncoding('utf8');
  second.on('data', (d) => { text += d; });
  second.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'generated\n');
    // Another configuration in this process gets the same certificate.
    const other = ssl.newconfig('tls-server');
    assert.ok(other);
    server.close();
  }));
}));
