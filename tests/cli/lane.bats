#!/usr/bin/env bats
# The fast lane (cli/read_lane.c) takes plain lines straight from the
# input buffer; anything else goes to the general CSV reader.  Whatever
# the mix, the output must be the general reader's, byte for byte,
# errors and line numbers included: LINREG_LANE=0 turns the lane off.

load helper

# same ARGS...: linreg with and without the lane give the same stdout,
# stderr and exit status.
same() {
	local a b
	run --separate-stderr linreg "$@"
	a="$status|$output|$stderr"
	LINREG_LANE=0 run --separate-stderr linreg "$@"
	b="$status|$output|$stderr"
	if [ "$a" != "$b" ]; then
		printf 'lane:    %s\nno lane: %s\n' "$a" "$b" >&2
		return 1
	fi
}

# mixed FILE ROWS: plain lines, with every kind of line the lane must
# leave to the general reader mixed in.
mixed() {
	awk -v n="$2" 'BEGIN {
		print "x,y,note"
		for (i = 1; i <= n; i++) {
			x = i * 0.25; y = 1 + 2 * x + (i % 7) * 0.001
			k = i % 23
			if (k == 1) printf "\"%s\",%s,quoted\n", x, y
			else if (k == 2) printf "%s,%s,\"a\nb\"\n", x, y
			else if (k == 3) printf "%s,%s\r\n", x, y
			else if (k == 4) printf "# a comment\n%s,%s\n", x, y
			else if (k == 5) printf "\n%s,%s\n", x, y
			else if (k == 6) printf "%se0,%s\n", x, y
			else if (k == 7) printf "+%s,%s\n", x, y
			else if (k == 8) printf " %s , %s \n", x, y
			else if (k == 9) printf "%s,%.25f\n", x, y
			else if (k == 10) printf "%s,%s,extra,cells,\"q\"\n", x, y
			else if (k == 11) printf "%.25f,%s\n", x, y
			else if (k == 12) printf "0000000000000000000000%s,%s\n", x, y
			else if (k == 13) printf "%s,%s,a\rb\n", x, y
			else if (k == 14) printf "%s,%s\n", x - 1000, -y
			else printf "%s,%s,n%d\n", x, y, i
		}
	}' >"$1"
}

@test "fast lane: a mix of plain and other lines reads as the general reader reads it" {
	mixed "$T/m.csv" 5000
	same -x x -y y --json "$T/m.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 5000 ]
	same -x x -y y --format state "$T/m.csv"
	same -x 1 -y 2 --no-header --skip-invalid --json "$T/m.csv"
}

@test "fast lane: errors name the same line, wherever they fall" {
	mixed "$T/m.csv" 3000
	# a bad cell in the middle of plain lines, after a quoted newline
	awk 'NR == 2001 { print "12.5,abc"; next } { print }' "$T/m.csv" >"$T/bad.csv"
	same -x x -y y "$T/bad.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"bad.csv:"*": column 'y': cannot read \"abc\" as a number"* ]]
	# a missing cell, a NaN, an overflow, an empty cell
	for bad in '7' '7,nan' '7,1e999' '7,' ',7' '7,0x10' '7,1,2,"'; do
		awk -v b="$bad" 'NR == 1500 { print b; next } { print }' "$T/m.csv" >"$T/bad.csv"
		same -x x -y y "$T/bad.csv"
		[ "$status" -ne 0 ] || [ "$bad" = '7,1,2,"' ] || [ "$bad" = '7,' ] ||
		    [ "$bad" = ',7' ]
		same -x x -y y --skip-invalid --json "$T/bad.csv"
	done
}

@test "fast lane: weights, several predictors, column order, other delimiters" {
	awk 'BEGIN { print "w,b,a,y"; for (i = 1; i <= 3000; i++)
		printf "%d,%.3f,%.4f,%.6f\n", i % 5 + 1, i * 0.5, (i * 7) % 13, i * 0.1 + (i % 3) }' >"$T/m.csv"
	same -x a,b -y y --json "$T/m.csv"
	[ "$status" -eq 0 ]
	same -x b -y y --weights w --json "$T/m.csv"
	[ "$status" -eq 0 ]
	same -x y -y a --json "$T/m.csv"
	tr , '\t' <"$T/m.csv" >"$T/m.tsv"
	same -x b -y y --json "$T/m.tsv"
	tr , ';' <"$T/m.csv" >"$T/m.txt"
	same -x b -y y -d ';' --json "$T/m.txt"
	[ "$status" -eq 0 ]
	# a weight of 0 is refused with its line, lane or not
	awk 'NR == 2500 { $0 = "0,1,2,3" } { print }' "$T/m.csv" >"$T/w0.csv"
	same -x b -y y --weights w "$T/w0.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"w0.csv:2500:"* ]]
}

