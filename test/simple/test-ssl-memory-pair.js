'use strict';
// Two securepair/ssl contexts talking through the caller's callbacks, in
// memory: the handshake needs several calls, each answering 'want-read'
// while the peer's flight has not come; with the ciphertext handed over one
// byte at a time there are many such cycles and nothing is lost; a write
// callback that takes nothing ('want-write') or only part of a record is
// asked again for the rest; data flows both ways and close_notify arrives
// as 'close-notify'. ref is passed first to the callbacks when given.
const common = require('../common');
const assert = require('assert');
const ssl = require('../../lib/ssl');
const { fixtures } = common;

function channel() {
  return { bytes: [], readBudget: Infinity, writeBudget: Infinity };
}

// rcb(ref, size) / wcb(ref, data): ref is the channel pair of this end.
// readBudget / writeBudget: what the transport gives or takes until the
// test allows more.
function rcb(ref, size) {
  const q = ref.in;
  if (q.bytes.length === 0 || q.readBudget === 0) return '';
  const all = Buffer.concat(q.bytes);
  const n = Math.min(size, q.readBudget, all.length);
  q.bytes = n < all.length ? [all.subarray(n)] : [];
  q.readBudget -= n;
  return all.subarray(0, n);
}

function wcb(ref, data) {
  const q = ref.out;
  const n = Math.min(data.length, q.writeBudget);
  if (n > 0) q.bytes.push(Buffer.from(data.subarray(0, n)));
  q.writeBudget -= n;
  return n;
}

const c2s = channel();
const s2c = channel();
const server = ssl.newcontext(
  ssl.newconfig('tls-server', null, fixtures.readString('server-ecdsa-cert.pem'),
                fixtures.readString('server-ecdsa-key.pem')),
  rcb, wcb, { in: c2s, out: s2c });
const client = ssl.newcontext(ssl.newconfig('tls-client', fixtures.readString('ca1-cert.pem')),
                              rcb, wcb, { in: s2c, out: c2s });
assert.deepStrictEqual(client.sethostname('localhost'), [true]);

// One byte per call: count the want-read answers.
let wantReads = 0;
let done = [false, false];
for (let round = 0; round < 100000 && !(done[0] && done[1]); round++) {
  for (const [i, ctx] of [[0, client], [1, server]]) {
    if (done[i]) continue;
    (i === 0 ? s2c : c2s).readBudget = 1;
    const [ok, err] = ctx.handshake();
    if (ok === true) done[i] = true;
    else if (err === 'want-read') wantReads++;
    else assert.fail(`handshake: ${err}`);
  }
}
assert.deepStrictEqual(done, [true, true]);
assert.ok(wantReads > 1000, `${wantReads} want-read answers`);
assert.deepStrictEqual(client.handshake(), [true], 'done stays done');
c2s.readBudget = Infinity;
s2c.readBudget = Infinity;

// A write callback that takes nothing: want-write, then the same call
// again once it does; and one that takes a few bytes at a time.
s2c.writeBudget = 0;
const message = Buffer.alloc(5000, 'w');
assert.deepStrictEqual(server.write(message), [null, 'want-write']);
assert.deepStrictEqual(server.write(message), [null, 'want-write']);
let result;
let calls = 0;
do {
  s2c.writeBudget = 7; // a few bytes of room per call
  result = server.write(message);
  calls++;
} while (result[1] === 'want-write');
assert.deepStrictEqual(result, [5000]);
assert.ok(calls > 100, `${calls} calls`);
s2c.writeBudget = Infinity;

let received = Buffer.alloc(0);
for (;;) {
  const [data, err] = client.read(1000);
  if (err === 'want-read') break;
  assert.ok(data.length <= 1000);
  received = Buffer.concat([received, data]);
}
assert.deepStrictEqual(received, message, 'sent once, intact');

assert.deepStrictEqual(client.write('ping'), [4]);
assert.strictEqual(server.read(100)[0].toString(), 'ping');
assert.deepStrictEqual(server.read(100), [null, 'want-read']);

assert.deepStrictEqual(client.closenotify(), [true]);
assert.deepStrictEqual(server.read(100), [null, 'close-notify']);
assert.deepStrictEqual(server.read(100), [null, 'close-notify'], 'and it stays so');
common.mustCall()();
