#!/usr/bin/env bats
# JSON and NDJSON input, and how the input format is chosen.

load helper


@test "an array of [x, y] pairs" {
	echo '[[1, 3], [2, 5], [3, 7.0]]' >"$T/p.json"
	fits_line "$T/p.json"
	[ "$(jval .n)" = 3 ]
	echo '[[3, 1, 9], [5, 2, 9], [7, 3, 9]]' >"$T/p3.json"
	fits_line -x 2 -y 1 "$T/p3.json"
}

@test "an array of objects; -x/-y name the keys" {
	echo '[{"x": 1, "y": 3}, {"y": 5, "x": 2}, {"x": 3, "y": 7, "z": "a"}]' >"$T/o.json"
	fits_line "$T/o.json"
	echo '[{"t": 1, "v": 3}, {"t": 2, "v": 5}, {"t": 3, "v": 7}]' >"$T/tv.json"
	fits_line -x t -y v "$T/tv.json"
	[ "$(jval .x)" = t ]
	[ "$(jval .y)" = v ]
	[ "$(jval '.coefficients[1].term')" = t ]
}

@test "a columnar object {\"x\": [...], \"y\": [...]}" {
	echo '{"x": [1, 2, 3], "y": [3, 5, 7]}' >"$T/c.json"
	fits_line "$T/c.json"
	echo '{"a": [1, 2, 3], "b": [3, 5, 7]}' >"$T/ab.json"
	fits_line -x a -y b "$T/ab.json"
	echo '{"x": [1, 2, 3], "y": [3, 5]}' >"$T/bad.json"
	run linreg "$T/bad.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"differ in length (3 and 2)"* ]]
}

@test "a columnar object of 400 000 points is read in linear time" {
	skip_if_instrumented "400 000 points under valgrind: plain builds only"
	# Quadratic (each row indexed from the head of its arrays) this took
	# about 4 minutes; linear it takes well under a second.  The timeout
	# is generous and only tells the two apart.
	awk 'BEGIN { n = 400000; printf "{\"x\": ["
		for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", i
		printf "],\n \"y\": ["
		for (i = 0; i < n; i++) printf "%s%.1f", i ? "," : "", 1 + 2 * i + (i % 2 ? 0.5 : -0.5)
		print "]}" }' >"$T/c.json"
	run --separate-stderr timeout 60 linreg --json "$T/c.json"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 400000 ]
	# the exact fit, from Python's fractions: slope 2 + 100000 /
	# 5333333333300000, intercept 499999.5 * (2 - slope) + 1
	approx "$(jval .slope)" 2.00000000001875 1e-13
	approx "$(jval .intercept)" 0.999996250009375 1e-9
	# a bad value deep inside is still named by its element
	sed -i 's/,399998,/,"bad",/' "$T/c.json"
	run timeout 60 linreg "$T/c.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/c.json: element 399998: key 'x': cannot read \"bad\" as a number" ]
}

@test "a columnar object is read in memory near its size, not as a tree" {
	skip_if_wasm "ulimit -v leaves Node no room to start"
	skip_if_instrumented "address-space cap: plain builds only"
	# 400 000 points, 6.2 MB: as a cJSON tree this took 70 MB; as text
	# and doubles it runs under a 32 MiB address-space cap
	awk 'BEGIN { n = 400000; printf "{\"x\": ["
		for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", i
		printf "], \"note\": {\"a\": [1, 2]}, \"y\": ["
		for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", 1 + 2 * i
		print "]}" }' >"$T/c.json"
	run --separate-stderr sh -c "ulimit -v 32768; linreg --json '$T/c.json'"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 400000 ]
	[ "$(jval .slope)" = 2 ]
	[ "$(jval .intercept)" = 1 ]
}

@test "a request is read point by point, not as a tree" {
	skip_if_wasm "ulimit -v leaves Node no room to start"
	skip_if_instrumented "address-space cap: plain builds only"
	# 400 000 points, 10.6 MB: as a cJSON tree this took 131 MB
	awk 'BEGIN { printf "{\"predict\": [1, \"2\"], \"input\": ["
		for (i = 0; i < 400000; i++) printf "%s{\"x\": %d, \"y\": %d}", i ? "," : "", i, 1 + 2 * i
		print "]}" }' >"$T/r.json"
	run --separate-stderr sh -c "ulimit -v 32768; linreg --json '$T/r.json'"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 400000 ]
	[ "$(jval .slope)" = 2 ]
	[ "$(jval '.predictions[1].fit')" = 5 ]
}

