'use strict';

// The one place that loads the native addon. Everything else in lib/ gets
// the binding, and the symbols the binding's callbacks use, from here.
//
// The binding calls its callbacks, registered once per process, with `this`
// set to the Connection concerned. Each Connection carries, under kOwner,
// the JavaScript object that drives it (a TLSSocket); the callbacks forward
// to that owner through the symbol-named methods below, so the binding
// never looks anything up by name per event.

const binding = require('../build/Release/securepair.node');

const kOwner = Symbol('securepair.owner');
const kOnWrite = Symbol('securepair.onwrite');
const kOnData = Symbol('securepair.ondata');
const kOnHandshakeStart = Symbol('securepair.onhandshakestart');
const kOnHandshakeDone = Symbol('securepair.onhandshakedone');
const kOnPeerClose = Symbol('securepair.onpeerclose');
const kOnError = Symbol('securepair.onerror');
const kOnClientHello = Symbol('securepair.onclienthello');
const kOnKeylog = Symbol('securepair.onkeylog');
const kOnTrace = Symbol('securepair.ontrace');
const kOnPskServer = Symbol('securepair.onpskserver');
const kOnPskClient = Symbol('securepair.onpskclient');
const kOnNewSession = Symbol('securepair.onnewsession');

binding.setCallbacks({
  onwrite(buf) {
    const owner = this[kOwner];
    if (owner) owner[kOnWrite](buf);
  },
  ondata(buf) {
    const owner = this[kOwner];
    if (owner) owner[kOnData](buf);
  },
  onhandshakestart() {
    const owner = this[kOwner];
    if (owner) owner[kOnHandshakeStart]();
  },
  onhandshakedone() {
    const owner = this[kOwner];
    if (owner) owner[kOnHandshakeDone]();
  },
  onpeerclose() {
    const owner = this[kOwner];
    if (owner) owner[kOnPeerClose]();
  },
  onerror(err) {
    const owner = this[kOwner];
    if (owner) owner[kOnError](err);
  },
  onclienthello(info) {
    const owner = this[kOwner];
    if (owner) owner[kOnClientHello](info);
  },
  onkeylog(line) {
    const owner = this[kOwner];
    if (owner) owner[kOnKeylog](line);
  },
  ontrace(text) {
    const owner = this[kOwner];
    if (owner) owner[kOnTrace](text);
  },
  // The PSK questions return the answer to the engine (null: no key).
  onpskserver(identity, maxKeyLen) {
    const owner = this[kOwner];
    return owner ? owner[kOnPskServer](identity, maxKeyLen) : null;
  },
  onpskclient(hint, maxKeyLen, maxIdentityLen) {
    const owner = this[kOwner];
    return owner ? owner[kOnPskClient](hint, maxKeyLen, maxIdentityLen) : null;
  },
  onnewsession(sessionId, session) {
    const owner = this[kOwner];
    if (owner) owner[kOnNewSession](sessionId, session);
  },
});

// Node's built-in tls module, when this Node has one (a Node built without
// crypto has none; then the binding trusts OpenSSL's default locations).
let nodeTls;
function getNodeTls() {
  if (nodeTls === undefined) {
    try {
      nodeTls = require('tls');
    } catch {
      nodeTls = null;
    }
  }
  return nodeTls;
}

// The root store is built once, on first use, from the very list Node
// trusts, so a client verifies exactly as require('tls') would.
let rootStoreReady = false;
function prepareRootStore() {
  if (rootStoreReady) return;
  rootStoreReady = true;
  const tls = getNodeTls();
  const roots = tls && tls.rootCertificates;
  if (Array.isArray(roots) && roots.length > 0) {
    binding.setRootCertificates(Array.from(roots));
  }
}

// Make `nativeContext` trust the shared root store.
function useRootCertificates(nativeContext) {
  prepareRootStore();
  nativeContext.addRootCerts();
}

module.exports = {
  binding,
  getNodeTls,
  useRootCertificates,
  kOwner,
  kOnWrite,
  kOnData,
  kOnHandshakeStart,
  kOnHandshakeDone,
  kOnPeerClose,
  kOnError,
  kOnClientHello,
  kOnKeylog,
  kOnTrace,
  kOnPskServer,
  kOnPskClient,
  kOnNewSession,
};
