'use strict';
// server.addContext(): a client naming a registered host is served that
// context's certificate (exact names and a "*.wild.test" wildcard), any
// other name or none gets the server's own, and both sides report the name
// in socket.servername. Every connection is verified against ca1 with the
// usual host name check, so the right certificate really was sent.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
const pair = (name) => ({ key: fixtures.read(`${name}-key.pem`),
                          cert: fixtures.read(`${name}-cert.pem`) });

const seen = [];
const server = tls.createServer(pair('server-rsa'), (socket) => {
  seen.push(socket.servername);
  socket.end();
});
server.addContext('a.test', pair('sni-a'));
server.addContext('b.test', tls.createSecureContext(pair('sni-b')));
server.addContext('*.wild.test', pair('sni-wild'));

const cases = [
  // [servername sent, certificate CN expected, servername on the server]
  ['a.test', 'a.test', 'a.test'],
  ['b.test', 'b.test', 'b.test'],
  ['x.wild.test', '*.wild.test', 'x.wild.test'],
  ['X.Wild.Test', '*.wild.test', 'X.Wild.Test'],
  ['localhost', 'localhost', 'localhost'],
  ['deep.x.wild.test', 'localhost', 'deep.x.wild.test'],
];

function connect(servername, expectedCN) {
  return new Promise((resolve) => {
    const client = tls.connect({
      port: server.address().port,
      host: '127.0.0.1',
      servername,
      ca: fixtures.read('ca1-cert.pem'),
      // The default context is for localhost: check against the name the
      // certificate should carry rather than the one asked for.
      checkServerIdentity: (host, cert) =>
        tls.checkServerIdentity(expectedCN === 'localhost' ? 'localhost' :
          host.toLowerCase(), cert),
    }, common.mustCall(() => {
      assert.strictEqual(client.authorized, true, client.authorizationError);
      assert.strictEqual(client.getPeerCertificate().subject.CN, expectedCN);
      assert.strictEqual(client.servername, servername);
      client.end();
    }));
    client.resume();
    client.on('close', resolve);
  });
}

server.listen(0, common.mustCall(async () => {
  for (const [servername, cn] of cases) await connect(servername, cn);
  // No name at all (an IP address is never sent): the default context.
  await new Promise((resolve) => {
    const client = tls.connect({
      port: server.address().port, host: '127.0.0.1', ca: fixtures.read('ca1-cert.pem'),
    }, common.mustCall(() => {
      assert.strictEqual(client.getPeerCertificate().subject.CN, 'localhost');
      assert.strictEqual(client.servername, false);
      client.end();
    }));
    client.resume();
    client.on('close', resolve);
  });
  server.close();
  assert.deepStrictEqual(seen, [...cases.map((c) => c[2]), false]);
}));
