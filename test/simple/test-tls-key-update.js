'use strict';
// TLS 1.3 key update, a securepair extension (Node has no method for it):
// socket.keyUpdate() renews the keys this side sends with, keyUpdate(true)
// asks the peer to renew its own too; from either side, any number of
// times, the connection keeps working and no handshake events fire. It
// throws ERR_TLS_INVALID_STATE before the handshake, and the engine's
// ERR_SSL_WRONG_SSL_VERSION on a TLS 1.2 connection (which stays usable).
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();

function connection(maxVersion) {
  return new Promise((resolve) => {
    const server = tls.createServer({
      key: fixtures.read('server-rsa-key.pem'),
      cert: fixtures.read('server-rsa-cert.pem'),
      maxVersion,
    }, (socket) => {
      const client = socket.server.client;
      socket.on('secure', common.mustNotCall('no new handshake'));
      resolve({ server, serverSocket: socket, client });
    });
    server.listen(0, () => {
      server.client = tls.connect({ port: server.address().port, ca: fixtures.read('ca1-cert.pem') });
      server.client.on('secure', common.mustCall()); // the first handshake only
      assert.throws(() => server.client.keyUpdate(), { code: 'ERR_TLS_INVALID_STATE' });
    });
  });
}

function exchange(from, to, text) {
  return new Promise((resolve) => {
    to.once('data', (d) => {
      assert.strictEqual(String(d), text);
      resolve();
    });
    from.write(text);
  });
}

(async () => {
  const { server, serverSocket, client } = await connection();
  await new Promise((resolve) => (client._secureEstablished ? resolve() :
    client.once('secureConnect', resolve)));
  await exchange(client, serverSocket, 'before');
  for (const [who, requestPeer] of [[client, false], [client, true],
                                    [serverSocket, false], [serverSocket, true]]) {
    assert.strictEqual(who.keyUpdate(requestPeer), true);
    await exchange(client, serverSocket, `c->s ${requestPeer}`);
    await exchange(serverSocket, client, `s->c ${requestPeer}`);
  }
  assert.throws(() => client.keyUpdate('yes'), { code: 'ERR_INVALID_ARG_TYPE' });
  client.end();
  server.close();

  const old = await connection('TLSv1.2');
  await new Promise((resolve) => (old.client._secureEstablished ? resolve() :
    old.client.once('secureConnect', resolve)));
  assert.throws(() => old.client.keyUpdate(), { code: 'ERR_SSL_WRONG_SSL_VERSION' });
  await exchange(old.client, old.serverSocket, 'tls 1.2 still fine');
  old.client.end();
  old.server.close();
})().then(common.mustCall());
