'use strict';
// The binding's debugging callbacks: with enableKeylog(true) each secret
// arrives as one onkeylog(line) (a Buffer without newline) during the
// handshake, before onhandshakedone; with enableTrace(true) the protocol
// trace arrives as text through ontrace. Switched off, nothing comes, and
// an environment that gives no such callbacks just drops the lines.
const assert = require('assert');
const { binding, callbacks, pair, shuttle } = require('../binding-harness');

const serverOpts = { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' };

{
  const { server, client } = pair(serverOpts, { ca: 'ca1-cert.pem' });
  client.enableKeylog(true);
  server.enableKeylog(true);
  client.start();
  shuttle(client, server);
  const labels = client.keylog.map((line) => line.toString().split(' ')[0]).sort();
  assert.deepStrictEqual(labels, [
    'CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'EXPORTER_SECRET',
    'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0',
  ]);
  for (const line of client.keylog) {
    assert.ok(Buffer.isBuffer(line));
    assert.match(line.toString(), /^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64,}$/);
  }
  // Both ends derive the same secrets.
  assert.deepStrictEqual(server.keylog.map(String).sort(), client.keylog.map(String).sort());
  // The lines come before the handshake is reported done.
  const events = client.events.filter((e) => e === 'keylog' || e === 'done');
  assert.strictEqual(events[events.length - 1], 'done');
  assert.deepStrictEqual(client.trace, [], 'no trace unless asked for');
}

{
  const { server, client } = pair(serverOpts, { ca: 'ca1-cert.pem' });
  client.enableTrace(true);
  client.start();
  shuttle(client, server);
  assert.strictEqual(client.isHandshakeDone(), true);
  const text = Buffer.concat(client.trace).toString();
  assert.match(text, /Sent Record/);
  assert.match(text, /ClientHello/);
  assert.match(text, /Received Record/);
  assert.match(text, /ServerHello/);
  assert.deepStrictEqual(server.trace, []);
  assert.deepStrictEqual(client.keylog, []);
  client.enableTrace(false);
  const count = client.trace.length;
  client.write(Buffer.from('quiet now'));
  shuttle(client, server);
  assert.strictEqual(client.trace.length, count);
}

// No onkeylog registered: the lines are dropped, the handshake is fine.
binding.setCallbacks({ ...callbacks, onkeylog: undefined });
{
  const { server, client } = pair(serverOpts, { ca: 'ca1-cert.pem' });
  client.enableKeylog(true);
  client.start();
  shuttle(client, server);
  assert.strictEqual(client.isHandshakeDone(), true);
  assert.deepStrictEqual(client.keylog, []);
  assert.ok(!client.events.includes('keylog'));
}
