'use strict';
// A script written for require('tls') runs unchanged on securepair: the
// same script is run once with Node's tls and once with securepair
// (swapped through an environment variable) and must print the same.
const common = require('../common');
const assert = require('assert');
const { spawnSync } = require('child_process');

// The script, as a user would write it against Node's tls. Output from the
// client and the server is collected per stage and printed in a fixed
// order, so that scheduling differences cannot show.
function script() {
  const tls = require(process.env.TLS_MODULE);
  const fs = require('fs');
  const net = require('net');
  const path = require('path');
  const read = (name) => fs.readFileSync(path.join(process.env.FIXTURES, name));

  const lines = { server: [], client: [] };
  const say = (who, ...words) => lines[who].push(`${who}: ${words.join(' ')}`);
  function flush(stage) {
    console.log(`== ${stage}`);
    for (const line of lines.server.concat(lines.client)) console.log(line);
    lines.server = [];
    lines.client = [];
  }
  function describe(cert) {
    const chain = [];
    for (let c = cert; c && chain.length < 5; c = c.issuerCertificate === c ? null : c.issuerCertificate) {
      chain.push(c.subject.CN);
    }
    return [
      `subject=${JSON.stringify(cert.subject)}`,
      `issuer=${cert.issuer.CN}`,
      `san=${cert.subjectaltname}`,
      `valid=${cert.valid_from}..${cert.valid_to}`,
      `serial=${cert.serialNumber}`,
      `sha256=${cert.fingerprint256}`,
      `raw=${cert.raw.length}`,
      `bits=${cert.bits}`,
      `chain=${chain.join(' < ')}`,
      `infoAccess=${JSON.stringify(cert.infoAccess)}`,
      `eku=${cert.ext_key_usage}`,
    ].join('\n  ');
  }

  function echoStage(next) {
    const server = tls.createServer({
      key: read('server-chain-key.pem'),
      cert: read('server-chain-fullchain.pem'),
      ca: read('ca1-cert.pem'),
      requestCert: true,
      rejectUnauthorized: false,
    }, (socket) => {
      say('server', 'secureConnection authorized', socket.authorized,
          socket.authorizationError);
      say('server', 'peer', socket.getPeerCertificate().subject.CN);
      say('server', 'protocol', socket.getProtocol(), socket.getCipher().name);
      socket.setEncoding('utf8');
      socket.on('data', (text) => socket.write(text.toUpperCase()));
      socket.on('end', () => socket.end());
    });
    server.listen(0, () => {
      const client = tls.connect({
        port: server.address().port,
        host: 'localhost',
        ca: [read('ca1-cert.pem')],
        key: read('client2-key.pem'),
        cert: read('client2-cert.pem'),
        maxVersion: 'TLSv1.2',
      }, () => {
        say('client', 'secureConnect authorized', client.authorized, client.authorizationError);
        say('client', 'cert', describe(client.getPeerCertificate(true)));
        say('client', 'cipher', JSON.stringify(client.getCipher()));
        say('client', 'protocol', client.getProtocol());
        say('client', 'encrypted', client.encrypted, 'reused', client.isSessionReused());
        client.write('hello, ');
        client.end('world');
      });
      let reply = '';
      client.setEncoding('utf8');
      client.on('data', (text) => { reply += text; });
      client.on('end', () => say('client', 'reply', reply));
      client.on('close', (hadError) => {
        say('client', 'close', hadError);
        server.close(() => {
          flush('echo');
          next();
        });
      });
    });
  }

  function rejectStage(next) {
    const server = tls.createServer({
      key: read('expired-key.pem'),
      cert: read('expired-cert.pem'),
    }, (socket) => socket.resume());
    server.listen(0, () => {
      const client = tls.connect(server.address().port, 'localhost',
                                 { ca: read('ca1-cert.pem') }, () => say('client', 'BAD'));
      client.on('error', (err) => {
        say('client', 'error', err.code, err.message);
        say('client', 'authorized', client.authorized, client.authorizationError);
      });
      client.on('close', () => server.close(() => {
        flush('reject');
        next();
      }));
    });
  }

  function identityStage(next) {
    const cert = { subject: { CN: 'a.example.com' }, subjectaltname: 'DNS:*.example.com, IP Address:10.0.0.1' };
    for (const host of ['b.example.com', 'a.b.example.com', 'example.com', '10.0.0.1', '10.0.0.2']) {
      const err = tls.checkServerIdentity(host, cert);
      say('client', host, err ? `${err.code} ${err.reason}` : 'ok');
    }
    flush('identity');
    next();
  }

  function pairStage(next) {
    const server = net.createServer((raw) => {
      const pair = tls.createSecurePair(tls.createSecureContext({
        key: read('server-rsa-key.pem'),
        cert: read('server-rsa-cert.pem'),
      }), true, false, false);
      raw.pipe(pair.encrypted).pipe(raw);
      pair.on('secure', () => say('server', 'pair secure'));
      pair.cleartext.setEncoding('utf8');
      let text = '';
      pair.cleartext.on('data', (chunk) => { text += chunk; });
      pair.cleartext.on('end', () => {
        say('server', 'pair got', text);
        pair.cleartext.end(`[${text}]`);
      });
    });
    server.listen(0, () => {
      const client = tls.connect({ port: server.address().port, ca: read('ca1-cert.pem') }, () => {
        say('client', 'secureConnect', client.authorized, client.getPeerCertificate().subject.CN);
        client.end('through a SecurePair');
      });
      let reply = '';
      client.setEncoding('utf8');
      client.on('data', (chunk) => { reply += chunk; });
      client.on('end', () => say('client', 'reply', reply));
      client.on('close', () => server.close(() => {
        flush('pair');
        next();
      }));
    });
  }

  echoStage(() => rejectStage(() => identityStage(() => pairStage(() => console.log('== done')))));
}

function run(module) {
  const child = spawnSync(process.execPath, ['-e', `(${script})()`], {
    env: { ...process.env, TLS_MODULE: module, FIXTURES: common.fixturesDir },
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.strictEqual(child.status, 0, `${module} failed:\n${child.stdout}\n${child.stderr}`);
  return child.stdout;
}

const withNode = run('tls');
const withSecurepair = run(common.tlsPath);
assert.match(withNode, /== echo\n[\s\S]*== reject\n[\s\S]*== identity\n[\s\S]*== pair\n[\s\S]*== done\n$/);
assert.match(withNode, /client: reply HELLO, WORLD/);
assert.match(withNode, /client: error CERT_HAS_EXPIRED certificate has expired/);
assert.match(withNode, /client: reply \[through a SecurePair\]/);
assert.strictEqual(withSecurepair, withNode);
