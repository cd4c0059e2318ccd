'use strict';
// PSK between securepair and Node's own tls (a real, independent peer on
// the same OpenSSL): each side as server and as client, TLS 1.3 and the
// TLS 1.2 PSK suites, data both ways.
const common = require('../common');
const assert = require('assert');
const nodeTls = require('tls');
const spTls = require('../../lib/tls');

const KEY = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex');

const versions = [
  ['TLSv1.3', {}],
  ['TLSv1.2', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-PSK-AES128-CBC-SHA256' }],
];

function run(serverTls, clientTls, [version, extra]) {
  return new Promise((resolve) => {
    const server = serverTls.createServer({
      ...extra,
      pskIdentityHint: 'hub',
      pskCallback: common.mustCall((socket, identity) => {
        assert.strictEqual(identity, 'node-3');
        return KEY;
      }),
    }, common.mustCall((socket) => {
      assert.strictEqual(socket.getProtocol(), version);
      socket.once('data', common.mustCall((d) => {
        assert.strictEqual(d.toString(), 'ping');
        socket.end('pong');
      }));
    }));
    server.listen(0, common.mustCall(() => {
      const client = clientTls.connect({
        ...extra,
        port: server.address().port,
        checkServerIdentity: () => undefined,
        pskCallback: common.mustCall((hint) => {
          assert.strictEqual(hint, version === 'TLSv1.2' ? 'hub' : null);
          return { psk: KEY, identity: 'node-3' };
        }),
      }, common.mustCall(() => {
        assert.strictEqual(client.getProtocol(), version);
        if (version === 'TLSv1.2') {
          assert.strictEqual(client.getCipher().name, 'ECDHE-PSK-AES128-CBC-SHA256');
        }
        client.write('ping');
      }));
      let reply = '';
      client.on('data', (d) => { reply += d; });
      client.on('end', common.mustCall(() => {
        assert.strictEqual(reply, 'pong');
        server.close(resolve);
      }));
    }));
  });
}

(async () => {
  for (const version of versions) {
    await run(spTls, nodeTls, version);
    await run(nodeTls, spTls, version);
  }
})().then(common.mustCall());
