/*
 * fit.c - the fit state: its lifecycle, its frames, rows rotated in one
 * at a time, merging two states, export and import.
 *
 * Each row is mapped exactly into the fit's frame (fit_internal.h) and
 * rotated into the triangular factor with Givens rotations carried out
 * in double-double arithmetic: O(ncol^2) work and no allocation per row,
 * memory O(ncol^2) whatever the number of rows.  An orthogonal update
 * never squares the condition number of the design, and with ~32
 * significant digits even a degree-10 polynomial design whose condition
 * number is 1e15 keeps every digit that double precision can show.
 *
 * Why cut so: everything here reads or writes the factor and its frame,
 * and every other file of the core reaches them only through
 * fit_internal.h.  The fast path for batches of a straight line, with
 * its vector kernels and CPU dispatch, is block.c (it calls lr_add_row
 * here for what it cannot take in blocks); the allocator and
 * lr_strerror, which every file needs and which know nothing of fits,
 * are common.c; solving is solve.c.
 */
#include <float.h>
#include <limits.h>
#include <string.h>

#include "fit_internal.h"

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

lr_status lr_fit_new(const lr_spec *spec, lr_fit **out)
{
	lr_fit *f;
	size_t ncol, nv;

	*out = NULL;
	if (!spec || spec->nx < 1 || spec->nx > LR_MAX_NX ||
	    spec->degree < 0 || spec->degree > LR_MAX_DEGREE ||
	    (spec->degree >= 2 && spec->nx != 1) ||
	    (spec->flags & ~LR_NO_INTERCEPT))
		return LR_EINVAL;
	f = lr_zalloc(1, sizeof *f);
	if (!f)
		return LR_ENOMEM;
	f->nx = spec->nx;
	f->degree = spec->degree >= 2 ? spec->degree : 1;
	f->k = spec->degree >= 2 ? spec->degree : spec->nx;
	f->ncol = f->k + 2;
	f->flags = spec->flags;
	ncol = (size_t)f->ncol;
	nv = (size_t)f->nx + 1;
	f->fr.c = lr_zalloc(nv, sizeof *f->fr.c);
	f->fr.e = lr_zalloc(nv, sizeof *f->fr.e);
	f->r = lr_zalloc(ncol * ncol, sizeof *f->r);
	f->row = lr_zalloc(ncol, sizeof *f->row);
	f->work = lr_zalloc(4 * ncol * ncol, sizeof *f->work);
	if (!f->fr.c || !f->fr.e || !f->r || !f->row || !f->work) {
		lr_fit_free(f);
		return LR_ENOMEM;
	}
	*out = f;
	return LR_OK;
}

void lr_fit_free(lr_fit *f)
{
	if (!f)
		return;
	lr_free(f->fr.c);
	lr_free(f->fr.e);
	lr_free(f->r);
	lr_free(f->row);
	lr_free(f->work);
	lr_free(f->gram);
	lr_free(f);
}

