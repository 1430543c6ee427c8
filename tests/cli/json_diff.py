#!/usr/bin/env python3
"""json_diff.py - the JSON reader's fast path against its general path.

Generates JSON arrays and NDJSON documents of points (numbers of every
shape JSON allows and some it does not, strings, nulls, literals, nested
values, escapes, duplicate keys, blanks of every kind), mutates some of
them byte by byte (deleted, inserted, doubled, cut), and runs each
through linreg with several option sets twice: with the fast path
(default) and without it (LINREG_JSON_FAST=0, every element through
cJSON).  The exit status, standard output and standard error must be
the same bytes.  The reference is the general path, which the existing
tests hold to the JSON rules; this checks that the fast path never
decides anything differently.

usage: json_diff.py LINREG [DOCS [SEED]]   (default 150 documents, seed 1)
Prints one line per difference (and the document to tmp), exits 1 if any.
"""
import os
import random
import subprocess
import sys
import tempfile

OPTION_SETS = [
    [],
    ["--skip-invalid"],
    ["-x", "a", "-y", "b", "--skip-invalid"],
    ["-x", "1", "-y", "2"],
    ["--weights", "w", "--skip-invalid", "--format", "json"],
    ["-g", "g", "--skip-invalid"],
    ["-g", "g,a", "--format", "json"],
    ["-x", "x,a", "-y", "y", "--skip-invalid", "--format", "json"],
    ["-F", "y ~ x + I(x^2)", "--skip-invalid"],
    ["--fitted", "--skip-invalid"],
    ["--na-action", "fail"],
    ["--max-record", "40", "--skip-invalid"],
    ["-x", "x", "-y", "x", "--weights", "x"],
]


EDGE_NUMBERS = [
    "0", "-0", "-0.0", "1e22", "1e23", "1e-22", "1e-23", "1e999",
    "-1e400", "4.9e-324", "1e-400", "2.2250738585072011e-308",
    "1" * 70, "1." + "0" * 64, "1." + "0" * 61, "12345678.123456789",
    "1E+5", "1e05", "01", "1.", ".5", "+1", "-", "1e", "1e+", "NaN",
    "Infinity", "0x10", "1.5.3", "-01", "00", "9007199254740993", "1e5e5",
    "1-2", "1.e5", "--1", "1 2", "0.1e-0", "-0e0", "1E-0007"]
EDGE_VALUES = [
    '"1.5"', '"abc"', '"a b"', '""', '"NA"', '"2024-01-02"', '"a\\"b"',
    '"\\u0041"', '"\\u0000"', '"x\ty"', 'null', 'true', 'false', '[1]',
    '{"a": 1}', '[]', '{}', '"\xc3\xa9"', '"\xff"', 'nul', 'nullx', 'truex',
    'fals', '"1e999"', '"-0"', '[1, 2]', '{"x": 1, "x": 2}', '"\x01"',
    '"a\\u0000b"', '"\x7f"', '"unterminated', "'1'", '1\x0c', '\x00',
    '"1,5"', '" 1.5 "', '"+1"']
EDGE_BLANKS = ["\x0c", "\x0b", "\x00", "\xa0", "\x1f", "\r\r", "\n"]


def number(r, odd):
    """A number token: valid JSON of every width and form, or with
    probability odd one of the edge cases (some not JSON)."""
    k = r.random() * 0.78 if r.random() >= odd else 0.78 + r.random()
    s = "-" if r.random() < 0.4 else ""
    if k < 0.5:
        d = r.randint(0, 7)
        v = r.uniform(0, 10 ** r.randint(0, 7))
        return s + "%.*f" % (d, v)
    if k < 0.65:
        t = "%.*e" % (r.randint(0, 9), r.uniform(1, 10))
        return s + t.replace("e+0", r.choice(["e", "E+", "e+0"])) \
            .replace("e-0", r.choice(["e-", "E-0"]))
    if k < 0.72:
        return s + str(r.randint(0, 10 ** r.randint(1, 25)))
    if k < 0.78:
        return s + "0." + "0" * r.randint(0, 30) + str(r.randint(1, 999))
    return r.choice(EDGE_NUMBERS)


def value(r, odd):
    """A member's value: a number, or with probability odd anything."""
    if r.random() >= odd:
        return number(r, odd)
    return r.choice(EDGE_VALUES)


def blank(r, lf, odd):
    """Blanks between tokens: none mostly, else any, some (with
    probability odd) not JSON's."""
    k = r.random()
    if k < 0.6:
        return ""
    if r.random() >= odd:
        return r.choice([" ", "  ", "\t", " \r"] + (["\n", "\n  "] if lf
                                                    else []))
    return r.choice(["\x0c", "\x0b", "\x00", "\xa0", "\r\n" if lf else " "])


