'use strict';
// ALPNProtocols on both sides: the server's preference decides among the
// protocols the client offers, socket.alpnProtocol tells both ends, and
// arrays, Buffers and Uint8Arrays in wire format all work. Without a list
// on either side nothing is negotiated and alpnProtocol is false. Over TLS
// 1.2 and 1.3.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

function negotiate(serverProtocols, clientProtocols, maxVersion) {
  return new Promise((resolve) => {
    const result = {};
    const server = tls.createServer({
      key: fixtures.read('server-rsa-key.pem'),
      cert: fixtures.read('server-rsa-cert.pem'),
      ALPNProtocols: serverProtocols,
      maxVersion,
    }, (socket) => {
      result.server = socket.alpnProtocol;
      socket.end();
    });
    server.listen(0, () => {
      const client = tls.connect({
        port: server.address().port,
        ca: fixtures.read('ca1-cert.pem'),
        ALPNProtocols: clientProtocols,
      }, () => {
        result.client = client.alpnProtocol;
        result.version = client.getProtocol();
      });
      client.resume();
      client.on('close', () => {
        server.close();
        resolve(result);
      });
    });
  });
}

(async () => {
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3']) {
    let r = await negotiate(['h2', 'http/1.1'], ['http/1.1', 'h2'], maxVersion);
    assert.deepStrictEqual(r, { server: 'h2', client: 'h2', version: maxVersion });
    r = await negotiate(['x', 'http/1.1'], ['h2', 'http/1.1'], maxVersion);
    assert.deepStrictEqual(r, { server: 'http/1.1', client: 'http/1.1', version: maxVersion });
    r = await negotiate(Buffer.from('\x02h2\x03foo'), new Uint8Array([3, 102, 111, 111]),
                        maxVersion);
    assert.deepStrictEqual(r, { server: 'foo', client: 'foo', version: maxVersion });
    r = await negotiate(undefined, ['h2'], maxVersion);
    assert.deepStrictEqual(r, { server: false, client: false, version: maxVersion });
    r = await negotiate(['h2'], undefined, maxVersion);
    assert.deepStrictEqual(r, { server: false, client: false, version: maxVersion });
  }
})().then(common.mustCall());