uint64_t lr_fit_count(const lr_fit *f)
{
	return f->n;
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */
/* ------------------------------------------------------------------ */

void lr_frame_set(struct lr_frame *fr, int j, double v)
{
	int e = 0;
	if (v != 0)
		(void)frexp(v, &e);
	/* Subnormals: 2^-e must stay a finite double. */
	if (e < DBL_MIN_EXP)
		e = DBL_MIN_EXP;
	/* and near DBL_MAX: 2^e must be a finite double too */
	if (e > DBL_MAX_EXP - 1)
		e = DBL_MAX_EXP - 1;
	fr->c[j] = v;
	fr->e[j] = e;
}

/* (v - c) 2^-e, exactly, as a double-double. */
static dd frame_value(const struct lr_frame *fr, int j, double v)
{
	return dd_two_sum(ldexp(v, -fr->e[j]), -ldexp(fr->c[j], -fr->e[j]));
}

void lr_frame_terms(const lr_fit *f, const struct lr_frame *fr,
    const double *x, dd *out)
{
	int j;
	out[0] = dd_from(1);
	if (f->degree >= 2) {
		dd t = frame_value(fr, 0, x[0]);
		out[1] = t;
		for (j = 2; j <= f->k; j++)
			out[j] = dd_mul(out[j - 1], t);
	} else {
		for (j = 0; j < f->k; j++)
			out[j + 1] = frame_value(fr, j, x[j]);
	}
}

/* Binomial coefficient, exact in double for the degrees allowed. */
double lr_binom(int n, int m)
{
	double b = 1;
	int i;
	for (i = 1; i <= m; i++)
		b = b * (n - m + i) / i;
	return b;
}

/* c^p as a double-double. */
static dd dd_pow(double c, int p)
{
	dd r = dd_from(1);
	while (p-- > 0)
		r = dd_mul_d(r, c);
	return r;
}

/*
 * M (ncol x ncol, upper triangular) with frame columns = raw columns M,
 * raw columns being [1, x_1..x_k or x..x^k, y]; or, with inverse set,
 * raw columns = frame columns M.  Column j of the frame is
 *	linear:      t_j = 2^-e_j x_j - c_j 2^-e_j
 *	polynomial:  t^m = sum_i C(m,i) 2^-m e (-c)^(m-i) x^i
 * and inversely x_j = 2^e_j t_j + c_j, x^i = sum_m C(i,m) 2^(m e) c^(i-m) t^m.
 */
void lr_frame_matrix(const lr_fit *f, const struct lr_frame *fr,
    int inverse, dd *m)
{
	int n = f->ncol, y = n - 1, ey = fr->e[f->nx], i, j;
	double cy = fr->c[f->nx];

	memset(m, 0, (size_t)n * n * sizeof *m);
	m[0] = dd_from(1);
	if (f->degree >= 2) {
		double c = fr->c[0];
		int e = fr->e[0];
		for (j = 1; j <= f->k; j++)
			for (i = 0; i <= j; i++)
				m[i * n + j] = inverse
				    ? dd_ldexp(dd_mul_d(dd_pow(c, j - i),
					lr_binom(j, i)), i * e)
				    : dd_ldexp(dd_mul_d(dd_pow(-c, j - i),
					lr_binom(j, i)), -j * e);
	} else {
		for (j = 1; j <= f->k; j++) {
			/* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.Assign): lr_zalloc zeroes fr->e */
			int e = fr->e[j - 1];
			double c = fr->c[j - 1];
			m[j * n + j] = dd_from(ldexp(1.0, inverse ? e : -e));
			m[j] = dd_from(inverse ? c : -ldexp(c, -e));
		}
	}
	m[y * n + y] = dd_from(ldexp(1.0, inverse ? ey : -ey));
	m[y] = dd_from(inverse ? cy : -ldexp(cy, -ey));
}

void lr_frame_change(const lr_fit *f, const struct lr_frame *from,
    const struct lr_frame *to, dd *g, dd *scratch)
{
	int n = f->ncol, i, j, l;
	dd *a = scratch, *b = scratch + (size_t)n * n;

	lr_frame_matrix(f, from, 1, a); /* raw = from-frame * A */
	lr_frame_matrix(f, to, 0, b);   /* to-frame = raw * B */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			dd s = dd_from(0);
			for (l = i; l <= j; l++)
				s = dd_add(s, dd_mul(a[i * n + l], b[l * n + j]));
			g[i * n + j] = s;
		}
}

/* ------------------------------------------------------------------ */
/* Givens updating                                                     */
/* ------------------------------------------------------------------ */

