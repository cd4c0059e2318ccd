'use strict';
// The socket's argument checks, as the firmware's: on() knows six events
// and takes a function or null (null unregisters); connect() twice is
// "already connected"; a bad port throws; close() while connecting ends it
// with 'disconnection'.
const common = require('../common');
const assert = require('assert');
const nodemcu = require('../../lib/nodemcu');

const sk = nodemcu.createConnection();
assert.throws(() => sk.on('data', () => {}), {
  code: 'ERR_SP_NODEMCU_EVENT', message: /invalid method: "data"/,
});
assert.throws(() => sk.on('receive', 'x'), { code: 'ERR_INVALID_ARG_TYPE' });
for (const event of ['dns', 'connection', 'reconnection', 'disconnection', 'receive', 'sent']) {
  assert.strictEqual(sk.on(event, () => {}), undefined);
  assert.strictEqual(sk.on(event, null), undefined);
}
assert.throws(() => sk.connect(0, '127.0.0.1'), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => sk.connect(70000), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => nodemcu.createConnection(5), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => nodemcu.setDebug(9), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => nodemcu.setDebug('1'), { code: 'ERR_INVALID_ARG_TYPE' });

// The unregistered 'dns' callback is not called; close() during the lookup.
sk.on('dns', common.mustNotCall());
sk.on('dns', null);
sk.on('disconnection', common.mustCall((sck) => assert.strictEqual(sck, sk)));
sk.connect(9, 'localhost');
assert.throws(() => sk.connect(9, 'localhost'), {
  code: 'ERR_SP_NODEMCU_CONNECTED', message: 'already connected',
});
sk.close();
