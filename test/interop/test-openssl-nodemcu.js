'use strict';
// The NodeMCU face against `openssl s_server`: several send() calls in a
// row all reach OpenSSL in order with a 'sent' for each; what s_server
// sends (from its stdin) arrives through 'receive'; and hold() is real
// backpressure: while held, s_server can no longer take in what it is
// given to send, after unhold() everything arrives. Verification uses the
// CA stored with tls.cert.verify(pem).
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { fixture, readFixture, requireProgram, opensslServer, runCases } = require('./peers');
const nodemcu = require('../../lib/nodemcu');

requireProgram('openssl');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-nodemcu-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
nodemcu.cert.store(path.join(dir, 'tls.json'));
nodemcu.cert.verify(readFixture('ca1-cert.pem').toString());

function server() {
  return opensslServer(['-naccept', '1', '-cert', fixture('server-rsa-cert.pem'),
                        '-key', fixture('server-rsa-key.pem')]);
}

const cases = [];

cases.push(['send, sent, receive, close', async () => {
  const peer = await server();
  const parts = ['alpha\n', 'beta\n', 'gamma\n', 'delta\n'];
  const seen = await new Promise((resolve, reject) => {
    const events = [];
    const sk = nodemcu.createConnection();
    sk.on('connection', () => {
      events.push('connection');
      for (const part of parts) sk.send(part);
    });
    sk.on('sent', () => {
      events.push('sent');
      if (events.filter((e) => e === 'sent').length === parts.length) {
        peer.proc.stdin.write('from openssl\n');
      }
    });
    let text = '';
    sk.on('receive', (sck, data) => {
      text += data;
      if (text === 'from openssl\n') sk.close();
    });
    sk.on('reconnection', (sck, reason, err) => reject(err));
    sk.on('disconnection', () => resolve({ events, text }));
    sk.connect(peer.port, 'localhost');
  });
  assert.deepStrictEqual(seen.events, ['connection', 'sent', 'sent', 'sent', 'sent']);
  await peer.exited;
  assert.ok(peer.output.text.includes(parts.join('')), peer.output.text);
}]);

cases.push(['hold() stops the peer, unhold() lets everything through', async () => {
  const peer = await server();
  const TOTAL = 8 * 1024 * 1024;
  const block = Buffer.alloc(64 * 1024, 'z');
  const result = await new Promise((resolve, reject) => {
    const sk = nodemcu.createConnection({ encoding: null });
    let received = 0;
    let held = false;
    let whileHeld = 0;
    sk.on('connection', () => {
      sk.hold();
      held = true;
      for (let sent = 0; sent < TOTAL; sent += block.length) peer.proc.stdin.write(block);
      setTimeout(() => {
        const stuck = peer.proc.stdin.writableLength;
        held = false;
        sk.unhold();
        resolve.stuck = stuck;
        resolve.whileHeld = whileHeld;
      }, 700);
    });
    sk.on('receive', (sck, data) => {
      if (held) whileHeld += data.length;
      received += data.length;
      if (received === TOTAL) sk.close();
    });
    sk.on('reconnection', (sck, reason, err) => reject(err));
    sk.on('disconnection', () => resolve({ received, stuck: resolve.stuck,
                                           whileHeld: resolve.whileHeld }));
    sk.connect(peer.port, 'localhost');
  });
  assert.strictEqual(result.received, TOTAL);
  assert.ok(result.stuck > TOTAL / 2,
            `s_server could not take its input while held (${result.stuck} bytes waited)`);
  assert.strictEqual(result.whileHeld, 0, 'nothing is received while held');
  await peer.exited;
}]);

runCases(cases);
