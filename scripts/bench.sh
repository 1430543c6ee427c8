#!/bin/bash
# bench.sh - `make bench`: time linreg and the tools people use today on
# the same generated files, and print a markdown table of median wall
# time, MB/s and peak resident memory, with ratios to linreg.
#
# A program, not a test: it asserts nothing about time.  Tools that are
# not installed are skipped (and named); `sh scripts/deps.sh bench`
# installs them from Debian (as root; else it prints the apt-get line).
# Set BENCH_RUNS (default 3), BENCH_LINREG_RUNS (default 11: linreg's
# runs are short, so a median of more of them steadies it) and
# BENCH_ROWS (default 10000000) to change the work; BENCH_SKIP_SLOW=1
# leaves out R (about a minute a run on 10^7 rows); BENCH_QUICK=1 is a
# quick look (2*10^5 rows, one run of each tool, three of linreg, no R)
# whose numbers mean little.  Wall time is taken with bash's
# EPOCHREALTIME (to the millisecond), peak memory with GNU time.
#
# The files: issue 4's (xy.csv, every line the same shape: x = i*0.001;
# points.json; multi5.csv), and issue 16's realistic ones, written by
# scripts/bench-gen.c (built here; its top comment says what is in
# them): r2.csv (10^7 rows x,y of random signs, widths and some
# exponents), r5.csv (five predictors, rows/5), g200.csv (200 groups,
# rows/2), rpoints.json and rpoints.ndjson (rows/10 points), ws.txt
# (whitespace-separated, rows*0.51, about 82 MB).  Every tool on a file
# answers the same question; the last column of the table is its answer
# (a slope, or the coefficient of a), so that they can be compared.
# After the table, the targets of issues 4 and 16, each with its
# measured value.
set -u
cd "$(dirname "$0")/.." || exit 1
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	: "${BENCH_ROWS:=200000}" "${BENCH_RUNS:=1}" "${BENCH_LINREG_RUNS:=3}" "${BENCH_SKIP_SLOW:=1}"
fi
runs=${BENCH_RUNS:-3}
linreg_runs=${BENCH_LINREG_RUNS:-11}
rows=${BENCH_ROWS:-10000000}
dir=${BENCH_DIR:-build/bench}
mkdir -p "$dir"
LINREG=./linreg
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	echo "bench: GNU time is needed for peak memory: apt-get install time" >&2
	exit 1
fi

