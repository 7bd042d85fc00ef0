# Prosody HTTP bridge modules: TypeScript -> Lua.
# `make test` does everything from a fresh clone; `make demo` starts a local server.

SHELL := bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := build

# Every src/mod_x/ folder with its entry src/mod_x/mod_x.ts is a module, built into dist/mod_x.lua.
MODULES := $(sort $(foreach d,$(wildcard src/mod_*),$(if $(wildcard $(d)/$(notdir $(d)).ts),$(notdir $(d)))))
LUA ?= lua5.4
LUAS := lua5.2 lua5.3 lua5.4
# Prosody the e2e tests run on: 0.12 (Debian's, on PATH) or 13 (unpacked into .deps/ by `make deps`).
PROSODY ?= 0.12
PROSODY_VERSIONS := 0.12 13
PLUGIN_DIR ?=

# Debian packages the project needs: the server, the three interpreters for
# the specs, busted, DNS for Prosody, wrk for the benchmarks, PHP to run the
# seed README's echo bot in the e2e tests, luarocks for `make rocks`, curl
# to run the READMEs' and the demo's curl examples (test/docs, test/mod_rest/demo),
# and chromium for the API explorer's browser test (test/mod_rest/explorer).
DEB_PACKAGES := prosody lua5.2 lua5.3 lua5.4 lua-busted lua-unbound wrk php-cli luarocks curl chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TSC := node_modules/.bin/tsc

SOURCES := $(shell find src types -name '*.ts' 2>/dev/null) tsconfig.json tstl.json build/build.mjs build/printer.cjs \
	$(wildcard docs/*/README.md) package.json
DIST := $(MODULES:%=dist/%.lua)
# Written with dist/mod_rest.lua (generated from its compiled Lua): the JSON
# Schema of its mapping and its OpenAPI document, for client generators.
DOCUMENTS := dist/mod_rest.schema.json dist/mod_rest.openapi.json dist/mod_rest.openapi.yaml

.PHONY: deps build check spec e2e bench test soak soak-traffic load demo install rocks clean

deps: node_modules/.installed
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	SUDO="$(SUDO)" build/prosody13.sh .deps/prosody-13

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

build: $(DIST) $(DOCUMENTS)

# One self-contained file per module: its sources and src/lib bundled,
# with the TypeScriptToLua settings of tstl.json (see build/build.mjs).
# dist/ is committed: `make check` fails when it differs from the sources.
dist/%.lua: $(SOURCES) node_modules/.installed
	node build/build.mjs $*

# build.mjs rewrites a document only when its text changes: rebuild only a missing one.
$(DOCUMENTS): dist/mod_rest.lua
	@test -f $@ || node build/build.mjs mod_rest

check: node_modules/.installed
	$(TSC) -p tsconfig.json --noEmit
	$(TSC) -p test/tsconfig.json --noEmit
	$(TSC) -p types/test/tsconfig.json --noEmit
	node types/test/check-emit.mjs
	node .ci/check-any.mjs src
	node build/build.mjs --check

# The specs load dist/ (modules as Prosody loads them) and .build/lua/ (src/lib, one file each).
spec: build
	node build/build.mjs --lib .build/lua
	busted --lua=$(LUA)

e2e: build
	PROSODY=$(PROSODY) node_modules/.bin/vitest run

bench: deps build
	node_modules/.bin/tsx bench/run.ts

test: deps
	$(MAKE) build
	$(MAKE) check
	$(foreach lua,$(LUAS),$(MAKE) spec LUA=$(lua) &&) true
	$(foreach version,$(PROSODY_VERSIONS),$(MAKE) e2e PROSODY=$(version) &&) true

# Long property-based fuzzing (RELIABILITY.md): every fuzz suite with SOAK_RUNS
# generated cases each on Prosody 13, two suites at a time. With the default
# 100000 this takes about an hour (mod_component_http being the longest).
SOAK_RUNS ?= 100000
SOAK_PROSODY ?= 13
SOAK_SUITES ?= $(wildcard test/*/fuzz.test.ts)
soak: deps build
	FUZZ_RUNS=$(SOAK_RUNS) PROSODY=$(SOAK_PROSODY) node_modules/.bin/vitest run $(SOAK_SUITES)

# Ten minutes of mixed traffic on all three modules with Prosody's memory
# sampled every 10 s, and mod_component_http with 1,000 messages in flight
# for a minute (bench/traffic/; figures in RELIABILITY.md). Exit non-zero on
# a lost or doubled answer, a metric that disagrees, a log error, or memory
# growth past the stated bound.
SOAK_MINUTES ?= 10
LOAD_SECONDS ?= 60
soak-traffic: deps build
	SOAK_MINUTES=$(SOAK_MINUTES) PROSODY=$(SOAK_PROSODY) node_modules/.bin/tsx bench/traffic/soak.ts

load: deps build
	LOAD_SECONDS=$(LOAD_SECONDS) PROSODY=$(PROSODY) node_modules/.bin/tsx bench/traffic/load.ts

demo: deps build
	node_modules/.bin/tsx demo/demo.ts

install: build
	@[ -n "$(PLUGIN_DIR)" ] || { echo "usage: make install PLUGIN_DIR=/path/to/prosody/plugins"; exit 2; }
	install -d "$(PLUGIN_DIR)"
	cp $(DIST) "$(PLUGIN_DIR)/"
	@echo "Installed $(MODULES) into $(PLUGIN_DIR)"

# A folder that works as a rocks server for `prosodyctl install --server=...`.
rocks: build
	node build/rocks.mjs .build/rocks

clean:
	rm -rf .build
