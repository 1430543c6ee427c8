#!/usr/bin/env bats
# The model language (issue 15) end to end: R formulas with factors,
# interactions, transformations, missing values and dates, from CSV and
# from JSON, in one pass, with -j 2, and through --format state + merge of
# shuffled shards whose level sets differ; --anova, --compare and
# --predict by name.  Every number against R 4.2's lm / summary / anova /
# confint / predict, to 1e-9 relative: tests/data/ref_models.json, made by
# `Rscript tests/data/ref_models.R` (the R command beside each entry) from
# the data in tests/data/models/ (`Rscript tests/data/make_models.R`),
# compared field by field by tests/cli/ref_compare.py.  A level first seen
# in the last rows of 10^6 is checked against a closed form, under the
# address-space cap of the other streaming tests.
#
# Cut from models.bats (the -x/-y models, by hand-picked values) because
# here every model is data: one entry per model in ref_models.json, each
# checked the same ways (files, -j 2, shards) by a loop, so a model added
# to ref_models.R is tested everywhere.  The whole file takes 35 s of CPU
# (measured: 1.5 min of wall time on a busy 2-core machine), most of it
# the 10^6-row file and the -j 2 files.

load helper

ref() { echo "$TOP/tests/data/ref_models.json"; }
models() { echo "$TOP/tests/data/models"; }

# compare_ref ID [OPTIONS]: linreg's JSON in $output against R's entry ID
compare_ref() {
	local id=$1
	shift
	printf '%s\n' "$output" | python3 "$TOP/tests/cli/ref_compare.py" "$@" "$(ref):$id" -
}

# ref_args ID: entry ID's linreg options (--predict, --compare, ...), one a line
ref_args() {
	jq -r --arg id "$1" '.[$id].args[]' "$(ref)"
}

# fit_ref ID FILE [HOW]: linreg --json --anova with entry ID's formula and
# options on FILE equals R.  HOW: the formula as the first argument
# (default), or -F / --formula.
fit_ref() {
	local id=$1 file=$2 how=${3:-arg} formula
	local -a args form
	formula=$(jq -r --arg id "$id" '.[$id].formula' "$(ref)")
	mapfile -t args < <(ref_args "$id")
	case $how in
	arg) form=("$formula") ;;
	*) form=("$how" "$formula") ;;
	esac
	run --separate-stderr linreg --json --anova "${args[@]}" "${form[@]}" "$file"
	[ "$status" -eq 0 ] || { echo "$id on $file: exit $status: $stderr"; return 1; }
	compare_ref "$id" || { echo "(that was $id on $file)"; return 1; }
}

# fit_files ID: fit_ref on each of entry ID's data files (CSV, JSON, ...)
fit_files() {
	local f
	for f in $(jq -r --arg id "$1" '.[$id].files[]' "$(ref)"); do
		fit_ref "$1" "$(models)/$f" || return 1
	done
}

@test "ref_compare.py: equal within 1e-9 passes; a number, a name, a length or a key that differs fails" {
	local cmp=$TOP/tests/cli/ref_compare.py
	echo '{"n": 3, "p": 1e-20, "a": [{"term": "wt", "f": null}], "z": 0}' >"$T/want.json"
	echo '{"n": 3, "p": 1.0000000001e-20, "a": [{"term": "wt", "f": null}], "z": 1e-13, "more": 1}' >"$T/got.json"
	python3 "$cmp" "$T/want.json" "$T/got.json"
	echo '{"n": 3, "p": 1e-21, "a": [{"term": "wt", "f": null}], "z": 0}' >"$T/got.json"
	run python3 "$cmp" "$T/want.json" "$T/got.json"
	[ "$status" -eq 1 ] && [[ "$output" == "p: got 1e-21, want 1e-20"* ]]
	echo '{"n": 3, "p": 1e-20, "a": [{"term": "hp", "f": 2}], "z": 0}' >"$T/got.json"
	run python3 "$cmp" "$T/want.json" "$T/got.json"
	[ "$status" -eq 1 ] && [ "${lines[0]}" = 'a[0].term: got "hp", want "wt"' ] && [ "${lines[1]}" = 'a[0].f: got 2, want null' ]
	echo '{"p": 1e-20, "a": [], "z": 0}' >"$T/got.json"
	run python3 "$cmp" "$T/want.json" "$T/got.json"
	[ "$status" -eq 1 ] && [ "${lines[0]}" = "n: missing" ] && [ "${lines[1]}" = "a: length 0, want 1" ]
	run python3 "$cmp" "$(ref):no_such_model" "$T/got.json"
	[ "$status" -eq 2 ]
}

