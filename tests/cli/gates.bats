#!/usr/bin/env bats
# --fail-if: quality gates for scripts and CI.

load helper

@test "a gate that holds: the fit is printed, the condition named, exit 1" {
	run --separate-stderr linreg --json --fail-if 'r2<0.999' "$EX/height-weight.csv"
	[ "$status" -eq 1 ]
	[ "$(jval .slope)" = 3.45 ]
	[ "$stderr" = "linreg: --fail-if r2<0.999: holds (r2 is 0.9910098326857505)" ]
}

@test "gates that do not hold: exit 0, quiet" {
	run --separate-stderr linreg --fail-if 'r2<0.9' --fail-if 'p:height>0.05' \
		--fail-if 'slope<=0' --fail-if 'n<10' --fail-if 'sigma>2.5' "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "every condition that holds is named; all operators; blanks allowed" {
	run --separate-stderr linreg --format csv --fail-if 'n < 30' --fail-if 'df>=13' \
		--fail-if 'coef:(Intercept)<-80' --fail-if 'se:height!=0' --fail-if 't:height>37' \
		--fail-if 'rows_read==15' --fail-if 'adj_r2>1' "$EX/height-weight.csv"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"--fail-if n < 30: holds (n is 15)"* ]]
	[[ "$stderr" == *"--fail-if df>=13: holds (df is 13)"* ]]
	[[ "$stderr" == *"--fail-if coef:(Intercept)<-80: holds"* ]]
	[[ "$stderr" == *"--fail-if se:height!=0: holds"* ]]
	[[ "$stderr" == *"--fail-if t:height>37: holds"* ]]
	[[ "$stderr" == *"--fail-if rows_read==15: holds"* ]]
	[[ "$stderr" != *"adj_r2"* ]]
}

@test "an undefined statistic fails its gate" {
	printf 'x,y\n1,4\n2,4\n3,4\n' >"$T/c.csv"
	run --separate-stderr linreg --fail-if 'r2<0.5' "$T/c.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"--fail-if r2<0.5: r2 is undefined, so the gate fails"* ]]
}

@test "bad gates are usage errors, exit 64, and nothing is printed" {
	run --separate-stderr linreg --fail-if 'r2 ~ 3' "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr linreg --fail-if 'r2<abc' "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr linreg --fail-if 'p:nosuch>0.05' "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	[ -z "$output" ]
	[[ "$stderr" == *"no statistic 'p:nosuch' in this fit"* ]]
	run --separate-stderr linreg --fail-if 'slope<1' -y mpg -x wt,hp "$TOP/tests/data/mtcars.csv"
	[ "$status" -eq 64 ]
}

@test "the README's CI example" {
	run sh -c "linreg --fail-if 'r2<0.95' --fail-if 'p:height>0.01' '$EX/height-weight.csv' >/dev/null && echo trend-ok"
	[ "$output" = trend-ok ]
	# the README shows both runs with their output: check it is what runs
	want=$(sed -n "/^\$ linreg --fail-if 'r2<0.995'/,/^1\$/p" "$TOP/README.md" | sed 1d)
	[ -n "$want" ]
	run sh -c "linreg --fail-if 'r2<0.995' '$EX/height-weight.csv' >/dev/null; echo \$?"
	[ "$output" = "$want" ]
}

@test "blanks before the name are allowed, as blanks inside are" {
	run --separate-stderr linreg --fail-if ' r2<0.999' --fail-if '  n >= 15 ' "$EX/height-weight.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"--fail-if  r2<0.999: holds (r2 is 0.99100"* ]]
	[[ "$stderr" == *"(n is 15)"* ]]
}

@test "a term whose name has < > = ! in it can be gated: the last operator before the number" {
	printf 'a<b,y=1!\n1,2\n2,4.1\n3,5.9\n4,8.2\n' >"$T/g.csv"
	run --separate-stderr linreg --fail-if 'coef:a<b>1.5' --fail-if 'p:a<b<0.05' \
		--fail-if 'se:a<b != 0' --fail-if 'coef:a<b<=2' "$T/g.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"--fail-if coef:a<b>1.5: holds (coef:a<b is 2.04)"* ]]
	[[ "$stderr" == *"--fail-if p:a<b<0.05: holds (p:a<b is 0.00100"* ]]
	[[ "$stderr" == *"--fail-if se:a<b != 0: holds"* ]]
	[[ "$stderr" != *"a<b<=2"* ]]
	run --separate-stderr linreg --fail-if 'p:a<b>0.05' "$T/g.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr linreg --fail-if 'p:a<b<x' "$T/g.csv"
	[ "$status" -eq 64 ]
}

@test "--fitted honours the gates: the rows written, the condition named, exit 1" {
	n=$(($(wc -l <"$EX/height-weight.csv")))
	run --separate-stderr linreg --fitted --fail-if 'r2<0.999' "$EX/height-weight.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "linreg: --fail-if r2<0.999: holds (r2 is 0.9910098326857505)" ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq "$n" ]
	run --separate-stderr linreg --fitted --fail-if 'r2<0.5' "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# an unknown name is a usage error before any row is written
	run --separate-stderr linreg --fitted --fail-if 'nosuch<1' "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	[ -z "$output" ]
}
