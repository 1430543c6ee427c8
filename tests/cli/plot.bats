#!/usr/bin/env bats
# --plot (the terminal) and --svg (a file): pictures of a fit with one
# predictor, from a bounded sample of the rows.  The rendering of the SVG
# by a browser is checked in svg_render.bats.

load helper

small() { # the tiny data set of the golden pictures
	printf 'x,y\n0,1\n1,3\n2,2\n3,5\n4,4\n' >"$1"
}

big() { # big FILE [ROWS]: y = 3 + 2x + noise; one outlier y = 1e6 at row 123457
	awk -v n="${2:-200000}" 'BEGIN { print "x,y"; for (i = 1; i <= n; i++)
		printf "%d,%.3f\n", i % 1000, (i == 123457 ? 1e6 : 3 + 2 * (i % 1000) + (i * 7919) % 101 / 10) }' >"$1"
}

# pycheck SCRIPT ARGS...: run a Python check (skip without Python 3).
pycheck() {
	command -v python3 >/dev/null || skip "python3 is not installed"
	python3 -c "$@"
}

@test "--plot --ascii: the golden picture of a tiny data set, after the unchanged report" {
	small "$T/s.csv"
	run --separate-stderr linreg --plot=30x10 --ascii "$T/s.csv"
	[ "$status" -eq 0 ]
	want=$(cat <<'EOF'
y
5 +                    *     .
  |                     .....*
  |                .....
  |      *    .....
  |      .....
  | .....       *
1 +*
  +---------------------------
   0            x            4
EOF
)
	[ "$(printf '%s\n' "$output" | tail -n 11)" = "$(printf '\n%s' "$want")" ]
	# The report before it is the report without --plot, then a blank line.
	report=$(linreg "$T/s.csv")
	[ "${output:0:${#report}}" = "$report" ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq $(($(printf '%s\n' "$report" | wc -l) + 11)) ]
}

@test "--plot: braille dots in the plot area, the width of COLUMNS, 24 lines" {
	small "$T/s.csv"
	COLUMNS=50 run --separate-stderr linreg --plot "$T/s.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | tail -n 24 >"$T/p.txt"
	pycheck '
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
assert len(lines) == 24, len(lines)
assert lines[0] == "y", lines[0]
rows = lines[1:-2]
assert all(len(l) <= 50 for l in lines), [len(l) for l in lines]
assert len(lines[-2]) == 50, lines[-2]           # the x axis spans the width
assert set(lines[-2].strip()) == set("\u2514\u2500"), lines[-2]
dots = 0
for l in rows:
    axis = l.index("\u2502") if "\u2502" in l else l.index("\u2524")
    for ch in l[axis + 1:]:
        assert ch == " " or 0x2801 <= ord(ch) <= 0x28ff, repr(ch)
        dots += ch != " "
assert dots > 20, dots
' "$T/p.txt"
	# Another width; a COLUMNS that is not a number is ignored (80).
	COLUMNS=120 run --separate-stderr linreg --plot "$T/s.csv"
	[ "$(printf '%s\n' "$output" | tail -n 2 | head -n 1 | LC_ALL=C.UTF-8 wc -m)" -eq 121 ]
	COLUMNS=wide run --separate-stderr linreg --plot "$T/s.csv"
	[ "$(printf '%s\n' "$output" | tail -n 2 | head -n 1 | LC_ALL=C.UTF-8 wc -m)" -eq 81 ]
	COLUMNS=50 run --separate-stderr linreg --plot=40x12 "$T/s.csv"
	[ "$(printf '%s\n' "$output" | tail -n 2 | head -n 1 | LC_ALL=C.UTF-8 wc -m)" -eq 41 ]
}

@test "--plot --ascii is plain ASCII, even with UTF-8 and control characters in names" {
	printf '\xc3\xa9t\xc3\xa9,t\x1b[31m\n1,2\n2,4.5\n3,6\n' >"$T/u.csv"
	run --separate-stderr linreg --plot=40x10 --ascii -x 1 -y 2 "$T/u.csv"
	[ "$status" -eq 0 ]
	! printf '%s' "$output" | tail -n 10 | LC_ALL=C grep -q '[^ -~]'
	[[ "$output" == *$'\nt?[31m\n'* ]]
	[[ "$output" == *" ?t? "* ]]
	# Braille keeps valid UTF-8 names, but not escape characters.
	run --separate-stderr linreg --plot=40x10 -x 1 -y 2 "$T/u.csv"
	! printf '%s' "$output" | grep -q $'\x1b'
	[[ "$output" == *" été "* ]]
}

