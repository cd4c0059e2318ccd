'use strict';
// `secureOptions` passes OpenSSL's SSL_OP_* bits through: a server with
// SSL_OP_NO_TLSv1_3 speaks TLS 1.2 to a client that could do 1.3, and one
// with SSL_OP_NO_TICKET issues no TLS 1.2 ticket.
const common = require('../common');
const assert = require('assert');
const { constants } = require('crypto');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();

function connectTo(secureOptions) {
  const server = tls.createServer({
    key: fixtures.read('server-rsa-key.pem'),
    cert: fixtures.read('server-rsa-cert.pem'),
    secureOptions,
  }, (socket) => socket.end('x'));
  return new Promise((resolve) => server.listen(0, () => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
    }, () => resolve({ protocol: socket.getProtocol(), ticket: socket.getTLSTicket() }));
    socket.resume();
    socket.on('close', () => server.close());
  }));
}

(async () => {
  const plain = await connectTo(constants.SSL_OP_NO_TLSv1_3);
  assert.strictEqual(plain.protocol, 'TLSv1.2');
  assert.ok(plain.ticket, 'a ticket by default');
  const noTicket = await connectTo(constants.SSL_OP_NO_TLSv1_3 | constants.SSL_OP_NO_TICKET);
  assert.strictEqual(noTicket.protocol, 'TLSv1.2');
  assert.strictEqual(noTicket.ticket, undefined);
})().then(common.mustCall());