@test "a columnar object: bad values, skipped rows and errors as before it was streamed" {
	echo '{"x": [1, 2, "a", 4, 5], "y": [3, null, 7, 9, 11]}' >"$T/c.json"
	run linreg "$T/c.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/c.json: element 2: key 'x': cannot read \"a\" as a number" ]
	run --separate-stderr linreg --json --skip-invalid "$T/c.json"
	[ "$status" -eq 0 ]
	[ "$(jval .rows_skipped)" = 1 ]
	[ "$(jval .rows_missing)" = 1 ]
	[ "$(jval .rows_used)" = 3 ]
	[[ "$stderr" == *"(first: $T/c.json: element 2: key 'x': cannot read \"a\" as a number)"* ]]
	# other members are checked and ignored; "input" makes it a request
	echo '{"y": [3, 5, 7], "meta": {"a": [1]}, "x": [1, 2, 3], "input": 5}' >"$T/o.json"
	fits_line "$T/o.json"
	echo '{"x": [9, 9, 9], "y": [3, 5, 7], "input": [[1, 3], [2, 5], [3, 7]]}' >"$T/r.json"
	fits_line "$T/r.json"
	echo '{"x": [1, 2, 3,], "y": [3, 5, 7]}' >"$T/m.json"
	run linreg "$T/m.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/m.json:1: malformed JSON at column 16 (byte offset 15)" ]
	echo '{"x": [1, 2, 3], "y": 5}' >"$T/m.json"
	run linreg "$T/m.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/m.json: expected an array under key 'y' (or an \"input\" array of points)" ]
	echo '{"x": [1, 2, 3], "y": [3, 5, 7], "x": [1, 2, 4]}' >"$T/m.json"
	run linreg "$T/m.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/m.json:1: key 'x' appears twice in one object: each key may appear once" ]
}

@test "the edge worker's request: input points and predict values" {
	echo '{"input": [{"x": 1, "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7}], "predict": [10, 0.5]}' >"$T/r.json"
	fits_line "$T/r.json"
	[ "$(jval '.predictions | length')" = 2 ]
	approx "$(jval '.predictions[0].fit')" 21 1e-12
	approx "$(jval '.predictions[1].fit')" 2 1e-12
	# with --predict too: those come first
	run --separate-stderr linreg --json --predict 4 "$T/r.json"
	[ "$(jval '[.predictions[].x] | join(",")')" = "4,10,0.5" ]
}

@test "NDJSON / JSON Lines: one pair or object per line" {
	printf '{"x": 1, "y": 3}\n\n{"x": 2, "y": 5}\n{"x": 3, "y": 7}\n' >"$T/l.ndjson"
	fits_line "$T/l.ndjson"
	cp "$T/l.ndjson" "$T/l.jsonl"
	fits_line "$T/l.jsonl"
	printf '[1, 3]\n[2, 5]\n[3, 7]\n' >"$T/pairs.txt"
	fits_line "$T/pairs.txt"
	fits_line --input-format ndjson < "$T/pairs.txt"
}

@test "the format is sniffed from the first non-blank byte on stdin" {
	printf '\n  [[1, 3], [2, 5], [3, 7]]\n' | { run --separate-stderr linreg --json; [ "$status" -eq 0 ]; }
	run --separate-stderr sh -c 'printf "{\"x\":[1,2,3],\"y\":[3,5,7]}" | linreg --json'
	[ "$(jval .slope)" = 2 ]
	run --separate-stderr sh -c 'printf "{\"x\":1,\"y\":3}\n{\"x\":2,\"y\":5}\n{\"x\":3,\"y\":7}\n" | linreg --json'
	[ "$(jval .slope)" = 2 ]
	run --separate-stderr sh -c 'printf "x,y\n1,3\n2,5\n3,7\n" | linreg --json'
	[ "$(jval .slope)" = 2 ]
}

@test "--input-format overrides the extension" {
	echo '[[1, 3], [2, 5], [3, 7]]' >"$T/data.csv"
	fits_line --input-format json "$T/data.csv"
	run linreg --input-format xml "$T/data.csv"
	[ "$status" -eq 64 ]
}

@test "numbers as strings are read strictly; null is a missing value" {
	echo '[{"x": "1", "y": "3"}, {"x": 2, "y": 5}, {"x": 3, "y": " 7 "}]' >"$T/s.json"
	fits_line "$T/s.json"
	echo '[{"x": 1, "y": 3}, {"x": 2, "y": null}, {"x": 3, "y": 4}]' >"$T/n.json"
	run --separate-stderr linreg --json "$T/n.json"
	[ "$status" -eq 0 ]
	[ "$(jval .rows_missing)" = 1 ]
	[ "$(jval .n)" = 2 ]
	run linreg --na-action fail "$T/n.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/n.json:1: column 'y': missing value (--na-action fail)" ]
	printf '[\n {"x": 1, "y": 3},\n {"x": 2, "y": "1,5"}\n]\n' >"$T/c.json"
	run linreg "$T/c.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/c.json:3: key 'y': cannot read \"1,5\" as a number" ]
	echo '[[1, true], [2, 3]]' >"$T/b.json"
	run linreg "$T/b.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/b.json:1: element 2: cannot read true as a number" ]
	echo '[[1, 1e400], [2, 3]]' >"$T/big.json"
	run linreg "$T/big.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"out of the range of a double"* ]]
}

