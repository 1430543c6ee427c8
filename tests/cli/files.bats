#!/usr/bin/env bats
# Files that are not plain: inputs --fitted reads twice (pipes, named
# pipes, /dev/stdin, a file that changes), outputs that are descriptors,
# links, read-only or long-named files, closed standard descriptors,
# and what a signal leaves behind (nothing).
#
# Every process started in the background is in $PIDS and killed by
# teardown; every wait for one is bounded.

load helper

teardown() {
	local p
	for p in ${PIDS:-}; do
		kill -9 "$p" 2>/dev/null || true
	done
	kill_leftovers
	rm -rf "$T"
}

# bg CMD...: run CMD in the background (without bats' descriptor 3,
# which bats would wait for), its pid in $PID (and $PIDS).
bg() {
	"$@" 3>&- &
	PID=$!
	PIDS="${PIDS:-} $PID"
}

# reap PID: wait at most 20 s for PID to end; its status in $status.
reap() {
	local i
	for i in $(seq 200); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1"
		echo "pid $1 did not end" >&2
		return 1
	fi
	status=0
	wait "$1" || status=$?
}

# until_true SECONDS CMD...: poll CMD every 10 ms until it holds.
until_true() {
	local n=$(($1 * 100))
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || { echo "timed out: $*" >&2; return 1; }
		sleep 0.01
	done
}

# has_tmp DIR: -o's temporary file is in DIR (FILE.tmp.XXXXXX before
# issue 13).
has_tmp() {
	compgen -G "$1/.linreg.*" >/dev/null || compgen -G "$1/*.tmp.*" >/dev/null
}

# tmp_or_done DIR: -o's temporary file or the finished report is in DIR.
tmp_or_done() {
	has_tmp "$1" || test -e "$1/fit.csv"
}

DATA='x,y\n1,2\n2,4.5\n3,5\n'
FIRST='1,2,2.3333333333333335,-0.3333333333333335,-1.0000000000000004,0.8333333333333334'

# fitted_ok: $output is the three rows of $DATA with their fit.
fitted_ok() {
	[ "$status" -eq 0 ] || { echo "status $status: $output" >&2; return 1; }
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[0]}" = "x,y,fit,residual,std_residual,leverage" ]
	[ "${lines[1]}" = "$FIRST" ]
	[[ "${lines[3]}" == "3,5,5.333333333333333,"* ]]
}

# --- --fitted: inputs that cannot be read twice ----------------------

@test "--fitted reads <(...) once, from a copy" {
	skip_if_wasm "only descriptors 0, 1 and 2 are passed in"
	run timeout 10 bash -c "linreg --fitted <(printf '$DATA')"
	fitted_ok
}

@test "--fitted /dev/stdin from a pipe" {
	skip_if_wasm "only descriptors 0, 1 and 2 are passed in"
	run timeout 10 bash -c "printf '$DATA' | linreg --fitted /dev/stdin"
	fitted_ok
}

@test "--fitted on a named pipe: copied, not opened twice" {
	mkfifo "$T/in"
	bg sh -c 'printf "$1" >"$2"' sh "$DATA" "$T/in"
	run timeout 10 linreg --fitted "$T/in"
	fitted_ok
	reap "$PID"
}

@test "--fitted on standard input that is a file reads it twice from where it stood" {
	printf 'skipped line\n1,2\n2,4.5\n3,5\n' >"$T/d.csv"
	run bash -c '{ read -r _; linreg --fitted --no-header; } <"$1"' sh "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$FIRST" ]
}

@test "--fitted: a file changed between the two readings is an error, not wrong rows" {
	# a.csv is read whole before linreg opens the named pipe (the
	# writer's open returns then); it is changed while linreg waits
	# for the rest of the pipe, before the second reading.
	printf "$DATA" >"$T/a.csv"
	mkfifo "$T/in"
	bg linreg --fitted "$T/a.csv" "$T/in"
	local lr=$PID
	run timeout 10 sh -c 'exec 3>"$1"; printf "4,7\n" >>"$2"; printf "x,y\n5,9\n" >&3' sh "$T/in" "$T/a.csv"
	[ "$status" -eq 0 ]
	reap "$lr"
	[ "$status" -eq 66 ]
}

@test "--fitted: a file changed between the readings is named in the message" {
	printf "$DATA" >"$T/a.csv"
	mkfifo "$T/in"
	bg linreg --fitted "$T/a.csv" "$T/in" >"$T/out" 2>"$T/err"
	local lr=$PID
	# same size, same rows: only the time of the change tells
	run timeout 10 sh -c 'exec 3>"$1"; sleep 0.02; printf "x,y\n1,2\n2,4.5\n3,6\n" >"$2"; printf "x,y\n5,9\n" >&3' sh "$T/in" "$T/a.csv"
	reap "$lr"
	[ "$status" -eq 66 ]
	grep -q "a.csv: the file changed between the two readings of --fitted" "$T/err"
}

# --- --fitted, and what a signal leaves behind -----------------------