@test "--plot goes with the report to -o FILE" {
	small "$T/s.csv"
	run --separate-stderr linreg --plot=30x10 --ascii -o "$T/out.txt" "$T/s.csv"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(tail -n 1 "$T/out.txt")" = "   0            x            4" ]
}

@test "--svg: well-formed SVG 1.1 with the parts the man page lists; the fit is unchanged" {
	run --separate-stderr linreg --json --svg "$T/hw.svg" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(linreg --json "$EX/height-weight.csv")" ]
	pycheck '
import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
svg = d.documentElement
assert svg.tagName == "svg" and svg.getAttribute("version") == "1.1"
assert svg.getAttribute("viewBox") == "0 0 640 480"
assert svg.getAttribute("xmlns") == "http://www.w3.org/2000/svg"
assert len(d.getElementsByTagName("circle")) == 15
cls = [e.getAttribute("class") for e in d.getElementsByTagName("*")]
for c in ("axes", "band", "points", "fit", "x-label", "y-label", "caption"):
    assert c in cls, c
text = [t.firstChild.data for t in d.getElementsByTagName("text")]
assert "Linear regression: weight ~ height" in text
assert "height" in text and "weight" in text
for tick in ("55", "60", "65", "70", "75", "110", "120", "170"):
    assert tick in text, tick
' "$T/hw.svg"
	grep -q 'n = 15; shaded: 95% confidence band of the mean' "$T/hw.svg"
	run --separate-stderr linreg --level 0.9 --svg "$T/hw90.svg" "$EX/height-weight.csv"
	grep -q 'shaded: 90% confidence band' "$T/hw90.svg"
	# The same input, the same bytes.
	linreg --svg "$T/again.svg" "$EX/height-weight.csv" >/dev/null
	cmp "$T/hw.svg" "$T/again.svg"
}

@test "--svg: names with < & \" ' and bytes that are not UTF-8 are escaped" {
	printf '"a<b&c""d",y'"'"'s\xff\x01\n1,2\n2,4.5\n3,6\n' >"$T/e.csv"
	run --separate-stderr linreg --svg "$T/e.svg" -x 1 -y 2 "$T/e.csv"
	[ "$status" -eq 0 ]
	grep -qF '>a&lt;b&amp;c&quot;d</text>' "$T/e.svg"
	grep -qF "y&apos;s"$'\xef\xbf\xbd\xef\xbf\xbd' "$T/e.svg"
	pycheck 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$T/e.svg"
}

@test "--svg -: the picture on standard output in place of the report (or the report to -o)" {
	small "$T/s.csv"
	run --separate-stderr linreg --svg - "$T/s.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == '<?xml version="1.0" encoding="UTF-8"?>'* ]]
	[[ "$output" == *'</svg>' ]]
	linreg --svg "$T/s.svg" "$T/s.csv" >/dev/null
	[ "$output" = "$(cat "$T/s.svg")" ]
	run --separate-stderr linreg --svg - -o "$T/r.json" --json "$T/s.csv"
	[[ "$output" == '<?xml'* ]]
	[ "$(jq -r .n "$T/r.json")" = 5 ]
}

@test "a large input: a sample of 5000 points, axes over every row, the same fit" {
	skip_if_instrumented "200000 rows: plain builds only"
	big "$T/big.csv"
	run --separate-stderr linreg --json -j 1 --svg "$T/big.svg" "$T/big.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(linreg --json -j 1 "$T/big.csv")" ]
	# -j 2 reads this 2.6 MB file in two pieces; with --svg, in one.
	multi=$(linreg --json -j 2 "$T/big.csv")
	approx "$(jval .slope)" "$(jq -r .slope <<<"$multi")" 1e-12
	[ "$(grep -c '<circle' "$T/big.svg")" -eq 5000 ]
	grep -q 'n = 200000, 5000 points shown (a uniform sample)' "$T/big.svg"
	# The outlier (one row of 200000) sets the y axis, sampled or not.
	grep -q '>1000000</text>' "$T/big.svg"
	linreg -j 2 --svg "$T/big2.svg" "$T/big.csv" >/dev/null
	cmp "$T/big.svg" "$T/big2.svg"
	run --separate-stderr linreg --plot=60x12 --ascii "$T/big.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *"5000 of 200000 points shown"* ]]
	[[ "$output" == *$'\n1000000 +'* ]]
}

