'use strict';
// Sessions across Node's built-in tls and securepair, in the same process:
// a Node server and a securepair server that share ticketKeys (and the
// default session id context, a hash of the command line in both) resume
// each other's tickets, and a session Node's client saved resumes with a
// securepair client and the other way round: both hand out OpenSSL's DER.
const assert = require('assert');
const nodeTls = require('tls');
const sp = require('../../lib/tls');
const { readFixture, runCases } = require('./peers');

const ticketKeys = Buffer.from('0123456789abcdef'.repeat(3));
const serverOptions = {
  key: readFixture('server-rsa-key.pem'), cert: readFixture('server-rsa-cert.pem'), ticketKeys,
};

function listen(module) {
  const server = module.createServer(serverOptions, (socket) => socket.end('x'));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function connect(module, server, session, maxVersion) {
  return new Promise((resolve, reject) => {
    const socket = module.connect({
      port: server.address().port, host: '127.0.0.1', servername: 'localhost',
      ca: readFixture('ca1-cert.pem'), session, maxVersion,
    });
    let last = null;
    socket.on('session', (data) => { last = data; });
    socket.on('error', reject);
    socket.resume();
    socket.on('end', () => resolve({ reused: socket.isSessionReused(), session: last }));
  });
}

const cases = [];
for (const maxVersion of ['TLSv1.3', 'TLSv1.2']) {
  cases.push([`${maxVersion}: shared ticket keys, both directions`, async () => {
    const node = await listen(nodeTls);
    const ours = await listen(sp);
    assert.strictEqual(ours.sessionIdContext, node.sessionIdContext);
    const fromNode = await connect(sp, node, undefined, maxVersion);
    assert.strictEqual((await connect(sp, ours, fromNode.session, maxVersion)).reused, true,
                       "securepair's server resumes a ticket of Node's");
    const fromOurs = await connect(nodeTls, ours, undefined, maxVersion);
    assert.strictEqual((await connect(nodeTls, node, fromOurs.session, maxVersion)).reused, true,
                       "Node's server resumes a ticket of securepair's");
    node.close();
    ours.close();
  }]);
  cases.push([`${maxVersion}: sessions move between the two clients`, async () => {
    const ours = await listen(sp);
    const saved = await connect(nodeTls, ours, undefined, maxVersion);
    assert.strictEqual((await connect(sp, ours, saved.session, maxVersion)).reused, true,
                       "securepair's client resumes with Node's session");
    const back = await connect(sp, ours, undefined, maxVersion);
    assert.strictEqual((await connect(nodeTls, ours, back.session, maxVersion)).reused, true,
                       "Node's client resumes with securepair's session");
    ours.close();
  }]);
}

runCases(cases);
