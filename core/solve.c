/*
 * solve.c - from a fit state to coefficients, statistics and predictions.
 *
 * Everything up to the final rounding happens in the fit's frame
 * (shifted, power-of-two scaled) and in double-double arithmetic: the
 * cross-product matrix, its Cholesky factor, the solution, the residual
 * sum of squares (which cancels badly when R^2 is near 1) and the
 * inverse.  Only then are values mapped back to the data's units by
 * exact powers of two and rounded to double.
 */
#include <stdlib.h>
#include <string.h>

#include "dist_internal.h"
#include "fit_internal.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_LN2
#define M_LN2 0.69314718055994530942
#endif

struct lr_result {
	lr_stats st;
	lr_coef *coef;    /* ncoef */
	double *vcov;     /* ncoef * ncoef, row-major */
	/* What lr_predict needs, in the frame of the fit: */
	int nx;
	int *e;           /* nx + 1 scale exponents */
	double *inv;      /* nx + 1: 2^-e_j */
	dd *g;            /* nx: predictor means in frame units (c_j 2^-e_j + mean u_j) */
	dd gy;            /* mean of y in frame units */
	dd *b;            /* nx slopes in frame units */
	dd *v;            /* nx * nx: (X'X)^-1 in frame units */
	double sigma2;    /* sse / df in frame units of y; NaN if df == 0 */
	double q;         /* t quantile for the intervals */
	double inv_n;
};

/* NaN for an undefined ratio: x / 0 and 0 / 0 alike. */
static double ratio(double num, double den)
{
	return den == 0 || isnan(den) ? NAN : num / den;
}

void lr_result_free(lr_result *r)
{
	if (!r)
		return;
	free(r->coef);
	free(r->vcov);
	free(r->e);
	free(r->inv);
	free(r->g);
	free(r->b);
	free(r->v);
	free(r);
}

static lr_result *result_alloc(int nx, int ncoef)
{
	lr_result *r = calloc(1, sizeof *r);
	size_t k = (size_t)nx, p = (size_t)ncoef;
	if (!r)
		return NULL;
	r->coef = calloc(p, sizeof *r->coef);
	r->vcov = calloc(p * p, sizeof *r->vcov);
	r->e = calloc(k + 1, sizeof *r->e);
	r->inv = calloc(k + 1, sizeof *r->inv);
	r->g = calloc(k, sizeof *r->g);
	r->b = calloc(k, sizeof *r->b);
	r->v = calloc(k * k, sizeof *r->v);
	if (!r->coef || !r->vcov || !r->e || !r->inv || !r->g || !r->b ||
	    !r->v) {
		lr_result_free(r);
		return NULL;
	}
	return r;
}

/*
 * The cross-product matrix a (ncol x ncol, full storage) of the frame
 * values: centred about the means with an intercept, about zero without
 * (frame value + origin = x 2^-e exactly, so the sums re-expand exactly).
 */
static void cross_products(const lr_fit *f, dd *a)
{
	int j, l, c = f->ncol;
	dd nn = lr_dd_count(f->n);

	for (j = 0; j < c; j++) {
		for (l = 0; l <= j; l++) {
			dd s = f->s2[LR_TRI(j, l)];
			if (f->flags & LR_NO_INTERCEPT) {
				s = dd_add(s, dd_mul_d(f->s1[j], f->cs[l]));
				s = dd_add(s, dd_mul_d(f->s1[l], f->cs[j]));
				s = dd_add(s, dd_mul(nn,
				    dd_two_prod(f->cs[j], f->cs[l])));
			} else {
				s = dd_sub(s,
				    dd_div(dd_mul(f->s1[j], f->s1[l]), nn));
			}
			a[j * c + l] = a[l * c + j] = s;
		}
	}
}

/*
 * Cholesky factor L (lower, k x k, in place over the leading block of a
 * with row stride c).  A pivot that is not positive, or that lost all
 * but ~28 of the 32 digits it had, means a predictor is (numerically)
 * a combination of the others.  Returns the failing column or -1.
 */
