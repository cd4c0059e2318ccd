'use strict';
// Drives a securepair/ssl context over a real net.Socket the way a
// non-blocking program does: the read callback takes what has arrived
// (empty when nothing has: 'want-read'), the write callback sends only
// while the socket takes more (0 otherwise: 'want-write'), and a call that
// answered want-read / want-write is made again when the socket says so.

const ssl = require('../lib/ssl');

class SocketBio {
  constructor(socket) {
    this.socket = socket;
    this.inbox = [];
    this.ended = false;
    this.wantReads = 0;
    this.wantWrites = 0;
    socket.on('data', (d) => { this.inbox.push(d); });
    socket.on('end', () => { this.ended = true; });
    // A peer that went away: reads see the end, writes are dropped.
    socket.on('error', (err) => {
      this.error = err;
      this.ended = true;
    });
  }

  read(size) {
    if (this.inbox.length === 0) return this.ended ? null : '';
    const all = Buffer.concat(this.inbox);
    this.inbox = all.length > size ? [all.subarray(size)] : [];
    return all.subarray(0, size);
  }

  write(data) {
    if (this.socket.writableNeedDrain || this.socket.destroyed) return 0;
    this.socket.write(Buffer.from(data));
    return data.length;
  }

  context(cfg) {
    return ssl.newcontext(cfg, (size) => this.read(size), (data) => this.write(data));
  }

  // Repeats op() until it answers something else than want-read/-write,
  // waiting for the socket in between. Resolves to op's final answer.
  run(op) {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        let result;
        try {
          result = op();
        } catch (err) {
          reject(err);
          return;
        }
        if (result[1] === ssl.WANT_READ) {
          this.wantReads++;
          if (this.inbox.length > 0 || this.ended) {
            setImmediate(attempt);
            return;
          }
          const wake = () => {
            this.socket.removeListener('data', wake);
            this.socket.removeListener('end', wake);
            setImmediate(attempt);
          };
          this.socket.on('data', wake);
          this.socket.on('end', wake);
        } else if (result[1] === ssl.WANT_WRITE) {
          this.wantWrites++;
          this.socket.once('drain', attempt);
        } else {
          resolve(result);
        }
      };
      attempt();
    });
  }

  // All plaintext until the peer's close_notify.
  async readAll(ctx) {
    const chunks = [];
    for (;;) {
      const [data, err] = await this.run(() => ctx.read(4096));
      if (data) chunks.push(data);
      else if (err === ssl.CLOSE_NOTIFY) return Buffer.concat(chunks);
      else throw new Error(`read failed: ${err}`);
    }
  }
}

module.exports = { SocketBio };
