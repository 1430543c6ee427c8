#!/usr/bin/env bats
# -g/--group-by: one fit per distinct group value, in first-seen order.

load helper

many() { # many FILE: 4 series of 50 points in one table, interleaved
	awk 'BEGIN { print "site,kind,x,y"; for (i = 0; i < 200; i++) {
		s = substr("NESW", i % 4 + 1, 1); x = int(i / 4)
		printf "%s,%s,%d,%.4f\n", s, (i % 8 < 4 ? "a" : "b"), x, (i % 4 + 1) * x + 3 - i % 4 + ((i * 7919) % 100) / 100 } }' >"$1"
}

@test "each group's fit equals the fit of its rows alone" {
	many "$T/m.csv"
	run --separate-stderr linreg --json -g site -x x -y y "$T/m.csv"
	[ "$status" -eq 0 ]
	[ "$(jval '[.groups[].group.site] | join(",")')" = "N,E,S,W" ]
	[ "$(jval .rows_read)" = 200 ]
	for s in N E S W; do
		awk -F, -v s=$s 'NR == 1 || $1 == s' "$T/m.csv" >"$T/$s.csv"
		alone=$(linreg --json -x x -y y "$T/$s.csv")
		for k in slope intercept sigma r2 f_p; do
			approx "$(jval ".groups[] | select(.group.site == \"$s\") | .fit.$k")" "$(jq -r .$k <<<"$alone")" 1e-13
		done
		[ "$(jval ".groups[] | select(.group.site == \"$s\") | .fit.n")" = 50 ]
	done
}

@test "CSV: one row per group, group columns first - ready for sort and join" {
	many "$T/m.csv"
	run --separate-stderr linreg --format csv -g site,kind -x x -y y "$T/m.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "site,kind,n,df,intercept,"*",rows_skipped,rows_missing,error" ]]
	[ "${#lines[@]}" -eq 9 ]
	[[ "${lines[1]}" == "N,a,25,23,"* ]]
	[ "$(awk -F, 'NR > 1 { print NF }' <<<"$output" | sort -u)" = "$(awk -F, 'NR == 1 { print NF }' <<<"$output")" ]
}

@test "text: one block per group" {
	many "$T/m.csv"
	run --separate-stderr linreg -g 1 -x x -y y "$T/m.csv"
	[ "$status" -eq 0 ]
	[ "$(grep -c '^Group: site=' <<<"$output")" -eq 4 ]
	[[ "$output" == *"Group: site=E"$'\n'"Linear regression: y ~ x"* ]]
}

@test "a group that cannot be fitted says why; the others are reported; exit 65" {
	printf 'g,x,y\na,1,2\nb,1,5\na,2,4\nb,2,7\na,3,6.5\nc,1,1\nb,3,9.5\nd,2,1\nd,2,3\n' >"$T/g.csv"
	run --separate-stderr linreg --json -g g "$T/g.csv" -x x -y y
	[ "$status" -eq 65 ]
	[ "$(jval '.groups | length')" = 4 ]
	[ "$(jval '.groups[2].error')" = "need at least 2 data points, got 1" ]
	[ "$(jval '.groups[3].error')" = "all x values are equal" ]
	approx "$(jval '.groups[1].fit.slope')" 2.25 1e-13
	[[ "$stderr" == *"linreg: group g=c: need at least 2 data points, got 1"* ]]
	run --separate-stderr linreg --format csv -g g -x x -y y "$T/g.csv"
	[ "$status" -eq 65 ]
	[[ "${lines[3]}" == "c,"*',"need at least 2 data points, got 1"' ]]
	run --separate-stderr linreg -g g -x x -y y "$T/g.csv"
	[[ "$output" == *"Group: g=d"$'\n'"Not fitted: all x values are equal"* ]]
}

@test "groups from JSON rows; values of any JSON type; --fail-if per group" {
	echo '[{"s": "u", "x": 1, "y": 2}, {"s": 7, "x": 1, "y": 1}, {"s": "u", "x": 2, "y": 4.5},
	       {"s": 7, "x": 2, "y": 1.5}, {"s": "u", "x": 3, "y": 6}, {"s": 7, "x": 3, "y": 2.1}]' >"$T/g.json"
	run --separate-stderr linreg --json -g s "$T/g.json"
	[ "$status" -eq 0 ]
	[ "$(jval '[.groups[].group.s] | join(",")')" = "u,7" ]
	run --separate-stderr linreg --json -g s --fail-if 'slope<1' "$T/g.json"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"(in group s=7)"* ]]
}

