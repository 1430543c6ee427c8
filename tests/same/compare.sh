#!/bin/sh
# compare.sh - run every command line of the behaviour corpus with two
# linreg binaries and report each difference in standard output,
# standard error or exit status.
#
#   sh tests/same/compare.sh OLD_BINARY NEW_BINARY [COMMANDS_FILE]
#   make same OLD=/path/to/old/linreg        (NEW is ./linreg)
#
# The corpus (commands.txt) is one shell command line per line, `#`
# starting a comment line; each line runs with `sh -c` in a fresh
# directory holding the fixtures (fixtures.sh), with $LINREG naming the
# binary under test, which is also first on PATH as `linreg`.  Both
# binaries run from the same path (a symlink switched between them) in
# the same directory, so file names in messages compare equal.  Every
# command runs under `timeout 20`, with standard input /dev/null unless
# the line redirects it, LC_ALL=C, COLUMNS unset and standard error not
# a terminal (no progress).
#
# Ends with "N same, N different"; exits 1 when any line differs, 2 on
# a usage or set-up error.  The fixtures come from this tree
# (tests/data, examples, tests/fuzz/crashes: the current directory when
# it has them, else the tree this script is in, or LINREG_TOP) and the
# reference data in ../shared (or LINREG_SHARED).
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: sh compare.sh OLD_BINARY NEW_BINARY [COMMANDS_FILE]" >&2
	exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
abs() {
	case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac
}
OLD=$(abs "$1")
NEW=$(abs "$2")
CMDS=$(abs "${3:-$HERE/commands.txt}")
for b in "$OLD" "$NEW"; do
	[ -x "$b" ] && [ -f "$b" ] || { echo "compare.sh: $b: not an executable file" >&2; exit 2; }
done
[ -r "$CMDS" ] || { echo "compare.sh: $CMDS: cannot read" >&2; exit 2; }

if [ -n "${LINREG_TOP:-}" ]; then
	TOP=$(cd "$LINREG_TOP" && pwd)
elif [ -f "$PWD/tests/data/mtcars.csv" ]; then
	TOP=$PWD
else
	TOP=$(cd "$HERE/../.." && pwd)
fi
SHARED=${LINREG_SHARED:-$TOP/../shared}
for f in "$TOP/tests/data/mtcars.csv" "$TOP/examples/height-weight.csv" \
    "$SHARED/data/nist/Norris.csv" "$SHARED/data/seed/iris-request.json"; do
	if [ ! -f "$f" ]; then
		echo "compare.sh: missing fixture $f" >&2
		echo "  (run from the top of a linreg tree, or set LINREG_TOP; set LINREG_SHARED to the directory holding data/nist)" >&2
		exit 2
	fi
done
export TOP SHARED

W=$(mktemp -d "${TMPDIR:-/tmp}/linreg-same.XXXXXX") || exit 2
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
trap 'exit 130' INT TERM HUP

export LC_ALL=C
unset COLUMNS LINES LINREG_LANE LINREG_DEBUG_GROUPS LANG LANGUAGE 2>/dev/null
mkdir "$W/fix" "$W/bin" "$W/old" "$W/new" "$W/tmp"
(cd "$W/fix" && . "$HERE/fixtures.sh") || { echo "compare.sh: fixture set-up failed" >&2; exit 2; }
chmod -R u+w "$W/fix"
export TMPDIR="$W/tmp"
export LINREG="$W/bin/linreg"
PATH="$W/bin:$PATH"
export PATH

# run BINARY LINE OUTDIR: the line's stdout, stderr and status in OUTDIR
run() {
	ln -sf "$1" "$W/bin/linreg"
	chmod -R u+w "$W/run" 2>/dev/null
	rm -rf "$W/run" "$W/tmp"
	mkdir "$W/tmp"
	cp -R "$W/fix" "$W/run"
	(cd "$W/run" && timeout 20 sh -c "$2" >"$3/out" 2>"$3/err" </dev/null)
	echo $? >"$3/rc"
}

# show WHAT OLDFILE NEWFILE: a short diff
show() {
	echo "  $1:"
	diff "$2" "$3" | head -n 12 | sed 's/^/    /'
}

same=0
different=0
n=0
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	case $line in '' | '#'*) continue ;; esac
	run "$OLD" "$line" "$W/old"
	run "$NEW" "$line" "$W/new"
	if cmp -s "$W/old/out" "$W/new/out" && cmp -s "$W/old/err" "$W/new/err" &&
		cmp -s "$W/old/rc" "$W/new/rc"; then
		same=$((same + 1))
	else
		different=$((different + 1))
		echo "DIFFERENT line $n: $line"
		cmp -s "$W/old/rc" "$W/new/rc" ||
			echo "  exit status: $(cat "$W/old/rc") -> $(cat "$W/new/rc")"
		cmp -s "$W/old/out" "$W/new/out" || show stdout "$W/old/out" "$W/new/out"
		cmp -s "$W/old/err" "$W/new/err" || show stderr "$W/old/err" "$W/new/err"
	fi
done <"$CMDS"

echo "$same same, $different different"
[ "$different" -eq 0 ]
