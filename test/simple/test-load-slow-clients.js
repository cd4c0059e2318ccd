'use strict';
// 50 connections that never finish their ClientHello are cut by
// handshakeTimeout while honest clients are served:
// test/pummel/test-slow-clients.js at 1/20 of its size.
require('../pummel/short')('test-slow-clients.js');
