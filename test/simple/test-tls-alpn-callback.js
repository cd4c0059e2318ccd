'use strict';
// ALPNCallback({ servername, protocols }) chooses the protocol: it gets the
// client's list and the SNI name (false without one), and whatever it
// returns is negotiated. A client that offers no ALPN never reaches it.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
const calls = [];

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ALPNCallback(info) {
    calls.push(info);
    return info.protocols[info.protocols.length - 1];
  },
}, (socket) => socket.end(socket.alpnProtocol === false ? 'none' : socket.alpnProtocol));

function attempt(options) {
  return new Promise((resolve) => {
    const client = tls.connect({
      port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false, ...options,
    });
    let data = '';
    client.on('data', (d) => { data += d; });
    client.on('close', () => resolve({ data, alpn: client.alpnProtocol }));
  });
}

server.listen(0, common.mustCall(async () => {
  let r = await attempt({ servername: 'app.test', ALPNProtocols: ['h2', 'spdy/3', 'http/1.1'] });
  assert.deepStrictEqual(r, { data: 'http/1.1', alpn: 'http/1.1' });
  r = await attempt({ ALPNProtocols: ['first', 'second'] });
  assert.deepStrictEqual(r, { data: 'second', alpn: 'second' });
  r = await attempt({});
  assert.deepStrictEqual(r, { data: 'none', alpn: false });
  server.close();
  assert.deepStrictEqual(calls, [
    { servername: 'app.test', protocols: ['h2', 'spdy/3', 'http/1.1'] },
    { servername: false, protocols: ['first', 'second'] },
  ]);
}));
