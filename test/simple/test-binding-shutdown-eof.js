'use strict';
const assert = require('assert');
const {
  record,
  shuttle,
  pair,
  handshake,
  received,
} = require('../binding-harness');

// close_notify and the end of the transport.
function connected() {
  const p = pair({ key: 'server-rsa-key.pem', cert: 'server-rsa-cert.pem' },
                 { ca: 'ca1-cert.pem' });
  handshake(p.server, p.client);
  return p;
}

// shutdown() hands close_notify to onwrite; the peer gets onpeerclose once.
{
  const { server, client } = connected();
  client.shutdown();
  assert.strictEqual(client.outbox.length, 1);
  // Our own close_notify is not the peer's.
  assert.ok(!client.events.includes('close'), client.events.join());
  shuttle(client, server);
  assert.ok(!client.events.includes('close'), client.events.join());
  assert.strictEqual(server.events.filter((e) => e === 'close').length, 1);
  server.receiveEOF();
  assert.strictEqual(server.events.filter((e) => e === 'close').length, 1);
  // Half close: the server can still answer, then close its side.
  server.write(Buffer.from('still here'));
  server.shutdown();
  shuttle(client, server);
  assert.strictEqual(received(client), 'still here');
  assert.strictEqual(client.events.filter((e) => e === 'close').length, 1);
  assert.deepStrictEqual([server.errors, client.errors], [[], []]);
  // shutdown() again is harmless.
  client.shutdown();
}

// The transport ends on a record boundary without close_notify.
{
  const { server, client } = connected();
  client.write(Buffer.from('data'));
  shuttle(client, server);
  server.receiveEOF();
  assert.deepStrictEqual(server.errors, []);
  assert.strictEqual(server.events.filter((e) => e === 'close').length, 1);
}

// The transport ends in the middle of a record.
{
  const { server, client } = connected();
  client.write(Buffer.from('cut short'));
  const record = client.outbox.pop();
  server.receive(record.subarray(0, record.length - 3));
  server.receiveEOF();
  assert.strictEqual(server.errors.length, 1);
  assert.strictEqual(server.errors[0].code,
                     'ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
  assert.ok(!server.events.includes('close'));
}

// write() after shutdown() fails through onerror.
{
  const { server, client } = connected();
  client.shutdown();
  client.write(Buffer.from('too late'));
  assert.strictEqual(client.errors.length, 1);
  assert.strictEqual(client.errors[0].code, 'ERR_SSL_PROTOCOL_IS_SHUTDOWN');
}
