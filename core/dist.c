/*
 * dist.c - Student's t and F distributions through the regularised
 * incomplete beta function.  Plain double only (no long double), no
 * global state, no libm lgamma (it writes the global signgam).
 *
 *  - log-gamma: Stirling's series with ten Bernoulli terms for x >= 10;
 *    below, exact shifts to a Taylor series around 2.
 *  - log-beta: for a, b >= 8 the Stirling forms are combined so that
 *    the large terms cancel analytically (TOMS 708 betaln); for one
 *    small and one large argument lgamma(b) - lgamma(a+b) comes from an
 *    asymptotic form (TOMS 708 algdiv idea).
 *  - I_x(a,b): the even part of the classical continued fraction, by
 *    the modified Lentz method, on whichever of (x,a,b) and (y,b,a)
 *    converges.  Its partial denominators are polynomials in (a, b, m)
 *    plus x or y times a polynomial, so for x near 1 (large a, small b:
 *    t with many degrees of freedom) only y enters and nothing cancels;
 *    in that limit it becomes Legendre's fraction for the incomplete
 *    gamma function and converges in a few dozen terms.  The prefactor
 *    x^a y^b / B(a,b) is formed around the mode when a and b are both
 *    large, else with pow() of the smaller of x and y.
 *  - quantile: Newton on log(tail) (or on the central probability near
 *    the median), bracketed, from exact forms for df = 1, 2 or the
 *    better of a Cornish-Fisher expansion and the tail asymptote.
 *
 * Accuracy: about 1e-13 relative, down to the underflow threshold.  The
 * rounding of x, y = t^2/(df+t^2) (or of df1 f/(df1 f+df2)) is
 * amplified by the problem's own condition number: about t^2 for pt
 * with large df (8e-14 at t = 30), about sqrt(min(a,b)) near the centre
 * when both beta parameters are large (1e-11 at a = b = 5e9).
 */
#include <float.h>
#include <math.h>

#include "dist_internal.h"

#define LR_PI 3.14159265358979323846
#define LR_LN_SQRT_2PI 0.91893853320467274178  /* log(sqrt(2 pi)) */
#define LR_LN_2PI 1.83787706640934548356
#define LR_SQRT_2PI 2.50662827463100050242
#define LR_SQRT1_2 0.70710678118654757       /* sqrt(1/2), rounded */
#define LR_SQRT1_2_LO (-4.8336466567264565e-17) /* sqrt(1/2) - LR_SQRT1_2 */

/*
 * Beyond this many degrees of freedom P[T <= t] is the normal
 * probability to better than 1e-18 relative wherever it does not
 * underflow (the error is about t^4 / (4 df) and t < 40 there).
 */
#define LR_NORMAL_DF 1e25

/*
 * Cap on continued-fraction terms.  Near the mode the fraction needs
 * about 2.5 (min(a,b))^(1/3) terms: 43000 at a = b = 5e11, 120000 at
 * a = 1e13, the largest min(a,b) accepted.
 */
#define LR_CF_MAXIT 300000

/*
 * Stirling correction del(z) = lgamma(z) - ((z-0.5)log z - z + log
 * sqrt(2 pi)) for z >= 8: sum of B_2k / (2k(2k-1) z^(2k-1)), k = 1..10.
 * The first omitted term is below 2e-18 at z = 8.
 */
static double lr_dist_del(double z)
{
	static const double c[10] = {
		1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
		-691.0 / 360360, 1.0 / 156, -3617.0 / 122400,
		43867.0 / 244188, -174611.0 / 125400
	};
	double w = 1 / (z * z), s = c[9];
	int k;

	for (k = 8; k >= 0; k--)
		s = s * w + c[k];
	return s / z;
}

/*
 * lgamma(2 + e) for |e| <= 1/2 from its Taylor series
 * (1 - gamma) e + sum_k (-1)^k (zeta(k) - 1) e^k / k, k = 2..28
 * (coefficients from mpmath; the first omitted term is below 2e-19).
 * Relative accuracy holds down to e -> 0, where lgamma vanishes.
 */
