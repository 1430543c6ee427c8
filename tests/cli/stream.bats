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
