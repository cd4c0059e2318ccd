'use strict';

// createSecureContext() options beyond PEM keys, certificates and CAs:
// `pfx` (PKCS#12), `crl`, `dhparam`, `sigalgs`, and the OpenSSL engine
// options, which this engine refuses the way a Node built without engine
// support does. Also the client's `minDHSize` check.
//
// Every option is checked first (checkOptions), before anything is built;
// applyOptions() then sets them on the native context, after the keys and
// certificates.

const {
  makeError,
  describeReceived,
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
} = require('./_tls_errors');

const KEY_OR_CERT_TYPES = ['string', 'Buffer', 'TypedArray', 'DataView'];

function isBytes(value) {
  return ArrayBuffer.isView(value);
}

function toBuffer(value) {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function validateKeyOrCert(value, name) {
  if (typeof value !== 'string' && !isBytes(value)) {
    throw ERR_INVALID_ARG_TYPE(name, KEY_OR_CERT_TYPES, value);
  }
}

function ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED() {
  return makeError(Error, 'ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED',
                   'Custom engines not supported by this OpenSSL');
}

function ERR_CRYPTO_OPERATION_FAILED(message, cause) {
  const err = makeError(Error, 'ERR_CRYPTO_OPERATION_FAILED', message);
  if (cause) err.cause = cause;
  return err;
}

function ERR_TLS_DH_PARAM_SIZE(size, minimum) {
  return makeError(Error, 'ERR_TLS_DH_PARAM_SIZE',
                   `DH parameter size ${size} is less than ${minimum}`);
}

// "must be of type string or one of null or undefined", in Node's words.
function ERR_NOT_OPTIONAL_STRING(name, value) {
  return makeError(TypeError, 'ERR_INVALID_ARG_TYPE',
                   `The "${name}" property must be of type string or one of null or ` +
                   `undefined. ${describeReceived(value)}`);
}

// OpenSSL engines (privateKeyEngine, privateKeyIdentifier,
// clientCertEngine) are a deprecated OpenSSL 1.x mechanism this engine
// does not carry. The checks before the refusal are Node's, in its order.
function checkEngines(options, name) {
  const { privateKeyIdentifier, privateKeyEngine, clientCertEngine, key } = options;
  if (privateKeyIdentifier != null) {
    if (privateKeyEngine == null) {
      throw ERR_INVALID_ARG_VALUE(`${name}.privateKeyEngine`, privateKeyEngine);
    }
    if (key) throw ERR_INVALID_ARG_VALUE(`${name}.privateKeyIdentifier`, privateKeyIdentifier);
    if (typeof privateKeyIdentifier !== 'string') {
      throw ERR_NOT_OPTIONAL_STRING(`${name}.privateKeyIdentifier`, privateKeyIdentifier);
    }
    if (typeof privateKeyEngine !== 'string') {
      throw ERR_NOT_OPTIONAL_STRING(`${name}.privateKeyEngine`, privateKeyEngine);
    }
    throw ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED();
  }
  if (typeof clientCertEngine === 'string') throw ERR_CRYPTO_CUSTOM_ENGINE_NOT_SUPPORTED();
  if (clientCertEngine != null) {
    throw ERR_NOT_OPTIONAL_STRING(`${name}.clientCertEngine`, clientCertEngine);
  }
}

// [{ buf, passphrase }] for the pfx option: a single bundle, or an array of
// bundles or of { buf, passphrase } objects (the shared `passphrase` is
// the default, as in Node).
function pfxList(pfx, passphrase, name) {
  const list = [];
  for (const entry of Array.isArray(pfx) ? pfx : [pfx]) {
    const isObject = entry !== null && typeof entry === 'object' && !isBytes(entry);
    const buf = isObject ? entry.buf : entry;
    const pass = isObject && entry.passphrase ? entry.passphrase : passphrase;
    validateKeyOrCert(buf, `${name}.pfx`);
    if (pass != null && typeof pass !== 'string' && !isBytes(pass)) {
      throw ERR_INVALID_ARG_TYPE(`${name}.passphrase`, ['string', 'Buffer'], pass);
    }
    list.push({
      // A string holds the DER bytes, as Node reads it (UTF-8).
      buf: typeof buf === 'string' ? Buffer.from(buf) : toBuffer(buf),
      passphrase: pass == null ? undefined : String(isBytes(pass) ? toBuffer(pass) : pass),
    });
  }
  return list;
}

function checkOptions(options, name) {
  checkEngines(options, name);
  const { sigalgs, dhparam, crl, pfx, passphrase } = options;
  if (sigalgs != null) {
    if (typeof sigalgs !== 'string') throw ERR_INVALID_ARG_TYPE(`${name}.sigalgs`, 'string', sigalgs);
    if (sigalgs === '') throw ERR_INVALID_ARG_VALUE(`${name}.sigalgs`, sigalgs);
  }
  if (dhparam != null) validateKeyOrCert(dhparam, `${name}.dhparam`);
  const crls = crl != null ? [].concat(crl) : [];
  for (const one of crls) validateKeyOrCert(one, `${name}.crl`);
  return {
    sigalgs: sigalgs != null ? sigalgs : null,
    dhparam: dhparam != null ? dhparam : null,
    crls,
    pfx: pfx != null ? pfxList(pfx, passphrase, name) : [],
  };
}

// Node's policy for dhparam: 'auto' picks RFC 7919 groups; parameters that
// cannot be read are dropped without a word (DHE is then not offered, as
// Node documents); below 1024 bits is refused, below 2048 warned about.
function setDHParam(context, dhparam) {
  if (dhparam === 'auto') {
    context.setDHAuto();
    return;
  }
  let bits;
  try {
    bits = context.setDHParam(toBuffer(dhparam));
  } catch (err) {
    if (!err.bits) return; // not DH parameters at all
    if (err.bits >= 1024) throw err;
    bits = err.bits;
  }
  if (bits < 1024) {
    throw makeError(TypeError, 'ERR_INVALID_ARG_VALUE', 'DH parameter is less than 1024 bits');
  }
  if (bits < 2048) process.emitWarning('DH parameter is less than 2048 bits', 'SecurityWarning');
}

function applyOptions(context, plan) {
  if (plan.sigalgs !== null) context.setSigalgs(plan.sigalgs);
  if (plan.dhparam !== null) setDHParam(context, plan.dhparam);
  for (const crl of plan.crls) {
    try {
      context.addCRL(toBuffer(crl));
    } catch (err) {
      throw ERR_CRYPTO_OPERATION_FAILED('Failed to parse CRL', err);
    }
  }
  for (const { buf, passphrase } of plan.pfx) context.loadPKCS12(buf, passphrase);
}

// tls.connect()'s minDHSize: a server whose DHE key is smaller ends the
// connection before anything else is checked, as in Node.
function checkDHSize(socket, minDHSize) {
  const info = socket.getEphemeralKeyInfo();
  if (info && info.type === 'DH' && info.size < minDHSize) {
    socket.destroy(ERR_TLS_DH_PARAM_SIZE(info.size, minDHSize));
    return false;
  }
  return true;
}

module.exports = {
  checkOptions,
  applyOptions,
  checkDHSize,
};
