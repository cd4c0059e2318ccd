'use strict';
// The IoT.js document's tls.createServer() example: key and cert read as
// strings, { rejectUnauthorized: false, isServer: true } (isServer is
// accepted and changes nothing, a tls.Server always serves), write
// 'Hello IoT.js', end, close the server, with listen()'s callback. The
// secureConnection listener gets the socket with `authorized` and
// `servername` as the document describes.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const tls = require('../../lib/tls');
const { fixtures } = common;

const port = 0; // the document uses 8000; any free port here

const options = {
  key: fs.readFileSync(fixtures.path('server-rsa-key.pem')).toString(),
  cert: fs.readFileSync(fixtures.path('server-rsa-cert.pem')).toString(),
  rejectUnauthorized: false,
  isServer: true,
};

const server = tls.createServer(options, common.mustCall(function(socket) {
  assert.ok(socket instanceof tls.TLSSocket);
  assert.strictEqual(socket.authorized, false, 'no client certificate was asked for');
  assert.strictEqual(socket.servername, 'localhost');
  assert.strictEqual(socket.encrypted, true);
  socket.write('Hello IoT.js');
  socket.end();
  server.close();
})).listen(port, common.mustCall(function() {
  assert.strictEqual(this, server);
  const client = tls.connect({
    port: server.address().port,
    host: 'localhost',
    servername: 'localhost',
    ca: fixtures.read('ca1-cert.pem'),
  });
  let text = '';
  client.setEncoding('utf8');
  client.on('data', (d) => { text += d; });
  client.on('end', common.mustCall(() => assert.strictEqual(text, 'Hello IoT.js')));
}));
assert.ok(server instanceof tls.Server);