# ---------------------------------------------------------------- data
# The files are made once for a size and generator: a stamp names both,
# and a change of either makes them anew.
stamp="rows=$rows gen=$(cksum <scripts/bench-gen.c | cut -d' ' -f1)"
if [ "$(cat "$dir/stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -f "$dir"/{xy.csv,points.json,multi5.csv,r2.csv,r5.csv,g200.csv,rpoints.json,rpoints.ndjson,ws.txt}
	echo "$stamp" >"$dir/stamp"
fi
gen() { # gen FILE AWK-PROGRAM: make FILE once, deterministically
	[ -s "$1" ] || { echo "bench: generating $1" >&2; awk "$2" >"$1.tmp" && mv "$1.tmp" "$1"; }
}
gen "$dir/xy.csv" "BEGIN { srand(1); print \"x,y\"; for (i = 0; i < $rows; i++)
	printf \"%.6f,%.6f\\n\", i * 0.001, 3 + 2 * i * 0.001 + rand() }"
gen "$dir/points.json" "BEGIN { srand(2); printf \"[\"; for (i = 0; i < $rows / 10; i++)
	printf \"%s{\\\"x\\\": %.6f, \\\"y\\\": %.6f}\", i ? \",\\n\" : \"\", i * 0.01, 1 + 0.5 * i * 0.01 + rand(); print \"]\" }"
gen "$dir/multi5.csv" "BEGIN { srand(3); print \"a,b,c,d,e,y\"; for (i = 0; i < $rows / 5; i++) {
	a = rand(); b = rand(); c = rand(); d = rand(); e = rand()
	printf \"%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\\n\", a, b, c, d, e, 1 + a - 2 * b + 3 * c - d + 0.5 * e + rand() / 10 } }"
benchgen=$dir/bench-gen
if [ ! -x "$benchgen" ] || [ scripts/bench-gen.c -nt "$benchgen" ]; then
	${CC:-cc} -O2 -o "$benchgen" scripts/bench-gen.c -lm || { echo "bench: cannot build bench-gen" >&2; exit 1; }
fi
gen2() { # gen2 FILE KIND ROWS: make FILE once with bench-gen
	[ -s "$dir/$1" ] || { echo "bench: generating $dir/$1" >&2
		"$benchgen" "$2" "$3" >"$dir/$1.tmp" && mv "$dir/$1.tmp" "$dir/$1"; }
}
gen2 r2.csv r2 "$rows"
gen2 r5.csv r5 $((rows / 5))
gen2 g200.csv g200 $((rows / 2))
gen2 rpoints.json json $((rows / 10))
gen2 rpoints.ndjson ndjson $((rows / 10))
gen2 ws.txt ws $((rows * 51 / 100))

# ---------------------------------------------------------------- timing
results=()
out=$dir/out.txt # where a run's standard output goes (/dev/null for --fitted)
answer=""        # how record finds a run's answer in it (see answer_of)
# run_once LABEL CMD...: one timed run; appends to the arrays times and
# mems (the caller's locals); fails when the command does
run_once() {
	local label=$1 t0 t1 m; shift
	t0=$EPOCHREALTIME
	if ! "$TIME" -f "%M" -o "$dir/time.out" "$@" >"$out" 2>"$dir/err.txt"; then
		echo "bench: $label failed: $(head -c 300 "$dir/err.txt")" >&2
		return 1
	fi
	t1=$EPOCHREALTIME
	read -r m <"$dir/time.out"
	times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
	mems+=("$m")
}
# answer_of: the last run's answer, from $out as $answer says: "" the
# output's first 60 bytes on one line; "COLUMN" that column of a CSV
# answer's first row; "COLUMN@GROUP" of the row whose first cell is GROUP
answer_of() {
	[ "$out" = /dev/null ] && return
	if [ -z "$answer" ]; then
		head -c 60 "$out" | tr '\n|' '  '
		return
	fi
	awk -F, -v col="${answer%@*}" -v grp="$([ "${answer#*@}" != "$answer" ] && echo "${answer#*@}")" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		c && (grp == "" || $1 == grp) { print $c; exit }' "$out"
}
# record LABEL FILE: the median of times and the peak of mems, as a result
record() {
	local t m a
	t=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	m=$(printf '%s\n' "${mems[@]}" | sort -g | tail -n 1)
	a=$(answer_of)
	results+=("$1|$2|$t|$m|$a")
	printf 'bench: %-38s %-14s %7.3f s %8.1f MiB  -> %s\n' "$1" "$2" "$t" \
		"$(awk -v m="$m" 'BEGIN { print m / 1024 }')" "$a" >&2
}
# long SECONDS: whether a run took over 2 s; then the median of linreg's
# runs needs no more of them than another tool's (--fitted took 37 s a
# run on r2.csv before issue 16)
long() {
	awk -v t="$1" 'BEGIN { exit !(t > 2) }'
}
# measure LABEL FILE CMD...: median wall time and the peak RSS of the runs
measure() {
	local label=$1 file=$2; shift 2
	local times=() mems=() i n=$runs
	[ "$1" = "$LINREG" ] && n=$linreg_runs
	for ((i = 0; i < n; i++)); do
		run_once "$label" "$@" || return
		long "${times[0]}" && ((n > runs)) && n=$runs
	done
	record "$label" "$file"
}
# measure_pair FILE LABEL1 ARRAY1 LABEL2 ARRAY2: two linreg commands
# (named arrays) run in turn, so that a change in the machine's speed
# during the runs weighs on both alike (their ratio is a target)
measure_pair() {
	local file=$1 l1=$2 l2=$4 i
	local -n c1=$3 c2=$5
	local times=() mems=() t1=() m1=() t2=() m2=() out2=$out n=$linreg_runs
	for ((i = 0; i < n; i++)); do
		times=() mems=()
		run_once "$l1" "${c1[@]}" || return
		t1+=("${times[0]}") m1+=("${mems[0]}")
		[ "$out" = /dev/null ] || cp "$out" "$dir/out1.txt"
		times=() mems=()
		run_once "$l2" "${c2[@]}" || return
		t2+=("${times[0]}") m2+=("${mems[0]}")
		long "${t1[0]}" && ((n > runs)) && n=$runs
	done
	[ "$out" = /dev/null ] || out=$dir/out1.txt
	times=("${t1[@]}") mems=("${m1[@]}")
	record "$l1" "$file"
	out=$out2
	times=("${t2[@]}") mems=("${m2[@]}")
	record "$l2" "$file"
}
# pair FILE LABEL ARGS...: linreg ARGS with one thread and with two
pair() {
	local file=$1 label=$2; shift 2
	local p1=("$LINREG" -j 1 --format csv "$@") p2=("$LINREG" -j 2 --format csv "$@")
	measure_pair "$file" "$label (1 thread)" p1 "$label (2 threads)" p2
}

have() { command -v "$1" >/dev/null 2>&1; }
skipped=()
skip() { # skip TOOL: name it once in the list of skipped tools
	case " ${skipped[*]} " in *" $1 "*) ;; *) skipped+=("$1") ;; esac
}

