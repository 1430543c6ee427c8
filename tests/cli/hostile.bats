#!/usr/bin/env bats
# Hostile and odd inputs: each gets a defined result - a clear message
# with the file and line and a documented exit status, or a correct fit.

load helper

@test "a 100 MB line: read under --max-record 128M, and the fit is right" {
	skip_if_instrumented "100 MB through an instrumented build is too slow"
	{ echo "x,y,junk"; echo "1,3,a"; printf '2,5,'; head -c 100000000 /dev/zero | tr '\0' 'z'; printf '\n3,7,b\n'; } >"$T/long.csv"
	run --separate-stderr linreg --json --max-record 128M "$T/long.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 3 ]
	[ "$(jval .slope)" = 2 ]
}

@test "NUL bytes in a cell: an error that shows them" {
	printf 'x,y\n1,2\n2,3\x004\n3,5\n' >"$T/nul.csv"
	run linreg "$T/nul.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/nul.csv:3: column 'y': cannot read \"3\\x004\" as a number" ]
	# in a column that is not used, they do no harm
	printf 'x,y,z\n1,2,a\x00b\n2,3,c\n3,5,d\n' >"$T/nul2.csv"
	run --separate-stderr linreg --json "$T/nul2.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 3 ]
}

@test "invalid UTF-8 in a column name: the JSON output stays valid" {
	printf 'x\xff\xfe,y\xc3\xa9\n1,2\n2,3.5\n3,5\n' >"$T/u.csv"
	run --separate-stderr linreg --json "$T/u.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .x)" = "x"$'\xef\xbf\xbd\xef\xbf\xbd' ]
	[ "$(jval .y)" = "yé" ]
	printf '%s' "$output" | iconv -f UTF-8 -t UTF-8 >/dev/null
}

@test "an unterminated quote at the end of the file names its line" {
	printf 'x,y\n1,2\n2,3\n3,"4\n' >"$T/q.csv"
	run linreg "$T/q.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/q.csv:4: unterminated quoted field" ]
}

@test "JSON nested a million deep: a clean error, no stack overflow" {
	awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "["; for (i = 0; i < 1000000; i++) printf "]"; print "" }' >"$T/deep.json"
	run linreg "$T/deep.json"
	[ "$status" -eq 65 ]
	[[ "$output" == "linreg: $T/deep.json:1: malformed JSON"* ]]
	awk 'BEGIN { printf "[{\"x\": 1, \"y\": "; for (i = 0; i < 1000000; i++) printf "{\"a\":"; print "" }' >"$T/deep2.json"
	run linreg "$T/deep2.json"
	[ "$status" -eq 65 ]
}

@test "duplicate JSON keys are refused (cJSON would take the first, JSON.parse the last)" {
	echo '[{"x": 1, "y": 2, "y": 100}, {"x": 2, "y": 4}, {"x": 3, "x": -5, "y": 6}]' >"$T/dup.json"
	run linreg --json "$T/dup.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/dup.json:1: key 'y' appears twice in one object: each key may appear once" ]
}

@test "1e400 is rejected; subnormals and -0 are numbers" {
	printf 'x,y\n1,1e400\n' >"$T/big.csv"
	run linreg "$T/big.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == *"(out of the range of a double)" ]]
	printf 'x,y\n-0,4.9e-324\n1,1e-310\n2,2e-310\n' >"$T/sub.csv"
	run --separate-stderr linreg --json "$T/sub.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 3 ]
	approx "$(jval .slope)" 1e-310 1e-9
}

@test "x near 1e200 and near 1e-200: no overflow in the squares" {
	awk 'BEGIN { print "x,y"; for (i = 1; i <= 20; i++) printf "%de200,%.17ge200\n", i, 3 * i + 1 + (i % 3) / 10 }' >"$T/h.csv"
	run --separate-stderr linreg --json "$T/h.csv"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" 3 1e-3
	approx "$(jval .r2)" 0.9999 1e-3
	awk 'BEGIN { print "x,y"; for (i = 1; i <= 20; i++) printf "%de-200,%.17g\n", i, 3 * i + 1 + (i % 3) / 10 }' >"$T/l.csv"
	run --separate-stderr linreg --json "$T/l.csv"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" 3e200 1e-3
	[ "$(jval '.coefficients[1].std_error')" != null ]
}

@test "two distinct x values fit a line; 10^6 identical rows do not" {
	printf 'x,y\n1,2\n1,2.5\n4,8\n4,7\n' >"$T/two.csv"
	run --separate-stderr linreg --json "$T/two.csv"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" 1.75 1e-14
	yes 5,7 | head -n 1000000 >"$T/same.csv"
	run linreg "$T/same.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: all x values are equal: the slope is undefined" ]
}

@test "a FIFO is read like a pipe" {
	mkfifo "$T/fifo"
	printf 'x,y\n1,3\n2,5\n3,7.5\n' >"$T/fifo" &
	writer=$!
	run --separate-stderr linreg --json "$T/fifo"
	# No wait before this: a linreg that failed without opening the FIFO
	# leaves the writer blocked in open(), and teardown kills it.  (A
	# bare wait would also wait for bats's timeout watchdog.)
	[ "$status" -eq 0 ]
	wait $writer
	[ "$(jval .n)" = 3 ]
}

