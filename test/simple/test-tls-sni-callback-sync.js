'use strict';
// The classic synchronous SNICallback(servername) that returns a context
// (or nothing, for the server's own), as Node 0.x documented it; classic
// credentials objects (anything holding a native context in `.context`)
// are accepted too.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
const b = tls.createSecureContext({ key: fixtures.read('sni-b-key.pem'),
                                    cert: fixtures.read('sni-b-cert.pem') });
const credentials = { context: b.context }; // crypto.createCredentials() shape
const asked = [];

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  // Declared with the name alone: returning nothing means "no context".
  SNICallback(servername) {
    asked.push(servername);
    if (servername === 'b.test') return b;
    if (servername === 'old.b.test') return credentials;
    return undefined;
  },
}, (socket) => socket.end());

function cnFor(servername) {
  return new Promise((resolve) => {
    const client = tls.connect({
      port: server.address().port, host: '127.0.0.1', servername,
      rejectUnauthorized: false,
    }, common.mustCall(() => {
      resolve(client.getPeerCertificate().subject.CN);
      client.end();
    }));
    client.resume();
  });
}

server.listen(0, common.mustCall(async () => {
  assert.strictEqual(await cnFor('b.test'), 'b.test');
  assert.strictEqual(await cnFor('old.b.test'), 'b.test');
  assert.strictEqual(await cnFor('nothing.test'), 'localhost');
  assert.deepStrictEqual(asked, ['b.test', 'old.b.test', 'nothing.test']);
  server.close();
}));
