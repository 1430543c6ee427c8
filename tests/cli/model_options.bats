#!/usr/bin/env bats
# The model language's options and corners (issue 15) beyond R's reference
# models (formula.bats): --na, --na-action, --factor, --ref errors, -g and
# --every with formulas, --fail-if by R's names, formula errors, text that
# must not become a level, --predict-file and --fitted with factors.
# Expected values from R 4 (Debian r-base-core), the command beside each.

load helper

models() { echo "$TOP/tests/data/models"; }

@test "--na sets the tokens of a missing value; --na-action fail makes one an error" {
	printf 'x,y\n1,2\n2,-\n3,7\n4,9\n5,NA\n' >"$T/na.csv"
	# '-' is no number and not a token by default: an error
	run linreg "$T/na.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == *"na.csv:3: column 'y': cannot read \"-\" as a number"* ]]
	run --separate-stderr linreg --json --na 'NA,-' "$T/na.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .rows_missing)" = 2 ]
	[ "$(jval .rows_skipped)" = 0 ]
	[ "$(jval .n)" = 3 ]
	# the empty cell is a token only when listed ('NA,' lists it)
	printf 'x,y\n1,2\n2,\n3,7\n4,9\n' >"$T/e.csv"
	run linreg --na 'NA' "$T/e.csv"
	[ "$status" -eq 65 ]
	run --separate-stderr linreg --json --na 'NA,' "$T/e.csv"
	[ "$(jval .rows_missing)" = 1 ]
	run linreg --na-action fail "$T/na.csv" --na 'NA,-'
	[ "$status" -eq 65 ]
	[[ "$output" == *"na.csv:3: column 'y': missing value (--na-action fail)"* ]]
	run linreg --na-action drop "$T/na.csv"
	[ "$status" -eq 64 ]
}

@test "--factor makes a numeric column categorical (R: factor(gear))" {
	# Rscript -e 'print(coef(lm(mpg ~ wt + factor(gear), mtcars)), digits=17)'
	run --separate-stderr linreg --json --factor gear -x wt,gear -y mpg "$(models)/mtcars.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '[.coefficients[].term] | join(",")')" = "(Intercept),wt,gear4,gear5" ]
	approx "$(jval '.coefficients[2].estimate')" 2.16305363463117661 1e-12
	approx "$(jval '.coefficients[3].estimate')" -0.91206226233366461 1e-12
	[ "$(jval '.factors[0].levels | join(",")')" = "3,4,5" ]
	run linreg --factor nosuch 'mpg ~ wt' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
}

@test "--ref names a level the data has, of a categorical column" {
	run linreg --ref cyl=5 'mpg ~ wt + factor(cyl)' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
	[[ "$output" == *"--ref cyl=5: no such level in the data"* ]]
	run linreg --ref wt=3 'mpg ~ wt' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
	[[ "$output" == *"not categorical"* ]]
	run linreg --ref nosuch=3 'mpg ~ wt' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
	run linreg merge --ref cyl=6 /dev/null
	[ "$status" -eq 64 ]
}

@test "-g with a formula: each group its own levels and fit (R, by am)" {
	# Rscript -e 'for (a in 0:1) print(coef(lm(mpg ~ wt + factor(cyl), subset(mtcars, am == a))), digits=17)'
	run --separate-stderr linreg --json -g am 'mpg ~ wt + factor(cyl)' "$(models)/mtcars.csv"
	[ "$status" -eq 0 ]
	approx "$(jval '.groups[0].fit.coefficients[1].estimate')" -7.3398280543795806 1e-12
	approx "$(jval '.groups[1].fit.coefficients[3].estimate')" -5.2363504759789636 1e-12
	[ "$(jval '.groups[0].group.am')" = 1 ]
}

@test "--every with a formula: a level first seen later rewrites the CSV header" {
	printf 'g,x,y\na,1,2\na,2,3\na,3,5\nb,1,4\nb,2,6\nb,3,7\n' >"$T/e.csv"
	run --separate-stderr linreg --every 3 --format csv 'y ~ x + g' "$T/e.csv"
	[ "$status" -eq 0 ]
	# the first fit has no gb column; the later ones do, under a new header
	[ "$(grep -c '^n,df' <<<"$output")" = 2 ]
	[[ "$(grep '^n,df' <<<"$output" | tail -1)" == *",gb,gb_se,"* ]]
}

@test "--fail-if names a coefficient as R does" {
	# Rscript -e 'print(summary(lm(mpg ~ wt + factor(cyl), mtcars))$coefficients[,4], digits=17)'
	run --separate-stderr linreg --fail-if 'p:factor(cyl)6>0.001' 'mpg ~ wt + factor(cyl)' "$(models)/mtcars.csv"
	[ "$status" -eq 1 ]
	run --separate-stderr linreg --fail-if 'p:factor(cyl)6>0.01' 'mpg ~ wt + factor(cyl)' "$(models)/mtcars.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr linreg --fail-if 'rows_missing>0' 'Ozone ~ Wind' "$(models)/airquality.csv"
	[ "$status" -eq 1 ]
}

