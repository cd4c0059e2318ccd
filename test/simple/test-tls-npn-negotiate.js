'use strict';
// NPNProtocols, the classic API (Node dropped it; securepair keeps it):
// over TLS 1.2 the server advertises, the client picks the first of the
// server's protocols it also wants (its own first when none matches), and
// socket.npnProtocol tells both ends. Lists may be arrays or the classic
// length-prefixed Buffer. TLS 1.3 has no NPN: npnProtocol is false.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

function negotiate(serverProtocols, clientProtocols, maxVersion = 'TLSv1.2') {
  return new Promise((resolve) => {
    const result = {};
    const server = tls.createServer({
      key: fixtures.read('server-rsa-key.pem'),
      cert: fixtures.read('server-rsa-cert.pem'),
      NPNProtocols: serverProtocols,
      maxVersion,
    }, (socket) => {
      result.server = socket.npnProtocol;
      socket.end();
    });
    server.listen(0, () => {
      const client = tls.connect({
        port: server.address().port,
        ca: fixtures.read('ca1-cert.pem'),
        NPNProtocols: clientProtocols,
      }, () => {
        result.client = client.npnProtocol;
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
  assert.deepStrictEqual(await negotiate(['spdy/2', 'http/1.1'], ['http/1.1', 'spdy/2']),
                         { server: 'spdy/2', client: 'spdy/2' });
  assert.deepStrictEqual(
    await negotiate(Buffer.from('\x06spdy/3\x08http/1.1'), Buffer.from('\x08http/1.1')),
    { server: 'http/1.1', client: 'http/1.1' });
  assert.deepStrictEqual(await negotiate(['a'], ['z', 'y']), { server: 'z', client: 'z' });
  assert.deepStrictEqual(await negotiate(undefined, ['a']), { server: false, client: false });
  assert.deepStrictEqual(await negotiate(['a'], ['a'], 'TLSv1.3'),
                         { server: false, client: false });
})().then(common.mustCall());
