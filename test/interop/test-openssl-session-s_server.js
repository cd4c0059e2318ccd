'use strict';
// A securepair client resumes with `openssl s_server`: it takes the
// session from the 'session' event of its first connection and offers it
// on the second. TLS 1.3 tickets, TLS 1.2 tickets, and TLS 1.2 session ids
// (s_server -no_ticket, which keeps a session cache of its own); s_server
// counts the resumption as a session cache hit.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslServer, runCases } = require('./peers');

requireProgram('openssl');

function connect(port, session) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port, host: '127.0.0.1', servername: 'localhost', ca: readFixture('ca1-cert.pem'), session,
    });
    let last = null;
    let reused = null;
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('session', (data) => { last = data; });
    socket.on('secureConnect', () => {
      reused = socket.isSessionReused();
      assert.strictEqual(socket.authorized, true);
      socket.write('ping\n');
    });
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\n')) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ reused, session: last, reply }));
  });
}

const cases = [];
for (const [name, args] of [
  ['TLSv1.3 tickets', ['-tls1_3']],
  ['TLSv1.2 tickets', ['-tls1_2']],
  ['TLSv1.2 session ids', ['-tls1_2', '-no_ticket']],
]) {
  cases.push([name, async () => {
    const server = await opensslServer([
      '-rev', '-naccept', '2', ...args,
      '-cert', fixture('server-rsa-cert.pem'), '-key', fixture('server-rsa-key.pem'),
    ]);
    const first = await connect(server.port);
    assert.strictEqual(first.reused, false);
    assert.ok(Buffer.isBuffer(first.session), 'the client was handed a session');
    assert.strictEqual(first.reply, 'gnip\n');
    const second = await connect(server.port, first.session);
    assert.strictEqual(second.reused, true, 'resumed');
    assert.strictEqual(second.reply, 'gnip\n');
    await server.exited;
    assert.match(server.output.text, /^ +1 session cache hits$/m, "s_server counts one hit");
  }]);
}

runCases(cases);
