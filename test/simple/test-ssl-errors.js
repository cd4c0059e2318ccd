'use strict';
// The low-level face's answers and errors, as the lua-mbedtls document
// defines them: non-fatal 'invalid operation' (and the context goes on);
// fatal errors come back as [null, message, error] and reset the context,
// which can then start a new session; an exception in a callback leaves
// the call; the DTLS modes are refused until the DTLS engine lands;
// setpeerid() is DTLS only and gettimeout() has no timer on TLS.
const common = require('../common');
const assert = require('assert');
const ssl = require('../../lib/ssl');
const { fixtures } = common;

assert.throws(() => ssl.newconfig('dtls-client'), { code: 'ERR_SP_DTLS_UNAVAILABLE' });
assert.throws(() => ssl.newconfig('dtls-server'), { code: 'ERR_SP_DTLS_UNAVAILABLE' });
assert.throws(() => ssl.newconfig('tls'), { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => ssl.newconfig('tls-client', null, null, null, 'id', 'xyz'),
              { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => ssl.newconfig('tls-client', null, null, null, null, '00ff'),
              { code: 'ERR_INVALID_ARG_VALUE', message: /psk_identity/ });
assert.throws(() => ssl.newconfig('tls-server', null, fixtures.read('server-rsa-cert.pem')),
              { code: 'ERR_INVALID_ARG_VALUE', message: /pkey/ });
assert.throws(() => ssl.newconfig('tls-client', 'no certificate here'), { code: /^ERR_OSSL_/ });
assert.throws(() => ssl.newconfig('tls-server', null, fixtures.read('server-rsa-cert.pem'),
                                  fixtures.read('client-key.pem')),
              { code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' });

// A pair of contexts over two arrays.
function pair(serverCfg, clientCfg) {
  const c2s = [];
  const s2c = [];
  const reader = (q) => () => (q.length ? q.shift() : '');
  const writer = (q) => (data) => { q.push(Buffer.from(data)); return data.length; };
  return {
    server: ssl.newcontext(serverCfg, reader(c2s), writer(s2c)),
    client: ssl.newcontext(clientCfg, reader(s2c), writer(c2s)),
    c2s,
    s2c,
  };
}

function handshake(a, b) {
  let ra, rb;
  for (let i = 0; i < 10; i++) {
    ra = a.handshake();
    rb = b.handshake();
    if ((ra[0] || ra[1] !== 'want-read') && (rb[0] || rb[1] !== 'want-read')) break;
  }
  return [ra, rb];
}

const serverCfg = ssl.newconfig('tls-server', null, fixtures.read('server-rsa-cert.pem'),
                                fixtures.read('server-rsa-key.pem'));
{
  const { server, client } = pair(serverCfg, ssl.newconfig('tls-client'));
  assert.deepStrictEqual(server.sethostname('x'), [null, 'invalid operation']);
  assert.deepStrictEqual(client.read(0), [null, 'invalid operation']);
  assert.deepStrictEqual(client.write(42), [null, 'invalid operation']);
  assert.deepStrictEqual(client.write('abc', 3, 2), [null, 'invalid operation']);
  assert.deepStrictEqual(client.closenotify(), [null, 'invalid operation']);
  assert.strictEqual(client.gettimeout(), null);
  assert.throws(() => server.setpeerid('10.0.0.1#5684'), { code: 'ERR_SP_DTLS_ONLY' });
  // None of that hurt: the session works.
  assert.deepStrictEqual(handshake(client, server), [[true], [true]]);
  assert.deepStrictEqual(client.sethostname('late'), [null, 'invalid operation']);
}

// A fatal error: the client trusts another CA. The context is reset and
// its next handshake is a new session.
{
  const { server, client, c2s, s2c } = pair(
    serverCfg, ssl.newconfig('tls-client', fixtures.read('ca2-cert.pem')));
  const [clientResult] = handshake(client, server);
  assert.strictEqual(clientResult[0], null);
  assert.strictEqual(clientResult[2].code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.strictEqual(clientResult[1], clientResult[2].message);
  // Reset: on a clean transport, the next call sends a fresh ClientHello.
  s2c.length = 0;
  c2s.length = 0;
  assert.deepStrictEqual(client.handshake(), [null, 'want-read']);
  assert.strictEqual(c2s.length, 1);
  assert.strictEqual(c2s[0][0], 22, 'a handshake record');
  assert.strictEqual(c2s[0][5], 1, 'holding a ClientHello');
}

// The host name is checked against the certificate.
{
  const { server, client } = pair(serverCfg,
                                  ssl.newconfig('tls-client', fixtures.read('ca1-cert.pem')));
  client.sethostname('wrong.example');
  const [clientResult] = handshake(client, server);
  assert.strictEqual(clientResult[2].code, 'ERR_TLS_CERT_ALTNAME_INVALID');
}

// A callback that throws: the exception leaves the call.
{
  const boom = new Error('transport broke');
  const ctx = ssl.newcontext(ssl.newconfig('tls-client'), () => '', () => { throw boom; });
  assert.throws(() => ctx.handshake(), (err) => err === boom);
  const bad = ssl.newcontext(ssl.newconfig('tls-client'), () => '', () => 'all');
  assert.throws(() => bad.handshake(), { code: 'ERR_INVALID_ARG_VALUE' });
}

// reset() and setbio(): a new session over a new pair of callbacks.
{
  const { server, client } = pair(serverCfg, ssl.newconfig('tls-client'));
  assert.deepStrictEqual(handshake(client, server), [[true], [true]]);
  const c2s = [];
  const s2c = [];
  client.reset();
  server.reset();
  client.setbio((ref) => (ref.in.length ? ref.in.shift() : ''),
                (ref, data) => { ref.out.push(Buffer.from(data)); return data.length; },
                { in: s2c, out: c2s });
  server.setbio(() => (c2s.length ? c2s.shift() : ''),
                (data) => { s2c.push(Buffer.from(data)); return data.length; });
  assert.deepStrictEqual(handshake(client, server), [[true], [true]]);
  assert.deepStrictEqual(client.write('again'), [5]);
  assert.strictEqual(server.read(10)[0].toString(), 'again');
}
common.mustCall()();