@test "-g needs columns outside the model; memory grows with groups, not rows" {
	printf 'g,x,y\na,1,2\n' >"$T/g.csv"
	run linreg -g x -x x -y y "$T/g.csv"
	[ "$status" -eq 64 ]
	run linreg -g nosuch -x x -y y "$T/g.csv"
	[ "$status" -eq 65 ]
	skip_if_instrumented "address-space cap: plain builds only"
	skip_if_wasm "ulimit -v 16384 leaves Node no room to start"
	run sh -c 'awk "BEGIN { print \"g,x,y\"; for (i = 0; i < 3000000; i++) print i % 10 \",\" i % 1000 \",\" (i % 1000) * (i % 10) }" |
		(ulimit -v 16384; linreg --format csv -g g -x x -y y)'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 11 ]
}

@test "-g --skip-invalid: skipped rows are counted in their group, and a group of only skipped rows is reported" {
	printf 'g,x,y\na,1,2\na,2,4\na,3,7\nb,1,x\nb,2,?\nc,1,1\nc,2,abc\nc,3,3\nc,4,5\n' >"$T/g.csv"
	run --separate-stderr linreg -g g --skip-invalid -x x -y y "$T/g.csv"
	[ "$status" -eq 65 ]
	[[ "$output" == *"Group: g=a"*"(rows read 3, skipped 0)"*"Group: g=b"*"Not fitted: need at least 2 data points, got 0 (rows read 2, skipped 2)"*"Group: g=c"*"(rows read 4, skipped 1)"* ]]
	[[ "$stderr" == *"skipped 3 of 9 data rows"* ]]
	[[ "$stderr" == *"group g=b: need at least 2 data points, got 0"* ]]
	run --separate-stderr linreg -g g --skip-invalid -x x -y y --format csv "$T/g.csv"
	[ "$status" -eq 65 ]
	[ "$(printf '%s\n' "$output" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $1, $c["n"], $c["rows_read"], $c["rows_used"], $c["rows_skipped"] }' | tr '\n' ';')" = \
		"a 3 3 3 0;b  2 0 2;c 3 4 3 1;" ]
	run --separate-stderr linreg -g g --skip-invalid -x x -y y --json "$T/g.csv"
	[ "$(jval '[.groups[] | "\(.group.g):\(.rows_read // .fit.rows_read):\(.rows_skipped // .fit.rows_skipped)"] | join(",")')" = "a:3:0,b:2:2,c:4:1" ]
	[ "$(jval '.rows_skipped')" = 3 ]
	# the same from JSON rows; a row that is not an object has no group
	printf '[{"g":"a","x":1,"y":2},{"g":"a","x":2,"y":4},{"g":"a","x":3,"y":7},{"g":"b","x":1,"y":"x"},{"g":"c","x":1,"y":1},{"g":"c","x":2,"y":null},{"g":"c","x":3,"y":3},{"g":"c","x":4,"y":5},5]' >"$T/g.json"
	run --separate-stderr linreg -g g --skip-invalid --format csv "$T/g.json"
	[ "$status" -eq 65 ]
	[ "$(printf '%s\n' "$output" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $1, $c["rows_read"], $c["rows_skipped"], $c["rows_missing"] }' | tr '\n' ';')" = "a 3 0 0;b 1 1 0;c 4 0 1;" ]
	[[ "$stderr" == *"skipped 2 of 9 data rows"* ]]
}

@test "-g cannot be flooded: 65,536 keys colliding under FNV-1a cost ~2 probes a lookup" {
	# The group keys are built to collide under the unkeyed FNV-1a the
	# group table used: the table hashes a group's key as its 8-byte
	# length, then its bytes; the low 24 bits of an FNV-1a state after
	# a byte depend only on its low 24 bits before, so pairs of 4-byte
	# blocks that lead to the same low bits (a birthday search), chained
	# 16 times, give 2^16 keys whose hashes share their low 24 bits:
	# every one on the same slot (issue 13 #5: 32 s against 0.56 s for
	# random keys).  No timing: LINREG_DEBUG_GROUPS counts the slots the
	# index looks at, which a keyed hash keeps near 1.5 a lookup.
	python3 - "$T/flood.csv" <<'PY'
import random, sys
M = (1 << 64) - 1
def fnv(h, bs):
    for b in bs:
        h = ((h ^ b) * 0x100000001b3) & M
    return h
rnd = random.Random(13)
alpha = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# the old table's offset basis (a digit short of FNV's 14695981039346656037;
# any start will do: the low bits never depend on the high ones)
state = fnv(1469598103934665603, (64).to_bytes(8, "little"))
pairs = []
for level in range(16):
    seen = {}
    while True:
        blk = bytes(rnd.choice(alpha) for _ in range(4))
        low = fnv(state, blk) & 0xffffff
        if low in seen and seen[low] != blk:
            pairs.append((seen[low], blk))
            break
        seen[low] = blk
    state = fnv(state, pairs[-1][0])
with open(sys.argv[1], "w") as f:
    f.write("g,x,y\n")
    for i in range(1 << 16):
        key = b"".join(pairs[l][(i >> l) & 1] for l in range(16)).decode()
        f.write("%s,%d,%d\n" % (key, i % 7, i % 5))
PY
	[ "$(wc -l <"$T/flood.csv")" -eq 65537 ]
	run --separate-stderr env LINREG_DEBUG_GROUPS=1 linreg -j 1 --format csv -g g -x x -y y --skip-invalid "$T/flood.csv"
	# every group has one row: each fit fails, the run still ends (-j 1:
	# one table; pieces would each say their own)
	dbg=$(grep '^linreg: debug:' <<<"$stderr")
	[[ "$dbg" =~ ^linreg:\ debug:\ 65536\ groups,\ 65536\ lookups,\ ([0-9]+)\ probes$ ]]
	probes=${BASH_REMATCH[1]}
	echo "probes: $probes"
	[ "$probes" -le $((4 * 65536)) ]
}

@test "groups keep first-seen order, the same on every run (the hash key is random)" {
	awk 'BEGIN { print "g,x,y"; for (i = 0; i < 3000; i++) printf "k%d,%d,%d\n", (i * 7919) % 1000, i % 13, (i * 31) % 17 }' >"$T/many.csv"
	run --separate-stderr linreg --format csv -g g -x x -y y "$T/many.csv"
	[ "$status" -eq 0 ]
	one=$output
	run --separate-stderr linreg --format csv -g g -x x -y y "$T/many.csv"
	[ "$output" = "$one" ]
	# first-seen order: k0, k919, k838, ...
	[ "$(printf '%s\n' "$output" | awk -F, 'NR > 1 { print $1 }' | head -3 | tr '\n' ' ')" = "k0 k919 k838 " ]
}

@test "an empty -g list names -g in its message, not -x" {
	run --separate-stderr linreg -g '' "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = "linreg: -g: empty column name" ]
	run --separate-stderr linreg -g 'a,,b' "$EX/height-weight.csv"
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = "linreg: -g: empty column name" ]
}

@test "many groups of several predictors keep no block-kernel scratch between batches" {
	skip_if_wasm "ulimit -v leaves Node no room to start"
	skip_if_instrumented "address-space cap: plain builds only"
	# 30000 groups, each a run of 12 rows (long enough for the block
	# kernel): some 14 KB of scratch a fit, 400 MB if each kept its own
	awk 'BEGIN { srand(3); print "g,a,b,y"; for (g = 0; g < 30000; g++) for (i = 0; i < 12; i++) {
		a = rand(); b = rand(); printf "k%d,%.4f,%.4f,%.4f\n", g, a, b, a - b + rand() } }' >"$T/manyg.csv"
	run --separate-stderr bash -c 'ulimit -v 200000 && exec linreg -j 1 --format csv -g g -x a,b -y y "$1"' _ "$T/manyg.csv"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 30001 ]
}