# the first python3 with these modules (a pyenv python3 on PATH may lack
# what Debian's has), or nothing
python_with() {
	local p
	for p in python3 /usr/bin/python3; do
		if $p -c "import $1" 2>/dev/null; then echo "$p"; return; fi
	done
}
py=$(python_with "pandas, numpy")
pyjson=$(python_with numpy)
pysm=$(python_with "pandas, numpy, statsmodels")

# DuckDB through node, from the npm registry, installed under build/bench;
# duck THREADS SQL prints the rows of SQL's answer as JSON
duckjs=$dir/node/sql.cjs
if have node && have npm; then
	if [ ! -d "$dir/node/node_modules/@duckdb/node-api" ]; then
		echo "bench: installing @duckdb/node-api (npm) into $dir/node" >&2
		mkdir -p "$dir/node" && (cd "$dir/node" && npm init -y >/dev/null &&
			npm install --silent @duckdb/node-api >/dev/null 2>&1) ||
			echo "bench: npm install @duckdb/node-api failed" >&2
	fi
	cat >"$duckjs" <<'JS'
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const inst = await DuckDBInstance.create(':memory:', { threads: process.argv[2] });
  const con = await inst.connect();
  const r = await con.runAndReadAll(process.argv[3]);
  console.log(JSON.stringify(r.getRows(), (k, v) => typeof v === 'bigint' ? Number(v) : v));
})();
JS
fi
have_duck() { [ -d "$dir/node/node_modules/@duckdb/node-api" ] && have node; }
# duck LABEL FILE THREADS SQL: time DuckDB answering SQL
duck() {
	if have_duck; then measure "$1" "$2" node "$duckjs" "$3" "$4"; else skip duckdb; fi
}

awkprog='NR > 1 { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
END { b = (n * sxy - sx * sy) / (n * sxx - sx * sx); print b, (sy - b * sx) / n }'
polyfit_csv="
import sys, pandas, numpy
d = pandas.read_csv(sys.argv[1])
print(numpy.polyfit(d.x, d.y, 1))"

# ---------------------------------------------------------------- issue 4's files
xy=$dir/xy.csv
one_thread=("$LINREG" -j 1 --format csv "$xy")
two_threads=("$LINREG" -j 2 --format csv "$xy")
answer=slope
measure_pair xy.csv "linreg (1 thread)" one_thread "linreg (2 threads)" two_threads
answer=""
for a in mawk gawk; do
	if have $a; then measure "$a (sums one-liner)" xy.csv $a -F, "$awkprog" "$xy"; else skip $a; fi
done
if have mlr; then
	measure "Miller stats2 linreg-ols,r2" xy.csv mlr --icsv --ojson stats2 -a linreg-ols,r2 -f x,y "$xy"
else skip mlr; fi
if have datamash; then
	# datamash reads only standard input
	measure "datamash ppearson (r only)" xy.csv sh -c "datamash -t, --header-in ppearson 1:2 < '$xy'"
else skip datamash; fi
if [ -n "$py" ]; then
	measure "pandas read_csv + numpy.polyfit" xy.csv "$py" -c "$polyfit_csv" "$xy"
else skip "python3-pandas/numpy"; fi
if have Rscript && [ "${BENCH_SKIP_SLOW:-0}" != 1 ]; then
	runs_saved=$runs; runs=1
	measure "R read.csv + lm (1 run)" xy.csv Rscript -e 'd <- read.csv(commandArgs(TRUE)[1]); print(coef(lm(y ~ x, d)))' "$xy"
	runs=$runs_saved
