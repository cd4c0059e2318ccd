'use strict';
// The IoT.js document's tls.connect() example, on a local server: connect
// with { host, port, rejectUnauthorized: true }, write 'Hello IoT.js' and
// end from the secureConnect callback. Adapted: the local server's CA is
// passed as `ca` (the document relies on the device's CA store) and
// `servername` names the host the certificate is for.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  assert.strictEqual(socket.servername, 'localhost');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (d) => { text += d; });
  socket.on('end', common.mustCall(() => {
    assert.strictEqual(text, 'Hello IoT.js');
    socket.end();
    server.close();
  }));
}));

server.listen(0, '127.0.0.1', common.mustCall(() => {
  const opts = {
    host: '127.0.0.1',
    port: server.address().port,
    rejectUnauthorized: true,
    servername: 'localhost',
    ca: fixtures.read('ca1-cert.pem'),
  };

  const socket = tls.connect(opts, common.mustCall(function() {
    assert.strictEqual(this, socket);
    assert.strictEqual(socket.authorized, true);
    socket.write('Hello IoT.js');
    socket.end();
  }));
  socket.resume();
}));