@test "a formula error points at the character it could not read" {
	run linreg 'mpg ~ wt + )' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "linreg: formula: unexpected ')' (at character 12):" ]
	[ "${lines[1]}" = "linreg:   mpg ~ wt + )" ]
	[ "${lines[2]}" = "linreg:              ^" ]
	run linreg -F 'mpg ~ foo(wt)' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
	[[ "${lines[0]}" == *"unknown function 'foo'"* ]]
	run linreg -x wt 'mpg ~ wt' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
	# a file whose name has a '~' is a file, not a formula
	cp "$(models)/mtcars.csv" "$T/a~b.csv"
	run --separate-stderr linreg -x wt -y mpg "$T/a~b.csv"
	[ "$status" -eq 0 ]
}

@test "a typo never becomes a level: text after numbers is an invalid row" {
	printf 'x,g,y\n1,1,2\n2,2,3\n3,two,5\n4,1,6\n' >"$T/t.csv"
	run linreg 'y ~ x + g' "$T/t.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == *"t.csv:4: column 'g': cannot read \"two\" as a number"* ]]
	# a row that fails in another column teaches the model nothing
	printf 'x,g,y\n1,a,oops\n2,1,3\n3,2,5\n4,1,6\n5,2,8\n' >"$T/u.csv"
	run --separate-stderr linreg --json --skip-invalid 'y ~ x + g' "$T/u.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '[.coefficients[].term] | join(",")')" = "(Intercept),x,g" ]
	[ "$(jval .rows_skipped)" = 1 ]
}

@test "--predict-file and --fitted with factors: ids carried, unknown levels refused" {
	printf 'id,wt,cyl\na1,3,6\nb2,2.5,4\nc3,NA,8\n' >"$T/p.csv"
	# Rscript -e 'print(predict(lm(mpg ~ wt + factor(cyl), mtcars), data.frame(wt=c(3,2.5), cyl=c(6,4))), digits=17)'
	run --separate-stderr linreg --predict-file "$T/p.csv" 'mpg ~ wt + factor(cyl)' "$(models)/mtcars.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id,wt,cyl,fit,se_fit,conf_low,conf_high,pred_low,pred_high" ]
	approx "$(cut -d, -f4 <<<"${lines[1]}")" 20.118371838582593 1e-12
	approx "$(cut -d, -f4 <<<"${lines[2]}")" 25.976760868650310 1e-12
	[ "${lines[3]}" = "c3,NA,8,,,,,," ]
	printf 'id,wt,cyl\nz,3,5\n' >"$T/q.csv"
	run --separate-stderr linreg --predict-file "$T/q.csv" 'mpg ~ wt + factor(cyl)' "$(models)/mtcars.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"column 'cyl': \"5\" is not a value the fit knows"* ]]
	# --fitted: a left-out row keeps its place with empty results
	run --separate-stderr linreg --fitted 'Ozone ~ Wind + factor(Month)' "$(models)/airquality.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 154 ]
	[[ "${lines[5]}" == *",,,," ]]
}

@test "--plot and --svg draw one numeric predictor: a factor model is refused" {
	run linreg --plot 'mpg ~ factor(cyl)' "$(models)/mtcars.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr linreg --plot 'mpg ~ wt' "$(models)/mtcars.csv"
	[ "$status" -eq 0 ]
}

@test "-j 2: a factor whose later levels look like numbers reads as -j 1 does" {
	awk 'BEGIN { print "g,x,y"; for (i = 0; i < 200000; i++) { g = i < 1000 ? "K" : i % 12 + 1
		printf "%s,%d,%.3f\n", g, i % 100, (i % 100) * 0.5 + (i % 7) } }' >"$T/grade.csv"
	run --separate-stderr linreg -j 1 --format csv 'y ~ g + x' "$T/grade.csv"
	[ "$status" -eq 0 ]
	one=$output
	run --separate-stderr linreg -j 2 --format csv 'y ~ g + x' "$T/grade.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$one" ]
}

@test "--fitted leaves out the rows --na's tokens made missing" {
	printf 'x,f,y\n1,a,2\n2,b,3\n3,a,-999\n4,b,6\n5,a,7\n6,b,9\n' >"$T/n.csv"
	run --separate-stderr linreg --na 'NA,-999' --fitted 'y ~ x + f' "$T/n.csv"
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "3,a,-999,,,," ]
}

@test "--predict takes a date for a model of one date column" {
	run --separate-stderr linreg --json --time-unit day --predict 'date=2026-03-01' 'y ~ date' "$(models)/daily.csv"
	want=$(jval '.predictions[0].fit')
	run --separate-stderr linreg --json --time-unit day --predict 2026-03-01 'y ~ date' "$(models)/daily.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '.predictions[0].fit')" = "$want" ]
	[ "$(jval '.predictions[0].at')" = "date=2026-03-01" ]
	run --separate-stderr linreg --json --time-unit day --predict 2026-03-01 -x date -y y "$(models)/daily.csv"
	[ "$(jval '.predictions[0].fit')" = "$want" ]
}