@test "... | linreg --fitted | head -2 leaves nothing in TMPDIR" {
	skip_if_wasm "no SIGPIPE in WASI"
	mkdir "$T/tmp"
	run timeout 60 bash -c 'set -o pipefail
		awk "BEGIN { print \"x,y\"; for (i = 0; i < 100000; i++) print i \",\" 2 * i + i % 7 }" |
		TMPDIR="$1" linreg --fitted | head -2
		echo "status ${PIPESTATUS[1]}"' sh "$T/tmp"
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[2]}" = "status 141" ]
	[ -z "$(ls -A "$T/tmp")" ]
}

@test "SIGTERM while standard input is being copied: nothing left, status 143" {
	skip_if_wasm "no signals in WASI"
	mkdir "$T/tmp"
	mkfifo "$T/in"
	awk 'BEGIN { print "x,y"; for (i = 0; i < 200000; i++) print i "," 2 * i }' >"$T/big.csv"
	# The writer holds the pipe open after 3 MB: linreg is copying it.
	bg sh -c 'exec >"$3"; cat "$1"; touch "$2"; exec sleep 30' sh \
	    "$T/big.csv" "$T/written" "$T/in"
	bg env TMPDIR="$T/tmp" sh -c 'exec linreg --fitted <"$1" >/dev/null' \
	    sh "$T/in"
	local lr=$PID
	until_true 10 test -e "$T/written"
	kill -TERM "$lr"
	reap "$lr"
	[ "$status" -eq 143 ]
	[ -z "$(ls -A "$T/tmp")" ]
}

@test "SIGTERM, SIGINT, SIGHUP while -o is written: no temporary file left" {
	skip_if_wasm "no signals in WASI"
	local sig want rows try
	for sig in TERM INT HUP; do
		# A linreg that ended before the signal came (status 0: the
		# machine was faster than the poll) is tried again on ten times
		# the rows, so the test does not depend on the machine's speed.
		rows=300000
		for try in 1 2 3; do
			awk -v n=$rows 'BEGIN { print "x,y"; for (i = 0; i < n; i++) print i "," 2 * i + i % 7 }' >"$T/big.csv"
			rm -rf "$T/o"
			mkdir "$T/o"
			# a background job of a script starts with SIGINT ignored
			bg env --default-signal=INT linreg --fitted -o "$T/o/fit.csv" \
			    "$T/big.csv"
			local lr=$PID
			# the temporary file appears when the second reading starts
			# (or the report, if linreg was done before the poll saw it)
			until_true 60 tmp_or_done "$T/o"
			kill -"$sig" "$lr" 2>/dev/null || true
			reap "$lr"
			[ "$status" -eq 0 ] || break
			rows=$((rows * 10))
		done
		want=$((128 + $(kill -l "$sig")))
		[ "$status" -eq "$want" ] || { echo "$sig: status $status" >&2; return 1; }
		[ -z "$(ls -A "$T/o")" ] || { ls -A "$T/o" >&2; return 1; }
	done
}

# --- standard input closed, a directory, or wanted twice --------------

@test "--fitted with standard input a directory, or closed: 66, naming it" {
	run --separate-stderr bash -c 'linreg --fitted <"$1"' sh "$T"
	[ "$status" -eq 66 ]
	[ "$stderr" = "linreg: <stdin>: Is a directory" ]
	skip_if_wasm "Node opens /dev/null for a closed descriptor"
	run --separate-stderr bash -c 'linreg --fitted <&-'
	[ "$status" -eq 66 ]
	[ "$stderr" = "linreg: <stdin>: Bad file descriptor" ]
	run --separate-stderr bash -c 'linreg <&-'
	[ "$status" -eq 66 ]
}

@test "a closed standard error does not take a file's place" {
	skip_if_wasm "no /dev/null in WASI"
	# valgrind itself does not start (127) with its standard error closed
	[ -z "${LINREG_SLOW:-}" ] || skip "valgrind needs standard error"
	# group b cannot be fitted: its message is written while -o's
	# temporary file is open, which took descriptor 2
	printf 'g,x,y\na,1,2\na,2,4.5\na,3,5\nb,1,1\n' >"$T/g.csv"
	run bash -c 'linreg -g g -x x -y y -o "$1/fit.txt" "$2" 2>&-' sh "$T" "$T/g.csv"
	[ "$status" -eq 65 ]
	grep -q "^Group: g=b" "$T/fit.txt"
	run grep -c "linreg:" "$T/fit.txt"
	[ "$output" = 0 ]
}

@test "--predict-file - with the data on standard input too is a usage error" {
	run --separate-stderr bash -c "printf '$DATA' | linreg --predict-file -"
	[ "$status" -eq 64 ]
	[[ "$stderr" == "linreg: --predict-file -: standard input would be read for both the predictions and the data"* ]]
	run --separate-stderr bash -c "printf '$DATA' | linreg --predict-file - -"
	[ "$status" -eq 64 ]
	run --separate-stderr bash -c "printf '2.5\n' | linreg --json --predict-file - '$EX/height-weight.csv'"
	[ "$status" -eq 0 ]
}

