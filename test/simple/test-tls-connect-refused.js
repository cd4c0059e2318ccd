'use strict';
// A refused TCP connection surfaces as the net error on the TLS socket.
const common = require('../common');
const assert = require('assert');
const net = require('net');
const tls = require('../../lib/tls');

// Find a port nobody listens on.
const probe = net.createServer().listen(0, common.mustCall(() => {
  const port = probe.address().port;
  probe.close(common.mustCall(() => {
    const client = tls.connect({ port, host: '127.0.0.1' }, common.mustNotCall());
    client.on('error', common.mustCall((err) => {
      assert.strictEqual(err.code, 'ECONNREFUSED');
      assert.strictEqual(err.syscall, 'connect');
    }));
    client.on('close', common.mustCall());
  }));
}));
