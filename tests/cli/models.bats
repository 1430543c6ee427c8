#!/usr/bin/env bats
# Several predictors, polynomials, weights, --origin with each, and
# predictions for every model, against R 4.2's lm (to 1e-9 relative).
# Reference values: Rscript tests/data/ref_mtcars.R (data: R's mtcars).

load helper

setup_file() { :; }

cars() { echo "$TOP/tests/data/mtcars.csv"; }

@test "-x a,b: several predictors (lm(mpg ~ wt + hp))" {
	run --separate-stderr linreg --json -y mpg -x wt,hp --predict '3,150;2.5,100' "$(cars)"
	[ "$status" -eq 0 ]
	[ "$(jval .model)" = multiple ]
	[ "$(jval .formula)" = "mpg ~ wt + hp" ]
	[ "$(jval '[.coefficients[].term] | join(",")')" = "(Intercept),wt,hp" ]
	[ "$(jval .slope)" = null ]
	approx "$(jval '.coefficients[0].estimate')" 37.227270116447201076
	approx "$(jval '.coefficients[1].estimate')" -3.877830742404682063
	approx "$(jval '.coefficients[2].estimate')" -0.031772946982161002
	approx "$(jval '.coefficients[1].std_error')" 0.6327334943773953446
	approx "$(jval '.coefficients[2].t')" -3.5187119102087809
	approx "$(jval '.coefficients[2].p')" 1.4512285315694238e-03
	approx "$(jval '.coefficients[0].p')" 2.5654585119837577e-20
	approx "$(jval '.coefficients[1].ci_low')" -5.17191604067553712
	approx "$(jval '.coefficients[2].ci_high')" -0.013305117093248393
	approx "$(jval .sigma)" 2.5934117772265668
	approx "$(jval .r2)" 0.82678545188279118
	approx "$(jval .adj_r2)" 0.8148396209781561
	approx "$(jval .f)" 69.211213391777648
	[ "$(jval .f_df1)" = 2 ]
	[ "$(jval .f_df2)" = 29 ]
	approx "$(jval .f_p)" 9.1090543852220887e-12
	approx "$(jval .loglik)" -74.326169412820661
	approx "$(jval .aic)" 156.65233882564132
	approx "$(jval .bic)" 162.51528243684024
	approx "$(jval '.vcov[0][1]')" -0.7359451464184755265
	approx "$(jval '.vcov[1][2]')" -0.0037636900190961358
	approx "$(jval '.vcov[2][2]')" 0.00008153565683024247
	[ "$(jval '.predictions[0].x | join(",")')" = "3,150" ]
	approx "$(jval '.predictions[0].fit')" 20.827835841909007
	approx "$(jval '.predictions[0].se_fit')" 0.48516807871475137
	approx "$(jval '.predictions[0].conf_low')" 19.835555705905026
	approx "$(jval '.predictions[1].conf_high')" 25.551113692076790
	approx "$(jval '.predictions[0].pred_low')" 15.431694919036493
	approx "$(jval '.predictions[1].pred_high')" 29.792626869267131
}

@test "several predictors through the origin (lm(mpg ~ 0 + wt + hp))" {
	run --separate-stderr linreg --json --origin -y mpg -x wt,hp --predict '3,150' "$(cars)"
	[ "$status" -eq 0 ]
	[ "$(jval '.coefficients | length')" = 2 ]
	[ "$(jval .formula)" = "mpg ~ 0 + wt + hp" ]
	approx "$(jval '.coefficients[0].estimate')" 6.840449970835300597
	approx "$(jval '.coefficients[1].std_error')" 0.0393981150048478
	approx "$(jval '.coefficients[1].p')" 0.3958820726150359404
	approx "$(jval .r2)" 0.72642594659534265
	approx "$(jval .adj_r2)" 0.70818767636836544
	approx "$(jval .f)" 39.829761131669656
	approx "$(jval .f_p)" 3.5985171588026493e-09
	approx "$(jval .aic)" 250.02522962535392
	approx "$(jval '.vcov[0][1]')" -0.0708438739202118528
	approx "$(jval '.predictions[0].se_fit')" 1.8597952813545133
	approx "$(jval '.predictions[0].pred_low')" -7.9895002621960831
}

