'use strict';

// Application protocols: ALPN (both roles, plus the server's ALPNCallback)
// and the classic NPN. Lists reach the engine in wire format: each name
// preceded by its length.

const { addBuiltinHelloStep } = require('./_tls_hello');
const {
  ERR_INVALID_ARG_TYPE,
  ERR_OUT_OF_RANGE,
  ERR_TLS_ALPN_CALLBACK_INVALID_RESULT,
} = require('./_tls_errors');

// ['h2', 'http/1.1'] -> <02 'h2' 08 'http/1.1'>. Buffers and other byte
// views are taken as wire format already (copied). undefined/null/false:
// no list. Anything else throws.
function protocolList(protocols, name) {
  if (protocols == null || protocols === false) return undefined;
  if (Array.isArray(protocols)) {
    const parts = [];
    protocols.forEach((protocol, index) => {
      const bytes = Buffer.isBuffer(protocol) ? protocol : Buffer.from(String(protocol));
      if (bytes.length > 255) {
        throw ERR_OUT_OF_RANGE(`The byte length of the protocol at index ${index}`,
                               '<= 255', bytes.length);
      }
      parts.push(Buffer.from([bytes.length]), bytes);
    });
    return Buffer.concat(parts);
  }
  if (ArrayBuffer.isView(protocols)) {
    return Buffer.from(protocols.buffer.slice(protocols.byteOffset,
                                              protocols.byteOffset + protocols.byteLength));
  }
  throw ERR_INVALID_ARG_TYPE(name, ['Array', 'Buffer', 'TypedArray', 'DataView'], protocols);
}

// The public helpers (tls.convertALPNProtocols, and the classic
// tls.convertNPNProtocols): an array or byte view becomes out.<key>;
// anything else is left alone, as Node does.
function convertInto(protocols, out, key) {
  if (Array.isArray(protocols) || ArrayBuffer.isView(protocols)) {
    out[key] = protocolList(protocols, 'protocols');
  }
}

function convertALPNProtocols(protocols, out) {
  convertInto(protocols, out, 'ALPNProtocols');
}

function convertNPNProtocols(protocols, out) {
  convertInto(protocols, out, 'NPNProtocols');
}

function callbackFor(options) {
  const callback = options.ALPNCallback;
  if (callback == null) return null;
  if (typeof callback !== 'function') {
    throw ERR_INVALID_ARG_TYPE('options.ALPNCallback', 'function', callback);
  }
  return callback;
}

function kALPNCallback() {
  return require('./_tls_wrap').kALPNCallback;
}

function kConn() {
  return require('./_tls_wrap').kConn;
}

// ALPNCallback({ servername, protocols }) returns one of the client's
// protocols, or undefined to refuse them all (the handshake then fails with
// a no_application_protocol alert). Anything else ends the connection with
// ERR_TLS_ALPN_CALLBACK_INVALID_RESULT. A client that offers no ALPN never
// reaches the callback.
function selectProtocolStep(socket, hello, next) {
  const protocols = hello.alpnProtocols;
  if (protocols.length === 0) {
    next();
    return;
  }
  const selected = socket[kALPNCallback()]({
    servername: hello.servername || false,
    protocols: protocols.slice(),
  });
  const conn = socket[kConn()];
  if (selected === undefined) {
    conn.selectALPNProtocol(null);
  } else if (!protocols.includes(selected)) {
    next(ERR_TLS_ALPN_CALLBACK_INVALID_RESULT(selected, protocols));
    return;
  } else {
    conn.selectALPNProtocol(Buffer.from(selected, 'latin1'));
  }
  next();
}

addBuiltinHelloStep(selectProtocolStep, {
  order: 30,
  name: 'ALPNCallback',
  wanted: (socket) => typeof socket[kALPNCallback()] === 'function',
});

module.exports = {
  protocolList,
  convertALPNProtocols,
  convertNPNProtocols,
  callbackFor,
};