static double lr_dist_lgamma2(double e)
{
	static const double c[27] = {
		0.3224670334241132, -0.067352301053198102,
		0.020580808427784546, -0.0073855510286739857,
		0.0028905103307415234, -0.001192753911703261,
		0.00050966952474304245, -0.00022315475845357939,
		9.9457512781808531e-05, -4.4926236738133142e-05,
		2.0507212775670691e-05, -9.4394882752683967e-06,
		4.3748667899074882e-06, -2.0392157538013662e-06,
		9.5514121304074194e-07, -4.4924691987645662e-07,
		2.1207184805554665e-07, -1.0043224823968099e-07,
		4.7698101693639804e-08, -2.2711094608943164e-08,
		1.0838659214896955e-08, -5.1834750419700466e-09,
		2.4836745438024785e-09, -1.1921401405860912e-09,
		5.7313672416788623e-10, -2.7595228851242334e-10,
		1.3304764374244489e-10
	};
	double s = c[26];
	int k;

	for (k = 25; k >= 0; k--)
		s = s * e + c[k];
	return e * (0.42278433509846713 + e * s);
}

/*
 * log Gamma(x) for finite x > 0, thread-safe (no signgam).  Stirling's
 * series for x >= 10; below, an exact shift down (x - n is exact) or
 * up by one or two to the Taylor series around 2, so the result keeps
 * its relative accuracy near the zeros at 1 and 2.
 */
static double lr_dist_lgamma(double x)
{
	double p;

	if (x >= 10)
		return (x - 0.5) * log(x) - x + LR_LN_SQRT_2PI
		    + lr_dist_del(x);
	if (x < 0.5)
		return lr_dist_lgamma2(x) - log(x) - log1p(x);
	if (x < 1.5)
		return lr_dist_lgamma2(x - 1) - log(x);
	p = 1;
	while (x >= 2.5) {
		x -= 1;
		p *= x;
	}
	return lr_dist_lgamma2(x - 2) + log(p);
}

/*
 * log1p(u) - u for u > -1, without the cancellation of the direct
 * difference for small |u|: with r = u / (2 + u), log1p(u) = 2 atanh(r)
 * and u - 2r = r u, so log1p(u) - u = r (2 r^2 (1/3 + r^2/5 + ...) - u).
 */
static double lr_dist_log1pmx(double u)
{
	double r, r2, s, pk;
	int k;

	if (!(fabs(u) < 0.5))
		return log1p(u) - u;
	r = u / (2 + u);
	r2 = r * r;
	s = 0;
	pk = 1;
	for (k = 1; k < 40; k++) {	/* |r| <= 1/3: 17 terms at most */
		double term = pk / (2 * k + 1);

		s += term;
		if (term < 1e-17 * s)
			break;
		pk *= r2;
	}
	return r * (2 * r2 * s - u);
}

/* lgamma(b) - lgamma(a + b) for 0 < a < 8 <= b, from Stirling's forms. */
static double lr_dist_algdiv(double a, double b)
{
	double ab = a + b;

	return a - (b - 0.5) * log1p(a / b) - a * log(ab) + lr_dist_del(b)
	    - lr_dist_del(ab);
}

/* See dist_internal.h.  Works with a <= b after swapping. */
double lr_dist_lbeta(double a, double b)
{
	double t;

	if (isnan(a) || isnan(b) || !(a > 0) || !(b > 0))
		return NAN;
	if (isinf(a) || isinf(b))
		return -INFINITY;
	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	if (a >= 8) {
		/*
		 * lgamma(a)+lgamma(b)-lgamma(a+b) = log sqrt(2 pi) - log(b)/2
		 * + (a - 1/2) log(a/(a+b)) + b log(b/(a+b)) + del terms.
		 */
		return LR_LN_SQRT_2PI - 0.5 * log(b)
		    + (a - 0.5) * log(a / (a + b)) - b * log1p(a / b)
		    + (lr_dist_del(a) + lr_dist_del(b) - lr_dist_del(a + b));
	}
	if (b >= 8)
		return lr_dist_lgamma(a) + lr_dist_algdiv(a, b);
	return lr_dist_lgamma(a) + lr_dist_lgamma(b) - lr_dist_lgamma(a + b);
}