void lr_givens_row(dd *r, int ncol, dd *row)
{
	int i, j;
	for (i = 0; i < ncol; i++) {
		dd xi = row[i], *ri = r + (size_t)i * ncol, rr, inv, c, s;
		double big;
		if (xi.hi == 0)
			continue;
		if (ri[i].hi == 0) {
			/* An empty row of R takes the rest of the row as it is. */
			int neg = xi.hi < 0;
			for (j = i; j < ncol; j++)
				ri[j] = neg ? dd_neg(row[j]) : row[j];
			return;
		}
		big = fabs(ri[i].hi) > fabs(xi.hi) ? fabs(ri[i].hi) :
		    fabs(xi.hi);
		if (big < 0x1p-450 || big > 0x1p450) {
			/*
			 * Both entries so small (or one so large) that their
			 * squares would underflow (overflow): a column moved far
			 * down by a frame change.  Rotate them scaled by a power
			 * of two, as hypot does.
			 */
			int k;
			dd a, b;
			(void)frexp(big, &k);
			a = dd_ldexp(ri[i], -k);
			b = dd_ldexp(xi, -k);
			rr = dd_sqrt(dd_add(dd_mul(a, a), dd_mul(b, b)));
			inv = dd_div(dd_from(1), rr);
			c = dd_mul(a, inv);
			s = dd_mul(b, inv);
			rr = dd_ldexp(rr, k);
		} else {
			rr = dd_sqrt(dd_add(dd_mul(ri[i], ri[i]),
			    dd_mul(xi, xi)));
			inv = dd_div(dd_from(1), rr);
			c = dd_mul(ri[i], inv);
			s = dd_mul(xi, inv);
		}
		ri[i] = rr;
		for (j = i + 1; j < ncol; j++) {
			dd a = ri[j], b = row[j];
			ri[j] = dd_add(dd_mul(c, a), dd_mul(s, b));
			row[j] = dd_sub(dd_mul(c, b), dd_mul(s, a));
		}
	}
}

/* ------------------------------------------------------------------ */
/* Moving a frame's scale                                              */
/* ------------------------------------------------------------------ */

/* LR_T_BITS and LR_W_BITS, the bounds of frame values and scaled
 * weights, are in fit_internal.h (block.c checks against the first). */
/* A variable whose shift is 0 keeps its default scale (1) until its
 * first value beyond 2^-LR_T_LOW in it: that value sets the scale. */
#define LR_T_LOW 64

/* The exponent e of v != 0: 2^(e-1) <= |v| < 2^e. */
static int expo(double v)
{
	int e;
	(void)frexp(v, &e);
	return e;
}

/* The even exponent near a weight w > 0 (|w 2^-e| in [1/2, 2)). */
static int even_expo(double w)
{
	int e = expo(w);
	return e - (e & 1);
}

/*
 * The exponent of v - c (v != c), within one, computed without the
 * difference overflowing (both near +-1e308) or losing the exponent to
 * underflow (both subnormal).
 */
static int diff_expo(double v, double c)
{
	if (fabs(v) < 0x1p-900 && fabs(c) < 0x1p-900)
		return expo(ldexp(v, 200) - ldexp(c, 200)) - 200;
	return expo(ldexp(v, -2) - ldexp(c, -2)) + 2;
}

/* A frame exponent within the range lr_frame_set gives (2^-e finite). */
static int clamp_e(int e)
{
	return e < DBL_MIN_EXP ? DBL_MIN_EXP : e > DBL_MAX_EXP - 1
	    ? DBL_MAX_EXP - 1 : e;
}

/* The bound on variable j's frame values, as a power of two. */
static int t_bits(const lr_fit *f)
{
	return f->degree >= 2 ? LR_T_BITS / f->k : LR_T_BITS;
}

/* The column of variable j's first term (its t) in the factor. */
static int var_col(const lr_fit *f, int j)
{
	return j == f->nx ? f->ncol - 1 : f->degree >= 2 ? 1 : j + 1;
}

double lr_col_max(const lr_fit *f, const dd *r, int j)
{
	int i, n = f->ncol, c = var_col(f, j);
	double m = 0;
	for (i = 0; i <= c; i++)
		if (fabs(r[i * n + c].hi) > m)
			m = fabs(r[i * n + c].hi);
	return m;
}

