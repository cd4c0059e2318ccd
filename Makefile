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

clean:
	rm -rf build

distclean: clean
	rm -f config.mk
