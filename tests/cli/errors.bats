#!/usr/bin/env bats
# Bad input gets a clear message with the file and line, and a documented
# exit status (sysexits: 64 usage, 65 data, 66 input, 74 output).

load helper

@test "a cell that is not a number: file, line, column, value; exit 65" {
	printf 'x,y\n1,2\n2,abc\n3,4\n' >"$T/a.csv"
	run linreg "$T/a.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/a.csv:3: column 'y': cannot read \"abc\" as a number" ]
}

@test "without a header the column is named by its number" {
	printf '1,2\n2,3\nx1,4\n' >"$T/a.csv"
	run linreg "$T/a.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/a.csv:3: column 1: cannot read \"x1\" as a number" ]
}

@test "stdin is named <stdin> in messages" {
	run sh -c 'printf "x,y\n1,2\n2,?\n" | linreg'
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: <stdin>:3: column 'y': cannot read \"?\" as a number" ]
}

@test "inf, nan, hex floats, 1,5 and out-of-range numbers are rejected" {
	for v in inf -inf nan NaN 0x1p3 0x10 1e400 '"1,5"' 1.2.3; do
		printf 'x,y\n1,2\n2,%s\n3,4\n' "$v" >"$T/v.csv"
		run linreg "$T/v.csv"
		[ "$status" -eq 65 ] || { echo "accepted '$v'"; return 1; }
		[[ "$output" == "linreg: $T/v.csv:3: column 'y': "* ]]
	done
	printf 'x,y\n1,2\n2,1e400\n' >"$T/v.csv"
	run linreg "$T/v.csv"
	[ "$output" = "linreg: $T/v.csv:3: column 'y': cannot read \"1e400\" as a number (out of the range of a double)" ]
	# an empty cell is a missing value: left out, or an error when asked
	printf 'x,y\n1,2\n2,\n3,4\n4,7\n' >"$T/v.csv"
	run --separate-stderr linreg --json "$T/v.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .rows_missing)" = 1 ]
	run linreg --na-action fail "$T/v.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/v.csv:3: column 'y': missing value (--na-action fail)" ]
}

@test "a short row names the missing column" {
	printf 'x,y\n1,2\n2\n' >"$T/s.csv"
	run linreg "$T/s.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/s.csv:3: column 'y': missing (the row has 1 field)" ]
}

@test "unprintable bytes in a bad cell are shown escaped" {
	printf 'x,y\n1,2\n2,a\033[31mb\n' >"$T/e.csv"
	run linreg "$T/e.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/e.csv:3: column 'y': cannot read \"a\\x1b[31mb\" as a number" ]
}

@test "--skip-invalid skips, counts and reports the rows; missing values are counted apart" {
	printf 'x,y\n1,3\n2,abc\n2,5.5\n,7\n3,7\n4\n' >"$T/m.csv"
	run --separate-stderr linreg --json --skip-invalid "$T/m.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "linreg: skipped 2 of 6 data rows with invalid values (first: $T/m.csv:3: column 'y': cannot read \"abc\" as a number)" ]
	[ "$(jval .rows_read)" = 6 ]
	[ "$(jval .rows_skipped)" = 2 ]
	[ "$(jval .rows_missing)" = 1 ]
	[ "$(jval .rows_used)" = 3 ]
	[ "$(jval .n)" = 3 ]
	approx "$(jval .slope)" 2
	run --separate-stderr linreg --format csv --skip-invalid "$T/m.csv"
	[ "$(csvcol rows_read)" = 6 ]
	[ "$(csvcol rows_used)" = 3 ]
	[ "$(csvcol rows_skipped)" = 2 ]
	[ "$(csvcol rows_missing)" = 1 ]
	run --separate-stderr linreg --skip-invalid "$T/m.csv"
	[[ "$output" == *"rows read 6, skipped 2"*"1 row with missing values left out"* ]]
}

@test "too few points: one line, exit 65" {
	printf 'x,y\n1,2\n' >"$T/one.csv"
	run linreg "$T/one.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: need at least 2 data points to fit a line, got 1" ]
	run linreg --origin "$T/one.csv"
	[ "$status" -eq 0 ]
}

