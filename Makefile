# linreg - GNU Makefile.  `make` builds ./linreg; `make test` runs every
# test; `make demo` fits the bundled example.  Both install missing
# Debian packages first (scripts/deps.sh), or say which to install.

PREFIX ?= /usr/local
prefix ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
libdir ?= $(exec_prefix)/lib
includedir ?= $(prefix)/include
mandir ?= $(prefix)/share/man
man1dir ?= $(mandir)/man1
DESTDIR ?=

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL)
INSTALL_DATA ?= $(INSTALL) -m 644

CC ?= cc
AR ?= ar
CFLAGS ?= -O2 -g
# Project flags first, the user's CFLAGS last so they win.  No
# -ffast-math ever, and no contraction into FMAs: the core's
# double-double arithmetic depends on IEEE rounding of every operation.
LR_CFLAGS = -std=c99 -D_XOPEN_SOURCE=700 -ffp-contract=off -Wall -Wextra \
	-Wpedantic -Icore -MMD -MP
LDLIBS_CLI = -lcjson -lm -lpthread

B = build
CORE_SRC = core/common.c core/fit.c core/block.c core/gram.c core/solve.c \
	core/dist.c core/model.c
CLI_SRC = cli/main.c cli/anova.c cli/diag.c cli/design.c cli/formula.c cli/formula_syntax.c cli/model.c cli/options.c cli/cleanup.c cli/output.c \
	cli/spool.c cli/dispatch.c cli/sink.c cli/wide.c cli/progress.c cli/datetime.c cli/delimited.c \
	cli/predict.c cli/text.c cli/read_csv.c cli/read_lane.c \
	cli/read_parallel.c cli/status.c cli/report.c cli/merge.c \
	cli/json_scan.c cli/read_json.c \
	cli/number.c cli/state.c cli/gates.c cli/completion.c cli/group_batch.c cli/groups.c \
	cli/write_text.c cli/write_json.c cli/write_fitted.c \
	cli/write_csv.c cli/plot.c cli/write_plot.c cli/write_svg.c
CORE_OBJ = $(CORE_SRC:%.c=$(B)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(B)/%.o)
UNIT_TESTS = $(B)/tests/test_core $(B)/tests/test_core_model \
	$(B)/tests/test_dist $(B)/tests/test_csv \
	$(B)/tests/test_number $(B)/tests/test_lane_index $(B)/tests/test_alloc $(B)/tests/test_plot \
	$(B)/tests/test_kernel $(B)/tests/test_groups $(B)/tests/test_common \
	$(B)/tests/test_delimited $(B)/tests/test_sink $(B)/tests/test_progress \
	$(B)/tests/test_status $(B)/tests/test_options $(B)/tests/test_datetime \
	$(B)/tests/test_formula $(B)/tests/test_model $(B)/tests/test_anova \
	$(B)/tests/test_json_scan

.PHONY: all deps deps-test deps-sanitize demo test check unit install \
	uninstall clean bench sanitize valgrind lint same structure

all: linreg

$(B)/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(B)/liblinreg.a: $(CORE_OBJ)
	$(AR) rcs $@ $(CORE_OBJ)

linreg: $(CLI_OBJ) $(B)/liblinreg.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/liblinreg.a $(LDLIBS_CLI)

$(B)/tests/test_core: tests/unit/test_core.c $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) $(CFLAGS) -o $@ $< $(B)/liblinreg.a -lm

$(B)/tests/test_core_model: tests/unit/test_core_model.c $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) $(CFLAGS) -o $@ $< $(B)/liblinreg.a -lm

$(B)/tests/test_kernel: tests/unit/test_kernel.c $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) $(CFLAGS) -o $@ $< $(B)/liblinreg.a -lm

$(B)/tests/test_alloc: tests/unit/test_alloc.c $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) $(CFLAGS) -o $@ $< $(B)/liblinreg.a -lm

$(B)/tests/test_dist: tests/unit/test_dist.c $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) $(CFLAGS) -o $@ $< $(B)/liblinreg.a -lm

$(B)/tests/test_csv: tests/unit/test_csv.c $(B)/cli/read_csv.o $(B)/cli/number.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/read_csv.o \
		$(B)/cli/number.o -lm

