# wasm.mk - linreg compiled to WebAssembly, included by the Makefile.
#
#   make wasm        linreg.wasm: the whole CLI for wasm32-wasi, run by
#                    scripts/wasi-run.mjs under Node.js (or any WASI host);
#                    edge/liblinreg.wasm: the core and edge/abi.c, a
#                    library module with no imports, for edge/worker.mjs
#   make wasm-test   the CLI's bats tests against linreg.wasm, and the
#                    native and wasm outputs compared byte for byte
#   make edge-test   the edge handler's tests (node --test)
#   make edge-serve  the handler on http://127.0.0.1:$(PORT)/
#   make bench-edge  liblinreg.wasm's size, CPU time per request
#
# Only Debian packages: clang-14, lld-14, wasi-libc,
# libclang-rt-14-dev-wasm32 (scripts/deps.sh wasm installs them or says
# how), and cJSON's source from Debian's archive (scripts/cjson-src.sh).

WASM_CC ?= clang-14
WB = build/wasm
# wasi-libc's headers only: clang would search the host's /usr/include
# after them.
WASM_TARGET = --target=wasm32-wasi
WASM_INC = -nostdlibinc -isystem /usr/include/wasm32-wasi
# -Wno-gnu-statement-expression: wasi-libc's lseek is a macro built on
# one, in cli/dispatch.c's call.
WASM_CFLAGS = $(WASM_TARGET) $(WASM_INC) -std=c99 -D_XOPEN_SOURCE=700 -ffp-contract=off -Wall -Wextra \
	-Wpedantic -Wno-gnu-statement-expression -Icore -MMD -MP
# The CLI: signal() from wasi-libc's emulation; an 8 MiB stack as
# Linux gives, first in memory so that an overflow traps instead of
# overwriting data.
WASM_CLI_FLAGS = -O2 -D_WASI_EMULATED_SIGNAL -I$(WB)/cjson
WASM_CLI_LDFLAGS = -lwasi-emulated-signal -Wl,-z,stack-size=8388608 \
	-Wl,--stack-first -Wl,--strip-all
# The library: small (-Oz; the budget is 64 KiB, so without the core's
# Gram kernel for blocks of several predictors: LR_NO_GRAM, core/gram.c),
# no start function, no imports, only the lrw_ exports that edge/abi.c
# names.
WASM_LIB_FLAGS = -Oz -DLR_NO_GRAM
WASM_LIB_LDFLAGS = -nostartfiles -Wl,--no-entry -Wl,--gc-sections \
	-Wl,--strip-all
PORT ?= 8787

WASM_CLI_OBJ = $(CORE_SRC:%.c=$(WB)/cli-obj/%.o) \
	$(CLI_SRC:%.c=$(WB)/cli-obj/%.o) $(WB)/cli-obj/cli/port_wasi.o \
	$(WB)/cli-obj/cJSON.o
WASM_LIB_OBJ = $(CORE_SRC:%.c=$(WB)/lib-obj/%.o) $(WB)/lib-obj/edge/abi.o

.PHONY: wasm deps-wasm wasm-test edge-test edge-serve bench-edge

wasm: deps-wasm
	@$(MAKE) --no-print-directory linreg.wasm edge/liblinreg.wasm \
		$(WB)/bin/linreg

deps-wasm:
	@sh scripts/deps.sh wasm

$(WB)/cjson/cJSON.c: scripts/cjson-src.sh
	sh scripts/cjson-src.sh $(WB)/cjson

$(WB)/cli-obj/cJSON.o: $(WB)/cjson/cJSON.c
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_TARGET) $(WASM_INC) -std=c99 -O2 -I$(WB)/cjson/cjson -c -o $@ $<

$(WB)/cli-obj/%.o: %.c Makefile edge/wasm.mk | $(WB)/cjson/cJSON.c
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) $(WASM_CLI_FLAGS) -c -o $@ $<

$(WB)/lib-obj/%.o: %.c Makefile edge/wasm.mk
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_CFLAGS) $(WASM_LIB_FLAGS) -c -o $@ $<

linreg.wasm: $(WASM_CLI_OBJ)
	$(WASM_CC) $(WASM_TARGET) -O2 -o $@ $(WASM_CLI_OBJ) $(WASM_CLI_LDFLAGS)

edge/liblinreg.wasm: $(WASM_LIB_OBJ)
	$(WASM_CC) $(WASM_TARGET) $(WASM_LIB_FLAGS) -o $@ $(WASM_LIB_OBJ) \
		$(WASM_LIB_LDFLAGS)

# `linreg` for the bats tests: linreg.wasm under Node's WASI.
$(WB)/bin/linreg: edge/wasm.mk
	@mkdir -p $(@D)
	@printf '%s\n' '#!/bin/sh' \
		'exec node --no-warnings --no-turbo-fast-api-calls "$(CURDIR)/scripts/wasi-run.mjs" "$(CURDIR)/linreg.wasm" "$$@"' \
		>$@
	@chmod +x $@

wasm-test: deps-test wasm linreg
	@sh tests/wasm/run.sh

edge-test: wasm linreg
	@node --no-warnings --import ./edge/wasm-import.mjs --test tests/edge/

# liblinreg.wasm's size and a 150-point request's CPU time (make bench).
bench-edge: wasm
	@node --no-warnings --import ./edge/wasm-import.mjs scripts/bench-edge.mjs

edge-serve: wasm
	PORT=$(PORT) node --no-warnings --import ./edge/wasm-import.mjs edge/serve.mjs

-include $(WASM_CLI_OBJ:.o=.d) $(WASM_LIB_OBJ:.o=.d)
