#!/usr/bin/env python3
"""Hard look-alike regression datasets with exact reference values (see README.md).

    python3 tests/data/hard/gen.py [--check]

Rewrites every file in tests/data/hard/.  --check also re-derives the NIST sets in
$LINREG_SHARED/data/nist (default ../shared) and compares with NIST's certificates.
Deterministic: fixed-seed random.Random(..).random() only, all values built and
rounded in fractions.Fraction.  Needs python3 and mpmath only.
"""
import json
import math
import os
import random
import sys
from fractions import Fraction as F
from math import comb

import mpmath

HERE = os.path.dirname(os.path.abspath(__file__))
SIG = 20


def rnd(q, k):
    """q rounded half-even to k decimals."""
    return F(round(q * 10 ** k), 10 ** k)


def dec(q):
    """Exact decimal string of a terminating Fraction."""
    q, k = F(q), 0
    while (q * 10 ** k).denominator != 1:
        k += 1
        assert k < 60, q
    d = str(abs(q * 10 ** k).numerator).rjust(k + 1, "0")
    return ("-" if q < 0 else "") + d[:len(d) - k] + ("." + d[len(d) - k:] if k else "")


def _exp10(a):
    """floor(log10(a)), a > 0, exact."""
    e = len(str(a.numerator)) - len(str(a.denominator))
    while a >= F(10) ** (e + 1):
        e += 1
    while a < F(10) ** e:
        e -= 1
    return e


def sig(q, n=SIG):
    """q rounded half-even to n significant digits; plain for 1e-5 <= |q| < 1e21,
    else d.dddE-xx; trailing zeros dropped when exact ("1", "0.001")."""
    q = F(q)
    if q == 0:
        return "0"
    s = "-" if q < 0 else ""
    a = abs(q)
    e = _exp10(a)
    scale = F(10) ** (e - n + 1)
    m = round(a / scale)
    if m == 10 ** n:
        m //= 10
        e += 1
        scale *= 10
    d = str(m)
    if m * scale == a:
        d = d.rstrip("0") or "0"
    if -5 <= e < 21:
        L = len(d)
        if e + 1 >= L:
            body = d + "0" * (e + 1 - L)
        elif e + 1 <= 0:
            body = "0." + "0" * (-(e + 1)) + d
        else:
            body = d[:e + 1] + "." + d[e + 1:]
    else:
        body = d[0] + ("." + d[1:] if len(d) > 1 else "") + "E%+03d" % e
    return s + body


def mpf_to_fraction(v):
    man, exp = v.man_exp
    return F(man) * F(2) ** exp if exp >= 0 else F(man, 2 ** (-exp))


def sqrt_sig(q):
    """sqrt of a non-negative Fraction, 20 significant digits (mpmath at 60)."""
    if q == 0:
        return "0"
    with mpmath.workdps(60):
        rn, rd = math.isqrt(q.numerator), math.isqrt(q.denominator)
        if rn * rn == q.numerator and rd * rd == q.denominator:
            return sig(F(rn, rd))                       # exact square
        r = mpmath.sqrt(mpmath.mpf(q.numerator) / q.denominator)
        return sig(mpf_to_fraction(r))


def gram(X):
    p = len(X[0])
    return [[sum(r[i] * r[j] for r in X) for j in range(p)] for i in range(p)]


def exact_rank(A):
    A = [row[:] for row in A]
    n, m = len(A), len(A[0])
    rank = 0
    for c in range(m):
        piv = next((r for r in range(rank, n) if A[r][c] != 0), None)
        if piv is None:
            continue
        A[rank], A[piv] = A[piv], A[rank]
        for r in range(n):
            if r != rank and A[r][c] != 0:
                f = A[r][c] / A[rank][c]
                A[r] = [a - f * b for a, b in zip(A[r], A[rank])]
        rank += 1
    return rank


