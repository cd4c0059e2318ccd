'use strict';
// server.getTicketKeys() / setTicketKeys(): 48 bytes that, given to another
// server, let it resume the first one's tickets; new keys on the first
// server make its old tickets useless. Bad keys throw at once.
const common = require('../common');
const assert = require('assert');
const tls = require(process.env.SP_TLS_MODULE === 'tls' ? 'tls' : '../../lib/tls');
const { fixtures } = common;

common.watchdog();
const options = {
  key: fixtures.read('server-rsa-key.pem'),
  cert: fixtures.read('server-rsa-cert.pem'),
};
// The servers write before they end: Node's own (these tests also run
// against it) sends its tickets only along with data.
const one = tls.createServer(options, (socket) => socket.end('x'));
const two = tls.createServer(options, (socket) => socket.end('x'));

const keys = one.getTicketKeys();
assert.ok(Buffer.isBuffer(keys) && keys.length === 48);
assert.notDeepStrictEqual(two.getTicketKeys(), keys, 'random per server');
assert.throws(() => two.setTicketKeys('x'.repeat(48)), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => two.setTicketKeys(Buffer.alloc(47)));
two.setTicketKeys(keys);
assert.deepStrictEqual(two.getTicketKeys(), keys);
assert.throws(() => tls.createServer({ ...options, ticketKeys: Buffer.alloc(47) }),
              { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => tls.createSecureContext({ ticketKeys: 'x'.repeat(48) }),
              { code: 'ERR_INVALID_ARG_TYPE' });

function connect(server, session) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      port: server.address().port,
      ca: fixtures.read('ca1-cert.pem'),
      servername: 'localhost',
      session,
    });
    let last = null;
    socket.on('session', (data) => { last = data; });
    socket.on('error', reject);
    socket.resume();
    socket.on('end', () => resolve({ reused: socket.isSessionReused(), session: last }));
  });
}

(async () => {
  await new Promise((resolve) => one.listen(0, resolve));
  await new Promise((resolve) => two.listen(0, resolve));
  const { session } = await connect(one);
  assert.strictEqual((await connect(two, session)).reused, true,
                     "the second server resumes the first one's ticket");
  one.setTicketKeys(Buffer.alloc(48, 1));
  assert.strictEqual((await connect(one, session)).reused, false,
                     'after new keys the old ticket is refused');
  one.close();
  two.close();
})().then(common.mustCall());
