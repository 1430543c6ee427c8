#!/usr/bin/env bats
# Numbers: NIST certified values, and agreement with R to 1e-9 relative.
# R values: Rscript tests/unit/ref_women.R (R 4.2, Debian r-base-core);
# NIST values: $SHARED/data/nist/*.cert.json.

load helper

@test "NIST Norris: every certified value to 12 significant digits" {
	run linreg --json "$NIST/Norris.csv"
	[ "$status" -eq 0 ]
	approx "$(jval '.coefficients[0].estimate')" -0.262323073774029 1e-12
	approx "$(jval '.coefficients[1].estimate')" 1.00211681802045 1e-12
	approx "$(jval '.coefficients[0].std_error')" 0.232818234301152 1e-12
	approx "$(jval '.coefficients[1].std_error')" 0.429796848199937E-03 1e-12
	approx "$(jval .sigma)" 0.884796396144373 1e-12
	approx "$(jval .r2)" 0.999993745883712 1e-12
}

@test "NIST Norris: p-values, intervals, F, logLik agree with R" {
	run linreg --json --predict 500 "$NIST/Norris.csv"
	[ "$status" -eq 0 ]
	approx "$(jval '.coefficients[0].p')" 2.6774674233304935e-01
	approx "$(jval '.coefficients[1].p')" 4.6540408524735642e-90
	approx "$(jval '.coefficients[0].ci_low')" -0.73546665210168405
	approx "$(jval '.coefficients[1].ci_high')" 1.00299027030533061
	approx "$(jval .f)" 5436385.5407977598
	approx "$(jval .f_p)" 4.6540408524735642e-90
	approx "$(jval .loglik)" -45.646617779590485
	approx "$(jval .aic)" 97.293235559180971
	approx "$(jval .bic)" 102.0437923745493
	approx "$(jval '.predictions[0].conf_low')" 500.48819647153339929
	approx "$(jval '.predictions[0].pred_high')" 502.6203778187226021
}

@test "women data: everything R's summary(lm) reports, at --level 0.9" {
	run linreg --json --level 0.9 --predict 80 "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 15 ]
	[ "$(jval .df)" = 13 ]
	[ "$(jval .level)" = 0.9 ]
	[ "$(jval '.coefficients[0].term')" = "(Intercept)" ]
	[ "$(jval '.coefficients[1].term')" = height ]
	approx "$(jval .intercept)" -87.5166666666664526
	approx "$(jval .slope)" 3.4499999999999971
	approx "$(jval '.coefficients[0].std_error')" 5.936944048903032289
	approx "$(jval '.coefficients[1].t')" 37.855306837856823
	approx "$(jval '.coefficients[0].p')" 1.7110819333735086e-09
	approx "$(jval '.coefficients[0].ci_low')" -98.030599152974361
	approx "$(jval '.coefficients[0].ci_high')" -77.0027341803585443
	approx "$(jval '.coefficients[1].ci_low')" 3.288603336585695
	approx "$(jval .sigma)" 1.5250052542994958
	approx "$(jval .r2)" 0.99100983268575038
	approx "$(jval .adj_r2)" 0.990318281353885
	approx "$(jval .r)" 0.99549476778421608
	approx "$(jval .f)" 1433.0242557882855
	approx "$(jval .f_p)" 1.0909729585998884e-14
	approx "$(jval .sse)" 30.23333333333391
	approx "$(jval .rmse)" 1.4197026292698038
	approx "$(jval '.vcov[0][1]')" -0.53988095238096023
	approx "$(jval '.predictions[0].se_fit')" 1.42262483331391776
}

@test "--predict: fit with confidence and prediction intervals (R predict)" {
	run linreg --json --predict 65 --predict 80 "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '.predictions | length')" = 2 ]
	[ "$(jval '.predictions[0].x')" = 65 ]
	approx "$(jval '.predictions[0].fit')" 136.73333333333335
	approx "$(jval '.predictions[0].conf_low')" 135.88267809993147
	approx "$(jval '.predictions[0].conf_high')" 137.58398856673523
	approx "$(jval '.predictions[0].pred_low')" 133.33071239972580
	approx "$(jval '.predictions[0].pred_high')" 140.13595426694090
	approx "$(jval '.predictions[1].conf_low')" 185.40993923353633
	approx "$(jval '.predictions[1].pred_high')" 192.98888171109792
}

@test "--origin: y = b x with R's uncentred R-squared (lm(weight ~ 0 + height))" {
	run linreg --json --origin --predict 65 "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '.coefficients | length')" = 1 ]
	[ "$(jval .formula)" = "weight ~ 0 + height" ]
	[ "$(jval .intercept)" = 0 ]
	[ "$(jval .df)" = 14 ]
	approx "$(jval .slope)" 2.1095122142801035
	approx "$(jval '.coefficients[0].std_error')" 0.024515236902657327
	approx "$(jval '.coefficients[0].p')" 1.7872963639992279e-20
	approx "$(jval '.coefficients[0].ci_low')" 2.0569322605201328
	approx "$(jval .r2)" 0.99811280939858482
	approx "$(jval .adj_r2)" 0.99797801006991227
	approx "$(jval .f)" 7404.4345712099857
	approx "$(jval .sigma)" 6.1851801813077856
	approx "$(jval .aic)" 100.19794704589532
	approx "$(jval '.predictions[0].pred_low')" 123.41922292471321
}

