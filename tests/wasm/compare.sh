#!/bin/bash
# compare.sh - the native ./linreg and linreg.wasm (under Node's WASI)
# give the same bytes: standard output, standard error, exit status and
# the files written, for each invocation below.  TAP output.
#
# Left out on purpose: usage errors that getopt_long words (musl's
# getopt in wasi-libc says "unrecognized option: x" where glibc says
# "unrecognized option '--x'"); a closed pipe (no SIGPIPE in WASI).
set -u
cd "$(dirname "$0")/../.." || exit 1
TOP=$PWD
SHARED=${LINREG_SHARED:-$TOP/../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0

# The inputs, the same in both working directories.
mkdir -p "$T/in"
cp examples/height-weight.csv tests/data/mtcars.csv "$SHARED"/data/nist/*.csv \
	"$SHARED"/data/seed/iris-request.json "$T/in/"
awk 'BEGIN { print "t,y"; for (i = 0; i < 150000; i++)
	printf "%d,%.4f\n", 1700000000 + 60 * i, 3 + 0.002 * i + (i % 13) / 7 }' \
	>"$T/in/big.csv" # 3.4 MB: -j 2 reads it in two pieces
# short decimals, negative too: native x86-64 reads them 32 bytes at a
# time (the lane's learnt shapes) and sums them with AVX2 where it can
awk 'BEGIN { print "x,y"; for (i = 0; i < 150000; i++)
	printf "%.3f,%.6f\n", i * 0.001 - 20, 3 - 0.5 * i * 0.001 + (i % 13) / 7 }' \
	>"$T/in/dec.csv"
printf 'x,y\n1,2\n2,abc\n' >"$T/in/bad.csv"
printf 'x,y\n1,2\n' >"$T/in/one.csv"
printf 'x,y\n3,2\n3,5\n3,7\n' >"$T/in/flat.csv"
printf 'a,b,y\n1,2,3\n2,4,5\n3,6,8\n4,8,8\n' >"$T/in/collinear.csv"
printf '{"x": 1, "y": 2.5}\n{"x": 2, "y": 4.5}\n{"x": 4, "y": 8.25}\n' \
	>"$T/in/p.ndjson"
printf 'x\ty\n1\t2\n2\t4.5\n3\t5.5\n' >"$T/in/t.tsv"
printf '1 2\n2   4\n3 6.5\n 4 8\n' >"$T/in/w.txt"
printf 'x,y\n1,2\n2,4\n3,5\n4,9\n5,10\n6,11\n7,15\n' >"$T/in/seven.csv"

# check STDIN ARG...: run both from a copy of the inputs (STDIN a file
# there, or /dev/null) and compare.
check() {
	local in=$1 b what
	shift
	n=$((n + 1))
	what="linreg $*"
	[ "$in" = /dev/null ] || what="$what < $in"
	for b in native wasm; do
		rm -rf "$T/$b"
		cp -r "$T/in" "$T/$b"
		local exe=$TOP/linreg
		[ $b = wasm ] && exe=$TOP/build/wasm/bin/linreg
		(cd "$T/$b" && LC_ALL=C "$exe" "$@" <"$in" >"$T/$b.out" \
			2>"$T/$b.err"; echo "exit $?" >>"$T/$b.err")
	done
	if cmp -s "$T/native.out" "$T/wasm.out" &&
		cmp -s "$T/native.err" "$T/wasm.err" &&
		diff -r "$T/native" "$T/wasm" >/dev/null; then
		echo "ok $n - wasm = native: $what"
	else
		echo "not ok $n - wasm = native: $what"
		{ diff "$T/native.out" "$T/wasm.out"
		  diff "$T/native.err" "$T/wasm.err"
		  diff -r "$T/native" "$T/wasm"; } | head -n 20 | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

N=/dev/null
check $N height-weight.csv
check $N --json height-weight.csv
check $N --format csv height-weight.csv
check $N --format tsv --precision 4 height-weight.csv
check $N --format state height-weight.csv
check $N -x height -y weight --predict 65,80 --level 0.9 height-weight.csv
check $N --json --predict 60 --fitted height-weight.csv
check $N -y mpg -x wt,hp --predict '3,150;2.5,100' mtcars.csv
check $N --json -y mpg -x wt,hp,qsec mtcars.csv
check $N --json -y mpg -x wt --degree 3 --predict 2.5 mtcars.csv
check $N --json -y mpg -x wt --weights qsec --origin mtcars.csv
check $N --format csv -g cyl,am -x wt -y mpg mtcars.csv
check $N --json -g gear -x hp -y mpg mtcars.csv
check $N --fitted --format csv -x wt -y mpg mtcars.csv
check $N --fail-if 'r2<0.999' --fail-if 'p:height>0.01' height-weight.csv
check $N --json Norris.csv
check $N --json --degree 2 Pontius.csv
check $N --json --degree 5 Wampler1.csv
check $N --json -x x1,x2,x3,x4,x5,x6 -y y Longley.csv
check $N --json iris-request.json
check $N --format csv p.ndjson
check $N t.tsv
check $N --whitespace --no-header --format csv w.txt
check height-weight.csv --format csv
check p.ndjson --input-format ndjson --json -
check seven.csv --every 3 --format csv
check $N --json -j 1 big.csv
check $N --json -j 2 big.csv
check $N --format state -j 1 dec.csv
check $N --format state -j 1 -x y -y x dec.csv
check $N --format csv -o out.csv height-weight.csv
check $N --format state -o a.state height-weight.csv
check $N bad.csv
check $N --skip-invalid --json bad.csv
check $N one.csv
check $N flat.csv
check $N -x a,b -y y collinear.csv
check $N -x nosuch height-weight.csv
check $N nosuch.csv
check $N --level 2 height-weight.csv
check $N --help
check $N --version
check $N --completion bash
check $N --completion zsh
check $N --completion fish

# A merge of partial fits, the states made by each build itself.
n=$((n + 1))
for b in native wasm; do
	exe=$TOP/linreg
	[ $b = wasm ] && exe=$TOP/build/wasm/bin/linreg
	(cd "$T/in" && head -n 9 height-weight.csv | "$exe" --format state >"$T/$b.1" &&
		{ head -n 1 height-weight.csv; tail -n +10 height-weight.csv; } |
		"$exe" --format state >"$T/$b.2" &&
		cat "$T/$b.1" "$T/$b.2" | "$exe" merge --json >"$T/$b.m" 2>&1)
done
if cmp -s "$T/native.1" "$T/wasm.1" && cmp -s "$T/native.2" "$T/wasm.2" &&
	cmp -s "$T/native.m" "$T/wasm.m" && [ -s "$T/native.m" ]; then
	echo "ok $n - wasm = native: partial fits and linreg merge"
else
	echo "not ok $n - wasm = native: partial fits and linreg merge"
	failed=$((failed + 1))
fi

echo "1..$n"
[ "$failed" -eq 0 ]
