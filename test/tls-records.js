'use strict';
// Watches TLS records on the wire, for the record size tests: feed it the
// ciphertext bytes of one direction, in whatever chunks they come, and it
// keeps the length of every record by content type.

class RecordWatcher {
  constructor() {
    this.pending = Buffer.alloc(0);
    this.records = []; // [contentType, length]
  }

  push(chunk) {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5) {
      const length = this.pending.readUInt16BE(3);
      if (this.pending.length < 5 + length) break;
      this.records.push([this.pending[0], length]);
      this.pending = this.pending.subarray(5 + length);
    }
  }

  // Largest record of the given type (23: application_data, which is what
  // every TLS 1.3 record looks like from outside once encrypted).
  largest(type = 23) {
    let max = 0;
    for (const [t, length] of this.records) if (t === type && length > max) max = length;
    return max;
  }

  count(type = 23) {
    return this.records.filter(([t]) => t === type).length;
  }
}

// Records `socket` (a net.Socket) sends and receives.
function watchSocket(socket) {
  const sent = new RecordWatcher();
  const received = new RecordWatcher();
  const write = socket.write;
  socket.write = function(chunk, ...rest) {
    if (Buffer.isBuffer(chunk)) sent.push(chunk);
    return write.call(this, chunk, ...rest);
  };
  socket.on('data', (chunk) => received.push(chunk));
  return { sent, received };
}

// What encryption adds to a record at most (AEAD tag, explicit nonce or
// inner content type, CBC padding and MAC): the margin for size checks.
const OVERHEAD = 256;

module.exports = { RecordWatcher, watchSocket, OVERHEAD };
