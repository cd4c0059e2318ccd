'use strict';
// `make serve`: a TLS echo server on 127.0.0.1:8443 (HOST/PORT to change),
// with a self-signed certificate for "localhost" made on first use and kept
// in build/serve/ so restarts present the same one.

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const tls = require('../lib/tls');

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8443);
const dir = path.join(__dirname, '..', 'build', 'serve');
const keyFile = path.join(dir, 'key.pem');
const certFile = path.join(dir, 'cert.pem');

function ensureCertificate() {
  if (fs.existsSync(keyFile) && fs.existsSync(certFile)) return;
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-days', '825', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.chmodSync(keyFile, 0o600);
  console.log(`made a self-signed certificate in ${path.relative(process.cwd(), dir)}/`);
}

ensureCertificate();

const server = tls.createServer({
  key: fs.readFileSync(keyFile),
  cert: fs.readFileSync(certFile),
}, (socket) => {
  const who = `${socket.remoteAddress}:${socket.remotePort}`;
  console.log(`${who} connected: ${socket.getProtocol()} ${socket.getCipher().name}`);
  socket.on('error', (err) => console.log(`${who} error: ${err.code || ''} ${err.message}`));
  socket.on('close', () => console.log(`${who} closed`));
  socket.pipe(socket);
});

server.on('tlsClientError', (err, socket) => {
  const who = socket && socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : 'client';
  console.log(`${who} failed the handshake: ${err.code || ''} ${err.message}`);
});

server.listen(port, host, () => {
  const a = server.address();
  console.log(`securepair TLS echo server on ${a.address}:${a.port}`);
  console.log(`try: openssl s_client -connect ${a.address}:${a.port} -servername localhost -CAfile ${path.relative(process.cwd(), certFile)}`);
});

function stop() {
  server.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