$(B)/tests/test_number: tests/unit/test_number.c $(B)/cli/number.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/number.o -lm

$(B)/tests/test_datetime: tests/unit/test_datetime.c $(B)/cli/datetime.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/datetime.o

$(B)/tests/test_common: tests/unit/test_common.c $(B)/core/common.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) $(CFLAGS) -o $@ $< $(B)/core/common.o

$(B)/tests/test_groups: tests/unit/test_groups.c $(B)/cli/groups.o \
		$(B)/cli/group_batch.o $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/groups.o \
		$(B)/cli/group_batch.o $(B)/liblinreg.a -lm

# delimited.c and predict.c alone with the CSV reader, the number
# parser and msg() (diag.c, which escapes through text.c).
TEST_DELIMITED_OBJ = $(B)/cli/delimited.o $(B)/cli/predict.o \
	$(B)/cli/read_csv.o $(B)/cli/number.o $(B)/cli/diag.o $(B)/cli/text.o
$(B)/tests/test_delimited: tests/unit/test_delimited.c $(TEST_DELIMITED_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(TEST_DELIMITED_OBJ) -lm

# sink.c with the types it keeps (groups, predictions and the reader
# of their file, progress, the plot's sample, the model of a formula)
# and the core.
TEST_SINK_OBJ = $(B)/cli/sink.o $(B)/cli/wide.o $(B)/cli/status.o \
	$(B)/cli/groups.o $(B)/cli/group_batch.o $(B)/cli/predict.o \
	$(B)/cli/delimited.o $(B)/cli/read_csv.o \
	$(B)/cli/progress.o $(B)/cli/plot.o $(B)/cli/number.o \
	$(B)/cli/diag.o $(B)/cli/text.o $(B)/cli/model.o $(B)/cli/formula.o \
	$(B)/cli/formula_syntax.o \
	$(B)/cli/datetime.o
$(B)/tests/test_sink: tests/unit/test_sink.c $(TEST_SINK_OBJ) $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(TEST_SINK_OBJ) \
		$(B)/liblinreg.a -lm

$(B)/tests/test_progress: tests/unit/test_progress.c $(B)/cli/progress.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/progress.o

$(B)/tests/test_status: tests/unit/test_status.c $(B)/cli/status.o \
		$(B)/cli/diag.o $(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/status.o \
		$(B)/cli/diag.o $(B)/liblinreg.a -lm

# options.o alone with what it calls (gates.o needs the core's result
# accessors from liblinreg.a; nothing there runs); msg() is the test's.
$(B)/tests/test_options: tests/unit/test_options.c $(B)/cli/options.o \
		$(B)/cli/completion.o $(B)/cli/gates.o $(B)/cli/number.o \
		$(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/options.o \
		$(B)/cli/completion.o $(B)/cli/gates.o $(B)/cli/number.o \
		$(B)/liblinreg.a -lm

# the formula module alone: its meaning and its syntax
$(B)/tests/test_formula: tests/unit/test_formula.c $(B)/cli/formula.o \
		$(B)/cli/formula_syntax.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/formula.o \
		$(B)/cli/formula_syntax.o -lm

# the design layer with what it calls: the formula parser, the date and
# number readers, the core.
TEST_MODEL_OBJ = $(B)/cli/model.o $(B)/cli/wide.o $(B)/cli/formula.o $(B)/cli/formula_syntax.o \
	$(B)/cli/datetime.o \
	$(B)/cli/number.o
$(B)/tests/test_model: tests/unit/test_model.c $(TEST_MODEL_OBJ) \
		$(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(TEST_MODEL_OBJ) \
		$(B)/liblinreg.a -lm

$(B)/tests/test_anova: tests/unit/test_anova.c $(B)/cli/anova.o \
		$(B)/liblinreg.a
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/anova.o \
		$(B)/liblinreg.a -lm

$(B)/tests/test_lane_index: tests/unit/test_lane_index.c cli/lane_index.h
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $<

# the JSON fast path's scanner alone, with the number parser it falls
# back on
$(B)/tests/test_json_scan: tests/unit/test_json_scan.c $(B)/cli/json_scan.o \
		$(B)/cli/number.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/json_scan.o \
		$(B)/cli/number.o -lm

$(B)/tests/test_plot: tests/unit/test_plot.c $(B)/cli/plot.o $(B)/cli/number.o
	@mkdir -p $(@D)
	$(CC) $(LR_CFLAGS) -Icli $(CFLAGS) -o $@ $< $(B)/cli/plot.o \
		$(B)/cli/number.o -lm

deps:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh test

deps-sanitize:
	@sh scripts/deps.sh sanitize

# Fit the bundled example (set-up included).
demo: deps
	@$(MAKE) --no-print-directory linreg
	./linreg examples/height-weight.csv

# The library's example user: only core/linreg.h, nothing from cli/.
$(B)/embed: examples/embed.c $(B)/liblinreg.a core/linreg.h
	$(CC) -std=c99 -Wall -Wextra -Wpedantic -Icore $(CFLAGS) -o $@ \
		examples/embed.c $(B)/liblinreg.a -lm

# Every test: unit tests of the core and readers, the CLI's bats
# tests, the man page lint, and the WebAssembly builds' tests (the bats
# tests again on linreg.wasm, the edge handler).  Ends with one line
# "N passed, N failed".
test: deps-test
	@$(MAKE) --no-print-directory linreg $(UNIT_TESTS) $(B)/embed \
		linreg.wasm edge/liblinreg.wasm $(WB)/bin/linreg
	@sh tests/run.sh

# The fast subset, for every change: the unit tests and the native bats
# suite (two bats jobs at once with GNU parallel), without make test's
# WebAssembly rerun, warning builds and man page lint.  Ends with the
# same "N passed, N failed" line.  See CONTRIBUTING.md for one test.
check: deps-test
	@$(MAKE) --no-print-directory linreg $(UNIT_TESTS) $(B)/embed
	@sh tests/run.sh check

unit: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do $$t || exit 1; done

# The behaviour corpus: every command line of tests/same/commands.txt
# run with OLD and with ./linreg; stdout, stderr and exit status must
# be byte-identical.  make same OLD=/path/to/old/linreg
same: linreg
	@test -n "$(OLD)" || { echo "usage: make same OLD=/path/to/old/linreg" >&2; exit 2; }
	@sh tests/same/compare.sh "$(OLD)" ./linreg

# The whole test suite again with AddressSanitizer and UBSan (clang):
# the unit tests and the CLI built instrumented in build/asan.  clang,
# or Debian's clang-14 (which names no `clang`) when that is all there
# is; deps.sh sanitize adds its sanitizer runtimes (libclang-rt-14-dev).
CLANG ?= $(shell command -v clang 2>/dev/null || command -v clang-14 2>/dev/null || echo clang)
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
sanitize: deps-sanitize
	@$(MAKE) --no-print-directory B=build/asan CC=$(CLANG) \
		CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
		build/asan/linreg build/asan/embed \
		$(UNIT_TESTS:$(B)/%=build/asan/%)
	@LINREG_BUILD=build/asan LINREG_SANITIZED=1 \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh

$(B)/linreg: $(CLI_OBJ) $(B)/liblinreg.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/liblinreg.a $(LDLIBS_CLI)

# The CLI tests with every linreg run under valgrind memcheck: any error
# or leak makes that run exit 99 and its test fail.
valgrind: deps-test linreg
	@command -v valgrind >/dev/null || { echo "valgrind: apt-get install valgrind" >&2; exit 1; }
	@mkdir -p build/valgrind
	@printf '%s\n' '#!/bin/sh' \
		'exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect "$(CURDIR)/linreg" "$$@"' \
		>build/valgrind/linreg
	@chmod +x build/valgrind/linreg
	@LINREG_BINDIR=build/valgrind LINREG_SLOW=1 \
		BATS_TEST_TIMEOUT=$${BATS_TEST_TIMEOUT:-300} bats --tap tests/cli

# Static analysis, zero findings.  Left out on purpose, for the reasons
# given: cppcheck's variableScope (the code declares variables at the
# top of a function, in the style of cJSON and sbase); clang-tidy's
# easily-swappable-parameters and narrowing-conversions (numeric code
# converts int and double on purpose), reserved-identifier (none here;
# it misfires on system macros), and the insecureAPI strcpy/sprintf
# checks (every such call writes a bounded, checked size; snprintf
# where it is not).  False positives are silenced where they occur with
# a NOLINT or cppcheck-suppress comment that says why.
TIDY_CHECKS = -*,clang-analyzer-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-narrowing-conversions,-bugprone-reserved-identifier,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,-clang-analyzer-security.insecureAPI.strcpy
lint:
	@command -v cppcheck >/dev/null && command -v clang-tidy >/dev/null || \
		{ echo "lint: apt-get install cppcheck clang-tidy" >&2; exit 1; }
	cppcheck --enable=warning,style,performance,portability --std=c99 \
		-D_XOPEN_SOURCE=700 --inline-suppr --suppress=variableScope \
		--error-exitcode=1 --quiet -I core -I cli core cli edge
	clang-tidy --quiet --warnings-as-errors='*' -checks='$(TIDY_CHECKS)' \
		$(CORE_SRC) $(CLI_SRC) -- -std=c99 -D_XOPEN_SOURCE=700 -Icore -Icli
	clang-tidy --quiet --warnings-as-errors='*' -checks='$(TIDY_CHECKS)' \
		edge/abi.c cli/port_wasi.c -- $(WASM_TARGET) $(WASM_INC) \
		-std=c99 -D_XOPEN_SOURCE=700 -Icore -Icli
	@echo "lint: no findings"

# The layout rules of issue 14, checked in the code: no function over
# 120 lines, main() under 60, no include or call cycle in cli/, no
# reader that includes or calls a writer.  Prints each violation.
structure:
	@sh scripts/structure.sh

# Speed against the tools people use today (a program, not a test),
# then the edge worker's size and time per request (bench-edge).  The
# tools come from Debian (scripts/deps.sh bench, as root; else it prints
# the apt-get line and the tools that are missing are skipped).
# BENCH_QUICK=1 make bench is a short look (see scripts/bench.sh).
bench: linreg
	@sh scripts/deps.sh bench || echo "bench: timing the tools that are here" >&2
	@bash scripts/bench.sh
	@$(MAKE) --no-print-directory bench-edge

datadir ?= $(prefix)/share

install: linreg $(B)/liblinreg.a
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) \
		$(DESTDIR)$(libdir) $(DESTDIR)$(includedir) \
		$(DESTDIR)$(datadir)/bash-completion/completions \
		$(DESTDIR)$(datadir)/zsh/site-functions \
		$(DESTDIR)$(datadir)/fish/vendor_completions.d
	./linreg --completion bash >$(DESTDIR)$(datadir)/bash-completion/completions/linreg
	./linreg --completion zsh >$(DESTDIR)$(datadir)/zsh/site-functions/_linreg
	./linreg --completion fish >$(DESTDIR)$(datadir)/fish/vendor_completions.d/linreg.fish
	$(INSTALL_PROGRAM) linreg $(DESTDIR)$(bindir)/linreg
	$(INSTALL_DATA) man/linreg.1 $(DESTDIR)$(man1dir)/linreg.1
	$(INSTALL_DATA) $(B)/liblinreg.a $(DESTDIR)$(libdir)/liblinreg.a
	$(INSTALL_DATA) core/linreg.h $(DESTDIR)$(includedir)/linreg.h

uninstall:
	rm -f $(DESTDIR)$(datadir)/bash-completion/completions/linreg \
		$(DESTDIR)$(datadir)/zsh/site-functions/_linreg \
		$(DESTDIR)$(datadir)/fish/vendor_completions.d/linreg.fish
	rm -f $(DESTDIR)$(bindir)/linreg $(DESTDIR)$(man1dir)/linreg.1 \
		$(DESTDIR)$(libdir)/liblinreg.a $(DESTDIR)$(includedir)/linreg.h

clean:
	rm -rf $(B) linreg linreg.wasm edge/liblinreg.wasm

# make fuzz FUZZ_SECONDS=N, make fuzz-replay: see tests/fuzz/README.md
include tests/fuzz/fuzz.mk
# make wasm, wasm-test, edge-test, edge-serve: see edge/wasm.mk
include edge/wasm.mk

-include $(CORE_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