static int cholesky(dd *a, int k, int c)
{
	int i, j, l;
	for (j = 0; j < k; j++) {
		dd d = a[j * c + j];
		double orig = d.hi;
		for (l = 0; l < j; l++)
			d = dd_sub(d, dd_mul(a[j * c + l], a[j * c + l]));
		if (!(d.hi > 0) || d.hi <= orig * 1e-28)
			return j;
		d = dd_sqrt(d);
		a[j * c + j] = d;
		for (i = j + 1; i < k; i++) {
			dd s = a[i * c + j];
			for (l = 0; l < j; l++)
				s = dd_sub(s, dd_mul(a[i * c + l], a[j * c + l]));
			a[i * c + j] = dd_div(s, d);
		}
	}
	return -1;
}

/* Solve L L' x = rhs (in place in x), L from cholesky(). */
static void chol_solve(const dd *a, int k, int c, dd *x)
{
	int i, l;
	for (i = 0; i < k; i++) {
		dd s = x[i];
		for (l = 0; l < i; l++)
			s = dd_sub(s, dd_mul(a[i * c + l], x[l]));
		x[i] = dd_div(s, a[i * c + i]);
	}
	for (i = k - 1; i >= 0; i--) {
		dd s = x[i];
		for (l = i + 1; l < k; l++)
			s = dd_sub(s, dd_mul(a[l * c + i], x[l]));
		x[i] = dd_div(s, a[i * c + i]);
	}
}

/* x' V y for k-vectors in double-double. */
static dd quad_form(const dd *v, int k, const dd *x, const dd *y)
{
	dd s = dd_from(0);
	int i, j;
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			s = dd_add(s, dd_mul(x[i], dd_mul(v[i * k + j], y[j])));
	return s;
}

static void fill_coef(lr_coef *c, double est, double se, double q,
    double df)
{
	c->estimate = est;
	c->std_error = se;
	c->t = ratio(est, c->std_error);
	if (isinf(c->t))
		c->t = NAN;
	c->p = isnan(c->t) ? NAN : 2 * lr_dist_pt(fabs(c->t), df, 0);
	c->ci_low = est - q * c->std_error;
	c->ci_high = est + q * c->std_error;
}

