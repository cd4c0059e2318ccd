'use strict';
// An ssl tls-client context over a real, non-blocking TCP socket, driven
// by its want-read / want-write answers, against a securepair tls server:
// the handshake (with the CA given, and the host name checked), a request
// written with write(data, pos, len), the reply read until close_notify.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const ssl = require('../../lib/ssl');
const { SocketBio } = require('../ssl-socket');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  socket.setEncoding('latin1');
  socket.once('data', common.mustCall((line) => {
    assert.strictEqual(line, 'GET /temperature\n');
    socket.end('21.5\n'.repeat(10000));
  }));
}));

server.listen(0, common.mustCall(() => {
  const socket = net.connect(server.address().port, '127.0.0.1', common.mustCall(async () => {
    const bio = new SocketBio(socket);
    const ctx = bio.context(ssl.newconfig('tls-client', fixtures.read('ca1-cert.pem')));
    assert.deepStrictEqual(ctx.sethostname('localhost'), [true]);
    assert.deepStrictEqual(await bio.run(() => ctx.handshake()), [true]);
    assert.ok(bio.wantReads >= 1, 'the handshake waited for the server');
    const request = Buffer.from('xxGET /temperature\nyy');
    assert.deepStrictEqual(await bio.run(() => ctx.write(request, 3, 17)), [17]);
    const reply = await bio.readAll(ctx);
    assert.strictEqual(reply.toString(), '21.5\n'.repeat(10000));
    assert.deepStrictEqual(await bio.run(() => ctx.closenotify()), [true]);
    socket.end();
    server.close();
  }));
}));