@test "empty input, a header alone, only invalid rows: exit 65" {
	run sh -c ': | linreg'
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: no data rows in the input" ]
	printf 'x,y\n' >"$T/h.csv"
	run linreg "$T/h.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: no data rows in the input" ]
	printf 'x,y\n1,a\n' >"$T/b.csv"
	run linreg --skip-invalid "$T/b.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == *"linreg: no valid data rows" ]]
	echo '[]' >"$T/e.json"
	run linreg "$T/e.json"
	[ "$status" -eq 65 ]
}

@test "all x equal: the slope is undefined, exit 65" {
	printf 'x,y\n5,1\n5,2\n5,3\n' >"$T/same.csv"
	run linreg "$T/same.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: all x values are equal: the slope is undefined" ]
	printf 'x,y\n0,1\n0,2\n' >"$T/zero.csv"
	run linreg --origin "$T/zero.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: all x values are zero: the slope through the origin is undefined" ]
}

@test "unreadable input: the system's reason, exit 66" {
	run linreg "$T/nosuch.csv"
	[ "$status" -eq 66 ]
	[ "$output" = "linreg: $T/nosuch.csv: No such file or directory" ]
	run linreg "$T"
	[ "$status" -eq 66 ]
	[ "$output" = "linreg: $T: Is a directory" ]
	printf 'x,y\n1,2\n2,3\n' >"$T/ok.csv"
	run linreg "$T/ok.csv" "$T/nosuch.csv"
	[ "$status" -eq 66 ]
}

@test "usage errors: exit 64 with a hint to --help" {
	for args in "--level 2" "--level 95" "--level abc" "--format xml" \
		"--predict abc" "--predict ," "--precision 18" "-x 0" "-y ''" \
		"-d ab" "--delimiter '\"'" "--no-header -x name" ; do
		eval "run linreg $args $EX/height-weight.csv"
		[ "$status" -eq 64 ] || { echo "args: $args -> $status"; return 1; }
		[[ "$output" == *"Try 'linreg --help' for more information." ]]
	done
	run linreg -x
	[ "$status" -eq 64 ]
	run linreg "$EX/height-weight.csv" --input-format
	[ "$status" -eq 64 ]
	run linreg --level 2 "$EX/height-weight.csv"
	[ "${lines[0]}" = "linreg: --level: must be between 0 and 1 (e.g. 0.95), got '2'" ]
}

@test "a failed write is exit 74: stdout to /dev/full and -o /dev/full" {
	run sh -c "linreg '$EX/height-weight.csv' > /dev/full"
	[ "$status" -eq 74 ]
	[ "$output" = "linreg: standard output: write error: No space left on device" ]
	run linreg -o /dev/full "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
	[ "$output" = "linreg: /dev/full: write error: No space left on device" ]
	[ -c /dev/full ]
}

@test "unterminated quote and junk after a closing quote" {
	printf 'x,y\n1,2\n2,"3\n4,5\n' >"$T/u.csv"
	run linreg "$T/u.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/u.csv:3: unterminated quoted field" ]
	printf 'x,y\n1,"2"x\n' >"$T/j.csv"
	run linreg "$T/j.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == "linreg: $T/j.csv:2: "* ]]
}

@test "--help and --version to a full disk: exit 74 with a message" {
	run sh -c 'linreg --help > /dev/full'
	[ "$status" -eq 74 ]
	[ "$output" = "linreg: standard output: write error: No space left on device" ]
	run sh -c 'linreg --version > /dev/full'
	[ "$status" -eq 74 ]
}

# man_has TEXT: the man page's DIAGNOSTICS, rendered and with its blanks
# and line breaks collapsed, holds TEXT (its blanks collapsed too).
man_has() {
	local want page
	want=$(printf '%s' "$1" | tr -s ' \t\n' '   ')
	page=$(groff -Tascii -P-cbou -man -rLL=200n "$TOP/man/linreg.1" 2>/dev/null |
		awk '/^DIAGNOSTICS/ { on = 1; next } /^[A-Z][A-Z ]+$/ { on = 0 } on' | tr -s ' \t\n' '   ')
	[[ "$page" == *"$want"* ]] || { echo "DIAGNOSTICS lacks: $want" >&2; return 1; }
}

@test "DIAGNOSTICS lists the messages of data beyond double precision" {
	printf 'x,y\n1,1e299\n1.0000001,1.1e302\n1.0000002,2.1e302\n' >"$T/big.csv"
	run --separate-stderr linreg "$T/big.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"a coefficient is beyond the range of a double"* ]]
	man_has "$stderr"
	# and the check itself sees a message that is not there
	! man_has "linreg: a message the man page does not have"
}
