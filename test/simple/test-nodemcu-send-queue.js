'use strict';
// send() queues: several sends in a row (the firmware warns this may fail
// there) all arrive, in order, with one 'sent' per send; sends made while
// the connection is still being set up wait for it. Before connect() there
// is nothing to send on: send() says so by returning false.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const PARTS = [];
for (let i = 0; i < 50; i++) PARTS.push(`part ${i};`);
PARTS.push(Buffer.from('binary\u0000end'));
const EXPECTED = Buffer.concat(PARTS.map((p) => Buffer.from(p)));

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  const chunks = [];
  socket.on('data', (d) => {
    chunks.push(d);
    if (Buffer.concat(chunks).length === EXPECTED.length) {
      assert.deepStrictEqual(Buffer.concat(chunks), EXPECTED);
      socket.end('all there');
    }
  });
}));

server.listen(0, common.mustCall(() => {
  const sk = nodemcu.createConnection();
  assert.strictEqual(sk.send('too early'), false);
  let sent = 0;
  sk.on('sent', () => { sent++; });
  sk.on('receive', common.mustCall((sck, text) => assert.strictEqual(text, 'all there')));
  sk.on('disconnection', common.mustCall(() => {
    assert.strictEqual(sent, PARTS.length);
    server.close();
  }));
  sk.on('dns', common.mustCall(() => {
    // Resolved, not yet connected: these wait for the handshake.
    for (const part of PARTS.slice(0, 10)) assert.strictEqual(sk.send(part), true);
  }));
  sk.on('connection', common.mustCall((sck) => {
    for (const part of PARTS.slice(10)) sck.send(part);
  }));
  sk.connect(server.address().port, '127.0.0.1');
  assert.throws(() => sk.send(42), { code: 'ERR_INVALID_ARG_TYPE' });
}));