@test "--degree N: a raw polynomial (lm(mpg ~ poly(wt, 3, raw = TRUE)))" {
	run --separate-stderr linreg --json --degree 3 -y mpg -x wt --predict 3 "$(cars)"
	[ "$status" -eq 0 ]
	[ "$(jval .model)" = polynomial ]
	[ "$(jval .degree)" = 3 ]
	[ "$(jval .formula)" = "mpg ~ wt + wt^2 + wt^3" ]
	[ "$(jval '[.coefficients[].term] | join(",")')" = "(Intercept),wt,wt^2,wt^3" ]
	approx "$(jval '.coefficients[0].estimate')" 48.403696227953012965
	approx "$(jval '.coefficients[1].estimate')" -11.825976017913463423
	approx "$(jval '.coefficients[2].estimate')" 0.689379193455805783
	approx "$(jval '.coefficients[3].estimate')" 0.045936180220451928
	approx "$(jval '.coefficients[3].std_error')" 0.45069680339547924
	approx "$(jval '.coefficients[2].p')" 0.885414705057899099
	approx "$(jval '.coefficients[1].ci_low')" -43.50143225002847913
	approx "$(jval .f)" 42.26866817718966
	approx "$(jval .f_p)" 1.5845458785993932e-10
	approx "$(jval .bic)" 167.36521197585478
	approx "$(jval '.vcov[0][3]')" -6.75282881452787453
	approx "$(jval '.predictions[0].fit')" 20.370457781267078
	approx "$(jval '.predictions[0].pred_high')" 26.075402486235685
}

@test "--weights COL: weighted least squares (lm(mpg ~ wt, weights = qsec))" {
	run --separate-stderr linreg --json --weights qsec -y mpg -x wt --predict 3 "$(cars)"
	[ "$status" -eq 0 ]
	[ "$(jval .weights)" = qsec ]
	approx "$(jval .intercept)" 37.5838467106996390
	approx "$(jval .slope)" -5.3890236287901478
	approx "$(jval '.coefficients[1].std_error')" 0.55869187018963629
	approx "$(jval '.coefficients[1].p')" 1.0525175060036302e-10
	approx "$(jval .sigma)" 12.882974108231686
	approx "$(jval .r2)" 0.75617930277712442
	approx "$(jval .adj_r2)" 0.74805194620302862
	approx "$(jval .f)" 93.041236210464589
	approx "$(jval .loglik)" -80.128442225710714
	approx "$(jval .aic)" 166.25688445142143
	approx "$(jval '.vcov[0][1]')" -0.99904621701767304
	approx "$(jval '.predictions[0].se_fit')" 0.55059522271491868
	approx "$(jval '.predictions[0].conf_low')" 20.292310366407474
	# R: "assuming constant prediction variance" (a new point of weight 1)
	approx "$(jval '.predictions[0].pred_low')" -4.9177852088011171
}

@test "weights with several predictors, and weights through the origin" {
	run --separate-stderr linreg --json --weights qsec -y mpg -x wt,hp "$(cars)"
	[ "$status" -eq 0 ]
	approx "$(jval '.coefficients[2].estimate')" -0.032532969294088235
	approx "$(jval '.coefficients[0].std_error')" 1.6102836811478842272
	approx "$(jval .f_p)" 1.0600905569735029e-11
	approx "$(jval .bic)" 163.51368140561959
	approx "$(jval '.vcov[0][2]')" 4.8433364398530327e-04
	run --separate-stderr linreg --json --origin --weights 4 -y 1 -x 2 "$(cars)"
	[ "$status" -eq 0 ]
	approx "$(jval .slope)" 5.3752582739143611
	approx "$(jval '.coefficients[0].std_error')" 0.60401429822029806
	approx "$(jval .r2)" 0.71868353328494439
	approx "$(jval .adj_r2)" 0.70960880855220065
	approx "$(jval .loglik)" -122.91295769559245
}

