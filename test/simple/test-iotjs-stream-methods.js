'use strict';
// The stream methods in the IoT.js platform table: write, pause, resume
// and end on a TLS socket (a stream.Duplex like net.Socket). While paused
// no 'data' comes; resume() delivers what waited.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.setEncoding('utf8');
  let text = '';
  socket.on('data', (d) => {
    text += d;
    if (text === 'ping') socket.write('first;');
  });
  socket.on('end', common.mustCall(() => {
    socket.end('second');
  }));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({ port: server.address().port, host: 'localhost',
                               ca: fixtures.read('ca1-cert.pem') }, common.mustCall(() => {
    client.pause();
    assert.strictEqual(client.isPaused(), true);
    assert.strictEqual(client.write('ping'), true);
    setTimeout(() => {
      assert.strictEqual(received, '', 'nothing while paused');
      client.resume();
      client.end();
    }, 200);
  }));
  let received = '';
  client.setEncoding('utf8');
  client.on('data', (d) => { received += d; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(received, 'first;second');
    server.close();
  }));
}));
