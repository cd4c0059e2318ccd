'use strict';
// tls.checkServerIdentity() follows RFC 6125 as Node applies it.
require('../common');
const assert = require('assert');
const tls = require('../../lib/tls');

const ok = (host, cert) => assert.strictEqual(tls.checkServerIdentity(host, cert), undefined,
                                              `${host} should match ${JSON.stringify(cert)}`);
function bad(host, cert, reason) {
  const err = tls.checkServerIdentity(host, cert);
  assert.ok(err instanceof Error, `${host} should not match ${JSON.stringify(cert)}`);
  assert.strictEqual(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  assert.strictEqual(err.host, host.replace(/\.$/, ''));
  assert.strictEqual(err.cert, cert);
  assert.strictEqual(err.message, `Hostname/IP does not match certificate's altnames: ${err.reason}`);
  if (reason) assert.strictEqual(err.reason, reason);
}

// DNS names, case and one trailing dot ignored.
ok('a.example.com', { subjectaltname: 'DNS:a.example.com' });
ok('A.Example.COM', { subjectaltname: 'DNS:a.example.com' });
ok('a.example.com.', { subjectaltname: 'DNS:a.example.com' });
ok('a.example.com', { subjectaltname: 'DNS:A.EXAMPLE.COM.' });
bad('b.example.com', { subjectaltname: 'DNS:a.example.com' },
    "Host: b.example.com. is not in the cert's altnames: DNS:a.example.com");

// Wildcards: leftmost label only, exactly one label, never *.tld.
ok('a.example.com', { subjectaltname: 'DNS:*.example.com' });
bad('example.com', { subjectaltname: 'DNS:*.example.com' });
bad('a.b.example.com', { subjectaltname: 'DNS:*.example.com' });
bad('a.example.com', { subjectaltname: 'DNS:a.*.com' });
bad('example.com', { subjectaltname: 'DNS:*.com' });
ok('www1.example.com', { subjectaltname: 'DNS:www*.example.com' });
bad('mail.example.com', { subjectaltname: 'DNS:www*.example.com' });
bad('a.example.com', { subjectaltname: 'DNS:**.example.com' });
bad('xn--bcher-kva.example.com', { subjectaltname: 'DNS:xn--*.example.com' });
bad('a.example.com', { subjectaltname: 'DNS:a..example.com' });

// The CN counts only when there is no DNS SAN.
ok('a.example.com', { subject: { CN: 'a.example.com' } });
ok('a.example.com', { subject: { CN: ['x.example.com', 'a.example.com'] } });
bad('a.example.com', { subject: { CN: 'a.example.com' }, subjectaltname: 'DNS:b.example.com' });
bad('a.example.com', { subject: { CN: 'b.example.com' } },
    "Host: a.example.com. is not cert's CN: b.example.com");
bad('a.example.com', { subject: {} }, 'Cert does not contain a DNS name');
bad('a.example.com', {}, 'Cert does not contain a DNS name');

// IP addresses: IP SANs only, in any spelling of the same address.
ok('127.0.0.1', { subjectaltname: 'DNS:localhost, IP Address:127.0.0.1' });
ok('::1', { subjectaltname: 'IP Address:0:0:0:0:0:0:0:1' });
ok('0:0:0:0:0:0:0:1', { subjectaltname: 'IP Address:::1' });
ok('2001:db8::1', { subjectaltname: 'IP Address:2001:DB8:0:0:0:0:0:1' });
bad('127.0.0.2', { subjectaltname: 'IP Address:127.0.0.1' },
    "IP: 127.0.0.2 is not in the cert's list: 127.0.0.1");
bad('127.0.0.1', { subject: { CN: '127.0.0.1' } });
bad('127.0.0.1', { subjectaltname: 'DNS:127.0.0.1' });

// Other SAN kinds are ignored; quoted (escaped) SAN entries are understood.
bad('a.example.com', { subjectaltname: 'URI:http://a.example.com/' });
ok('a.example.com', { subjectaltname: 'DNS:"a.example.com", email:"x, y@z"' });
bad('a.example.com, DNS:evil.com', { subjectaltname: 'DNS:"a.example.com, DNS:evil.com"' });
assert.throws(() => tls.checkServerIdentity('a.example.com', { subjectaltname: 'DNS:"unterminated' }),
              { code: 'ERR_TLS_CERT_ALTNAME_FORMAT', name: 'SyntaxError' });
