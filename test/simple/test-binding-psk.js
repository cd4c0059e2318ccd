'use strict';
// The binding's PSK hooks: onpskserver(identity, maxKeyLen) and
// onpskclient(hint, maxKeyLen, maxIdentityLen) are called synchronously
// from inside start()/receive(); what they return is the key. A refusal
// fails the handshake through onerror; a hook that throws makes the driving
// call throw (no crash, no onerror from inside), and the next call reports
// the engine's error; destroy() inside a hook stops everything. Static
// keys on a SecureContext and the generated certificate work too.
const assert = require('assert');
const { binding, connection, shuttle } = require('../binding-harness');

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

function pskContext(version, ciphers) {
  const ctx = new binding.SecureContext();
  ctx.setProtocolRange(version, version);
  if (ciphers) ctx.setCiphers(ciphers);
  return ctx;
}

function pskPair(version, serverAnswer, clientAnswer) {
  const ciphers = version === binding.TLS1_2_VERSION ? 'PSK-AES128-GCM-SHA256' : null;
  const server = connection(pskContext(version, ciphers), true);
  const client = connection(pskContext(version, ciphers), false);
  for (const [conn, answer] of [[server, serverAnswer], [client, clientAnswer]]) {
    conn.pskAnswer = answer.bind(conn);
    conn.enablePskCallback();
  }
  server.setPskIdentityHint('the-hint');
  return { server, client };
}

const offer = () => ({ psk: KEY, identity: 'device-7' });
const lookup = (identity) => (identity === 'device-7' ? KEY : null);

// Both versions: what the hooks are asked, and the result.
for (const version of [binding.TLS1_2_VERSION, binding.TLS1_3_VERSION]) {
  const { server, client } = pskPair(version, lookup, offer);
  client.start();
  shuttle(client, server);
  assert.strictEqual(client.isHandshakeDone(), true, `version ${version}`);
  assert.strictEqual(server.isHandshakeDone(), true);
  assert.deepStrictEqual(server.pskAsked, [['device-7', 512]]);
  const hint = version === binding.TLS1_2_VERSION ? 'the-hint' : null;
  assert.deepStrictEqual(client.pskAsked, [[hint, 512, 256]]);
  assert.strictEqual(client.usedPsk(), true);
  assert.strictEqual(server.usedPsk(), true);
  assert.strictEqual(client.verifyError(), null, 'nothing to verify with a PSK');
  assert.strictEqual(client.getPeerCertificate(false), null);
  if (version === binding.TLS1_2_VERSION) {
    assert.strictEqual(client.getCipher().name, 'PSK-AES128-GCM-SHA256');
  }
  client.write(Buffer.from('ping'));
  shuttle(client, server);
  assert.strictEqual(Buffer.concat(server.inbox).toString(), 'ping');
}

// The server refuses the identity: onerror on both ends, with codes.
{
  const { server, client } = pskPair(binding.TLS1_3_VERSION, () => null, offer);
  client.start();
  shuttle(client, server);
  assert.strictEqual(server.isHandshakeDone(), false);
  assert.strictEqual(server.errors.length, 1);
  assert.match(server.errors[0].code, /^ERR_SSL_/);
  assert.strictEqual(client.errors.length, 1);
  assert.match(client.errors[0].code, /^ERR_SSL_/);
}

// A hook returning something that is no key counts as a refusal.
{
  const { server, client } = pskPair(binding.TLS1_2_VERSION, () => 42, offer);
  client.start();
  shuttle(client, server);
  assert.strictEqual(server.errors.length, 1);
  assert.strictEqual(server.isHandshakeDone(), false);
}

// A client hook that declines offers no PSK: no suite in common.
{
  const { server, client } = pskPair(binding.TLS1_2_VERSION, lookup, () => null);
  client.start();
  shuttle(client, server);
  assert.strictEqual(server.pskAsked.length, 0);
  assert.strictEqual(server.errors.length, 1);
}

// A hook that throws: the exception leaves receive(), nothing is called
// from inside after it, and the next driving call reports the failure.
{
  const boom = new Error('boom');
  const { server, client } = pskPair(binding.TLS1_3_VERSION, () => { throw boom; }, offer);
  client.start();
  const hello = client.outbox.shift();
  const before = server.events.length;
  assert.throws(() => server.receive(hello), (err) => err === boom);
  assert.deepStrictEqual(server.events.slice(before), ['psk']);
  server.receive(Buffer.alloc(0));
  assert.strictEqual(server.errors.length, 1);
  assert.match(server.errors[0].code, /^ERR_SSL_/);
}

// destroy() from inside the hook: no callback after it, no crash.
{
  const { server, client } = pskPair(binding.TLS1_3_VERSION, function() {
    this.destroy();
    return KEY;
  }, offer);
  client.start();
  const before = server.events.length;
  server.receive(client.outbox.shift());
  assert.deepStrictEqual(server.events.slice(before), ['psk']);
  assert.strictEqual(server.getProtocol(), null);
  server.receive(Buffer.from('more')); // a no-op on a destroyed connection
}

// Static keys on the contexts, and their argument checks.
{
  const serverCtx = new binding.SecureContext();
  const clientCtx = new binding.SecureContext();
  serverCtx.setPsk(null, KEY); // any identity
  clientCtx.setPsk('device-9', KEY);
  const server = connection(serverCtx, true);
  const client = connection(clientCtx, false);
  client.start();
  shuttle(client, server);
  assert.strictEqual(client.isHandshakeDone(), true);
  assert.strictEqual(server.usedPsk(), true);
  assert.deepStrictEqual(server.pskAsked, [], 'a static key asks nobody');
  assert.throws(() => clientCtx.setPsk('id', Buffer.alloc(0)),
                { code: 'ERR_SP_INVALID_ARG' });
  assert.throws(() => clientCtx.setPsk('id', 'not bytes'),
                { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => clientCtx.setPsk('x'.repeat(300), KEY),
                { code: 'ERR_SP_INVALID_ARG' });
}

// A server with the generated certificate.
{
  const serverCtx = new binding.SecureContext();
  serverCtx.useGeneratedCertificate('device.local');
  const server = connection(serverCtx, true);
  const client = connection(new binding.SecureContext(), false);
  client.start();
  shuttle(client, server);
  assert.strictEqual(client.isHandshakeDone(), true);
  const cert = client.getPeerCertificate(false);
  assert.strictEqual(cert.subject.CN, 'device.local');
  assert.strictEqual(cert.nistCurve, 'P-256');
  assert.strictEqual(client.verifyError().code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
}
