'use strict';
// Client-initiated renegotiation from `openssl s_client -tls1_2` (each "R"
// line renegotiates): a securepair server accepts it, data still flows
// after each one within tls.CLIENT_RENEG_LIMIT, and the renegotiation past
// the limit makes the server socket emit ERR_TLS_SESSION_ATTACK and close
// the connection (s_client sees it end).
const assert = require('assert');
const { tls, readFixture, requireProgram, opensslInteractive, runCases } = require('./peers');

requireProgram('openssl');

runCases([['renegotiation limit', async () => {
  tls.CLIENT_RENEG_LIMIT = 2;
  const events = [];
  let handshakes = 0;
  const server = tls.createServer({
    key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'),
  }, (socket) => {
    handshakes = 1;
    socket.on('secure', () => handshakes++); // each renegotiation
    socket.on('data', (d) => socket.write(`echo:${d}`));
    socket.on('error', (err) => events.push(err.code));
    socket.on('close', () => events.push('close'));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const peer = await opensslInteractive('s_client', [
    '-connect', `127.0.0.1:${server.address().port}`, '-tls1_2']);
  try {
    let renegotiations = 0;
    const echo = async (text) => {
      peer.send(`${text}\n`);
      await peer.waitFor(new RegExp(`echo:${text}\\n`));
    };
    const renegotiate = async () => {
      renegotiations++;
      peer.send('R\n');
      const deadline = Date.now() + 5000;
      while (handshakes !== 1 + renegotiations) {
        assert.ok(Date.now() < deadline, `renegotiation ${renegotiations} never finished`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await echo('first');
    await renegotiate();
    await echo('second');
    await renegotiate();
    await echo('third');
    assert.deepStrictEqual(events, []);
    peer.send('R\n'); // the third, over the limit
    const code = await peer.exited;
    assert.strictEqual(renegotiations, 2);
    assert.ok(code !== null, 's_client ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepStrictEqual(events, ['ERR_TLS_SESSION_ATTACK', 'close']);
    assert.strictEqual((peer.output.text.match(/RENEGOTIATING/g) || []).length, 3);
  } finally {
    peer.proc.kill();
    server.close();
  }
}]]);
