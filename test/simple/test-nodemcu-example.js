'use strict';
// The NodeMCU document's example, on a local server: register 'receive'
// and 'connection' (which sends an HTTP request once connected), then
// connect(port, domain). Every event arrives in NodeMCU's order, each
// callback gets the socket first: dns (the resolved address), connection,
// sent, receive (a string by default), disconnection when the server
// closes.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const nodemcu = require('../../lib/nodemcu');
const { fixtures } = common;

const REQUEST = 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n' +
  'Accept: */*\r\n\r\n';

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.setEncoding('latin1');
  socket.once('data', common.mustCall((request) => {
    assert.strictEqual(request, REQUEST);
    socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
  }));
}));

server.listen(0, common.mustCall(() => {
  const events = [];
  const srv = nodemcu.createConnection();
  srv.on('receive', common.mustCallAtLeast((sck, c) => {
    assert.strictEqual(sck, srv);
    assert.strictEqual(typeof c, 'string');
    events.push(['receive', c]);
  }));
  srv.on('connection', common.mustCall((sck) => {
    assert.strictEqual(sck, srv);
    events.push(['connection']);
    // Wait for connection before sending.
    sck.send(REQUEST);
  }));
  srv.on('dns', common.mustCall((sck, ip) => events.push(['dns', ip])));
  srv.on('sent', common.mustCall((sck) => events.push(['sent'])));
  srv.on('reconnection', common.mustNotCall());
  srv.on('disconnection', common.mustCall((sck) => {
    assert.strictEqual(sck, srv);
    const received = events.filter(([e]) => e === 'receive').map(([, c]) => c).join('');
    assert.strictEqual(received, 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    const order = events.map(([e]) => e).filter((e, i, all) => e !== all[i - 1]);
    assert.deepStrictEqual(order, ['dns', 'connection', 'sent', 'receive']);
    assert.ok(['127.0.0.1', '::1'].includes(events[0][1]), events[0][1]);
    server.close();
  }));
  srv.connect(server.address().port, 'localhost');
}));
