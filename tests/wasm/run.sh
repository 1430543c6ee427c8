#!/bin/sh
# run.sh - the tests of the WebAssembly builds (make wasm), run by
# tests/run.sh in make test and by make wasm-test; from the top of the
# tree, after make linreg wasm.  Ends with "wasm: N passed, N failed".
#
#   1. the CLI's bats tests against linreg.wasm under Node's WASI
#      (LINREG_WASM=1: tests that WASI cannot pass say why and skip)
#   2. native and wasm outputs compared byte for byte (compare.sh)
#   3. the edge handler, edge/worker.mjs (tests/edge, node --test)
set -u
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# bats kills a test still running after this many seconds (tests/run.sh)
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-300}

# tap NAME: count the top-level TAP results in $log; a run that printed
# no plan failed as a whole.
tap() {
	cat "$log"
	passed=$((passed + $(grep -c '^ok ' "$log")))
	failed=$((failed + $(grep -c '^not ok ' "$log")))
	if ! grep -q '^1\.\.' "$log"; then
		echo "not ok $1 did not run"
		failed=$((failed + 1))
	fi
}

LINREG_BINDIR=build/wasm/bin LINREG_WASM=1 bats --tap tests/cli >"$log" 2>&1
tap "bats on linreg.wasm"

bash tests/wasm/compare.sh >"$log" 2>&1
tap "wasm = native"

node --no-warnings --import ./edge/wasm-import.mjs --test \
	--test-reporter=tap tests/edge/ >"$log" 2>&1
tap "edge tests"

echo "wasm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
