'use strict';
// Bulk throughput: one TLS connection, the client writes `--size`-byte chunks
// as fast as the connection takes them for `--seconds`; the server, in its
// own process, counts what it decrypts. Prints one JSON line: MB/s.
const fs = require('fs');
const path = require('path');
const { fork } = require('child_process');
const { pick, option } = require('./impl');

const argv = process.argv.slice(2);
const { impl, tls } = pick(argv);
const fixtures = process.env.SP_FIXTURES || path.join(__dirname, '..', 'build', 'fixtures');
const cipher = option(argv, 'cipher', 'TLS_AES_128_GCM_SHA256');
const size = Number(option(argv, 'size', 65536));
const seconds = Number(option(argv, 'seconds', 3));

if (argv.includes('--server')) {
  const server = tls.createServer({
    key: fs.readFileSync(path.join(fixtures, 'server-ecdsa-key.pem')),
    cert: fs.readFileSync(path.join(fixtures, 'server-ecdsa-cert.pem')),
    ciphers: cipher, minVersion: 'TLSv1.3',
  }, (socket) => {
    let bytes = 0;
    let start = 0;
    socket.on('data', (d) => {
      if (start === 0) start = process.hrtime.bigint();
      bytes += d.length;
    });
    process.on('message', (m) => {
      if (m !== 'report') return;
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      socket.destroy();
      server.close();
      // The IPC channel would keep both processes alive: leave once sent.
      process.send({ bytes, secs }, () => process.exit(0));
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
} else {
  const child = fork(__filename, [...argv, '--server']);
  child.once('message', ({ port }) => {
    const chunk = Buffer.alloc(size, 'x');
    const socket = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false,
                                 ciphers: cipher, minVersion: 'TLSv1.3' }, () => {
      const stopAt = Date.now() + seconds * 1000;
      const pump = () => {
        while (Date.now() < stopAt) {
          if (!socket.write(chunk)) return socket.once('drain', pump);
        }
        child.send('report');
      };
      pump();
    });
    socket.on('error', () => {});
    child.once('message', ({ bytes, secs }) => {
      console.log(JSON.stringify({ bench: 'bulk', impl, cipher, size,
                                   value: bytes / secs / 1e6, unit: 'MB/s' }));
      socket.destroy();
    });
  });
}