def inverse(A):
    """Exact inverse (Gauss-Jordan)."""
    n = len(A)
    M = [list(A[i]) + [F(int(i == j)) for j in range(n)] for i in range(n)]
    for c in range(n):
        piv = next((r for r in range(c, n) if M[r][c] != 0), None)
        if piv is None:
            raise ZeroDivisionError("singular matrix")
        M[c], M[piv] = M[piv], M[c]
        pv = M[c][c]
        M[c] = [v / pv for v in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[c])]
    return [row[n:] for row in M]


def fit(X, y, intercept):
    """Exact OLS. Returns dict of Fractions plus the certified strings."""
    n, p = len(X), len(X[0])
    A = gram(X)
    Ainv = inverse(A)
    Xty = [sum(r[i] * yi for r, yi in zip(X, y)) for i in range(p)]
    b = [sum(Ainv[i][j] * Xty[j] for j in range(p)) for i in range(p)]
    res = [yi - sum(bj * xj for bj, xj in zip(b, r)) for r, yi in zip(X, y)]
    sse = sum(e * e for e in res)
    if intercept:
        my = sum(y) / n
        sst = sum((yi - my) ** 2 for yi in y)
    else:
        sst = sum(yi * yi for yi in y)   # uncentred, as NIST and R for no intercept
    s2 = sse / (n - p)
    r2 = 1 - sse / sst
    return {
        "b": b, "sse": sse, "s2": s2, "r2": r2,
        "cert": {
            "beta": [sig(v) for v in b],
            "sd": [sqrt_sig(s2 * Ainv[i][i]) for i in range(p)],
            "rsd": sqrt_sig(s2),
            "r2": sig(r2),
        },
    }


def cond(X):
    """2-norm cond(X) = sqrt(lmax/lmin) of the exact X'X, mpmath.eigsy, 120 digits."""
    A = gram(X)
    with mpmath.workdps(120):
        M = mpmath.matrix([[mpmath.mpf(v.numerator) / v.denominator for v in row]
                           for row in A])
        ev = mpmath.eigsy(M, eigvals_only=True)
        ev = sorted(ev)
        return mpmath.sqrt(ev[-1] / ev[0])


def cond_svd(X):
    """cond() cross-check: mpmath SVD of X, 60 digits."""
    with mpmath.workdps(60):
        M = mpmath.matrix([[mpmath.mpf(v.numerator) / v.denominator for v in row]
                           for row in X])
        s = mpmath.svd_r(M, compute_uv=False)
        s = sorted(s[i] for i in range(len(s)))
        return s[-1] / s[0]


def poly_design(xs, deg):
    return [[x ** k for k in range(deg + 1)] for x in xs]


def to_unit(v):
    """Exact affine map onto [-1, 1]."""
    lo, hi = min(v), max(v)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    return [(a - mid) / half for a in v]


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name + ".csv"), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def read_csv(path):
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip()]
    header = lines[0].split(",")
    rows = [[F(v) for v in l.split(",")] for l in lines[1:]]
    return header, rows


