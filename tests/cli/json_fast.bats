#!/usr/bin/env bats
# The JSON reader's fast path (cli/json_scan.c): flat records of numbers
# read without cJSON must give what the cJSON path gives, byte for byte
# (LINREG_JSON_FAST=0 turns the fast path off), and the same errors at
# the same lines when something odd comes after thousands of fast rows.

load helper

# points N [ndjson]: N realistic points (random signs, widths, some
# exponents), deterministic, as an array or as NDJSON
points() {
	python3 - "$@" <<'EOF'
import random, sys
n = int(sys.argv[1]); nd = len(sys.argv) > 2
r = random.Random(5)
def num():
    s = '-' if r.random() < 0.5 else ''
    if r.random() < 0.05:
        return "%s%.*e" % (s, r.randint(1, 6), r.uniform(1, 10))
    return s + "%.*f" % (r.randint(0, 6), r.uniform(0, 10 ** r.randint(1, 4)))
rows = ['{"x": %s, "y": %s}' % (num(), num()) for _ in range(n)]
print("\n".join(rows) if nd else "[" + ",\n".join(rows) + "]")
EOF
}

# both ARGS...: linreg ARGS with and without the fast path give the
# same status, output and messages; left in $status, $output, $stderr
both() {
	run --separate-stderr env LINREG_JSON_FAST=0 linreg "$@"
	local st=$status out=$output err=$stderr
	run --separate-stderr linreg "$@"
	[ "$status" -eq "$st" ]
	[ "$output" = "$out" ]
	[ "$stderr" = "$err" ]
}

@test "the fast path and cJSON agree on generated and mutated documents" {
	skip_if_wasm "the comparison runs linreg a few thousand times"
	if [ -n "${LINREG_SLOW:-}" ]; then
		skip "a few thousand runs: not under valgrind"
	fi
	n=${JSON_DIFF_DOCS:-60}
	[ -z "${LINREG_SANITIZED:-}" ] || n=20
	run python3 "$BATS_TEST_DIRNAME/json_diff.py" "$(command -v linreg)" "$n" 11
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"json_diff: $n documents, 0 differences"* ]]
}

@test "fast rows: the same fit as cJSON's, array, NDJSON and pretty-printed" {
	points 20000 >"$T/p.json"
	points 20000 nd >"$T/p.ndjson"
	python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), indent=2)' "$T/p.json" "$T/pretty.json"
	for f in p.json p.ndjson pretty.json; do
		both --format json "$T/$f"
		[ "$(jval .n)" = 20000 ]
	done
}

@test "an error after thousands of fast rows keeps its line and words" {
	points 5000 >"$T/p.json"
	points 5000 nd >"$T/p.ndjson"
	# a number JSON does not allow, a key twice, a control character
	sed '4000s/"y": /"y": 01/' "$T/p.json" >"$T/lead.json"
	both "$T/lead.json"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "linreg: $T/lead.json:4000: malformed JSON at column "*"a number must be written as JSON writes it (not 01, 1. or .5)" ]]
	sed '3000s/}/, "x": 1}/' "$T/p.ndjson" >"$T/dup.ndjson"
	both "$T/dup.ndjson"
	[ "$status" -eq 65 ]
	[ "$stderr" = "linreg: $T/dup.ndjson:3000: key 'x' appears twice in one object: each key may appear once" ]
	sed "2500s/\"y\"/\"y$(printf '\001')\"/" "$T/p.json" >"$T/ctl.json"
	both "$T/ctl.json"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "linreg: $T/ctl.json:2500: malformed JSON at column "*"a control character in a string must be escaped" ]]
	# a trailing comma, and an element cut off
	sed '$s/}]$/},]/' "$T/p.json" >"$T/comma.json"
	both "$T/comma.json"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "linreg: $T/comma.json:5000: malformed JSON"* ]]
	head -c 100000 "$T/p.json" >"$T/cut.json"
	both "$T/cut.json"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"malformed JSON: unexpected end of input" ]]
}

@test "fast rows among strings, nulls and odd numbers: counts as cJSON's" {
	points 3000 >"$T/p.json"
	sed -e '100s/"y": [^}]*/"y": "bad"/' -e '200s/"y": [^}]*/"y": null/' \
	    -e '300s/"x": [^,]*/"x": "1.5"/' -e '400s/"y": [^}]*/"y": 1e999/' \
	    -e '500s/}/, "n": {"a": [1]}}/' -e '600s/"x"/"\\u0078"/' \
	    -e '700s/}/, "s": "a\\"b"}/' "$T/p.json" >"$T/odd.json"
	both --json --skip-invalid "$T/odd.json"
	[ "$(jval .rows_read)" = 3000 ]
	[ "$(jval .rows_skipped)" = 2 ]
	[ "$(jval .rows_missing)" = 1 ]
	both --skip-invalid "$T/odd.json"
	[[ "$stderr" == *"first: $T/odd.json:100: key 'y': cannot read \"bad\" as a number"* ]]
	both --na-action fail "$T/odd.json"
	[ "$status" -eq 65 ]
}

