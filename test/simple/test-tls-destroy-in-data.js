'use strict';
// destroy() from inside a 'data' handler while more data is queued in the
// same TLS record batch: no more 'data', no 'end', no error, no crash.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.on('error', () => {}); // the peer vanishing may reset the link
  for (let i = 0; i < 100; i++) socket.write(Buffer.alloc(1000, i));
  socket.end();
  socket.on('close', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  });
  client.on('data', common.mustCall((chunk) => {
    assert.ok(chunk.length > 0);
    client.destroy();
    client.destroy();
  }));
  client.on('end', common.mustNotCall('end'));
  client.on('error', common.mustNotCall('error'));
  client.on('close', common.mustCall());
}));
