'use strict';

// SNI on the server: the ClientHello step that picks the context for a
// connection from the server name the client asked for.
//
// SNICallback(servername, callback) answers callback(err, secureContext);
// the classic synchronous form SNICallback(servername) returns the context
// instead (see isClassicAnswer()). No context (undefined/null) keeps the server's own; an error, a
// callback that throws or a value that is no context ends the connection
// (the server reports it as 'tlsClientError'). The callback runs with
// `this` set to the TLSSocket, as in Node, and only when the client sent a
// name. server.addContext() works through the default callback below.

const { addBuiltinHelloStep } = require('./_tls_hello');
const common = require('./_tls_common');
const { ERR_INVALID_ARG_TYPE } = require('./_tls_errors');

// The default: the contexts registered with server.addContext().
function SNICallback(servername, callback) {
  const server = this.server;
  callback(null, server && typeof server._selectContext === 'function' ?
    server._selectContext(servername) : undefined);
}

// The callback a new server socket uses, or null when there is nothing to
// choose from (no pause is needed then).
function callbackFor(options) {
  const callback = options.SNICallback;
  if (callback == null) return null;
  if (typeof callback !== 'function') {
    throw ERR_INVALID_ARG_TYPE('options.SNICallback', 'function', callback);
  }
  if (callback === SNICallback) {
    const server = options.server;
    if (!server || !Array.isArray(server._contexts) || server._contexts.length === 0) {
      return null;
    }
  }
  return callback;
}

function kConn() {
  return require('./_tls_wrap').kConn;
}

function selectContextStep(socket, hello, next) {
  const servername = hello.servername;
  const callback = socket._SNICallback;
  if (!servername || typeof callback !== 'function') {
    next();
    return;
  }
  let answered = false;
  const answer = (err, context) => {
    answered = true;
    if (err) {
      next(err);
      return;
    }
    if (context != null && !socket.destroyed) {
      // A SecureContext, or anything holding a native one (classic
      // credentials objects).
      const secureContext = common.requireSecureContext(context, 'context');
      socket[kConn()].setSecureContext(secureContext.context);
    }
    next();
  };
  const guarded = (err, context) => {
    try {
      answer(err, context);
    } catch (thrown) {
      next(thrown);
    }
  };
  const result = callback.call(socket, servername, guarded);
  if (!answered && isClassicAnswer(callback, result)) guarded(null, result);
}

// The classic form answers by returning: a function declared with the name
// alone always does (nothing returned: the server's own context); any
// other callback that returns a SecureContext without having called back
// does too. Other return values (a timer, a promise) are not answers.
function isClassicAnswer(callback, result) {
  if (callback.length === 1) return true;
  return result != null && common.isSecureContext(result);
}

addBuiltinHelloStep(selectContextStep, {
  order: 20,
  name: 'SNI',
  wanted: (socket) => typeof socket._SNICallback === 'function',
});

module.exports = { SNICallback, callbackFor };
