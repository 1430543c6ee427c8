#!/bin/sh
# run.sh - run every test suite and end with one line "N passed, N failed".
# Called by `make test` after building; run from the top of the tree.
#
#   sh tests/run.sh          everything (make test, make sanitize)
#   sh tests/run.sh check    the fast subset (make check): the unit tests
#                            and the native bats suite (two bats jobs at
#                            once when GNU parallel is there), without
#                            the WebAssembly rerun, the gcc/clang
#                            warning builds and the man page lint
set -u
quick=
case ${1:-} in
'') ;;
check) quick=1 ;;
*) echo "usage: sh tests/run.sh [check]" >&2; exit 2 ;;
esac
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # add the "# tests P passed, F failed" line of a unit test
	p=$(sed -n 's/^# tests \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log")
	f=$(sed -n 's/^# tests \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
}

# The summary line, with a reminder when the reference data is missing;
# the exit status says whether anything failed.
finish() {
	[ -n "$shared_gone" ] &&
		echo "# the reference data is missing from $LINREG_SHARED: set LINREG_SHARED (see the first lines)"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# The reference data (../shared, or LINREG_SHARED), checked once here:
# when it is missing, one failure says what is missing and how to point
# LINREG_SHARED at it, and the bats tests that need it skip rather than
# each failing on its own (tests/shared.sh, tests/cli/helper.bash).
. tests/shared.sh
LINREG_SHARED=$(shared_dir "$PWD")
[ -d "$LINREG_SHARED" ] && LINREG_SHARED=$(cd "$LINREG_SHARED" && pwd)
export LINREG_SHARED
shared_gone=$(shared_missing "$LINREG_SHARED")
if [ -n "$shared_gone" ]; then
	shared_advice "$LINREG_SHARED" |
		sed '1s/^/not ok reference data: /; 2,$s/^/# /'
	echo "# missing:"
	printf '#   %s\n' $shared_gone
	failed=$((failed + 1))
	export LINREG_SHARED_REPORTED=1
fi

# The build to test: build/ (make test) or build/asan (make sanitize).
B=${LINREG_BUILD:-build}
if [ "$B" = build ]; then
	export LINREG_BINDIR=${LINREG_BINDIR:-.}
else
	export LINREG_BINDIR=${LINREG_BINDIR:-$B}
fi
export LINREG_BUILD=$B
# No test can hang the suite: bats kills a test still running after this
# many seconds (generous: under ASan, valgrind or Node's WASI).
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-300}

# The layout rules of issue 14 (scripts/structure.sh): function sizes,
# main() a table of contents, no include or call cycle in cli/, no
# reader calling a writer.
if sh scripts/structure.sh >"$log" 2>&1; then
	echo "ok structure: $(tail -n 1 "$log")"
	passed=$((passed + 1))
else
	echo "not ok structure"
	sed 's/^/# /' "$log"
	failed=$((failed + 1))
fi

for t in "$B"/tests/test_*; do
	case $t in *.d) continue ;; esac
	"$t" >"$log" 2>&1
	rc=$?
	grep -v '^# tests' "$log"
	count
	# A crash or a failure the harness did not count is still a failure.
	[ $rc -ne 0 ] && [ "${f:-0}" = 0 ] && failed=$((failed + 1))
done

# The CLI tests (bats, TAP output); make check runs two at once when
# bats can (it needs GNU parallel for -j).
jobs=
if [ -n "$quick" ] && command -v parallel >/dev/null 2>&1; then
	jobs="-j 2"
fi
# shellcheck disable=SC2086
bats --tap $jobs tests/cli >"$log" 2>&1
cat "$log"
passed=$((passed + $(grep -c '^ok ' "$log")))
failed=$((failed + $(grep -c '^not ok ' "$log")))
if ! grep -q '^1\.\.' "$log"; then
	echo "bats did not run" >&2
	failed=$((failed + 1))
fi

[ -n "$quick" ] && finish

# The WebAssembly builds (make test builds them; not under sanitizers).
if [ "$B" = build ]; then
	if command -v node >/dev/null 2>&1 && [ -f linreg.wasm ] &&
		[ -f edge/liblinreg.wasm ]; then
		sh tests/wasm/run.sh >"$log" 2>&1
		cat "$log"
		line=$(sed -n 's/^wasm: \([0-9]* passed, [0-9]* failed\)$/\1/p' "$log")
		if [ -n "$line" ]; then
			passed=$((passed + ${line%% passed*}))
			f=${line#*, }
			failed=$((failed + ${f%% failed*}))
		else
			echo "not ok the WebAssembly tests did not finish"
			failed=$((failed + 1))
		fi
	else
		echo "not ok WebAssembly tests: need node, linreg.wasm and edge/liblinreg.wasm (make wasm)"
		failed=$((failed + 1))
	fi
fi

# The build is warning-free under gcc and clang with -Wall -Wextra -Wpedantic.
# Debian's clang-14 package (which make test installs for WebAssembly)
# has no `clang`, only `clang-14`; the `clang` package adds the name.
clang=clang
command -v clang >/dev/null 2>&1 || ! command -v clang-14 >/dev/null 2>&1 ||
	clang="clang-14"
for cc in gcc $clang; do
	if ! command -v $cc >/dev/null 2>&1; then
		echo "not ok warning-free build with $cc: $cc is not installed"
		failed=$((failed + 1))
		continue
	fi
	if out=$(for f in core/*.c cli/*.c; do
		$cc -std=c99 -D_XOPEN_SOURCE=700 -Wall -Wextra -Wpedantic \
			-Werror -O2 -Icore -c -o /dev/null "$f" 2>&1 || echo "FAILED: $f"
	done) && [ -z "$out" ]; then
		echo "ok warning-free build with $cc"
		passed=$((passed + 1))
	else
		echo "not ok warning-free build with $cc"
		echo "$out"
		failed=$((failed + 1))
	fi
done

# The man page renders without warnings.
if out=$(LC_ALL=C.UTF-8 groff -ww -z -man man/linreg.1 2>&1) && [ -z "$out" ]; then
	echo "ok man page lint"
	passed=$((passed + 1))
else
	echo "not ok man page lint: $out"
	failed=$((failed + 1))
fi

finish
