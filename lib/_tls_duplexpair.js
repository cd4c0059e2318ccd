'use strict';

// Two in-process Duplex streams joined back to back: what is written to one
// is read from the other. Used by createSecurePair() to give the TLS engine
// a transport whose far end the caller holds as `pair.encrypted`.
//
// Flow control: a write completes once the other side has room for it, so
// a reader that stops reading eventually stops the writer. Ending one side
// ends the other's readable side; destroying one side does the same, so a
// stream piped from the far end sees 'end' rather than hanging.

const { Duplex } = require('stream');

const kPeer = Symbol('peer');
const kBlockedWrite = Symbol('blockedWrite');

class PairEnd extends Duplex {
  constructor(options) {
    super(options);
    this[kPeer] = null;
    this[kBlockedWrite] = null;
  }

  _write(chunk, encoding, callback) {
    const peer = this[kPeer];
    if (peer.destroyed || peer.readableEnded) {
      // Nobody will ever read this; finish the write so our own stream
      // can wind down (the peer's end or destruction already told ours).
      callback();
      return;
    }
    if (peer.push(chunk)) callback();
    else this[kBlockedWrite] = callback;
  }

  _read() {
    // Our reader wants more: release the writer on the other side.
    const writer = this[kPeer];
    const callback = writer && writer[kBlockedWrite];
    if (callback) {
      writer[kBlockedWrite] = null;
      callback();
    }
  }

  _final(callback) {
    const peer = this[kPeer];
    if (!peer.destroyed) peer.push(null);
    callback();
  }

  _destroy(err, callback) {
    const peer = this[kPeer];
    const blocked = this[kBlockedWrite];
    this[kBlockedWrite] = null;
    if (peer && !peer.destroyed && !peer._readableState.ended) peer.push(null);
    // A writer on the far side waiting for us to read would wait forever.
    const farBlocked = peer && peer[kBlockedWrite];
    if (farBlocked) {
      peer[kBlockedWrite] = null;
      process.nextTick(farBlocked);
    }
    callback(err);
    if (blocked) process.nextTick(blocked);
  }
}

function createDuplexPair(options) {
  const a = new PairEnd(options);
  const b = new PairEnd(options);
  a[kPeer] = b;
  b[kPeer] = a;
  return [a, b];
}

module.exports = { createDuplexPair };
