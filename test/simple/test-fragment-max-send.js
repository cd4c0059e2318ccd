'use strict';
// setMaxSendFragment(n) caps the plaintext in each record we send, as in
// Node: 512..16384 answers true; outside that range false and nothing
// changes; a non-number or a fraction throws Node's errors. The
// `maxSendFragment` option does the same from the start. Records are
// measured on the wire.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');
const { watchSocket, OVERHEAD } = require('../tls-records');
const { fixtures } = common;

const PAYLOAD = Buffer.alloc(20000, 'm');

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  maxSendFragment: 1024,
}, common.mustCall((socket) => {
  let got = 0;
  socket.on('data', (d) => {
    got += d.length;
    if (got === PAYLOAD.length) socket.end(PAYLOAD);
  });
}, 2));

function run(options, setup) {
  return new Promise((resolve) => {
    const raw = net.connect(server.address().port);
    const wire = watchSocket(raw);
    const client = tls.connect({ socket: raw, ca: fixtures.read('ca1-cert.pem'),
                                 servername: 'localhost', ...options }, common.mustCall(() => {
      setup(client);
      client.write(PAYLOAD);
    }));
    let got = 0;
    client.on('data', (d) => { got += d.length; });
    client.on('end', common.mustCall(() => {
      assert.strictEqual(got, PAYLOAD.length);
      client.end();
      resolve(wire);
    }));
  });
}

server.listen(0, common.mustCall(async () => {
  // The method, after the handshake.
  let wire = await run({}, (client) => {
    assert.strictEqual(client.setMaxSendFragment(511), false);
    assert.strictEqual(client.setMaxSendFragment(16385), false);
    assert.strictEqual(client.setMaxSendFragment(-1), false);
    assert.throws(() => client.setMaxSendFragment('512'), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "size" argument must be of type number. Received type string (\'512\')',
    });
    assert.throws(() => client.setMaxSendFragment(1.5), {
      code: 'ERR_OUT_OF_RANGE',
      message: /The value of "size" is out of range\. It must be an integer\. Received 1\.5/,
    });
    assert.strictEqual(client.setMaxSendFragment(512), true);
  });
  assert.ok(wire.sent.largest() <= 512 + OVERHEAD && wire.sent.largest() > 512,
            `client records ${wire.sent.largest()}`);
  assert.ok(wire.sent.count() >= PAYLOAD.length / 512);
  // The server's option: its records hold 1024 bytes at most.
  assert.ok(wire.received.largest() <= 1024 + OVERHEAD && wire.received.largest() > 1024,
            `server records ${wire.received.largest()}`);

  // The option, from the first record on.
  wire = await run({ maxSendFragment: 2048 }, () => {});
  assert.ok(wire.sent.largest() <= 2048 + OVERHEAD && wire.sent.largest() > 2048,
            `client records ${wire.sent.largest()}`);

  assert.throws(() => tls.connect({ port: 1, maxSendFragment: 100 }), {
    code: 'ERR_OUT_OF_RANGE',
    message: /"options\.maxSendFragment" is out of range\. It must be >= 512 && <= 16384/,
  });
  assert.throws(() => tls.createServer({ maxSendFragment: 'big' }), {
    code: 'ERR_INVALID_ARG_TYPE',
  });
  server.close();
}));