@test "formula: mtcars mpg ~ wt + factor(cyl), anova, compare with mpg ~ wt (R)" {
	fit_files mtcars_wt_cyl
}

@test "formula: -F and --formula give the formula as an option" {
	fit_ref mtcars_wt_cyl "$(models)/mtcars.csv" -F
	fit_ref mtcars_wt_cyl "$(models)/mtcars.json" --formula
}

@test "formula: mtcars mpg ~ wt * hp (an interaction of numbers)" {
	fit_files mtcars_wt_hp
}

@test "formula: mtcars log(mpg) ~ log(hp) + am (transformed response)" {
	fit_files mtcars_loglog
}

@test "formula: mtcars mpg ~ poly(wt, 3, raw = TRUE)" {
	fit_files mtcars_poly
}

@test "formula: mtcars mpg ~ wt + I(wt^2)" {
	fit_files mtcars_I
}

@test "formula: mtcars mpg ~ wt + factor(cyl) weighted by qsec" {
	fit_files mtcars_weights
}

@test "formula: iris Sepal.Length ~ . (a text column is a factor)" {
	fit_files iris_dot
}

@test "formula: ToothGrowth len ~ supp * dose (factor x number)" {
	fit_files toothgrowth
}

@test "formula: PlantGrowth weight ~ group, compare with weight ~ 1" {
	fit_files plantgrowth
}

@test "formula: PlantGrowth weight ~ group - 1 (no intercept: every level)" {
	fit_files plantgrowth_noint
}

@test "formula: warpbreaks breaks ~ wool + tension" {
	fit_files warpbreaks_add
}

@test "formula: warpbreaks breaks ~ wool * tension, compare with wool + tension" {
	fit_files warpbreaks_int
}

@test "formula: --ref tension=L chooses the reference level (R's relevel)" {
	fit_files warpbreaks_ref
}

@test "formula: airquality Ozone ~ Solar.R + Wind + Temp leaves out 42 rows (NA, empty, null)" {
	fit_files airquality
}

@test "formula: levels in byte order (Beta Zeta _x alpha beta), as R in the C locale" {
	fit_files levels
}

@test "formula: a column name in backquotes, kept in the term names as R keeps them" {
	fit_files backquoted
}

@test "formula: the text report names the factors and the rows left out" {
	run --separate-stderr linreg 'Ozone ~ Solar.R + Wind + Temp' "$(models)/airquality.csv"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ "$output$stderr" == *"42 rows with missing values left out"* ]]
	run --separate-stderr linreg 'Sepal.Length ~ .' "$(models)/iris.csv"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	[[ "$output" == *"Species: categorical, 3 levels, reference setosa"* ]]
}

@test "formula: a daily series y ~ date, slope per second" {
	fit_files daily_s
}

@test "formula: a daily series y ~ date --time-unit day" {
	fit_files daily_day
}

@test "formula: date-times y ~ time (Z, fractional seconds), per second" {
	fit_files hourly_s
}

@test "formula: date-times y ~ time --time-unit day" {
	fit_files hourly_day
}

# pad FILE: FILE with blank lines between its rows (which every reader
# skips), over PARALLEL_MIN_BYTES (1 MiB, cli/readers.h), so that -j 2 reads
# R's own data in two pieces
pad() {
	awk -v n="$((1200000 / $(wc -l <"$1")))" 'NR > 1 { for (i = 0; i < n; i++) print "" } 1' "$1"
}

@test "formula: -j 2 equals R for every model (rows spread over two pieces)" {
	local id f formula failed=
	for id in $(jq -r 'keys[] | select(. != "iris_x1000")' "$(ref)"); do
		f=$(jq -r --arg id "$id" '.[$id].files[0]' "$(ref)")
		pad "$(models)/$f" >"$T/pad.csv"
		[ "$(stat -c %s "$T/pad.csv")" -gt 1048576 ]
		formula=$(jq -r --arg id "$id" '.[$id].formula' "$(ref)")
		mapfile -t args < <(ref_args "$id")
		run --separate-stderr linreg --json --anova -j 2 "${args[@]}" "$formula" "$T/pad.csv"
		if [ "$status" -ne 0 ]; then
			echo "$id: exit $status: $stderr"
			failed="$failed $id"
		elif ! compare_ref "$id"; then
			echo "(that was $id, -j 2)"
			failed="$failed $id"
		fi
	done
	[ -z "$failed" ] || { echo "-j 2 differs from R for:$failed"; return 1; }
}

