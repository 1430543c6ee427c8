#!/bin/bash
# bench.sh - `make bench`: time linreg and the tools people use today on
# the same generated files, and print a markdown table of median wall
# time, MB/s and peak resident memory, with ratios to linreg.
#
# A program, not a test: it asserts nothing about time.  Tools that are
# not installed are skipped (and named).  Set BENCH_RUNS (default 3),
# BENCH_LINREG_RUNS (default 11: linreg's runs are short, so a median
# of more of them steadies it) and BENCH_ROWS (default 10000000) to
# change the work; BENCH_SKIP_SLOW=1 leaves out R (about a minute a run
# on 10^7 rows).  Wall time is taken with bash's EPOCHREALTIME (to the
# millisecond), peak memory with GNU time.  After the table, the
# targets of issue 4, each with its measured value.
set -u
cd "$(dirname "$0")/.."
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

# ---------------------------------------------------------------- timing
results=()
# run_once LABEL CMD...: one timed run; appends to the arrays times and
# mems (the caller's locals); fails when the command does
run_once() {
	local label=$1 t0 t1 m; shift
	t0=$EPOCHREALTIME
	if ! "$TIME" -f "%M" -o "$dir/time.out" "$@" >"$dir/out.txt" 2>"$dir/err.txt"; then
		echo "bench: $label failed: $(head -c 300 "$dir/err.txt")" >&2
		return 1
	fi
	t1=$EPOCHREALTIME
	read -r m <"$dir/time.out"
	times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
	mems+=("$m")
}
# record LABEL FILE: the median of times and the peak of mems, as a result
record() {
	local t m
	t=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	m=$(printf '%s\n' "${mems[@]}" | sort -g | tail -n 1)
	results+=("$1|$2|$t|$m")
	printf 'bench: %-34s %-14s %7.3f s %8.1f MiB  -> %s\n' "$1" "$2" "$t" \
		"$(awk -v m="$m" 'BEGIN { print m / 1024 }')" "$(head -c 120 "$dir/out.txt" | tr '\n' ' ')" >&2
}
# measure LABEL FILE CMD...: median wall time and the peak RSS of the runs
measure() {
	local label=$1 file=$2; shift 2
	local times=() mems=() i n=$runs
	[ "$1" = "$LINREG" ] && n=$linreg_runs
	for ((i = 0; i < n; i++)); do
		run_once "$label" "$@" || return
	done
	record "$label" "$file"
}
# measure_pair FILE LABEL1 ARRAY1 LABEL2 ARRAY2: two linreg commands
# (named arrays) run in turn, so that a change in the machine's speed
# during the runs weighs on both alike (their ratio is a target)
measure_pair() {
	local file=$1 l1=$2 l2=$4 i
	local -n c1=$3 c2=$5
	local times=() mems=() t1=() m1=() t2=() m2=()
	for ((i = 0; i < linreg_runs; i++)); do
		times=() mems=()
		run_once "$l1" "${c1[@]}" || return
		t1+=("${times[0]}") m1+=("${mems[0]}")
		times=() mems=()
		run_once "$l2" "${c2[@]}" || return
		t2+=("${times[0]}") m2+=("${mems[0]}")
	done
	times=("${t1[@]}") mems=("${m1[@]}")
	record "$l1" "$file"
	times=("${t2[@]}") mems=("${m2[@]}")
	record "$l2" "$file"
}

have() { command -v "$1" >/dev/null 2>&1; }
skipped=()

xy=$dir/xy.csv
one_thread=("$LINREG" -j 1 --format csv "$xy")
two_threads=("$LINREG" -j 2 --format csv "$xy")
measure_pair xy.csv "linreg (1 thread)" one_thread "linreg (2 threads)" two_threads
awkprog='NR > 1 { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
END { b = (n * sxy - sx * sy) / (n * sxx - sx * sx); print b, (sy - b * sx) / n }'
for a in mawk gawk; do
	if have $a; then measure "$a (sums one-liner)" xy.csv $a -F, "$awkprog" "$xy"; else skipped+=($a); fi
done
if have mlr; then
	measure "Miller stats2 linreg-ols,r2" xy.csv mlr --icsv --ojson stats2 -a linreg-ols,r2 -f x,y "$xy"
else skipped+=(mlr); fi
if have datamash; then
	# datamash reads only standard input
	measure "datamash ppearson (r only)" xy.csv sh -c "datamash -t, --header-in ppearson 1:2 < '$xy'"
else skipped+=(datamash); fi
py=""
for p in python3 /usr/bin/python3; do
	if $p -c 'import pandas, numpy' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
	measure "pandas read_csv + numpy.polyfit" xy.csv $py -c "
import sys, pandas, numpy
d = pandas.read_csv(sys.argv[1])
print(numpy.polyfit(d.x, d.y, 1))" "$xy"
else skipped+=("python3 pandas/numpy"); fi
if have Rscript && [ "${BENCH_SKIP_SLOW:-0}" != 1 ]; then
	runs_saved=$runs; runs=1
	measure "R read.csv + lm (1 run)" xy.csv Rscript -e 'd <- read.csv(commandArgs(TRUE)[1]); print(coef(lm(y ~ x, d)))' "$xy"
	runs=$runs_saved