@test "fast lane: lines across buffer refills, long lines, no final newline" {
	# 256 KiB buffers: lines straddle refills; one line of 300 KB
	awk 'BEGIN { print "x,y,pad"; for (i = 1; i <= 40000; i++) {
		printf "%d.5,%d.25,", i, 2 * i + 1
		if (i == 20000) { for (j = 0; j < 30000; j++) printf "0123456789" }
		print "" } }' >"$T/long.csv"
	same -x x -y y --json "$T/long.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 40000 ]
	printf 'x,y\n1,3\n2,5\n3,7.5' >"$T/nofinal.csv"
	same -x x -y y --json "$T/nofinal.csv"
	[ "$(jval .n)" = 3 ]
	# standard input, a pipe that delivers a few bytes at a time
	run --separate-stderr sh -c "(printf 'x,y\n1,3\n2,'; sleep 0.2; printf '5\n3,7.'; sleep 0.2; printf '5\n') | linreg --json"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 3 ]
	approx "$(jval .slope)" 2.25
}

@test "fast lane: -j pieces give the same fit as one thread" {
	mixed "$T/m.csv" 60000
	run --separate-stderr linreg -j 1 --format state -x x -y y "$T/m.csv"
	one=$output
	LINREG_LANE=0 run --separate-stderr linreg -j 1 --format state -x x -y y "$T/m.csv"
	[ "$output" = "$one" ]
	run --separate-stderr linreg -j 2 --json -x x -y y "$T/m.csv"
	[ "$status" -eq 0 ]
	[ "$(jval .n)" = 60000 ]
}

# shaped FILE ROWS SEED: runs of lines of one shape (the same signs,
# points and cell lengths, other digits), which the lane learns and then
# reads 32 bytes at a time, broken by lines that differ from the shape
# in one byte, and lines of every other kind.
shaped() {
	awk -v n="$2" -v seed="$3" '
	function digits(k,   s, j) {
		s = ""
		for (j = 0; j < k; j++) s = s int(rand() * 10)
		return s
	}
	function cell(i, j,   s) {
		s = (sg[i] ? "-" : "") digits(ni[i])
		if (dt[i]) s = s "." digits(nf[i])
		return s
	}
	function newshape(   i) {
		for (i = 0; i < 2; i++) {
			sg[i] = rand() < 0.3
			ni[i] = int(rand() * 9)
			dt[i] = rand() < 0.7
			nf[i] = dt[i] ? int(rand() * 9) : 0
			# now and then the longest cells: 15 and 16 digits
			if (rand() < 0.05) { ni[i] = 7; nf[i] = 8; dt[i] = 1 }
			if (rand() < 0.05) { ni[i] = 8; nf[i] = 8; dt[i] = 1 }
			if (ni[i] + nf[i] == 0) ni[i] = 1
		}
		extra = rand() < 0.2 ? "," digits(int(rand() * 4)) (rand() < 0.5 ? ",z" : "") : ""
		run = int(rand() * 60) + 1
	}
	BEGIN {
		srand(seed)
		split(": / . - , a + \" \r x", odd, " ")
		odd[8] = " "
		print "x,y"
		for (r = 1; r <= n; r++) {
			if (run-- <= 0) newshape()
			line = cell(0) "," cell(1) extra
			u = rand()
			if (u < 0.03) {
				# one byte changed, anywhere in the line
				k = int(rand() * length(line)) + 1
				line = substr(line, 1, k - 1) odd[int(rand() * 11) + 1] substr(line, k + 1)
			} else if (u < 0.035) {
				line = line ",\"q\""
			} else if (u < 0.04) {
				line = "# " line
			}
			print line
		}
	}' >"$1"
}

@test "fast lane: lines of one shape, learnt and read 32 bytes at a time" {
	for seed in 1 2 3 4 5 6; do
		shaped "$T/s.csv" 20000 "$seed"
		same -x x -y y --format state "$T/s.csv"
		same -x x -y y --skip-invalid --format state "$T/s.csv"
		[ "$status" -eq 0 ]
		same -x y -y x --skip-invalid --format state "$T/s.csv"
		same -x x -y y --skip-invalid --json "$T/s.csv"
		[ "$(jval .rows_read)" -gt 19000 ]
		same -x x -y y "$T/s.csv"
	done
	# signed zeros, 15 digits, the longest line that 32 bytes hold (31
	# and its LF), and one byte longer
	{
		echo x,y
		for i in 1 2 3; do echo '-0.0,-0'; done
		for i in 1 2 3; do echo "1234567.8901234$i,-.5"; done
		for i in 1 2 3; do echo "123456789012345.$i,5."; done
		for i in 1 2 3; do echo "-123456.1234567$i,-1234.1234567$i"; done
		for i in 1 2 3; do echo "-123456.1234567$i,-12345.1234567$i"; done
		for i in 1 2 3; do echo "-1234567.1234567$i,-1234567.1234567$i"; done
	} >"$T/edge.csv"
	same -x x -y y --format state "$T/edge.csv"
	[ "$status" -eq 0 ]
	same -x x -y y --skip-invalid --json "$T/edge.csv"
}