# repeat FILE N: FILE's header, then its rows N times over
repeat_rows() {
	awk -v n="$2" 'NR == 1 { print; next } { r[++k] = $0 }
		END { for (i = 0; i < n; i++) for (j = 1; j <= k; j++) print r[j] }' "$1"
}

@test "formula: -j 2 equals R and -j 1 (iris Sepal.Length ~ . on 150000 rows)" {
	repeat_rows "$(models)/iris.csv" 1000 >"$T/iris.csv"
	[ "$(stat -c %s "$T/iris.csv")" -ge 2097152 ] # two pieces of PARALLEL_MIN_BYTES
	mapfile -t args < <(ref_args iris_x1000)
	run --separate-stderr linreg --json --anova -j 2 "${args[@]}" 'Sepal.Length ~ .' "$T/iris.csv"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	compare_ref iris_x1000
	printf '%s\n' "$output" >"$T/j2.json"
	linreg --json --anova -j 1 "${args[@]}" 'Sepal.Length ~ .' "$T/iris.csv" >"$T/j1.json"
	python3 "$TOP/tests/cli/ref_compare.py" --tol 1e-12 "$T/j1.json" "$T/j2.json"
}

@test "formula: -j 2 equals -j 1 with missing values and factors (airquality, warpbreaks)" {
	local id f
	for id in airquality warpbreaks_int; do
		f=$(jq -r --arg id "$id" '.[$id].files[0]' "$(ref)")
		repeat_rows "$(models)/$f" 1000 >"$T/big.csv"
		mapfile -t args < <(ref_args "$id")
		formula=$(jq -r --arg id "$id" '.[$id].formula' "$(ref)")
		linreg --json --anova -j 1 "${args[@]}" "$formula" "$T/big.csv" >"$T/j1.json"
		linreg --json --anova -j 2 "${args[@]}" "$formula" "$T/big.csv" >"$T/j2.json"
		python3 "$TOP/tests/cli/ref_compare.py" --tol 1e-12 "$T/j1.json" "$T/j2.json"
		want=$(jq -r --arg id "$id" '.[$id].expect.rows_missing' "$(ref)")
		[ "$(jq .rows_missing "$T/j2.json")" -eq $((want * 1000)) ]
	done
}

# shards FILE COL DIR: FILE's rows shuffled (a fixed permutation) into
# DIR/1.csv, DIR/2.csv, DIR/3.csv, each with the header.  With COL (a
# column name), the k-th level of COL (in order of appearance) goes to
# shards k and k+1 (mod 3), so with 3 levels every shard lacks one and with
# 2 levels one shard has one level only; without COL, round robin.
shards() {
	mkdir -p "$3"
	awk -F, -v col="$2" -v dir="$3" '
		NR == 1 { for (s = 1; s <= 3; s++) print > (dir "/" s ".csv")
			for (i = 1; i <= NF; i++) if ($i == col) c = i
			next }
		{ row[++m] = $0 }
		END {
			for (i = 0; i < m; i++) {
				# a permutation of 1..m: 7919 is prime, no m here its multiple
				$0 = row[(i * 7919) % m + 1]
				if (c) { v = $c; if (!(v in id)) id[v] = nid++
					s = (id[v] + (seen[v]++ % 2)) % 3 + 1 }
				else s = i % 3 + 1
				print > (dir "/" s ".csv")
			}
		}' "$1"
}

