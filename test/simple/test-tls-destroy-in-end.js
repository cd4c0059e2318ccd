'use strict';
// destroy() from inside 'end' (the peer's close_notify) on both the client
// and the server side: both close without error.
const common = require('../common');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.resume();
  socket.on('end', common.mustCall(() => socket.destroy()));
  socket.on('error', common.mustNotCall('server error'));
  socket.on('close', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
    allowHalfOpen: true,
  }, common.mustCall(() => client.end('bye')));
  client.resume();
  client.on('error', common.mustNotCall('client error'));
  client.on('close', common.mustCall());
  // The server's destroy reaches the client as the end of the link.
  client.on('end', common.mustCall(() => client.destroy()));
}));
