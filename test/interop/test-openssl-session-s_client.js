'use strict';
// `openssl s_client` resumes sessions of a securepair server: the first
// connection saves its session (-sess_out), the second offers it
// (-sess_in) and s_client reports "Reused". TLS 1.3 and TLS 1.2 tickets
// work with no cache at all; TLS 1.2 session ids (s_client -no_ticket)
// resume through the server's external cache ('newSession' /
// 'resumeSession' over a Map), and not without it.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { tls, fixture, readFixture, requireProgram, opensslClient, runCases } = require('./peers');

requireProgram('openssl');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-session-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

function startServer(withCache) {
  const seen = [];
  const server = tls.createServer({
    key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'),
  }, (socket) => {
    seen.push(socket.isSessionReused());
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => socket.end());
  });
  if (withCache) {
    const cache = new Map();
    server.on('newSession', (id, data, done) => {
      cache.set(id.toString('hex'), data);
      done();
    });
    server.on('resumeSession', (id, callback) => callback(null, cache.get(id.toString('hex'))));
  }
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen })));
}

// Two s_client runs sharing a session file; returns both outputs.
async function twice(port, args) {
  const file = path.join(dir, `session-${args.join('')}.pem`);
  const common = ['-CAfile', fixture('ca1-cert.pem'), '-servername', 'localhost', ...args];
  const first = await opensslClient(port, [...common, '-sess_out', file], 'one\n');
  assert.strictEqual(first.code, 0, first.output.slice(-1500));
  assert.ok(fs.existsSync(file), 's_client saved the session');
  const second = await opensslClient(port, [...common, '-sess_in', file], 'two\n');
  assert.strictEqual(second.code, 0, second.output.slice(-1500));
  return [first.output, second.output];
}

const cases = [];
for (const [version, flag] of [['TLSv1.3', '-tls1_3'], ['TLSv1.2', '-tls1_2']]) {
  cases.push([`${version} tickets, no cache`, async () => {
    const { server, seen } = await startServer(false);
    const [first, second] = await twice(server.address().port, [flag]);
    server.close();
    assert.match(first, new RegExp(`New, ${version.replace('.', '\\.')}`));
    assert.match(second, new RegExp(`Reused, ${version.replace('.', '\\.')}`));
    assert.ok(second.includes('two\n'), 'the resumed connection carries data');
    assert.deepStrictEqual(seen, [false, true]);
  }]);
}

cases.push(['TLSv1.2 session ids through the external cache', async () => {
  const { server, seen } = await startServer(true);
  const [first, second] = await twice(server.address().port, ['-tls1_2', '-no_ticket']);
  server.close();
  assert.match(first, /New, TLSv1\.2/);
  assert.match(second, /Reused, TLSv1\.2/);
  assert.deepStrictEqual(seen, [false, true]);
}]);

cases.push(['TLSv1.2 session ids without a cache: a full handshake', async () => {
  const { server, seen } = await startServer(false);
  const [, second] = await twice(server.address().port, ['-tls1_2', '-no_ticket']);
  server.close();
  assert.match(second, /New, TLSv1\.2/);
  assert.deepStrictEqual(seen, [false, false]);
}]);

runCases(cases);
