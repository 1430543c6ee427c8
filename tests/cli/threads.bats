#!/usr/bin/env bats
# -j/--threads: a large regular file read in pieces at once and merged.
# The results equal the one-thread fit to rounding (1e-12), are the same
# for a given N on every run, and messages name the same lines.

load helper

# big FILE [ROWS]: a CSV with a header, ~30 bytes a row.
big() {
	awk -v n="${2:-200000}" 'BEGIN { print "t,v,w"; for (i = 0; i < n; i++)
		printf "%.3f,%.6f,%d\n", 1700000000 + i * 0.25, 3 + 2e-3 * i + ((i * 7919) % 1000) / 1000, 1 + i % 5 }' >"$1"
}

same_fit() { # same_fit ARGS...: -j1 and -j N agree in every statistic
	run --separate-stderr linreg --format csv -j 1 "$@"
	[ "$status" -eq 0 ]
	one=$output
	for n in 2 3 7; do
		run --separate-stderr linreg --format csv -j $n "$@"
		[ "$status" -eq 0 ]
		for col in n df intercept intercept_se slope slope_se slope_p sigma r2 adj_r2 f rmse sse rows_read rows_skipped; do
			a=$(printf '%s\n' "$one" | awk -F, -v n=$col 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i } NR == 2 { print $c }')
			b=$(csvcol $col)
			[ -z "$a$b" ] && continue   # undefined in both
			approx "$b" "$a" 1e-12 || { echo "-j $n: $col"; return 1; }
		done
	done
}

@test "-j N equals -j 1 to 1e-12 in every statistic" {
	big "$T/big.csv"
	[ "$(stat -c %s "$T/big.csv")" -gt 2000000 ]
	same_fit "$T/big.csv"
	same_fit --origin "$T/big.csv"
	tail -n +2 "$T/big.csv" >"$T/nohdr.csv"
	same_fit --no-header -x 1 -y 2 "$T/nohdr.csv"
}

@test "other models split too: weights, a polynomial, several predictors" {
	big "$T/big.csv"
	for args in "--weights w" "--degree 3" "-x t,w -y v"; do
		run --separate-stderr linreg --json -j 1 $args "$T/big.csv"
		[ "$status" -eq 0 ]
		one=$output
		run --separate-stderr linreg --json -j 2 $args "$T/big.csv"
		[ "$status" -eq 0 ]
		for k in 0 1; do
			approx "$(jval ".coefficients[$k].estimate")" "$(jq -r ".coefficients[$k].estimate" <<<"$one")" 1e-12
			approx "$(jval ".coefficients[$k].std_error")" "$(jq -r ".coefficients[$k].std_error" <<<"$one")" 1e-12
		done
		approx "$(jval .sigma)" "$(jq -r .sigma <<<"$one")" 1e-12
	done
}

@test "a given N gives the same bytes on every run" {
	big "$T/big.csv"
	linreg --json -j 3 "$T/big.csv" >"$T/a.json"
	linreg --json -j 3 "$T/big.csv" >"$T/b.json"
	cmp "$T/a.json" "$T/b.json"
}

@test "an error far into the file names the same line as one thread" {
	big "$T/big.csv"
	sed -i '180000s/.*/1700044999.750,oops,3/' "$T/big.csv"
	run linreg -j 1 "$T/big.csv"
	[ "$status" -eq 65 ]
	one=$output
	[ "$one" = "linreg: $T/big.csv:180000: column 'v': cannot read \"oops\" as a number" ]
	run linreg -j 4 "$T/big.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "$one" ]
}

@test "--skip-invalid counts the same rows and names the first" {
	big "$T/big.csv"
	sed -i -e '150000s/.*/x,y,1/' -e '20s/.*/a,b,1/' -e '199000s/,[0-9]*$/,-1/' "$T/big.csv"
	run --separate-stderr linreg --json --skip-invalid --weights w -j 1 "$T/big.csv"
	one_err=$stderr
	one=$output
	run --separate-stderr linreg --json --skip-invalid --weights w -j 3 "$T/big.csv"
	[ "$stderr" = "$one_err" ]
	[[ "$stderr" == *"skipped 3 of 200000 data rows"*"big.csv:20: column 't'"* ]]
	[ "$(jval .rows_skipped)" = 3 ]
	[ "$(jval .rows_read)" = "$(jq .rows_read <<<"$one")" ]
	approx "$(jval .slope)" "$(jq -r .slope <<<"$one")" 1e-12
}

@test "quoted fields send the file through one thread" {
	big "$T/big.csv"
	# a quoted field with a line end in it, far from the start
	sed -i '100000s/.*/"1700025000",3.5,"1\n"/' "$T/big.csv"
	run --separate-stderr linreg --json -j 1 --no-header -x 1 -y 2 --skip-invalid "$T/big.csv"
	one=$output
	run --separate-stderr linreg --json -j 4 --no-header -x 1 -y 2 --skip-invalid "$T/big.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$one" ]
}

@test "standard input and small files stay single-threaded; bad -j is a usage error" {
	printf 'x,y\n1,2\n2,4\n3,7\n' >"$T/s.csv"
	run --separate-stderr linreg --json -j 8 "$T/s.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr sh -c "linreg --json -j 8 < '$T/s.csv'"
	[ "$status" -eq 0 ]
	run linreg -j 0 "$T/s.csv"
	[ "$status" -eq 64 ]
	run linreg --threads many "$T/s.csv"
	[ "$status" -eq 64 ]
}

@test "-j 2 fits what -j 1 fits: pieces whose values lie 1e276 apart merge" {
	# x is 0 then 1e-300 in the first piece, 0 then 5.9e-24 in the
	# second (padded past 1 MiB, so -j 2 splits between them: each piece
	# is half the bytes, cut at a line start).  The pieces' frames lie
	# some 2^920 apart; -j 2 refused with "the pieces' values lie too far
	# apart to merge", and -j 1 gave sigma null.  Reference, exact with
	# python3 fractions (the normal equations of the file's 89866 rows):
	# intercept 23505, slope 7.615762711864407e+27.
	awk 'BEGIN { print "x,y"; print "0,1"; print "1e-300,2"; s = 20; i = 3
		while (s < 600000) { r = "1e-300," i; print r; s += length(r) + 1; i++ }
		print "0," i; i++; print "5.9e-24," i; i++; s += 20
		while (s < 1200000) { r = "5.9e-24," i; print r; s += length(r) + 1; i++ } }' >"$T/far.csv"
	[ "$(stat -c %s "$T/far.csv")" -gt 1048576 ]
	run --separate-stderr linreg --json -j 1 "$T/far.csv"
	[ "$status" -eq 0 ]
	one=$output
	run --separate-stderr linreg --json -j 2 "$T/far.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	approx "$(jval .intercept)" 23505 1e-13
	approx "$(jval .slope)" 7.615762711864407e+27 1e-13
	for k in intercept slope sigma r2 sse; do
		approx "$(jval .$k)" "$(jq -r ".$k" <<<"$one")" 1e-12
	done
}