/*
 * r x^a y^b / B(a,b), the prefactor of the continued fraction times r.
 * For a, b >= 8 it is written around the mode x0 = a/(a+b): with
 * u = x/x0 - 1 = (x b - y a)/a and v = y/y0 - 1 = -(x b - y a)/b,
 * a log(x/x0) + b log(y/y0) = a log1pmx(u) + b log1pmx(v) because
 * a u + b v = 0, and log B = log sqrt(2 pi) + a log x0 + b log y0
 * - log sqrt(ab/(a+b)) + del(a) + del(b) - del(a+b).  That form is
 * kept to u, v >= -1/2: nearer -1, log1p of the rounded u would lose
 * digits.  Otherwise the power of the smaller of x, y (the accurate
 * one) comes from pow(), which avoids the error of rounding a large
 * logarithm such as a log x = -690, and the other from log1p of minus
 * the smaller.
 */
static double lr_dist_front(double x, double y, double a, double b,
    double r)
{
	double l, lb, s, ps, pl, d, mn, mx;

	/* d = x b - y a = x (a+b) - a, from the smaller (accurate) one. */
	d = x <= y ? fma(x, a + b, -a) : fma(-y, a + b, b);
	if (a >= 8 && b >= 8 && d >= -0.5 * a && d <= 0.5 * b) {
		mn = a < b ? a : b;
		mx = a < b ? b : a;
		l = a * lr_dist_log1pmx(d / a) + b * lr_dist_log1pmx(-d / b)
		    + 0.5 * (log(mn) - log1p(mn / mx)) - LR_LN_SQRT_2PI
		    - (lr_dist_del(a) + lr_dist_del(b) - lr_dist_del(a + b));
		return l > -700 ? exp(l) * r : exp(l + log(r));
	}
	if (x <= y) {
		s = x;
		ps = a;
		pl = b;
	} else {
		s = y;
		ps = b;
		pl = a;
	}
	lb = lr_dist_lbeta(a, b);
	l = pl * log1p(-s) - lb;
	if (ps * log(s) > -700 && fabs(l) < 700)
		return pow(s, ps) * r * exp(l);
	l += ps * log(s);
	return l > -700 ? exp(l) * r : exp(l + log(r));
}

/*
 * Continued fraction K with I_x(a,b) = x^a y^b / (a B(a,b)) * (a+1) / K,
 * valid (and quickly convergent) for x < (a+1)/(a+b+2).  It is the even
 * part of the classical fraction 1/(1+ d1/(1+ d2/(1+ ...))) (Numerical
 * Recipes' betacf), scaled level by level by (a+2m-1)(a+2m+1) so that
 *   K = Q0 + A1/(Q1 + A2/(Q2 + ...)),
 *   Q0 = (a+1) - (a+b) x = 1 - b + (a+b) y,
 *   Qm = (a+2m)^2 - 1 - x (2m(m+a) + (a-1)(a+b))
 *      = 2m(m+a) - (a-1)(b-1) + y (2m(m+a) + (a-1)(a+b)),
 *   A1 = x^2 (b-1)(a+b)(a+3)/(a+2),
 *   Am = x^2 m(b-m)(a+m-1)(a+b+m-1)(a+2m-3)(a+2m+1)/((a+2m-2)(a+2m)).
 * The y form is used when b < a+2: there the x form would subtract two
 * nearly equal terms of size (a+b)^2 when x is near 1.
 */
