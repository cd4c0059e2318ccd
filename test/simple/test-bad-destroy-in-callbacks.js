'use strict';
// destroy() called from inside each event handler and callback a user can
// give, on either side, at every stage (those with files of their own,
// test-tls-destroy-in-*.js, are left out): nothing throws, the destroyed
// socket emits 'close' once and no 'error', the peer ends with at most an
// error that has a code, and the server goes on serving the next client.
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;
const { expectServed, serverOptions, SERVED } = require('../hostile');

const { SSL_OP_NO_TICKET } = require('crypto').constants;
const PSK = Buffer.from('d731ef57be09e5204f0b205b4a7c0b8a', 'hex');

// Each case installs the destroying handler:
// hook(serverHooks, clientOptions, destroyIn, ends), where destroyIn(socket)
// destroys and records, and `ends` holds the client and the server's
// socket as soon as they exist.
const cases = {
  'client connect': (server, options, destroyIn) => {
    options.onClient = (client) => client.on('connect', () => destroyIn(client));
  },
  'client lookup': (server, options, destroyIn) => {
    options.host = 'localhost';
    options.onClient = (client) => client.on('lookup', () => destroyIn(client));
  },
  'client keylog': (server, options, destroyIn) => {
    options.onClient = (client) => client.once('keylog', () => destroyIn(client));
  },
  'client session': (server, options, destroyIn) => {
    options.onClient = (client) => client.once('session', () => destroyIn(client));
  },
  'client checkServerIdentity': (server, options, destroyIn, ends) => {
    options.checkServerIdentity = () => {
      destroyIn(ends.client);
      return undefined;
    };
  },
  'client timeout': (server, options, destroyIn) => {
    options.onClient = (client) => {
      client.setTimeout(50);
      client.on('timeout', () => destroyIn(client));
    };
  },
  'client finish': (server, options, destroyIn) => {
    options.onSecure = (client) => {
      client.on('finish', () => destroyIn(client));
      client.end('bye');
    };
  },
  'client pskCallback': (server, options, destroyIn, ends) => {
    server.pskCallback = () => PSK;
    options.pskCallback = () => {
      destroyIn(ends.client);
      return { psk: PSK, identity: 'device' };
    };
    options.ciphers = 'PSK-AES128-GCM-SHA256';
    options.maxVersion = 'TLSv1.2';
    options.psk = true;
  },
  'server secureConnection': (server, options, destroyIn) => {
    server.onSecure = (socket) => destroyIn(socket);
  },
  'server keylog': (server, options, destroyIn) => {
    server.onServer = (s) => s.once('keylog', (line, socket) => destroyIn(socket));
  },
  'server newSession': (server, options, destroyIn, ends) => {
    options.maxVersion = 'TLSv1.2';
    server.secureOptions = SSL_OP_NO_TICKET; // sessions by id: 'newSession'
    server.onServer = (s) => s.once('newSession', (id, data, done) => {
      destroyIn(ends.server);
      done();
    });
  },
  'server socket data': (server, options, destroyIn) => {
    server.onSecure = (socket) => socket.on('data', () => destroyIn(socket));
    options.onSecure = (client) => client.write('hello');
  },
  'server socket end': (server, options, destroyIn) => {
    server.onSecure = (socket) => {
      socket.resume();
      socket.on('end', () => destroyIn(socket));
    };
    options.onSecure = (client) => client.end();
  },
  'server pskCallback': (server, options, destroyIn) => {
    server.pskCallback = (socket) => {
      destroyIn(socket);
      return PSK;
    };
    options.pskCallback = () => ({ psk: PSK, identity: 'device' });
    options.ciphers = 'PSK-AES128-GCM-SHA256';
    options.maxVersion = 'TLSv1.2';
    options.psk = true;
  },
};

function runCase(name, hook) {
  return new Promise((resolve) => {
    const destroyed = [];
    const destroyIn = common.mustCall((socket) => {
      assert.ok(socket instanceof tls.TLSSocket, name);
      socket.on('error', common.mustNotCall(`${name}: 'error' after destroy()`));
      socket.on('close', common.mustCall());
      destroyed.push(socket);
      socket.destroy();
      assert.strictEqual(socket.destroyed, true, name);
      socket.destroy(); // twice is harmless
    });
    const serverHooks = {};
    const clientOptions = { ca: fixtures.read('ca1-cert.pem'), servername: 'localhost' };
    const ends = { client: null, server: null };
    hook(serverHooks, clientOptions, destroyIn, ends);

    const extra = {};
    if (serverHooks.secureOptions) extra.secureOptions = serverHooks.secureOptions;
    if (serverHooks.pskCallback) {
      extra.pskCallback = serverHooks.pskCallback;
      extra.ciphers = `${clientOptions.ciphers}:ECDHE-RSA-AES128-GCM-SHA256`;
    }
    let caseOver = false;
    const server = tls.createServer(serverOptions(extra), (socket) => {
      socket.on('error', () => {});
      if (caseOver) {
        socket.end(SERVED);
        return;
      }
      ends.server = socket;
      socket.resume(); // so it sees the client's end, and closes
      if (serverHooks.onSecure) serverHooks.onSecure(socket);
    });
    // The first event that hands out the server's socket during the
    // handshake is 'keylog' (listening costs nothing but the lines).
    server.prependListener('keylog', (line, socket) => { ends.server = ends.server || socket; });
    if (serverHooks.onServer) serverHooks.onServer(server);
    server.on('tlsClientError', (err) => assert.strictEqual(typeof err.code, 'string', name));

    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const { onClient, onSecure, psk, ...rest } = clientOptions;
      const options = { port, host: '127.0.0.1', ...rest };
      if (psk) delete options.ca;
      const client = tls.connect(options, () => {
        if (onSecure) onSecure(client);
      });
      ends.client = client;
      client.on('error', (err) => {
        if (!destroyed.includes(client)) assert.strictEqual(typeof err.code, 'string', name);
      });
      client.on('data', () => {});
      if (onClient) onClient(client);
      client.on('close', () => {
        // Give the server's side its turn, then prove it still serves.
        setImmediate(async () => {
          assert.strictEqual(destroyed.length, 1, `${name}: destroyed once`);
          caseOver = true;
          await expectServed(port);
          server.close(resolve);
        });
      });
    });
  });
}

(async () => {
  for (const [name, hook] of Object.entries(cases)) {
    console.log(`# ${name}`);
    await runCase(name, hook);
  }
})().then(common.mustCall());