else skip Rscript; fi
regr="select regr_slope(y, x), regr_intercept(y, x)"
duck "DuckDB regr_slope (1 thread)" xy.csv 1 "$regr from read_csv('$xy')"
duck "DuckDB regr_slope (2 threads)" xy.csv 2 "$regr from read_csv('$xy')"
answer=slope
measure "linreg JSON array" points.json $LINREG --format csv "$dir/points.json"
answer=a
measure "linreg 5 predictors (1 thread)" multi5.csv $LINREG -j 1 --format csv -x a,b,c,d,e -y y "$dir/multi5.csv"
measure "linreg 5 predictors (2 threads)" multi5.csv $LINREG -j 2 --format csv -x a,b,c,d,e -y y "$dir/multi5.csv"

# ---------------------------------------------------------------- issue 16's files
# realistic two columns
r2=$dir/r2.csv
answer=slope
pair r2.csv linreg "$r2"
answer=""
duck "DuckDB regr_slope (1 thread)" r2.csv 1 "select regr_slope(y, x) from read_csv('$r2')"
duck "DuckDB regr_slope (2 threads)" r2.csv 2 "select regr_slope(y, x) from read_csv('$r2')"
if have mawk; then measure "mawk (sums one-liner)" r2.csv mawk -F, "$awkprog" "$r2"; fi
if have mlr; then
	answer=x_y_ols_m
	measure "Miller stats2 linreg-ols" r2.csv mlr --icsv --ocsv stats2 -a linreg-ols -f x,y "$r2"
	answer=""
fi
[ -n "$py" ] && measure "pandas read_csv + numpy.polyfit" r2.csv "$py" -c "$polyfit_csv" "$r2"
# --fitted: every row again with its fit; MB/s of the input
out=/dev/null
measure "linreg --fitted > /dev/null (1 thread)" r2.csv $LINREG -j 1 --fitted "$r2"
out=$dir/out.txt

# five predictors
r5=$dir/r5.csv
answer=a
pair r5.csv "linreg -x a,b,c,d,e" -x a,b,c,d,e -y y "$r5"
answer=""
if [ -n "$py" ]; then
	measure "pandas read_csv + numpy lstsq" r5.csv "$py" -c "
import sys, pandas, numpy
d = pandas.read_csv(sys.argv[1])
X = numpy.column_stack([numpy.ones(len(d)), d[['a', 'b', 'c', 'd', 'e']].to_numpy()])
print(repr(numpy.linalg.lstsq(X, d.y.to_numpy(), rcond=None)[0][1]))" "$r5"
fi
if [ -n "$pysm" ]; then
	measure "pandas read_csv + statsmodels OLS" r5.csv "$pysm" -c "
import sys, pandas, statsmodels.api as sm
d = pandas.read_csv(sys.argv[1])
print(repr(sm.OLS(d.y, sm.add_constant(d[['a', 'b', 'c', 'd', 'e']])).fit().params['a']))" "$r5"
else skip python3-statsmodels; fi

# 200 groups: each tool's slope for the first row's group
g200=$dir/g200.csv
grp=$(sed -n '2{s/,.*//;p;q}' "$g200")
answer="slope@$grp"
pair g200.csv "linreg -g group" -g group -x x -y y "$g200"
answer=""
gsql="with t as (select \"group\" g, regr_slope(y, x) s, regr_intercept(y, x) i
	from read_csv('$g200') group by g) select count(*), any_value(s) filter (where g = '$grp') from t"
duck "DuckDB GROUP BY regr_* (1 thread)" g200.csv 1 "$gsql"
duck "DuckDB GROUP BY regr_* (2 threads)" g200.csv 2 "$gsql"
if have mlr; then
	answer="x_y_ols_m@$grp"
	measure "Miller stats2 linreg-ols -g" g200.csv mlr --icsv --ocsv stats2 -a linreg-ols -f x,y -g group "$g200"
	answer=""
fi

# JSON array and NDJSON of the same points
pyjs="
import sys, json, numpy
with open(sys.argv[1]) as f:
    p = json.load(f) if sys.argv[2] == 'array' else [json.loads(l) for l in f]
x = numpy.array([o['x'] for o in p]); y = numpy.array([o['y'] for o in p])
print(repr(numpy.polyfit(x, y, 1)[0]))"
for f in rpoints.json rpoints.ndjson; do
	answer=slope
	measure "linreg" $f $LINREG --format csv "$dir/$f"
	answer=""
	if [ $f = rpoints.json ]; then
		duck "DuckDB read_json + regr_slope (1 thread)" $f 1 "select regr_slope(y, x) from read_json('$dir/$f', format = 'array')"
	else
		duck "DuckDB read_ndjson + regr_slope (1 thread)" $f 1 "select regr_slope(y, x) from read_ndjson('$dir/$f')"
	fi
	if [ -n "$pyjson" ]; then
		measure "Python json + numpy.polyfit" $f "$pyjson" -c "$pyjs" "$dir/$f" "$([ $f = rpoints.json ] && echo array || echo lines)"
	else skip python3-numpy; fi
