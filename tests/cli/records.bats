#!/usr/bin/env bats
# --max-record: no line, record or JSON value may be longer than the limit
# (64 MiB unless given), and memory stays within it whatever the input -
# a file of NUL bytes has no line end, and blanks between JSON values are
# not kept at all.  Most tests use a small limit, so they are cheap.

load helper

# line N: N bytes of digits (a number too long to be a double, or a cell)
digits() {
	head -c "$1" /dev/zero | tr '\0' 7
}

@test "a line longer than --max-record: an error naming the file and line, exit 65" {
	{ printf 'x,y\n1,2\n2,'; digits 2000; printf '\n3,5\n'; } >"$T/l.csv"
	run linreg --max-record 1K "$T/l.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/l.csv:3: a line longer than 1 KiB (--max-record)" ]
	# the same from a pipe, and with --skip-invalid (it is not a bad row)
	run linreg --max-record 1K --skip-invalid <"$T/l.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: <stdin>:3: a line longer than 1 KiB (--max-record)" ]
	# TSV and --whitespace too
	tr , '\t' <"$T/l.csv" >"$T/l.tsv"
	run linreg --max-record 1K "$T/l.tsv"
	[ "$output" = "linreg: $T/l.tsv:3: a line longer than 1 KiB (--max-record)" ]
	tr , ' ' <"$T/l.csv" >"$T/l.txt"
	run linreg --whitespace --max-record 1K "$T/l.txt"
	[ "$output" = "linreg: $T/l.txt:3: a line longer than 1 KiB (--max-record)" ]
	# a larger limit reads it (the cell is then too long for a number)
	run linreg --max-record 3K "$T/l.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == "linreg: $T/l.csv:3: column 'y': cannot read \"777"*"(out of the range of a double)" ]]
}

@test "--max-record is exact: a line of the limit is read, one byte more is not" {
	{ printf 'x,y,note\n1,2,'; head -c 1020 /dev/zero | tr '\0' a; printf '\n2,3,b\n3,5,c\n'; } >"$T/e.csv"
	[ "$(sed -n 2p "$T/e.csv" | wc -c)" -eq 1025 ]   # 1024 bytes and LF
	fits=$(linreg --json --max-record 1024 "$T/e.csv" | jq .n)
	[ "$fits" = 3 ]
	run linreg --max-record 1023 "$T/e.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/e.csv:2: a line longer than 1023 bytes (--max-record)" ]
	# the last line, without a line end, is measured too
	printf 'x,y\n1,2\n2,3\n3,55555\n' >"$T/last.csv"
	head -c -1 "$T/last.csv" >"$T/nolf.csv"
	run linreg --max-record 6 "$T/nolf.csv"
	[ "$output" = "linreg: $T/nolf.csv:4: a line longer than 6 bytes (--max-record)" ]
}

@test "a quoted field with line ends: 'a record longer than', at its first line" {
	{ printf 'x,y,note\n1,2,a\n2,3,"'; for i in $(seq 200); do printf 'line %d\n' "$i"; done; printf '"\n3,5,c\n'; } >"$T/q.csv"
	run linreg --max-record 1K "$T/q.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/q.csv:3: a record longer than 1 KiB (--max-record)" ]
	fits=$(linreg --json --max-record 2K "$T/q.csv" | jq .n)
	[ "$fits" = 3 ]
}

@test "--max-record takes K, M and G; anything else is a usage error" {
	printf 'x,y\n1,2\n2,3\n3,5\n' >"$T/d.csv"
	for s in 100 1k 1K 1KiB 2M 1G; do
		run --separate-stderr linreg --max-record "$s" --json "$T/d.csv"
		[ "$status" -eq 0 ] || { echo "$s: $stderr"; return 1; }
	done
	for s in 0 -1 1.5K 1T 1KB K '' 12x 99999999999G; do
		run linreg --max-record "$s" "$T/d.csv"
		[ "$status" -eq 64 ] || { echo "'$s' gave $status"; return 1; }
		[[ "$output" == "linreg: --max-record: expected a size such as 65536, 64K, 64M or 1G, got '$s'"* ]]
	done
}

@test "-j 2: a long line in the second piece names its line in the whole file" {
	awk 'BEGIN { print "x,y"; for (i = 1; i <= 90000; i++) print i "," 2 * i + 1 }' >"$T/big.csv"
	{ printf '7,'; digits 100000; printf '\n'; } >>"$T/big.csv"
	awk 'BEGIN { for (i = 1; i <= 30000; i++) print i "," 2 * i + 1 }' >>"$T/big.csv"
	for j in 1 2 3; do
		run linreg -j $j --max-record 50K "$T/big.csv"
		[ "$status" -eq 65 ]
		[ "$output" = "linreg: $T/big.csv:90002: a line longer than 50 KiB (--max-record)" ]
	done
}

@test "--predict-file lines have the same limit" {
	printf 'x,y\n1,2\n2,3\n3,5\n' >"$T/d.csv"
	{ printf 'x\n4\n'; digits 3000; printf '\n'; } >"$T/p.csv"
	run --separate-stderr linreg --max-record 1K --predict-file "$T/p.csv" "$T/d.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "linreg: $T/p.csv:3: a line longer than 1 KiB (--max-record)" ]
}