@test "a key may appear once in an object, anywhere in the input" {
	printf '[{"x": 1, "y": 3},\n {"x": 2, "y": 5, "x": 9}]\n' >"$T/d.json"
	run linreg "$T/d.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/d.json:2: key 'x' appears twice in one object: each key may appear once" ]
	# escapes are decoded before keys are compared; ignored members count
	echo '{"x": 1, "y": 3, "\u0078": 2}' >"$T/d.ndjson"
	run linreg "$T/d.ndjson"
	[ "$status" -eq 65 ]
	[[ "$output" == *"key 'x' appears twice"* ]]
	echo '{"input": [[1, 3], [2, 5]], "input": [[1, 1], [2, 9]]}' >"$T/r.json"
	run linreg "$T/r.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"key 'input' appears twice"* ]]
	echo '{"x": [1, 2], "y": [3, 5], "meta": {"a": [{"b": 1, "b": 2}]}}' >"$T/c.json"
	run linreg "$T/c.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"key 'b' appears twice"* ]]
	# an object of many keys (sorted, not compared pair by pair)
	awk 'BEGIN { printf "{\"x\": [1, 2], \"y\": [3, 5]"; for (i = 0; i < 50000; i++) printf ", \"k%d\": 0", i; print ", \"k7\": 1}" }' >"$T/many.json"
	run timeout 60 linreg "$T/many.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"key 'k7' appears twice"* ]]
}

@test "\\u0000 in a JSON string is refused: keys and values are not cut at a NUL" {
	# -x a used to pick the key "a\u0000b" (cJSON's strings end at a NUL)
	echo '[{"a\u0000b": 1, "y": 3}, {"a\u0000b": 2, "y": 5}, {"a\u0000b": 3, "y": 7}]' >"$T/k.json"
	run linreg -x a "$T/k.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/k.json:1: malformed JSON at column 5 (byte offset 4): \\u0000 (NUL) in a string is not accepted" ]
	printf '{"x": 1, "y": "3\\u0000junk"}\n' >"$T/v.ndjson"
	run linreg "$T/v.ndjson"
	[ "$status" -eq 65 ]
	[[ "$output" == *"\\u0000 (NUL) in a string is not accepted" ]]
	# an escaped backslash before u0000 is no NUL
	echo '[{"x": 1, "y": 3, "n": "\\\\u0000"}, {"x": 2, "y": 5}]' >"$T/ok.json"
	fits_line "$T/ok.json"
}

@test "JSON is read by RFC 8259: numbers, control characters, nesting" {
	for bad in '[[01, 3], [2, 5]]' '[[1., 3], [2, 5]]' '[[-.5, 3], [2, 5]]' '[[1, 3], [2, 5e]]'; do
		echo "$bad" >"$T/n.json"
		run linreg "$T/n.json"
		[ "$status" -eq 65 ]
		[[ "$output" == *"malformed JSON at column"* ]]
	done
	echo '[[1, 3], [2, 01]]' >"$T/n.json"
	run linreg "$T/n.json"
	[ "$output" = "linreg: $T/n.json:1: malformed JSON at column 14 (byte offset 13): a number must be written as JSON writes it (not 01, 1. or .5)" ]
	echo '[[1, 3], [-2, -3], [0.5e+1, 11E0]]' >"$T/n.json"
	fits_line "$T/n.json"
	printf '[[1, 3], [2, 5], {"x": 3, "y": 7, "note": "a\tb"}]\n' >"$T/t.json"
	run linreg "$T/t.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"a control character in a string must be escaped" ]]
	printf '[[1, 3],\f[2, 5]]\n' >"$T/f.json"
	run linreg --input-format json "$T/f.json"
	[ "$status" -eq 65 ]
	# 1000 levels are read, 1001 are not, with a message that says so
	awk 'BEGIN { printf "{\"x\": [1, 2], \"y\": [3, 5], \"d\": "; for (i = 0; i < 999; i++) printf "["; for (i = 0; i < 999; i++) printf "]"; print "}" }' >"$T/d.json"
	fits_line "$T/d.json"
	sed -i 's/"d": \[/"d": [[/; s/\]}$/]]}/' "$T/d.json"
	run linreg "$T/d.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"(byte offset 1031): nested more than 1000 deep" ]]
}

