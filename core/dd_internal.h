/*
 * dd_internal.h - double-double arithmetic for the core.
 *
 * A dd is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2, which
 * carries about 32 significant decimal digits.  The error-free
 * transformations (two_sum, two_prod with fma) are exact in IEEE
 * double arithmetic with round-to-nearest, so results are the same on
 * every conforming platform (x86-64, ARM, wasm32).  The core must be
 * compiled without -ffast-math (it would reorder these sums away).
 */
#ifndef LINREG_DD_INTERNAL_H
#define LINREG_DD_INTERNAL_H

/*
 * No contraction of a * b + c into one fused operation, which would
 * change the rounding the algorithms here rely on: the Makefiles pass
 * -ffp-contract=off; clang also takes the standard pragma (GCC, in
 * ISO C mode, contracts nothing by default).
 */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include <math.h>

typedef struct dd {
	double hi, lo;
} dd;

static inline dd dd_make(double hi, double lo)
{
	dd r;
	r.hi = hi;
	r.lo = lo;
	return r;
}

static inline dd dd_from(double a)
{
	return dd_make(a, 0.0);
}

/* s + e == a + b exactly (Knuth's TwoSum; no precondition on magnitudes). */
static inline dd dd_two_sum(double a, double b)
{
	double s = a + b;
	double bb = s - a;
	double e = (a - (s - bb)) + (b - bb);
	return dd_make(s, e);
}

/* s + e == a + b exactly, given |a| >= |b| or a == 0. */
static inline dd dd_quick_two_sum(double a, double b)
{
	double s = a + b;
	return dd_make(s, b - (s - a));
}

/*
 * p + e == a * b exactly.  With a hardware fused multiply-add (the
 * compiler defines FP_FAST_FMA, e.g. with -mfma or on arm64) fma gives
 * the product's rounding error in one instruction; otherwise Dekker's
 * splitting does, without a library call per product.  The split needs
 * |a|, |b| below about 2^995; beyond that fma() (exact everywhere, if
 * slow in software) takes over.
 */
static inline dd dd_two_prod(double a, double b)
{
	double p = a * b;
#ifdef FP_FAST_FMA
	return dd_make(p, fma(a, b, -p));
#else
	double t, ah, al, bh, bl;
	if (!(fabs(a) < 0x1p995 && fabs(b) < 0x1p995))
		return dd_make(p, fma(a, b, -p));
	t = 134217729.0 * a; /* 2^27 + 1 */
	ah = t - (t - a);
	al = a - ah;
	t = 134217729.0 * b;
	bh = t - (t - b);
	bl = b - bh;
	return dd_make(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
#endif
}

static inline dd dd_add(dd a, dd b)
{
	dd s = dd_two_sum(a.hi, b.hi);
	dd t = dd_two_sum(a.lo, b.lo);
	s.lo += t.hi;
	s = dd_quick_two_sum(s.hi, s.lo);
	s.lo += t.lo;
	return dd_quick_two_sum(s.hi, s.lo);
}

static inline dd dd_add_d(dd a, double b)
{
	dd s = dd_two_sum(a.hi, b);
	s.lo += a.lo;
	return dd_quick_two_sum(s.hi, s.lo);
}

static inline dd dd_neg(dd a)
{
	return dd_make(-a.hi, -a.lo);
}

static inline dd dd_sub(dd a, dd b)
{
	return dd_add(a, dd_neg(b));
}

static inline dd dd_mul(dd a, dd b)
{
	dd p = dd_two_prod(a.hi, b.hi);
	p.lo += a.hi * b.lo + a.lo * b.hi;
	return dd_quick_two_sum(p.hi, p.lo);
}

static inline dd dd_mul_d(dd a, double b)
{
	dd p = dd_two_prod(a.hi, b);
	p.lo += a.lo * b;
	return dd_quick_two_sum(p.hi, p.lo);
}

/*
 * Multiply by a power of two: exact unless it overflows or underflows.
 * When the parts fall into the subnormals they are added again (exact),
 * so the result stays normalised (hi + lo == hi), as a state must be.
 */
static inline dd dd_ldexp(dd a, int e)
{
	return dd_two_sum(ldexp(a.hi, e), ldexp(a.lo, e));
}

static inline dd dd_div(dd a, dd b)
{
	double q1 = a.hi / b.hi;
	dd r = dd_sub(a, dd_mul_d(b, q1));
	double q2 = r.hi / b.hi;
	r = dd_sub(r, dd_mul_d(b, q2));
	double q3 = r.hi / b.hi;
	dd q = dd_quick_two_sum(q1, q2);
	return dd_add_d(q, q3);
}

/* Square root by one Newton step from the double root. */
static inline dd dd_sqrt(dd a)
{
	double x, ax;
	dd e;
	if (a.hi <= 0)
		return dd_from(a.hi == 0 ? 0.0 : NAN);
	x = 1.0 / sqrt(a.hi);
	ax = a.hi * x;
	e = dd_sub(a, dd_two_prod(ax, ax));
	return dd_add_d(dd_from(ax), e.hi * (x * 0.5));
}

static inline double dd_to_d(dd a)
{
	return a.hi + a.lo;
}

#endif
