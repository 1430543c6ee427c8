/*
 * dist_internal.h - Student's t and F distributions for the core.
 *
 * Pure functions of their arguments: no global state, no I/O, safe to
 * call from several threads.  Accuracy is about 1e-13 relative, tail
 * probabilities down to the underflow threshold included; core/dist.c
 * describes the methods and the ill-conditioned corners.
 *
 * Common conventions: a NaN argument gives NaN; so does an argument
 * outside the documented domain.  lower_tail != 0 asks for P[X <= x],
 * lower_tail == 0 for P[X > x]; neither is formed as 1 minus a value
 * near 1, so small p-values in either tail keep full relative accuracy.
 */
#ifndef LINREG_DIST_INTERNAL_H
#define LINREG_DIST_INTERNAL_H

/*
 * P[T <= t] (lower_tail != 0) or P[T > t] (lower_tail == 0) for Student's
 * t with df > 0 degrees of freedom (df real, may be huge, e.g. 1e9;
 * df = +inf gives the normal distribution).  t may be +-inf.  Returns
 * NaN for NaN input or df <= 0.
 */
double lr_dist_pt(double t, double df, int lower_tail);

/*
 * Quantile: the t with P[T <= t] = p (lower_tail) or P[T > t] = p
 * (upper).  p in [0,1]; returns -inf/+inf at the ends (and when the
 * quantile exceeds DBL_MAX, e.g. df = 0.5, p = 1e-300), NaN outside
 * [0,1], for NaN input or df <= 0.
 */
double lr_dist_qt(double p, double df, int lower_tail);

/*
 * P[F <= f] or P[F > f] for the F distribution with df1, df2 > 0 (real,
 * at most 2e100, and not both above 2e13).  f < 0 counts as 0; f may be
 * +inf.  NaN for NaN input or degrees of freedom outside that range.
 */
double lr_dist_pf(double f, double df1, double df2, int lower_tail);

/*
 * Regularised incomplete beta I_x(a,b) (lower) or 1 - I_x(a,b) (upper),
 * given both x and y = 1 - x so that callers can pass each without
 * cancellation (the smaller of the two should be accurate to a few ulp;
 * the larger is then used only where its rounding does not matter).
 * Domain: 0 <= x, y <= 1, 0 < a, b <= 1e100 and min(a, b) <= 1e13;
 * NaN otherwise.  With a or b below about 0.1 one tail can lose up to
 * log10(1/min(a,b)) digits (it is 1 minus a value near 1 there).
 */
double lr_dist_ibeta(double x, double y, double a, double b, int lower_tail);

/*
 * log(Beta(a, b)) for a, b > 0, accurate for large a and b (no
 * cancellation between lgamma terms).  NaN for NaN or a, b <= 0;
 * -inf if either is +inf.
 */
double lr_dist_lbeta(double a, double b);

#endif
