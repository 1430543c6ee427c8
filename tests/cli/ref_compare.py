#!/usr/bin/env python3
"""ref_compare.py - compare linreg's --json output with reference values.

One job: walk the wanted JSON value and check that linreg's output has the
same structure and numbers, printing every field that differs by its path
(`coefficients[2].std_error: got ..., want ...`).  Cut out of the bats file
because comparing some 60 numbers per model in bash + jq + awk, one process
per number, took seconds per model; one Python process takes ~30 ms.
Python 3 is in the test setup already (scripts/deps.sh test: it checks the
--svg pictures), and this uses only its standard library.

    ref_compare.py [--tol REL] [--abs ABS] [--only K,K] [--skip K,K] WANT GOT

WANT is FILE:ID (the "expect" object of entry ID in FILE, e.g.
tests/data/ref_models.json:iris_dot) or a plain JSON file; GOT is a JSON
file or - (standard input).  Every key of WANT must be in GOT (GOT may have
more); lists must have the same length; strings and null must be equal;
numbers within REL relative (default 1e-9), or ABS absolute (default 1e-12)
when the wanted value is 0.  Only an exact 0 is absolute: the small values
here are p-values (6e-17 and smaller), which an absolute 1e-12 would let
through whatever they were; R gives them to full relative precision.  --only / --skip: top-level keys to
compare / leave out.  Exit 0 when all agree, 1 when something differs, 2 on
bad use or unreadable input.
"""
import json
import sys


def walk(want, got, path, tol, abstol, bad):
    if isinstance(want, dict):
        if not isinstance(got, dict):
            bad.append(f"{path or '.'}: got {json.dumps(got)}, want an object")
            return
        for k, w in want.items():
            p = f"{path}.{k}" if path else k
            if k not in got:
                bad.append(f"{p}: missing")
            else:
                walk(w, got[k], p, tol, abstol, bad)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            n = len(got) if isinstance(got, list) else "not a list"
            bad.append(f"{path}: length {n}, want {len(want)}")
            return
        for i, (w, g) in enumerate(zip(want, got)):
            walk(w, g, f"{path}[{i}]", tol, abstol, bad)
    elif isinstance(want, (int, float)) and not isinstance(want, bool):
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            bad.append(f"{path}: got {json.dumps(got)}, want {want!r}")
            return
        d = abs(got - want)
        if not (d <= tol * abs(want) or (want == 0 and d <= abstol)):
            rel = d / abs(want) if want else float("inf")
            bad.append(f"{path}: got {got!r}, want {want!r} (relative {rel:.3g})")
    elif want != got:
        bad.append(f"{path}: got {json.dumps(got)}, want {json.dumps(want)}")


def load(arg):
    if arg == "-":
        return json.load(sys.stdin)
    name, _, key = arg.rpartition(":")
    if not name:
        name = arg
    with open(name) as f:
        doc = json.load(f)
    if not key or name == arg:
        return doc
    if key not in doc:
        raise KeyError(f"{name}: no entry '{key}'")
    return doc[key]["expect"]


def main(argv):
    tol, abstol, only, skip, files = 1e-9, 1e-12, None, set(), []
    it = iter(argv)
    for a in it:
        if a in ("--tol", "--abs", "--only", "--skip"):
            v = next(it, None)
            if v is None:
                break
            if a == "--tol":
                tol = float(v)
            elif a == "--abs":
                abstol = float(v)
            elif a == "--only":
                only = set(v.split(","))
            else:
                skip = set(v.split(","))
        else:
            files.append(a)
    if len(files) != 2:
        print(__doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    try:
        want, got = load(files[0]), load(files[1])
    except (OSError, ValueError, KeyError) as e:
        print(f"ref_compare: {e}", file=sys.stderr)
        return 2
    want = {k: v for k, v in want.items()
            if k not in skip and (only is None or k in only)}
    bad = []
    walk(want, got, "", tol, abstol, bad)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
