#!/usr/bin/env bats
# Issue 15's "smaller stumbles": defaults that guessed the wrong column,
# whitespace on standard input, unknown column names, a weight that is
# also a predictor.  Reference values from R 4 (Debian r-base-core):
#   Rscript -e 'd <- read.csv("tests/data/mtcars.csv"); options(digits = 17);
#     print(coef(lm(mpg ~ wt, d))); print(coef(lm(wt ~ mpg, d)));
#     print(coef(lm(mpg ~ wt, d, weights = wt)));
#     print(coef(lm(mpg ~ wt, d, weights = mpg)))'

load helper

cars() { echo "$TOP/tests/data/mtcars.csv"; }

@test "-x NAME without -y: more than two columns is a usage error naming -y" {
	run --separate-stderr linreg -x wt "$(cars)"
	[ "$status" -eq 64 ]
	[ -z "$output" ]
	[ "$stderr" = "linreg: $(cars):1: -x wt without -y: the input has 4 columns; name the response with -y (or give a formula: linreg 'y ~ wt' FILE)" ]
	# with -y it fits, as before
	run --separate-stderr linreg --json -x wt -y mpg "$(cars)"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" -5.3444715727226786 1e-12
}

@test "-x NAME without -y: of two columns, the response is the other one" {
	# R: h <- c(1, 2, 3, 4); w <- c(3, 5, 7, 9.5); coef(lm(h ~ w)); coef(lm(w ~ h))
	printf 'height,weight\n1,3\n2,5\n3,7\n4,9.5\n' >"$T/hw.csv"
	run --separate-stderr linreg --json -x weight "$T/hw.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(jval .x)" = weight ]
	[ "$(jval .y)" = height ]
	approx "$(jval .slope)" 0.46361185983827485 1e-12
	# the first column named: as before
	run --separate-stderr linreg --json -x height "$T/hw.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .y)" = weight ]
	approx "$(jval .slope)" 2.1499999999999999 1e-12
}

@test "-y COL without -x: x is the first other column, and a note says so" {
	run --separate-stderr linreg --json -y mpg "$(cars)"
	[ "$status" -eq 0 ]
	[ "$stderr" = "linreg: note: -y mpg without -x: the predictor is column 'wt', the first other column (name it with -x)" ]
	[ "$(jval .x)" = wt ]
	approx "$(jval .slope)" -5.3444715727226786 1e-12
	run --separate-stderr linreg --json -y wt "$(cars)"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"the predictor is column 'mpg'"* ]]
	approx "$(jval .slope)" -0.14086196987193314 1e-12
	# the note goes to standard error only: the JSON still parses
	linreg --json -y mpg "$(cars)" 2>/dev/null | jq -e .n >/dev/null
	# -y 1 without a header: by number the same
	tail -n +2 "$(cars)" >"$T/noh.csv"
	run --separate-stderr linreg --json -y 1 "$T/noh.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"the predictor is column 2"* ]]
	approx "$(jval .slope)" -5.3444715727226786 1e-12
	# two columns: nothing to guess, nothing said
	printf 'a,b\n1,3\n2,5\n3,7\n4,9.5\n' >"$T/ab.csv"
	run --separate-stderr linreg --json -y a "$T/ab.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	approx "$(jval .slope)" 0.46361185983827485 1e-12
}

@test "an unknown column: the header's names and the nearest one" {
	printf 'height,weight,age\n1,3,1\n2,5,1\n3,7,2\n' >"$T/h.csv"
	run --separate-stderr linreg -x Height -y weight "$T/h.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "linreg: $T/h.csv:1: no column named 'Height' in the header (did you mean 'height'?); columns: 'height', 'weight', 'age'" ]
	run --separate-stderr linreg -x height -y wieght "$T/h.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"(did you mean 'weight'?)"* ]]
	run --separate-stderr linreg -x nothing -y weight "$T/h.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" != *"did you mean"* ]]
	[[ "$stderr" == *"columns: 'height', 'weight', 'age'" ]]
}