@test "non-positive weights are data errors unless skipped; a missing weight is a missing value" {
	printf 'x,y,w\n1,2,1\n2,3,0\n3,5,2\n4,4,1\n' >"$T/w.csv"
	run linreg --weights w "$T/w.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/w.csv:3: column 'w': weight must be positive, got 0" ]
	printf 'x,y,w\n1,2,1\n2,3,\n3,5,2\n4,4,-1\n5,6,1\n' >"$T/w2.csv"
	run linreg --weights w "$T/w2.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/w2.csv:5: column 'w': weight must be positive, got -1" ]
	run --separate-stderr linreg --json --skip-invalid --weights w "$T/w2.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .rows_skipped)" = 1 ]
	[ "$(jval .rows_missing)" = 1 ]
	[ "$(jval .n)" = 3 ]
}

@test "collinear predictors are named and refused, exit 65" {
	run linreg -y y -x x1,x2,x3 "$TOP/tests/data/hard/collinear.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: predictor 'x3' is a linear combination of the intercept and the predictors before it (to within the precision of the data): drop it or one of them" ]
	run linreg -y y -x x1,x2 "$TOP/tests/data/hard/collinear.csv"
	[ "$status" -eq 0 ]
	printf 'a,b,y\n1,5,1\n2,5,3\n3,5,2\n4,5,5\n' >"$T/c.csv"
	run linreg -x a,b -y y "$T/c.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: predictor 'b' is a linear combination of the intercept and the predictors before it (to within the precision of the data): drop it or one of them" ]
	run linreg -x b,a -y y "$T/c.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: predictor 'b' is constant: its coefficient is undefined" ]
}

@test "an ill-conditioned polynomial is fitted, not refused (filip_like, degree 10)" {
	run --separate-stderr linreg --json --degree 10 "$TOP/tests/data/hard/filip_like.csv"
	[ "$status" -eq 0 ]
	# exact values: tests/data/hard/filip_like.cert.json (R's lm drops x^10 here)
	approx "$(jval '.coefficients[0].estimate')" "$(jq -r '.beta[0]' "$TOP/tests/data/hard/filip_like.cert.json")" 1e-12
	approx "$(jval '.coefficients[10].estimate')" "$(jq -r '.beta[10]' "$TOP/tests/data/hard/filip_like.cert.json")" 1e-12
	approx "$(jval '.coefficients[10].std_error')" "$(jq -r '.sd[10]' "$TOP/tests/data/hard/filip_like.cert.json")" 1e-12
	approx "$(jval .sigma)" "$(jq -r '.rsd' "$TOP/tests/data/hard/filip_like.cert.json")" 1e-12
}

@test "a polynomial with too few distinct x values is refused" {
	printf 'x,y\n1,1\n2,4\n3,9\n1,1\n2,4\n' >"$T/p.csv"
	run linreg --degree 3 "$T/p.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: the x^3 term is a linear combination of the lower powers: too few distinct x values for a polynomial of degree 3" ]
}

@test "--degree needs one predictor and a whole number from 1 to 30" {
	run linreg --degree 2 -x wt,hp -y mpg "$(cars)"
	[ "$status" -eq 64 ]
	run linreg --degree 0 "$(cars)"
	[ "$status" -eq 64 ]
	run linreg --degree 31 "$(cars)"
	[ "$status" -eq 64 ]
	run --separate-stderr linreg --json --degree 1 -y mpg -x wt "$(cars)"
	[ "$(jval .model)" = linear ]
}