def record(r, lf, odd, arrays, force=None):
    """An object or (with probability arrays) array row; force, when
    given, is put in place of one of its values or blanks."""
    if r.random() < arrays:
        vals = [value(r, odd) for _ in range(r.randint(2, 5)
                                             if r.random() >= odd else
                                             r.randint(0, 18))]
        if force and vals:
            vals[r.randrange(len(vals))] = force
        b = lambda: blank(r, lf, odd)
        return "[" + b() + ("," + b()).join(v + b() for v in vals) + "]"
    keys = ["x", "y", "w", "g", "a", "b"]
    r.shuffle(keys)
    keys = keys[:r.randint(2, 6)]
    if "x" not in keys and r.random() >= odd:
        keys.append("x")
    if "y" not in keys and r.random() >= odd:
        keys.insert(0, "y")
    if r.random() < odd / 3:
        keys.append(r.choice(keys))          # a key twice
    if r.random() < odd / 3:
        keys.append("x\\u0031")                # an escape in a key
    if r.random() < odd / 3:
        keys.extend("k%d" % i for i in range(r.randint(8, 17)))
    parts = []
    at = r.randrange(len(keys)) if force else -1
    for k in keys:
        if k == "w" and r.random() >= odd:
            v = r.choice(["1", "2.5", "0.5", "3e0", "1"])
        elif k == "w" and r.random() < 0.5:
            v = r.choice(["0", "-1", "-0"])
        elif k == "g" and r.random() >= odd:
            v = r.choice(['"a"', '"b"', '"c d"', "7", "-3", "0", "true",
                          "null", "123456789"])
        elif k == "g":
            v = r.choice(['"a"', '"b"', '"c d"', "7", "-3", "0", "-0",
                          "1.5", "true", "null", '"\\u0061"', "123456789",
                          "1234567890"])
        else:
            v = value(r, odd)
        b = lambda: blank(r, lf, odd)
        if at == len(parts):
            v = force
        parts.append(b() + '"' + k + '"' + b() + ":" + b() + v + b())
    return "{" + ",".join(parts) + "}"


def document(r):
    """(text, suffix): an array or NDJSON of records, maybe mutated."""
    n = r.choice([1, 2, 3, 5, 20, 200, 3000])
    nd = r.random() < 0.45
    odd = r.choice([0, 0, 0, 0.002, 0.01, 0.05, 0.3])
    arrays = r.choice([0, 0, 0.05, 1])
    rec = lambda lf: record(r, lf, odd, arrays)
    recs = [rec(not nd) for _ in range(n)]
    if odd == 0 and n > 1:
        # a clean document with a few defects, each alone in a record
        for _ in range(r.randint(1, 3)):
            force = r.choice(EDGE_NUMBERS + EDGE_VALUES + [
                r.choice(["1", "-2.5"]) + r.choice(EDGE_BLANKS)])
            recs[r.randrange(1, n)] = record(r, not nd, 0, arrays, force)
    if nd:
        lines = [blank(r, False, odd) + recs[i] + blank(r, False, odd)
                 for i in range(n)]
        for _ in range(r.randint(0, 3)):
            lines.insert(r.randint(0, len(lines)), r.choice(["", " ", "\t"]))
        text = "\n".join(lines) + ("\n" if r.random() < 0.8 else "")
    else:
        seps = [r.choice([",", ",\n", ", ", "\n,", ",\r\n  "])
                for _ in range(n)]
        text = "[" + blank(r, True, odd) + "".join(
            (seps[i] if i else "") + recs[i] for i in range(n)) + \
            blank(r, True, odd) + "]" + r.choice(["", "\n", "\n\n", " x"])
    if r.random() < 0.3:
        text = mutate(r, text)
    return text, r.choice([".ndjson", ".json"] if nd else [".json", ""])


def mutate(r, text):
    for _ in range(r.randint(1, 4)):
        if not text:
            break
        i = r.randrange(len(text))
        k = r.random()
        if k < 0.3:
            text = text[:i] + text[i + 1:]
        elif k < 0.7:
            text = text[:i] + r.choice(
                ',]}[{":\\0.eE-+ \n\r\t\x00\x01\xffn') + text[i:]
        elif k < 0.9:
            j = min(len(text), i + r.randint(1, 40))
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i]
    return text


def run(linreg, args, path, fast):
    env = dict(os.environ, LC_ALL="C", LINREG_JSON_FAST="1" if fast else "0")
    p = subprocess.run([linreg, "--no-progress"] + args + [path], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def main():
    linreg = sys.argv[1]
    ndocs = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    r = random.Random(seed)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in range(ndocs):
            text, suffix = document(r)
            path = os.path.join(tmp, "doc%d%s" % (d, suffix))
            with open(path, "wb") as f:
                f.write(text.encode("latin-1"))  # every char is a byte
            for args in r.sample(OPTION_SETS, 4) + [[]]:
                a = run(linreg, args, path, True)
                b = run(linreg, args, path, False)
                if a != b:
                    bad += 1
                    keep = "/tmp/json_diff_%d_%d%s" % (seed, d, suffix)
                    with open(path, "rb") as f, open(keep, "wb") as g:
                        g.write(f.read())
                    print("differs: %s %s (fast rc %d, general rc %d)\n"
                          "  fast:    %r\n  general: %r" % (
                              keep, " ".join(args), a[0], b[0],
                              (a[1] + a[2])[-300:], (b[1] + b[2])[-300:]))
    print("json_diff: %d documents, %d differences" % (ndocs, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
