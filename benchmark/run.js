'use strict';
// `make bench`: every figure for securepair and Node's built-in tls in the
// same run, alternating the two, several rounds each; prints the median of
// both and the ratio securepair/builtin. `--quick` keeps it under a minute.
const { execFileSync } = require('child_process');
const path = require('path');

const quick = process.argv.includes('--quick');
const rounds = quick ? 1 : 3;
const seconds = quick ? 2 : 4;

const figures = [
  ['bulk.js', ['--cipher=TLS_AES_128_GCM_SHA256', '--size=65536'], 'bulk AES-128-GCM 64 KiB writes'],
  ['bulk.js', ['--cipher=TLS_AES_128_GCM_SHA256', '--size=16384'], 'bulk AES-128-GCM 16 KiB writes'],
  ['bulk.js', ['--cipher=TLS_CHACHA20_POLY1305_SHA256', '--size=65536'], 'bulk ChaCha20 64 KiB writes'],
  ['bulk.js', ['--cipher=TLS_AES_128_GCM_SHA256', '--size=1024'], 'bulk AES-128-GCM 1 KiB writes'],
  ['handshake.js', ['--key=ecdsa'], 'handshakes ECDSA P-256, 16 at a time'],
  ['handshake.js', ['--key=rsa'], 'handshakes RSA-2048, 16 at a time'],
];

function measure(script, args, impl) {
  const out = execFileSync(process.execPath, [path.join(__dirname, script), `--impl=${impl}`,
                                              `--seconds=${seconds}`, ...args],
                           { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop());
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function opensslCeiling(cipher) {
  try {
    const out = execFileSync('openssl', ['speed', '-seconds', '1', '-bytes', '16384', '-evp', cipher],
                             { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const line = out.trim().split('\n').pop();
    const kbs = parseFloat(line.split(/\s+/).pop());
    return `${(kbs / 1000).toFixed(0)} MB/s`;
  } catch {
    return 'n/a';
  }
}

console.log(`securepair vs Node ${process.version} built-in tls: ${rounds} round(s), ${seconds}s each\n`);
console.log(`${'figure'.padEnd(42)} ${'securepair'.padStart(12)} ${'builtin'.padStart(12)}  ratio`);
for (const [script, args, name] of figures) {
  const sp = [];
  const builtin = [];
  let unit = '';
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first so drift on a shared machine is shared.
    const order = r % 2 === 0 ? ['securepair', 'builtin'] : ['builtin', 'securepair'];
    for (const impl of order) {
      const result = measure(script, args, impl);
      unit = result.unit;
      (impl === 'securepair' ? sp : builtin).push(result.value);
    }
  }
  const a = median(sp);
  const b = median(builtin);
  console.log(`${name.padEnd(42)} ${a.toFixed(1).padStart(12)} ${b.toFixed(1).padStart(12)}  ${(a / b).toFixed(2)}x  ${unit}`);
}
console.log(`\nopenssl speed ceiling, one core, 16 KiB blocks: aes-128-gcm ${opensslCeiling('aes-128-gcm')}, ` +
            `chacha20-poly1305 ${opensslCeiling('chacha20-poly1305')}`);
