'use strict';

// The ClientHello pause, seen from lib.
//
// A server socket can stop right after the client's hello has arrived,
// before the engine acts on it, and run asynchronous steps first: pick a
// context by server name (SNICallback, addContext), ask the application
// for an ALPN protocol (ALPNCallback), look a session up (resumeSession),
// ... Each step is a function (socket, hello, next): `hello` is what the
// client asked for ({ servername, sessionId, alpnProtocols, tlsTicket }),
// and next(err) ends the step; an error ends the connection with it (the
// server reports it as 'tlsClientError'). Steps run one after another, in
// order, then the handshake goes on with the bytes already received.
//
// A socket pauses only when at least one step wants it: a step may carry a
// wanted(socket) predicate, checked when the connection is made; without
// one it always runs. Steps come from two places: the built-in ones
// registered here by the files that implement them (SNI, ALPN), and steps
// a server adds with addHelloStep(server, step) (sessions).

const kHelloSteps = Symbol('helloSteps');

const builtinSteps = [];

function byOrder(a, b) {
  return a.order - b.order;
}

function makeEntry(run, options) {
  if (typeof run !== 'function') throw new TypeError('a hello step is a function');
  const { order = 50, wanted = null, name = run.name || 'step' } = options || {};
  return { run, order, wanted, name };
}

// For lib's own features: a step every server socket may run.
function addBuiltinHelloStep(run, options) {
  builtinSteps.push(makeEntry(run, options));
  builtinSteps.sort(byOrder);
}

// For a server's own steps. `order` places it among the others (lower runs
// first; SNI is 20 and the ALPN callback 30, so a session lookup at 10 runs
// first, as Node's resumeSession does).
function addHelloStep(server, run, options) {
  if (!server[kHelloSteps]) server[kHelloSteps] = [];
  const steps = server[kHelloSteps];
  steps.push(makeEntry(run, options));
  steps.sort(byOrder);
}

// The steps this new socket will run (empty: no pause at all).
function helloStepsFor(socket, server) {
  const own = server && server[kHelloSteps];
  const all = own && own.length > 0 ? [...builtinSteps, ...own].sort(byOrder) : builtinSteps;
  return all.filter((step) => step.wanted === null || step.wanted(socket));
}

// Run `steps` in order; done(err) once, after the last or the first error.
// A socket destroyed meanwhile stops the chain silently. A step that
// throws, or calls next twice, is an error of that connection.
function runHelloSteps(socket, steps, hello, done) {
  let index = 0;
  let finished = false;
  const finish = (err) => {
    if (finished) return;
    finished = true;
    done(err);
  };
  const runNext = () => {
    if (finished || socket.destroyed) return;
    if (index >= steps.length) {
      finish(null);
      return;
    }
    const step = steps[index++];
    let called = false;
    const next = (err) => {
      if (called) {
        // Even after the chain went on: the connection ends, as in Node.
        const { ERR_MULTIPLE_CALLBACK } = require('./_tls_errors');
        if (!finished) finish(ERR_MULTIPLE_CALLBACK());
        else if (!socket.destroyed) socket.destroy(ERR_MULTIPLE_CALLBACK());
        return;
      }
      called = true;
      if (err) finish(err);
      else runNext();
    };
    try {
      step.run(socket, hello, next);
    } catch (err) {
      finish(err);
    }
  };
  runNext();
}

module.exports = {
  addHelloStep,
  addBuiltinHelloStep,
  helloStepsFor,
  runHelloSteps,
};