@test "rows read = rows used + rows skipped + rows missing, in every output format" {
	printf 'x,y\n1,2\nfoo,3\n2,4.5\n3,?\n4,8\n5\n6,12.5\n7,NA\n' >"$T/m.csv"
	run --separate-stderr linreg --json --skip-invalid "$T/m.csv"
	[ "$(jval .rows_read)" = 8 ]
	[ "$(jval .rows_missing)" = 1 ]
	[ "$(jval '.rows_used + .rows_skipped + .rows_missing')" = 8 ]
	[ "$(jval .rows_used)" = "$(jval .n)" ]
	run --separate-stderr linreg --format tsv --skip-invalid "$T/m.csv"
	r=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $c["rows_read"], $c["rows_used"], $c["rows_skipped"], $c["rows_missing"] }' <<<"$output")
	[ "$r" = "8 4 3 1" ]
	run --separate-stderr linreg --skip-invalid "$T/m.csv"
	[[ "$output" == *"(rows read 8, skipped 3)"*"1 row with missing values left out"* ]]
	[[ "$stderr" == *"skipped 3 of 8 data rows"* ]]
}

@test "a closed pipe ends linreg quietly by SIGPIPE" {
	skip_if_wasm "no signals in WASI: a closed pipe is a write error (exit 74)"
	xs=$(seq -s, 1 20000)
	run bash -c "trap '' PIPE; linreg --json --predict $xs '$EX/height-weight.csv' 2>'$T/err' | head -c1 >/dev/null; echo \${PIPESTATUS[0]}"
	[ "$output" = 141 ]
	[ ! -s "$T/err" ]
}

@test "a file that shrinks while it is read is an error, not a cut-off fit" {
	skip_if_instrumented "timing-based: plain builds only"
	awk 'BEGIN { print "x,y"; for (i = 0; i < 4000000; i++) printf "%d,%d\n", i, 2 * i + i % 3 }' >"$T/shrink.csv"
	for j in 1 2; do
		cp "$T/shrink.csv" "$T/s$j.csv"
		linreg -j $j --json "$T/s$j.csv" >"$T/out$j" 2>"$T/err$j" &
		pid=$!
		# cut the file once linreg has read a few megabytes of it
		for ((k = 0; k < 400; k++)); do
			r=$(awk '/^rchar/ { print $2 }' /proc/$pid/io 2>/dev/null || echo 0)
			[ "${r:-0}" -gt 4000000 ] && break
			kill -0 $pid 2>/dev/null || break
			sleep 0.005
		done
		truncate -s 1000 "$T/s$j.csv"
		st=0
		wait $pid || st=$?
		if [ "$st" -eq 0 ]; then
			# finished before the cut: then it must have read everything
			[ "$(jq .n "$T/out$j")" = 4000000 ]
		else
			[ "$st" -eq 66 ]
			grep -q "s$j.csv: the file shrank while it was read (from [0-9]* to 1000 bytes)" "$T/err$j"
		fi
	done
}

@test "NDJSON whose last line has no line end (found by fuzzing)" {
	printf '{"x":1,"y":2}\n{"x":2,"y":3}\n{"x":3,"y":5}' >"$T/last.ndjson"
	run --separate-stderr linreg --json "$T/last.ndjson"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 3 ]
	run --separate-stderr linreg --json --input-format ndjson - <"$T/last.ndjson"
	[ "$(jval .n)" = 3 ]
}

@test "subnormal x: the slope overflows a double - an error, not a wrong verdict (found by fuzzing)" {
	printf 'x,y\n1e-320,1\n0,2\n1e-320,1.5\n0,2.5\n' >"$T/sub.csv"
	run linreg "$T/sub.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: a coefficient is beyond the range of a double (about 1.8e308): rescale x or y" ]
	printf 'x,y\n0,1\n1e-320,2\n0,1.5\n1e-320,2.5\n' >"$T/sub2.csv"
	run linreg "$T/sub2.csv"
	[ "$status" -eq 65 ]
	# subnormal x whose slope fits in a double is fitted
	printf 'x,y\n0,1\n1e-310,1\n2e-310,1\n3e-310,1.000000000000001\n' >"$T/sub3.csv"
	run --separate-stderr linreg --json "$T/sub3.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 4 ]
}

@test "a 40 MB NDJSON line through a pipe: linear time" {
	skip_if_instrumented "size: plain builds only"
	{ printf '{"x": 1, "y": 2}\n{"x": 2, '; head -c 40000000 /dev/zero | tr '\0' ' '; printf '"y": 4}\n{"x": 3, "y": 6.5}\n'; } >"$T/long.ndjson"
	run --separate-stderr sh -c "cat '$T/long.ndjson' | linreg --json"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 3 ]
}
