'use strict';
// A peer's bad server name ends only its own connection: a ClientHello
// whose SNI is longer than 255 bytes, holds a NUL, or is not even well
// formed is refused by the engine (OpenSSL's checks, with an alert) and
// reported as 'tlsClientError' with a code; SNICallback never sees such a
// name; the server goes on serving the next client. The hellos are built
// by hand, since no TLS client sends them.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

function u16(n) { return Buffer.from([n >> 8, n & 0xff]); }

// A TLS 1.2 ClientHello carrying `sniBody` as its server_name extension.
function clientHello(sniBody) {
  const extensions = Buffer.concat([
    u16(0x0000), u16(sniBody.length), sniBody,                   // server_name
    u16(0x000a), u16(4), u16(2), u16(0x0017),                     // groups: P-256
    u16(0x000d), u16(4), u16(2), u16(0x0804),                     // rsa_pss_rsae_sha256
  ]);
  const body = Buffer.concat([
    u16(0x0303), Buffer.alloc(32, 7), Buffer.from([0]),           // version, random, no id
    u16(4), u16(0xc02f), u16(0xc030),                             // ECDHE-RSA-AES-GCM
    Buffer.from([1, 0]),                                          // no compression
    u16(extensions.length), extensions,
  ]);
  const handshake = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]),
                                   body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1]), u16(handshake.length), handshake]);
}

function hostName(name) {
  const entry = Buffer.concat([Buffer.from([0]), u16(name.length), name]);
  return Buffer.concat([u16(entry.length), entry]);
}

const hellos = {
  oversized: clientHello(hostName(Buffer.from(`${'a'.repeat(290)}.test`))),
  nul: clientHello(hostName(Buffer.from('bad\0name.test'))),
  // The list claims more bytes than the extension holds.
  truncated: clientHello(Buffer.concat([u16(40), Buffer.from([0]), u16(6),
                                        Buffer.from('x.test')])),
};

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  SNICallback: (servername, cb) => {
    assert.strictEqual(servername, 'good.test');
    cb(null);
  },
}, (socket) => socket.end('served'));

const clientErrors = [];
server.on('tlsClientError', (err) => clientErrors.push(err));

function sendRaw(bytes) {
  return new Promise((resolve) => {
    const raw = net.connect(server.address().port, '127.0.0.1', () => raw.write(bytes));
    const reply = [];
    raw.on('data', (d) => reply.push(d));
    raw.on('error', () => {});
    raw.on('close', () => resolve(Buffer.concat(reply)));
  });
}

server.listen(0, common.mustCall(async () => {
  for (const [what, bytes] of Object.entries(hellos)) {
    const reply = await sendRaw(bytes);
    // A fatal alert record came back: content type 21, level 2.
    assert.strictEqual(reply[0], 21, `${what}: an alert, got ${reply.toString('hex')}`);
    assert.strictEqual(reply[5], 2, `${what}: a fatal one`);
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.strictEqual(clientErrors.length, 3);
  for (const err of clientErrors) {
    assert.strictEqual(err.code, 'ERR_SSL_BAD_EXTENSION', err.stack);
  }
  // Still serving.
  const client = tls.connect({
    port: server.address().port, host: '127.0.0.1', servername: 'good.test',
    rejectUnauthorized: false,
  });
  let data = '';
  client.on('data', (d) => { data += d; });
  client.on('close', common.mustCall(() => {
    assert.strictEqual(data, 'served');
    server.close();
  }));
}));
