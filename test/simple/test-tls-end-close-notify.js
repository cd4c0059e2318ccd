'use strict';
// end() sends close_notify after the data: the peer reads everything, then
// gets 'end'; with allowHalfOpen false (the default) it ends too and both
// sockets close cleanly, in order.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const events = [];
const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => { text += chunk; });
  socket.on('end', common.mustCall(() => {
    events.push('server end');
    assert.strictEqual(text, 'last words');
    // Half-open is off: the server's side is ended for it.
  }));
  socket.on('finish', common.mustCall(() => events.push('server finish')));
  socket.on('close', common.mustCall((hadError) => {
    assert.strictEqual(hadError, false);
    events.push('server close');
  }));
}));

server.listen(0, common.mustCall(() => {
  const client = tls.connect({
    port: server.address().port,
    ca: fixtures.read('ca1-cert.pem'),
  }, common.mustCall(() => client.end('last words')));
  client.resume();
  client.on('finish', common.mustCall(() => events.push('client finish')));
  client.on('end', common.mustCall(() => events.push('client end')));
  client.on('close', common.mustCall((hadError) => {
    assert.strictEqual(hadError, false);
    events.push('client close');
    server.close(common.mustCall(() => {
      assert.ok(events.indexOf('client finish') < events.indexOf('server end'), events.join());
      assert.ok(events.indexOf('server end') < events.indexOf('client end'), events.join());
      assert.ok(events.indexOf('client end') < events.indexOf('client close'), events.join());
    }));
  }));
}));
