'use strict';

// securepair: Node's `tls` module API on an OpenSSL engine in C.
//
//   const tls = require('securepair');   // instead of require('tls')

const common = require('./_tls_common');
const wrap = require('./_tls_wrap');
const legacy = require('./_tls_legacy');
const { checkServerIdentity } = require('./_tls_check');
const { getNodeTls } = require('./_binding');
const alpn = require('./_tls_alpn');

// Node's default cipher list, as this Node has it (it honours
// --tls-cipher-list); the literal is Node's built-in default, for a Node
// without crypto.
function defaultCiphers() {
  const nodeTls = getNodeTls();
  if (nodeTls && typeof nodeTls.DEFAULT_CIPHERS === 'string') return nodeTls.DEFAULT_CIPHERS;
  return [
    'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384',
    'DHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA256', 'DHE-RSA-AES128-SHA256',
    'ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA256',
    'DHE-RSA-AES256-SHA256', 'HIGH', '!aNULL', '!eNULL', '!EXPORT', '!DES', '!RC4',
    '!MD5', '!PSK', '!SRP', '!CAMELLIA',
  ].join(':');
}

// Renegotiation limiter: more than CLIENT_RENEG_LIMIT renegotiations, each
// within CLIENT_RENEG_WINDOW seconds of the previous handshake, end the
// connection with ERR_TLS_SESSION_ATTACK. Read when a connection is made.
exports.CLIENT_RENEG_LIMIT = 3;
exports.CLIENT_RENEG_WINDOW = 600;

// Read at each createSecureContext() call, so assigning them takes effect
// for contexts made afterwards.
exports.DEFAULT_CIPHERS = defaultCiphers();
exports.DEFAULT_ECDH_CURVE = 'auto';
exports.DEFAULT_MIN_VERSION = 'TLSv1.2';
exports.DEFAULT_MAX_VERSION = 'TLSv1.3';

exports.getCiphers = common.getCiphers;

// The CAs clients trust by default: a frozen array of PEM strings.
Object.defineProperty(exports, 'rootCertificates', {
  configurable: false,
  enumerable: true,
  get: common.getRootCertificates,
});

// ['h2', 'http/1.1'] -> <02 'h2' 08 'http/1.1'>, stored as out.ALPNProtocols
// (and the classic NPN twin, stored as out.NPNProtocols).
exports.convertALPNProtocols = alpn.convertALPNProtocols;
exports.convertNPNProtocols = alpn.convertNPNProtocols;

exports.checkServerIdentity = checkServerIdentity;
exports.createSecureContext = common.createSecureContext;
exports.SecureContext = common.SecureContext;
exports.TLSSocket = wrap.TLSSocket;
exports.Server = wrap.Server;
exports.createServer = wrap.createServer;
exports.connect = wrap.connect;
exports.createSecurePair = legacy.createSecurePair;
exports.SecurePair = legacy.SecurePair;
exports.CleartextStream = legacy.CleartextStream;
