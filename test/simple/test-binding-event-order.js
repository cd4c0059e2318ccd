'use strict';
const assert = require('assert');
const {
  binding,
  shuttle,
  pair,
  received,
} = require('../binding-harness');

// Events come in the order things happened; a step's ciphertext is handed
// to onwrite before the events it caused.
for (const max of [binding.TLS1_2_VERSION, binding.TLS1_3_VERSION]) {
  const { server, client } = pair(
    { key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem', max },
    { ca: 'ca1-cert.pem' });

  client.start();
  assert.strictEqual(client.events[0], 'write', 'ClientHello first');
  assert.ok(!client.events.includes('done'));
  // Early data from the client rides along with its last flight.
  client.hooks.done = function() { this.write(Buffer.from('early')); };
  shuttle(client, server);

  for (const conn of [client, server]) {
    const ev = conn.events;
    assert.deepStrictEqual(conn.errors, []);
    assert.strictEqual(ev.filter((e) => e === 'done').length, 1, ev.join());
    assert.ok(ev.indexOf('start') < ev.indexOf('done'), ev.join());
    // Every write before 'done' (our last flight) comes before it.
    assert.ok(ev.indexOf('write') < ev.indexOf('done'), ev.join());
  }
  const sev = server.events;
  assert.ok(sev.indexOf('done') < sev.indexOf('data'), sev.join());
  assert.strictEqual(received(server), 'early');
  assert.ok(!sev.includes('close') && !sev.includes('error'));

  // Data then close_notify in one chunk: ondata, then onpeerclose.
  server.write(Buffer.from('bye'));
  server.shutdown();
  assert.ok(!server.events.includes('close'), 'own close_notify');
  const both = Buffer.concat(server.outbox.splice(0));
  client.events.length = 0;
  client.receive(both);
  const tail = client.events.filter((e) => e !== 'write');
  assert.deepStrictEqual(tail, ['data', 'close']);
  // onpeerclose once only, even when the transport ends afterwards.
  client.receiveEOF();
  assert.strictEqual(client.events.filter((e) => e === 'close').length, 1);
}
