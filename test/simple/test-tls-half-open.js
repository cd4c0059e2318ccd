'use strict';
// allowHalfOpen: true on the server: after the client's end() (its
// close_notify) the server still writes, and the client, whose reading
// side is still open, receives it all before 'end'.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  allowHalfOpen: true,
}, common.mustCall((socket) => {
  assert.strictEqual(socket.allowHalfOpen, true);
  let request = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => { request += chunk; });
  socket.on('end', common.mustCall(() => {
    assert.strictEqual(request, 'question');
    assert.strictEqual(socket.writable, true);
    assert.strictEqual(socket.readyState, 'writeOnly');
    // The answer comes later, after the peer has finished writing.
    setTimeout(() => {
      socket.write('answer, ');
      socket.end('after your end');
    }, 50);
  }));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => client.end('question')));
  let reply = '';
  client.setEncoding('utf8');
  client.on('data', (chunk) => { reply += chunk; });
  client.on('finish', common.mustCall(() => {
    assert.strictEqual(client.readyState, 'readOnly');
  }));
  client.on('end', common.mustCall(() => {
    assert.strictEqual(reply, 'answer, after your end');
    server.close();
  }));
}));