# --- -o: descriptors, links, modes, names -----------------------------

@test "-o /dev/stdout, /dev/fd/N, /proc/self/fd/N write where the shell's descriptor stands" {
	skip_if_wasm "no /dev/fd in WASI"
	printf 'old\n' >"$T/log"
	linreg --format csv -o /dev/stdout "$EX/height-weight.csv" >>"$T/log"
	[ "$(head -1 "$T/log")" = old ]
	[ "$(wc -l <"$T/log")" -eq 3 ]
	linreg --format csv -o /dev/fd/3 "$EX/height-weight.csv" 3>>"$T/log"
	[ "$(wc -l <"$T/log")" -eq 5 ]
	if [ -d /proc/self/fd ]; then
		linreg --format csv -o /proc/self/fd/1 "$EX/height-weight.csv" >>"$T/log"
		[ "$(wc -l <"$T/log")" -eq 7 ]
	fi
	linreg --format csv -o /dev/stderr "$EX/height-weight.csv" 2>>"$T/log"
	[ "$(wc -l <"$T/log")" -eq 9 ]
	# a link to /dev/stdout is /dev/stdout
	ln -s /dev/stdout "$T/out"
	linreg --format csv -o "$T/out" "$EX/height-weight.csv" >>"$T/log"
	[ "$(wc -l <"$T/log")" -eq 11 ]
	[ "$(head -1 "$T/log")" = old ]
	[ -L "$T/out" ]
	# > truncated the file: written from its start
	linreg --format csv -o /dev/stdout "$EX/height-weight.csv" >"$T/log"
	[ "$(wc -l <"$T/log")" -eq 2 ]
	# a descriptor that is not open
	run --separate-stderr linreg -o /dev/fd/9 "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
	[ "$stderr" = "linreg: /dev/fd/9: Bad file descriptor" ]
	# one open for reading only
	run --separate-stderr bash -c 'linreg -o /dev/fd/3 "$1" 3<"$1"' sh "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
	[ "$stderr" = "linreg: /dev/fd/3: Bad file descriptor" ]
}

@test "-o over a read-only file is refused (even for root), the file unchanged" {
	skip_if_wasm "no file modes in WASI"
	echo old >"$T/fit.txt"
	chmod 444 "$T/fit.txt"
	run --separate-stderr linreg -o "$T/fit.txt" "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
	[ "$stderr" = "linreg: $T/fit.txt: Permission denied: linreg does not replace a read-only file" ]
	[ "$(cat "$T/fit.txt")" = old ]
	[ "$(ls -A "$T")" = fit.txt ]
}

@test "-o through a dangling symlink creates its target; the link stays" {
	skip_if_wasm "WASI: links are not followed"
	ln -s target.txt "$T/link.txt"
	run linreg -o "$T/link.txt" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ -L "$T/link.txt" ]
	grep -q "^height" "$T/target.txt"
	# a chain of links, relative to each link's directory
	mkdir "$T/d"
	ln -s ../link.txt "$T/d/l2"
	rm "$T/target.txt"
	run linreg --json -o "$T/d/l2" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$(jq .slope "$T/target.txt")" = 3.45 ]
	# a loop is an error
	ln -s loop2 "$T/loop1"
	ln -s loop1 "$T/loop2"
	run linreg -o "$T/loop1" "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
}

@test "-o over a file with hard links rewrites it in place: the links stay one file" {
	skip_if_wasm "no hard links in WASI"
	echo old >"$T/a.txt"
	ln "$T/a.txt" "$T/b.txt"
	chmod 640 "$T/a.txt"
	run linreg -o "$T/a.txt" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	grep -q "^height" "$T/b.txt"
	[ "$(stat -c %h "$T/a.txt")" -eq 2 ]
	[ "$(stat -c %a "$T/a.txt")" = 640 ]
	# shorter than before: no old bytes left at the end
	run linreg --format csv -o "$T/a.txt" "$EX/height-weight.csv"
	[ "$(wc -l <"$T/b.txt")" -eq 2 ]
	# a failed run leaves it alone
	printf 'x,y\n1,a\n' >"$T/bad.csv"
	run linreg -o "$T/a.txt" "$T/bad.csv"
	[ "$status" -eq 65 ]
	[ "$(wc -l <"$T/b.txt")" -eq 2 ]
	[ "$(ls -A "$T" | wc -l)" -eq 3 ]
}

@test "-o FILE with a 250-byte name (NAME_MAX is 255)" {
	local name
	name=$(printf 'a%.0s' $(seq 250))
	run linreg -o "$T/$name" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	grep -q "^height" "$T/$name"
	[ "$(ls -A "$T" | wc -l)" -eq 1 ]
}

@test "-o with an empty name is a usage error" {
	run --separate-stderr linreg -o '' "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = "linreg: -o: expected a file name ('-': standard output)" ]
	[ -z "$(ls -A "$T")" ]
}
