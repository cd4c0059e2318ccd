'use strict';
// The renegotiation limiter's rule (Node's): after the first handshake,
// handshakes that start within the window of the previous one are counted;
// more than the limit is an attack; a gap of a whole window resets it.
require('../common');
const assert = require('assert');
const { RenegotiationLimiter } = require('../../lib/_tls_reneg');

const s = 1000;
{
  const limiter = new RenegotiationLimiter(3, 600);
  assert.strictEqual(limiter.handshakeStarted(0), false); // the handshake
  assert.strictEqual(limiter.handshakeStarted(1 * s), false); // 1
  assert.strictEqual(limiter.handshakeStarted(2 * s), false); // 2
  assert.strictEqual(limiter.handshakeStarted(3 * s), false); // 3
  assert.strictEqual(limiter.handshakeStarted(4 * s), true); // 4 > 3
}
{
  // Spread out by more than the window, any number is fine.
  const limiter = new RenegotiationLimiter(3, 10);
  let now = 0;
  for (let i = 0; i < 20; i++) {
    assert.strictEqual(limiter.handshakeStarted(now), false);
    now += 10 * s;
  }
}
{
  // A quiet window resets the count.
  const limiter = new RenegotiationLimiter(2, 10);
  limiter.handshakeStarted(0);
  assert.strictEqual(limiter.handshakeStarted(1 * s), false);
  assert.strictEqual(limiter.handshakeStarted(2 * s), false);
  assert.strictEqual(limiter.handshakeStarted(13 * s), false);
  assert.strictEqual(limiter.handshakeStarted(14 * s), false);
  assert.strictEqual(limiter.handshakeStarted(15 * s), true);
}
{
  // A limit of 0 allows no renegotiation at all.
  const limiter = new RenegotiationLimiter(0, 600);
  assert.strictEqual(limiter.handshakeStarted(5), false);
  assert.strictEqual(limiter.handshakeStarted(10 * 60 * s), true);
}
