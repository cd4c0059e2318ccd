'use strict';
const assert = require('assert');
const { context, connection } = require('../binding-harness');

// Random calls from inside random callbacks, on both connections, with the
// ciphertext cut at random places: whatever the order, nothing crashes,
// every exception thrown by a callback is the one that comes out, plaintext
// that arrives is a prefix of what was sent, and a destroyed connection
// stays silent. Deterministic: a fixed seed per round.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

const serverCtx = context({ key: 'server-ecdsa-key.pem',
                            cert: 'server-ecdsa-cert.pem' });
const clientCtx = context({ ca: 'ca1-cert.pem' });
const EVENTS = ['write', 'data', 'start', 'done', 'close', 'error'];

for (let round = 0; round < 1000; round++) {
  const rand = rng(round * 7919 + 1);
  const server = connection(serverCtx, true);
  const client = connection(clientCtx, false);
  const sent = { server: [], client: [] };
  const peers = [[server, client, 'server'], [client, server, 'client']];

  for (const [conn, peer, name] of peers) {
    conn.sent = sent[name];
    for (const ev of EVENTS) {
      conn.hooks[ev] = function() {
        if (this.deadAt !== undefined) {
          throw new Error(`${name} got ${ev} after destroy()`);
        }
        switch (rand(14)) {
          case 0: this.destroy(); this.deadAt = this.events.length; break;
          case 1: if (this.isHandshakeDone()) {
            const msg = Buffer.from(`${name}:${round}:${this.sent.length};`);
            this.sent.push(msg); // before: onwrite may throw
            this.write(msg);
          } break;
          case 2: if (peer.outbox.length) this.receive(peer.outbox.shift()); break;
          case 3: this.shutdown(); break;
          case 4: this.receiveEOF(); break;
          case 5: { const e = new Error('thrown'); e.round = round; throw e; }
          case 6: this.getPeerCertificate(true); this.verifyError(); break;
          case 7: peer.receive(Buffer.alloc(0)); break;
          default: break;
        }
      };
    }
  }

  const step = (fn) => {
    try { fn(); } catch (e) {
      if (e.message !== 'thrown') throw e;
      assert.strictEqual(e.round, round);
    }
  };
  step(() => client.start());
  for (let i = 0; i < 200; i++) {
    const [from, to] = rand(2) ? [client, server] : [server, client];
    if (from.outbox.length) {
      const buf = from.outbox.shift();
      const cut = rand(buf.length + 1);
      step(() => to.receive(buf.subarray(0, cut)));
      step(() => to.receive(buf.subarray(cut)));
    } else if (from.isHandshakeDone() && rand(3) === 0) {
      const msg = Buffer.from(`${from === server ? 'server' : 'client'}:` +
                              `${round}:${from.sent.length};`);
      from.sent.push(msg);
      step(() => from.write(msg));
    } else if (!client.outbox.length && !server.outbox.length) {
      step(() => from.receive(Buffer.alloc(0)));
      if (rand(4) === 0) break;
    }
  }
  for (const [conn, peer] of peers) {
    const got = Buffer.concat(conn.inbox).toString();
    const want = Buffer.concat(peer.sent).toString();
    assert.ok(want.startsWith(got), `round ${round}: ${got} vs ${want}`);
    if (conn.deadAt !== undefined) {
      assert.strictEqual(conn.events.length, conn.deadAt);
    }
    assert.ok(conn.errors.length <= 1);
    conn.destroy();
  }
}
