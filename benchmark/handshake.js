'use strict';
// Full handshakes per second: `--concurrency` clients connect, finish a TLS
// 1.3 handshake, close and reconnect for `--seconds`; the server runs in its
// own process. Prints one JSON line: handshakes/s.
const fs = require('fs');
const path = require('path');
const { fork } = require('child_process');
const { pick, option } = require('./impl');

const argv = process.argv.slice(2);
const { impl, tls } = pick(argv);
const fixtures = process.env.SP_FIXTURES || path.join(__dirname, '..', 'build', 'fixtures');
const kind = option(argv, 'key', 'ecdsa');
const concurrency = Number(option(argv, 'concurrency', 16));
const seconds = Number(option(argv, 'seconds', 3));

if (argv.includes('--server')) {
  const server = tls.createServer({
    key: fs.readFileSync(path.join(fixtures, `server-${kind}-key.pem`)),
    cert: fs.readFileSync(path.join(fixtures, `server-${kind}-cert.pem`)),
  }, (socket) => {
    socket.on('error', () => {});
    socket.end();
  });
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', () => { server.close(); process.exit(0); });
} else {
  const child = fork(__filename, [...argv, '--server']);
  child.once('message', ({ port }) => {
    const ca = fs.readFileSync(path.join(fixtures, 'ca1-cert.pem'));
    const context = tls.createSecureContext({ ca, minVersion: 'TLSv1.3' });
    const stopAt = Date.now() + seconds * 1000;
    const start = process.hrtime.bigint();
    let done = 0;
    let running = concurrency;
    const once = () => {
      if (Date.now() >= stopAt) {
        if (--running === 0) finish();
        return;
      }
      const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost',
                                   secureContext: context }, () => {
        done++;
        socket.destroy();
        once();
      });
      socket.on('error', (err) => { console.error(err); process.exit(1); });
    };
    const finish = () => {
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      console.log(JSON.stringify({ bench: 'handshake', impl, key: kind, concurrency,
                                   value: done / secs, unit: 'handshakes/s' }));
      child.send('stop');
    };
    for (let i = 0; i < concurrency; i++) once();
  });
}
