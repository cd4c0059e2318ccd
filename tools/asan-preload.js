'use strict';
// Preloaded (node --require) by tools/asan-node.sh for `make test-asan`:
// whoever loads the addon node-gyp builds (build/Release/securepair.node,
// as lib/_binding.js does) gets the sanitizer build instead
// (build/asan/securepair.node, or $SP_ADDON). lib/ stays as users run it.

const path = require('path');

const root = path.join(__dirname, '..');
const normal = path.join(root, 'build', 'Release', 'securepair.node');
const replacement = process.env.SP_ADDON ||
  path.join(root, 'build', 'asan', 'securepair.node');

const dlopen = process.dlopen;
process.dlopen = function dlopenSanitized(module, filename, ...rest) {
  const wanted = path.resolve(filename) === normal ? replacement : filename;
  return dlopen.call(this, module, wanted, ...rest);
};

// Programs other than Node that tests start as peers (openssl, gnutls-cli)
// are not ours to check, and some misbehave with the runtime preloaded
// (gnutls-cli deadlocks at exit): they start without it. Node children keep
// it, so they load the sanitizer build too.
const { ChildProcess } = require('child_process');

const spawn = ChildProcess.prototype.spawn;
ChildProcess.prototype.spawn = function spawnWithoutRuntime(options) {
  const file = options && options.file;
  const isNode = file === process.execPath || path.basename(String(file)) === 'node';
  if (!isNode && options && Array.isArray(options.envPairs)) {
    options.envPairs = options.envPairs.filter((pair) => !pair.startsWith('LD_PRELOAD='));
  }
  return spawn.call(this, options);
};
