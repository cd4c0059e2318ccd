'use strict';
// handshakeTimeout: a client that connects and says nothing is dropped
// after the given time with ERR_TLS_HANDSHAKE_TIMEOUT ('tlsClientError');
// once a handshake is complete the timeout no longer applies.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { fixtures } = common;

const options = {
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
};

const strict = tls.createServer({ ...options, handshakeTimeout: 200 }, common.mustNotCall());
let started;
strict.on('tlsClientError', common.mustCall((err, socket) => {
  assert.strictEqual(err.code, 'ERR_TLS_HANDSHAKE_TIMEOUT');
  assert.strictEqual(err.message, 'TLS handshake timeout');
  assert.ok(Date.now() - started >= 190);
  assert.ok(socket instanceof tls.TLSSocket);
}));

strict.listen(0, common.mustCall(() => {
  started = Date.now();
  const silent = net.connect(strict.address().port);
  silent.resume();
  silent.on('close', common.mustCall(() => {
    assert.ok(Date.now() - started >= 190);
    strict.close();
    afterHandshake();
  }));
}));

// A connection that finished its handshake outlives the timeout.
function afterHandshake() {
  const server = tls.createServer({ ...options, handshakeTimeout: 1000 },
                                  common.mustCall((socket) => {
                                    setTimeout(() => socket.end('still here'), 1300);
                                  }));
  server.listen(0, common.mustCall(() => {
    const client = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem') });
    let text = '';
    client.setEncoding('utf8');
    client.on('data', (chunk) => { text += chunk; });
    client.on('end', common.mustCall(() => {
      assert.strictEqual(text, 'still here');
      server.close();
    }));
  }));
}
