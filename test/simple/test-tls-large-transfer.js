'use strict';
// Several megabytes each way arrive intact (SHA-256 of what was sent and
// what was received agree), written in uneven pieces.
const common = require('../common');
const assert = require('assert');
const crypto = require('crypto');
const tls = require('../../lib/tls');
const { fixtures } = common;

const SIZE = 8 * 1024 * 1024;
const payload = crypto.randomBytes(SIZE);
const expected = crypto.createHash('sha256').update(payload).digest('hex');

function sendInPieces(stream, data) {
  let offset = 0;
  let piece = 1;
  function more() {
    while (offset < data.length) {
      const end = Math.min(data.length, offset + piece);
      const ok = stream.write(data.subarray(offset, end));
      offset = end;
      piece = (piece * 7 + 13) % 100000 + 1;
      if (!ok) {
        stream.once('drain', more);
        return;
      }
    }
    stream.end();
  }
  more();
}

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  // The answer goes out after the client has finished sending.
  allowHalfOpen: true,
}, common.mustCall((socket) => {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  socket.on('data', (chunk) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  socket.on('end', common.mustCall(() => {
    assert.strictEqual(bytes, SIZE);
    assert.strictEqual(hash.digest('hex'), expected);
    assert.strictEqual(socket.bytesRead, SIZE);
    sendInPieces(socket, payload);
  }));
}));
server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    allowHalfOpen: true,
  }, common.mustCall(() => sendInPieces(client, payload)));
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  client.on('data', (chunk) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(bytes, SIZE);
    assert.strictEqual(hash.digest('hex'), expected);
    assert.strictEqual(client.bytesWritten, SIZE);
    server.close();
  }));
}));
