'use strict';
// ALPNCallback refusing: returning undefined rejects every protocol with a
// fatal no_application_protocol alert (the client sees it); returning a
// name the client did not offer, or throwing, ends the connection with
// ERR_TLS_ALPN_CALLBACK_INVALID_RESULT / the thrown error as Node does.
// Each is reported as 'tlsClientError' and the server keeps serving.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

common.watchdog();
const thrown = new Error('callback failed');

const server = tls.createServer({
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
  ALPNCallback({ protocols }) {
    switch (protocols[0]) {
      case 'refuse': return undefined;
      case 'invalid': return 'not-offered';
      case 'throw': throw thrown;
      default: return protocols[0];
    }
  },
}, (socket) => socket.end('served'));

const serverErrors = [];
server.on('tlsClientError', (err) => serverErrors.push(err));

function attempt(protocol) {
  return new Promise((resolve) => {
    const client = tls.connect({
      port: server.address().port, rejectUnauthorized: false, ALPNProtocols: [protocol],
    });
    let data = '';
    let error = null;
    client.on('data', (d) => { data += d; });
    client.on('error', (e) => { error = e; });
    client.on('close', () => resolve({ data, code: error && error.code }));
  });
}

server.listen(0, common.mustCall(async () => {
  assert.deepStrictEqual(await attempt('refuse'),
                         { data: '', code: 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' });
  assert.deepStrictEqual(await attempt('invalid'), { data: '', code: 'ECONNRESET' });
  assert.deepStrictEqual(await attempt('throw'), { data: '', code: 'ECONNRESET' });
  assert.deepStrictEqual(await attempt('fine'), { data: 'served', code: null });
  server.close();
  assert.strictEqual(serverErrors.length, 3);
  assert.strictEqual(serverErrors[0].code, 'ERR_SSL_NO_APPLICATION_PROTOCOL');
  assert.strictEqual(serverErrors[1].code, 'ERR_TLS_ALPN_CALLBACK_INVALID_RESULT');
  assert.match(serverErrors[1].message, /\(not-offered\).*\(invalid\)/);
  assert.strictEqual(serverErrors[2], thrown);
}));