def write_cert(name, obj):
    with open(os.path.join(HERE, name + ".cert.json"), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def irwin_hall(rng):
    """About N(0,1): sum of 12 uniforms - 6, exact."""
    return sum(F(rng.random()) for _ in range(12)) - 6


# Filip-like curve: NIST's certified Filip polynomial as a Chebyshev series in
# t = (x + 5.93)/2.85 (i.e. on [-8.78, -3.08]), rounded to 4 digits.
FILIP_CHEB = ["0.8496", "0.08804", "-0.01189", "-0.01366", "0.01184", "0.0008532",
              "-0.0092", "-0.00006312", "0.003539", "-0.003791", "-0.002783"]


def cheb_eval(cs, t):
    b1 = b2 = F(0)
    for c in reversed(cs[1:]):
        b1, b2 = 2 * t * b1 - b2 + c, b1
    return t * b1 - b2 + cs[0]


def make_filip():
    rng = random.Random(20240917)
    lo, hi = F("-8.78"), F("-3.08")
    base = [lo, hi]
    m = 66
    for i in range(1, m + 1):          # irregular interior points
        u = (F(i) - F(1, 2) + F(rng.random()) * F(9, 10) - F(9, 20)) / m
        base.append(rnd(lo + (hi - lo) * u, 9))
    rep = []
    idx = list(range(len(base)))
    for _ in range(82 - len(base)):    # 14 exact repeats, as Filip repeats x
        rep.append(base[idx[int(rng.random() * len(idx))]])
    xs = base + rep
    rng.shuffle(xs)                    # order unsorted, like the NIST file
    cs = [F(c) for c in FILIP_CHEB]
    ys = []
    for x in xs:
        t = (x - F("-5.93")) / F("2.85")
        ys.append(rnd(cheb_eval(cs, t) + F("0.0033") * irwin_hall(rng), 4))
    return xs, ys


def wampler1_y(x):
    return sum(x ** k for k in range(6))


def make_wampler_noise():
    """e exactly orthogonal to 1..x^5 on x = 0..20, and a small fixed r (README)."""
    rng = random.Random(5)
    w = [(25 + int(rng.random() * 11)) * (-1) ** j for j in range(15)]
    d6 = [comb(6, i) * (-1) ** (6 - i) for i in range(7)]   # 6th difference

    def dt(w):                       # e = D6' w: integer, orthogonal to deg <= 5
        e = [0] * 21
        for j, wj in enumerate(w):
            for i, c in enumerate(d6):
                e[j + i] += c * wj
        return e
    s = [wampler1_y(F(i)) for i in range(21)]
    ssr = sum((v - sum(s) / 21) ** 2 for v in s)
    target = ssr * (1 / F("0.957") - 1) / 10 ** 4      # wanted sum of e^2
    scale = math.sqrt(float(target / sum(v * v for v in dt(w))))  # IEEE sqrt
    e = dt([round(F(scale) * v) for v in w])
    r = [(7 * i) % 5 - 2 for i in range(21)]
    return e, r


def make_multi(collinear):
    rng = random.Random(303 if collinear else 404)
    rows = []
    for i in range(30):
        x1 = rnd(1 + F(rng.random()) * 19, 3)
        x2 = rnd(F(1, 2) + F(rng.random()) * F(19, 2), 3)
        if collinear:
            x3 = x1 + 2 * x2                         # exactly, in decimal
        else:
            # independent disturbance of about 1e-6 relative to x3 (~ 5..40)
            e = F(int(rng.random() * 61) - 30, 10 ** 6)
            if e == 0:
                e = F(1, 10 ** 6)
            x3 = x1 + 2 * x2 + e
        yv = (2 + F(1, 2) * x1 - F(5, 4) * x2 + F(3, 4) * x3
              + F(2, 10 ** 5) * irwin_hall(rng))
        rows.append((x1, x2, x3, rnd(yv, 6)))
    return rows


def fmt_cond(c):
    return mpmath.nstr(c, 3) if c is not None else "n/a"


def entry(name, header, rows, design, model, intercept=True, collinear=None):
    """Write NAME.csv, read it back, certify it exactly."""
    write_csv(name, header, [[dec(v) for v in r] for r in rows])
    _, rows = read_csv(os.path.join(HERE, name + ".csv"))
    X, XU = design(rows)          # raw design and the one on [-1, 1] (or None)
    ys = [r[-1] for r in rows]
    d = {"name": name, "n": len(X), "model": model, "X": X, "cond_unit": None}
    if collinear:
        d["rank"] = exact_rank(gram(X))
        assert d["rank"] < len(X[0])
        write_cert(name, {"model": model, "collinear": collinear})
        return dict(d, r2=None, cond=None, cert=None)
    r = fit(X, ys, intercept)
    cert = dict(r["cert"], model=model)
    write_cert(name, cert)
    d.update(r2=r["r2"], sse=r["sse"], cert=cert, cond=cond(X))
    if XU:
        d["cond_unit"] = cond(XU)
    return d


def poly(deg):
    def design(rows):
        xs = [r[0] for r in rows]
        return poly_design(xs, deg), poly_design(to_unit(xs), deg)
    return design


def multi(rows):
    cols = [to_unit(list(c)) for c in zip(*[r[:-1] for r in rows])]
    return ([[F(1)] + r[:-1] for r in rows],
            [[F(1)] + list(u) for u in zip(*cols)])


def check_nist():
    nist = os.path.join(os.environ.get("LINREG_SHARED") or
                        os.path.join(HERE, "../../../../shared"), "data", "nist")
    ok = True
    for name, deg in (("Norris", 1), ("Pontius", 2), ("Wampler1", 5), ("Longley", 1)):
        try:
            _, rows = read_csv(os.path.join(nist, name + ".csv"))
            want = json.load(open(os.path.join(nist, name + ".cert.json")))
        except OSError:
            print("check: %s not found in %s, skipped" % (name, nist))
            continue
        X = (poly_design([r[0] for r in rows], deg) if deg > 1
             else [[F(1)] + r[:-1] for r in rows])
        got = fit(X, [r[-1] for r in rows], True)["cert"]
        worst = 99.0
        for key in ("beta", "sd", "rsd", "r2"):
            for a, b in zip(*[v if isinstance(v, list) else [v]
                              for v in (got[key], want[key])]):
                a, b = mpmath.mpf(a), mpmath.mpf(b)
                if a != b:
                    err = abs(a - b) / abs(b) if b else abs(a)
                    worst = min(worst, float(-mpmath.log10(err)))
        print("check: %-8s agrees with NIST's 15-digit certificate to %s digits"
              % (name, "all" if worst >= 99 else "%.1f" % worst))
        ok = ok and worst >= 14
    return ok


def main():
    out = []

    xs, ys = make_filip()
    out.append(entry("filip_like", ["x", "y"], list(zip(xs, ys)), poly(10), "poly10"))
    xw = [F(i) for i in range(21)]
    w2 = [sum(F(1, 10 ** k) * x ** k for k in range(6)) for x in xw]
    out.append(entry("wampler2_like", ["x", "y"], list(zip(xw, w2)), poly(5), "poly5"))
    assert out[-1]["sse"] == 0
    e, rr = make_wampler_noise()
    for name, k in (("wampler3_like", 1), ("wampler4_like", 100),
                    ("wampler5_like", 10000)):
        yv = [wampler1_y(x) + k * ei + ri for x, ei, ri in zip(xw, e, rr)]
        out.append(entry(name, ["x", "y"], list(zip(xw, yv)), poly(5), "poly5"))
    origin = lambda rows: ([[r[0]] for r in rows], None)
    out.append(entry("noint1", ["x", "y"], [(F(x), F(x + 70)) for x in range(60, 71)],
                     origin, "origin1", intercept=False))
    out.append(entry("noint2", ["x", "y"], [(F(4), F(3)), (F(5), F(4)), (F(6), F(4))],
                     origin, "origin1", intercept=False))
    hx = ["x1", "x2", "x3", "y"]
    rows = make_multi(True)
    assert all(r[2] == r[0] + 2 * r[1] for r in rows)
    out.append(entry("collinear", hx, rows, multi, "multi3", collinear="x3"))
    out.append(entry("near_collinear", hx, make_multi(False), multi, "multi3"))

    # cross-check the eigenvalue route against an SVD of the worst design
    c_svd = cond_svd(out[0]["X"])
    rel = abs(c_svd - out[0]["cond"]) / c_svd
    assert rel < mpmath.mpf("1e-20"), rel

    write_readme(out, e, rr)

    print("%-15s %3s  %-7s %-10s %-10s %s" % ("dataset", "n", "model", "cond(X)",
                                           "cond(unit)", "R^2"))
    for d in out:
        print("%-15s %3d  %-7s %-10s %-10s %s" % (
            d["name"], d["n"], d["model"],
            "inf" if d["cond"] is None else fmt_cond(d["cond"]),
            fmt_cond(d["cond_unit"]),
            d["cert"]["r2"] if d["cert"] else "- (rank %d of 4)" % d["rank"]))

    if "--check" in sys.argv[1:]:
        if not check_nist():
            sys.exit(1)


def write_readme(out, e, rr):
    d = {x["name"]: x for x in out}
    c = lambda n: fmt_cond(d[n]["cond"])
    cu = lambda n: fmt_cond(d[n]["cond_unit"])
    r2 = lambda n: sig(d[n]["r2"], 12)
    b = lambda n, k: d[n]["cert"]["beta"][k]
    rows = ""
    for x in out:
        if x["name"] == "collinear":
            rows += "| collinear | 30 | multi3 | inf (rank 3 of 4) | inf | - |\n"
        else:
            rows += "| %s | %d | %s | %s | %s | %s |\n" % (
                x["name"], x["n"], x["model"], fmt_cond(x["cond"]),
                fmt_cond(x["cond_unit"]), r2(x["name"]))
    text = README % dict(
        rows=rows, cheb=", ".join(FILIP_CHEB), fb0=b("filip_like", 0),
        fb10=b("filip_like", 10), frsd=d["filip_like"]["cert"]["rsd"],
        fc=c("filip_like"), fcu=cu("filip_like"), fr2=r2("filip_like"),
        wc=c("wampler2_like"), wcu=cu("wampler2_like"),
        e=", ".join(str(v) for v in e), r=", ".join(str(v) for v in rr), w3=r2("wampler3_like"),
        w4=r2("wampler4_like"), w5=r2("wampler5_like"),
        w5b0=b("wampler5_like", 0), w5b5=b("wampler5_like", 5),
        n1=b("noint1", 0), n1r2=r2("noint1"), n2=b("noint2", 0), n2r2=r2("noint2"),
        nc=c("near_collinear"), ncu=cu("near_collinear"), ncr2=r2("near_collinear"),
        ncb3=b("near_collinear", 3), ncsd3=d["near_collinear"]["cert"]["sd"][3])
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write(text)


README = """# Hard look-alike datasets with exact reference values

Look-alikes of the hardest NIST StRD linear datasets (Filip, Wampler2-5,
NoInt1/2), an exactly collinear trap and a nearly collinear set.  Regenerate
all files here (CSV, `.cert.json`, this README) with

    python3 tests/data/hard/gen.py

(`--check` also tests the method on the NIST sets in `$LINREG_SHARED/data/nist`.)
Deterministic (fixed-seed `random.Random(..).random()`, rounding in
`fractions.Fraction`); needs mpmath.

Layout as `data/nist/`: `NAME.csv` (header `x,y` or `x1,x2,x3,y`, short exact
decimals) and `NAME.cert.json` (`beta`: intercept, then ascending powers or
x1..x3; `sd`; `rsd`; `r2`; `model`: `poly10`, `poly5`, `origin1` = y = B1 x
without intercept, `multi3` = y on x1..x3 with intercept).  Values are exact
for the CSV's decimal strings (`Fraction(str)`, X'X b = X'y by Gauss-Jordan in
rationals, exact SSE; sd = sqrt(diag(s^2 (X'X)^-1)), s^2 = SSE/(n-p), rsd = s,
roots by mpmath at 60 digits), rounded half-even to 20 significant digits
(exact shorter values in full).  R^2 is centred, or uncentred
(1 - SSE/sum y^2) for `origin1`, as NIST and R.  They certify these files
only, not NIST's.

cond: 2-norm condition number of the design, sqrt of the eigenvalue ratio of
the exact X'X (mpmath.eigsy, 120 digits; equals mpmath.svd_r of X for
filip_like).  "raw": [1, x, .., x^d] or [1, x1, x2, x3]; "[-1,1]": each
predictor first mapped affinely onto [-1, 1].

| dataset | n | model | cond raw | cond [-1,1] | R^2 |
|---|---|---|---|---|---|
%(rows)s
**filip_like** (`poly10`, 82 rows).  x: -8.78, -3.08 and 66 irregular interior
points (one per 1/66 of the range, jittered up to 0.45 step) with 9 decimals,
plus 14 exact repeats (Filip repeats x too); rows shuffled.  y: a curve shaped
like Filip's (its certified polynomial as a Chebyshev series in
t = (x + 5.93)/2.85, 4 digits: %(cheb)s) plus 0.0033 * (sum of 12 uniforms
- 6), 4 decimals (0.76-0.95).  As Filip's, the coefficients are large and all
negative: B0 = %(fb0)s, B10 = %(fb10)s; rsd = %(frsd)s.  cond raw = %(fc)s
(Filip: 1.8e15; R's lm drops x^10 on both at its default tol),
[-1,1]: %(fcu)s.  R^2 = %(fr2)s.

**wampler2_like** (`poly5`, 21 rows).  NIST's Wampler2 itself: x = 0..20,
y = 1 + 0.1x + 0.01x^2 + 0.001x^3 + 1e-4 x^4 + 1e-5 x^5 exactly (e.g. 1.11111).
Exact fit: beta = 1, 0.1, .., 0.00001, sd = rsd = 0 (use an absolute
tolerance), R^2 = 1.  cond raw = %(wc)s, [-1,1]: %(wcu)s.

**wampler3_like, wampler4_like, wampler5_like** (`poly5`, 21 rows).  x = 0..20,
y = 1 + x + .. + x^5 + k e(x) + r(x), k = 1, 100, 10000 (NIST's factors),
integers.  e = D6' w: the transposed 6th-difference operator applied to a
seeded alternating integer w (so e is integer and exactly orthogonal to every
polynomial of degree <= 5, as NIST's noise), w scaled so that k = 100 gives
R^2 = 0.957: e = %(e)s.  r(x) = (7x mod 5) - 2 = %(r)s, the same for the three
sets, moves the coefficients slightly off NIST's exact 1s without making them
larger, so the noise costs as many digits as in NIST's sets.
R^2 = %(w3)s, %(w4)s, %(w5)s (NIST 0.999996, 0.957, 0.00225).
wampler5_like: B0 = %(w5b0)s, B5 = %(w5b5)s.  cond raw = %(wc)s, [-1,1]:
%(wcu)s: the design is mild, the noise is what costs digits.

**noint1** (`origin1`, 11 rows).  NIST's NoInt1: x = 60..70, y = 130..140,
y = B1 x: B1 = %(n1)s (NIST 2.07438016528926), uncentred R^2 = %(n1r2)s,
10 degrees of freedom.  One column: cond 1.

**noint2** (`origin1`, 3 rows).  NIST's NoInt2: x = 4, 5, 6, y = 3, 4, 4:
B1 = 8/11 = %(n2)s, uncentred R^2 = %(n2r2)s, 2 degrees of freedom.

**collinear** (`multi3`, 30 rows).  x1 in [1, 20], x2 in [0.5, 10] (3 decimals,
seeded), x3 = x1 + 2*x2 exactly in decimal; y = 2 + 0.5 x1 - 1.25 x2 +
0.75 x3 + 2e-5 * (sum of 12 uniforms - 6), 6 decimals.  The exact X'X has rank
3 of 4 (as doubles, x1 + 2*x2 and x3 may differ in the last bit: a rank
tolerance is needed).  A correct tool refuses the fit or reports x3 aliased
(R's lm: NA).  The cert is only `{"model": "multi3", "collinear": "x3"}`
(no `beta`).

**near_collinear** (`multi3`, 30 rows).  As collinear (other seed) but
x3 = x1 + 2*x2 + d, d an independent nonzero multiple of 1e-6 in
[-3e-5, 3e-5] (about 1e-6 of x3), 6 decimals.  Full rank: must be fitted.
cond raw = %(nc)s, [-1,1]: %(ncu)s; R^2 = %(ncr2)s; B3 = %(ncb3)s
(sd %(ncsd3)s).
"""


if __name__ == "__main__":
    main()
