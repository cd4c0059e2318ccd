'use strict';
// testssl.sh, a scanner independent of OpenSSL's own client tools, probes
// the protocols `make serve` offers with its defaults: TLS 1.2 and 1.3
// only; SSLv2, SSLv3, TLS 1.0 and 1.1 are refused. (The whole scan is
// test/scan/test-testssl.js, `make test-scan`: it takes minutes.)
const assert = require('assert');
const { startServe, testssl, byId } = require('../testssl');

(async () => {
  const serve = await startServe();
  try {
    const { findings, output } = await testssl(serve.port, ['--protocols']);
    const found = byId(findings);
    for (const old of ['SSLv2', 'SSLv3', 'TLS1', 'TLS1_1']) {
      assert.match(found.get(old) || '', /^not offered/, `${old}:\n${output}`);
    }
    assert.match(found.get('TLS1_2') || '', /^offered/, output);
    assert.match(found.get('TLS1_3') || '', /^offered/, output);
  } finally {
    serve.stop();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