@test "fast rows with groups, weights, several predictors and formulas" {
	python3 - "$T" <<'EOF'
import random, sys
r = random.Random(3)
t = sys.argv[1]
with open(t + "/g.json", "w") as f:
    rows = []
    for i in range(6000):
        g = r.choice(['"a"', '"b b"', '7', '-3', 'null', 'true', '"\\u0063"', '1.5'])
        rows.append('{"x": %.4f, "z": %d, "y": %.3f, "w": %.2f, "g": %s}' % (
            r.uniform(-50, 50), r.randint(-9, 9), r.uniform(-99, 99),
            r.uniform(0.1, 3), g))
    f.write("[" + ",\n".join(rows) + "]\n")
EOF
	both --json -g g "$T/g.json"
	[[ "$output" == *'"group": {"g": "b b"}'* ]]
	[[ "$output" == *'"group": {"g": "7"}'* ]]
	both --json --weights w "$T/g.json"
	both --json -x x,z -y y --weights w "$T/g.json"
	both --json 'y ~ x + I(x^2) + z' "$T/g.json"
	both --json -x 1 -y 3 "$T/g.json"
	both --fitted "$T/g.json"
	# one key for two columns: still a usage error
	both -x x -y x "$T/g.json"
	[ "$status" -eq 64 ]
}

@test "NDJSON fast lines: CRLF, blank lines, blanks around, [x, y] pairs" {
	printf '{"x": 1, "y": 3}\r\n\r\n  {"x": 2, "y": 5}\t\r\n\n{"x": 3, "y": 7}\r\n' >"$T/a.ndjson"
	for i in $(seq 4 3000); do printf '{"x": %d, "y": %d}\r\n' "$i" $((2 * i + 1)); done >>"$T/a.ndjson"
	both --json "$T/a.ndjson"
	[ "$(jval .n)" = 3000 ]
	approx "$(jval .slope)" 2 1e-12
	printf '[1, 3]\n[2, 5]\n' >"$T/pairs.json"
	for i in $(seq 3 3000); do printf '[%d, %d]\n' "$i" $((2 * i + 1)); done >>"$T/pairs.json"
	printf '[3001, 6003, 7]\n' >>"$T/pairs.json"
	both --json "$T/pairs.json"
	[ "$(jval .n)" = 3001 ]
	printf '[3002 6005]\n' >>"$T/pairs.json"
	both "$T/pairs.json"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "linreg: $T/pairs.json:3002: malformed JSON"* ]]
}

@test "a long file name, a record at --max-record, windows of any size" {
	points 4000 nd >"$T/p.ndjson"
	# a name longer than the 300 bytes of a row's "NAME:LINE"
	d=$T/$(printf 'd%.0s' $(seq 150))/$(printf 'e%.0s' $(seq 150))
	mkdir -p "$d"
	long=$d/points.ndjson
	cp "$T/p.ndjson" "$long"
	sed -i '3500s/"y": [^}]*/"y": "x"/' "$long"
	both "$long"
	[ "$status" -eq 65 ]
	both --max-record 34 --skip-invalid "$T/p.ndjson"
	both --max-record 30 "$T/p.ndjson"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"longer than 30 bytes (--max-record)"* ]]
	# from a pipe, in reads of whatever size the pipe gives
	run --separate-stderr sh -c "cat '$T/p.ndjson' | LINREG_JSON_FAST=0 linreg --json -"
	out=$output
	run --separate-stderr sh -c "cat '$T/p.ndjson' | linreg --json -"
	[ "$output" = "$out" ]
	[ "$(jval .n)" = 4000 ]
}

@test "a large realistic JSON array and NDJSON: memory stays flat" {
	skip_if_wasm "ulimit -v 16384 leaves Node no room to start"
	skip_if_instrumented "address-space cap: plain builds only"
	points 200000 >"$T/big.json"
	points 200000 nd >"$T/big.ndjson"
	for f in big.json big.ndjson; do
		run --separate-stderr sh -c "ulimit -v 16384; linreg --json '$T/$f'"
		[ "$status" -eq 0 ]
		[ "$(jval .n)" = 200000 ]
	done
}