# merge_ref ID COL: entry ID's data in 3 shuffled shards (by COL's levels),
# each fitted with --format state, merged flat, in reverse and as a tree,
# equals R.  Of the entry's options, --predict and --compare go to merge
# (they ask about the fit), the others (--weights, --time-unit, --ref: they
# say what the model is) to the shards' fits, whose states carry them.
merge_ref() {
	local id=$1 col=$2 formula f s i
	local -a all args fitargs
	formula=$(jq -r --arg id "$id" '.[$id].formula' "$(ref)")
	mapfile -t all < <(ref_args "$id")
	for ((i = 0; i < ${#all[@]}; i += 2)); do
		case ${all[i]} in
		--predict | --compare) args+=("${all[i]}" "${all[i + 1]}") ;;
		*) fitargs+=("${all[i]}" "${all[i + 1]}") ;;
		esac
	done
	f=$(jq -r --arg id "$id" '.[$id].files[0]' "$(ref)")
	rm -rf "$T/sh"
	shards "$(models)/$f" "$col" "$T/sh"
	for s in 1 2 3; do
		run --separate-stderr linreg --format state "${fitargs[@]}" "$formula" "$T/sh/$s.csv"
		[ "$status" -eq 0 ] || { echo "shard $s: $stderr"; return 1; }
		printf '%s\n' "$output" >"$T/sh/$s.st"
	done
	run --separate-stderr linreg merge --json --anova "${args[@]}" "$T/sh/1.st" "$T/sh/2.st" "$T/sh/3.st"
	[ "$status" -eq 0 ] || { echo "merge: $stderr"; return 1; }
	compare_ref "$id" || { echo "(flat merge)"; return 1; }
	run --separate-stderr linreg merge --json --anova "${args[@]}" "$T/sh/3.st" "$T/sh/2.st" "$T/sh/1.st"
	compare_ref "$id" || { echo "(reverse merge: $stderr)"; return 1; }
	linreg merge --format state "$T/sh/3.st" "$T/sh/1.st" >"$T/sh/31.st"
	run --separate-stderr linreg merge --json --anova "${args[@]}" "$T/sh/2.st" "$T/sh/31.st"
	compare_ref "$id" || { echo "(tree merge: $stderr)"; return 1; }
}

@test "merge: iris shards, each without one species (the reference level too)" {
	merge_ref iris_dot Species
}

@test "merge: warpbreaks wool * tension shards with different level sets" {
	merge_ref warpbreaks_int tension
}

@test "merge: ToothGrowth supp * dose, a shard with one level only" {
	merge_ref toothgrowth supp
}

@test "merge: mtcars factor(cyl) shards, and rows_missing add up (airquality)" {
	merge_ref mtcars_wt_cyl cyl
	merge_ref airquality ""
}

@test "merge: every other model in shuffled shards (by a factor's levels where there is one)" {
	local id col failed=
	for id in $(jq -r 'keys[]' "$(ref)"); do
		case $id in
		iris_* | warpbreaks_int | toothgrowth | mtcars_wt_cyl | airquality) continue ;;
		mtcars_* | backquoted) col=cyl ;;
		plantgrowth*) col=group ;;
		warpbreaks_*) col=tension ;;
		levels) col=g ;;
		*) col= ;;
		esac
		merge_ref "$id" "$col" || { echo "(that was $id)"; failed="$failed $id"; }
	done
	[ -z "$failed" ] || { echo "merged shards differ from R for:$failed"; return 1; }
}

@test "merge: a CSV shard and a JSON shard with different levels" {
	# setosa and versicolor from CSV, virginica from JSON; the columns of
	# Sepal.Length ~ . named (R gives the same model), so that this tests
	# the merge alone
	local f='Sepal.Length ~ Sepal.Width + Petal.Length + Petal.Width + Species'
	grep -v virginica "$(models)/iris.csv" >"$T/a.csv"
	{ echo '['; grep virginica "$(models)/iris.json" | sed '$s/,$//'; echo ']'; } >"$T/b.json"
	linreg --format state "$f" "$T/b.json" >"$T/b.st"
	linreg --format state "$f" "$T/a.csv" >"$T/a.st"
	mapfile -t args < <(ref_args iris_dot)
	run --separate-stderr linreg merge --json --anova "${args[@]}" "$T/b.st" "$T/a.st"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	compare_ref iris_dot
}

