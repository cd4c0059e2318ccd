#!/usr/bin/env python3
"""securepair's test runner.

Runs the C core tests (build/test/c/test-*), the Node tests
(test/simple/test-*.js) and the real-peer tests (test/interop/test-*.js) in
parallel, each with a timeout, prints one line per test and
`N passed, N failed` last. Exit status is non-zero if anything failed.

    tools/test.py [SUITE|PATH ...] [-j N] [--timeout S] [--valgrind] [-v]

A test passes by exiting 0. Exit code 77 means "skipped" (the automake
convention): used only when a peer program is genuinely absent, and listed.
"""
import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITES = ("c", "simple", "interop")
SKIP = 77


def discover(suite):
    if suite == "c":
        d = os.path.join(ROOT, "build", "test", "c")
        names = sorted(n for n in os.listdir(d) if n.startswith("test-")) if os.path.isdir(d) else []
        return [os.path.join(d, n) for n in names if os.access(os.path.join(d, n), os.X_OK)]
    d = os.path.join(ROOT, "test", suite)
    if not os.path.isdir(d):
        return []
    return [os.path.join(d, n) for n in sorted(os.listdir(d))
            if n.startswith("test-") and n.endswith(".js")]


def command_for(path, args):
    if path.endswith(".js"):
        return [args.node, path]
    if args.valgrind:
        return ["valgrind", "-q", "--leak-check=full",
                "--errors-for-leak-kinds=definite,indirect",
                "--error-exitcode=99", path]
    return [path]


def label(path):
    rel = os.path.relpath(path, ROOT)
    for prefix in ("build/test/", "test/"):
        if rel.startswith(prefix):
            return rel[len(prefix):]
    return rel


def run_one(path, args):
    env = dict(os.environ)
    env.setdefault("SP_FIXTURES", os.path.join(ROOT, "build", "fixtures"))
    start = time.monotonic()
    try:
        proc = subprocess.run(command_for(path, args), cwd=ROOT, env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=args.timeout)
        code, out = proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as e:
        code, out = "timeout", (e.stdout or b"") + b"\n[killed after %ds]\n" % args.timeout
    return path, code, out.decode("utf-8", "replace"), time.monotonic() - start


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("targets", nargs="*", help="suites (%s) or test files" % ", ".join(SUITES))
    p.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("JOBS", "4")))
    p.add_argument("--timeout", type=int, default=int(os.environ.get("TEST_TIMEOUT", "120")))
    p.add_argument("--valgrind", action="store_true", help="run the C tests under valgrind")
    p.add_argument("--node", default=os.environ.get("NODE", "node"))
    p.add_argument("-v", "--verbose", action="store_true", help="show output of passing tests too")
    args = p.parse_args()

    tests = []
    for t in args.targets or SUITES:
        if t in SUITES:
            tests += discover(t)
        elif os.path.exists(t):
            tests.append(os.path.abspath(t))
        else:
            print("unknown suite or file: %s" % t, file=sys.stderr)
            return 2
    if not tests:
        print("no tests found (did the build run?)")
        print("0 passed, 1 failed")
        return 1

    passed, failed, skipped = [], [], []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, t, args) for t in tests]
        for f in as_completed(futures):
            path, code, out, secs = f.result()
            name = label(path)
            if code == 0:
                passed.append(name)
                print("ok      %-60s %6.2fs" % (name, secs), flush=True)
                if args.verbose and out.strip():
                    print(indent(out))
            elif code == SKIP:
                skipped.append(name)
                reason = out.strip().splitlines()[-1] if out.strip() else ""
                print("skip    %-60s %s" % (name, reason), flush=True)
            else:
                failed.append(name)
                print("not ok  %-60s %6.2fs (exit %s)" % (name, secs, code), flush=True)
                print(indent(out[-6000:]), flush=True)

    if failed:
        print("\nfailed:\n" + "\n".join("  " + n for n in sorted(failed)))
    tail = ", %d skipped" % len(skipped) if skipped else ""
    print("%d passed, %d failed%s" % (len(passed), len(failed), tail))
    return 1 if failed else 0


def indent(text):
    return "\n".join("    | " + line for line in text.rstrip().splitlines())


if __name__ == "__main__":
    sys.exit(main())
