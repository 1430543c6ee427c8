/*
 * solve.c - from a fit state to coefficients, statistics and predictions.
 *
 * The factor R of the frame columns [1, terms, y] gives everything by
 * triangular solves, all in double-double: the coefficients in the
 * frame (back substitution), the residual sum of squares (the last
 * diagonal entry, squared: no cancellation even when R^2 is near 1),
 * and the covariance (R^-1 R^-T, never formed by inverting X'X).  Only
 * then are coefficients mapped to the data's units and rounded to
 * double: an exact power-of-two scaling, plus for an intercept model
 * the shift (a binomial re-expansion for polynomials).
 *
 * Why cut so: everything that reads a finished factor and writes an
 * lr_result is here, and nothing that changes a fit (fit.c, block.c).
 * lr_solve is a list of named steps (working_factor, frame_solution,
 * units_map, coefficients, fit_statistics), each of which a reader can
 * check against its comment alone.
 */
#include <stdlib.h>
#include <string.h>

#include "dist_internal.h"
#include "fit_internal.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/*
 * A column is collinear with those before it when its residual is below
 * this fraction of its size: data carry about 16 significant digits, so
 * an exact linear relation in the data leaves residuals near 1e-16; a
 * merely ill-conditioned column (x^10 on [-9, -3]) keeps 1e-8 or more.
 */
#define LR_COLLINEAR_TOL 1e-13
#define LR_POWER_TOL 1e-24

struct lr_result {
	lr_stats st;
	lr_coef *coef;    /* ncoef */
	double *vcov;     /* ncoef * ncoef, row-major */
	double *seq;      /* ncoef sequential sums of squares (R's effects^2) */
	/* What lr_predict needs: */
	lr_fit *model;    /* a copy of the model's shape and frame (no rows) */
	int intercept;
	int p;
	dd *w;            /* p x p: the working factor's coefficient block */
	dd *b;            /* p coefficients in the working frame */
	double *c;        /* working frame shifts (nx + 1) */
	int *e;           /* working frame exponents (nx + 1) */
	double sigma_f;   /* sigma in frame units of y, without the weights'
	                     frame 2^(ew/2); NaN if df == 0 */
	int ew;           /* the fit's weights' frame */
	double q;         /* t quantile for the intervals */
};

/* NaN for an undefined ratio: x / 0 and 0 / 0 alike. */
static double ratio(double num, double den)
{
	return den == 0 || isnan(den) ? NAN : num / den;
}

/*
 * v 2^e, or NaN with *beyond set when v is neither zero nor NaN and
 * v 2^e is no double: below the smallest subnormal or above DBL_MAX.
 * Statistics are computed in the frame, where they are in range, and
 * brought to the data's units last: a sum of squares of values near
 * 1e-170 is some 1e-340, which only this says.
 */
