#!/bin/sh
# Node for `make test-asan`: the sanitizer runtime preloaded (Node itself is
# not instrumented, so the runtime must come first), leak checks off (V8
# keeps memory until exit by design), and tools/asan-preload.js swapping
# the addon for build/asan/securepair.node. Children the tests spawn
# (node, openssl, gnutls-cli) inherit all of it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runtime=${SP_ASAN_RUNTIME:-$(${SAN_CC:-clang} -print-file-name=libclang_rt.asan-x86_64.so)}
if [ ! -f "$runtime" ]; then
  echo "asan-node: no sanitizer runtime at $runtime (apt-get install libclang-rt-14-dev)" >&2
  exit 1
fi
LD_PRELOAD="$runtime${LD_PRELOAD:+ $LD_PRELOAD}"
ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:quarantine_size_mb=64:${SP_ASAN_OPTIONS:-}"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
NODE_OPTIONS="--require $here/asan-preload.js${NODE_OPTIONS:+ $NODE_OPTIONS}"
export LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS NODE_OPTIONS
exec "${SP_NODE:-node}" "$@"
