'use strict';
// tls.connect({ path }) and tls.connect(path, options) over a Unix socket.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tls = require('../../lib/tls');
const { fixtures } = common;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'securepair-'));
const socketPath = path.join(dir, 'tls.sock');
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
}, common.mustCall((socket) => socket.end('unix'), 2));

server.listen(socketPath, common.mustCall(() => {
  // The identity check falls back to 'localhost', as Node's does.
  const first = tls.connect({ path: socketPath, ca: fixtures.read('ca1-cert.pem') },
                            common.mustCall(() => assert.strictEqual(first.authorized, true)));
  first.resume();
  first.on('end', common.mustCall(() => {
    const second = tls.connect(socketPath, { ca: fixtures.read('ca1-cert.pem') },
                               common.mustCall());
    let text = '';
    second.setEncoding('utf8');
    second.on('data', (chunk) => { text += chunk; });
    second.on('end', common.mustCall(() => {
      assert.strictEqual(text, 'unix');
      server.close();
    }));
  }));
}));
