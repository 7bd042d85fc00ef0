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

.PHONY: deps build check spec e2e bench test demo install rocks clean

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

build: $(DIST)

# One self-contained file per module: its sources and src/lib bundled,
# with the TypeScriptToLua settings of tstl.json (see build/build.mjs).
# dist/ is committed: `make check` fails when it differs from the sources.
dist/%.lua: $(SOURCES) node_modules/.installed
	node build/build.mjs $*

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
