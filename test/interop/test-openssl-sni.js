'use strict';
// SNI against `openssl s_client`: a securepair server with contexts added
// for a.test, b.test and *.wild.test (and an SNICallback server) hands
// each -servername its own certificate, which s_client verifies for that
// host name; an unknown name and no name at all get the default one. Over
// TLS 1.2 and 1.3.
const assert = require('assert');
const { tls, fixture, readFixture, requireProgram, opensslEcho, runCases } = require('./peers');

requireProgram('openssl');

const creds = (name) => ({ key: readFixture(`${name}-key.pem`), cert: readFixture(`${name}-cert.pem`) });

function listen(server) {
  const seen = [];
  server.on('secureConnection', (socket) => {
    seen.push(socket.servername);
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => socket.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(seen)));
}

async function ask(server, args, verifyName) {
  const verify = verifyName ?
    ['-CAfile', fixture('ca1-cert.pem'), '-verify_hostname', verifyName, '-verify_return_error'] :
    [];
  const { code, output, echoed } = await opensslEcho(server.address().port,
                                                     [...args, ...verify], 'hello\n');
  assert.strictEqual(code, 0, output.slice(-2000));
  if (verifyName) assert.match(output, /Verify return code: 0 \(ok\)/);
  assert.ok(echoed, 'data came back');
  const subject = /^subject=.*CN = ([^,\n]+)$/m.exec(output);
  assert.ok(subject, output.slice(0, 2000));
  return subject[1];
}

const cases = [];
for (const version of ['-tls1_2', '-tls1_3']) {
  cases.push([`addContext ${version}`, async () => {
    const server = tls.createServer(creds('server-rsa'));
    server.addContext('a.test', creds('sni-a'));
    server.addContext('b.test', creds('sni-b'));
    server.addContext('*.wild.test', creds('sni-wild'));
    const seen = await listen(server);
    try {
      assert.strictEqual(await ask(server, [version, '-servername', 'a.test'], 'a.test'), 'a.test');
      assert.strictEqual(await ask(server, [version, '-servername', 'b.test'], 'b.test'), 'b.test');
      assert.strictEqual(await ask(server, [version, '-servername', 'x.wild.test'], 'x.wild.test'),
                         '*.wild.test');
      assert.strictEqual(await ask(server, [version, '-servername', 'c.test']), 'localhost');
      assert.strictEqual(await ask(server, [version, '-noservername'], 'localhost'), 'localhost');
      assert.deepStrictEqual(seen, ['a.test', 'b.test', 'x.wild.test', 'c.test', false]);
    } finally {
      server.close();
    }
  }]);
}

cases.push(['SNICallback answering later', async () => {
  const contexts = { 'b.test': tls.createSecureContext(creds('sni-b')) };
  const server = tls.createServer({
    ...creds('server-rsa'),
    SNICallback: (name, cb) => setTimeout(() => cb(null, contexts[name]), 10),
  });
  await listen(server);
  try {
    assert.strictEqual(await ask(server, ['-servername', 'b.test'], 'b.test'), 'b.test');
    assert.strictEqual(await ask(server, ['-servername', 'a.test']), 'localhost');
  } finally {
    server.close();
  }
}]);

runCases(cases);
