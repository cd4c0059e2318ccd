'use strict';
// tls.cert.auth(): the client certificate and key. auth(cert, key) stores
// the pair and presents it; auth(false) stops; auth(true) presents the
// stored pair again; auth(callback) is asked for the key (k = 0) and the
// chain (k = 1, 2, ... until null). Against a server that requires a
// client certificate from its CA.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-nodemcu-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'tls.json');
nodemcu.cert.store(file);

const CERT = fixtures.readString('client-cert.pem');
const KEY = fixtures.readString('client-key.pem');

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ca: fixtures.read('ca1-cert.pem'),
  requestCert: true,
  rejectUnauthorized: true,
}, (socket) => {
  socket.end(socket.getPeerCertificate().subject.CN);
});
server.on('tlsClientError', () => {});

// Resolves to the CN the server saw, or 'refused'.
function attempt() {
  return new Promise((resolve) => {
    const sk = nodemcu.createConnection();
    sk.on('receive', (sck, cn) => resolve(cn));
    sk.on('reconnection', () => resolve('refused'));
    sk.on('disconnection', () => resolve('refused'));
    sk.connect(server.address().port, 'localhost');
  });
}

server.listen(0, common.mustCall(async () => {
  const cn = new (require('crypto').X509Certificate)(CERT).subject.match(/CN=(.*)/)[1];
  assert.strictEqual(await attempt(), 'refused', 'no client certificate by default');
  assert.strictEqual(nodemcu.cert.auth(CERT, KEY), true);
  assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, 'utf8')).auth,
                         { enabled: true, cert: CERT, key: KEY });
  assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600, 'the key is kept private');
  assert.strictEqual(await attempt(), cn);
  assert.strictEqual(nodemcu.cert.auth(false), true);
  assert.strictEqual(await attempt(), 'refused');
  assert.strictEqual(nodemcu.cert.auth(true), true);
  assert.strictEqual(await attempt(), cn);

  const asked = [];
  assert.strictEqual(nodemcu.cert.auth((k) => {
    asked.push(k);
    return [KEY, CERT][k];
  }), true);
  nodemcu.cert.auth(false); // another form: the callback is gone again
  assert.strictEqual(await attempt(), 'refused');
  nodemcu.cert.auth((k) => {
    asked.push(k);
    return [KEY, CERT][k];
  });
  assert.strictEqual(await attempt(), cn);
  assert.deepStrictEqual(asked, [0, 1, 2]);

  assert.throws(() => nodemcu.cert.auth(CERT, 'no key here'), { code: 'ERR_SP_NODEMCU_BAD_KEY' });
  assert.throws(() => nodemcu.cert.auth(CERT, fixtures.readString('server-rsa-key.pem')),
                { code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' });
  server.close();
}));