lr_status lr_solve(const lr_fit *f, double level, lr_result **out)
{
	int k = f->nx, c = f->ncol, icpt = !(f->flags & LR_NO_INTERCEPT);
	int p = k + icpt, i, j, bad;
	lr_result *r = NULL;
	dd *a = NULL, *w = NULL, nn, sse, tss;
	lr_stats *st;
	double sy2, df;
	lr_status status = LR_OK;

	*out = NULL;
	if (!(level > 0 && level < 1))
		return LR_EINVAL;
	if (f->n < (uint64_t)p || f->n == 0)
		return LR_ETOOFEW;
	r = result_alloc(k, p);
	a = malloc((size_t)c * c * sizeof *a);
	w = malloc((size_t)k * sizeof *w);
	if (!r || !a || !w) {
		status = LR_ENOMEM;
		goto end;
	}
	nn = lr_dd_count(f->n);
	cross_products(f, a);
	bad = cholesky(a, k, c);
	if (bad >= 0) {
		status = LR_ESINGULAR;
		goto end;
	}

	/* Slopes in frame units and the residual sum of squares. */
	for (j = 0; j < k; j++)
		r->b[j] = a[j * c + k];
	chol_solve(a, k, c, r->b);
	tss = a[k * c + k];
	sse = tss;
	for (j = 0; j < k; j++)
		sse = dd_sub(sse, dd_mul(r->b[j], a[j * c + k]));
	if (sse.hi < 0)
		sse = dd_from(0);

	/* (X'X)^-1 column by column. */
	for (j = 0; j < k; j++) {
		for (i = 0; i < k; i++)
			w[i] = dd_from(i == j);
		chol_solve(a, k, c, w);
		for (i = 0; i < k; i++)
			r->v[i * k + j] = w[i];
	}

	r->nx = k;
	for (j = 0; j < c; j++) {
		r->e[j] = f->e[j];
		r->inv[j] = f->inv[j];
	}
	for (j = 0; j < k; j++)
		r->g[j] = dd_add_d(dd_div(f->s1[j], nn), f->cs[j]);
	r->gy = dd_add_d(dd_div(f->s1[k], nn), f->cs[k]);
	r->inv_n = icpt ? 1.0 / (double)f->n : 0;

	/* Statistics in data units. */
	st = &r->st;
	st->n = f->n;
	st->df = f->n - (uint64_t)p;
	st->ncoef = p;
	st->intercept = icpt;
	st->level = level;
	df = (double)st->df;
	sy2 = ldexp(1.0, 2 * f->e[k]);
	st->sse = dd_to_d(sse) * sy2;
	st->tss = dd_to_d(tss) * sy2;
	st->rmse = ldexp(sqrt(dd_to_d(sse) / (double)f->n), f->e[k]);
	st->sigma = st->df > 0 ? ldexp(sqrt(dd_to_d(sse) / df), f->e[k])
	    : NAN;
	r->sigma2 = st->df > 0 ? dd_to_d(sse) / df : NAN; /* frame units */
	r->q = st->df > 0 ? lr_dist_qt((1 - level) / 2, df, 0) : NAN;
	if (tss.hi > 0) {
		dd frac = dd_div(sse, tss); /* 1 - R^2 */
		st->r2 = dd_to_d(dd_sub(dd_from(1), frac));
		st->adj_r2 = st->df > 0
		    ? 1 - dd_to_d(frac) * ((double)f->n - icpt) / df
		    : NAN;
		if (sse.hi > 0 && st->df > 0) {
			dd reg = dd_sub(tss, sse);
			st->f = dd_to_d(dd_div(dd_mul_d(reg, df),
			    dd_mul_d(sse, (double)k)));
			st->f_p = lr_dist_pf(st->f, k, df, 0);
		} else {
			st->f = st->f_p = NAN;
		}
	} else {
		st->r2 = st->adj_r2 = st->f = st->f_p = NAN;
	}
	if (sse.hi > 0) {
		/* log(sse) from the frame: log(sse_frame) + 2 e_y log 2. */
		double nd = (double)f->n;
		double lsse = log(dd_to_d(sse)) + 2 * f->e[k] * M_LN2;
		st->loglik = 0.5 * -nd * (log(2 * M_PI) + 1 - log(nd) + lsse);
		st->aic = -2 * st->loglik + 2 * (p + 1);
		st->bic = -2 * st->loglik + log(nd) * (p + 1);
	} else {
		st->loglik = st->aic = st->bic = NAN;
	}
	st->f_df1 = k;
	st->f_df2 = df;
	st->r = NAN;
	if (k == 1) {
		/* Pearson r from the centred moments, with or without intercept. */
		dd sxx, sxy, syy;
		sxx = dd_sub(f->s2[LR_TRI(0, 0)],
		    dd_div(dd_mul(f->s1[0], f->s1[0]), nn));
		sxy = dd_sub(f->s2[LR_TRI(1, 0)],
		    dd_div(dd_mul(f->s1[0], f->s1[1]), nn));
		syy = dd_sub(f->s2[LR_TRI(1, 1)],
		    dd_div(dd_mul(f->s1[1], f->s1[1]), nn));
		if (sxx.hi > 0 && syy.hi > 0)
			st->r = dd_to_d(dd_div(sxy,
			    dd_sqrt(dd_mul(sxx, syy))));
	}

	/*
	 * Coefficients and their covariance.  Variances are formed in frame
	 * units (s2f = sse/df of the frame values) and scaled by exact
	 * powers of two, so data near 1e200 cannot overflow on the way.
	 */
	{
		double s2f = st->df > 0 ? dd_to_d(sse) / df : NAN;
		int off = icpt, ey = f->e[k];
		if (icpt) {
			dd a0 = r->gy;
			for (j = 0; j < k; j++)
				a0 = dd_sub(a0, dd_mul(r->b[j], r->g[j]));
			double h = r->inv_n +
			    dd_to_d(quad_form(r->v, k, r->g, r->g));
			fill_coef(&r->coef[0], ldexp(dd_to_d(a0), ey),
			    ldexp(sqrt(s2f * h), ey), r->q, df);
			r->vcov[0] = ldexp(s2f * h, 2 * ey);
			for (j = 0; j < k; j++) {
				dd vg = dd_from(0);
				for (i = 0; i < k; i++)
					vg = dd_add(vg, dd_mul(r->v[j * k + i],
					    r->g[i]));
				double cv = -s2f * ldexp(dd_to_d(vg),
				    2 * ey - f->e[j]);
				r->vcov[j + 1] = r->vcov[(j + 1) * p] = cv;
			}
		}
		for (j = 0; j < k; j++) {
			double vjj = dd_to_d(r->v[j * k + j]);
			fill_coef(&r->coef[j + off],
			    ldexp(dd_to_d(r->b[j]), ey - f->e[j]),
			    ldexp(sqrt(s2f * vjj), ey - f->e[j]), r->q, df);
			for (i = 0; i < k; i++)
				r->vcov[(j + off) * p + i + off] = s2f *
				    ldexp(dd_to_d(r->v[j * k + i]),
					2 * ey - f->e[j] - f->e[i]);
		}
	}
	*out = r;
	r = NULL;
end:
	lr_result_free(r);
	free(a);
	free(w);
	return status;
}

