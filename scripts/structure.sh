#!/bin/sh
# structure.sh - check the layout rules of issue 14 mechanically, from
# the top of the tree (make structure).  Prints each violation and exits
# 1 when there is any, 0 when there is none.
#
#   1. No function in cli/ or core/ (.c and .h) is over 120 lines.  A
#      function is what the style guide makes one: its signature starts
#      at column 0, its body opens with a `{` alone at column 0 and ends
#      with the next `}` at column 0; its length runs from the first line
#      of the signature to that `}`.  Data tables (`... = {` ... `};`)
#      never open with a lone `{`, so they are not counted.
#   2. main() (cli/main.c) is under 60 lines, measured the same way.
#   3. No include cycle among the files of cli/: the graph of their
#      #include "..." lines, a .c file and its .h counting as one module
#      (cli/foo.c and cli/foo.h are both "foo"); cycles found by tsort.
#      Nor a call cycle: the same modules, an edge where a file calls an
#      extern function that another module defines.
#   4. No reader (cli/read_*.c, and cli/delimited.c when it exists)
#      includes a writer header (write.h, write_*.h), directly or through
#      other headers of cli/, or calls a writer function (fitted_*,
#      write_*), comments and strings left out.
#
# It reads the code only; nothing is built.  Limits can be changed for an
# experiment: MAX_LINES=120 MAX_MAIN=60 sh scripts/structure.sh
set -u
MAX_LINES=${MAX_LINES:-120}
MAX_MAIN=${MAX_MAIN:-60}
bad=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# --- 1 and 2: function lengths
# Prints "FILE:LINE: NAME LENGTH static|extern" for every function.
functions() {
	awk '
	FNR == 1 { sig = 0; inbody = 0 }
	# a line at column 0 that can start a signature
	!inbody && /^[A-Za-z_]/ && !/\{/ && !/^typedef/ {
		sig = FNR; sigtext = $0
	}
	!inbody && /^[ \t]+[^ \t]/ && sig { sigtext = sigtext " " $0 }
	!inbody && /^\{[ \t]*$/ && sig {
		inbody = 1; start = sig
		name = sigtext
		sub(/\(.*/, "", name)
		n = split(name, w, /[ \t*]+/)
		name = w[n]
		next
	}
	inbody && /^\}/ {
		printf "%s:%d: %s %d %s\n", FILENAME, start, name, FNR - start + 1, \
		    sigtext ~ /^static/ ? "static" : "extern"
		inbody = 0; sig = 0
		next
	}
	!inbody && /^(#|\/|\}|$)/ { sig = 0 }
	' "$@"
}

functions cli/*.c cli/*.h core/*.c core/*.h >"$tmp/fn"
while read -r where name len _; do
	if [ "$len" -gt "$MAX_LINES" ]; then
		echo "${where} function $name is $len lines (limit $MAX_LINES)"
		bad=1
	fi
done <"$tmp/fn"
main_len=$(awk '$2 == "main" && $1 ~ /^cli\/main\.c:/ { print $3 }' "$tmp/fn")
if [ -z "$main_len" ]; then
	echo "cli/main.c: no main() found"
	bad=1
elif [ "$main_len" -ge "$MAX_MAIN" ]; then
	echo "$(awk '$2 == "main" && $1 ~ /^cli\/main\.c:/ { print $1 }' "$tmp/fn") main() is $main_len lines (limit: under $MAX_MAIN)"
	bad=1
fi

# loops FILE: tsort's messages about loops, one loop a line ("a -> b -> a")
loops() {
	awk '/input contains a loop/ { if (l != "") print l " -> " first; l = ""; next }
		{ sub(/^tsort: /, ""); if (l == "") { l = $0; first = $0 } else l = l " -> " $0 }
		END { if (l != "") print l " -> " first }' "$1"
}

# --- 3: include cycles among the modules of cli/
# "FROM TO" per #include "X" of a cli/ file naming a file of cli/
module() { # cli/foo.c, foo.h -> foo
	m=${1##*/}
	printf '%s\n' "${m%.[ch]}"
}
# code FILE: the file without comments and string or character literals
code() {
	awk '
	{
		out = ""; i = 1; n = length($0)
		while (i <= n) {
			c = substr($0, i, 1); d = substr($0, i, 2)
			if (incomment) {
				if (d == "*/") { incomment = 0; i += 2 } else i++
				continue
			}
			if (d == "/*") { incomment = 1; i += 2; continue }
			if (d == "//") break
			if (c == "\"" || c == "\047") {
				q = c; i++
				while (i <= n && substr($0, i, 1) != q)
					i += substr($0, i, 1) == "\\" ? 2 : 1
				i++; out = out q q; continue
			}
			out = out c; i++
		}
		printf "%d:%s\n", NR, out
	}' "$1"
}

for f in cli/*.c cli/*.h; do
	from=$(module "$f")
	sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f" |
	while read -r inc; do
		[ -f "cli/$inc" ] || continue
		to=$(module "$inc")
		[ "$to" = "$from" ] && continue
		printf '%s %s\n' "$from" "$to"
	done
done | sort -u >"$tmp/edges"
# tsort names the files of each loop it finds on standard error
if ! tsort "$tmp/edges" >/dev/null 2>"$tmp/loops"; then
	loop=$(loops "$tmp/loops")
	printf '%s\n' "$loop" | sed 's/^/cli\/: include cycle among the modules (a .c and its .h are one): /'
	bad=1
fi

# --- 3b: call cycles among the modules of cli/: "FROM TO" when a file
# of module FROM calls (NAME followed by "(", in code that is not at
# column 0, where signatures and prototypes are; comments and strings
# left out) an extern function defined in module TO
awk '$1 ~ /^cli\// && $4 == "extern" { f = $1; sub(/:.*/, "", f)
	n = split(f, p, "/"); m = p[n]; sub(/\.[ch]$/, "", m); print $2, m }' \
	"$tmp/fn" | sort -u >"$tmp/defs"
