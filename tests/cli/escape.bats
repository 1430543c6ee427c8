#!/usr/bin/env bats
# Names, group values and cells come from the data and may hold terminal
# escape sequences (ESC ] 0 ; ... BEL sets the window title, ESC [ 2 J
# clears the screen).  In everything meant for a person - the text
# report, group lines, --plot, messages and notes on standard error -
# they are shown as \xNN, never sent raw.

load helper

# ctl TEXT: the number of ESC, BEL, CSI (0x9b) and C1 (U+009B) bytes in TEXT
ctl() {
	printf '%s' "$1" | LC_ALL=C tr -d -c '\033\007\233' | wc -c
}


# The header cell of x, and a -g value.
H=$'h\033]0;PWNED\007\033[2J'
G=$'\033[2Ja'
HS='h\x1b]0;PWNED\x07\x1b[2J'
GS='\x1b[2Ja'

@test "a header name with escapes: escaped in the text report, --predict, --plot and messages" {
	printf '%s,y,w\n1,2,1\n2,3.5,1\n3,5,2\n4,6,1\n' "$H" >"$T/e.csv"
	run --separate-stderr linreg --weights w --predict 5 "$T/e.csv"
	[ "$status" -eq 0 ]
	[ "$(ctl "$output$stderr")" -eq 0 ]
	[[ "$output" == *"Linear regression: y ~ $HS"* ]]
	[[ "$output" == *$'\n'"$HS  "* ]]          # the coefficient's row
	run --separate-stderr linreg --plot=40x10 "$T/e.csv"
	[ "$status" -eq 0 ]
	[ "$(ctl "$output$stderr")" -eq 0 ]
	# messages: a bad cell in that column, a constant column
	printf 'x,%s\n1,2\n2,x\n' "$H" >"$T/bad.csv"
	run linreg "$T/bad.csv"
	[ "$status" -eq 65 ]
	[ "$(ctl "$output")" -eq 0 ]
	[ "$output" = "linreg: $T/bad.csv:3: column '$HS': cannot read \"x\" as a number" ]
	printf 'x,%s\n1,2\n2,2\n3,2\n' "$H" >"$T/const.csv"
	run --separate-stderr linreg "$T/const.csv"
	[ "$(ctl "$output$stderr")" -eq 0 ]
	[[ "$stderr" == *"note: $HS is constant"* ]]
	printf '%s,y\n1,2\n1,3\n1,5\n' "$H" >"$T/eq.csv"
	run linreg "$T/eq.csv"
	[ "$status" -eq 65 ]
	[ "$(ctl "$output")" -eq 0 ]
	[[ "$output" == *"all $HS values are equal"* ]]
	# a name given on the command line and not found
	run linreg -x "$H" -y y "$T/e.csv"
	[ "$(ctl "$output")" -eq 0 ]
	run linreg -x "$G" -y y "$T/e.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "linreg: $T/e.csv:1: no column named '$GS' in the header; columns: '$HS', 'y', 'w'" ]
}

@test "a -g value with escapes: escaped in group lines, reasons and messages" {
	printf 'x,y,g\n1,2,%s\n2,3.5,%s\n3,5,%s\n1,1,b\n' "$G" "$G" "$G" >"$T/g.csv"
	run --separate-stderr linreg -g g "$T/g.csv"
	[ "$status" -eq 65 ]   # group b has one point
	[ "$(ctl "$output$stderr")" -eq 0 ]
	[[ "$output" == "Group: g=$GS"$'\n'* ]]
	[[ "$output" == *$'\n'"Group: g=b"$'\n'"Not fitted: need at least 2 data points, got 1"* ]]
	# the group name itself from the header, and a failed group's reason naming x
	printf 'x,y,%s\n1,2,%s\n1,3,%s\n' "$H" "$G" "$G" >"$T/h.csv"
	run --separate-stderr linreg -g 3 "$T/h.csv"
	[ "$status" -eq 65 ]
	[ "$(ctl "$output$stderr")" -eq 0 ]
	[[ "$output" == "Group: $HS=$GS"$'\n'"Not fitted: all x values are equal (rows read 2, skipped 0)" ]]
	[[ "$stderr" == "linreg: group $HS=$GS: all x values are equal"* ]]
	# a gate that holds in such a group
	printf 'x,y,g\n1,2,%s\n2,3.5,%s\n3,5.5,%s\n' "$G" "$G" "$G" >"$T/gate.csv"
	run --separate-stderr linreg -g g --fail-if 'r2<1' "$T/gate.csv"
	[ "$status" -eq 1 ]
	[ "$(ctl "$output$stderr")" -eq 0 ]
	[[ "$stderr" == *"(in group g=$GS)"* ]]
}

@test "JSON keys and values with escapes: escaped in messages and the report; JSON output escapes them its way" {
	printf '[{"%s": 1, "y": 2, "g": "%s"}, {"%s": 2, "y": "\\u001b]0;x\\u0007", "g": "%s"}]' \
	    'h\u001b[2J' '\u001b[2Ja' 'h\u001b[2J' '\u001b[2Ja' >"$T/e.json"
	run linreg -x $'h\033[2J' "$T/e.json"
	[ "$status" -eq 65 ]
	[ "$(ctl "$output")" -eq 0 ]
	[ "$output" = "linreg: $T/e.json:1: key 'y': cannot read \"\\x1b]0;x\\x07\" as a number" ]
	printf '[{"%s": 1, "y": 2}, {"%s": 2, "y": 3}, {"%s": 3, "y": 5.5}]' 'h\u001b[2J' 'h\u001b[2J' 'h\u001b[2J' >"$T/ok.json"
	run --separate-stderr linreg -x $'h\033[2J' "$T/ok.json"
	[ "$status" -eq 0 ]
	[ "$(ctl "$output$stderr")" -eq 0 ]
	[[ "$output" == *'y ~ h\x1b[2J'* ]]
	run --separate-stderr linreg --json -x $'h\033[2J' "$T/ok.json"
	[ "$status" -eq 0 ]
	[ "$(ctl "$output")" -eq 0 ]
	[ "$(jval .x)" = $'h\033[2J' ]     # the name itself, escaped as JSON does
}

@test "C1 controls, DEL and invalid UTF-8 are escaped; other UTF-8 names are kept" {
	printf 'h\xc2\x9b2J\x7f\xff,t\xc3\xa9\n1,2\n2,3.5\n3,5\n' >"$T/c1.csv"
	run --separate-stderr linreg "$T/c1.csv"
	[ "$status" -eq 0 ]
	[ "$(ctl "$output$stderr")" -eq 0 ]
	[[ "$output" == *'té ~ h\xc2\x9b2J\x7f\xff'* ]]
	run --separate-stderr linreg --plot=40x10 "$T/c1.csv"
	[ "$(ctl "$output")" -eq 0 ]
	run --separate-stderr linreg --json "$T/c1.csv"
	[ "$(ctl "$output")" -eq 0 ]
	[[ "$output" == *'"x": "h\u009b2J\u007f\ufffd"'* ]]
}
