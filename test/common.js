'use strict';

// Small helpers for test/simple, in the manner of Node core's test/common:
// call-count checks verified at exit, and the generated certificates.

const assert = require('assert');
const fs = require('fs');
const path = require('path');

const fixturesDir = path.join(__dirname, '..', 'build', 'fixtures');

const fixtures = {
  dir: fixturesDir,
  path(...names) {
    return path.join(fixturesDir, ...names);
  },
  // The file as a Buffer (what a real program passes as key/cert/ca).
  read(name) {
    const file = path.join(fixturesDir, name);
    try {
      return fs.readFileSync(file);
    } catch (err) {
      if (err.code === 'ENOENT') {
        throw new Error(`fixture ${name} is missing: run "make fixtures" first`);
      }
      throw err;
    }
  },
  readString(name) {
    return this.read(name).toString('latin1');
  },
};

const checks = [];

function noop() {}

// The first stack frame outside this file: the test's call site.
function where() {
  const frames = new Error().stack.split('\n').slice(1);
  const outside = frames.find((frame) => !frame.includes(__filename));
  return (outside || '').trim();
}

function registerCheck(fn, expectation) {
  const context = { actual: 0, where: where(), ...expectation };
  checks.push(context);
  return function checked(...args) {
    context.actual++;
    return fn.apply(this, args);
  };
}

function mustCall(fn, exact) {
  if (typeof fn === 'number') {
    exact = fn;
    fn = noop;
  }
  return registerCheck(fn || noop, { exact: exact === undefined ? 1 : exact });
}

function mustCallAtLeast(fn, minimum) {
  if (typeof fn === 'number') {
    minimum = fn;
    fn = noop;
  }
  return registerCheck(fn || noop, { minimum: minimum === undefined ? 1 : minimum });
}

function mustNotCall(message) {
  const site = where();
  return function mustNotCall(...args) {
    const shown = args.map((a) => (a instanceof Error ? a.stack : String(a))).join(', ');
    assert.fail(`${message || 'function should not have been called'} (${site})` +
                (shown ? ` (called with ${shown})` : ''));
  };
}

// A node-style callback that must be called once, without an error.
function mustSucceed(fn, exact) {
  return mustCall(function succeeded(err, ...args) {
    assert.ifError(err);
    if (typeof fn === 'function') return fn.apply(this, args);
    return undefined;
  }, exact);
}

// For assert.throws() / error events: checks the listed properties.
function expectsError(expected, exact) {
  const check = (err) => {
    for (const key of Object.keys(expected)) {
      const want = expected[key];
      if (want instanceof RegExp && typeof err[key] === 'string') {
        assert.match(err[key], want, `error.${key}`);
      } else if (key === 'name' && typeof want === 'function') {
        assert.ok(err instanceof want, `expected an instance of ${want.name}, got ${err}`);
      } else {
        assert.deepStrictEqual(err[key], want, `error.${key}: ${err && err.stack}`);
      }
    }
    return true;
  };
  return exact === undefined ? check : mustCall(check, exact);
}

process.on('exit', (code) => {
  if (code !== 0) return;
  const failed = checks.filter((c) => (c.exact !== undefined ?
    c.actual !== c.exact : c.actual < c.minimum));
  for (const c of failed) {
    const wanted = c.exact !== undefined ? `exactly ${c.exact}` : `at least ${c.minimum}`;
    console.error(`Mismatched call count: expected ${wanted}, actual ${c.actual}\n    ${c.where}`);
  }
  if (failed.length > 0) process.exitCode = 1;
});

// Fails the test if it has not finished in `ms` (tests take a few seconds).
function watchdog(ms = 10000) {
  const timer = setTimeout(() => {
    console.error(`test did not finish within ${ms} ms`);
    process.exit(1);
  }, ms);
  timer.unref();
  return timer;
}

module.exports = {
  fixtures,
  fixturesDir,
  mustCall,
  mustCallAtLeast,
  mustNotCall,
  mustSucceed,
  expectsError,
  watchdog,
  tlsPath: path.join(__dirname, '..', 'lib', 'tls.js'),
};
