'use strict';

// Key log, protocol trace and record sizes for TLSSocket:
//  - the 'keylog' event (socket and server), and SSLKEYLOGFILE: when that
//    environment variable names a file, every connection appends its key
//    log lines to it (NSS format, what Wireshark reads);
//  - enableTrace() / the `enableTrace` option: OpenSSL's protocol trace,
//    written to stderr as Node does;
//  - setMaxSendFragment() / `maxSendFragment`, and the client option
//    `maxFragmentLength` (RFC 6066) for peers with small buffers.

const fs = require('fs');
const {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_OUT_OF_RANGE,
} = require('./_tls_errors');

const kKeylogFile = Symbol('keylogFile');

const MAX_FRAGMENT_LENGTHS = [512, 1024, 2048, 4096];

// Where trace text goes. Synchronous, so it interleaves with the program's
// own stderr output in the order things happened, as Node's does.
let traceSink = (text) => {
  try {
    fs.writeSync(2, text);
  } catch {
    // Tracing is best effort: a closed or full stderr must not break TLS.
  }
};

function setTraceSink(fn) {
  const previous = traceSink;
  traceSink = fn;
  return previous;
}

function writeTrace(text) {
  traceSink(text);
}

// As Node's validateInt32 words it.
function validateInt32(value, name) {
  if (typeof value !== 'number') throw ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < -2147483648 || value > 2147483647) {
    throw ERR_OUT_OF_RANGE(name, '>= -2147483648 && <= 2147483647', value);
  }
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw ERR_INVALID_ARG_TYPE(name, 'boolean', value);
}

// setMaxSendFragment(size): false (and nothing changed) outside 512..16384.
function setMaxSendFragment(conn, size) {
  validateInt32(size, 'size');
  return conn ? conn.setMaxSendFragment(size) : false;
}

// Checked before anything is built, so a bad value throws at once.
function validateOptions(options, isServer) {
  if (options.enableTrace != null) validateBoolean(options.enableTrace, 'options.enableTrace');
  const send = options.maxSendFragment;
  if (send != null) {
    validateInt32(send, 'options.maxSendFragment');
    if (send < 512 || send > 16384) {
      throw ERR_OUT_OF_RANGE('options.maxSendFragment', '>= 512 && <= 16384', send);
    }
  }
  const mfl = options.maxFragmentLength;
  if (mfl != null && !isServer && !MAX_FRAGMENT_LENGTHS.includes(mfl)) {
    throw ERR_INVALID_ARG_VALUE('options.maxFragmentLength', mfl,
                                'must be 512, 1024, 2048 or 4096');
  }
}

// A key log file named by SSLKEYLOGFILE (read per connection, so a test or
// a program may set it late).
function keylogFile() {
  const file = process.env.SSLKEYLOGFILE;
  return typeof file === 'string' && file !== '' ? file : null;
}

// Arms one connection with what its options ask for.
function attach(socket, conn, options, isServer) {
  validateOptions(options, isServer);
  if (options.enableTrace) conn.enableTrace(true);
  if (options.maxSendFragment != null) conn.setMaxSendFragment(options.maxSendFragment);
  if (!isServer && options.maxFragmentLength != null) {
    conn.setMaxFragmentLength(options.maxFragmentLength);
  }
  const file = keylogFile();
  if (file) {
    socket[kKeylogFile] = file;
    conn.enableKeylog(true);
  }
  // Lines are only made when someone listens, as in Node.
  const onNewListener = (event) => {
    if (event !== 'keylog') return;
    socket.removeListener('newListener', onNewListener);
    conn.enableKeylog(true);
  };
  socket.on('newListener', onNewListener);
}

let keylogFileWarned = false;

// One line from the engine (no newline): to SSLKEYLOGFILE, and as the
// 'keylog' event's Buffer, newline included, when someone listens.
function keylogLine(socket, raw, emit) {
  const line = Buffer.concat([raw, Buffer.from('\n')]);
  const file = socket[kKeylogFile];
  if (file) {
    try {
      fs.appendFileSync(file, line, { mode: 0o600 });
    } catch (err) {
      if (!keylogFileWarned) {
        keylogFileWarned = true;
        process.emitWarning(`Cannot write the TLS key log to ${file}: ${err.message}`,
                            'Warning', 'SECUREPAIR_KEYLOG_FILE');
      }
    }
  }
  if (socket.listenerCount('keylog') > 0) emit(line);
}

// Server sockets report their lines on the server too: ('keylog', line,
// socket), for the sockets made while the server had a listener.
function attachServerSocket(server, socket) {
  if (server.listenerCount('keylog') === 0) return;
  socket.on('keylog', (line) => server.emit('keylog', line, socket));
}

module.exports = {
  attach,
  attachServerSocket,
  keylogLine,
  writeTrace,
  setTraceSink,
  setMaxSendFragment,
  validateOptions,
  validateBoolean,
};
