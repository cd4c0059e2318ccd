'use strict';
// STARTTLS: a plain-text exchange on a net socket, then both ends upgrade
// the same connection, the server with new tls.TLSSocket(socket, {
// isServer }), the client with tls.connect({ socket }).
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const secureContext = tls.createSecureContext({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
});

const server = net.createServer(common.mustCall((raw) => {
  raw.setEncoding('utf8');
  raw.once('data', common.mustCall((line) => {
    assert.strictEqual(line, 'STARTTLS\r\n');
    raw.write('220 go ahead\r\n');
    // The socket is left decoding UTF-8 and paused: the TLS layer must
    // still get the raw bytes, and start reading by itself.
    raw.pause();
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext, server });
    secure.on('secure', common.mustCall(() => {
      assert.strictEqual(secure.getProtocol(), 'TLSv1.3');
    }));
    secure.setEncoding('utf8');
    secure.on('data', (text) => secure.end(`secret received: ${text}`));
  }));
}));

server.listen(0, common.mustCall(() => {
  const raw = net.connect(server.address().port);
  raw.setEncoding('utf8');
  raw.write('STARTTLS\r\n');
  raw.once('data', common.mustCall((line) => {
    assert.strictEqual(line, '220 go ahead\r\n');
    raw.removeAllListeners('data');
    const client = tls.connect({
      socket: raw,
      host: 'localhost',
      ca: fixtures.read('ca1-cert.pem'),
    }, common.mustCall(() => {
      assert.strictEqual(client.authorized, true);
      client.write('swordfish');
    }));
    let text = '';
    client.setEncoding('utf8');
    client.on('data', (chunk) => { text += chunk; });
    client.on('end', common.mustCall(() => {
      assert.strictEqual(text, 'secret received: swordfish');
      server.close();
    }));
  }));
}));
