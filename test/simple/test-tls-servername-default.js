'use strict';
// SNI: a client sends the host it connects to as the server name, or the
// servername option; an IP address is never sent.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const seen = [];
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => {
  seen.push(socket.servername);
  socket.end();
});

const cases = [
  [{ host: 'localhost' }, 'localhost', 'localhost'],
  [{}, 'localhost', 'localhost'],
  [{ host: '127.0.0.1' }, false, false],
  [{ host: '127.0.0.1', servername: 'localhost' }, 'localhost', 'localhost'],
  [{ host: 'localhost', servername: '127.0.0.1' }, false, false],
];

process.on('warning', common.mustCall((warning) => {
  assert.strictEqual(warning.code, 'DEP0123');
}));

server.listen(0, common.mustCall(function next() {
  const item = cases.shift();
  if (!item) {
    server.close();
    return;
  }
  const [options, expectServer, expectClient] = item;
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    rejectUnauthorized: false,
    ...options,
  }, common.mustCall(() => {
    assert.strictEqual(client.servername, expectClient, JSON.stringify(options));
  }));
  client.resume();
  client.on('close', common.mustCall(() => {
    assert.strictEqual(seen.pop(), expectServer, JSON.stringify(options));
    next();
  }));
}, 1));
