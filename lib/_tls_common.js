'use strict';

// Secure contexts: option validation, defaults and the translation of
// Node-style options into calls on the binding's SecureContext.

const fs = require('fs');
const { binding, getNodeTls, useRootCertificates } = require('./_binding');
const {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_TLS_INVALID_PROTOCOL_VERSION,
  ERR_TLS_PROTOCOL_VERSION_CONFLICT,
  ERR_TLS_INVALID_PROTOCOL_METHOD,
  ERR_TLS_INVALID_CONTEXT,
} = require('./_tls_errors');
const credentials = require('./_tls_credentials');
const sessions = require('./_tls_session');

// The public module, read lazily so that a caller who changes
// tls.DEFAULT_CIPHERS or tls.DEFAULT_MIN_VERSION is heard at the next call.
function tlsDefaults() {
  return require('./tls');
}

const VERSION_NUMBERS = {
  __proto__: null,
  'TLSv1': binding.TLS1_VERSION,
  'TLSv1.1': binding.TLS1_1_VERSION,
  'TLSv1.2': binding.TLS1_2_VERSION,
  'TLSv1.3': binding.TLS1_3_VERSION,
};

function versionName(number) {
  for (const name in VERSION_NUMBERS) {
    if (VERSION_NUMBERS[name] === number) return name;
  }
  return String(number);
}

// OpenSSL method names, as Node accepts them in `secureProtocol`, and the
// version range each one stands for. 0 leaves a bound at the engine default
// (TLS 1.2 at the bottom), which keeps TLS_method as safe as no option.
const METHOD_RANGES = (() => {
  const T1 = binding.TLS1_VERSION;
  const T11 = binding.TLS1_1_VERSION;
  const T12 = binding.TLS1_2_VERSION;
  const T13 = binding.TLS1_3_VERSION;
  const ranges = { __proto__: null };
  for (const suffix of ['', '_client', '_server']) {
    ranges[`TLS${suffix}_method`] = [0, T13];
    // Node caps the historical SSLv23 names at TLS 1.2.
    ranges[`SSLv23${suffix}_method`] = [0, T12];
    ranges[`TLSv1${suffix}_method`] = [T1, T1];
    ranges[`TLSv1_1${suffix}_method`] = [T11, T11];
    ranges[`TLSv1_2${suffix}_method`] = [T12, T12];
    ranges[`TLSv1_3${suffix}_method`] = [T13, T13];
  }
  return ranges;
})();

function validateString(value, name) {
  if (typeof value !== 'string') throw ERR_INVALID_ARG_TYPE(name, 'string', value);
}

function isBytes(value) {
  return ArrayBuffer.isView(value);
}

