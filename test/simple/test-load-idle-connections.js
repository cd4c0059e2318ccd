'use strict';
// 500 idle TLS connections on one server, each answering an echo
// afterwards: test/pummel/test-idle-connections.js at 1/20 of its size.
require('../pummel/short')('test-idle-connections.js');
