# fixtures.sh - the files the corpus's command lines read (sourced by
# compare.sh in an empty directory, with TOP and SHARED set).
#
# Everything is written once, before either binary runs, and copied
# afresh into the directory of every command: both binaries see the same
# bytes, and no command sees what an earlier one wrote.  The large files
# are generated with integer arithmetic in awk (no rand(), no clock), so
# they are the same on every machine.

cp "$TOP/examples/height-weight.csv" hw.csv
cp "$TOP/tests/data/mtcars.csv" mtcars.csv
for f in mtcars iris ToothGrowth PlantGrowth warpbreaks airquality daily; do
	cp "$TOP/tests/data/models/$f.csv" "m-$f.csv"
done
cp "$TOP/tests/data/models/iris.json" m-iris.json
for f in collinear filip_like near_collinear noint1 wampler2_like; do
	cp "$TOP/tests/data/hard/$f.csv" "$f.csv"
done
for f in Longley Norris Pontius Wampler1; do
	cp "$SHARED/data/nist/$f.csv" "$f.csv"
done
cp "$SHARED/data/seed/iris-request.json" iris.json
for f in state-group-name-backslash state-rows-wrap state-short-u-escape \
    state-unnormalized-diagonal state-merge-overflow-nan cli-ndjson-last-line \
    cli-subnormal-x json-ndjson-last-line; do
	cp "$TOP/tests/fuzz/crashes/$f" "crash-$f"
done

# Small delimited files.
printf 'x,y\n1,2\n2,4.1\n3,5.9\n' >a.csv
printf 'x,y\n4,8.2\n5,9.8\n6,12.1\n' >b.csv
printf '7,14\n8,16.5\n' >c-nohdr.csv
printf 'x,y\n1,3\n2,abc\n2,5.5\n,7\n3,7\n4\n' >m.csv
printf 'g,x,y\na,1,2\nb,1,5\na,2,4.5\nbad,x,1\nb,2,7\na,3,6\nb,3,9.5\n' >g.csv
grep -v '^bad' g.csv >gc.csv
printf 'site,kind,x,y\nn,p,1,2\nn,p,2,4\nn,p,3,6.5\ns,p,1,1\ns,p,2,3\ns,p,3,4\nn,q,1,5\nn,q,2,4\nn,q,3,2\n' >sk.csv
printf 'x\ty\n1\t2\n2\t4.5\n3\t5\n4\t8\n' >t.tsv
printf '  1   2.0  9\n2\t4.1 8\n 3 5.9   7\n4 8.2 6\n' >ws.dat
printf 'x;y\n1;2.5\n2;4\n3;7.5\n4;8\n' >semi.csv
printf 'x;y\n1;2,5\n2;4\n3;7\n' >comma.csv
printf '1,2,3,4,5\n2,3,4,5,7\n3,1,5,6,8\n4,4,6,7,12\n' >raw.csv
printf 'x,y,w\n1,2,1\n2,4.5,2\n3,5,4\n4,7,8\n' >w.csv
printf 'x,y,w\n1,2,1\n2,3,0\n3,5,2\n4,4,1\n' >w0.csv
printf 'x,y,w\n1,2,1\n2,3,\n3,5,2\n4,4,-1\n5,6,1\n' >w2.csv
printf 'hp,wt\n150,3\n100,2.5\n' >new.csv
printf '3,150\n2.5,100\n' >new2.csv
printf '3\n' >one.txt
printf '3,150\n2,abc\n' >badpred.csv
printf 'x,y\n1,2\n' >one.csv
printf 'x,y\n' >h.csv
: >empty.csv
printf 'x,y\n5,1\n5,2\n5,3\n' >same.csv
printf 'x,y\n0,1\n0,2\n' >zero.csv
printf 'x,y\n1,2\n2,"3\n4,5\n' >u.csv
printf 'x,y\n1,"2"x\n' >j.csv
printf 'x,y\n1,2\n2,1e400\n' >inf.csv
printf 'x,y\n1,2\n2,nan\n3,4\n' >nan.csv
printf 'x,y\n1,2\n2\n' >short.csv
printf 'x,y\n1,2\n2,a\033[31mb\n' >esc.csv
printf 'x,y\n1,1e299\n1.0000001,1.1e302\n1.0000002,2.1e302\n' >huge.csv
printf 'x,y\r\n1,2\r\n2,4.5\r\n3,5\r\n' >crlf.csv
printf '\357\273\277x,y\n1,2\n2,4.5\n3,5\n' >bom.csv
printf '"the x","y, too"\n"1",2\n2,"4.5"\n3,5\n' >quoted.csv
printf 'a,b,y\n1,5,1\n2,5,3\n3,5,2\n4,5,5\n' >const.csv
printf 'a,b,y\n1,2,1\n2,4,3\n3,6,2\n4,8,5\n' >coll.csv
printf 'x,y\n1,1\n2,4\n3,9\n4,16\n5,25.5\n6,35\n' >sq.csv
printf 'x,y\n2,1\n2,3\n2,2\n' >vert.csv
printf 'x,y\n1,2\n2,3\n' >two.csv
printf 'x,y\n1,2\0\n2,3\n3,5\n' >nul.csv
printf 'x,y\n0x10,2\n2,3\n3,5\n' >hex.csv
printf 'x,y\n 1 ,2\n2, 3\n3,5 \n' >spaces.csv
printf 'x,y\n1,2\n\n2,3\n\n3,5\n' >blank.csv
printf 'x,y\n-1.5e-3,+2E+2\n.5,-.25\n3.,1e1\n-0,0.000001\n' >signs.csv