@test "JSON: an element, an NDJSON line, a columns object longer than --max-record" {
	{ printf '[[1,2],\n[2,3],\n[3,'; digits 3000; printf '],[4,5]]\n'; } >"$T/a.json"
	run linreg --max-record 1K "$T/a.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/a.json:3: a JSON value longer than 1 KiB (--max-record)" ]
	{ printf '[1,2]\n[2,3]\n[3,'; digits 3000; printf ']\n'; } >"$T/a.ndjson"
	run linreg --max-record 1K "$T/a.ndjson"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/a.ndjson:3: a line longer than 1 KiB (--max-record)" ]
	{ printf '{"x": [1, 2, 3],\n "y": [2, 3, '; digits 3000; printf ']}\n'; } >"$T/c.json"
	run linreg --max-record 1K "$T/c.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/c.json:1: a JSON value longer than 1 KiB (--max-record)" ]
	# one that outgrows the read window as well, from a pipe
	{ printf '[[1,2],\n[2,'; digits 300000; printf ']]\n'; } >"$T/b.json"
	run linreg --max-record 100K <"$T/b.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: <stdin>:2: a JSON value longer than 100 KiB (--max-record)" ]
}

@test "JSON: blanks between values are not kept, however many (lines still counted)" {
	# 600 KB of blanks, more than the read window, around small values:
	# read with a 1K limit, and a later error names the right line
	{ printf '['; head -c 300000 /dev/zero | tr '\0' ' '; printf '[1,3],\n'
	  head -c 300000 /dev/zero | tr '\0' '\n'; printf '[2,5], [3,7]]'
	  head -c 300000 /dev/zero | tr '\0' ' '; } >"$T/w.json"
	fits_line --max-record 1K "$T/w.json"
	sed 's/\[3,7\]/[3,"x"]/' "$T/w.json" >"$T/bad.json"
	run linreg --max-record 1K "$T/bad.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/bad.json:300002: element 2: cannot read \"x\" as a number" ]
	# NDJSON: blank lines, and blanks before a value
	{ printf '[1,3]\n'; head -c 300000 /dev/zero | tr '\0' ' '; printf '[2,5]\n'
	  head -c 300000 /dev/zero | tr '\0' '\n'; printf '[3,7]\n'; } >"$T/w.ndjson"
	fits_line --max-record 1K "$T/w.ndjson"
	# a top-level object followed by blanks
	{ printf '{"x": [1, 2, 3], "y": [3, 5, 7]}'; head -c 300000 /dev/zero | tr '\0' ' '; } >"$T/o.json"
	fits_line --max-record 1K "$T/o.json"
}

@test "JSON: 50 MB of blanks after '[' take no memory (under a 40 MB address-space cap)" {
	skip_if_instrumented "an address-space cap"
	skip_if_wasm "an address-space cap"
	{ printf '['; head -c 50000000 /dev/zero | tr '\0' ' '; printf '[1,3],[2,5],[3,7]]\n'; } >"$T/s.json"
	run --separate-stderr bash -c 'ulimit -v 40000 && exec linreg --json "$1"' _ "$T/s.json"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	approx "$(jval .slope)" 2 1e-12
}

@test "the default limit is 64 MiB: /dev/zero fails at once, in flat memory" {
	skip_if_instrumented "an address-space cap, and 65 MiB"
	skip_if_wasm "an address-space cap"
	# a line of 65 MiB (NUL bytes: said too) under a cap of 100 MB,
	# which the line itself, buffered whole, would overrun
	run bash -c 'head -c 68157440 /dev/zero | { ulimit -v 100000 && exec timeout 60 linreg; }'
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: <stdin>:1: a line longer than 64 MiB (--max-record): it holds NUL bytes, is the input binary?" ]
	# --max-record raises it
	run bash -c 'head -c 68157441 /dev/zero | timeout 60 linreg --max-record 65M'
	[ "$output" = "linreg: <stdin>:1: a line longer than 65 MiB (--max-record): it holds NUL bytes, is the input binary?" ]
}

@test "linreg merge: a state line longer than --max-record is an error, in flat memory" {
	linreg --format state "$EX/height-weight.csv" >"$T/s"
	run --separate-stderr linreg merge --max-record 1K --json "$T/s"
	[ "$status" -eq 0 ]
	[ "$(jval .slope)" = 3.45 ]
	{ printf 'linreg-state 2\nmodel '; head -c 2000 /dev/zero | tr '\0' 'a'; printf '\n'; } >"$T/long"
	run linreg merge --max-record 1K "$T/long"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/long:2: a line longer than 1 KiB (--max-record)" ]
	# a second state after a good one, from standard input
	run bash -c 'cat "$1" "$2" | linreg merge --max-record 1K' _ "$T/s" "$T/long"
	[ "$status" -eq 65 ]
	[[ "$output" == "linreg: <stdin>:"*": a line longer than 1 KiB (--max-record)" ]]
}

@test "linreg merge: /dev/zero fails at the default limit, in flat memory" {
	skip_if_instrumented "an address-space cap, and 65 MiB"
	skip_if_wasm "an address-space cap"
	run bash -c 'head -c 68157440 /dev/zero | { ulimit -v 100000 && exec timeout 60 linreg merge; }'
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: <stdin>:1: a line longer than 64 MiB (--max-record)" ]
}
