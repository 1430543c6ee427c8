#!/usr/bin/env bats
# --fitted: every data row with its fit, residual, standardized residual
# and leverage (R 4.2: fitted, resid, rstandard, hatvalues).

load helper

@test "CSV in, CSV out: the rows with four columns appended, as R computes them" {
	run --separate-stderr linreg --fitted "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "height,weight,fit,residual,std_residual,leverage" ]
	[ "${#lines[@]}" -eq 16 ]
	IFS=, read -r h w fit res std lev <<<"${lines[1]}"
	[ "$h,$w" = "58,115" ]
	approx "$fit" 112.58333333333324
	approx "$res" 2.41666666666675845
	approx "$std" 1.81976512913528832
	approx "$lev" 0.24166666666666989
}

@test "weighted and several predictors (lm(..., weights = qsec), lm(mpg ~ wt + hp))" {
	run --separate-stderr linreg --fitted --weights qsec -y mpg -x wt "$TOP/tests/data/mtcars.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "mpg,wt,hp,qsec,fit,residual,std_residual,leverage" ]]
	IFS=, read -r a b c d fit res std lev <<<"${lines[1]}"
	approx "$fit" 23.464604803269395
	approx "$res" -2.4646048032693959
	approx "$std" -0.79184880387978152
	approx "$lev" 0.039256148094943405
	run --separate-stderr linreg --fitted -y mpg -x wt,hp "$TOP/tests/data/mtcars.csv"
	IFS=, read -r a b c d fit res std lev <<<"${lines[2]}"
	approx "$fit" 22.583482563996014
	approx "$std" -0.62332752417237869
	approx "$lev" 0.040486686555104415
}

@test "standard input is spooled and read twice; bad rows come back with empty fields" {
	mkdir "$T/tmp"
	run --separate-stderr env TMPDIR="$T/tmp" sh -c "printf 'x,y\n1,2\n2,abc\n3,6.5\n4,8\n' | linreg --fitted --skip-invalid"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	[ "${lines[2]}" = "2,abc,,,," ]
	[[ "${lines[3]}" == "3,6.5,"* ]]
	[ -z "$(ls -A "$T/tmp")" ]
}

@test "TSV stays TSV; quoted fields stay quoted" {
	printf 'x\ty\n1\t2\n2\t4.5\n3\t6\n' >"$T/t.tsv"
	run --separate-stderr linreg --fitted "$T/t.tsv"
	[[ "${lines[0]}" == $'x\ty\tfit\tresidual\tstd_residual\tleverage' ]]
	printf 'name,x,y\n"a, b",1,2\nc,2,4.5\nd,3,6\n' >"$T/q.csv"
	run --separate-stderr linreg --fitted -x x -y y "$T/q.csv"
	[[ "${lines[1]}" == '"a, b",1,2,'* ]]
}

@test "JSON in, JSON Lines out; the edge request's per-point view" {
	run --separate-stderr linreg --fitted "$SEED/iris-request.json"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 150 ]
	[ "$(jq -r 'keys_unsorted | join(",")' <<<"${lines[0]}")" = "x,y,fit,residual,std_residual,leverage" ]
	approx "$(jq -r .fit <<<"${lines[0]}")" 3.096569387122559 1e-12
	echo '[[1, 2], [2, 4.5], [3, 6]]' >"$T/p.json"
	run --separate-stderr linreg --fitted "$T/p.json"
	[ "$(jq -c 'length' <<<"${lines[0]}")" = 6 ]
}

@test "--fitted does not combine with -g, --every, merge or --format state" {
	run linreg --fitted -g 1 -x 2 -y 3 "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	run linreg --fitted --every 3 "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	run linreg --fitted --format state "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
}
