'use strict';
// secureProtocol names map onto version ranges.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => socket.end());

const cases = [
  ['TLSv1_2_method', 'TLSv1.2'],
  ['TLSv1_2_client_method', 'TLSv1.2'],
  ['TLSv1_3_method', 'TLSv1.3'],
  ['TLS_method', 'TLSv1.3'],
  ['SSLv23_method', 'TLSv1.2'],
];

server.listen(0, common.mustCall(function next() {
  const item = cases.shift();
  if (!item) {
    server.close();
    return;
  }
  const [secureProtocol, protocol] = item;
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    secureProtocol,
  }, common.mustCall(() => {
    assert.strictEqual(client.getProtocol(), protocol, secureProtocol);
  }));
  client.resume();
  client.on('close', next);
}));
