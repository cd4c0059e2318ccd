#!/bin/sh
# Installs what building and testing securepair needs, from Debian's archive,
# skipping whatever is already there. Safe to run again. Needs root (or sudo).
set -eu
packages="make gcc pkg-config python3 libssl-dev openssl"
# Real peers and tools the interop tests drive.
packages="$packages gnutls-bin"
# Hardening (make fuzz, test-asan, test-valgrind, test-scan): clang with
# libFuzzer and the sanitizer runtimes, valgrind, the testssl.sh scanner.
packages="$packages clang libclang-rt-14-dev valgrind testssl.sh"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "install-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
