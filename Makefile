# securepair: `make` builds, `make test` proves, `make serve` runs the echo server.
# Build settings come from config.mk, written by ./configure (run on demand).

-include config.mk

NODE ?= node
SP_DEBUG ?= no
PYTHON ?= python3
CC ?= cc

# Our own C: C11, every warning an error.
SP_WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ifeq ($(SP_DEBUG),yes)
SP_OPT = -O0 -g
else
SP_OPT = -O2 -g
endif
SP_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DOPENSSL_API_COMPAT=30000 $(SP_WARN) $(SP_OPT) $(EXTRA_CFLAGS)

OPENSSL_CFLAGS ?= $(shell pkg-config --cflags openssl 2>/dev/null)
OPENSSL_LIBS ?= $(shell pkg-config --libs openssl 2>/dev/null || echo -lssl -lcrypto)

CORE_SRC = $(sort $(wildcard src/core/*.c))
CORE_HDR = $(wildcard src/core/*.h)
CORE_OBJ = $(patsubst src/core/%.c,build/core/%.o,$(CORE_SRC))
CORE_LIB = build/core/libsecurepair.a

CTEST_SRC = $(sort $(wildcard test/c/test-*.c))
CTEST_BIN = $(patsubst test/c/%.c,build/test/c/%,$(CTEST_SRC))
CTEST_HDR = $(wildcard test/c/*.h)

ADDON = build/Release/securepair.node
NODE_SRC = $(wildcard src/node/*.c src/node/*.h)
FIXTURES = build/fixtures/.done

# node-gyp: the one npm runs us with, a local one, or the one npm bundles.
NODE_GYP ?= $(or $(npm_config_node_gyp),$(wildcard node_modules/.bin/node-gyp),\
  $(wildcard $(dir $(shell command -v $(NODE)))../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js))

.PHONY: all addon core ctest fixtures test test-c test-js serve bench clean distclean

all: addon ctest

config.mk: configure
	./configure

# ---- the C core, alone, against the system OpenSSL -------------------------
core: $(CORE_LIB)

build/core/%.o: src/core/%.c $(CORE_HDR) config.mk
	@mkdir -p $(@D)
	$(CC) $(SP_CFLAGS) -fPIC $(OPENSSL_CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

ctest: $(CTEST_BIN)

build/test/c/%: test/c/%.c $(CORE_LIB) $(CTEST_HDR)
	@mkdir -p $(@D)
	$(CC) $(SP_CFLAGS) -Isrc/core -Itest/c $(OPENSSL_CFLAGS) $< $(CORE_LIB) $(OPENSSL_LIBS) -o $@

# ---- the Node addon --------------------------------------------------------
addon: $(ADDON)

$(ADDON): binding.gyp $(CORE_SRC) $(CORE_HDR) $(NODE_SRC) config.mk
	@test -n "$(NODE_GYP)" || { echo "node-gyp not found (it ships with npm)"; exit 1; }
	@# configure + build, not rebuild: rebuild's clean step would wipe the
	@# rest of build/ (the core library, C tests and fixtures live there too).
	$(NODE) $(NODE_GYP) configure --nodedir=$(NODE_DIR) -- -Dsp_openssl=$(SP_OPENSSL)
	$(NODE) $(NODE_GYP) build --nodedir=$(NODE_DIR)

# ---- fixtures: generated, never committed ----------------------------------
fixtures: $(FIXTURES)

$(FIXTURES): test/fixtures/generate.sh
	rm -rf build/fixtures
	sh test/fixtures/generate.sh build/fixtures >/dev/null
	touch $@

# ---- tests -----------------------------------------------------------------
test: all fixtures
	$(PYTHON) tools/test.py $(TEST_ARGS)

test-c: ctest fixtures
	$(PYTHON) tools/test.py c

test-js: addon fixtures
	$(PYTHON) tools/test.py simple interop

# ---- the main job ----------------------------------------------------------
serve: addon
	$(NODE) tools/serve.js

# ---- side by side with Node's built-in tls (BENCH_ARGS=--quick) -------------
bench: addon fixtures
	$(NODE) benchmark/run.js $(BENCH_ARGS)

# ---- hardening: fuzzing, sanitizers, leaks, load, scan ---------------------
# Sanitizer and fuzz builds go to build/fuzz and build/asan, never into
# build/core or build/Release. They need clang with its runtimes
# (tools/install-deps.sh installs them).
SAN_CC ?= clang
SAN_FLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
  -fno-sanitize-recover=undefined
SAN_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DOPENSSL_API_COMPAT=30000 \
  $(SP_WARN) $(SAN_FLAGS)

# Each harness test/fuzz/fuzz-NAME.c is built twice: for libFuzzer
# (build/fuzz/fuzz-NAME) and, with test/fuzz/replay.c, as a C test that
# replays its recorded seeds and kept crash inputs (build/test/c/test-fuzz-NAME).
FUZZ_NAMES = server client records pem cert
FUZZ_COMMON = test/fuzz/fuzz-common.c
FUZZ_HDR = test/fuzz/fuzz.h $(CTEST_HDR)
FUZZ_BIN = $(patsubst %,build/fuzz/fuzz-%,$(FUZZ_NAMES))
FUZZ_REPLAY_BIN = $(patsubst %,build/test/c/test-fuzz-%,$(FUZZ_NAMES))
FUZZ_CORE_OBJ = $(patsubst src/core/%.c,build/fuzz/core/%.o,$(CORE_SRC))
FUZZ_SECONDS ?= 60

ASAN_CORE_OBJ = $(patsubst src/core/%.c,build/asan/core/%.o,$(CORE_SRC))
ASAN_CORE_LIB = build/asan/core/libsecurepair.a
ASAN_CTEST_BIN = $(patsubst test/c/%.c,build/asan/test/c/%,$(CTEST_SRC)) \
  $(patsubst %,build/asan/test/c/test-fuzz-%,$(FUZZ_NAMES))
ASAN_ADDON = build/asan/securepair.node
NODE_SRC_C = $(wildcard src/node/*.c)

.PHONY: fuzz fuzz-quick fuzz-build test-asan asan test-valgrind test-pummel \
  test-scan

ctest: $(FUZZ_REPLAY_BIN)

build/test/c/test-fuzz-%: test/fuzz/fuzz-%.c test/fuzz/replay.c $(FUZZ_COMMON) $(FUZZ_HDR) $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(SP_CFLAGS) -Isrc/core -Itest/c -Itest/fuzz $(OPENSSL_CFLAGS) $< test/fuzz/replay.c $(FUZZ_COMMON) $(CORE_LIB) $(OPENSSL_LIBS) -o $@

build/fuzz/core/%.o: src/core/%.c $(CORE_HDR) config.mk
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -fsanitize=fuzzer-no-link $(OPENSSL_CFLAGS) -c $< -o $@

build/fuzz/fuzz-%: test/fuzz/fuzz-%.c $(FUZZ_COMMON) $(FUZZ_HDR) $(FUZZ_CORE_OBJ)
	$(SAN_CC) $(SAN_CFLAGS) -fsanitize=fuzzer -Isrc/core -Itest/c -Itest/fuzz $(OPENSSL_CFLAGS) $< $(FUZZ_COMMON) $(FUZZ_CORE_OBJ) $(OPENSSL_LIBS) -o $@

fuzz-build: $(FUZZ_BIN)

# Each harness for FUZZ_SECONDS, from seeds recorded into build/fuzz/corpus.
fuzz: fuzz-build fixtures
	tools/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-quick:
	$(MAKE) fuzz FUZZ_SECONDS=10

# ASan+UBSan: the core, the C tests (leaks checked) and the addon; then the
# whole suite, Node loading build/asan/securepair.node (tools/asan-node.sh).
build/asan/core/%.o: src/core/%.c $(CORE_HDR) config.mk
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(OPENSSL_CFLAGS) -c $< -o $@

$(ASAN_CORE_LIB): $(ASAN_CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

build/asan/test/c/test-fuzz-%: test/fuzz/fuzz-%.c test/fuzz/replay.c $(FUZZ_COMMON) $(FUZZ_HDR) $(ASAN_CORE_LIB)
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -Isrc/core -Itest/c -Itest/fuzz $(OPENSSL_CFLAGS) $< test/fuzz/replay.c $(FUZZ_COMMON) $(ASAN_CORE_LIB) $(OPENSSL_LIBS) -o $@

build/asan/test/c/%: test/c/%.c $(CTEST_HDR) $(ASAN_CORE_LIB)
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -Isrc/core -Itest/c $(OPENSSL_CFLAGS) $< $(ASAN_CORE_LIB) $(OPENSSL_LIBS) -o $@

# The addon as node-gyp builds it (Node's headers, Node's OpenSSL), but by
# hand: node-gyp cannot build a second flavour beside build/Release.
$(ASAN_ADDON): $(CORE_SRC) $(CORE_HDR) $(NODE_SRC) config.mk
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -fPIC -shared -DNAPI_VERSION=8 -DOPENSSL_THREADS \
	  -I$(NODE_DIR)/include/node -Isrc/core $(CORE_SRC) $(NODE_SRC_C) \
	  $(if $(filter system,$(SP_OPENSSL)),-lssl -lcrypto) -o $@

asan: $(ASAN_CTEST_BIN) $(ASAN_ADDON)

test-asan: asan fixtures
	@SP_NODE=$(NODE) tools/asan-node.sh -e "require('./lib/tls'); \
	  if (!require('fs').readFileSync('/proc/self/maps', 'utf8').includes('/build/asan/securepair.node')) { \
	    console.error('test-asan: Node did not load build/asan/securepair.node'); process.exit(1); }"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  SP_NODE=$(NODE) $(PYTHON) tools/test.py --node tools/asan-node.sh \
	  $(ASAN_CTEST_BIN) simple interop $(TEST_ARGS)

# The C tests (fuzz replays included) under valgrind, leaks counted.
test-valgrind: ctest fixtures
	$(PYTHON) tools/test.py --valgrind c $(TEST_ARGS)

# Load and soak (test/pummel): minutes, not part of `make test`.
test-pummel: addon fixtures
	$(PYTHON) tools/test.py -j 1 --timeout 900 $(sort $(wildcard test/pummel/test-*.js)) $(TEST_ARGS)

# testssl.sh against the default server settings.
test-scan: addon
	$(PYTHON) tools/test.py --timeout 600 test/scan/test-testssl.js $(TEST_ARGS)

clean:
	rm -rf build

distclean: clean
	rm -f config.mk
