#!/usr/bin/env bats
# Output formats: JSON keys and nulls, CSV/TSV for pipelines, -o FILE.

load helper

@test "JSON has every documented key, in order" {
	run linreg --json --predict 60 "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '[keys_unsorted[]] | join(",")')" = "model,formula,x,y,weights,degree,n,df,coefficients,intercept,slope,sigma,r2,adj_r2,r,f,f_df1,f_df2,f_p,rmse,sse,tss,loglik,aic,bic,level,vcov,predictions,rows_read,rows_used,rows_skipped,rows_missing" ]
	[ "$(jval '.coefficients[0] | keys_unsorted | join(",")')" = "term,estimate,std_error,t,p,ci_low,ci_high" ]
	[ "$(jval '.predictions[0] | keys_unsorted | join(",")')" = "x,fit,se_fit,conf_low,conf_high,pred_low,pred_high" ]
	[ "$(jval .model)" = linear ]
	[ "$(jval .formula)" = "weight ~ height" ]
	[ "$(jval '.predictions | length')" = 1 ]
}

@test "JSON numbers round-trip exactly and print short" {
	printf 'x,y\n0,0.1\n1,1.1\n2,2.1\n3,3.2\n' >"$T/r.csv"
	run --separate-stderr linreg --json "$T/r.csv"
	[ "$(jval .rows_read)" = 4 ]
	# 0.1 prints as 0.1, not 0.10000000000000001
	run --separate-stderr linreg --json --predict 0.1 "$T/r.csv"
	[[ "$output" == *'"x": 0.1,'* ]]
	[[ "$output" == *'"level": 0.95,'* ]]
	# the slope is 1.03 up to rounding; 17 digits at most
	[[ "$(jval .slope)" =~ ^1\.0[0-9]{0,15}$ ]]
}

@test "undefined statistics are null in JSON, NA in text, empty in CSV" {
	printf 'x,y\n1,1\n2,3\n' >"$T/two.csv"
	run --separate-stderr linreg --json "$T/two.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "linreg: note: 2 points and 2 coefficients leave no residual degrees of freedom: standard errors, t, p, F and intervals are undefined" ]
	[ "$(jval .df)" = 0 ]
	[ "$(jval .slope)" = 2 ]
	[ "$(jval .sigma)" = null ]
	[ "$(jval '.coefficients[1].std_error')" = null ]
	[ "$(jval '.coefficients[1].p')" = null ]
	[ "$(jval .adj_r2)" = null ]
	[ "$(jval .f)" = null ]
	[ "$(jval .r2)" = 1 ]
	! grep -qiE 'nan|inf' <<<"$output"
	run --separate-stderr linreg "$T/two.csv"
	[[ "$output" == *"Residual standard error: NA on 0 degrees of freedom"* ]]
	run --separate-stderr linreg --format csv "$T/two.csv"
	[ "$(csvcol sigma)" = "" ]
	[ "$(csvcol slope)" = 2 ]
}

@test "constant y: R-squared and r are null, with a note" {
	printf 'x,y\n1,4\n2,4\n3,4\n' >"$T/c.csv"
	run --separate-stderr linreg --json "$T/c.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .r2)" = null ]
	[ "$(jval .r)" = null ]
	[ "$(jval .slope)" = 0 ]
	[ "$(jval .intercept)" = 4 ]
	[[ "$stderr" == *"note: y is constant: R-squared and r are undefined"* ]]
}

@test "an exact fit: t and p are null, with a note" {
	printf 'x,y\n1,3\n2,5\n3,7\n' >"$T/e.csv"
	run --separate-stderr linreg --json "$T/e.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '.coefficients[1].t')" = null ]
	[ "$(jval '.coefficients[1].p')" = null ]
	[ "$(jval '.coefficients[1].std_error')" = 0 ]
	[ "$stderr" = "linreg: note: the fit is exact (all residuals are zero): t, p, F and the log-likelihood are undefined" ]
}

@test "CSV: one header line and one data line, stable columns" {
	run linreg --format csv "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "n,df,intercept,intercept_se,intercept_t,intercept_p,intercept_ci_low,intercept_ci_high,slope,slope_se,slope_t,slope_p,slope_ci_low,slope_ci_high,sigma,r2,adj_r2,r,f,f_p,rmse,sse,level,rows_read,rows_used,rows_skipped,rows_missing" ]
	[ "$(csvcol n)" = 15 ]
	[ "$(csvcol slope)" = 3.45 ]
	approx "$(csvcol intercept_se)" 5.936944048903032289
	approx "$(csvcol slope_p)" 1.0909729585998729e-14
	# --origin keeps the columns: intercept 0, its statistics empty
	run linreg --format csv --origin "$EX/height-weight.csv"
	[ "$(csvcol intercept)" = 0 ]
	[ "$(csvcol intercept_se)" = "" ]
	approx "$(csvcol slope)" 2.1095122142801035
}

@test "CSV with predictions and --precision" {
	run linreg --format csv --precision 4 --predict 65,80 "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *",pred1_x,pred1_fit,pred1_se_fit,pred1_conf_low,pred1_conf_high,pred1_pred_low,pred1_pred_high,pred2_x,"* ]]
	[ "$(csvcol pred2_fit)" = 188.5 ]
	[ "$(csvcol sigma)" = 1.525 ]
}

@test "TSV: the same with tabs; many fits append into one table" {
	run linreg --format tsv "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == $'n\tdf\tintercept\t'* ]]
	[[ "${lines[1]}" == $'15\t13\t'* ]]
	for f in a b c; do cp "$EX/height-weight.csv" "$T/$f.csv"; done
	for f in "$T"/*.csv; do linreg --format csv "$f" | tail -n +2; done >"$T/all.csv"
	[ "$(wc -l < "$T/all.csv")" -eq 3 ]
}

@test "-o FILE writes the file, nothing on stdout" {
	run linreg -o "$T/fit.json" --json "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(jq .slope "$T/fit.json")" = 3.45 ]
	run linreg --output "$T/fit.txt" "$EX/height-weight.csv"
	grep -q "^height" "$T/fit.txt"
	[ "$(ls -A "$T" | wc -l)" -eq 2 ]   # no temporary files left
}

@test "-o FILE: a failed run leaves the old file alone and no partial file" {
	echo old >"$T/fit.txt"
	printf 'x,y\n1,a\n' >"$T/bad.csv"
	run linreg -o "$T/fit.txt" "$T/bad.csv"
	[ "$status" -eq 65 ]
	[ "$(cat "$T/fit.txt")" = old ]
	[ "$(ls -A "$T" | wc -l)" -eq 2 ]
	run linreg -o "$T/nodir/fit.txt" "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
}

@test "-o FILE through a symlink replaces the target, keeping its mode" {
	skip_if_wasm "WASI has no realpath or file modes: the link itself is replaced"
	echo old >"$T/target.txt"
	chmod 640 "$T/target.txt"
	ln -s target.txt "$T/link.txt"
	run linreg -o "$T/link.txt" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ -L "$T/link.txt" ]
	grep -q "^height" "$T/target.txt"
	[ "$(stat -c %a "$T/target.txt")" = 640 ]
}

@test "-o to a FIFO writes into it" {
	mkfifo "$T/fifo"
	cat "$T/fifo" >"$T/got" &
	reader=$!
	run linreg --json -o "$T/fifo" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	wait $reader # not a bare wait, which waits for bats's timeout watchdog too
	[ "$(jq .slope "$T/got")" = 3.45 ]
	[ -p "$T/fifo" ]
}
