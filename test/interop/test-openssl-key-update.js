'use strict';
// TLS 1.3 key updates with openssl in both directions. `s_client` typing
// "k" (update its keys) and "K" (and ask the server to update too) against
// a securepair echo server: the connection keeps working, with data before
// and after each, and the server answers "K" with a KeyUpdate of its own.
// A securepair client calling socket.keyUpdate(true)
// against `s_server`: s_server updates its keys in answer, and data still
// flows both ways afterwards.
const assert = require('assert');
const {
  tls, fixture, readFixture, requireProgram, opensslInteractive, runCases,
} = require('./peers');

requireProgram('openssl');

runCases([
  ['s_client k and K against a securepair server', async () => {
    const errors = [];
    const server = tls.createServer({
      key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'),
    }, (socket) => {
      socket.on('data', (d) => socket.write(`echo:${d}`));
      socket.on('error', (err) => errors.push(err));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const peer = await opensslInteractive('s_client', [
      '-connect', `127.0.0.1:${server.address().port}`, '-tls1_3', '-msg']);
    try {
      const echo = async (text) => {
        peer.send(`${text}\n`);
        await peer.waitFor(new RegExp(`echo:${text}\\n`));
      };
      await echo('one');
      peer.send('k\n');
      await peer.waitFor(/KEYUPDATE/);
      await echo('two');
      peer.send('K\n');
      await peer.waitFor(/KEYUPDATE[\s\S]*KEYUPDATE/);
      await echo('three');
      assert.deepStrictEqual(errors, []);
      // -msg: s_client sent two KeyUpdates; the server answered the "K" one.
      const count = (re) => (peer.output.text.match(re) || []).length;
      assert.strictEqual(count(/>>> TLS 1\.3, Handshake \[length 0005\], KeyUpdate/g), 2);
      assert.strictEqual(count(/<<< TLS 1\.3, Handshake \[length 0005\], KeyUpdate/g), 1);
    } finally {
      peer.proc.kill();
      server.close();
    }
  }],
  ['securepair keyUpdate(true) against s_server', async () => {
    const peer = await opensslInteractive('s_server', [
      '-accept', '127.0.0.1:0', '-tls1_3', '-cert', fixture('server-rsa-cert.pem'),
      '-key', fixture('server-rsa-key.pem'), '-msg']);
    try {
      const client = await new Promise((resolve, reject) => {
        const socket = tls.connect({
          port: peer.port, host: '127.0.0.1', servername: 'localhost',
          ca: readFixture('ca1-cert.pem'),
        }, () => resolve(socket));
        socket.on('error', reject);
      });
      const nextData = () => new Promise((resolve) => client.once('data', (d) => resolve(String(d))));
      client.write('before\n');
      await peer.waitFor(/before\n/);
      assert.strictEqual(client.keyUpdate(true), true);
      client.write('after\n');
      await peer.waitFor(/after\n/);
      // s_server's reply is sent under the keys it updated in answer.
      const reply = nextData();
      peer.send('reply\n');
      assert.strictEqual(await reply, 'reply\n');
      // -msg shows the KeyUpdate received and the one s_server sent back.
      assert.match(peer.output.text, /<<< TLS 1\.3, Handshake \[length 0005\], KeyUpdate/);
      assert.match(peer.output.text, />>> TLS 1\.3, Handshake \[length 0005\], KeyUpdate/);
      assert.strictEqual(client.keyUpdate(false), true);
      client.write('again\n');
      await peer.waitFor(/again\n/);
      client.end();
    } finally {
      peer.proc.kill();
    }
  }],
]);
