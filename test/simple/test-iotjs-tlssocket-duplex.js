'use strict';
// new tls.TLSSocket(socket, { isServer, session, secureContext }) over any
// stream.Duplex, as the IoT.js document describes it (IoT.js itself
// wants tls.connect() to make client sockets; here both ends are made
// directly, over an in-memory pair, no network). A `session` Buffer is
// accepted; `encrypted` is true; address() of a transport that has no
// address is {}.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { createDuplexPair } = require('../../lib/_tls_duplexpair');
const { fixtures } = common;

const [serverEnd, clientEnd] = createDuplexPair();

const serverContext = tls.createSecureContext({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
});
const clientContext = tls.createSecureContext({ ca: fixtures.read('ca1-cert.pem') });

const server = new tls.TLSSocket(serverEnd, { isServer: true, secureContext: serverContext });
const client = new tls.TLSSocket(clientEnd, {
  isServer: false,
  secureContext: clientContext,
  session: Buffer.from('a session saved earlier'),
});
client.setServername('localhost');

for (const socket of [server, client]) {
  assert.strictEqual(socket.encrypted, true);
  assert.deepStrictEqual(socket.address(), {});
}

server.on('secure', common.mustCall(() => {
  assert.strictEqual(server.getProtocol(), 'TLSv1.3');
}));
client.on('secure', common.mustCall(() => {
  assert.strictEqual(client.getProtocol(), 'TLSv1.3');
  // A socket made directly records the verdict; acting on it is the caller's job.
  assert.strictEqual(client.authorized, true);
  client.write('over a Duplex');
}));
server.setEncoding('utf8');
server.on('data', common.mustCall((text) => {
  assert.strictEqual(text, 'over a Duplex');
  server.end('reply');
}));
client.setEncoding('utf8');
client.on('data', common.mustCall((text) => assert.strictEqual(text, 'reply')));
client.on('end', common.mustCall(() => client.end()));
