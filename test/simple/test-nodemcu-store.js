'use strict';
// The settings outlive the program, as the firmware's outlive a reboot:
// a second process with the same store starts with verification on and
// the stored CA (so verify(true) alone is enough), and presents the
// stored client pair after auth(true). The default file is under
// $XDG_CONFIG_HOME (else ~/.config)/securepair/nodemcu-tls.json; a damaged
// file is reported, not silently replaced.
const common = require('../common');
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const nodemcuPath = require.resolve('../../lib/nodemcu');

function child(code, env) {
  const r = spawnSync(process.execPath, ['-e', code], {
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60000,
  });
  assert.strictEqual(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-nodemcu-'));
try {
  const config = path.join(dir, 'config');
  const expected = path.join(config, 'securepair', 'nodemcu-tls.json');
  const ca = common.fixtures.readString('ca1-cert.pem');

  // First "boot": store a CA in the default place.
  assert.strictEqual(child(`
    const tls = require(${JSON.stringify(nodemcuPath)});
    process.stdout.write(tls.cert.store() + ' ' + tls.cert.verify(process.env.CA));`,
                           { XDG_CONFIG_HOME: config, CA: ca }), `${expected} true`);
  assert.strictEqual(fs.statSync(path.dirname(expected)).mode & 0o777, 0o700);

  // Second "boot": the CA is there.
  const seen = JSON.parse(child(`
    const tls = require(${JSON.stringify(nodemcuPath)});
    tls.cert.verify(true);
    process.stdout.write(require('fs').readFileSync(tls.cert.store(), 'utf8'));`,
                               { XDG_CONFIG_HOME: config }));
  assert.deepStrictEqual(seen.verify, { enabled: true, ca: [ca] });

  // Without XDG_CONFIG_HOME, under the home directory.
  assert.strictEqual(child(`
    const tls = require(${JSON.stringify(nodemcuPath)});
    process.stdout.write(tls.cert.store());`, { XDG_CONFIG_HOME: '', HOME: dir }),
                     path.join(dir, '.config', 'securepair', 'nodemcu-tls.json'));

  // A damaged file.
  const damaged = path.join(dir, 'damaged.json');
  fs.writeFileSync(damaged, '{ not json');
  const nodemcu = require('../../lib/nodemcu');
  nodemcu.cert.store(damaged);
  assert.throws(() => nodemcu.cert.verify(true), { code: 'ERR_SP_NODEMCU_STORE' });
  assert.throws(() => nodemcu.createConnection().connect(443, '127.0.0.1'),
                { code: 'ERR_SP_NODEMCU_STORE' });
  assert.strictEqual(fs.readFileSync(damaged, 'utf8'), '{ not json');
  assert.throws(() => nodemcu.cert.store(''), { code: 'ERR_INVALID_ARG_TYPE' });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
common.mustCall()();