done

# whitespace: DuckDB has no delimiter for a run of blanks (delim = ' '
# fails to sniff ws.txt, whose runs vary), so it reads whole lines and
# splits them on the pattern (3.1 s of CPU on the 82 MB file, where the
# same split by replace and string_split took 3.7 s)
ws=$dir/ws.txt
answer=slope
pair ws.txt linreg "$ws"
answer=""
duck "DuckDB lines split on blanks (1 thread)" ws.txt 1 "select regr_slope(p[2]::double, p[1]::double)
	from (select regexp_split_to_array(trim(line, E' \\t'), '[ \\t]+') p
	from read_csv('$ws', columns = {'line': 'VARCHAR'}, delim = E'\\x01', quote = '', escape = '', header = true))"

# ---------------------------------------------------------------- table
# get LABEL FILE FIELD (3 time, 4 KiB): the value, or nothing
get() {
	local r label file t m a
	for r in "${results[@]}"; do
		IFS='|' read -r label file t m a <<<"$r"
		[ "$label" = "$1" ] && [ "$file" = "$2" ] && { [ "$3" = 3 ] && echo "$t" || echo "$m"; return; }
	done
}
# base FILE: the label of linreg's one-thread row on FILE (the first
# linreg row on it)
base() {
	local r label file t m a
	for r in "${results[@]}"; do
		IFS='|' read -r label file t m a <<<"$r"
		[ "$file" = "$1" ] && [ "${label#linreg}" != "$label" ] && { echo "$label"; return; }
	done
}
echo
echo "Machine: $(nproc) cores, $(awk '/model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo); $(date -u +%Y-%m-%d)"
echo
echo "| tool | file | median time (s) | MB/s | peak RSS (MiB) | time / linreg 1 thread | answer |"
echo "|---|---|---|---|---|---|---|"
for r in "${results[@]}"; do
	IFS='|' read -r label file t m a <<<"$r"
	size=$(stat -c %s "$dir/$file")
	b=$(get "$(base "$file")" "$file" 3)
	awk -v l="$label" -v f="$file" -v t="$t" -v m="$m" -v s="$size" -v b="$b" -v a="$a" 'BEGIN {
		printf "| %s | %s | %.3f | %.0f | %.1f | %s | %s |\n", l, f, t, (t > 0 ? s / t / 1e6 : 0), m / 1024,
			(b > 0 ? sprintf("%.1fx", t / b) : ""), a }'
done
[ ${#skipped[@]} -gt 0 ] && echo && echo "Skipped (not installed, or BENCH_SKIP_SLOW): ${skipped[*]}"

# ---------------------------------------------------------------- targets
# Each target with what this run measured (reported, never asserted: a
# benchmark is not a test).
target() { # target TEXT VALUE OP LIMIT UNIT
	[ -n "$2" ] || { echo "- $1: not measured"; return; }
	awk -v txt="$1" -v v="$2" -v op="$3" -v lim="$4" -v u="$5" 'BEGIN {
		ok = op == ">=" ? v >= lim : v < lim
		printf "- %s: %s%s (%s %s%s)\n", txt, (u == " MB/s" ? sprintf("%.0f", v) : sprintf("%.1f", v)), u,
			ok ? "met," : "NOT met, target", op, lim, u }'
}
ratio() { # ratio FILE LABEL BASELABEL: time of LABEL / time of BASELABEL
	local a b
	a=$(get "$2" "$1" 3); b=$(get "$3" "$1" 3)
	[ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) print a / b }'
}
mbs() { # mbs FILE LABEL: MB/s of LABEL on FILE
	local t
	t=$(get "$2" "$1" 3)
	[ -n "$t" ] && awk -v s="$(stat -c %s "$dir/$1")" -v t="$t" 'BEGIN { if (t > 0) print s / t / 1e6 }'
}
mib() { # mib FILE LABEL: peak RSS of LABEL on FILE, MiB
	local m
	m=$(get "$2" "$1" 4)
	[ -n "$m" ] && awk -v m="$m" 'BEGIN { print m / 1024 }'
}
one="linreg (1 thread)"; two="linreg (2 threads)"
echo
echo "Targets (issue 4), this run:"
target "one thread, MB/s" "$(mbs xy.csv "$one")" ">=" 1000 " MB/s"
target "faster than mawk" "$(ratio xy.csv "mawk (sums one-liner)" "$one")" ">=" 15 x
target "faster than Miller" "$(ratio xy.csv "Miller stats2 linreg-ols,r2" "$one")" ">=" 15 x
target "faster than datamash" "$(ratio xy.csv "datamash ppearson (r only)" "$one")" ">=" 8 x
target "faster than pandas" "$(ratio xy.csv "pandas read_csv + numpy.polyfit" "$one")" ">=" 8 x
target "faster than DuckDB, one thread each" "$(ratio xy.csv "DuckDB regr_slope (1 thread)" "$one")" ">=" 4 x
target "two threads over one" "$(ratio xy.csv "$one" "$two")" ">=" 1.7 x
target "faster than DuckDB, two threads each" "$(ratio xy.csv "DuckDB regr_slope (2 threads)" "$two")" ">=" 2 x
for l in "$one" "$two"; do
	target "peak memory, $l" "$(mib xy.csv "$l")" "<" 16 " MiB"