else skipped+=(Rscript); fi
# DuckDB through node, from the npm registry, installed under build/bench
duck=$dir/node/q.cjs
if have node && have npm; then
	if [ ! -d "$dir/node/node_modules/@duckdb/node-api" ]; then
		echo "bench: installing @duckdb/node-api (npm) into $dir/node" >&2
		mkdir -p "$dir/node" && (cd "$dir/node" && npm init -y >/dev/null &&
			npm install --silent @duckdb/node-api >/dev/null 2>&1) ||
			echo "bench: npm install @duckdb/node-api failed" >&2
	fi
	cat >"$duck" <<'JS'
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const inst = await DuckDBInstance.create(':memory:', { threads: process.argv[3] });
  const con = await inst.connect();
  const r = await con.runAndReadAll(`select regr_slope(y, x), regr_intercept(y, x) from read_csv('${process.argv[2]}')`);
  console.log(JSON.stringify(r.getRows()));
})();
JS
	if [ -d "$dir/node/node_modules/@duckdb/node-api" ]; then
		measure "DuckDB regr_slope (1 thread)" xy.csv node "$duck" "$xy" 1
		measure "DuckDB regr_slope (2 threads)" xy.csv node "$duck" "$xy" 2
	else skipped+=(duckdb); fi
else skipped+=("node/npm (DuckDB)"); fi
measure "linreg JSON array" points.json $LINREG --format csv "$dir/points.json"
measure "linreg 5 predictors (1 thread)" multi5.csv $LINREG -j 1 --format csv -x a,b,c,d,e -y y "$dir/multi5.csv"
measure "linreg 5 predictors (2 threads)" multi5.csv $LINREG -j 2 --format csv -x a,b,c,d,e -y y "$dir/multi5.csv"

# ---------------------------------------------------------------- table
base=""
for r in "${results[@]}"; do
	IFS='|' read -r label file t m <<<"$r"
	[ "$label" = "linreg (1 thread)" ] && base=$t
done
echo
echo "Machine: $(nproc) cores, $(awk '/model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo); $(date -u +%Y-%m-%d)"
echo
echo "| tool | file | median time (s) | MB/s | peak RSS (MiB) | time / linreg 1 thread |"
echo "|---|---|---|---|---|---|"
for r in "${results[@]}"; do
	IFS='|' read -r label file t m <<<"$r"
	size=$(stat -c %s "$dir/$file")
	awk -v l="$label" -v f="$file" -v t="$t" -v m="$m" -v s="$size" -v b="$base" 'BEGIN {
		printf "| %s | %s | %.3f | %.0f | %.1f | %s |\n", l, f, t, (t > 0 ? s / t / 1e6 : 0), m / 1024,
			((f == "xy.csv" && b > 0) ? sprintf("%.1fx", t / b) : "") }'
done
[ ${#skipped[@]} -gt 0 ] && echo && echo "Skipped (not installed, or BENCH_SKIP_SLOW): ${skipped[*]}"

# ---------------------------------------------------------------- targets
# Issue 4's targets, each with what this run measured (reported, never
# asserted: a benchmark is not a test).
get() { # get LABEL FIELD(3 time, 4 KiB): the value, or nothing
	local r label file t m
	for r in "${results[@]}"; do
		IFS='|' read -r label file t m <<<"$r"
		[ "$label" = "$1" ] && { [ "$2" = 3 ] && echo "$t" || echo "$m"; return; }
	done
}
target() { # target TEXT VALUE OP LIMIT UNIT
	[ -n "$2" ] || { echo "- $1: not measured"; return; }
	awk -v txt="$1" -v v="$2" -v op="$3" -v lim="$4" -v u="$5" 'BEGIN {
		ok = op == ">=" ? v >= lim : v < lim
		printf "- %s: %s%s (%s %s%s)\n", txt, (u == " MB/s" ? sprintf("%.0f", v) : sprintf("%.1f", v)), u,
			ok ? "met," : "NOT met, target", op, lim, u }'
}
ratio() { # ratio LABEL BASELABEL: time of LABEL / time of BASELABEL
	local a b
	a=$(get "$1" 3); b=$(get "$2" 3)
	[ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) print a / b }'
}
one="linreg (1 thread)"; two="linreg (2 threads)"
xysize=$(stat -c %s "$xy")
echo
echo "Targets (issue 4), this run:"
t1=$(get "$one" 3)
target "one thread, MB/s" "$([ -n "$t1" ] && awk -v s="$xysize" -v t="$t1" 'BEGIN { print s / t / 1e6 }')" ">=" 1000 " MB/s"
target "faster than mawk" "$(ratio "mawk (sums one-liner)" "$one")" ">=" 15 x
target "faster than Miller" "$(ratio "Miller stats2 linreg-ols,r2" "$one")" ">=" 15 x
target "faster than datamash" "$(ratio "datamash ppearson (r only)" "$one")" ">=" 8 x
target "faster than pandas" "$(ratio "pandas read_csv + numpy.polyfit" "$one")" ">=" 8 x
target "faster than DuckDB, one thread each" "$(ratio "DuckDB regr_slope (1 thread)" "$one")" ">=" 4 x
target "two threads over one" "$(ratio "$one" "$two")" ">=" 1.7 x
target "faster than DuckDB, two threads each" "$(ratio "DuckDB regr_slope (2 threads)" "$two")" ">=" 2 x
for l in "$one" "$two" "linreg 5 predictors (1 thread)"; do
	m=$(get "$l" 4)
	target "peak memory, $l" "$([ -n "$m" ] && awk -v m="$m" 'BEGIN { print m / 1024 }')" "<" 16 " MiB"
done
m=$(get "linreg JSON array" 4)
target "peak memory, JSON array" "$([ -n "$m" ] && awk -v m="$m" 'BEGIN { print m / 1024 }')" "<" 64 " MiB"
exit 0
