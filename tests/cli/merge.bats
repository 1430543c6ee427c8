#!/usr/bin/env bats
# Partial fits: --format state, linreg merge, trees of merges, GNU parallel.
# A data set split into k shards and merged in any tree shape gives the
# one-pass fit to 1e-12 relative in every statistic, for every model.

load helper

# data FILE: 640 rows, columns t,a,b,w,y (timestamps, two predictors, a weight)
data() {
	awk 'BEGIN { print "t,a,b,w,y"; for (i = 0; i < 640; i++) {
		a = (i * 37) % 101 / 10; b = (i * 53) % 89 / 7
		printf "%.2f,%.3f,%.3f,%d,%.6f\n", 1700000000 + i * 60.5, a, b, 1 + i % 4,
			2 + 0.5 * a - 1.25 * b + 0.001 * i + ((i * 7919) % 1000) / 500 } }' >"$1"
}

# shard FILE K DIR: K files DIR/s001.csv... of consecutive rows, each with the header
shard() {
	mkdir -p "$3"
	awk -v k="$2" -v d="$3" 'NR == 1 { h = $0; next } { rows[++n] = $0 }
		END { per = int((n + k - 1) / k); for (s = 0; s < k; s++) {
			f = sprintf("%s/s%03d.csv", d, s + 1); print h > f
			for (i = s * per + 1; i <= (s + 1) * per && i <= n; i++) print rows[i] > f
			close(f) } }' "$1"
}

# restamp < STATE > STATE: the check lines recomputed (FNV-1a 64 of the
# lines before, each without trailing blanks and '\r', and a newline, as
# linreg(1) specifies), so that a state edited on purpose reaches the
# reader's cross-checks behind the checksum.
restamp() {
	python3 -c '
import sys, re
h = None
for line in sys.stdin.read().split("\n")[:-1]:
    core = line[:-1] if line.endswith("\r") else line
    if core.startswith("linreg-state"):
        h = 0xcbf29ce484222325
    if h is not None and re.fullmatch("check [0-9a-fA-F]{16} *", core):
        line = "check %016x" % h
    elif h is not None:
        for b in core.rstrip(" ").encode() + b"\n":
            h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    print(line)'
}

# numbers: every statistic of a JSON fit as one line per value
numbers() {
	jq -r '[.n, .df, .rows_read, .rows_skipped, (.coefficients[] | .estimate, .std_error, .t, .p, .ci_low, .ci_high),
		.sigma, .r2, .adj_r2, .r, .f, .f_p, .rmse, .sse, .tss, .loglik, .aic, .bic, (.vcov[][])] | .[] | tostring'
}

# gnumbers: the same for every group of a grouped fit, with the group values
gnumbers() {
	jq -r '.rows_read, .rows_skipped, (.groups[] | (.group | tostring), (.fit | [.n, .df,
		(.coefficients[] | .estimate, .std_error, .t, .p), .sigma, .r2, .f, .f_p, .loglik,
		(.vcov[][])] | .[] | tostring))'
}