done
target "peak memory, linreg 5 predictors (1 thread)" "$(mib multi5.csv "linreg 5 predictors (1 thread)")" "<" 16 " MiB"
target "peak memory, JSON array" "$(mib points.json "linreg JSON array")" "<" 64 " MiB"

echo
echo "Targets (issue 16, on the realistic files), this run:"
target "two columns (r2.csv), one thread, MB/s" "$(mbs r2.csv "$one")" ">=" 1000 " MB/s"
target "two columns, faster than DuckDB, one thread each" "$(ratio r2.csv "DuckDB regr_slope (1 thread)" "$one")" ">=" 6 x
l5="linreg -x a,b,c,d,e (1 thread)"
target "5 predictors (r5.csv), MB/s" "$(mbs r5.csv "$l5")" ">=" 400 " MB/s"
target "5 predictors, faster than pandas + numpy lstsq" "$(ratio r5.csv "pandas read_csv + numpy lstsq" "$l5")" ">=" 5 x
target "5 predictors, faster than statsmodels OLS" "$(ratio r5.csv "pandas read_csv + statsmodels OLS" "$l5")" ">=" 10 x
lg="linreg -g group (1 thread)"
target "-g, 200 groups (g200.csv), MB/s" "$(mbs g200.csv "$lg")" ">=" 500 " MB/s"
target "-g, faster than DuckDB GROUP BY, one thread each" "$(ratio g200.csv "DuckDB GROUP BY regr_* (1 thread)" "$lg")" ">=" 4 x
target "JSON array (rpoints.json), MB/s" "$(mbs rpoints.json linreg)" ">=" 400 " MB/s"
target "JSON array, faster than DuckDB read_json" "$(ratio rpoints.json "DuckDB read_json + regr_slope (1 thread)" linreg)" ">=" 5 x
target "JSON array, faster than Python json" "$(ratio rpoints.json "Python json + numpy.polyfit" linreg)" ">=" 5 x
target "NDJSON (rpoints.ndjson), MB/s" "$(mbs rpoints.ndjson linreg)" ">=" 400 " MB/s"
target "NDJSON, faster than DuckDB read_ndjson" "$(ratio rpoints.ndjson "DuckDB read_ndjson + regr_slope (1 thread)" linreg)" ">=" 5 x
target "NDJSON, faster than Python json" "$(ratio rpoints.ndjson "Python json + numpy.polyfit" linreg)" ">=" 5 x
target "whitespace (ws.txt), MB/s" "$(mbs ws.txt "$one")" ">=" 800 " MB/s"
target "--fitted (r2.csv), MB/s of input" "$(mbs r2.csv "linreg --fitted > /dev/null (1 thread)")" ">=" 300 " MB/s"
for fl in "r2.csv|linreg" "r5.csv|linreg -x a,b,c,d,e" "g200.csv|linreg -g group" "ws.txt|linreg" "xy.csv|linreg"; do
	target "two threads over one, ${fl#*|} (${fl%|*})" "$(ratio "${fl%|*}" "${fl#*|} (1 thread)" "${fl#*|} (2 threads)")" ">=" 1.8 x
done
for r in "${results[@]}"; do
	IFS='|' read -r label file t m a <<<"$r"
	[ "${label#linreg}" != "$label" ] || continue
	target "peak memory, $label ($file)" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')" "<" 16 " MiB"
done
exit 0