for f in cli/*.c cli/*.h; do
	from=$(module "$f")
	code "$f" | sed 's/^[0-9]*://' | grep -v '^[A-Za-z_]' |
		grep -oE '[A-Za-z_][A-Za-z0-9_]*[ \t]*\(' |
		sed 's/[ \t]*($//' | sort -u |
		awk -v from="$from" 'NR == FNR { def[$1] = $2; next }
			($1 in def) && def[$1] != from { print from, def[$1] }' \
			"$tmp/defs" - 
done | sort -u >"$tmp/calls"
if ! tsort "$tmp/calls" >/dev/null 2>"$tmp/loops"; then
	loop=$(loops "$tmp/loops")
	printf '%s\n' "$loop" | sed 's/^/cli\/: call cycle among the modules (a .c and its .h are one): /'
	bad=1
fi

# --- 4: readers and writers
# headers FILE: every cli/ header FILE includes, directly or not, with
# the first one through which it came
headers() {
	printf '%s\n' "$1" >"$tmp/seen"
	: >"$tmp/found"
	set -- "$1"
	while [ $# -gt 0 ]; do
		f=$1
		shift
		for inc in $(sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
			[ -f "cli/$inc" ] || continue
			grep -qx "cli/$inc" "$tmp/seen" && continue
			printf '%s\n' "cli/$inc" >>"$tmp/seen"
			printf '%s %s\n' "$inc" "${f##*/}" >>"$tmp/found"
			set -- "$@" "cli/$inc"
		done
	done
	cat "$tmp/found"
}


for r in cli/read_*.c cli/delimited.c; do
	[ -f "$r" ] || continue
	headers "$r" | while read -r h via; do
		case $h in
		write.h | write_*.h)
			if [ "$via" = "${r##*/}" ]; then
				echo "$r: a reader includes the writer header $h"
			else
				echo "$r: a reader includes the writer header $h (through $via)"
			fi ;;
		esac
	done >>"$tmp/rw"
	code "$r" | grep -E '(^|[^A-Za-z0-9_])(fitted_|write_)[A-Za-z0-9_]*[ \t]*\(' |
	while IFS=: read -r line text; do
		fn=$(printf '%s\n' "$text" |
			grep -oE '(^|[^A-Za-z0-9_])(fitted_|write_)[A-Za-z0-9_]*[ \t]*\(' |
			sed 's/^[^A-Za-z_]*//; s/[ \t]*($//' | tr '\n' ' ')
		echo "$r:$line: a reader calls the writer function ${fn% }"
	done >>"$tmp/rw"
done
if [ -s "$tmp/rw" ]; then
	cat "$tmp/rw"
	bad=1
fi

if [ "$bad" -eq 0 ]; then
	echo "structure: no violations"
fi
exit "$bad"
