#!/usr/bin/env bats
# --svg as a browser shows it: the picture is rendered once by headless
# Chromium (Debian's chromium, installed by scripts/deps.sh test) to a
# PNG, and pixels are checked where the documented mapping puts them:
# the plot area is x 80..600, y 40..400 of 640 x 480, from the low to the
# high end of each axis.  The data run from x 0 to 10 and y 0 to 20 (nice
# ends already), so x lands on 80 + 52x and y on 400 - 18y.

load helper

POINT=1f77b4 # colours of write_svg.c
LINE=d62728

# Render once for the file: Chromium takes a second or two to start.
setup_file() {
	local top png
	top=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	export RENDER_DIR="$BATS_FILE_TMPDIR"
	printf 'x,y\n0,0\n1,4\n2,2\n3,8\n4,6\n5,10\n6,12\n7,16\n8,14\n9,20\n10,18\n' >"$RENDER_DIR/r.csv"
	PATH="$top/${LINREG_BINDIR:-.}:$PATH" linreg --svg "$RENDER_DIR/r.svg" \
		--json "$RENDER_DIR/r.csv" >"$RENDER_DIR/fit.json" || return 1
	browser=$(command -v chromium || command -v chromium-browser || true)
	[ -n "$browser" ] || return 0
	png=$RENDER_DIR/r.png
	# No sandbox: CI runs as root; a private profile; a 640 x 480 window
	# at scale 1, so one SVG unit is one pixel.
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-dev-shm-usage --hide-scrollbars --no-first-run \
		--disable-background-networking --disable-extensions \
		--user-data-dir="$RENDER_DIR/profile" --force-device-scale-factor=1 \
		--window-size=640,480 --screenshot="$png" \
		"file://$RENDER_DIR/r.svg" >"$RENDER_DIR/chromium.log" 2>&1 || true
}

# A rendered picture, or skip (fail in CI, where chromium must be there).
need_render() {
	if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
		[ -z "${CI:-}" ] || { echo "chromium is missing in CI"; return 1; }
		skip "chromium is not installed (make test installs it: scripts/deps.sh test)"
	fi
	command -v python3 >/dev/null || skip "python3 is not installed"
	[ -s "$RENDER_DIR/r.png" ] || { cat "$RENDER_DIR/chromium.log"; return 1; }
	PNG="python3 $BATS_TEST_DIRNAME/png.py"
}

# xy X Y: the pixel of data point (X, Y), as "PX PY".
xy() {
	awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f %.2f\n", 80 + 52 * x, 400 - 18 * y }'
}

@test "chromium renders the SVG at 640 x 480" {
	need_render
	[ "$($PNG size "$RENDER_DIR/r.png")" = "640 480" ]
}

@test "the fitted line is drawn where the fit puts it" {
	need_render
	a=$(jq -r .intercept "$RENDER_DIR/fit.json")
	b=$(jq -r .slope "$RENDER_DIR/fit.json")
	for x in 0.5 1.5 2.5 4.5 6.5 7.5 8.5 9.5; do
		y=$(awk -v a="$a" -v b="$b" -v x="$x" 'BEGIN { print a + b * x }')
		read -r px py <<<"$(xy "$x" "$y")"
		$PNG near "$RENDER_DIR/r.png" "$px" "$py" 1 $LINE 40
	done
	# ... and nowhere near a point off it: 3 units (54 px) below at x = 5.5.
	y=$(awk -v a="$a" -v b="$b" 'BEGIN { print a + b * 5.5 - 3 }')
	read -r px py <<<"$(xy 5.5 "$y")"
	! $PNG near "$RENDER_DIR/r.png" "$px" "$py" 3 $LINE 40
}

@test "the points are drawn at their coordinates" {
	need_render
	for p in "1 4" "2 2" "3 8" "4 6" "7 16" "8 14" "6 12" "9 20"; do
		read -r px py <<<"$(xy $p)"
		$PNG near "$RENDER_DIR/r.png" "$px" "$py" 1 $POINT 30
	done
}

@test "the band is shaded next to the line; far from everything is white; the axes are black" {
	need_render
	a=$(jq -r .intercept "$RENDER_DIR/fit.json")
	b=$(jq -r .slope "$RENDER_DIR/fit.json")
	# 8 px under the line at x = 0.5, inside the band (wide at the end):
	# the line's red, light.
	y=$(awk -v a="$a" -v b="$b" 'BEGIN { print a + b * 0.5 }')
	read -r px py <<<"$(xy 0.5 "$y")"
	read -r r g bl <<<"$($PNG pixel "$RENDER_DIR/r.png" "${px%.*}" $(( ${py%.*} + 8 )))"
	[ "$r" -gt 230 ] && [ "$g" -lt 235 ] && [ "$g" -gt 180 ] && [ $((r - g)) -gt 20 ] ||
		{ echo "band pixel: $r $g $bl"; return 1; }
	# Data (8, 3) is far from the line, the band and every point.
	read -r px py <<<"$(xy 8 3)"
	[ "$($PNG pixel "$RENDER_DIR/r.png" "${px%.*}" "${py%.*}")" = "255 255 255" ]
	# The x axis along y = 400, the y axis along x = 80.
	$PNG near "$RENDER_DIR/r.png" 300 400 0 000000 40
	$PNG near "$RENDER_DIR/r.png" 80 200 0 000000 40
}
