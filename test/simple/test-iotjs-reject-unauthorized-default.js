'use strict';
// IoT.js defaults rejectUnauthorized to false; securepair follows Node and
// defaults it to true: a server whose certificate does not verify is
// refused unless the caller says otherwise. (doc/api/tls.md, IoT.js.)
const common = require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');
const { fixtures } = common;

const server = tls.createServer({
  key: fixtures.read('selfsigned-key.pem'),
  cert: fixtures.read('selfsigned-cert.pem'),
}, (socket) => socket.end());

server.listen(0, common.mustCall(() => {
  const port = server.address().port;
  const strict = tls.connect({ port, host: 'localhost' }, common.mustNotCall());
  strict.on('error', common.mustCall((err) => {
    assert.strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    const lenient = tls.connect({ port, host: 'localhost', rejectUnauthorized: false },
                                common.mustCall(() => {
                                  assert.strictEqual(lenient.authorized, false);
                                }));
    lenient.resume();
    lenient.on('end', common.mustCall(() => server.close()));
  }));
}));