const lr_stats *lr_result_stats(const lr_result *r)
{
	return &r->st;
}

const lr_coef *lr_result_coef(const lr_result *r, int j)
{
	return j >= 0 && j < r->st.ncoef ? &r->coef[j] : NULL;
}

double lr_result_vcov(const lr_result *r, int i, int j)
{
	int p = r->st.ncoef;
	if (i < 0 || j < 0 || i >= p || j >= p)
		return NAN;
	return r->vcov[i * p + j];
}

lr_status lr_predict(const lr_result *r, const double *x, lr_prediction *out)
{
	int j, k = r->nx;
	dd *dv, fit;
	double h, se;

	for (j = 0; j < k; j++)
		if (!isfinite(x[j]))
			return LR_ENONFINITE;
	dv = malloc((size_t)k * sizeof *dv);
	if (!dv)
		return LR_ENOMEM;
	/*
	 * With an intercept, work from the centroid: fit = ybar + b'(x - xbar)
	 * and se^2 = sigma^2 (1/n + d'Vd), d = x - xbar, which stays exact
	 * for x far from zero; without one, d = x.
	 */
	fit = r->st.intercept ? r->gy : dd_from(0);
	for (j = 0; j < k; j++) {
		dd xj = dd_from(x[j] * r->inv[j]);
		dv[j] = r->st.intercept ? dd_sub(xj, r->g[j]) : xj;
		fit = dd_add(fit, dd_mul(r->b[j], dv[j]));
	}
	h = r->inv_n + dd_to_d(quad_form(r->v, k, dv, dv));
	free(dv);
	out->fit = ldexp(dd_to_d(fit), r->e[k]);
	se = ldexp(sqrt(r->sigma2 * h), r->e[k]);
	out->se_fit = se;
	out->conf_low = out->fit - r->q * se;
	out->conf_high = out->fit + r->q * se;
	se = ldexp(sqrt(r->sigma2 * (1 + h)), r->e[k]);
	out->pred_low = out->fit - r->q * se;
	out->pred_high = out->fit + r->q * se;
	return LR_OK;
}