@test "Unix timestamps as x fit as exactly as small x" {
	# The exact values are from Python fractions (tests/unit/gen_core_ref.py).
	awk 'BEGIN { print "t,v"; for (i = 0; i < 1000; i++)
		printf "%d,%.17g\n", 1700000000 + 37 * i, (i * 3 + (i * 7919) % 13 * 5) / 64 }' >"$T/ts.csv"
	run linreg --json "$T/ts.csv"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" 0.0012670060262965669 1e-14
	approx "$(jval .intercept)" -2153909.7784541636 1e-14
	approx "$(jval .sigma)" 0.29249195622370672 1e-14
	approx "$(jval '.coefficients[1].std_error')" 8.6597039143145392e-07 1e-14
	approx "$(jval .r2)" 0.99953400973655648 1e-14
}

@test "the seed request: the worker's published 32-bit values, and double precision" {
	run linreg --json "$SEED/iris-request.json"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 150 ]
	# The published response, computed in 32-bit floats (about 7 digits).
	approx "$(jval .slope)" -0.057268277 1e-6
	approx "$(jval .intercept)" 3.3886375 1e-6
	approx "$(jval .rmse)" 0.42955422 1e-6
	approx "$(jval '.predictions[0].fit')" 3.1309304 1e-6
	approx "$(jval '.predictions[1].fit')" 3.0163937 1e-6
	[ "$(jval '.predictions[0].x')" = 4.5 ]
	[ "$(jval '.predictions[1].x')" = 6.5 ]
	# Double precision, from R 4.2: coef(lm(y ~ x)) on the same points.
	approx "$(jval .slope)" -0.057268233797164926 1e-12
	approx "$(jval .intercept)" 3.388637379488101953 1e-12
}

@test "numbers are the same in a comma-decimal locale" {
	locale -a | grep -qi '^de_DE\.utf-\?8$' || {
		echo "the de_DE.UTF-8 locale is missing: run 'make test' as root to generate it" >&2
		return 1
	}
	linreg --json --predict 65.5 "$EX/height-weight.csv" >"$T/c.json"
	LC_ALL=de_DE.UTF-8 linreg --json --predict 65.5 "$EX/height-weight.csv" >"$T/de.json"
	cmp "$T/c.json" "$T/de.json"
	LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 linreg "$EX/height-weight.csv" >"$T/de.txt"
	linreg "$EX/height-weight.csv" >"$T/c.txt"
	cmp "$T/c.txt" "$T/de.txt"
	grep -q '0.0911365' "$T/de.txt"
	# and a comma decimal in the data stays invalid in that locale
	printf 'x;y\n1;2,5\n2;3\n3;4\n' >"$T/comma.csv"
	LC_ALL=de_DE.UTF-8 run linreg -d ';' "$T/comma.csv"
	[ "$status" -eq 65 ]
}

@test "squares beyond a double are null with a note, never 0 with false notes" {
	# References, exact with python3 fractions and mpmath (50 digits),
	# for printf 'x,y\n1,1.1e-170\n2,1.9e-170\n3,3.2e-170\n4,3.9e-170\n5,5.05e-170\n':
	# sse 6.7e-342 and tss 9.868e-340 (below the smallest subnormal),
	# sigma 1.4944341180973259e-171, r2 0.9932103769760843,
	# F 438.8507462686569, slope 9.9e-171.
	run --separate-stderr sh -c "printf 'x,y\n1,1.1e-170\n2,1.9e-170\n3,3.2e-170\n4,3.9e-170\n5,5.05e-170\n' | linreg --json"
	[ "$status" -eq 0 ]
	[ "$(jval .sse)" = null ]
	[ "$(jval .tss)" = null ]
	approx "$(jval .sigma)" 1.4944341180973259e-171 1e-14
	approx "$(jval .r2)" 0.9932103769760843 1e-14
	approx "$(jval .f)" 438.8507462686569 1e-13
	approx "$(jval .slope)" 9.9e-171 1e-15
	[[ "$stderr" != *"exact"* ]]
	[[ "$stderr" != *"constant"* ]]
	[[ "$stderr" == *"beyond the range of a double"* ]]
	# y 0, 5e-324, 1e-323: the slope is the smallest subnormal, exactly
	run --separate-stderr sh -c "printf 'x,y\n0,0\n1,5e-324\n2,1e-323\n' | linreg --json"
	[ "$status" -eq 0 ]
	[ "$(jval .slope)" = 5e-324 ]
	[ "$(jval .intercept)" = 0 ]
}

@test "weights far apart or near 1e308 fit (R's lm(y ~ x, weights = w))" {
	# Reference, exact with python3 fractions (the weighted normal
	# equations): intercept 0.32142857142857145, slope 1.6785714285714286,
	# se(slope) 0.16940773179473461, sigma 0.63386569104638743.
	run --separate-stderr sh -c "printf 'x,y,w\n1,2,1e30\n2,4.5,1\n3,5,1\n4,7,1\n' | linreg --json --weights w"
	[ "$status" -eq 0 ]
	approx "$(jval .intercept)" 0.32142857142857145 1e-13
	approx "$(jval .slope)" 1.6785714285714286 1e-14
	approx "$(jval '.coefficients[1].std_error')" 0.16940773179473461 1e-13
	approx "$(jval .sigma)" 0.63386569104638743 1e-13
	# equal weights do not change the coefficients, their errors, p or R^2
	run --separate-stderr sh -c "printf 'x,y\n1,2\n2,4.5\n3,5\n4,7\n' | linreg --format csv"
	[ "$status" -eq 0 ]
	one=$output
	run --separate-stderr sh -c "printf 'x,y,w\n1,2,5e307\n2,4.5,5e307\n3,5,5e307\n4,7,5e307\n' | linreg --format csv --weights w"
	[ "$status" -eq 0 ]
	for col in intercept intercept_se slope slope_se slope_p r2 f; do
		a=$(printf '%s\n' "$one" | awk -F, -v n=$col 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i } NR == 2 { print $c }')
		approx "$(csvcol $col)" "$a" 1e-14 || { echo "$col"; return 1; }
	done
}
