'use strict';
// Which TLS implementation a benchmark process uses: --impl=securepair|builtin.
const path = require('path');

function pick(argv) {
  const arg = argv.find((a) => a.startsWith('--impl='));
  const impl = arg ? arg.slice(7) : 'securepair';
  if (impl === 'builtin') return { impl, tls: require('tls') };
  if (impl === 'securepair') return { impl, tls: require(path.join(__dirname, '..', 'lib', 'tls')) };
  throw new Error(`unknown --impl=${impl} (securepair or builtin)`);
}

function option(argv, name, fallback) {
  const arg = argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
}

module.exports = { pick, option };