static double lr_dist_betacf(double x, double y, double a, double b)
{
	const double tiny = 1e-300;
	double ab = a + b, am1 = a - 1, f, C, D, al, be, w, m, am, delta;
	int yform = b < a + 2, it;

	f = yform ? (1 - b) + ab * y : (a + 1) - ab * x;
	if (fabs(f) < tiny)
		f = tiny;
	C = f;
	D = 0;
	for (it = 1; it <= LR_CF_MAXIT; it++) {
		m = it;
		am = a + 2 * m;
		w = 2 * m * (m + a);
		if (yform)
			be = (w - am1 * (b - 1)) + y * (w + am1 * ab);
		else
			be = (am * am - 1) - x * (w + am1 * ab);
		if (it == 1)
			al = x * x * (b - 1) * ab * (a + 3) / (a + 2);
		else
			al = x * x * m * (b - m) * (a + m - 1) * (ab + m - 1)
			    * ((am - 3) * (am + 1) / ((am - 2) * am));
		D = be + al * D;
		if (fabs(D) < tiny)
			D = tiny;
		C = be + al / C;
		if (fabs(C) < tiny)
			C = tiny;
		D = 1 / D;
		delta = C * D;
		f *= delta;
		if (fabs(delta - 1) <= DBL_EPSILON)
			break;
	}
	return f;
}

/* See dist_internal.h. */
double lr_dist_ibeta(double x, double y, double a, double b, int lower_tail)
{
	double t, r, j;
	int lower = lower_tail != 0;

	if (isnan(x) || isnan(y) || isnan(a) || isnan(b))
		return NAN;
	if (!(a > 0) || !(b > 0) || a > 1e100 || b > 1e100
	    || (a > 1e13 && b > 1e13) || x < 0 || y < 0 || x > 1 || y > 1)
		return NAN;
	if (x == 0)
		return lower ? 0 : 1;
	if (y == 0)
		return lower ? 1 : 0;
	/* Use I_x(a,b) = 1 - I_y(b,a) to land where the fraction converges. */
	if (x <= y ? !(x * (a + b + 2) < a + 1) : !(y * (a + b + 2) > b + 1)) {
		t = x;
		x = y;
		y = t;
		t = a;
		a = b;
		b = t;
		lower = !lower;
	}
	r = (a + 1) / (a * lr_dist_betacf(x, y, a, b));
	j = lr_dist_front(x, y, a, b, r);
	if (j > 1)
		j = 1;
	return lower ? j : 1 - j;
}

/*
 * erfc(t / sqrt 2) (central == 0) or erf(t / sqrt 2) (central != 0)
 * for t >= 0.  The rounding of t / sqrt 2 would cost up to 2 z^2 ulp
 * in the tail, so the first-order correction for it is added.
 */
static double lr_dist_norm2(double t, int central)
{
	double z = t * LR_SQRT1_2;
	double dz = fma(t, LR_SQRT1_2, -z) + t * LR_SQRT1_2_LO;
	double g = exp(-z * z) * (2 / sqrt(LR_PI)) * dz;

	if (central)
		return erf(z) + g;
	return erfc(z) - g;
}

/*
 * For t >= 0: P[|T| > t] (central == 0) or P[|T| <= t] (central != 0).
 * With x = df/(df+t^2), y = t^2/(df+t^2) the first is I_x(df/2, 1/2).
 */
static double lr_dist_t2(double t, double df, int central)
{
	double x, y, q, d;

	if (t == 0)
		return central ? 0 : 1;
	if (isinf(t))
		return central ? 1 : 0;
	if (df > LR_NORMAL_DF)
		return lr_dist_norm2(t, central);
	if (t < 1e150) {
		q = t * t;
		d = df + q;
		x = df / d;
		y = q / d;
	} else if ((q = df / t / t) > 1e-300) {
		x = q / (1 + q);
		y = 1 / (1 + q);
	} else {
		/*
		 * x = df/t^2 underflows, or nearly, but x^(df/2) need not
		 * (small df).  Here I_x(a, 1/2) = x^a / (a B(a, 1/2)) to
		 * relative O(x): the fraction is a + 1 and y^(1/2) is 1.
		 */
		d = -log(0.5 * df) - lr_dist_lbeta(0.5 * df, 0.5);
		q = sqrt(df) / t;
		if (q >= DBL_MIN)
			d = pow(q, df) * exp(d);
		else
			d = exp(df * (0.5 * log(df) - log(t)) + d);
		return central ? 1 - d : d;
	}
	return lr_dist_ibeta(x, y, 0.5 * df, 0.5, !central);
}

