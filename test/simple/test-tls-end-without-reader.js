'use strict';
// A socket that nobody reads from still learns that the peer closed: 'end'
// fires on the peer's close_notify even with no 'data' listener, as it does
// for a net.Socket, and the connection then closes.
const common = require('../common');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  // No 'data' listener, no resume(): only 'end'.
  socket.on('end', common.mustCall());
  socket.on('close', common.mustCall(() => server.close()));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => client.end()));
  client.resume();
}));