# varied FILE ROWS SEED [SEP]: the cells people's files have, in every
# width: signs (and a plus now and then), 0 to 9 digits either side of
# the point, exponents (e/E, signed, 1 to 4 digits), leading zeros, long
# mantissas, "5." and ".5", empty cells, quoted numbers and quoted text
# holding the delimiter, CRLF line ends, a group column and extra
# columns; SEP (default ",") separates, "ws" for runs of blanks.
varied() {
	awk -v n="$2" -v seed="$3" -v sep="${4:-,}" '
	function digits(k,   s, j) {
		s = ""
		for (j = 0; j < k; j++) s = s int(rand() * 10)
		return s
	}
	function num(   s, u, ni, nf) {
		u = rand()
		s = u < 0.4 ? "-" : u < 0.43 ? "+" : ""
		ni = int(rand() * 10); nf = int(rand() * 10)
		if (rand() < 0.05) ni = 12 + int(rand() * 8)
		s = s digits(ni)
		if (rand() < 0.8 || ni == 0) s = s "." digits(nf)
		if (rand() < 0.1)
			s = s (rand() < 0.5 ? "e" : "E") (rand() < 0.4 ? "-" : rand() < 0.5 ? "+" : "") digits(sep == "pair" ? 1 : rand() < 0.02 ? 3 + int(rand() * 2) : 1 + int(rand() * 2))
		if (s ~ /^[-+]?\.?$/) s = s "7"
		return s
	}
	function cell(   u) {
		u = rand()
		if (u < 0.003) return ""
		if (u < 0.006 && sep != "ws") return "\"" num() "\""
		return num()
	}
	BEGIN {
		srand(seed)
		if (sep == "pair") {
			print "a,b"
			for (r = 1; r <= n; r++) {
				line = num() "," num()
				u = rand()
				if (u < 0.002) line = line "\r"
				else if (u < 0.004) line = line ",7"
				else if (u < 0.006) line = "\"" line "\""
				print line
			}
			exit
		}
		d = sep == "ws" ? " " : sep
		print "g" d "a" d "b" d "c" d "t"
		for (r = 1; r <= n; r++) {
			g = "k" int(rand() * 7)
			t = sep == "ws" ? "w" int(rand() * 9) : rand() < 0.1 ? "\"x" d "y\"" : "t" int(rand() * 9)
			line = g d cell() d cell() d cell() d t
			if (sep == "ws" && rand() < 0.2) line = "  " line "\t "
			if (sep == "ws" && rand() < 0.2) gsub(/ /, " \t ", line)
			if (rand() < 0.05) line = line "\r"
			print line
		}
	}' >"$1"
}

@test "fast lane: varied widths, signs, exponents, quotes, CRLF read as the general reader reads them" {
	for seed in 1 2 3 4; do
		varied "$T/v.csv" 30000 "$seed"
		same -x a -y b --skip-invalid --format state "$T/v.csv"
		[ "$status" -eq 0 ]
		same -x a -y c --skip-invalid --format state "$T/v.csv"
		same -x a,c -y b --skip-invalid --format state "$T/v.csv"
		same -x b -y c --weights a --skip-invalid --json "$T/v.csv"
		same -x a -y b -g g --skip-invalid --json "$T/v.csv"
		same -x c -y a -g g,t --skip-invalid --format csv "$T/v.csv"
		same -x a -y b "$T/v.csv"
		# --fitted's second pass echoes the lane's lines
		same -x a -y b --fitted "$T/v.csv"
		same -x a,c -y b --weights c --fitted "$T/v.csv"
		# two columns only (lane_pairs), now and then a line of
		# another kind (lane_line, or the general reader)
		varied "$T/p.csv" 60000 "$seed" pair
		same --skip-invalid --format state "$T/p.csv"
		same -x b -y a --skip-invalid --format state "$T/p.csv"
		same "$T/p.csv"
		varied "$T/v.tsv" 20000 "$seed" "	"
		same -x b -y a --fitted "$T/v.tsv"
		same -x a -y b --skip-invalid --format state "$T/v.tsv"
		same -x a,b -y c -g g --skip-invalid --json "$T/v.tsv"
		varied "$T/v.txt" 20000 "$seed" ws
		same --whitespace -x a -y b --skip-invalid --format state "$T/v.txt"
		[ "$status" -eq 0 ]
		same --whitespace -x a,b -y c -g g --skip-invalid --json "$T/v.txt"
		same --whitespace -x a -y c --fitted "$T/v.txt"
	done
	# the lane took most lines: the rows read equal the file's
	run --separate-stderr linreg -x a -y b --skip-invalid --json "$T/v.csv"
	[ "$(jval .rows_read)" = 30000 ]
	[ "$(jval .rows_skipped)" -lt 2000 ]
}

@test "fast lane: two-cell lines of 64 bytes or more go the long way, with the same values" {
	awk 'BEGIN { print "x,y"; for (i = 0; i < 30000; i++) {
		if (i % 97 == 5) printf "%s%d.5,%s%d\n", "0000000000000000000000000000000000", i, "000000000000000000000000000000", 2 * i
		else printf "%d.25,%d\n", i, 3 * i + i % 7 } }' >"$T/long.csv"
	same --format state "$T/long.csv"
	[ "$status" -eq 0 ]
	same -j 1 "$T/long.csv"
}