/* See dist_internal.h. */
double lr_dist_pt(double t, double df, int lower_tail)
{
	if (isnan(t) || isnan(df) || !(df > 0))
		return NAN;
	if (t == 0)
		return 0.5;
	/* P[T > |t|] is the upper tail for t > 0, the lower one for t < 0. */
	if ((t > 0) != (lower_tail != 0))
		return 0.5 * lr_dist_t2(fabs(t), df, 0);
	return 0.5 + 0.5 * lr_dist_t2(fabs(t), df, 1);
}

/* log of the t density at t >= 0 (the normal one beyond LR_NORMAL_DF). */
static double lr_dist_tdens_log(double t, double df)
{
	double l;

	if (df > LR_NORMAL_DF)
		return -0.5 * t * t - LR_LN_SQRT_2PI;
	if (t < 1e150)
		l = log1p(t * t / df);
	else
		l = 2 * log(t) - log(df) + log1p(df / t / t);
	return -0.5 * (df + 1) * l - 0.5 * log(df)
	    - lr_dist_lbeta(0.5 * df, 0.5);
}

/*
 * Rough upper normal quantile: z with Q(z) = q, 0 < q <= 1/2, given
 * c = 1 - 2q exactly.  A start from the linear term (q > 0.05) or the
 * Mills-ratio asymptote, then five Newton steps on log Q(z).  Only a
 * starting value for the t quantile, which is refined on pt itself.
 */
static double lr_dist_qnorm_upper(double q, double c)
{
	double z, l, qz;
	int i;

	if (q > 0.05) {
		z = 0.5 * LR_SQRT_2PI * c;
	} else {
		l = -2 * log(q);
		z = sqrt(l - log(l) - LR_LN_2PI);
	}
	for (i = 0; i < 5; i++) {
		qz = 0.5 * lr_dist_norm2(z, 0);
		if (!(qz > 0))
			break;
		z += log(qz / q) * LR_SQRT_2PI * exp(log(qz) + 0.5 * z * z);
	}
	return z;
}

/* Cornish-Fisher expansion of the t quantile in powers of 1/n. */
static double lr_dist_cornish_fisher(double z, double n)
{
	double z2 = z * z;
	double g1 = (z2 + 1) * z / 4;
	double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)
	    * z / 92160;

	return z + (g1 + (g2 + (g3 + g4 / n) / n) / n) / n;
}

/*
 * The t >= 0 with P[T > t] = q for 0 < q < 1/2.  For q >= 1/4 the
 * equation is posed on the central probability P[|T| <= t] = 1 - 2q
 * (exact), so that t near 0 keeps its relative accuracy; otherwise on
 * log P[|T| > t] = log 2q, which is nearly linear in t (light tails) or
 * in log t (heavy tails).  Newton steps leaving the bracket [lo, hi]
 * are replaced by bisection (geometric while the bracket is wide).
 */
