# helper.bash - shared set-up for the CLI tests (bats-core).
bats_require_minimum_version 1.5.0
#
# Every test runs in the C locale, with ./linreg from the top of the
# tree first on PATH and a private temporary directory in $T.
#
# The reference data ($NIST, $SEED: ../shared, or LINREG_SHARED) is
# checked before each test whose body names $NIST, $SEED or $SHARED.
# When it is missing, the first such test fails saying what is missing
# and how to set LINREG_SHARED; the others skip (tests/run.sh reports
# it once itself, before bats, and sets LINREG_SHARED_REPORTED).

. "$BATS_TEST_DIRNAME/../shared.sh"

setup() {
	export LC_ALL=C
	TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	# linreg from the top of the tree, or an instrumented build
	# (make sanitize: build/asan; make valgrind: a valgrind wrapper)
	export PATH="$TOP/${LINREG_BINDIR:-.}:$PATH"
	BUILD=$TOP/${LINREG_BUILD:-build}
	SHARED=${LINREG_SHARED:-$TOP/../shared}
	NIST=$SHARED/data/nist
	SEED=$SHARED/data/seed
	EX=$TOP/examples
	T=$(mktemp -d)
	# bats's own background jobs (the BATS_TEST_TIMEOUT watchdog),
	# which teardown leaves alone
	BATS_JOBS=" $(jobs -p | tr '\n' ' ')"
	if declare -f "$BATS_TEST_NAME" | grep -Eq '\$\{?(NIST|SEED|SHARED)\b'; then
		need_shared
	fi
}

# need_shared: the reference data is there, or the test fails (the
# first in this bats run, with the whole story) or skips (the others).
need_shared() {
	local missing mark
	missing=$(shared_missing "$SHARED")
	[ -z "$missing" ] && return 0
	if [ -n "${LINREG_SHARED_REPORTED:-}" ]; then
		skip "reference data missing from $SHARED (reported by tests/run.sh)"
	fi
	mark=${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}/linreg-shared-missing
	if [ -e "$mark" ]; then
		skip "reference data missing from $SHARED (see the first test that needed it)"
	fi
	: >"$mark"
	{
		shared_advice "$SHARED"
		echo "Missing:"
		printf '  %s\n' $missing
	} >&2
	return 1
}

# Anything a test left running in the background (a FIFO's writer or
# reader blocks in open() for ever when linreg fails before opening the
# other end) is killed, with its children: bats would otherwise wait for
# it, holding its output, for ever.  Not bats's own timeout watchdog,
# whose orphaned sleep would hold that output as long.  For the same
# reason a test waits for its own jobs by pid (wait $pid), never with a
# bare `wait`, which would wait BATS_TEST_TIMEOUT seconds for that
# watchdog.
kill_leftovers() {
	local p
	for p in $(jobs -p); do
		case ${BATS_JOBS:-} in *" $p "*) continue ;; esac
		pkill -KILL -P "$p" 2>/dev/null
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
}

teardown() {
	kill_leftovers
	rm -rf "$T"
}

# approx GOT WANT [TOL]: |GOT - WANT| <= TOL * |WANT| (TOL default 1e-9;
# absolute when WANT is 0).  Prints both on failure.
approx() {
	local tol=${3:-1e-9}
	if ! awk -v a="$1" -v b="$2" -v t="$tol" 'BEGIN {
		if (a == "" || a == "null") exit 1
		d = a - b; if (d < 0) d = -d
		m = b < 0 ? -b : b
		exit !(m == 0 ? d <= t : d <= t * m) }'; then
		echo "approx: got '$1', want '$2' (tolerance $tol)" >&2
		return 1
	fi
}

# jval FILTER: a value from the JSON in $output.
jval() {
	printf '%s\n' "$output" | jq -r "$1"
}

# csvcol NAME: the value of column NAME in a two-line CSV in $output.
csvcol() {
	printf '%s\n' "$output" | awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i }
		NR == 2 { print $c }'
}

# skip_if_instrumented REASON: for tests that cannot run under ASan (an
# address-space cap) or are too slow under valgrind (10^7 rows).  They
# run in every plain `make test`.
skip_if_instrumented() {
	if [ -n "${LINREG_SANITIZED:-}" ] || [ -n "${LINREG_SLOW:-}" ]; then
		skip "$1"
	fi
}

# skip_if_wasm REASON: for tests that linreg.wasm under Node's WASI
# (make wasm-test, LINREG_WASM=1) cannot pass: Node needs more than an
# address-space cap of 16 MiB, and WASI has no signals, file modes or
# realpath.  They run in every native `make test`.
skip_if_wasm() {
	if [ -n "${LINREG_WASM:-}" ]; then
		skip "wasm: $1"
	fi
}

# fits_line ARGS...: linreg --json ARGS fits y = 1 + 2x
fits_line() {
	run --separate-stderr linreg --json "$@"
	[ "$status" -eq 0 ] || { echo "$output $stderr"; return 1; }
	approx "$(jval .slope)" 2 1e-12
	approx "$(jval .intercept)" 1 1e-12
}