# JSON and NDJSON.
printf '{"x": [1, 2, 3, 4], "y": [3, 5.5, 7, 9]}\n' >cols.json
printf '[{"x": 1, "y": 3}, {"x": 2, "y": 5.5}, {"x": 3, "y": 7}, {"x": 4, "y": 9}]\n' >rows.json
printf '[[1, 3], [2, 5], [3, 7.5], [4, 8]]\n' >pairs.json
printf '{"x": 1, "y": 3}\n\n{"x": 2, "y": 5}\n{"x": 3, "y": 7.5}\n' >l.ndjson
printf '[1, 3]\n[2, 5]\n[3, 7.5]\n' >lines.txt
printf '[\n {"x": 1, "y": 3},\n {"x": 2, "y": "1,5"}\n]\n' >c.json
printf '[{"x": 1, "y": 3},\n {"x": 2, "y": 5, "x": 9}]\n' >dup.json
printf '[[1, 3], [2, 5], {"x": 3, "y": 7, "note": "a\tb"}]\n' >mixed.json
printf '{"x": 1, "y": 3}\n{"x": 2}\n' >m.ndjson
printf '[[1, 3],\n [2, 5],\n [3, 7}\n]\n' >bad.json
printf '{"x": 1, "y": 3}\n{"x": 2, "y": }\n' >bad.ndjson
printf '[[1, 3], [2, 5]' >cut.json
printf '{"s": "a", "x": 1, "y": 2}\n{"s": "b", "x": 1, "y": 4}\n{"s": "a", "x": 2, "y": 4.5}\n{"s": "b", "x": 2, "y": 5}\n{"s": "a", "x": 3, "y": 6}\n{"s": "b", "x": 3, "y": 8}\n' >g.ndjson
printf '{"a": 1, "b": 2, "w": 1, "y": 4}\n{"a": 2, "b": 1, "w": 2, "y": 5}\n{"a": 3, "b": 5, "w": 1, "y": 11}\n{"a": 4, "b": 3, "w": 3, "y": 10.5}\n{"a": 5, "b": 4, "w": 1, "y": 14}\n' >ab.ndjson
printf '{"input": [{"x": 1, "y": 2}, {"x": 2, "y": 4.5}, {"x": 3, "y": 5}], "predict": [4, 5]}\n' >req.json
printf '{"x": 1, "y": "3\\u0000junk"}\n' >v.ndjson
printf '{"x": [1, 2, 3], "y": [3, 5]}\n' >uneven.json
printf 'not json at all\n' >junk.json
awk 'BEGIN { printf "{\"x\": [1, 2], \"y\": [3, 5], \"d\": "; for (i = 0; i < 999; i++) printf "["; for (i = 0; i < 999; i++) printf "]"; print "}" }' >deep.json
printf '[\n' >dup2.json

# Large files: -j 2 splits only regular files over 1 MiB.  Signs,
# exponents and widths vary; y is near 3 - 2 x1 + 0.5 x2.
awk 'BEGIN {
	s = 12345
	print "x1,x2,g,y"
	for (i = 0; i < 45000; i++) {
		s = (s * 1103 + 12345) % 65536
		x1 = (s % 2000 - 1000) / 37
		x2 = (i % 97) * (i % 2 ? -1 : 1)
		e = ((s % 17) - 8) / 1000
		y = 3 - 2 * x1 + 0.5 * x2 + e
		if (i % 5 == 0) sx = sprintf("%.6e", x1)
		else if (i % 5 == 1) sx = sprintf("%g", x1)
		else if (i % 5 == 2) sx = sprintf("%+.12f", x1)
		else if (i % 5 == 3) sx = sprintf("%.3E", x1)
		else sx = sprintf("%.17g", x1)
		printf "%s,%d,%s,%.10g\n", sx, x2, substr("abcd", i % 4 + 1, 1), y
	}
}' >big.csv
tr ',' '\t' <big.csv >big.tsv
awk 'NR == 30001 { print "1.5,2,a,oops"; next } { print }' big.csv >bigbad.csv
awk 'NR > 1 && NR % 1000 == 0 { print $0 ",junk"; next }
	NR > 1 && NR % 777 == 0 { sub(/,[^,]*$/, ",NA") } { print }' big.csv >bigmiss.csv
awk -F, 'NR > 1 { printf "{\"x1\": %s, \"x2\": %s, \"y\": %s}\n", $1 + 0, $2, $4 }' big.csv >big.ndjson
mkdir sub
