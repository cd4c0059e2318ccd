'use strict';

// The renegotiation limiter. Client-initiated renegotiation costs a server
// far more than it costs the client, so a server counts the handshakes a
// connection starts after its first one: each that starts within `window`
// seconds of the previous handshake counts, a quieter gap starts the count
// again, and going over `limit` is treated as an attack (Node's rule).
//
// The limits come from tls.CLIENT_RENEG_LIMIT and tls.CLIENT_RENEG_WINDOW
// as they are when the connection is made.

class RenegotiationLimiter {
  constructor(limit, windowSeconds) {
    this.limit = limit;
    this.window = windowSeconds;
    this.count = 0;
    this.last = null;
  }

  // A handshake starts at `now` (ms). Returns true when this one is over
  // the limit. The first handshake of a connection never is.
  handshakeStarted(now) {
    const last = this.last;
    this.last = now;
    if (last === null) return false;
    if (now - last >= this.window * 1000) this.count = 1;
    else this.count++;
    return this.count > this.limit;
  }
}

module.exports = { RenegotiationLimiter };
