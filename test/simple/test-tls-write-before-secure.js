'use strict';
// Writes made before the handshake completes are held, then sent in order
// once it is done; their callbacks fire after 'secureConnect'. An end()
// made that early waits for them too.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => { text += chunk; });
  socket.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'one two three');
    server.close();
  }));
}));

server.listen(0, common.mustCall(() => {
  let secure = false;
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => { secure = true; }));
  const order = [];
  client.write('one ', common.mustCall(() => {
    assert.strictEqual(secure, true);
    order.push(1);
  }));
  client.write('two ', common.mustCall(() => order.push(2)));
  client.end('three', common.mustCall(() => {
    assert.deepStrictEqual(order, [1, 2]);
  }));
  client.resume();
}));
