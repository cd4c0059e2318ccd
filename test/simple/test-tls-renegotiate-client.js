'use strict';
// socket.renegotiate() on a TLS 1.2 client: it returns true, a new
// handshake runs (the server sees 'secure' again and no second
// 'secureConnection'; the client emits 'secureConnect' again, as Node
// does), the callback gets null, and data written while the handshake is
// under way is delivered, in order, with what came before and after.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxVersion: 'TLSv1.2',
}, common.mustCall((socket) => {
  socket.on('secure', common.mustCall()); // the renegotiation
  let received = '';
  socket.on('data', (d) => {
    received += d;
    if (received.endsWith('end')) socket.end(received);
  });
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port, ca: fixtures.read('ca1-cert.pem'),
  });
  let connects = 0;
  client.on('secureConnect', common.mustCall(() => {
    connects++;
    if (connects > 1) return;
    assert.strictEqual(client.getProtocol(), 'TLSv1.2');
    client.write('one,');
    const started = client.renegotiate({ rejectUnauthorized: true }, common.mustCall((err) => {
      assert.strictEqual(err, null);
      assert.strictEqual(connects, 2);
      assert.strictEqual(client.authorized, true);
      client.write('three,end');
    }));
    assert.strictEqual(started, true);
    client.write('two,'); // while the new handshake is under way
  }, 2));
  let reply = '';
  client.on('data', (d) => { reply += d; });
  client.on('end', common.mustCall(() => {
    assert.strictEqual(reply, 'one,two,three,end');
    server.close();
  }));
}));