@test "NIST Longley (6 predictors) and Pontius (degree 2) from the command line" {
	run --separate-stderr linreg --json -x x1,x2,x3,x4,x5,x6 -y y "$NIST/Longley.csv"
	[ "$status" -eq 0 ]
	for j in 0 1 2 3 4 5 6; do
		approx "$(jval ".coefficients[$j].estimate")" "$(jq -r ".beta[$j]" "$NIST/Longley.cert.json")" 1e-12
		approx "$(jval ".coefficients[$j].std_error")" "$(jq -r ".sd[$j]" "$NIST/Longley.cert.json")" 1e-12
	done
	approx "$(jval .sigma)" "$(jq -r .rsd "$NIST/Longley.cert.json")" 1e-12
	run --separate-stderr linreg --json --degree 2 "$NIST/Pontius.csv"
	for j in 0 1 2; do
		approx "$(jval ".coefficients[$j].estimate")" "$(jq -r ".beta[$j]" "$NIST/Pontius.cert.json")" 1e-12
		approx "$(jval ".coefficients[$j].std_error")" "$(jq -r ".sd[$j]" "$NIST/Pontius.cert.json")" 1e-12
	done
	approx "$(jval .r2)" "$(jq -r .r2 "$NIST/Pontius.cert.json")" 1e-12
}

@test "--predict-file: the file's rows again, each with its prediction (ids carried through)" {
	printf 'id,hp,wt\nA,150,3\nB,100,2.5\nC,NA,3\n' >"$T/new.csv"
	run --separate-stderr linreg -y mpg -x wt,hp --predict-file "$T/new.csv" "$(cars)"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id,hp,wt,fit,se_fit,conf_low,conf_high,pred_low,pred_high" ]
	[[ "${lines[1]}" == "A,150,3,"* ]]
	[ "${lines[3]}" = "C,NA,3,,,,,," ]
	approx "$(cut -d, -f4 <<<"${lines[1]}")" 20.827835841909007
	approx "$(cut -d, -f7 <<<"${lines[2]}")" 25.551113692076790
	# JSON Lines with --format json: the header's names as keys
	run --separate-stderr linreg --json -y mpg -x wt,hp --predict-file "$T/new.csv" "$(cars)"
	[ "$(head -1 <<<"$output" | jq -r .id)" = A ]
	approx "$(head -1 <<<"$output" | jq -r .fit)" 20.827835841909007
	[ "$(sed -n 3p <<<"$output" | jq -r .fit)" = null ]
	printf '3,150\n2.5,100\n' >"$T/new2.csv"
	run --separate-stderr linreg -y mpg -x wt,hp --predict-file "$T/new2.csv" "$(cars)"
	approx "$(cut -d, -f3 <<<"${lines[1]}")" 24.355398562219392
	printf '3\n' >"$T/one.txt"
	run --separate-stderr linreg -y mpg -x wt --degree 3 --predict-file "$T/one.txt" "$(cars)"
	approx "$(cut -d, -f2 <<<"${lines[0]}")" 20.370457781267078
	printf '3,150\n2,abc\n' >"$T/bad.csv"
	run linreg -y mpg -x wt,hp --predict-file "$T/bad.csv" "$(cars)"
	[ "$status" -eq 65 ]
	[[ "$output" == *"linreg: $T/bad.csv:2: column 2: cannot read \"abc\" as a number"* ]]
	run linreg -y mpg -x wt,hp --predict-file "$T/nosuch" "$(cars)"
	[ "$status" -eq 66 ]
	run linreg --fitted -y mpg -x wt --predict-file "$T/one.txt" "$(cars)"
	[ "$status" -eq 64 ]
}

@test "--predict with several predictors wants whole rows" {
	run linreg -y mpg -x wt,hp --predict '3,150;2.5' "$(cars)"
	[ "$status" -eq 64 ]
	[[ "$output" == *"--predict: expected 2 values (one per predictor) in each row, got 1"* ]]
}

