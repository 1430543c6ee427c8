#!/usr/bin/env bats
# The command itself: help, version, files and standard input, text output.

load helper

@test "--help prints usage to stdout and exits 0" {
	run linreg --help
	[ "$status" -eq 0 ]
	[[ "$output" == "Usage: linreg [OPTION]... [FILE]..."* ]]
	[[ "$output" == *"--predict"* ]]
	[[ "$output" == *"Exit status"* ]]
	# -V is an option of linreg, listed with -h, not in the paragraph on merge
	[ "$(printf '%s\n' "$output" | grep -A1 -e '^  -h, --help' | tail -n 1 | awk '{ print $1 }')" = "-V," ]
	! printf '%s\n' "$output" | sed -n '/^linreg merge combines/,/^$/p' | grep -q -e '--version'
}

@test "--version prints the version" {
	run linreg --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^linreg\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "a bad option is a usage error with a hint, exit 64" {
	run linreg --frobnicate
	[ "$status" -eq 64 ]
	[[ "$output" == *"Try 'linreg --help'"* ]]
}

@test "the text summary has the coefficient table and statistics" {
	run linreg "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Linear regression: weight ~ height" ]]
	[[ "$output" == *"Estimate  Std. Error  t value   Pr(>|t|)     2.5 %    97.5 %"* ]]
	[[ "$output" == *"(Intercept)  -87.5167     5.93694  -14.741  1.711e-09  -100.343  -74.6907"* ]]
	[[ "$output" == *"height           3.45   0.0911365  37.8553  1.091e-14   3.25311   3.64689"* ]]
	[[ "$output" == *"Residual standard error: 1.52501 on 13 degrees of freedom"* ]]
	[[ "$output" == *"R-squared: 0.99101, Adjusted R-squared: 0.990318, r: 0.995495"* ]]
	[[ "$output" == *"F-statistic: 1433.02 on 1 and 13 DF, p-value: 1.091e-14"* ]]
}

@test "success is quiet on stderr" {
	linreg "$EX/height-weight.csv" >/dev/null 2>"$T/err"
	[ ! -s "$T/err" ]
}

@test "standard input: no FILE, and '-'" {
	run sh -c "linreg --json < '$EX/height-weight.csv'"
	[ "$status" -eq 0 ]
	[ "$(jval .slope)" = 3.45 ]
	run sh -c "cat '$EX/height-weight.csv' | linreg --json -"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 15 ]
}

@test "several files are one data set, each with its own header" {
	head -8 "$EX/height-weight.csv" >"$T/a.csv"
	{ head -1 "$EX/height-weight.csv"; tail -n +9 "$EX/height-weight.csv"; } >"$T/b.csv"
	run linreg --json "$T/a.csv" "$T/b.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 15 ]
	[ "$(jval .slope)" = 3.45 ]
	run linreg --json "$T/a.csv" - < "$T/b.csv"
	[ "$(jval .n)" = 15 ]
}

@test "--precision sets the significant digits of the text output" {
	run linreg --precision 3 "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Residual standard error: 1.53 on 13"* ]]
	run linreg --precision 12 "$EX/height-weight.csv"
	[[ "$output" == *"Residual standard error: 1.5250052543 on 13"* ]]
	run linreg --precision 0 "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	run linreg --precision 2.5 "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
}

@test "text output shows predictions with both intervals" {
	run linreg --predict 65,80 "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Predictions (95% confidence and prediction intervals):"* ]]
	[[ "$output" == *"65      136.733   135.883    137.584   133.331    140.136"* ]]
}

@test "the README's demo command works" {
	run make -s -C "$TOP" demo
	[ "$status" -eq 0 ]
	[[ "$output" == *"height           3.45"* ]]
}

@test "make install honours PREFIX and DESTDIR" {
	run make -s -C "$TOP" install DESTDIR="$T/root" PREFIX=/opt/lr
	[ "$status" -eq 0 ]
	[ -x "$T/root/opt/lr/bin/linreg" ]
	[ -f "$T/root/opt/lr/share/man/man1/linreg.1" ]
	[ -f "$T/root/opt/lr/include/linreg.h" ]
	[ -f "$T/root/opt/lr/lib/liblinreg.a" ]
	[ -s "$T/root/opt/lr/share/bash-completion/completions/linreg" ]
	[ -s "$T/root/opt/lr/share/zsh/site-functions/_linreg" ]
	[ -s "$T/root/opt/lr/share/fish/vendor_completions.d/linreg.fish" ]
	run "$T/root/opt/lr/bin/linreg" --version
	[ "$status" -eq 0 ]
}

@test "every option in --help is in the man page, and the reverse" {
	for opt in $(linreg --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
		grep -qF -- "\\${opt#-}" "$TOP/man/linreg.1" ||
			grep -qF -- "$opt" "$TOP/man/linreg.1" ||
			{ echo "man page lacks $opt"; return 1; }
	done
	for opt in $(grep -oE -- '^\.B(R)? \\-\\-[a-z][a-z0-9-]+' "$TOP/man/linreg.1" | grep -oE -- '--[a-z][a-z0-9-]+|\\-\\-[a-z][a-z0-9-]+' | sed 's/\\//g' | sort -u); do
		linreg --help | grep -qF -- "$opt" || { echo "--help lacks $opt"; return 1; }
	done
}

@test "the man page's version agrees with --version" {
	v=$(linreg --version | awk '{ print $2 }')
	grep -q "^\.TH LINREG 1 .*$v" "$TOP/man/linreg.1"
}