static double lr_dist_tquant(double q, double df)
{
	int central = q >= 0.25, it;
	double target = central ? 1 - 2 * q : 2 * q;
	double lo = 0, hi = INFINITY, t = NAN, best = INFINITY, cand[2];
	double f, z, s, tn, lt;
	int i;

	/* Starting value: exact for df = 1 and 2, else the better of two. */
	cand[0] = cand[1] = NAN;
	if (df == 1) {
		cand[0] = central ? tan(0.5 * LR_PI * target) : 1 / tan(LR_PI * q);
		if (cand[0] == INFINITY)
			return INFINITY;	/* q below ~1e-309 */
	} else if (df == 2) {
		cand[0] = central ? target * sqrt(2 / ((1 - target) * (1 + target)))
		    : (1 - 2 * q) / sqrt(2 * q * (1 - q));
	} else {
		z = lr_dist_qnorm_upper(q, 1 - 2 * q);
		cand[0] = df > LR_NORMAL_DF ? z : lr_dist_cornish_fisher(z, df);
		if (df <= LR_NORMAL_DF && central) {
			/* Linear in t: P[|T| <= t] ~ 2 t density(0). */
			cand[1] = 0.5 * target * exp(-lr_dist_tdens_log(0, df));
		} else if (df <= LR_NORMAL_DF) {
			/* Tail asymptote P[T > t] ~ df^(df/2-1) t^-df / B. */
			lt = 0.5 * log(df) - (log(df) + log(q)
			    + lr_dist_lbeta(0.5 * df, 0.5)) / df;
			if (lt > log(DBL_MAX))
				return INFINITY;
			cand[1] = exp(lt);
		}
	}
	for (i = 0; i < 2; i++) {
		if (!(cand[i] > 0 && cand[i] < INFINITY))
			continue;
		f = lr_dist_t2(cand[i], df, central);
		/* Miss in Newton's units: F - target or log(F / target). */
		s = central ? f - target : f > 0 ? log(f / target) : INFINITY;
		if ((central ? f < target : f > target))
			lo = cand[i] > lo ? cand[i] : lo;
		else
			hi = cand[i] < hi ? cand[i] : hi;
		if (fabs(s) < best) {
			best = fabs(s);
			t = cand[i];
		}
	}
	if (isnan(t))
		t = 1;
	for (it = 0; it < 100; it++) {
		f = lr_dist_t2(t, df, central);
		if (f == target)
			break;
		if ((central ? f < target : f > target))
			lo = t;
		else
			hi = t;
		/* Newton: F' = -2 density in the tail, +2 density centrally. */
		if (central)
			tn = t + (target - f) * 0.5
			    * exp(-lr_dist_tdens_log(t, df));
		else if (f > 0)
			tn = t + log(f / target) * 0.5
			    * exp(log(f) - lr_dist_tdens_log(t, df));
		else
			tn = NAN;
		if (!(tn > lo && tn < hi)) {
			if (hi == INFINITY) {
				if (lo >= DBL_MAX)
					return INFINITY;
				/* Grow fast: squaring reaches 1e300 quickly. */
				tn = lo < 2 ? 2 * lo + 1 : lo > 1e154 ? DBL_MAX
				    : lo * lo;
			} else if (lo == 0) {
				tn = 0.25 * hi;
			} else {
				tn = hi > 4 * lo ? sqrt(lo) * sqrt(hi)
				    : 0.5 * (lo + hi);
			}
			if (tn <= lo || tn >= hi)
				break;
			t = tn;
			continue;
		}
		if (fabs(tn - t) <= 1e-15 * tn) {
			t = tn;
			break;
		}
		t = tn;
	}
	return t;
}

/* See dist_internal.h. */
double lr_dist_qt(double p, double df, int lower_tail)
{
	double q, sign;

	if (isnan(p) || isnan(df) || !(df > 0) || p < 0 || p > 1)
		return NAN;
	/* Upper tail q of |t| and the sign of t. */
	if (p == 0.5)
		return 0;
	if (p < 0.5) {
		q = p;
		sign = lower_tail ? -1 : 1;
	} else {
		q = 1 - p;
		sign = lower_tail ? 1 : -1;
	}
	if (q == 0)
		return sign * INFINITY;
	return sign * lr_dist_tquant(q, df);
}

/* See dist_internal.h.  x = df1 f / (df1 f + df2), y = df2 / (...). */
double lr_dist_pf(double f, double df1, double df2, int lower_tail)
{
	double u, d, x, y, q;

	if (isnan(f) || isnan(df1) || isnan(df2) || !(df1 > 0) || !(df2 > 0)
	    || df1 > 2e100 || df2 > 2e100)
		return NAN;
	if (f <= 0)
		return lower_tail ? 0 : 1;
	if (isinf(f))
		return lower_tail ? 1 : 0;
	u = df1 * f;
	d = u + df2;
	if (d < INFINITY) {
		x = u / d;
		y = df2 / d;
	} else {
		q = df2 / df1 / f;
		x = 1 / (1 + q);
		y = q / (1 + q);
	}
	return lr_dist_ibeta(x, y, 0.5 * df1, 0.5 * df2, lower_tail);
}