# same FILE1 FILE2: the numbers agree to 1e-12 relative (null with null)
same() {
	local num=numbers
	jq -e .groups "$1" >/dev/null 2>&1 && num=gnumbers
	paste -d' ' <($num <"$1") <($num <"$2") | awk '{
		if ($1 ~ /^{/ || $2 ~ /^{/) { if ($1 != $2) { print "groups differ:", $0; bad = 1 } next }
		if ($1 == "null" || $2 == "null") { if ($1 != $2) { print "null vs number:", $0; bad = 1 } next }
		d = $1 - $2; if (d < 0) d = -d; m = $2 < 0 ? -$2 : $2
		if (d > 1e-12 * m && d > 1e-300) { print "differ:", $0; bad = 1 } }
		END { exit bad }'
}

# merge_tree DIR: combine DIR/*.state pairwise, level by level, into one state
merge_tree() {
	local level=0 files
	files=("$1"/*.state)
	while [ ${#files[@]} -gt 1 ]; do
		local next=() i
		level=$((level + 1))
		for ((i = 0; i < ${#files[@]}; i += 2)); do
			if [ $((i + 1)) -lt ${#files[@]} ]; then
				linreg merge --format state "${files[i]}" "${files[i+1]}" >"$1/L$level-$i.st" || return 1
				next+=("$1/L$level-$i.st")
			else
				next+=("${files[i]}")
			fi
		done
		files=("${next[@]}")
	done
	cat "${files[0]}"
}

check_model() { # check_model ARGS...: every k and tree shape against one pass
	data "$T/d.csv"
	linreg --json "$@" "$T/d.csv" >"$T/one.json" 2>/dev/null || return 1
	# under valgrind (LINREG_SLOW) and Node's WASI (LINREG_WASM) fewer
	# shard counts: each run starts slowly there
	local ks="1 2 7 64"
	[ -n "${LINREG_SLOW:-}${LINREG_WASM:-}" ] && ks="1 7"
	for k in $ks; do
		rm -rf "$T/k"
		shard "$T/d.csv" $k "$T/k"
		for f in "$T"/k/s*.csv; do
			linreg --format state "$@" "$f" >"${f%.csv}.state" 2>/dev/null || return 1
		done
		# flat: all at once, from files and from one concatenated stream
		linreg merge --json "$T"/k/*.state >"$T/flat.json" 2>/dev/null
		same "$T/flat.json" "$T/one.json" || { echo "k=$k flat"; return 1; }
		cat "$T"/k/*.state | linreg merge --json >"$T/stream.json" 2>/dev/null
		same "$T/stream.json" "$T/one.json" || { echo "k=$k stream"; return 1; }
		# a balanced tree of reducers of reducers
		merge_tree "$T/k" | linreg merge --json >"$T/tree.json" 2>/dev/null
		same "$T/tree.json" "$T/one.json" || { echo "k=$k tree"; return 1; }
		# a chain: ((s1 + s2) + s3) + ...
		cp "$T/k/s001.state" "$T/chain.st"
		for f in $(ls "$T"/k/*.state | tail -n +2); do
			linreg merge --format state "$T/chain.st" "$f" >"$T/chain2.st" && mv "$T/chain2.st" "$T/chain.st"
		done
		linreg merge --json "$T/chain.st" >"$T/chain.json" 2>/dev/null
		same "$T/chain.json" "$T/one.json" || { echo "k=$k chain"; return 1; }
	done
}

@test "merged shards equal one pass: a line" {
	check_model -x t -y y
}

@test "merged shards equal one pass: through the origin" {
	check_model --origin -x a -y y
}

@test "merged shards equal one pass: several predictors" {
	check_model -x a,b -y y
}

@test "merged shards equal one pass: a polynomial in timestamps" {
	check_model --degree 3 -x t -y y
}

@test "merged shards equal one pass: weighted, several predictors, no intercept" {
	check_model --weights w -x a,b -y y
	check_model --weights w --origin -x a,b -y y
}

@test "merged shards equal one pass: per group, keyed by group (-g)" {
	check_model -g b -x t -y y --skip-invalid
	check_model -g w --degree 2 -x a -y y
	check_model -g w --origin -x a,b -y y
}

@test "grouped states carry the group, and skipped rows merge into the counts" {
	printf 'g,x,y\na,1,2\nb,1,5\na,2,4.5\nbad,x,1\nb,2,7\na,3,6\nb,3,9.5\n' >"$T/g.csv"
	run --separate-stderr linreg --format state --skip-invalid -g g -x x -y y "$T/g.csv"
	[ "$status" -eq 0 ]
	[ "$(grep -c '^linreg-state 2$' <<<"$output")" -eq 3 ]
	# the skipped row's group "bad" is kept, with its row counted in it
	[ "$(grep -c '^groups "g"$' <<<"$output")" -eq 3 ]
	[[ "$output" == *'group "a"'* ]]
	[[ "$output" == *'group "bad"'* ]]
	printf '%s\n' "$output" >"$T/s"
	run --separate-stderr linreg merge --json "$T/s"
	[ "$status" -eq 65 ]
	[ "$(jval '.rows_read')" = 7 ]
	[ "$(jval '.rows_skipped')" = 1 ]
	[ "$(jval '[.groups[].group.g] | join(",")')" = "a,b,bad" ]
	[ "$(jval '.groups[2].rows_skipped')" = 1 ]
	[ "$(jval '.groups[2].error')" = "need at least 2 data points, got 0" ]
	# a grouped and an ungrouped state of all the data do not mix
	printf 'x,y\n1,2\n2,3\n' | linreg --format state -x x -y y >"$T/u" 2>/dev/null
	run linreg merge "$T/s" "$T/u"
	[ "$status" -eq 65 ]
}

@test "the state format: versioned, exact hex floats, documented fields" {
	run linreg --format state "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "linreg-state 2" ]
	[ "${lines[1]}" = "model nx=1 degree=0 intercept=1 weighted=0" ]
	[ "${lines[2]}" = 'names "height" "weight"' ]
	[ "${lines[3]}" = "rows 15 0" ]
	[ "${lines[4]}" = "n 15" ]
	[[ "${lines[5]}" == "sumlogw 0x0p+0 0x0p+0" ]]
	[ "${lines[6]}" = "weights 0 0x1p+0 0x1p+0" ]
	[[ "${lines[7]}" == "frame 0x1.dp+5 6 0x1.ccp+6 7" ]]
	[[ "${lines[8]}" == "r 0x"* ]]
	[[ "${lines[11]}" =~ ^check\ [0-9a-f]{16}$ ]]
	[ "${lines[12]}" = end ]
	# the check line is FNV-1a 64 of the lines before it
	printf '%s\n' "${lines[@]}" | restamp | cmp - <(printf '%s\n' "${lines[@]}")
	# merging one state alone gives the fit itself, byte for byte
	linreg --json "$EX/height-weight.csv" >"$T/a.json"
	linreg --format state "$EX/height-weight.csv" | linreg merge --json >"$T/b.json"
	cmp "$T/a.json" "$T/b.json"
	# and merge can write a state again, identical
	linreg --format state "$EX/height-weight.csv" >"$T/s1"
	linreg merge --format state "$T/s1" >"$T/s2"
	cmp "$T/s1" "$T/s2"
}

@test "a shard with no rows, or with skipped rows, merges" {
	data "$T/d.csv"
	head -1 "$T/d.csv" >"$T/empty.csv"
	linreg --format state -x t -y y "$T/empty.csv" >"$T/e.st"
	{ head -300 "$T/d.csv"; echo "1700000000,x,x,x,bad"; } >"$T/p1.csv"
	{ head -1 "$T/d.csv"; tail -n +301 "$T/d.csv"; } >"$T/p2.csv"
	linreg --format state --skip-invalid -x t -y y "$T/p1.csv" >"$T/p1.st" 2>/dev/null
	linreg --format state -x t -y y "$T/p2.csv" >"$T/p2.st"
	run --separate-stderr linreg merge --json "$T/e.st" "$T/p1.st" "$T/p2.st"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 640 ]
	[ "$(jval .rows_read)" = 641 ]
	[ "$(jval .rows_skipped)" = 1 ]
	[ "$(jval .x)" = t ]
}

@test "corrupt, truncated and mismatched states are refused, exit 65" {
	linreg --format state "$EX/height-weight.csv" >"$T/good"
	head -n 9 "$T/good" >"$T/cut"
	run linreg merge "$T/cut"
	[ "$status" -eq 65 ]
	[[ "$output" == "linreg: $T/cut:"*": not a valid linreg state: expected an \"r\" line of the factor" ]]
	head -n 11 "$T/good" >"$T/nocheck"
	run linreg merge "$T/nocheck"
	[ "$status" -eq 65 ]
	[[ "$output" == *": not a valid linreg state: expected the \"check\" line (the state is cut short)" ]]
	head -n 12 "$T/good" >"$T/noend"
	run linreg merge "$T/noend"
	[ "$status" -eq 65 ]
	[[ "$output" == *"expected \"end\" (the state is cut short)" ]]
	sed 's/^linreg-state 2/linreg-state 3/' "$T/good" >"$T/v3"
	run linreg merge "$T/v3"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/v3:1: not a valid linreg state: this linreg reads version 2 only" ]
	sed 's/^linreg-state 2/linreg-state 1/' "$T/good" >"$T/v1"
	run linreg merge "$T/v1"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/v1:1: not a valid linreg state: version 1, which has no checksum, is no longer read: write the state again with this linreg" ]
	sed 's/^r 0x[^ ]*/r nan/' "$T/good" | restamp >"$T/nan"
	run linreg merge "$T/nan"
	[ "$status" -eq 65 ]
	sed '10s/^r 0x0p+0 0x0p+0 0x[^ ]*/r 0x0p+0 0x0p+0 -0x1p-3/' "$T/good" | restamp >"$T/neg"
	run linreg merge "$T/neg"
	[ "$status" -eq 65 ]
	[[ "$output" == *"the numbers do not make a fit (corrupt)" ]]
	sed 's/^n 15/n 14/' "$T/good" >"$T/count"
	run linreg merge "$T/count"
	[ "$status" -eq 65 ]
	# trailing junk after the numbers of any line
	for l in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
		sed "${l}s/\$/ junk/" "$T/good" >"$T/tail"
		run linreg merge "$T/tail"
		[ "$status" -eq 65 ] || { echo "line $l: $output"; false; }
		[[ "$output" == "linreg: $T/tail:$l: not a valid linreg state: "* ]]
	done
	sed '10s/$/ 0x1p+0/' "$T/good" >"$T/extra"
	run linreg merge "$T/extra"
	[ "$output" = "linreg: $T/extra:10: not a valid linreg state: an \"r\" line with more numbers than columns" ]
	# trailing blanks are fine
	sed 's/$/  /' "$T/good" >"$T/blanks"
	run linreg merge "$T/blanks"
	[ "$status" -eq 0 ]
	echo "hello" >"$T/junk"
	run linreg merge "$T/junk"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/junk:1: not a valid linreg state: expected \"linreg-state 2\"" ]
	# a different model, or different columns
	linreg --format state --origin "$EX/height-weight.csv" >"$T/origin"
	run linreg merge "$T/good" "$T/origin"
	[ "$status" -eq 65 ]
	[[ "$output" == *"cannot merge: the models differ (predictors, degree, intercept or weights)" ]]
	sed 's/^names "height" "weight"/names "h" "weight"/' "$T/good" | restamp >"$T/names"
	run linreg merge "$T/good" "$T/names"
	[ "$status" -eq 65 ]
	[[ "$output" == *"cannot merge: the columns differ ('height' and 'h')" ]]
	run linreg merge </dev/null
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: merge: no partial fit (linreg-state) in the input" ]
	run linreg merge -x height "$T/good"
	[ "$status" -eq 64 ]
	run linreg merge "$T/nosuch"
	[ "$status" -eq 66 ]
}

@test "merge takes --predict, --level and every output format" {
	linreg --format state "$EX/height-weight.csv" >"$T/s"
	run --separate-stderr linreg merge --json --level 0.9 --predict 80 "$T/s"
	[ "$status" -eq 0 ]
	approx "$(jval '.predictions[0].se_fit')" 1.42262483331391776
	approx "$(jval '.coefficients[0].ci_low')" -98.030599152974361
	run linreg merge --format csv "$T/s"
	[ "$(csvcol slope)" = 3.45 ]
	run linreg merge "$T/s"
	[[ "${lines[0]}" == "Linear regression: weight ~ height" ]]
}

@test "GNU parallel as the engine: shard fits in parallel, one merge" {
	parallel --version 2>/dev/null | grep -q "GNU parallel" || { echo "GNU parallel is not installed (make test installs it)"; return 1; }
	data "$T/d.csv"
	shard "$T/d.csv" 16 "$T/sh"
	linreg --json -x a,b -y y "$T/d.csv" >"$T/one.json"
	parallel --will-cite -j 4 linreg --format state -x a,b -y y {} ::: "$T"/sh/*.csv |
		linreg merge --json >"$T/par.json"
	same "$T/par.json" "$T/one.json"
	# the README's recipe with a reducer of reducers
	parallel --will-cite -j 4 linreg --format state -x a,b -y y {} ::: "$T"/sh/*.csv |
		linreg merge --format state | linreg merge --json >"$T/par2.json"
	same "$T/par2.json" "$T/one.json"
}

@test "state reader edge cases found by fuzzing: escapes, huge counts, unnormalised numbers" {
	# a group name ending in a backslash survives writing and reading back
	printf 'g,x,y\n"a\\",1,2\n"a\\",2,4.5\n"a\\",3,6\n' >"$T/b.csv"
	linreg --format state -g g -x x -y y "$T/b.csv" >"$T/b.st"
	run --separate-stderr linreg merge --json "$T/b.st"
	[ "$status" -eq 0 ]
	[ "$(jval '.groups[0].group.g')" = 'a\' ]
	# a \u escape cut short is a bad name, not a read past the line
	run linreg merge "$TOP/tests/fuzz/crashes/state-short-u-escape"
	[ "$status" -eq 65 ]
	# counts beyond 2^63 - 1, which could wrap around 2^64, are refused
	run linreg merge "$TOP/tests/fuzz/crashes/state-rows-wrap" "$TOP/tests/fuzz/crashes/state-rows-wrap"
	[ "$status" -eq 65 ]
	[[ "$output" == *":6: not a valid linreg state: more rows than the format carries (2^63 - 1)" ]]
	# a double-double whose low part is not below half an ulp is corrupt
	linreg --format state "$EX/height-weight.csv" >"$T/s"
	sed '10s/^r \(0x0p+0 0x0p+0 0x[^ ]*\) [^ ]*/r \1 0x1p-1/' "$T/s" | restamp >"$T/bad"
	run linreg merge "$T/bad"
	[ "$status" -eq 65 ]
	[[ "$output" == *"the numbers do not make a fit (corrupt)" ]]
}

@test "damaged states are refused naming the line: checksum and cross-checks (exit 65)" {
	linreg --format state "$EX/height-weight.csv" >"$T/good"
	# merge() STATE LINE MESSAGE: refused, exit 65, at LINE with MESSAGE
	refused() {
		run linreg merge "$1"
		[ "$status" -eq 65 ] || { echo "$output"; return 1; }
		[ "$output" = "linreg: $1:$2: not a valid linreg state: $3" ] || { echo "$output"; return 1; }
	}
	sum="the checksum does not match: the state was changed or damaged"
	# one hex digit of an r entry changed: the fit would change, exit 0
	sed '10s/^r \(0x0p+0 0x0p+0 0x1\.\)\(.\)/r \1f/' "$T/good" >"$T/digit"
	! cmp -s "$T/good" "$T/digit"
	refused "$T/digit" 12 "$sum"
	# an exponent p-2 made p+2
	sed '9s/p-2 /p+2 /' "$T/good" >"$T/exp"
	! cmp -s "$T/good" "$T/exp"
	refused "$T/exp" 12 "$sum"
	# behind the checksum (a faulty writer, or an edit that restamps it):
	# n that the factor disagrees with (R[0][0]^2 must be n unweighted)
	sed 's/^rows 15 0/rows 1500 0/; s/^n 15$/n 1500/' "$T/good" | restamp >"$T/n1500"
	refused "$T/n1500" 5 "n disagrees with the factor (R[0][0]^2 must be n)"
	sed 's/^rows 15 0/rows 9223372036854775808 0/; s/^n 15$/n 9223372036854775808/' "$T/good" | restamp >"$T/n63"
	refused "$T/n63" 4 "more rows than the format carries (2^63 - 1)"
	# sumlogw in a state without weights
	sed 's/^sumlogw .*/sumlogw 0x1p+3 0x0p+0/' "$T/good" | restamp >"$T/slw"
	refused "$T/slw" 6 "sumlogw in a state without weights"
	# a frame exponent of 1000: the checksum; behind it, exponents no
	# writer makes (beyond a double's, or below the shift's own: 58 is
	# 0x1.dp+5, so its scale starts at 2^6 and only rises)
	sed 's/^frame 0x1.dp+5 6 /frame 0x1.dp+5 1000 /' "$T/good" >"$T/e1000"
	refused "$T/e1000" 12 "$sum"
	sed 's/^frame 0x1.dp+5 6 /frame 0x1.dp+5 1100 /' "$T/good" | restamp >"$T/e1100"
	refused "$T/e1100" 8 "a frame exponent outside -1021..1023"
	sed 's/^frame 0x1.dp+5 6 /frame 0x1.dp+5 -5 /' "$T/good" | restamp >"$T/eneg"
	refused "$T/eneg" 8 "a frame exponent below its shift's"
	# n 0 with a factor: a merge dropped it silently
	sed 's/^rows 15 0/rows 0 0/; s/^n 15$/n 0/; s/^weights .*/weights 0 0x0p+0 0x0p+0/' "$T/good" | restamp >"$T/n0"
	refused "$T/n0" 9 "n is 0 but the factor is not empty"
	linreg --format state "$EX/height-weight.csv" | cat - "$T/n0" >"$T/two"
	run linreg merge "$T/two"
	[ "$status" -eq 65 ]
	[[ "$output" == "linreg: $T/two:22: not a valid linreg state: n is 0 but the factor is not empty" ]]
	# weights: the weights' line must agree with R[0][0]^2 too
	printf 'x,y,w\n1,2,1\n2,4.5,2\n3,5,4\n4,7,8\n' | linreg --format state --weights w >"$T/w"
	run linreg merge "$T/w"
	[ "$status" -eq 0 ]
	sed 's/^weights 0 \([^ ]*\) .*/weights 0 \1 0x1p+1/' "$T/w" | restamp >"$T/wmax"
	refused "$T/wmax" 5 "n disagrees with the factor and the weights (R[0][0]^2 must lie between n times the smallest and the largest weight)"
	sed 's/^weights 0 /weights 1 /' "$T/w" | restamp >"$T/wodd"
	refused "$T/wodd" 7 "a bad weights' scale or range"
	# and the states as written all pass
	run linreg merge "$T/good" "$T/w"
	[ "$status" -eq 65 ]   # different models, but each state is read
	[[ "$output" == *"cannot merge: the models differ"* ]]
}
