#!/bin/sh
# `make fuzz`: run each libFuzzer harness for SECONDS, starting from seeds it
# records itself (real handshakes in memory, the fixtures) in
# build/fuzz/corpus/NAME, plus the inputs kept in test/fuzz/regressions/NAME.
# New inputs are added to the corpus; a crash is written to
# build/fuzz/artifacts/ and makes the run fail once every harness has had
# its turn. Copy a crash into test/fuzz/regressions/NAME/ once it is fixed:
# build/test/c/test-fuzz-NAME replays it in every `make test` from then on.
#
#   tools/fuzz.sh SECONDS NAME...
set -u
seconds=${1:?usage: fuzz.sh SECONDS NAME...}
shift
cd "$(dirname "$0")/.."
mkdir -p build/fuzz/artifacts
failed=""
for name in "$@"; do
  bin=build/fuzz/fuzz-$name
  corpus=build/fuzz/corpus/$name
  regressions=test/fuzz/regressions/$name
  log=build/fuzz/$name.log
  SP_FUZZ_RECORD=$corpus "$bin" >/dev/null || { failed="$failed $name(record)"; continue; }
  dirs=$corpus
  [ -d "$regressions" ] && dirs="$dirs $regressions"
  # shellcheck disable=SC2086
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$bin" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 -print_pcs=0 \
    -artifact_prefix="build/fuzz/artifacts/$name-" $dirs >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, features \2, corpus \3/p')
  if [ "$status" -eq 0 ]; then
    printf 'ok      fuzz-%-10s %8s runs %6s/s  %s\n' "$name" "${runs:-?}" "${speed:-?}" "$cov"
  else
    printf 'not ok  fuzz-%-10s %8s runs (exit %s), see %s\n' "$name" "${runs:-?}" "$status" "$log"
    grep -E 'ERROR|broken promise|runtime error|Test unit written' "$log" | head -n 5 | sed 's/^/    | /'
    failed="$failed $name"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: failed:$failed"
  exit 1
fi