function toBuffer(value) {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function validateKeyOrCert(value, name) {
  if (typeof value !== 'string' && !isBytes(value)) {
    throw ERR_INVALID_ARG_TYPE(name, ['string', 'Buffer', 'TypedArray', 'DataView'], value);
  }
}

function versionNumber(value, which) {
  if (typeof value !== 'string' || !(value in VERSION_NUMBERS)) {
    throw ERR_TLS_INVALID_PROTOCOL_VERSION(value, which);
  }
  return VERSION_NUMBERS[value];
}

// Works out [min, max] for the context from minVersion / maxVersion /
// secureProtocol and the module defaults.
function protocolRange(secureProtocol, minVersion, maxVersion) {
  if (secureProtocol) {
    validateString(secureProtocol, 'secureProtocol');
    if (minVersion != null) {
      throw ERR_TLS_PROTOCOL_VERSION_CONFLICT(
        `TLS protocol version ${JSON.stringify(minVersion)} conflicts with ` +
        `secureProtocol ${JSON.stringify(secureProtocol)}`);
    }
    if (maxVersion != null) {
      throw ERR_TLS_PROTOCOL_VERSION_CONFLICT(
        `TLS protocol version ${JSON.stringify(maxVersion)} conflicts with ` +
        `secureProtocol ${JSON.stringify(secureProtocol)}`);
    }
    if (/^SSLv2(_client|_server)?_method$/.test(secureProtocol)) {
      throw ERR_TLS_INVALID_PROTOCOL_METHOD('SSLv2 methods disabled');
    }
    if (/^SSLv3(_client|_server)?_method$/.test(secureProtocol)) {
      throw ERR_TLS_INVALID_PROTOCOL_METHOD('SSLv3 methods disabled');
    }
    const range = METHOD_RANGES[secureProtocol];
    if (!range) throw ERR_TLS_INVALID_PROTOCOL_METHOD(`Unknown method: ${secureProtocol}`);
    return { min: range[0], max: range[1], explicitMin: true, explicitMax: true };
  }
  const defaults = tlsDefaults();
  const min = versionNumber(minVersion == null ? defaults.DEFAULT_MIN_VERSION : minVersion,
                            'minimum');
  const max = versionNumber(maxVersion == null ? defaults.DEFAULT_MAX_VERSION : maxVersion,
                            'maximum');
  if (min > max) {
    const minText = minVersion == null ?
      `the default minimum ${JSON.stringify(versionName(min))} (tls.DEFAULT_MIN_VERSION)` :
      `minVersion ${JSON.stringify(versionName(min))}`;
    const maxText = maxVersion == null ?
      `the default maximum ${JSON.stringify(versionName(max))} (tls.DEFAULT_MAX_VERSION)` :
      `maxVersion ${JSON.stringify(versionName(max))}`;
    throw ERR_TLS_PROTOCOL_VERSION_CONFLICT(
      `TLS protocol range is empty: ${minText} is above ${maxText}`);
  }
  return { min, max, explicitMin: minVersion != null, explicitMax: maxVersion != null };
}

// Node's split: names starting with "TLS_" are TLS 1.3 suites, the rest is
// an OpenSSL cipher list for TLS 1.2 and below.
function splitCiphers(ciphers, name) {
  const parts = ciphers.split(':').filter((part) => part.length > 0);
  const suites = parts.filter((part) => part.startsWith('TLS_')).join(':');
  const list = parts.filter((part) => !part.startsWith('TLS_')).join(':');
  if (suites === '' && list === '') throw ERR_INVALID_ARG_VALUE(name, ciphers);
  return { suites, list };
}

function SecureContext(secureProtocol, secureOptions, minVersion, maxVersion) {
  if (!(this instanceof SecureContext)) {
    return new SecureContext(secureProtocol, secureOptions, minVersion, maxVersion);
  }
  const range = protocolRange(secureProtocol, minVersion, maxVersion);
  this.context = new binding.SecureContext();
  this.context.setProtocolRange(range.min, range.max);
  // Servers accept a client's renegotiation (OpenSSL 3 refuses it unless
  // told), as Node's do; the limiter in _tls_reneg.js keeps it in check.
  this.context.setOptions(binding.SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
  this[kRange] = range;
  if (secureOptions) {
    if (typeof secureOptions !== 'number' || !Number.isInteger(secureOptions)) {
      throw ERR_INVALID_ARG_TYPE('secureOptions', 'number', secureOptions);
    }
    this.context.setOptions(secureOptions);
  }
}

const kRange = Symbol('protocolRange');

function createSecureContext(options) {
  if (options == null) options = {};
  else if (typeof options !== 'object') {
    throw ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  const name = 'options';

  let secureOptions = options.secureOptions;
  if (secureOptions && !Number.isInteger(secureOptions)) {
    throw ERR_INVALID_ARG_TYPE('secureOptions', 'number', secureOptions);
  }
  if (options.honorCipherOrder) {
    secureOptions = (secureOptions || 0) | binding.SSL_OP_CIPHER_SERVER_PREFERENCE;
  }

  // Everything the caller passed is checked before anything is built.
  const defaults = tlsDefaults();
  let ciphers = options.ciphers;
  if (ciphers != null) validateString(ciphers, `${name}.ciphers`);
  ciphers = ciphers || defaults.DEFAULT_CIPHERS;
  const { suites, list } = splitCiphers(ciphers, `${name}.ciphers`);

  let ecdhCurve = options.ecdhCurve;
  if (ecdhCurve == null) ecdhCurve = defaults.DEFAULT_ECDH_CURVE;
  validateString(ecdhCurve, `${name}.ecdhCurve`);

  const passphrase = options.passphrase;
  if (passphrase != null) validateString(passphrase, `${name}.passphrase`);

  const caList = options.ca ? [].concat(options.ca) : null;
  if (caList) for (const ca of caList) validateKeyOrCert(ca, `${name}.ca`);
  const certList = options.cert ? [].concat(options.cert) : [];
  for (const cert of certList) validateKeyOrCert(cert, `${name}.cert`);

  const keys = [];
  if (options.key) {
    for (const entry of [].concat(options.key)) {
      const isObject = entry !== null && typeof entry === 'object' && !isBytes(entry);
      const pem = isObject && entry.pem !== undefined ? entry.pem : entry;
      const pass = isObject && entry.passphrase !== undefined ? entry.passphrase : passphrase;
      validateKeyOrCert(pem, `${name}.key`);
      if (pass != null) validateString(pass, `${name}.passphrase`);
      keys.push([pem, pass == null ? undefined : pass]);
    }
  }
  // pfx, crl, dhparam, sigalgs, engines; sessionIdContext, ticketKeys,
  // sessionTimeout.
  const credentialPlan = credentials.checkOptions(options, name);
  const sessionPlan = sessions.checkOptions(options, name);

  const secureContext = new SecureContext(options.secureProtocol, secureOptions,
                                          options.minVersion, options.maxVersion);
  const context = secureContext.context;
  const range = secureContext[kRange];

  // A list made only of older ciphers switches TLS 1.3 off when it was
  // optional, and one made only of TLS 1.3 suites switches older versions
  // off, as in Node. When a version is forced, the empty half just keeps
  // the engine's defaults for it.
  let { min, max } = range;
  const effMin = min || binding.TLS1_2_VERSION;
  if (suites === '' && max > binding.TLS1_2_VERSION && effMin < binding.TLS1_3_VERSION) {
    max = binding.TLS1_2_VERSION;
  }
  if (list === '' && effMin < binding.TLS1_3_VERSION && max > binding.TLS1_2_VERSION) {
    min = binding.TLS1_3_VERSION;
  }
  if (min !== range.min || max !== range.max) context.setProtocolRange(min, max);

  // Ciphers go first: an @SECLEVEL in the list changes which keys load.
  if (suites !== '') context.setCipherSuites(suites);
  if (list !== '') context.setCiphers(list);
  if (ecdhCurve !== 'auto') context.setGroups(ecdhCurve);

  if (caList) {
    for (const ca of caList) context.addCACert(toBuffer(ca));
  } else {
    useRootCertificates(context);
  }
  for (const cert of certList) context.setCert(toBuffer(cert));
  for (const [pem, pass] of keys) context.setKey(toBuffer(pem), pass);
  credentials.applyOptions(context, credentialPlan);
  sessions.applyOptions(context, sessionPlan);

  return secureContext;
}

// Accepts what Node accepts where a context is expected: a SecureContext
// from createSecureContext(), or anything carrying a native context in
// `.context` (the classic crypto.createCredentials() shape).
function isSecureContext(value) {
  return value instanceof SecureContext ||
    (value !== null && typeof value === 'object' &&
     value.context instanceof binding.SecureContext);
}

function requireSecureContext(value, name) {
  if (!isSecureContext(value)) throw ERR_TLS_INVALID_CONTEXT(name);
  return value;
}

// Certificates from the binding come shaped as Node's; Node hands out
// subject, issuer and infoAccess as objects without a prototype, so do the
// same here (it also keeps a hostile "__proto__" RDN harmless).
function toBareObject(value) {
  if (value === null || typeof value !== 'object' ||
      Object.getPrototypeOf(value) === null) {
    return value;
  }
  const bare = Object.create(null);
  for (const key of Object.keys(value)) bare[key] = value[key];
  return bare;
}

function translatePeerCertificate(cert, seen = new Set()) {
  if (!cert) return null;
  if (seen.has(cert)) return cert;
  seen.add(cert);
  if (cert.subject) cert.subject = toBareObject(cert.subject);
  if (cert.issuer) cert.issuer = toBareObject(cert.issuer);
  if (cert.infoAccess) cert.infoAccess = toBareObject(cert.infoAccess);
  if (cert.issuerCertificate && cert.issuerCertificate !== cert) {
    translatePeerCertificate(cert.issuerCertificate, seen);
  }
  return cert;
}

// ---- module-level lists --------------------------------------------------

const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

// Without Node's tls (a Node built without crypto) the binding trusts
// OpenSSL's default locations; list the same bundle file for callers.
function readSystemRootCertificates() {
  const candidates = [];
  if (process.env.SSL_CERT_FILE) candidates.push(process.env.SSL_CERT_FILE);
  candidates.push(...SYSTEM_BUNDLES);
  for (const file of candidates) {
    let text;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    const pems = text.match(
      /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (pems) return pems.map((pem) => `${pem}\n`);
  }
  return [];
}

let rootCertificates;
function getRootCertificates() {
  if (rootCertificates === undefined) {
    const tls = getNodeTls();
    if (tls && Array.isArray(tls.rootCertificates)) {
      rootCertificates = tls.rootCertificates;
    } else {
      rootCertificates = Object.freeze(readSystemRootCertificates());
    }
  }
  return rootCertificates;
}

let cipherNames;
function getCiphers() {
  if (cipherNames === undefined) {
    let names = null;
    if (typeof binding.getCiphers === 'function') {
      names = binding.getCiphers();
    } else {
      // The addon runs on the OpenSSL inside this Node, so Node's list is
      // the list of what this engine can negotiate.
      const tls = getNodeTls();
      if (tls) names = tls.getCiphers();
    }
    const unique = new Set();
    for (const cipher of names || []) unique.add(String(cipher).toLowerCase());
    cipherNames = Array.from(unique);
  }
  return cipherNames.slice();
}

module.exports = {
  SecureContext,
  createSecureContext,
  isSecureContext,
  requireSecureContext,
  translatePeerCertificate,
  getRootCertificates,
  getCiphers,
  VERSION_NUMBERS,
};
