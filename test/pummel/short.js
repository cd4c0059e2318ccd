'use strict';
// Runs one load test of test/pummel at 1/20 of its size, for `make test`
// (test/simple/test-load-*.js); `make test-pummel` runs them whole.

const { spawnSync } = require('child_process');
const path = require('path');

module.exports = function runShort(name) {
  const r = spawnSync(process.execPath, [path.join(__dirname, name)], {
    env: { ...process.env, PUMMEL_SCALE: '0.05' },
    stdio: 'inherit',
  });
  process.exitCode = r.status === null ? 1 : r.status;
};
