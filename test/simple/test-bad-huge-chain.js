'use strict';
// A certificate chain of some 200 KiB, over OpenSSL's 100 KiB limit for a
// handshake message, is refused by whoever receives it, with Node's codes:
// sent by a client, the server fails it (ERR_SSL_EXCESSIVE_MESSAGE_SIZE)
// and the client hears ERR_SSL_SSLV3_ALERT_ILLEGAL_PARAMETER, then the
// server serves the next client; sent by a server, the client refuses it
// with ERR_SSL_EXCESSIVE_MESSAGE_SIZE (and the server hears the alert).
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;
const { expectServed, serverOptions, SERVED } = require('../hostile');

function hugeChain(leaf) {
  return Buffer.concat([fixtures.read(leaf), ...Array(200).fill(fixtures.read('int1-cert.pem'))]);
}

function fromClient() {
  return new Promise((resolve) => {
    const server = tls.createServer(serverOptions({
      requestCert: true,
      rejectUnauthorized: false, // the size alone must be enough
      ca: fixtures.read('ca1-cert.pem'),
    }), common.mustCall((socket) => {
      socket.on('error', () => {});
      socket.end(SERVED);
    }));
    server.on('tlsClientError', common.mustCall((err) => {
      assert.strictEqual(err.code, 'ERR_SSL_EXCESSIVE_MESSAGE_SIZE');
    }));
    server.listen(0, common.mustCall(() => {
      const { port } = server.address();
      const client = tls.connect({
        port, servername: 'localhost', ca: fixtures.read('ca1-cert.pem'),
        key: fixtures.read('client-key.pem'), cert: hugeChain('client-cert.pem'),
        maxVersion: 'TLSv1.2', // 1.3 clients count as connected before the server answers
      }, common.mustNotCall('secureConnect'));
      client.on('error', common.mustCall((err) => {
        assert.strictEqual(err.code, 'ERR_SSL_SSLV3_ALERT_ILLEGAL_PARAMETER');
      }));
      client.on('close', common.mustCall(async () => {
        await expectServed(port);
        server.close(resolve);
      }));
    }));
  });
}

function fromServer() {
  return new Promise((resolve) => {
    const server = tls.createServer({
      key: fixtures.read('server-chain-key.pem'),
      cert: Buffer.concat([fixtures.read('server-chain-fullchain.pem'),
                           ...Array(200).fill(fixtures.read('int1-cert.pem'))]),
    }, common.mustNotCall('secureConnection'));
    server.on('tlsClientError', common.mustCall((err) => {
      assert.strictEqual(err.code, 'ERR_SSL_SSLV3_ALERT_ILLEGAL_PARAMETER');
    }));
    server.listen(0, common.mustCall(() => {
      const client = tls.connect({
        port: server.address().port, servername: 'localhost', ca: fixtures.read('ca1-cert.pem'),
      }, common.mustNotCall('secureConnect'));
      client.on('error', common.mustCall((err) => {
        assert.strictEqual(err.code, 'ERR_SSL_EXCESSIVE_MESSAGE_SIZE');
      }));
      client.on('close', common.mustCall(() => server.close(resolve)));
    }));
  });
}

fromClient().then(fromServer).then(common.mustCall());
