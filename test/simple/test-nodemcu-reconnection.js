'use strict';
// 'reconnection' reports a failed connection with NodeMCU's reason string
// (and, as a third argument, the Error with its code): a refused TCP
// connection, and a handshake refused because verification is on and the
// server's certificate does not verify. No 'disconnection' follows, as in
// the firmware.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-nodemcu-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
nodemcu.cert.store(path.join(dir, 'tls.json'));

// A port nobody listens on.
const closed = net.createServer();
closed.listen(0, common.mustCall(() => {
  const port = closed.address().port;
  closed.close(common.mustCall(() => {
    const sk = nodemcu.createConnection();
    sk.on('disconnection', common.mustNotCall());
    sk.on('reconnection', common.mustCall((sck, reason, err) => {
      assert.strictEqual(sck, sk);
      assert.strictEqual(reason, 'Connection refused');
      assert.strictEqual(err.code, 'ECONNREFUSED');
      verifyFailure();
    }));
    sk.connect(port, '127.0.0.1');
  }));
}));

function verifyFailure() {
  const server = tls.createServer({
    key: fixtures.read('selfsigned-key.pem'),
    cert: fixtures.read('selfsigned-cert.pem'),
  });
  // (With TLS 1.3 the server finishes its side before the client rejects.)
  server.on('tlsClientError', () => {});
  server.listen(0, common.mustCall(() => {
    nodemcu.cert.verify(fixtures.readString('ca1-cert.pem'));
    const sk = nodemcu.createConnection();
    sk.on('connection', common.mustNotCall());
    sk.on('disconnection', common.mustNotCall());
    sk.on('reconnection', common.mustCall((sck, reason, err) => {
      assert.strictEqual(reason, 'SSL handshake failed');
      assert.strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      server.close();
    }));
    sk.connect(server.address().port, 'localhost');
  }));
}
