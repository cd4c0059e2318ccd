'use strict';
// 'receive' hands out strings by default (UTF-8, and a character split
// across two records still arrives whole); createConnection({ encoding:
// null }) hands out Buffers, byte for byte, for binary protocols.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const TEXT = 'température: 21,5 °C — ✓';
const BYTES = Buffer.from(TEXT);
const SPLIT = BYTES.indexOf(Buffer.from('✓')) + 1; // inside the last character

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, (socket) => {
  socket.write(BYTES.subarray(0, SPLIT));
  setTimeout(() => socket.end(BYTES.subarray(SPLIT)), 50);
});

function fetch(options) {
  return new Promise((resolve) => {
    const pieces = [];
    const sk = nodemcu.createConnection(options);
    sk.on('receive', (sck, data) => pieces.push(data));
    sk.on('disconnection', () => resolve(pieces));
    sk.connect(server.address().port, '127.0.0.1');
  });
}

server.listen(0, common.mustCall(async () => {
  const text = await fetch();
  for (const piece of text) assert.strictEqual(typeof piece, 'string');
  assert.strictEqual(text.join(''), TEXT);
  assert.ok(!text.some((p) => p.includes('\ufffd')), 'no broken character');

  const bytes = await fetch({ encoding: null });
  for (const piece of bytes) assert.ok(Buffer.isBuffer(piece));
  assert.deepStrictEqual(Buffer.concat(bytes), BYTES);

  assert.throws(() => nodemcu.createConnection({ encoding: 'klingon' }),
                { code: 'ERR_UNKNOWN_ENCODING' });
  server.close();
}));