@test "an unknown JSON key: the object's keys and the nearest one" {
	printf '{"height":1,"weight":3}\n{"height":2,"weight":5}\n{"height":3,"weight":7.5}\n' >"$T/h.ndjson"
	run --separate-stderr linreg -x Height -y weight "$T/h.ndjson"
	[ "$status" -eq 65 ]
	[ "$stderr" = "linreg: $T/h.ndjson:1: key 'Height': missing value (did you mean 'height'?); keys: 'height', 'weight'" ]
	echo '[{"a\u001b[2J":1,"y":2}]' >"$T/e.json"   # JSON's escape: an ESC in the key
	run --separate-stderr linreg -x b -y y "$T/e.json"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"keys: 'a\\x1b[2J', 'y'" ]]
	[[ "$stderr" != *$'\033'* ]]
}

@test "an unknown column: a long header is cut, names are escaped" {
	{ for i in $(seq 1 200); do printf 'column_%d,' "$i"; done; printf 'y\n'; } >"$T/wide.csv"
	{ for i in $(seq 1 200); do printf '%d,' "$i"; done; printf '1\n'; } >>"$T/wide.csv"
	run --separate-stderr linreg -x nosuch -y y "$T/wide.csv"
	[ "$status" -eq 65 ]
	[ "${#stderr}" -lt 600 ]
	[[ "$stderr" == *", ... ("*" more)" ]]
	printf 'h\033[31m,y\n1,2\n2,3\n3,5\n' >"$T/esc.csv"
	run --separate-stderr linreg -x H -y y "$T/esc.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"columns: 'h\\x1b[31m', 'y'" ]]
	[[ "$stderr" != *$'\033'* ]]
}

@test "the weight column may also be the predictor or the response (as R)" {
	run --separate-stderr linreg --json -x wt -y mpg --weights wt "$(cars)"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" -4.7051802447850521 1e-12
	approx "$(jval .intercept)" 35.0440728192340814 1e-12
	run --separate-stderr linreg --json -x wt -y mpg --weights mpg "$(cars)"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" -5.8593311858322785 1e-12
	# the same through the long way, -j 2 and JSON
	LINREG_LANE=0 run --separate-stderr linreg --json -x wt -y mpg --weights wt "$(cars)"
	approx "$(jval .slope)" -4.7051802447850521 1e-12
	run --separate-stderr linreg --json -j 2 -x wt -y mpg --weights wt "$(cars)"
	approx "$(jval .slope)" -4.7051802447850521 1e-12
	awk -F, 'NR > 1 { printf "{\"mpg\":%s,\"wt\":%s}\n", $1, $2 }' "$(cars)" >"$T/c.ndjson"
	run --separate-stderr linreg --json -x wt -y mpg --weights wt "$T/c.ndjson"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" -4.7051802447850521 1e-12
	# x and y the same column stays an error
	run linreg -x wt -y wt "$(cars)"
	[ "$status" -eq 64 ]
}

# R: coef(lm(c(2, 4, 7) ~ c(1, 2, 3))): -0.66666666666666718, 2.5 (exact: -2/3, 5/2)
@test "standard input of blank- or tab-separated numbers is recognised" {
	printf '1 2\n2 4\n3 7\n' | { run --separate-stderr linreg --json; 
		[ "$status" -eq 0 ]; approx "$(jval .slope)" 2.5 1e-12
		approx "$(jval .intercept)" -0.66666666666666667 1e-12; }
	printf '1\t2\n2\t4\n3\t7\n' | { run --separate-stderr linreg --json;
		[ "$status" -eq 0 ]; approx "$(jval .slope)" 2.5 1e-12; }
	# a header, blanks around, a comment and a blank line first
	printf '# from a logger, with commas\n\n  x   y \n1  2\n2 4\n 3 7\n' | {
		run --separate-stderr linreg --json; [ "$status" -eq 0 ]
		[ "$(jval .y)" = y ]; approx "$(jval .slope)" 2.5 1e-12; }
	# the first line in pieces, as a slow pipe gives it
	{ printf '1 '; sleep 0.2; printf '2\n2 4\n3 7\n'; } | {
		run --separate-stderr linreg --json; [ "$status" -eq 0 ]
		approx "$(jval .slope)" 2.5 1e-12; }
	# a file whose name does not say (.dat, none): the same
	printf '1 2\n2 4\n3 7\n' >"$T/w.dat"
	run --separate-stderr linreg --json "$T/w.dat"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" 2.5 1e-12
	printf 'x\ty\n1\t2\n2\t4\n3\t7\n' >"$T/t"
	run --separate-stderr linreg --json "$T/t"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" 2.5 1e-12
	# --fitted reads it twice, the same way
	run --separate-stderr linreg --fitted "$T/w.dat"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "1 2 1.8333333333333333 0.16666666666666674 1.0000000000000004 0.8333333333333334" ]
}