@test "memory stays flat: 3 million rows piped into --plot and --svg in 16 MiB" {
	skip_if_instrumented "address-space cap: plain builds only"
	skip_if_wasm "ulimit -v 16384 leaves Node no room to start"
	run sh -c 'awk "BEGIN { print \"x,y\"; for (i = 0; i < 3000000; i++) print i % 1000 \",\" (i % 1000) * 2 + i % 7 }" |
		(ulimit -v 16384; linreg --plot=60x12 --svg '"$T/m.svg"')'
	[ "$status" -eq 0 ] || { echo "exit $status: $(printf '%s\n' "$output" | tail -n 3)"; false; }
	[[ "$output" == *"5000 of 3000000 points shown"* ]]
	[ "$(grep -c '<circle' "$T/m.svg")" -eq 5000 ]
}

@test "a polynomial is drawn as its curve; --origin and --weights draw too" {
	printf 'x,y\n-2,4\n-1,1\n0,0\n1,1\n2,4\n' >"$T/q.csv"
	run --separate-stderr linreg --degree 2 --svg "$T/q.svg" "$T/q.csv"
	[ "$status" -eq 0 ]
	# x -2..2 on 80..600, y 0..4 on 400..40: the vertex (0, 0) at (340, 400).
	d=$(sed -n 's/.*class="fit".* d="\([^"]*\)".*/\1/p' "$T/q.svg")
	[[ "$d" == "M80.00,40.00 L"* ]]
	[[ " $d " == *" L340.00,400.00 "* ]]
	[[ "$d" == *" L600.00,40.00" ]]
	grep -q '<title>Polynomial regression: y ~ x + x^2</title>' "$T/q.svg"
	run --separate-stderr linreg --degree 2 --plot=30x8 --ascii "$T/q.csv"
	[ "$status" -eq 0 ]
	# The curve is low in the middle and high at the ends.
	[[ "$(printf '%s\n' "$output" | tail -n 3 | head -n 1)" == *"."*"*"*"."* ]]
	[[ "$(printf '%s\n' "$output" | tail -n 7 | head -n 1)" == "4 +*"*"*" ]]
	run --separate-stderr linreg --origin --svg "$T/o.svg" -x wt -y mpg "$TOP/tests/data/mtcars.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr linreg --weights qsec --svg "$T/w.svg" -x wt -y mpg "$TOP/tests/data/mtcars.csv"
	[ "$status" -eq 0 ]
	grep -q '; weights: qsec</text>' "$T/w.svg"
	[ "$(grep -c '<circle' "$T/w.svg")" -eq 32 ]
}

@test "skipped rows are not drawn; JSON input draws; --fitted rows with --svg" {
	printf 'x,y\n1,2\n2,abc\n3,6.5\n4,8\n' >"$T/k.csv"
	run --separate-stderr linreg --skip-invalid --svg "$T/k.svg" "$T/k.csv"
	[ "$status" -eq 0 ]
	[ "$(grep -c '<circle' "$T/k.svg")" -eq 3 ]
	echo '[[1, 2], [2, 4.5], [3, 6], [4, 8.5]]' >"$T/p.json"
	run --separate-stderr linreg --svg "$T/j.svg" "$T/p.json"
	[ "$(grep -c '<circle' "$T/j.svg")" -eq 4 ]
	run --separate-stderr linreg --fitted --svg "$T/f.svg" "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(linreg --fitted "$EX/height-weight.csv")" ]
	[ "$(grep -c '<circle' "$T/f.svg")" -eq 15 ]
}

@test "a fit that fails writes no picture (exit 65); a gate that holds still does (exit 1)" {
	for data in 'x,y\n' 'x,y\n1,2\n' 'x,y\n1,2\n1,3\n1,4\n'; do
		printf "$data" >"$T/f.csv"
		run --separate-stderr linreg --plot --svg "$T/f.svg" "$T/f.csv"
		[ "$status" -eq 65 ]
		[ -z "$output" ]
		[ ! -e "$T/f.svg" ]
	done
	run --separate-stderr linreg --fail-if 'r2<0.999' --svg "$T/g.svg" "$EX/height-weight.csv"
	[ "$status" -eq 1 ]
	grep -q '</svg>' "$T/g.svg"
}