@test "text and CSV show every term" {
	run --separate-stderr linreg -y mpg -x wt,hp "$(cars)"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Multiple regression: mpg ~ wt + hp" ]]
	[[ "$output" == *$'\nwt '*"-3.87783"* ]]
	[[ "$output" == *$'\nhp '*"-0.0317729"* ]]
	run --separate-stderr linreg --format csv --degree 2 -y mpg -x wt --predict 3 "$(cars)"
	[[ "${lines[0]}" == "n,df,intercept,intercept_se,intercept_t,intercept_p,intercept_ci_low,intercept_ci_high,wt,wt_se,wt_t,wt_p,wt_ci_low,wt_ci_high,wt^2,wt^2_se,"* ]]
	[[ "${lines[0]}" == *",pred1_x,pred1_fit,"* ]]
	run --separate-stderr linreg --format csv -y mpg -x wt,hp --predict '3,150' "$(cars)"
	[[ "${lines[0]}" == *",pred1_wt,pred1_hp,pred1_fit,"* ]]
	[ "$(awk -F, 'NR == 2 { print NF }' <<<"$output")" = "$(awk -F, 'NR == 1 { print NF }' <<<"$output")" ]
}

@test "JSON input with several predictors and weights" {
	echo '[{"a": 1, "b": 2, "y": 3.1, "w": 1}, {"a": 2, "b": 1, "y": 3.9, "w": 2},
	       {"a": 3, "b": 5, "y": 8.2, "w": 1}, {"a": 4, "b": 3, "y": 7.1, "w": 3},
	       {"a": 5, "b": 4, "y": 9.0, "w": 1}]' >"$T/m.json"
	run --separate-stderr linreg --json -x a,b -y y --weights w "$T/m.json"
	[ "$status" -eq 0 ]
	[ "$(jval '.x | join(",")')" = "a,b" ]
	[ "$(jval .n)" = 5 ]
	echo '{"a": [1, 2, 3, 4, 5], "b": [2, 1, 5, 3, 4], "y": [3.1, 3.9, 8.2, 7.1, 9.0]}' >"$T/c.json"
	run --separate-stderr linreg --json -x a,b -y y "$T/c.json"
	[ "$status" -eq 0 ]
	[ "$(jval '.coefficients | length')" = 3 ]
}

@test "a weighted polynomial through the origin (lm(mpg ~ 0 + wt + I(wt^2), weights = qsec))" {
	run --separate-stderr linreg --json --origin --degree 2 --weights qsec -y mpg -x wt --predict 3 "$(cars)"
	[ "$status" -eq 0 ]
	[ "$(jval .model)" = "polynomial through origin" ]
	[ "$(jval .formula)" = "mpg ~ 0 + wt + wt^2" ]
	approx "$(jval '.coefficients[0].estimate')" 15.9395465721474228
	approx "$(jval '.coefficients[1].estimate')" -2.8009109705855901
	approx "$(jval '.coefficients[1].std_error')" 0.3311108232422183
	approx "$(jval '.coefficients[0].p')" 2.8208761218342550e-13
	approx "$(jval '.coefficients[1].ci_low')" -3.4771294848764005
	approx "$(jval .sigma)" 26.661258317891932
	approx "$(jval .r2)" 0.91689890709554567
	approx "$(jval .f)" 165.50304124455107
	approx "$(jval .f_p)" 6.2244507029213719e-17
	approx "$(jval .loglik)" -103.40219932370572
	approx "$(jval '.vcov[0][1]')" -0.41351159712717578
	approx "$(jval '.predictions[0].se_fit')" 1.260926671647933
	approx "$(jval '.predictions[0].conf_low')" 20.035285170249789
	approx "$(jval '.predictions[0].pred_high')" 77.120855630223602
}