@test "what the blank sniffing leaves alone: commas, quotes, one column, -d, .csv" {
	# commas win over blanks in names
	printf 'a b,c d\n1,2\n2,4\n3,7\n' | { run --separate-stderr linreg --json;
		[ "$status" -eq 0 ]; [ "$(jval .x)" = "a b" ]; }
	# one column with a blank in its name: not two columns
	printf 'my x\n1\n2\n' | { run --separate-stderr linreg;
		[ "$status" -eq 65 ]; [[ "$stderr" == *"column 2: missing"* ]]; }
	# quoted fields stay CSV
	printf '"x y" "z"\n1,2\n' | { run --separate-stderr linreg;
		[ "$status" -ne 0 ]; [[ "$stderr" != *"column 'x'"* ]]; }
	# an explicit delimiter and a .csv name are obeyed as before
	printf '1 2\n2 4\n3 7\n' >"$T/w.csv"
	run --separate-stderr linreg "$T/w.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"cannot read \"2 4\""* ]]
	printf '1 2\n2 4\n3 7\n' | { run --separate-stderr linreg -d ,;
		[ "$status" -eq 65 ]; }
}

# R: d <- read.csv2(FILE) (';' and decimal comma); coef(lm(mpg ~ wt, d));
#    predict(lm(mpg ~ wt, d), data.frame(wt = c(2.5, 3)))
#    -> 23.923947235535330 21.251711449173992
@test "--decimal-comma: 1,58 is 1.58, ';' the delimiter, bit for bit the dot file's fit" {
	awk -F, 'BEGIN { OFS = ";" } { for (i = 1; i <= NF; i++) gsub(/\./, ",", $i); print $1, $2, $3, $4 }' \
		"$(cars)" >"$T/comma.csv"
	run --separate-stderr linreg --decimal-comma --format csv -x wt -y mpg "$T/comma.csv"
	[ "$status" -eq 0 ]
	dot=$(linreg --format csv -x wt -y mpg "$(cars)")
	[ "$output" = "$dot" ]
	run --separate-stderr linreg --decimal-comma --format csv -j 2 -x wt -y mpg "$T/comma.csv"
	[ "$output" = "$dot" ]
	run --separate-stderr linreg --decimal-comma --json -x wt -y mpg "$T/comma.csv"
	approx "$(jval .slope)" -5.3444715727226786 1e-12
	# --predict-file in the same form; output with '.'
	printf 'wt\n2,5\n3\n' >"$T/p.csv"
	run --separate-stderr linreg --decimal-comma -x wt -y mpg --predict-file "$T/p.csv" "$T/comma.csv"
	[ "$status" -eq 0 ]
	approx "$(cut -d';' -f2 <<<"${lines[1]}")" 23.923947235535330 1e-12
	approx "$(cut -d';' -f2 <<<"${lines[2]}")" 21.251711449173992 1e-12
	# standard input, and an explicit -d wins
	printf 'x;y\n1,5;2\n2;3,25\n3;5\n4;5,5\n' | { run --separate-stderr linreg --decimal-comma --json;
		[ "$status" -eq 0 ]; [ "$(jval .n)" = 4 ]; }
	printf 'x|y\n1,5|2\n2|3,25\n3|5\n4|5,5\n' | { run --separate-stderr linreg --decimal-comma -d '|' --json;
		[ "$status" -eq 0 ]; [ "$(jval .n)" = 4 ]; }
	# a point is not read in such data
	printf 'x;y\n1,5;2\n2.5;3\n3;5\n' >"$T/bad.csv"
	run --separate-stderr linreg --decimal-comma "$T/bad.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"column 'x': cannot read \"2.5\" as a number"* ]]
	# without the option, as before: ';' is not a delimiter
	run --separate-stderr linreg "$T/comma.csv"
	[ "$status" -ne 0 ]
}
