'use strict';
// 1 000 handshakes and 100 MiB through one server, every connection served
// and closed: test/pummel/test-soak.js at 1/20 of its size (too small for
// its memory bound, which only the full run checks).
require('../pummel/short')('test-soak.js');
