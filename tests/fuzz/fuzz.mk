# tests/fuzz/fuzz.mk - fuzzing linreg with libFuzzer (clang), and
# replaying the corpora without it (any compiler with ASan and UBSan).
#
# A fragment for the top Makefile (include tests/fuzz/fuzz.mk), which
# also works alone from the top of the tree:
#
#   make -f tests/fuzz/fuzz.mk fuzz-replay          every corpus file and
#        every crash input through every target, under ASan + UBSan (CI)
#   make -f tests/fuzz/fuzz.mk fuzz FUZZ_SECONDS=N  fuzz each target for N
#        seconds (default 60) in turn; -j2 runs two at once.  Fails when
#        a target crashes, leaks, hits UB or an oracle's abort()
#   make -f tests/fuzz/fuzz.mk fuzz-build           just the fuzzers
#   make -f tests/fuzz/fuzz.mk fuzz-merge           add the inputs of the
#        working corpora that reach new coverage to the committed ones
#   make -f tests/fuzz/fuzz.mk fuzz-clean
#
# Everything is built under $(FUZZ_OUT) (build/fuzz).  See
# tests/fuzz/README.md for what each target checks.

# Included first, this fragment must not become the default goal.
FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

B ?= build
CC ?= cc
# The top Makefile's lists when included from it; alone, every source.
CORE_SRC ?= $(sort $(wildcard core/*.c))
CLI_SRC ?= $(sort $(wildcard cli/*.c))

FUZZ_DIR ?= tests/fuzz
FUZZ_OUT ?= $(B)/fuzz
FUZZ_TARGETS ?= csv number json cli state
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 65536
FUZZ_ARGS ?= -max_len=$(FUZZ_MAX_LEN) -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1
FUZZ_LIBS ?= -lcjson -lm -lpthread

# The fuzzers: clang with libFuzzer (clang-14 when there is no `clang`,
# as with Debian's clang-14 package alone).
CLANG ?= $(shell command -v clang 2>/dev/null || command -v clang-14 2>/dev/null || echo clang)
FUZZ_CC ?= $(CLANG)
FUZZ_SAN ?= -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_LF_CFLAGS = $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_LF_LDFLAGS = $(FUZZ_SAN) -fsanitize=fuzzer

# The replay drivers: the ordinary compiler, no libFuzzer.
REPLAY_CC ?= $(CC)
REPLAY_SAN ?= -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
REPLAY_ENV ?= ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

FUZZ_BASE_CFLAGS = -std=c99 -D_XOPEN_SOURCE=700 -ffp-contract=off -Wall -Wextra -Wpedantic \
	-Icore -Icli -I$(FUZZ_DIR) -MMD -MP
# Reader sources built to read from fuzz_common.c's in-memory stream,
# with a small CSV buffer so refills happen on small inputs.
FUZZ_IO_FLAGS = -U_FORTIFY_SOURCE -Dread=fuzz_read -Dpread=fuzz_pread \
	-DCSV_BUFSIZE=32
FUZZ_MAIN_FLAGS = -Dmain=linreg_main

# Objects: $(FUZZ_OUT)/<lf|rp>/<plain|io|main|harness>/<source>.o
FUZZ_HARNESS = $(FUZZ_DIR)/fuzz_common.c
fuzz_objs = $(patsubst %.c,$(FUZZ_OUT)/$(1)/$(2)/%.o,$(3))

# Sources of each target, by flavour.
FUZZ_csv_plain = cli/number.c
FUZZ_csv_io = cli/read_csv.c
FUZZ_csv_main =
FUZZ_number_plain = cli/number.c
FUZZ_number_io =
FUZZ_number_main =
FUZZ_json_plain = $(CORE_SRC) \
	$(filter-out cli/main.c cli/read_json.c,$(CLI_SRC))
FUZZ_json_io = cli/read_json.c
FUZZ_json_main =
FUZZ_cli_plain = $(CORE_SRC) $(filter-out cli/main.c,$(CLI_SRC))
FUZZ_cli_io =
FUZZ_cli_main = cli/main.c
FUZZ_state_plain = $(CORE_SRC) $(filter-out cli/main.c,$(CLI_SRC))
FUZZ_state_io =
FUZZ_state_main =

# $(call fuzz_target_objs,lf|rp,TARGET)
fuzz_target_objs = $(call fuzz_objs,$(1),plain,$(FUZZ_$(2)_plain)) \
	$(call fuzz_objs,$(1),io,$(FUZZ_$(2)_io)) \
	$(call fuzz_objs,$(1),main,$(FUZZ_$(2)_main)) \
	$(call fuzz_objs,$(1),harness,$(FUZZ_HARNESS) $(FUZZ_DIR)/fuzz_$(2).c)

FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_OUT)/fuzz_%)
REPLAY_BINS = $(FUZZ_TARGETS:%=$(FUZZ_OUT)/replay_%)

.PHONY: fuzz fuzz-build fuzz-replay fuzz-replay-build fuzz-merge fuzz-clean \
	$(FUZZ_TARGETS:%=fuzz-run-%) $(FUZZ_TARGETS:%=fuzz-merge-%)

fuzz-build: $(FUZZ_BINS)
fuzz-replay-build: $(REPLAY_BINS)

# $(call fuzz_obj_rules,lf|rp,COMPILER,FLAGS)
define fuzz_obj_rules
$(FUZZ_OUT)/$(1)/plain/%.o: %.c
	@mkdir -p $$(@D)
	$(2) $$(FUZZ_BASE_CFLAGS) $(3) -c -o $$@ $$<
$(FUZZ_OUT)/$(1)/io/%.o: %.c
	@mkdir -p $$(@D)
	$(2) $$(FUZZ_BASE_CFLAGS) $(3) $$(FUZZ_IO_FLAGS) -c -o $$@ $$<
$(FUZZ_OUT)/$(1)/main/%.o: %.c
	@mkdir -p $$(@D)
	$(2) $$(FUZZ_BASE_CFLAGS) $(3) $$(FUZZ_MAIN_FLAGS) -c -o $$@ $$<
$(FUZZ_OUT)/$(1)/harness/%.o: %.c
	@mkdir -p $$(@D)
	$(2) $$(FUZZ_BASE_CFLAGS) $(3) -c -o $$@ $$<
endef
$(eval $(call fuzz_obj_rules,lf,$$(FUZZ_CC),$$(FUZZ_LF_CFLAGS)))
$(eval $(call fuzz_obj_rules,rp,$$(REPLAY_CC),$$(REPLAY_SAN)))

# $(call fuzz_bin_rules,TARGET)
define fuzz_bin_rules
$(FUZZ_OUT)/fuzz_$(1): $(call fuzz_target_objs,lf,$(1))
	$$(FUZZ_CC) $$(FUZZ_LF_LDFLAGS) -o $$@ $$^ $$(FUZZ_LIBS)
$(FUZZ_OUT)/replay_$(1): $(call fuzz_target_objs,rp,$(1)) \
		$(FUZZ_OUT)/rp/harness/$(FUZZ_DIR)/replay.o
	$$(REPLAY_CC) $$(REPLAY_SAN) -o $$@ $$^ $$(FUZZ_LIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_bin_rules,$(t))))

# Every committed corpus file, and every saved crash, through every target.
FUZZ_CRASHES = $(wildcard $(FUZZ_DIR)/crashes/*)
fuzz-replay: $(REPLAY_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		in="$(FUZZ_CRASHES)"; \
		[ -d $(FUZZ_DIR)/corpus/$$t ] && in="$(FUZZ_DIR)/corpus/$$t $$in"; \
		[ -n "$$in" ] || continue; \
		printf 'fuzz-replay: %s: ' $$t; \
		$(REPLAY_ENV) $(FUZZ_OUT)/replay_$$t $$in; \
	done

# One target for FUZZ_SECONDS on its working corpus, seeded from the
# committed one.  Never fails itself (so that -j runs them all): the exit
# status goes to $(FUZZ_OUT)/logs/TARGET.rc for `fuzz` to check.
define fuzz_run_rule
fuzz-run-$(1): $(FUZZ_OUT)/fuzz_$(1)
	@mkdir -p $(FUZZ_OUT)/corpus/$(1) $(FUZZ_OUT)/logs $(FUZZ_OUT)/artifacts
	@if [ -d $(FUZZ_DIR)/corpus/$(1) ]; then \
		cp -R $(FUZZ_DIR)/corpus/$(1)/. $(FUZZ_OUT)/corpus/$(1)/; fi
	@echo "fuzz: $(1) for $$(FUZZ_SECONDS) s (log: $(FUZZ_OUT)/logs/$(1).log)"
	@dict=; [ -f $(FUZZ_DIR)/$(1).dict ] && dict=-dict=$(FUZZ_DIR)/$(1).dict; \
	$(FUZZ_OUT)/fuzz_$(1) $$(FUZZ_ARGS) -max_total_time=$$(FUZZ_SECONDS) \
		-artifact_prefix=$(FUZZ_OUT)/artifacts/$(1)- $$$$dict \
		$(FUZZ_OUT)/corpus/$(1) >$(FUZZ_OUT)/logs/$(1).log 2>&1; \
	echo $$$$? >$(FUZZ_OUT)/logs/$(1).rc; \
	grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|peak_rss_mb)' \
		$(FUZZ_OUT)/logs/$(1).log | sed 's/^/fuzz: $(1): /'; true
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_run_rule,$(t))))

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)
	@fail=0; for t in $(FUZZ_TARGETS); do \
		rc=$$(cat $(FUZZ_OUT)/logs/$$t.rc 2>/dev/null || echo 1); \
		if [ "$$rc" != 0 ]; then \
			fail=1; \
			echo "fuzz: $$t FAILED (exit $$rc); see $(FUZZ_OUT)/logs/$$t.log:"; \
			grep -E 'ERROR|SUMMARY|runtime error|oracle failed|Test unit written' \
				$(FUZZ_OUT)/logs/$$t.log | head -n 20; \
			echo "fuzz: keep the input as $(FUZZ_DIR)/crashes/$$t-SHORT-NAME"; \
		fi; \
	done; \
	if [ $$fail = 0 ]; then echo "fuzz: no crashes"; fi; \
	exit $$fail

# Minimise: add to the committed corpus only the inputs of the working
# corpus that reach coverage it does not.
fuzz-merge: $(FUZZ_TARGETS:%=fuzz-merge-%)
define fuzz_merge_rule
fuzz-merge-$(1): $(FUZZ_OUT)/fuzz_$(1)
	@mkdir -p $(FUZZ_DIR)/corpus/$(1) $(FUZZ_OUT)/corpus/$(1) $(FUZZ_OUT)/logs
	$(FUZZ_OUT)/fuzz_$(1) -merge=1 $$(FUZZ_ARGS) \
		-merge_control_file=$(FUZZ_OUT)/logs/$(1).merge \
		$(FUZZ_DIR)/corpus/$(1) $(FUZZ_OUT)/corpus/$(1) \
		>$(FUZZ_OUT)/logs/$(1).merge.log 2>&1
	@tail -n 1 $(FUZZ_OUT)/logs/$(1).merge.log | sed 's/^/fuzz-merge: $(1): /'
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_merge_rule,$(t))))

fuzz-clean:
	rm -rf $(FUZZ_OUT)

-include $(shell find $(FUZZ_OUT) -name '*.d' 2>/dev/null)

.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