@test "a column selected twice is a usage error" {
	printf 'a,b\n1,2\n2,3\n4,5\n' >"$T/ab.csv"
	run linreg -x 2 "$T/ab.csv"
	[ "$status" -eq 64 ]
	[[ "$output" == "linreg: column 'y' is selected twice"* ]] || [[ "$output" == *"is selected twice"* ]]
	run linreg -x a -y a "$T/ab.csv"
	[ "$status" -eq 64 ]
	# -x b of two columns: the response is the other one (issue 15)
	run linreg --format csv -x b "$T/ab.csv"
	[ "$status" -eq 0 ]
	run linreg -x y "$SEED/iris-request.json"
	[ "$status" -eq 64 ]
	[[ "${lines[0]}" == *"key 'y' is selected twice"* ]]
	run linreg -x wt,hp "$(cars)"
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "linreg: -y: with several predictors, name the response column" ]
}

@test "collinearity messages without intercept and for polynomials" {
	printf 'a,b,y\n1,2,1\n2,4,3\n3,6,2\n4,8,5\n' >"$T/o.csv"
	run linreg --origin -x a,b -y y "$T/o.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: predictor 'b' is a linear combination of the predictors before it (to within the precision of the data): drop it or one of them" ]
	printf 'x,y\n2,1\n2,3\n2,2\n' >"$T/p.csv"
	run linreg --degree 2 "$T/p.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: all x values are equal: the polynomial is undefined" ]
}

@test "a cubic in raw Unix timestamps is fitted exactly (R's lm drops terms)" {
	awk 'BEGIN { print "t,v"; for (i = 0; i < 2000; i++)
		printf "%.3f,%.6f\n", 1700000000 + i * 0.25, 3 + 2e-3 * i + ((i * 7919) % 1000) / 1000 }' >"$T/ts.csv"
	run --separate-stderr linreg --json --degree 3 "$T/ts.csv"
	[ "$status" -eq 0 ]
	# exact rational solution for the same doubles (Python fractions)
	approx "$(jval '.coefficients[0].estimate')" 1.0624174445943453e+17 1e-12
	approx "$(jval '.coefficients[1].estimate')" -187485429.36774331 1e-12
	approx "$(jval '.coefficients[2].estimate')" 0.11028554548734158 1e-12
	approx "$(jval '.coefficients[3].estimate')" -2.1624616526091601e-11 1e-12
	approx "$(jval .sigma)" 0.28896395297218436 1e-12
}

@test "--predict far from the data: an overflowing fit is Inf, bounds a double can hold are kept" {
	# References (mpmath, 40 digits), for y = 0.1 + 1.95 x fitted to
	# (1,2) (2,4.1) (3,5.9): sigma^2 = 0.015, se_fit = sigma sqrt(1/3 + (x-2)^2/2),
	# conf_low = 0.1 + 1.95 x - qt(0.975, 1) se_fit at x = 1e308:
	#   python3 -c "from mpmath import *; mp.dps=40; x=mpf(10)**308; s=sqrt(mpf('0.015'));
	#     se=s*sqrt(mpf(1)/3+(x-2)**2/2); q=mpf('12.706204736174704646');
	#     print(se, mpf('0.1')+mpf('1.95')*x-q*se)"
	#   se_fit 8.6602540378443865e+306, conf_low 8.4961039127865547e+307
	printf 'x,y\n1,2\n2,4.1\n3,5.9\n' >"$T/a.csv"
	run linreg --json --predict 1e308,-1e308 "$T/a.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '.predictions[0].fit')" = null ]
	[ "$(jval '.predictions[0].conf_high')" = null ]
	approx "$(jval '.predictions[0].se_fit')" 8.6602540378443865e+306 1e-14
	approx "$(jval '.predictions[0].conf_low')" 8.4961039127865547e+307 1e-14
	approx "$(jval '.predictions[0].pred_low')" 8.4961039127865547e+307 1e-14
	approx "$(jval '.predictions[1].conf_high')" -8.4961039127865547e+307 1e-14
	# The text report shows the overflow as Inf, as BUGS says, not NA.
	run linreg --predict 1e308 "$T/a.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1e+308  Inf  8.4961e+307        Inf  8.4961e+307        Inf"* ]]
	[[ "$output" != *NA* ]]
}
