#!/usr/bin/env python3
"""make_seeds.py - write the hand-made seed inputs of the fuzz corpora.

Run from anywhere: python3 tests/fuzz/make_seeds.py.  It (re)writes
the files named seed-* under tests/fuzz/corpus/<target>/ and leaves the
others (inputs added by `make fuzz-merge`, named by their SHA-1) alone.
The input formats are described at the top of each fuzz_<target>.c.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

CSV = {
    "simple": b"x,y\n1,2\n3,4\n5,7\n",
    "noheader": b"1,2\n2,4.1\n3,5.9\n",
    "quotes": b'"x","y"\n"1","2"\n"3.5","4"\n"a ""q"" b",5\n',
    "quoted-newline": b'x,y\n"1\n2",3\n4,5\n"6","7\r\n8"\n',
    "crlf": b"x,y\r\n1,2\r\n3,4\r\n5,5\r\n",
    "bom": b"\xef\xbb\xbfx,y\n1,2\n2,3\n4,4\n",
    "comments": b"# comment\n\nx,y\n\n1,2\n# c,\"d\n3,4\n   \n\t\r\n5,9\n",
    "bad-cells": b"x,y\n1,abc\n2,\n,3\n4,5\n6,7,8\n9\n",
    "exponents": b"x,y\n1e308,1e-308\n1e400,2\n-1e-400,3\n4.9e-324,5\n2,1E+2\n",
    "unterminated": b'x,y\n1,2\n"3,4\n5,6\n',
    "after-quote": b'x,y\n1,2\n"3"a,4\n',
    "no-final-newline": b"x,y\n1,2\n3,4",
    "wide": b"a,b,c,d,e\n1,2,3,4,5\n2,3,5,7,11\n3,5,8,13,21\n4,7,12,19,33\n",
    "weights": b"x,y,w\n1,2,1\n2,3,0\n3,5,-1\n4,4,2\n5,6,0.5\n",
    "nul": b"x,y\n1\x002,3\n4,5\n",
    "empty": b"",
    "newline": b"\n",
    "long-field": b"x,y\n" + b"1" * 300 + b",2\n3," + b"0" * 200 + b"4\n",
    "cr-only": b"x,y\r1,2\r3,4\r",
    "constant-x": b"x,y\n1,2\n1,3\n1,4\n",
    "exact": b"x,y\n1,2\n2,4\n3,6\n",
    "mtcars": b"mpg,wt,hp,qsec\n21,2.62,110,16.46\n21,2.875,110,17.02\n"
              b"22.8,2.32,93,18.61\n21.4,3.215,110,19.44\n18.7,3.44,175,17.02\n",
    "collinear": b"a,b,c,w\n1,2,3,1\n2,4,5,1\n3,6,7,2\n4,8,10,1\n",
    "blank-names": b",\n1,2\n3,4\n",
    "dup-names": b"x,x,y\n1,2,3\n4,5,6\n",
}
SEMI = {
    "semicolon": b"x;y\n1;2\n3;4\n5;5\n",
    "decimal-comma": b"x;y\n1,5;2,5\n2,5;3,5\n",
    "semi-quoted": b'"x;1";y\n"1";"2"\n3;"4;"\n',
}
TSV = {
    "tsv": b"x\ty\n1\t2\n3\t4\n5\t7\n",
    "tsv-blanks": b"x\ty\n1\t\t2\n \t3\n4 \t 5\n",
    "tsv-quotes": b'"x"\t"y"\n"1\t2"\t3\n4\t5\n',
}
WS = {
    "whitespace": b"  x   y\n 1  2\n\t3\t\t4 \n5 6\n",
    "whitespace-crlf": b"x y\r\n1 2\r\n \r\n3 4\r\n",
    "whitespace-quotes": b'x "y z"\n1 "2"\n3 4\n',
}

NUMBERS = [
    b"0", b"-0", b"1.5", b"  2.25\t", b"+3", b".5", b"5.", b"-.25e1",
    b"1e400", b"-1e400", b"1e-400", b"4.9e-324", b"2.4703282292062327e-324",
    b"2.2250738585072014e-308", b"2.2250738585072011e-308",
    b"1.7976931348623157e308", b"1.7976931348623159e308",
    b"123456789012345678901234567890", b"0.1000000000000000055511151231257827",
    b"9007199254740993", b"9007199254740992", b"9007199254740993.0",
    b"inf", b"nan", b"-Infinity", b"0x1p3", b"0X1A", b"1,5", b"1 000",
    b"1e", b"1e+", b"e5", b"-", b".", b"", b"   ", b"1e99999999999",
    b"0.0000000000000000000000000000001e30", b"1_000", "\uff11".encode(),
    b"12345678901234567890e-10", b"3.14159265358979323846264338327950288",
    b"00000000000000000000001.5", b"1.0e+22", b"1e23", b"1e22",
    b"8.98846567431158e307", b"0.000000000000000000000000000000000000001",
    b"1\x00", b"- 1", b"1.2.3", b"1e5.5", b"++1", b"1d5", b"\t-7\t",
    b"4503599627370497.5", b"123456789012345678e-300",
]

JSON = {
    "pairs": b"[[1,2],[2,3],[3,5]]",
    "objects": b'[{"x":1,"y":2},{"x":2,"y":3.5},{"x":3,"y":"4.5"}]',
    "columns": b'{"x":[1,2,3],"y":[2,4,7]}',
    "columns-strings": b'{"y":["2","4","7e0"],"x":[1,2,3],"w":[1,2,3]}',
    "request": b'{"input":[{"x":1,"y":2},{"x":2,"y":3},{"x":4,"y":9}],'
               b'"predict":[5,6.5]}',
    "request-arrays": b'{"input":[[1,2],[2,3],[3,5]],"predict":[[1],[2,3]]}',
    "request-bad-predict": b'{"input":[[1,2],[2,3]],"predict":"no"}',
    "request-names": b'{"input":[{"a":1,"b":2,"c":3,"w":1},{"a":2,"b":1,'
                     b'"c":4,"w":2},{"a":3,"b":4,"c":2,"w":1},{"a":5,"b":3,'
                     b'"c":9,"w":0.5}],"predict":[[1,2],[3,4]]}',
    "ndjson-objects": b'{"x":1,"y":2}\n{"x":2,"y":3}\n\n{"x":3,"y":5}\n',
    "ndjson-pairs": b"[1,2]\n[2,3]\n[3,5]\n",
    "ndjson-crlf": b'{"x":1,"y":2}\r\n{"x":2,"y":3}\r\n{"x":4,"y":1}',
    "ndjson-bad": b'{"x":1,"y":2}\n{"x":2,"y":\n{"x":3,"y":5}\n',
    "truncated": b"[[1,2],[2,",
    "truncated-object": b'{"x":[1,2',
    "extra-close": b"[1,2]]",
    "junk-after": b'{"x":1,"y":2} junk',
    "missing-comma": b"[[1,2] [3,4]]",
    "string": b'"str"',
    "number": b"42",
    "null": b"null",
    "empty-array": b"[]",
    "empty-object": b"{}",
    "comma": b"[,]",
    "deep-arrays": b"[" * 300 + b"]" * 300,
    "deep-objects": b'{"x":' * 100 + b"1" + b"}" * 100,
    "deep-row": b"[[" + b"[" * 50 + b"1" + b"]" * 50 + b",2]]",
    "bad-values": b'[[1,null],[2,"abc"],[3,true],[1e400,2],[4,5],[6],[7,8]]',
    "names": b'[{"a":1,"b":2,"c":3,"w":1},{"a":2,"b":1,"c":4,"w":2},'
             b'{"a":3,"b":5,"c":2,"w":1},{"a":5,"b":3,"c":9,"w":0.5}]',
    "weights": b"[[1,2,3,1],[2,3,5,2],[3,5,4,1],[4,4,8,3],[5,1,2,-1]]",
    "bom": b"\xef\xbb\xbf \n [[1,2],[3,4],[5,7]]\n",
    "escapes": b'[{"x":"1","y":"2","n":"a\\"b\\u00e9\\n"},{"x":2,"y":3},'
               b'{"x":"\\u0031","y":4}]',
    "dup-keys": b'[{"x":1,"x":2,"y":3},{"x":2,"y":4}]',
    "columns-mismatch": b'{"x":[1,2],"y":[1]}',
    "columns-not-array": b'{"x":1,"y":2}',
    "huge-numbers": b"[[1e999,2],[-1e-999,3],[1.7976931348623157e308,1],[2,2]]",
    "multiline": b'[\n  {"x": 1, "y": 2},\n  {"x": 2,\n   "y": 3}\n,\n'
                 b'  {"x": 3, "y": "x"}\n]\n',
    "scalar-array": b"[1, 2, 3]",
    "strings-with-brackets": b'[{"x":1,"y":2,"s":"]}[{"},{"x":2,"y":4}]',
    "unterminated-string": b'[{"x":"1',
    "backslash-end": b'[["1\\',
}

CLI = [
    (0x00, CSV["simple"]), (0x00, JSON["pairs"]), (0x40, CSV["mtcars"]),
    (0x01, CSV["bad-cells"]), (0x01, JSON["bad-values"]),
    (0x02, CSV["simple"]), (0x02, JSON["request"]),
    (0x03, CSV["mtcars"]), (0x03, CSV["constant-x"]),
    (0x04, JSON["objects"]), (0x04, JSON["ndjson-objects"]),
    (0x05, CSV["mtcars"]), (0x05, CSV["bad-cells"]), (0x05, CSV["quotes"]),
    (0x06, JSON["ndjson-objects"]), (0x06, JSON["ndjson-bad"]),
    (0x07, WS["whitespace"]), (0x08, SEMI["semicolon"]),
    (0x09, CSV["wide"]), (0x09, JSON["weights"]),
    (0x0a, CSV["weights"]), (0x0a, JSON["weights"]),
    (0x0b, CSV["simple"]), (0x0b, JSON["columns"]),
    (0x0c, CSV["noheader"]), (0x0c, CSV["simple"]),
    (0x0d, CSV["mtcars"]), (0x0d, CSV["bad-cells"]),
    (0x0d, CSV["comments"] + CSV["bad-cells"]),
    (0x0e, CSV["exact"]), (0x0e, CSV["mtcars"]),
    (0x0f, CSV["collinear"]), (0x0f, JSON["names"]),
    (0x0f, JSON["request-names"]),
    (0x50, TSV["tsv"]), (0x60, JSON["columns"]), (0x70, JSON["ndjson-pairs"]),
    (0x40, JSON["pairs"]), (0x00, CSV["crlf"]), (0x00, CSV["bom"]),
    (0x00, CSV["exponents"]), (0x00, CSV["unterminated"]),
    (0x00, JSON["truncated"]), (0x00, JSON["deep-arrays"]),
    (0x00, CSV["empty"]), (0x05, CSV["empty"]),
]


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    # fuzz_csv: control byte = delimiter | chunk << 2 | eintr << 5 | prefix << 6
    k = 0
    for delim, group in ((0, CSV), (1, SEMI), (2, TSV), (3, WS)):
        for name, data in group.items():
            chunk = k % 8
            eintr = (k // 8) % 2
            prefix = k % 4
            write("csv", name, bytes([delim | chunk << 2 | eintr << 5 |
                                      prefix << 6]) + data)
            k += 1
    for i, data in enumerate(NUMBERS):
        write("number", "%02d" % i, data)
    for name, data in JSON.items():
        write("json", name, data)
    for i, (ctl, data) in enumerate(CLI):
        write("cli", "%02d-%x" % (i, ctl), bytes([ctl]) + data)


if __name__ == "__main__":
    main()
