'use strict';
const assert = require('assert');
const {
  binding,
  fixture,
  context,
  connection,
  handshake,
} = require('../binding-harness');

// addRootCerts(): OpenSSL's default paths until setRootCertificates() is
// called, then that list; contexts keep the store they were given.
function verdict(clientCtx) {
  // Leaf + intermediate: an unknown root is UNABLE_TO_GET_ISSUER_CERT_LOCALLY.
  const server = connection(context({ key: 'server-chain-key.pem',
                                      cert: 'server-chain-fullchain.pem' }),
                            true);
  const client = connection(clientCtx, false);
  handshake(server, client);
  assert.deepStrictEqual(client.errors, []);
  const err = client.verifyError();
  return err && err.code;
}
function rootsContext() {
  const ctx = new binding.SecureContext();
  ctx.addRootCerts();
  return ctx;
}

// Our test CA is not among the system's roots.
const early = rootsContext();
assert.strictEqual(verdict(early), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');

binding.setRootCertificates([fixture('ca2-cert.pem').toString(),
                             fixture('ca1-cert.pem').toString()]);
assert.strictEqual(verdict(rootsContext()), null);
// A context made before keeps its own (system) store.
assert.strictEqual(verdict(early), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');

// A bad PEM throws and leaves the current roots in place.
assert.throws(() => binding.setRootCertificates(['junk']), { code: /^ERR_/ });
assert.throws(() => binding.setRootCertificates([42]),
              { code: 'ERR_INVALID_ARG_TYPE' });
assert.strictEqual(verdict(rootsContext()), null);

// Only ca2 now: the server's chain no longer verifies.
binding.setRootCertificates([fixture('ca2-cert.pem')]);
assert.strictEqual(verdict(rootsContext()), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');

// An empty list trusts nothing.
binding.setRootCertificates([]);
assert.strictEqual(verdict(rootsContext()), 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