# late_level N FILE: N rows (N a multiple of 4) of x, g, y in blocks of 4
# rows: x = b % 50 + (0,1,2,3) for block b, g = a / b alternating by block
# except the last block, g = c (a level first seen in the last 4 rows), and
# y = 1 + 2x + 3[g=b] + 5[g=c] + (1,-1,-1,1).  The residuals are orthogonal
# to every column within each block, so least squares gives 1, 2, 3, 5
# exactly, RSS = N, sigma^2 = N / (N - 4).  Prints the standard errors
# sigma * sqrt(diag((X'X)^-1)), with X'X summed exactly in integers and
# inverted in rationals (python3 fractions).
late_level() {
	python3 - "$1" "$2" <<'EOF'
import sys
from fractions import Fraction as Fr
from math import sqrt
n, path = int(sys.argv[1]), sys.argv[2]
B = n // 4
count = {}  # rows per (x, g): X'X is a sum over these
with open(path, "w") as f:
    f.write("x,g,y\n")
    out = []
    for b in range(B):
        g = "c" if b == B - 1 else ("b" if b % 2 else "a")
        for j, e in enumerate((1, -1, -1, 1)):
            x = b % 50 + j
            y = 1 + 2 * x + 3 * (g == "b") + 5 * (g == "c") + e
            out.append(f"{x},{g},{y}\n")
            count[x, g] = count.get((x, g), 0) + 1
        if len(out) > 65536:
            f.write("".join(out))
            out = []
    f.write("".join(out))
xtx = [[0] * 4 for _ in range(4)]
for (x, g), c in count.items():
    r = (1, x, int(g == "b"), int(g == "c"))
    for i in range(4):
        for k in range(4):
            xtx[i][k] += c * r[i] * r[k]
a = [[Fr(v) for v in row] + [Fr(int(i == k)) for k in range(4)] for i, row in enumerate(xtx)]
for i in range(4):
    p = next(r for r in range(i, 4) if a[r][i] != 0)
    a[i], a[p] = a[p], a[i]
    a[i] = [v / a[i][i] for v in a[i]]
    for r in range(4):
        if r != i and a[r][i] != 0:
            a[r] = [u - a[r][i] * v for u, v in zip(a[r], a[i])]
s2 = Fr(n, n - 4)
print(" ".join(repr(sqrt(float(s2 * a[i][4 + i]))) for i in range(4)))
EOF
}

# late_check SE: the fit in $output is the closed form of late_level
late_check() {
	local se=($1) i want=(1 2 3 5)
	[ "$(jval '[.coefficients[].term] | join(",")')" = "(Intercept),x,gb,gc" ]
	[ "$(jval '.factors[0].levels | join(",")')" = "a,b,c" ]
	[ "$(jval .n)" -eq 1000000 ]
	approx "$(jval .sigma)" "$(awk 'BEGIN { printf "%.17g", sqrt(1000000 / 999996) }')" 1e-12
	for i in 0 1 2 3; do
		approx "$(jval ".coefficients[$i].estimate")" "${want[i]}" 1e-9
		approx "$(jval ".coefficients[$i].std_error")" "${se[i]}" 1e-9
	done
}

@test "a level first seen in the last 4 of 10^6 rows: one pass, -j 2, stdin and JSON, under a 40 MB cap" {
	skip_if_instrumented "an address-space cap"
	skip_if_wasm "an address-space cap"
	se=$(late_level 1000000 "$T/late.csv")
	for j in 1 2; do
		run --separate-stderr bash -c 'ulimit -v 40000 && exec linreg --json -j "$1" "y ~ x + g" "$2"' _ "$j" "$T/late.csv"
		[ "$status" -eq 0 ] || { echo "-j $j: $stderr"; return 1; }
		late_check "$se"
	done
	run --separate-stderr bash -c 'ulimit -v 40000 && exec linreg --json "y ~ x + g" <"$1"' _ "$T/late.csv"
	[ "$status" -eq 0 ] || { echo "stdin: $stderr"; return 1; }
	late_check "$se"
	# the same rows as a JSON array of objects (JSON strings are levels too)
	awk -F, 'NR == 1 { print "["; next } NR > 2 { print "," }
		{ printf "{\"x\": %s, \"g\": \"%s\", \"y\": %s}", $1, $2, $3 }
		END { print "]" }' "$T/late.csv" >"$T/late.json"
	rm "$T/late.csv"
	run --separate-stderr bash -c 'ulimit -v 40000 && exec linreg --json "y ~ x + g" "$1"' _ "$T/late.json"
	[ "$status" -eq 0 ] || { echo "JSON: $stderr"; return 1; }
	late_check "$se"
}
