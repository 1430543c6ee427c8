#!/usr/bin/env bats
# -g with -j N: each piece of the file has its own groups, merged in file
# order, so the groups' order (first seen), their counts and every number
# are those of -j 1, byte for byte, and messages name the same lines.

load helper

# grouped FILE: ~2.5 MB, 120,000 rows of 53 groups with names of
# varying widths, signed x of varying widths; groups that appear only in
# the last pieces; invalid ("oops"), missing (NA) rows here and there,
# and a group whose rows are all invalid, seen only after the middle.
grouped() {
	awk 'BEGIN { n = 120000; print "site,x,y"
	for (i = 0; i < n; i++) {
		k = (i * 7919) % 53
		g = substr("abcdefghijklmnopqrstuvwxyz", k % 26 + 1, 1 + k % 7) "-" k
		if (i > 0.9 * n && i % 10 == 0) g = "late-" i % 3
		x = ((i * 37) % 20001) / (10 ^ (i % 4)) - 1000 / (10 ^ (i % 4))
		y = sprintf("%.*f", i % 5, (k - 26) * 0.37 * x + k + ((i * 104729) % 1000) / 250)
		if (i % 997 == 0) y = "oops"
		if (i % 1009 == 0) y = "NA"
		if (i > n / 2 && i % 1999 == 0) { g = "bad-only"; y = "?" }
		print g "," x "," y } }' >"$1"
}

@test "-j 2 and -j 4 give -j 1's bytes: groups, order, counts, numbers" {
	grouped "$T/g.csv"
	[ "$(stat -c %s "$T/g.csv")" -gt 2000000 ]
	for fmt in csv json text; do
		run --separate-stderr linreg --format $fmt --skip-invalid -g site -x x -y y -j 1 "$T/g.csv"
		[ "$status" -eq 65 ] # bad-only: no rows to fit
		one=$output
		one_err=$stderr
		for j in 2 4; do
			run --separate-stderr linreg --format $fmt --skip-invalid -g site -x x -y y -j $j "$T/g.csv"
			[ "$status" -eq 65 ]
			[ "$output" = "$one" ] || { echo "-j $j, $fmt differs"; return 1; }
			[ "$stderr" = "$one_err" ]
		done
	done
	# the file's first-seen order (awk's), late groups and bad-only last
	run --separate-stderr linreg --format csv --skip-invalid -g site -x x -y y -j 4 "$T/g.csv"
	[ "$(awk -F, 'NR > 1 { print $1 }' <<<"$output")" = "$(awk -F, 'NR > 1 && !seen[$1]++ { print $1 }' "$T/g.csv")" ]
	[ "$(awk -F, 'NR > 1 { print $1 }' <<<"$output" | tail -4 | tr '\n' ' ')" = "bad-only late-1 late-2 late-0 " ]
	[ "${#lines[@]}" -eq $((53 + 4 + 1)) ]
	[[ "$stderr" == *"skipped 150 of 120000 data rows with invalid values (first: $T/g.csv:999: column 'y': cannot read \"oops\" as a number)"* ]]
}

@test "-j 4 reads grouped pieces at once (each piece its own table)" {
	grouped "$T/g.csv"
	run --separate-stderr env LINREG_DEBUG_GROUPS=1 linreg --format csv --skip-invalid -g site -x x -y y -j 4 "$T/g.csv"
	# the four pieces' tables and the merged one
	[ "$(grep -c '^linreg: debug: ' <<<"$stderr")" -eq 5 ]
	run --separate-stderr env LINREG_DEBUG_GROUPS=1 linreg --format csv --skip-invalid -g site -x x -y y -j 1 "$T/g.csv"
	[ "$(grep -c '^linreg: debug: ' <<<"$stderr")" -eq 1 ]
}

@test "-g -j: a group's counts add up over the pieces" {
	grouped "$T/g.csv"
	run --separate-stderr linreg --format csv --skip-invalid -g site -x x -y y -j 3 "$T/g.csv"
	# rows read, used, skipped, missing of every group against awk
	got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $1, $c["rows_read"], $c["n"] + 0, $c["rows_skipped"], $c["rows_missing"] }' <<<"$output" | sort)
	want=$(awk -F, 'NR > 1 { r[$1]++; if ($3 == "NA") m[$1]++; else if ($3 ~ /^-?[0-9.]+$/) u[$1]++; else s[$1]++ }
		END { for (g in r) print g, r[g], u[g] + 0, s[g] + 0, m[g] + 0 }' "$T/g.csv" | sort)
	[ "$got" = "$want" ]
}

@test "-g -j: an error far into the file names the same line as one thread" {
	grouped "$T/g.csv"
	# the file without its bad rows, then one bad cell in the last piece
	awk -F, 'NR == 1 || ($3 != "oops" && $3 != "NA" && $3 != "?")' "$T/g.csv" >"$T/ok.csv"
	sed -i '110000s/,[^,]*$/,oops/' "$T/ok.csv"
	run linreg -g site -x x -y y -j 1 "$T/ok.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/ok.csv:110000: column 'y': cannot read \"oops\" as a number" ]
	for j in 2 4; do
		run linreg -g site -x x -y y -j $j "$T/ok.csv"
		[ "$status" -eq 65 ]
		[ "$output" = "linreg: $T/ok.csv:110000: column 'y': cannot read \"oops\" as a number" ]
	done
}

@test "-g -j with a factor: each group's levels, read in one piece, as -j 1" {
	grouped "$T/g.csv"
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "k"; next } { print $0, substr("pqr", NR % 3 + 1, 1) }' "$T/g.csv" >"$T/f.csv"
	run --separate-stderr linreg --format csv --skip-invalid -g site --factor k -x x,k -y y -j 1 "$T/f.csv"
	one=$output
	[[ "$one" == *",kq,"* ]]
	run --separate-stderr linreg --format csv --skip-invalid -g site --factor k -x x,k -y y -j 4 "$T/f.csv"
	[ "$output" = "$one" ]
	# a formula with -g is read by one thread from the start
	run --separate-stderr linreg --format csv --skip-invalid -g site -j 4 'y ~ x + k' "$T/f.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == *",kq,"* ]]
}
