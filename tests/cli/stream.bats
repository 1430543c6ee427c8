#!/usr/bin/env bats
# --every N: updated fits while the data still comes in.

load helper

# wait_lines FILE N: until FILE has N lines (5 s at most)
wait_lines() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.05
	done
	echo "only $(wc -l <"$1") lines of $2 in $1" >&2
	return 1
}

@test "--every N prints a fit after every N rows, before the input ends" {
	mkfifo "$T/in"
	linreg --no-header --every 2 --format csv <"$T/in" >"$T/out" &
	pid=$!
	exec 7>"$T/in"
	printf '1,2\n2,4.5\n' >&7
	wait_lines "$T/out" 2          # the header and the first update
	printf '3,7\n4,8.2\n' >&7
	wait_lines "$T/out" 3
	exec 7>&-
	wait $pid
	[ "$(wc -l <"$T/out")" -eq 4 ]  # and the final fit, no second header
	[ "$(awk -F, 'NR > 1 { print $1 }' "$T/out" | tr '\n' ' ')" = "2 4 4 " ]
	[ "$(awk -F, 'NR == 2 { print $9 }' "$T/out")" = 2.5 ]
}

@test "--every in text and JSON; too few rows yet print nothing" {
	run --separate-stderr sh -c "seq 1 7 | awk '{ print \$1 \",\" 2 * \$1 + \$1 % 3 }' | linreg --no-header --every 1 --json"
	[ "$status" -eq 0 ]
	# rows 1: too few (nothing); 2..7: updates; then the final fit
	[ "$(jq -s length <<<"$output")" -eq 7 ]
	[ "$(jq -s '.[0].n' <<<"$output")" -eq 2 ]
	[ "$(jq -s '.[-1].n' <<<"$output")" -eq 7 ]
	run --separate-stderr sh -c "seq 1 6 | awk '{ print \$1 \",\" 2 * \$1 }' | linreg --no-header --every 3"
	[ "$(grep -c '^Linear regression' <<<"$output")" -eq 3 ]
}

@test "--every does not combine with -o, --format state or merge" {
	run linreg --every 5 -o "$T/x" "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	run linreg --every 5 --format state "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	run linreg --every 0 "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
}

@test "--progress reports bytes, rows and time on standard error; --no-progress is silent" {
	run --separate-stderr linreg --json --progress "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" =~ ^linreg:\ read\ 0\.0\ MB,\ 15\ rows\ in\ [0-9.]+\ s$ ]]
	[ "$(jval .n)" = 15 ]
	run --separate-stderr linreg --json --no-progress "$EX/height-weight.csv"
	[ -z "$stderr" ]
	# not a terminal, no option: quiet
	run --separate-stderr linreg --json "$EX/height-weight.csv"
	[ -z "$stderr" ]
}

@test "--progress on a long input shows the rate and the time left" {
	skip_if_instrumented "timing: plain builds only"
	awk 'BEGIN { for (i = 0; i < 6000000; i++) printf "%d,%.3f\n", i, 2 * i + i % 7 / 10 }' >"$T/big.csv"
	run --separate-stderr linreg -j 1 --no-header --progress --format csv "$T/big.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"linreg: read "*" MB, 6000000 rows in "* ]]
	# a reading of more than a second has at least one update line
	el=$(sed -n 's/.* rows in \([0-9.]*\) s$/\1/p' <<<"$stderr")
	if awk -v e="$el" 'BEGIN { exit !(e > 1.3) }'; then
		[[ "$stderr" == *" MB of "*" MB ("*"%), "*" rows, "*" MB/s, about "*" s left"* ]]
	fi
}

@test "--progress's last line counts JSON, NDJSON and -j input: the bytes and the time read" {
	# JSON and -j used to say "read 0.0 MB ... in 0.00 s"
	awk 'BEGIN { printf "["; for (i = 0; i < 400000; i++) printf "%s[%d,%d]", i ? ",\n" : "", i, 2 * i + i % 3; print "]" }' >"$T/big.json"
	tr -d '[]' <"$T/big.json" | sed 's/,$//; s/^/[/; s/$/]/' >"$T/big.ndjson"
	awk 'BEGIN { print "x,y"; for (i = 0; i < 2000000; i++) print i "," 2 * i + i % 3 }' >"$T/big.csv"
	for args in "$T/big.json" "$T/big.ndjson" "-j 2 $T/big.csv"; do
		f=${args##* }
		want=$(wc -c <"$f" | awk '{ printf "%.1f", $1 / 1e6 }')
		run --separate-stderr linreg --json --progress $args
		[ "$status" -eq 0 ]
		[[ "$stderr" =~ linreg:\ read\ ([0-9.]+)\ MB,\ ([0-9]+)\ rows\ in\ ([0-9.]+)\ s ]] || { echo "$args: $stderr"; return 1; }
		[ "${BASH_REMATCH[1]}" = "$want" ] || { echo "$args: ${BASH_REMATCH[1]} MB, want $want"; return 1; }
		[ "${BASH_REMATCH[2]}" = "$(jval .rows_read)" ]
		[ "${BASH_REMATCH[3]}" != 0.00 ] || { echo "$args: $stderr"; return 1; }
	done
}