@test "a request's predict: null is none, an array of one is its value" {
	echo '{"input": [[1, 3], [2, 5], [3, 7]], "predict": null}' >"$T/r.json"
	run --separate-stderr linreg --json "$T/r.json"
	[ "$status" -eq 0 ]
	[ "$(jval '.predictions | length')" = 0 ]
	echo '{"input": [[1, 3], [2, 5], [3, 7]], "predict": [[4], "5"]}' >"$T/r.json"
	run --separate-stderr linreg --json "$T/r.json"
	[ "$status" -eq 0 ]
	[ "$(jval '.predictions[0].fit')" = 9 ]
	[ "$(jval '.predictions[1].fit')" = 11 ]
	echo '{"input": [[1, 3], [2, 5], [3, 7]], "predict": [[4, 5]]}' >"$T/r.json"
	run linreg "$T/r.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/r.json: predict[0]: expected a number (or an array of one)" ]
}

@test "a missing key is a missing value" {
	printf '{"x": 1, "y": 3}\n{"x": 2}\n{"x": 3, "y": 4}\n{"x": 4, "y": 6}\n' >"$T/m.ndjson"
	run --separate-stderr linreg --json "$T/m.ndjson"
	[ "$status" -eq 0 ]
	[ "$(jval .rows_missing)" = 1 ]
	[ "$(jval .n)" = 3 ]
	run linreg --na-action fail "$T/m.ndjson"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/m.ndjson:2: column 'y': missing value (--na-action fail)" ]
}

@test "malformed JSON: line, column and byte offset" {
	printf '[[1, 3],\n [2, 5],\n [3, 7}\n]\n' >"$T/bad.json"
	run linreg "$T/bad.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/bad.json:3: malformed JSON at column 7 (byte offset 24)" ]
	printf '{"x": 1, "y": 3}\n{"x": 2, "y": }\n' >"$T/bad.ndjson"
	run linreg "$T/bad.ndjson"
	[ "$status" -eq 65 ]
	[[ "$output" == "linreg: $T/bad.ndjson:2: malformed JSON at column 15"* ]]
	printf '[[1, 3], [2, 5]' >"$T/cut.json"
	run linreg "$T/cut.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"cut.json:1: malformed JSON"* ]]
	echo '"just a string"' >"$T/str.json"
	run linreg "$T/str.json"
	[ "$status" -eq 65 ]
}

@test "--skip-invalid skips bad JSON rows and counts them" {
	echo '[[1, 3], [2, "x"], [2, 5], [null, 1], [3, 7], 5]' >"$T/m.json"
	run --separate-stderr linreg --json --skip-invalid "$T/m.json"
	[ "$status" -eq 0 ]
	[ "$(jval .rows_read)" = 6 ]
	[ "$(jval .rows_skipped)" = 2 ]
	[ "$(jval .rows_missing)" = 1 ]
	[ "$(jval .rows_used)" = 3 ]
	[ "$(jval .slope)" = 2 ]
	[[ "$stderr" == *"skipped 2 of 6 data rows"* ]]
}

@test "a .json file may hold JSON Lines; --input-format json insists on one value" {
	printf '[1, 3]\n[2, 5]\n[3, 7]\n' >"$T/lines.json"
	fits_line "$T/lines.json"
	run linreg --input-format json "$T/lines.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/lines.json:1: expected an [x, y] array or an object" ]
}

@test "a large JSON array streams: memory stays flat" {
	skip_if_wasm "ulimit -v 16384 leaves Node no room to start"
	skip_if_instrumented "address-space cap: plain builds only"
	# 300 000 points, about 9 MB of JSON, read under an 16 MiB address-space cap
	awk 'BEGIN { printf "["; for (i = 0; i < 300000; i++) printf "%s{\"x\": %d, \"y\": %.3f}", i ? ",\n" : "", i, 2 * i + 1 + (i % 7) / 10; print "]" }' >"$T/big.json"
	[ "$(stat -c %s "$T/big.json")" -gt 8000000 ]
	run --separate-stderr sh -c "ulimit -v 16384; linreg --json '$T/big.json'"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 300000 ]
	approx "$(jval .slope)" 2 1e-6
	# the same as NDJSON, and an error deep inside keeps its line
	tr -d '[]' <"$T/big.json" | sed 's/,$//' >"$T/big.ndjson"
	run --separate-stderr sh -c "ulimit -v 16384; linreg --json '$T/big.ndjson'"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 300000 ]
	sed -i '250000s/"y": [0-9.]*/"y": "bad"/' "$T/big.json"
	run linreg "$T/big.json"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/big.json:250000: key 'y': cannot read \"bad\" as a number" ]
}