static double scaled(double v, int e, int *beyond)
{
	double r = ldexp(v, e);
	if (v != 0 && isfinite(v) && (r == 0 || isinf(r))) {
		*beyond = 1;
		return NAN;
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* The working factor and the rank check                               */
/* ------------------------------------------------------------------ */

/*
 * Build the working factor w ((p+1) x (p+1): p coefficient columns, then
 * y) of fit f, and its frame in fr_out (room for nx + 1 entries): for an
 * intercept model R itself in the fit's frame; without intercept, the
 * factor of [terms, y] in the frame without shifts (R changed to that
 * frame, the constant column dropped and its row rotated back in).
 * Then check the rank: the return value is the index of the first
 * collinear term (0-based, intercept not counted), -1 when there is
 * none, -2 when out of memory.
 */
static int working_factor(const lr_fit *f, dd *w, struct lr_frame *fr_out)
{
	int n = f->ncol, icpt = !(f->flags & LR_NO_INTERCEPT);
	int p = LR_NCOEF(f), i, j, l, nv = f->nx + 1, bad = -1;
	dd *z = lr_zalloc(1, (4 * (size_t)n * n + n) * sizeof *z), *g, *row;
	struct lr_frame zero;
	double wtol;

	if (!z)
		return -2;
	g = z + (size_t)n * n;
	row = z + 4 * (size_t)n * n;
	/* The frame without shifts, same scales (in fr_out's room for now). */
	zero.c = fr_out->c;
	zero.e = fr_out->e;
	for (j = 0; j < nv; j++) {
		zero.c[j] = 0;
		zero.e[j] = f->fr.e[j];
	}
	/* z = R G: the factor in the zero frame (still upper triangular). */
	lr_frame_change(f, &f->fr, &zero, g, g + (size_t)n * n);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			dd s = dd_from(0);
			for (l = i; l <= j; l++)
				s = dd_add(s, dd_mul(f->r[i * n + l], g[l * n + j]));
			z[i * n + j] = s;
		}
	if (icpt) {
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				w[i * n + j] = f->r[i * n + j];
		for (j = 0; j < nv; j++) {
			fr_out->c[j] = f->fr.c[j];
			fr_out->e[j] = f->fr.e[j];
		}
	} else {
		/* Drop the constant column; rotate its row back in. */
		int m = n - 1;
		memset(w, 0, (size_t)m * m * sizeof *w);
		for (i = 1; i < n; i++)
			for (j = i; j < n; j++)
				w[(i - 1) * m + j - 1] = z[i * n + j];
		for (j = 1; j < n; j++)
			row[j - 1] = z[j];
		lr_givens_row(w, m, row);
		for (j = 0; j < nv; j++) {
			fr_out->c[j] = 0;
			fr_out->e[j] = f->fr.e[j];
		}
	}
	/*
	 * Rank.  A linear predictor is compared with its size in the data's
	 * own units (its norm in the zero frame, where a column is the data
	 * scaled by a power of two): data carry ~16 digits of their values,
	 * so a residual below LR_COLLINEAR_TOL of that is a linear relation
	 * in the data.  A power of x is formed exactly from x, so it is
	 * collinear only when x has too few distinct values, which leaves a
	 * residual at the level of double-double rounding: it is compared
	 * with its size in the working frame, against LR_POWER_TOL.  (x^3
	 * of Unix timestamps spread over hours has a residual of 3e-14 of
	 * its raw size, yet is well determined.)
	 */
	/*
	 * With weights the sizes are weighted ones, where one heavy row can
	 * outweigh the spread of all the others: the weighted residual is
	 * at least sqrt(wmin) times the unweighted one and the weighted size
	 * at most sqrt(wmax) times the unweighted, so the tolerance scaled
	 * by sqrt(wmin / wmax) still finds only relations the data hold to
	 * LR_COLLINEAR_TOL of their own size (1 without weights).
	 */
	wtol = f->wmin > 0 && f->wmin < f->wmax
	    ? sqrt(f->wmin) / sqrt(f->wmax) : 1;
	for (j = icpt; j < p && bad < 0; j++) {
		int col = j + !icpt; /* the column in z, which has the constant */
		int power = f->degree >= 2;
		dd size = dd_from(0);
		double res = fabs(dd_to_d(w[j * (p + 1) + j]));
		for (i = 0; i <= (power ? j : col); i++) {
			dd v = power ? w[i * (p + 1) + j] : z[i * n + col];
			size = dd_add(size, dd_mul(v, v));
		}
		if (!(res > (power ? LR_POWER_TOL : LR_COLLINEAR_TOL * wtol) *
		    sqrt(dd_to_d(size))))
			bad = j - icpt;
	}
	lr_free(z);
	return bad;
}

int lr_fit_collinear(const lr_fit *f)
{
	int nv = f->nx + 1, p = LR_NCOEF(f), bad;
	struct lr_frame fr;
	dd *w = lr_zalloc(1, (size_t)(p + 1) * (p + 1) * sizeof *w);
	fr.c = lr_zalloc(1, (size_t)nv * sizeof *fr.c);
	fr.e = lr_zalloc(1, (size_t)nv * sizeof *fr.e);
	bad = !w || !fr.c || !fr.e ? -2 : f->n ? working_factor(f, w, &fr) : -1;
	lr_free(w);
	lr_free(fr.c);
	lr_free(fr.e);
	return bad;
}

/* ------------------------------------------------------------------ */
/* Solving                                                             */
/* ------------------------------------------------------------------ */

void lr_result_free(lr_result *r)
{
	if (!r)
		return;
	lr_free(r->coef);
	lr_free(r->vcov);
	lr_free(r->seq);
	lr_free(r->w);
	lr_free(r->b);
	lr_free(r->c);
	lr_free(r->e);
	lr_fit_free(r->model);
	lr_free(r);
}

static lr_result *result_alloc(const lr_fit *f)
{
	lr_result *r = lr_zalloc(1, sizeof *r);
	size_t p = (size_t)LR_NCOEF(f), nv = (size_t)f->nx + 1;
	lr_spec spec;

	if (!r)
		return NULL;
	spec.nx = f->nx;
	spec.degree = f->degree >= 2 ? f->degree : 0;
	spec.flags = f->flags;
	r->coef = lr_zalloc(p, sizeof *r->coef);
	r->vcov = lr_zalloc(p * p, sizeof *r->vcov);
	r->seq = lr_zalloc(p, sizeof *r->seq);
	r->w = lr_zalloc((p + 1) * (p + 1), sizeof *r->w);
	r->b = lr_zalloc(p, sizeof *r->b);
	r->c = lr_zalloc(nv, sizeof *r->c);
	r->e = lr_zalloc(nv, sizeof *r->e);
	if (!r->coef || !r->vcov || !r->seq || !r->w || !r->b || !r->c || !r->e ||
	    lr_fit_new(&spec, &r->model) != LR_OK) {
		lr_result_free(r);
		return NULL;
	}
	return r;
}

/* Solve U x = rhs for upper-triangular U (stride s), in place. */
static void back_subst(const dd *u, int p, int s, dd *x)
{
	int i, l;
	for (i = p - 1; i >= 0; i--) {
		dd t = x[i];
		for (l = i + 1; l < p; l++)
			t = dd_sub(t, dd_mul(u[i * s + l], x[l]));
		x[i] = dd_div(t, u[i * s + i]);
	}
}

/* Solve U' x = rhs for upper-triangular U (stride s), in place. */
static void forward_subst(const dd *u, int p, int s, dd *x)
{
	int i, l;
	for (i = 0; i < p; i++) {
		dd t = x[i];
		for (l = 0; l < i; l++)
			t = dd_sub(t, dd_mul(u[l * s + i], x[l]));
		x[i] = dd_div(t, u[i * s + i]);
	}
}

static void fill_coef(lr_coef *c, double est, double se, double q, double df)
{
	c->estimate = est;
	c->std_error = se;
	c->t = ratio(est, se);
	if (isinf(c->t))
		c->t = NAN;
	c->p = isnan(c->t) ? NAN : 2 * lr_dist_pt(fabs(c->t), df, 0);
	c->ci_low = est - q * se;
	c->ci_high = est + q * se;
}

/*
 * The scratch of one lr_solve, for the map of the coefficients to the
 * data's units (see units_map).
 */
struct solve_work {
	dd *m;            /* ncol x ncol: the working frame's matrix M */
	dd *a;            /* p x p: A, row i scaled by 2^-kexp[i] */
	dd *lmat;         /* p x p: A R^-1 */
	dd *work;         /* p: one row of it being solved */
	int *kexp;        /* p: the power of two taken out of row i of A */
};

/* Allocate w for fit f: 0, or -1 when out of memory (solve_work_free
 * frees what was allocated either way). */
static int solve_work_alloc(struct solve_work *w, const lr_fit *f)
{
	size_t p = (size_t)LR_NCOEF(f);
	w->m = lr_zalloc(1, (size_t)f->ncol * f->ncol * sizeof *w->m);
	w->a = lr_zalloc(1, p * p * sizeof *w->a);
	w->lmat = lr_zalloc(1, p * p * sizeof *w->lmat);
	w->work = lr_zalloc(1, p * sizeof *w->work);
	w->kexp = lr_zalloc(p, sizeof *w->kexp);
	return w->m && w->a && w->lmat && w->work && w->kexp ? 0 : -1;
}

static void solve_work_free(struct solve_work *w)
{
	lr_free(w->m);
	lr_free(w->a);
	lr_free(w->lmat);
	lr_free(w->work);
	lr_free(w->kexp);
}

/*
 * The solution in the working frame: the p coefficients into r->b (back
 * substitution in the working factor r->w, stride s = p + 1), and the
 * residual and total sums of squares, in the frame, into *sse and *tss.
 */
static void frame_solution(lr_result *r, int p, int icpt, dd *sse, dd *tss)
{
	int i, j, s = p + 1;

	for (j = 0; j < p; j++)
		r->b[j] = r->w[j * s + p];
	back_subst(r->w, p, s, r->b);
	*sse = dd_mul(r->w[p * s + p], r->w[p * s + p]);
	*tss = *sse;
	for (i = icpt; i < p; i++)
		*tss = dd_add(*tss, dd_mul(r->w[i * s + p], r->w[i * s + p]));
	/*
	 * Residuals below 2^-50 of the spread of y (SSE below 2^-100 of
	 * TSS) are beneath the precision of the data themselves: what is
	 * left is double-double rounding of an exact fit, which is then
	 * reported as exact (t, p and F undefined), whether the rows came
	 * one by one or in blocks.
	 */
	if (sse->hi <= ldexp(tss->hi, -100))
		*sse = dd_from(0);
}

/*
 * The sequential sums of squares into r->seq: the squares of R's
 * effects, Q'y for the QR of the weighted design, which are the y
 * column's entries of the working factor r->w (stride p + 1).  Row j
 * for j > 0 (or any j without intercept, whose working frame has no
 * shifts) is the same whatever the frame's shifts, which lie in the
 * span of the columns before it; the intercept's row takes y's shift
 * back: R[0][y] + c_y 2^-e_y R[0][0] in y's frame units.  Mapped to y's units and the
 * weights' frame as the residual sum of squares is; one beyond a
 * double's range is NaN (it does not set st.beyond, which is about the
 * statistics every fit reports).
 */
static void sequential_ss(const lr_fit *f, lr_result *r)
{
	int p = r->p, s = p + 1, ey = f->fr.e[f->nx], j, beyond = 0;
	for (j = 0; j < p; j++) {
		dd v = r->w[j * s + p];
		if (j == 0 && r->intercept)
			v = dd_add(v, dd_mul(r->w[0], dd_ldexp(dd_from(
			    r->c[f->nx]), -ey)));
		r->seq[j] = scaled(dd_to_d(dd_mul(v, v)), 2 * ey + f->ew,
		    &beyond);
	}
}

/*
 * The map to the data's units: frame columns = raw columns M, so
 * y = c_y + 2^e_y (raw columns) M b: the raw coefficients are
 * A b (+ c_y for the intercept) with A = 2^e_y M restricted to the
 * coefficient columns.  Their covariance is sigma_f^2 (A R^-1)(A R^-1)'.
 * Into w: A (w->a, w->kexp) and A R^-1 (w->lmat), for the working frame
 * wf and the working factor rw (stride p + 1).
 */
static void units_map(const lr_fit *f, const struct lr_frame *wf,
    const dd *rw, struct solve_work *w)
{
	int icpt = !(f->flags & LR_NO_INTERCEPT), p = LR_NCOEF(f), s = p + 1;
	int i, j;
	dd *a = w->a;

	lr_frame_matrix(f, wf, 0, w->m);
	/*
	 * A without its factor 2^e_y, and each row scaled by a power of two
	 * 2^k_i near its largest entry: applied last, so data near 1e200 or
	 * 1e-200 neither overflow nor underflow on the way.
	 */
	for (i = 0; i < p; i++) {
		double big = 0;
		for (j = 0; j < p; j++) {
			a[i * p + j] = w->m[(i + !icpt) * f->ncol + j + !icpt];
			if (fabs(a[i * p + j].hi) > big)
				big = fabs(a[i * p + j].hi);
		}
		w->kexp[i] = 0;
		if (big > 0)
			(void)frexp(big, &w->kexp[i]);
		for (j = 0; j < p; j++)
			a[i * p + j] = dd_ldexp(a[i * p + j], -w->kexp[i]);
	}
	/* lmat = A R^-1, row by row: solve R' x = A_i' (rows of A R^-1). */
	for (i = 0; i < p; i++) {
		for (j = 0; j < p; j++)
			w->work[j] = a[i * p + j];
		forward_subst(rw, p, s, w->work);
		for (j = 0; j < p; j++)
			w->lmat[i * p + j] = w->work[j];
	}
}

/*
 * The coefficients in the data's units, with their standard errors,
 * tests and intervals, and their covariance: into r->coef and r->vcov,
 * from the solution in the frame (r->b), the map w and
 * sf2 = sigma_f^2 (NaN when df is 0).  A value beyond a double's range
 * sets r->st.beyond.
 */
static void coefficients(const lr_fit *f, lr_result *r,
    const struct solve_work *w, double sf2)
{
	int icpt = r->intercept, p = r->p, ey = f->fr.e[f->nx], i, j, l;
	double df = (double)r->st.df;
	const dd *a = w->a, *lmat = w->lmat;

	for (i = 0; i < p; i++) {
		dd est = dd_from(0), v = dd_from(0);
		for (j = 0; j < p; j++) {
			est = dd_add(est, dd_mul(a[i * p + j], r->b[j]));
			v = dd_add(v, dd_mul(lmat[i * p + j], lmat[i * p + j]));
		}
		est = dd_ldexp(est, ey + w->kexp[i]);
		if (icpt && i == 0)
			est = dd_add_d(est, r->c[f->nx]);
		fill_coef(&r->coef[i], dd_to_d(est), scaled(r->sigma_f *
		    sqrt(dd_to_d(v)), ey + w->kexp[i], &r->st.beyond), r->q,
		    df);
		for (j = 0; j < p; j++) {
			dd cv = dd_from(0);
			for (l = 0; l < p; l++)
				cv = dd_add(cv, dd_mul(lmat[i * p + l],
				    lmat[j * p + l]));
			r->vcov[i * p + j] = scaled(sf2 * dd_to_d(cv),
			    2 * ey + w->kexp[i] + w->kexp[j], &r->st.beyond);
		}
	}
}

/*
 * The statistics of the fit as a whole, into r->st (whose n, df and
 * ncoef are set): sums of squares, sigma, R^2, F, the correlation, the
 * log-likelihood and the information criteria, from the frame's sums
 * of squares sse and tss.
 */
static void fit_statistics(const lr_fit *f, lr_result *r, dd sse, dd tss)
{
	lr_stats *st = &r->st;
	int icpt = r->intercept, p = r->p, ey = f->fr.e[f->nx], ew = f->ew;
	double df = (double)st->df;

	/* sse = 2^(2 ey + ew) sse_f: y's scale squared, the weights' frame. */
	st->sse = scaled(dd_to_d(sse), 2 * ey + ew, &st->beyond);
	st->tss = scaled(dd_to_d(tss), 2 * ey + ew, &st->beyond);
	st->rmse = scaled(sqrt(dd_to_d(sse) / (double)f->n), ey + ew / 2,
	    &st->beyond);
	st->sigma = scaled(r->sigma_f, ey + ew / 2, &st->beyond);
	st->f_df1 = p - icpt;
	st->f_df2 = df;
	if (tss.hi > 0) {
		dd frac = dd_div(sse, tss); /* 1 - R^2 */
		st->r2 = dd_to_d(dd_sub(dd_from(1), frac));
		st->adj_r2 = st->df > 0
		    ? 1 - dd_to_d(frac) * ((double)f->n - icpt) / df : NAN;
		if (sse.hi > 0 && st->df > 0 && p > icpt) {
			st->f = dd_to_d(dd_div(dd_mul_d(dd_sub(tss, sse), df),
			    dd_mul_d(sse, st->f_df1)));
			st->f_p = lr_dist_pf(st->f, st->f_df1, df, 0);
		} else {
			st->f = st->f_p = NAN;
		}
	} else {
		st->r2 = st->adj_r2 = st->f = st->f_p = NAN;
	}
	st->r = NAN;
	if (f->k == 1 && f->degree == 1) {
		/* From the shifted factor of [1, x, y]: centred moments. */
		dd rxy = f->r[1 * 3 + 2], ryy = f->r[2 * 3 + 2];
		dd syy = dd_add(dd_mul(rxy, rxy), dd_mul(ryy, ryy));
		if (f->r[1 * 3 + 1].hi != 0 && syy.hi > 0)
			st->r = dd_to_d(dd_div(rxy, dd_sqrt(syy)));
	}
	if (sse.hi > 0) {
		/* R's logLik.lm: 0.5 (sum log w - n (log 2pi + 1 - log n + log sse)). */
		double nd = (double)f->n;
		double lsse = log(dd_to_d(sse)) + (2 * ey + ew) * log(2.0);
		st->loglik = 0.5 * (dd_to_d(f->sumlogw) -
		    nd * (log(2 * M_PI) + 1 - log(nd) + lsse));
		st->aic = -2 * st->loglik + 2 * (p + 1);
		st->bic = -2 * st->loglik + log(nd) * (p + 1);
	} else {
		st->loglik = st->aic = st->bic = NAN;
	}
}

/*
 * lr_solve in named steps: the working factor and its rank
 * (working_factor), the solution in its frame (frame_solution), the map
 * to the data's units (units_map), the coefficients and their covariance
 * (coefficients), the fit's statistics (fit_statistics).
 */
lr_status lr_solve(const lr_fit *f, double level, lr_result **out)
{
	int icpt = !(f->flags & LR_NO_INTERCEPT), p = LR_NCOEF(f), s = p + 1;
	int i, j, bad;
	lr_result *r = NULL;
	struct solve_work w = {NULL, NULL, NULL, NULL, NULL};
	dd sse, tss;
	lr_stats *st;
	double sf2;
	lr_status status = LR_OK;
	struct lr_frame wf;

	*out = NULL;
	if (!(level > 0 && level < 1))
		return LR_EINVAL;
	if (f->n < (uint64_t)p || f->n == 0)
		return LR_ETOOFEW;
	r = result_alloc(f);
	if (solve_work_alloc(&w, f) != 0 || !r) {
		status = LR_ENOMEM;
		goto end;
	}
	wf.c = r->c;
	wf.e = r->e;
	bad = working_factor(f, r->w, &wf);
	if (bad == -2) {
		status = LR_ENOMEM;
		goto end;
	}
	if (bad >= 0) {
		status = LR_ESINGULAR;
		goto end;
	}
	frame_solution(r, p, icpt, &sse, &tss);
	units_map(f, &wf, r->w, &w);

	st = &r->st;
	st->n = f->n;
	st->df = f->n - (uint64_t)p;
	st->ncoef = p;
	st->intercept = icpt;
	st->level = level;
	sf2 = st->df > 0 ? dd_to_d(sse) / (double)st->df : NAN;
	r->sigma_f = sqrt(sf2);
	r->q = st->df > 0 ? lr_dist_qt((1 - level) / 2, (double)st->df, 0)
	    : NAN;
	r->p = p;
	r->intercept = icpt;
	r->ew = f->ew;
	st->beyond = 0;
	coefficients(f, r, &w, sf2);
	fit_statistics(f, r, sse, tss);
	sequential_ss(f, r);

	for (i = 0; i < p; i++)
		if (!isfinite(r->coef[i].estimate)) {
			status = LR_ERANGE;
			goto end;
		}
	/* Keep the coefficient block of the factor for predictions. */
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++)
			r->w[i * p + j] = r->w[i * s + j];
	*out = r;
	r = NULL;
end:
	lr_result_free(r);
	solve_work_free(&w);
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

double lr_result_seqss(const lr_result *r, int j)
{
	return j >= 0 && j < r->st.ncoef ? r->seq[j] : NAN;
}

/*
 * v (frame units of y, exponent e, shift c) as a value of y.  Far from
 * the data the scaled value can overflow, and the double-double sum of
 * an infinity is NaN (its error term is Inf - Inf): the value is then
 * the plain double sum, an honest +-Inf.
 */
static double frame_to_y(dd v, int e, double c)
{
	double y = dd_to_d(dd_add_d(dd_ldexp(v, e), c));
	return isnan(y) ? ldexp(dd_to_d(v), e) + c : y;
}

/*
 * fit + k * s (s the standard error in y units) of a prediction whose
 * fit or s overflowed: taken in the frame, where fit and s are finite,
 * so a bound that a double can hold is not lost with them (at x = 1e308
 * the fit overflows but its lower bound need not).
 */
static double bound_in_frame(dd fit, double k, double s_f, int e, double c)
{
	return frame_to_y(dd_add_d(fit, k * s_f), e, c);
}

/* lr_predict's row of frame terms on the stack up to this many terms. */
#define LR_PREDICT_STACK 16

lr_status lr_predict(const lr_result *r, const double *x, lr_prediction *out)
{
	const lr_fit *mdl = r->model;
	int j, p = r->p, off = !r->intercept, ey = r->e[mdl->nx], em;
	struct lr_frame wf;
	dd *z, zs[LR_PREDICT_STACK], fit = dd_from(0), h = dd_from(0);
	double se, se_f, sp_f, hs, m = 0;

	for (j = 0; j < mdl->nx; j++)
		if (!isfinite(x[j]))
			return LR_ENONFINITE;
	/* (--fitted predicts every row: no allocation for a small model) */
	if (mdl->k + 1 <= LR_PREDICT_STACK) {
		memset(zs, 0, sizeof zs);
		z = zs;
	} else if (!(z = lr_zalloc(1, (size_t)(mdl->k + 1) * sizeof *z))) {
		return LR_ENOMEM;
	}
	wf.c = r->c;
	wf.e = r->e;
	/* The row of frame columns at x; without intercept, drop the 1. */
	lr_frame_terms(mdl, &wf, x, z);
	for (j = 0; j < p; j++)
		fit = dd_add(fit, dd_mul(z[j + off], r->b[j]));
	/* se_fit = sigma |R^-T z|. */
	forward_subst(r->w, p, p, z + off);
	for (j = 0; j < p; j++)
		h = dd_add(h, dd_mul(z[j + off], z[j + off]));
	/*
	 * Far from the data |R^-T z|^2 can overflow though |R^-T z| does
	 * not: then the norm is taken of z scaled by a power of two (exact).
	 */
	hs = sqrt(dd_to_d(h));
	if (!isfinite(hs)) {
		dd hh = dd_from(0);
		for (j = 0; j < p; j++)
			m = fmax(m, fabs(dd_to_d(z[j + off])));
		(void)frexp(m, &em);
		for (j = 0; j < p; j++) {
			dd t = dd_ldexp(z[j + off], -em);
			hh = dd_add(hh, dd_mul(t, t));
		}
		hs = ldexp(sqrt(dd_to_d(hh)), em);
	}
	if (z != zs)
		lr_free(z);
	out->fit = frame_to_y(fit, ey, wf.c[mdl->nx]);
	/* h is 2^ew times the leverage (the weights' frame); a new
	 * observation of weight 1 has variance 2^(2 ey + ew) sigma_f^2. */
	out->leverage = ldexp(dd_to_d(h), -r->ew);
	se_f = r->sigma_f * hs;
	out->se_fit = ldexp(se_f, ey);
	out->conf_low = out->fit - r->q * out->se_fit;
	out->conf_high = out->fit + r->q * out->se_fit;
	sp_f = r->sigma_f * sqrt(1 + out->leverage);
	if (!isfinite(sp_f)) /* 1 is nothing beside an overflowing leverage */
		sp_f = ldexp(se_f, -r->ew / 2);
	se = ldexp(sp_f, ey + r->ew / 2);
	out->pred_low = out->fit - r->q * se;
	out->pred_high = out->fit + r->q * se;
	if (!isfinite(out->fit) || !isfinite(out->se_fit)) {
		out->conf_low = bound_in_frame(fit, -r->q, se_f, ey, wf.c[mdl->nx]);
		out->conf_high = bound_in_frame(fit, r->q, se_f, ey, wf.c[mdl->nx]);
		sp_f = ldexp(sp_f, r->ew / 2);
		out->pred_low = bound_in_frame(fit, -r->q, sp_f, ey, wf.c[mdl->nx]);
		out->pred_high = bound_in_frame(fit, r->q, sp_f, ey, wf.c[mdl->nx]);
	}
	return LR_OK;
}

double lr_f_upper(double f, double df1, double df2)
{
	if (isnan(f) || !(df1 > 0) || !(df2 > 0))
		return NAN;
	return lr_dist_pf(f, df1, df2, 0);
}