/*
 * Move variable j's scale to 2^e (its shift stays): its frame values
 * become t 2^(e_old - e), and the factor's column of each term t^m is
 * multiplied by 2^(m (e_old - e)).
 */
static void rescale_var(lr_fit *f, int j, int e)
{
	int n = f->ncol, d = f->fr.e[j] - e, c, i;
	int first = var_col(f, j);
	int last = f->degree >= 2 && j == 0 ? f->k : first;

	for (c = first; c <= last; c++) {
		int m = f->degree >= 2 && j == 0 ? c : 1;
		for (i = 0; i <= c; i++)
			f->r[i * n + c] = dd_ldexp(f->r[i * n + c], m * d);
	}
	f->fr.e[j] = e;
}

/* Multiply the whole factor by 2^d (the weights' frame moved by -2d). */
static void rescale_all(lr_fit *f, int d)
{
	int k;
	for (k = 0; k < f->ncol * f->ncol; k++)
		f->r[k] = dd_ldexp(f->r[k], d);
}

/*
 * Before adding a row with values x, y: move any variable's scale the
 * row does not fit (a value 2^t_bits beyond it, or the first non-zero
 * value of a variable still at the default scale of a zero shift).
 */
static void fit_frame_to(lr_fit *f, const double *x, double y)
{
	int j;
	for (j = 0; j <= f->nx; j++) {
		double v = j < f->nx ? x[j] : y, c = f->fr.c[j], a;
		int e = f->fr.e[j], e2;
		if (v == c)
			continue;
		a = fabs(ldexp(v, -e) - ldexp(c, -e));
		if (!(a < ldexp(1.0, t_bits(f)))) {
			e2 = clamp_e(diff_expo(v, c));
			if (e2 > e)
				rescale_var(f, j, e2);
		} else if (c == 0 && a < 0x1p-64) {
			double m = lr_col_max(f, f->r, j);
			if (m < 0x1p-64) {
				e2 = clamp_e(e + expo(a > m ? a : m));
				if (e2 < e)
					rescale_var(f, j, e2);
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Adding rows and merging                                             */
/* ------------------------------------------------------------------ */

void lr_frame_start(lr_fit *f, const double *x, double y, double w)
{
	int j;
	for (j = 0; j < f->nx; j++)
		lr_frame_set(&f->fr, j, x[j]);
	lr_frame_set(&f->fr, f->nx, y);
	f->ew = w == 1 ? 0 : even_expo(w);
	f->wmin = f->wmax = w;
	f->framed = 1;
}

lr_status lr_add_row(lr_fit *f, const double *x, double y, double w)
{
	int j, ncol = f->ncol;
	double ws;
	dd *row = f->row;

	for (j = 0; j < f->nx; j++)
		if (!isfinite(x[j]))
			return LR_ENONFINITE;
	if (!isfinite(y) || !isfinite(w))
		return LR_ENONFINITE;
	if (!(w > 0))
		return LR_EINVAL;
	if (!f->framed)
		lr_frame_start(f, x, y, w);
	fit_frame_to(f, x, y);
	lr_frame_terms(f, &f->fr, x, row);
	row[ncol - 1] = frame_value(&f->fr, f->nx, y);
	ws = ldexp(w, -f->ew);
	if (!(ws < ldexp(1.0, LR_W_BITS))) {
		/* A weight far above the frame's (ws may even be +Inf):
		 * move the weights' frame to it. */
		int e2 = even_expo(w);
		rescale_all(f, -(e2 - f->ew) / 2);
		f->ew = e2;
		ws = ldexp(w, -f->ew);
	}
	if (w < f->wmin)
		f->wmin = w;
	if (w > f->wmax)
		f->wmax = w;
	if (ws != 1) {
		dd sw = dd_sqrt(dd_from(ws));
		for (j = 0; j < ncol; j++)
			row[j] = dd_mul(row[j], sw);
	}
	if (w != 1)
		f->sumlogw = dd_add_d(f->sumlogw, log(w));
	lr_givens_row(f->r, ncol, row);
	f->n++;
	return LR_OK;
}

lr_status lr_fit_add(lr_fit *f, const double *x, double y)
{
	return lr_add_row(f, x, y, 1);
}

lr_status lr_fit_add_weighted(lr_fit *f, const double *x, double y, double w)
{
	return lr_add_row(f, x, y, w);
}


/*
 * Row i of src's factor in dst's frame, into row, computed in the frames
 * themselves (never through the data's units, where powers of a shift
 * like 1e300 would overflow): a variable's frame value in dst's frame
 * is t_d = a t_s + b, a = 2^(e_s - e_d), b = (c_s - c_d) 2^-e_d, so
 *	linear:      t_d column = a (t_s column) + b (constant column)
 *	polynomial:  t_d^m = sum_l C(m,l) b^(m-l) a^l t_s^l
 * and the weights' frames differ by 2^(ew_s - ew_d): the row is
 * multiplied by its square root.  The caller chose dst's scales so that
 * nothing here overflows.
 */
static void convert_row(const lr_fit *dst, const lr_fit *src, int i, dd *row)
{
	int n = dst->ncol, j, m, l;
	const dd *rs = src->r + (size_t)i * n;
	int dw = (src->ew - dst->ew) / 2;

	row[0] = rs[0];
	for (j = 0; j <= dst->nx; j++) {
		int col = var_col(dst, j), ed = dst->fr.e[j], da = src->fr.e[j] - ed;
		dd b = dd_two_sum(ldexp(src->fr.c[j], -ed),
		    -ldexp(dst->fr.c[j], -ed));
		if (dst->degree >= 2 && j == 0) {
			for (m = 1; m <= dst->k; m++) {
				dd s = dd_from(0), bp = dd_from(1);
				for (l = m; l >= 0; l--) {
					s = dd_add(s, dd_ldexp(dd_mul(dd_mul_d(bp,
					    lr_binom(m, l)), rs[l]), l * da));
					bp = dd_mul(bp, b);
				}
				row[m] = s;
			}
		} else {
			row[col] = dd_add(dd_ldexp(rs[col], da), dd_mul(rs[0], b));
		}
	}
	for (j = 0; j < n; j++)
		row[j] = dd_ldexp(row[j], dw);
}

/*
 * The scale exponent variable j needs in a merge of src into dst: dst's
 * own unless the merged column would leave the range (then the scale of
 * its largest values), or dst's column is still empty at a zero shift's
 * default scale (then src's values set it, as a first non-zero value
 * does for a row).
 */
static int merge_scale(const lr_fit *dst, const lr_fit *src, int j)
{
	int e = dst->fr.e[j], big = INT_MIN, de;
	double md = lr_col_max(dst, dst->r, j), ms = lr_col_max(src, src->r, j);
	int dw = (src->ew - dst->ew) / 2;

	/* Magnitudes in dst's frame, as powers of two. */
	if (md > 0)
		big = expo(md);
	if (ms > 0 && expo(ms) + src->fr.e[j] - e + dw > big)
		big = expo(ms) + src->fr.e[j] - e + dw;
	if (src->fr.c[j] != dst->fr.c[j]) {
		de = diff_expo(src->fr.c[j], dst->fr.c[j]) - e +
		    expo(src->r[0].hi) + dw;
		if (de > big)
			big = de;
	}
	if (big == INT_MIN)
		return e;
	if (big > t_bits(dst))
		return clamp_e(e + big);
	if (md == 0 && dst->fr.c[j] == 0 && big < -LR_T_LOW)
		return clamp_e(e + big);
	return e;
}

lr_status lr_fit_merge(lr_fit *dst, const lr_fit *src)
{
	int n = dst->ncol, nv = dst->nx + 1, i, j, k;
	dd *save, *row = dst->row;
	int save_e[LR_MAX_NX + 1], save_ew;

	if (dst->nx != src->nx || dst->degree != src->degree ||
	    dst->flags != src->flags)
		return LR_EMISMATCH;
	if (src->n == 0)
		return LR_OK;
	if (dst->n == 0) {
		memcpy(dst->fr.c, src->fr.c, (size_t)nv * sizeof *dst->fr.c);
		memcpy(dst->fr.e, src->fr.e, (size_t)nv * sizeof *dst->fr.e);
		memcpy(dst->r, src->r, (size_t)n * n * sizeof *dst->r);
		dst->framed = 1;
		dst->n = src->n;
		dst->sumlogw = src->sumlogw;
		dst->ew = src->ew;
		dst->wmin = src->wmin;
		dst->wmax = src->wmax;
		return LR_OK;
	}
	/* Keep a copy to restore if the numbers overflow after all. */
	save = dst->work + 3 * (size_t)n * n;
	memcpy(save, dst->r, (size_t)n * n * sizeof *save);
	memcpy(save_e, dst->fr.e, (size_t)nv * sizeof *save_e);
	save_ew = dst->ew;
	/*
	 * A common frame: dst's shifts; the weights' frame of the heavier;
	 * each variable's scale wide enough for both fits' values.
	 */
	if (src->ew > dst->ew) {
		rescale_all(dst, (dst->ew - src->ew) / 2);
		dst->ew = src->ew;
	}
	for (j = 0; j < nv; j++) {
		int e = merge_scale(dst, src, j);
		if (e != dst->fr.e[j])
			rescale_var(dst, j, e);
	}
	for (i = 0; i < n; i++) {
		convert_row(dst, src, i, row);
		lr_givens_row(dst->r, n, row);
	}
	for (k = 0; k < n * n; k++)
		if (!isfinite(dst->r[k].hi) || !isfinite(dst->r[k].lo)) {
			memcpy(dst->r, save, (size_t)n * n * sizeof *save);
			memcpy(dst->fr.e, save_e, (size_t)nv * sizeof *save_e);
			dst->ew = save_ew;
			return LR_ERANGE;
		}
	dst->n += src->n;
	dst->sumlogw = dd_add(dst->sumlogw, src->sumlogw);
	if (src->wmin < dst->wmin)
		dst->wmin = src->wmin;
	if (src->wmax > dst->wmax)
		dst->wmax = src->wmax;
	return LR_OK;
}

/* ------------------------------------------------------------------ */
/* Export and import                                                   */
/* ------------------------------------------------------------------ */

/* A dd is two doubles, hi then lo, with no padding (checked here). */
typedef char lr_dd_is_two_doubles[sizeof(dd) == 2 * sizeof(double) ? 1 : -1];

void lr_fit_export(const lr_fit *f, lr_fit_state *out)
{
	out->spec.nx = f->nx;
	out->spec.degree = f->degree >= 2 ? f->degree : 0;
	out->spec.flags = f->flags;
	out->n = f->n;
	out->sumlogw[0] = f->sumlogw.hi;
	out->sumlogw[1] = f->sumlogw.lo;
	out->wscale = f->ew;
	out->wmin = f->wmin;
	out->wmax = f->wmax;
	out->nv = f->nx + 1;
	out->shift = f->fr.c;
	out->scale = f->fr.e;
	out->ncol = f->ncol;
	out->r = (const double *)f->r;
}

/*
 * The cross-checks of a state's numbers that need no data (see
 * lr_fit_import): R[0][0]^2 is the sum of the n scaled weights, which
 * lies between n wmin 2^-ew and n wmax 2^-ew; for an unweighted fit it
 * is n itself.  It is a sum carried in double-double: each of the at
 * most n rotations (or block folds) that built it adds a relative error
 * below 2^-100, so it is off by at most n 2^-100 relative; the check
 * allows max(n, 2^20) 2^-100, under one part in 2^36 for any 64-bit
 * count, and catches an n off by one up to 2^50 rows.  sum(log w) lies
 * between n log(wmin) and n log(wmax), to its rounding.
 */
static int state_consistent(const lr_fit_state *st, dd r00)
{
	double n = (double)st->n, tol, lo, hi, sq, lmin, lmax, slw;

	tol = (n > 0x1p20 ? n : 0x1p20) * 0x1p-100;
	sq = dd_to_d(dd_mul(r00, r00));
	lo = n * ldexp(st->wmin, -st->wscale);
	hi = n * ldexp(st->wmax, -st->wscale);
	if (!(sq >= lo * (1 - tol) && sq <= hi * (1 + tol)))
		return 0;
	lmin = log(st->wmin);
	lmax = log(st->wmax);
	slw = st->sumlogw[0] + st->sumlogw[1];
	tol = n * (fabs(lmin) + fabs(lmax)) * 0x1p-45;
	return slw >= n * lmin - tol && slw <= n * lmax + tol;
}

lr_status lr_fit_import(const lr_fit_state *st, lr_fit **out)
{
	lr_fit *f;
	lr_status s;
	int i, j, n, zero = 1;
	const double *p;

	*out = NULL;
	if ((s = lr_fit_new(&st->spec, &f)) != LR_OK)
		return s;
	n = f->ncol;
	if (st->nv != f->nx + 1 || st->ncol != n || !st->shift || !st->scale ||
	    !st->r || !isfinite(st->sumlogw[0]) || !isfinite(st->sumlogw[1]) ||
	    st->sumlogw[0] + st->sumlogw[1] != st->sumlogw[0] ||
	    st->n > (uint64_t)INT64_MAX)
		goto bad;
	/* The weights' frame: what add_row can make of weights 2^-1074..2^1024. */
	if (st->n > 0 && (st->wscale < -1074 || st->wscale > 1024 ||
	    (st->wscale & 1) || !(st->wmin > 0) || !(st->wmin <= st->wmax) ||
	    !isfinite(st->wmax)))
		goto bad;
	/* Scales start at the shift's exponent and only rise (fit_frame_to,
	 * merge_scale), but for a zero shift's. */
	for (j = 0; j < st->nv; j++)
		if (!isfinite(st->shift[j]) || st->scale[j] < DBL_MIN_EXP ||
		    st->scale[j] > DBL_MAX_EXP - 1 || (st->shift[j] != 0 &&
		    st->scale[j] < clamp_e(expo(st->shift[j]))))
			goto bad;
	p = st->r;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++, p += 2) {
			/* finite, normalised (lo below half an ulp of hi),
			 * zero below the diagonal, not negative on it */
			if (!isfinite(p[0]) || !isfinite(p[1]) ||
			    p[0] + p[1] != p[0] || !(fabs(p[0]) < 0x1p600) ||
			    (j < i && (p[0] != 0 || p[1] != 0)) ||
			    (j == i && p[0] < 0))
				goto bad;
			if (p[0] != 0 || p[1] != 0)
				zero = 0;
			f->r[i * n + j] = dd_make(p[0], p[1]);
		}
	if (st->n == 0) {
		/* An empty fit has nothing: a factor or weights are damage. */
		if (!zero || st->sumlogw[0] != 0 || st->wscale != 0 ||
		    st->wmin != 0 || st->wmax != 0)
			goto bad;
	} else if (!state_consistent(st, f->r[0])) {
		goto bad;
	}
	memcpy(f->fr.c, st->shift, (size_t)st->nv * sizeof *f->fr.c);
	memcpy(f->fr.e, st->scale, (size_t)st->nv * sizeof *f->fr.e);
	f->n = st->n;
	f->framed = st->n > 0;
	f->sumlogw = dd_make(st->sumlogw[0], st->sumlogw[1]);
	f->ew = st->wscale;
	f->wmin = st->wmin;
	f->wmax = st->wmax;
	*out = f;
	return LR_OK;
bad:
	lr_fit_free(f);
	return LR_EINVAL;
}