@test "edge data: one distinct x through the origin, values near 1e308 and 1e-300, many magnitudes" {
	printf 'x,y\n2,4\n2,5\n2,6\n' >"$T/one.csv"
	run --separate-stderr linreg --origin --plot=30x8 --ascii --svg "$T/one.svg" "$T/one.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\n   1.8          x          2.2'* ]]
	printf 'x,y\n1e300,1e-300\n-1e300,-1e-300\n1.7e308,3e-300\n-1.7e308,2e-300\n' >"$T/huge.csv"
	run --separate-stderr linreg --plot=50x8 --ascii --svg "$T/huge.svg" "$T/huge.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *"-1.7e+308"*"1.7e+308"* ]]
	printf 'x,y\n1e-5,1\n1,2\n1000,3\n1e9,5\n' >"$T/mag.csv"
	run --separate-stderr linreg --plot=50x8 --svg "$T/mag.svg" "$T/mag.csv"
	[ "$status" -eq 0 ]
	for f in one huge mag; do
		! grep -qE 'nan|inf|NaN|Inf' "$T/$f.svg"
		pycheck 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$T/$f.svg"
	done
}

@test "the pictures do not depend on the locale" {
	grep -qi '^de_DE\.utf-\?8$' <(locale -a) || skip "no de_DE.UTF-8 locale"
	run --separate-stderr linreg --svg "$T/c.svg" --plot=40x10 "$EX/height-weight.csv"
	LC_ALL=de_DE.UTF-8 linreg --svg "$T/de.svg" --plot=40x10 "$EX/height-weight.csv" >"$T/de.txt"
	cmp "$T/c.svg" "$T/de.svg"
	[ "$output" = "$(cat "$T/de.txt")" ]
}

@test "usage errors: what has no single picture, and bad sizes (exit 64)" {
	small "$T/s.csv"
	for args in "--plot --json" "--plot --format csv" "--plot --fitted" \
		"--plot --svg -" "--svg - --fitted" "--svg - -o -" "--ascii" \
		"--plot -g x" "--svg $T/a.svg -g x" "--svg $T/a.svg --every 2" \
		"--plot --format state" "--plot=19x10" "--plot=80x5" "--plot=501x24" \
		"--plot=80" "--plot=80x24x" "--plot=x24" "--plot=-80x24" "--plot=" ; do
		run linreg $args "$T/s.csv"
		[ "$status" -eq 64 ] || { echo "$args: $status $output"; return 1; }
		[[ "$output" == *"Try 'linreg --help'"* ]]
	done
	run linreg --svg "$T/a.svg" -y mpg -x wt,hp "$TOP/tests/data/mtcars.csv"
	[ "$status" -eq 64 ]
	[[ "$output" == *"--svg: draws y against one predictor, got 2"* ]]
	run linreg merge --svg "$T/a.svg" /dev/null
	[ "$status" -eq 64 ]
	[ ! -e "$T/a.svg" ]
}

@test "--svg to a full disk is a write error (74) and leaves no file" {
	run --separate-stderr linreg --svg /dev/full "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
	[[ "$stderr" == *"/dev/full: write error"* ]]
	mkdir "$T/ro"
	chmod 500 "$T/ro"
	[ "$(id -u)" = 0 ] && skip "root writes anywhere"
	run --separate-stderr linreg --svg "$T/ro/p.svg" "$EX/height-weight.csv"
	[ "$status" -eq 74 ]
}

@test "the README's picture is what --plot --ascii draws; the man page's examples run" {
	want=$(awk '/^\$ linreg --plot=64x14 --ascii/ { on = 1 } on && /^```/ { exit } on' "$TOP/README.md" |
		sed -n '/^weight$/,$p')
	[ -n "$want" ]
	run --separate-stderr linreg --plot=64x14 --ascii "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed -n '/^weight$/,$p')" = "$want" ]
	run --separate-stderr linreg --plot "$EX/height-weight.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr linreg --svg "$T/fit.svg" -y mpg -x wt --degree 2 "$TOP/tests/data/mtcars.csv"
	[ "$status" -eq 0 ]
	grep -q '<title>Polynomial regression: mpg ~ wt + wt^2</title>' "$T/fit.svg"
}
