/*
 * fit.c - accumulating rows into a fit state, and merging two states.
 *
 * Each row is mapped exactly into the fit's frame (fit_internal.h) and
 * rotated into the triangular factor with Givens rotations carried out
 * in double-double arithmetic: O(ncol^2) work and no allocation per row,
 * memory O(ncol^2) whatever the number of rows.  An orthogonal update
 * never squares the condition number of the design, and with ~32
 * significant digits even a degree-10 polynomial design whose condition
 * number is 1e15 keeps every digit that double precision can show.
 */
#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fit_internal.h"

#define LR_MAX_NX 1000
#define LR_MAX_DEGREE 30

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

static void *(*alloc_fn)(size_t) = malloc;
static void (*free_fn)(void *) = free;

void lr_set_allocator(void *(*alloc)(size_t), void (*release)(void *))
{
	alloc_fn = alloc && release ? alloc : malloc;
	free_fn = alloc && release ? release : free;
}

void *lr_zalloc(size_t n, size_t size)
{
	void *p;
	if (size && n > (size_t)-1 / size)
		return NULL;
	p = alloc_fn(n * size != 0 ? n * size : 1);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void lr_free(void *p)
{
	if (p)
		free_fn(p);
}

const char *lr_strerror(lr_status s)
{
	switch (s) {
	case LR_OK:
		return "success";
	case LR_ENOMEM:
		return "out of memory";
	case LR_EINVAL:
		return "invalid argument";
	case LR_ENONFINITE:
		return "value is not a finite number";
	case LR_ETOOFEW:
		return "too few data points for the model";
	case LR_ESINGULAR:
		return "a predictor is a linear combination of the others";
	case LR_EMISMATCH:
		return "fits of different models cannot be merged";
	case LR_ERANGE:
		return "a value or coefficient is beyond the range of a double";
	}
	return "unknown status";
}

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
	lr_free(f);
}

uint64_t lr_fit_count(const lr_fit *f)
{
	return f->n;
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */
/* ------------------------------------------------------------------ */

/* Origin c and exponent e (2^e nearest |c|; 0 for c == 0) of a frame. */
static void set_frame(struct lr_frame *fr, int j, double v)
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
static double binom(int n, int m)
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
					binom(j, i)), i * e)
				    : dd_ldexp(dd_mul_d(dd_pow(-c, j - i),
					binom(j, i)), -j * e);
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

/*
 * Frame values stay below 2^LR_T_BITS (for a polynomial of degree k,
 * the value below 2^(LR_T_BITS / k), so every power is), and scaled
 * weights below 2^LR_W_BITS.  Then a row's entries are below 2^464, the
 * factor's below 2^496 (2^32 more for 2^64 rows) and their squares
 * below 2^992: no Givens rotation overflows.
 */
#define LR_T_BITS 400
#define LR_W_BITS 128
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

/* A frame exponent within the range set_frame gives (2^-e finite). */
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

/* The largest |entry| of variable j's column in factor r. */
static double col_max(const lr_fit *f, const dd *r, int j)
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
			double m = col_max(f, f->r, j);
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

/* The frame from a first row (x, y, weight w). */
static void start_frame(lr_fit *f, const double *x, double y, double w)
{
	int j;
	for (j = 0; j < f->nx; j++)
		set_frame(&f->fr, j, x[j]);
	set_frame(&f->fr, f->nx, y);
	f->ew = w == 1 ? 0 : even_expo(w);
	f->wmin = f->wmax = w;
	f->framed = 1;
}

static lr_status add_row(lr_fit *f, const double *x, double y, double w)
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
		start_frame(f, x, y, w);
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
	return add_row(f, x, y, 1);
}

lr_status lr_fit_add_weighted(lr_fit *f, const double *x, double y, double w)
{
	return add_row(f, x, y, w);
}

/*
 * Rotate the rows of factor rs (ncol x ncol), whose columns are in frame
 * `from`, into f's factor (in f's frame).  Row i in f's frame is
 * (rs G)_i, G the frame change; f->work is the scratch.  (For a block's
 * factor, whose frame has f's scales and shifts near f's.)
 */
static void fold_factor(lr_fit *f, const dd *rs, const struct lr_frame *from)
{
	int i, j, l, n = f->ncol;
	dd *g = f->work, *row = f->row;

	lr_frame_change(f, from, &f->fr, g, g + (size_t)n * n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			dd s = dd_from(0);
			for (l = i; l <= j; l++)
				s = dd_add(s, dd_mul(rs[i * n + l], g[l * n + j]));
			row[j] = s;
		}
		lr_givens_row(f->r, n, row);
	}
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
					    binom(m, l)), rs[l]), l * da));
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
	double md = col_max(dst, dst->r, j), ms = col_max(src, src->r, j);
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
/* Blocks of rows                                                      */
/* ------------------------------------------------------------------ */

#define LR_BLOCK 4096

/*
 * The block kernel sums every block in LR_LANES = 4 interleaved lanes
 * (row i goes to lane i % 4), whatever the machine, so every build adds
 * the same numbers in the same order and gives the same bits: with GCC
 * or clang on vectors of two doubles (SSE2, NEON, wasm SIMD128, or
 * plain code the compiler writes), two vectors a lane group; on x86-64
 * with AVX2 and FMA (chosen at run time) on one vector of four, where
 * an FMA gives each product's rounding error, the very double that
 * Dekker's product gives (both are exact, unless a product underflows,
 * 2^-1022 below the frame's scale, where the rows add nothing that
 * double precision can show).  Elsewhere, one row at a time in the same
 * four lanes.
 */
#define LR_LANES 4
#if defined(__GNUC__) && !defined(LR_NO_VECTOR)
typedef double lr_vd __attribute__((vector_size(2 * sizeof(double))));
#define LR_VW 2
#else
typedef double lr_vd;
#define LR_VW 1
#endif
#define LR_GROUPS (LR_LANES / LR_VW)

#if defined(__GNUC__) && defined(__x86_64__) && !defined(LR_NO_VECTOR)
#include <immintrin.h>
#define LR_AVX2 1
#else
#define LR_AVX2 0
#endif

int lr_kernel_generic;

int lr_kernel_avx2(void)
{
#if LR_AVX2
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
	return 0;
#endif
}

static lr_vd lr_splat(double a)
{
	double v[LR_VW];
	lr_vd r;
	int k;
	for (k = 0; k < LR_VW; k++)
		v[k] = a;
	memcpy(&r, v, sizeof r);
	return r;
}

/* hi + b with its rounding error added to lo (Knuth's TwoSum). */
#define LR_ACC(hi, lo, b, blo) do {					\
		lr_vd s_ = (hi) + (b), bb_ = s_ - (hi);			\
		(lo) += ((hi) - (s_ - bb_)) + ((b) - bb_) + (blo);	\
		(hi) = s_;						\
	} while (0)

/*
 * The five sums of a block (see add_block_line), each lane's high and
 * loose low part: h[k][j] + l[k][j] for sum k (x, y, xx, xy, yy) of lane
 * j.  x, y: the block's rows, n of them, scaled by sx, sy and shifted
 * by the means mx, my (the scaled values' means).  A last short group
 * of rows is padded with the means, whose deviations are 0.
 */
static void block_sums(const double *x, const double *y, size_t n,
    double sx, double sy, double mx, double my,
    double h[5][LR_LANES], double l[5][LR_LANES])
{
	lr_vd vsx = lr_splat(sx), vsy = lr_splat(sy);
	lr_vd vmx = lr_splat(mx), vmy = lr_splat(my);
	lr_vd k27 = lr_splat(134217729.0); /* 2^27 + 1: Dekker's split */
	lr_vd hs[5][LR_GROUPS], ls[5][LR_GROUPS];
	double px[LR_LANES], py[LR_LANES];
	size_t i;
	size_t g;
	int k;

	memset(hs, 0, sizeof hs);
	memset(ls, 0, sizeof ls);
	for (i = 0; i < n; i += LR_LANES) {
		int full = n - i >= LR_LANES;
		if (!full) {
			for (k = 0; k < LR_LANES; k++) {
				px[k] = (size_t)k < n - i ? x[i + k] * sx : mx;
				py[k] = (size_t)k < n - i ? y[i + k] * sy : my;
			}
		}
		for (g = 0; g < LR_GROUPS; g++) {
			lr_vd vx, vy, dx, ex, dy, ey, bb, th, xh, xl, yh, yl, p, e;
			if (full) {
				memcpy(&vx, x + i + g * LR_VW, sizeof vx);
				memcpy(&vy, y + i + g * LR_VW, sizeof vy);
				vx = vx * vsx;
				vy = vy * vsy;
			} else {
				memcpy(&vx, px + g * LR_VW, sizeof vx);
				memcpy(&vy, py + g * LR_VW, sizeof vy);
			}
			/* the deviations, exactly: dx + ex, dy + ey */
			dx = vx - vmx;
			bb = dx - vx;
			ex = (vx - (dx - bb)) + (-vmx - bb);
			dy = vy - vmy;
			bb = dy - vy;
			ey = (vy - (dy - bb)) + (-vmy - bb);
			/* the high parts split in halves of 26 bits */
			th = k27 * dx;
			xh = th - (th - dx);
			xl = dx - xh;
			th = k27 * dy;
			yh = th - (th - dy);
			yl = dy - yh;
			LR_ACC(hs[0][g], ls[0][g], dx, ex);
			LR_ACC(hs[1][g], ls[1][g], dy, ey);
			/* dx^2 = p + e exactly (Dekker), then the low parts' terms */
			p = dx * dx;
			e = ((xh * xh - p) + (xh + xh) * xl) + xl * xl;
			e += (dx + dx) * ex;
			LR_ACC(hs[2][g], ls[2][g], p, e);
			p = dx * dy;
			e = (((xh * yh - p) + xh * yl) + xl * yh) + xl * yl;
			e += dx * ey + ex * dy;
			LR_ACC(hs[3][g], ls[3][g], p, e);
			p = dy * dy;
			e = ((yh * yh - p) + (yh + yh) * yl) + yl * yl;
			e += (dy + dy) * ey;
			LR_ACC(hs[4][g], ls[4][g], p, e);
		}
	}
	for (k = 0; k < 5; k++)
		for (g = 0; g < LR_GROUPS; g++) {
			memcpy(&h[k][g * LR_VW], &hs[k][g], sizeof hs[k][g]);
			memcpy(&l[k][g * LR_VW], &ls[k][g], sizeof ls[k][g]);
		}
}

#if LR_AVX2
/* hi + b with its rounding error added to lo, four lanes. */
#define LR_ACC4(hi, lo, b, blo) do {					\
		__m256d s_ = _mm256_add_pd(hi, b);			\
		__m256d bb_ = _mm256_sub_pd(s_, hi);			\
		(lo) = _mm256_add_pd(lo, _mm256_add_pd(_mm256_add_pd(	\
		    _mm256_sub_pd(hi, _mm256_sub_pd(s_, bb_)),		\
		    _mm256_sub_pd(b, bb_)), blo));			\
		(hi) = s_;						\
	} while (0)

/*
 * block_sums on one vector of four lanes, with FMA for each product's
 * rounding error: the same operations in the same order, lane for lane.
 */
__attribute__((target("avx2,fma")))
static void block_sums_avx2(const double *x, const double *y, size_t n,
    double sx, double sy, double mx, double my,
    double h[5][LR_LANES], double l[5][LR_LANES])
{
	const __m256d vsx = _mm256_set1_pd(sx), vsy = _mm256_set1_pd(sy);
	const __m256d vmx = _mm256_set1_pd(mx), vmy = _mm256_set1_pd(my);
	const __m256d nmx = _mm256_set1_pd(-mx), nmy = _mm256_set1_pd(-my);
	__m256d h0 = _mm256_setzero_pd(), h1 = h0, h2 = h0, h3 = h0, h4 = h0;
	__m256d l0 = h0, l1 = h0, l2 = h0, l3 = h0, l4 = h0;
	double px[LR_LANES], py[LR_LANES];
	size_t i;
	int k;

	for (i = 0; i < n; i += LR_LANES) {
		__m256d vx, vy, dx, ex, dy, ey, bb, p, e;
		if (n - i >= LR_LANES) {
			vx = _mm256_mul_pd(_mm256_loadu_pd(x + i), vsx);
			vy = _mm256_mul_pd(_mm256_loadu_pd(y + i), vsy);
		} else {
			for (k = 0; k < LR_LANES; k++) {
				px[k] = (size_t)k < n - i ? x[i + k] * sx : mx;
				py[k] = (size_t)k < n - i ? y[i + k] * sy : my;
			}
			vx = _mm256_loadu_pd(px);
			vy = _mm256_loadu_pd(py);
		}
		dx = _mm256_sub_pd(vx, vmx);
		bb = _mm256_sub_pd(dx, vx);
		ex = _mm256_add_pd(_mm256_sub_pd(vx, _mm256_sub_pd(dx, bb)),
		    _mm256_sub_pd(nmx, bb));
		dy = _mm256_sub_pd(vy, vmy);
		bb = _mm256_sub_pd(dy, vy);
		ey = _mm256_add_pd(_mm256_sub_pd(vy, _mm256_sub_pd(dy, bb)),
		    _mm256_sub_pd(nmy, bb));
		LR_ACC4(h0, l0, dx, ex);
		LR_ACC4(h1, l1, dy, ey);
		p = _mm256_mul_pd(dx, dx);
		e = _mm256_fmsub_pd(dx, dx, p);
		e = _mm256_add_pd(e, _mm256_mul_pd(_mm256_add_pd(dx, dx), ex));
		LR_ACC4(h2, l2, p, e);
		p = _mm256_mul_pd(dx, dy);
		e = _mm256_fmsub_pd(dx, dy, p);
		e = _mm256_add_pd(e, _mm256_add_pd(_mm256_mul_pd(dx, ey),
		    _mm256_mul_pd(ex, dy)));
		LR_ACC4(h3, l3, p, e);
		p = _mm256_mul_pd(dy, dy);
		e = _mm256_fmsub_pd(dy, dy, p);
		e = _mm256_add_pd(e, _mm256_mul_pd(_mm256_add_pd(dy, dy), ey));
		LR_ACC4(h4, l4, p, e);
	}
	_mm256_storeu_pd(h[0], h0);
	_mm256_storeu_pd(h[1], h1);
	_mm256_storeu_pd(h[2], h2);
	_mm256_storeu_pd(h[3], h3);
	_mm256_storeu_pd(h[4], h4);
	_mm256_storeu_pd(l[0], l0);
	_mm256_storeu_pd(l[1], l1);
	_mm256_storeu_pd(l[2], l2);
	_mm256_storeu_pd(l[3], l3);
	_mm256_storeu_pd(l[4], l4);
}
#endif

/*
 * A block of a straight line without weights: the sums of the block's
 * deviations from its (rounded) means and of their products, all exact
 * to double-double: the deviations are formed exactly (two_sum), the
 * products split exactly (Dekker) and the sums carried in
 * double-double.  The block's 3 x 3 factor of [1, x, y] (in the frame
 * shifted by the means) is the Cholesky factor of these sums, taken in
 * double-double, and is folded into the fit's factor.  The result
 * equals row-by-row Givens updating to about 30 digits, at a fraction
 * of the cost: no square root or division per row.
 *
 * The caller has checked every value: finite, and within 2^400 of the
 * frame's shift once scaled, so no product below can overflow.
 */
static void add_block_line(lr_fit *f, const double *x, const double *y,
    size_t n)
{
	double mx = 0, my = 0, mx1 = 0, my1 = 0, nd = (double)n, sx, sy;
	dd s_x, s_y, s_xx, s_xy, s_yy, nn, r00, r01, r02, r11, r12;
	dd r22sq;
	double cs[2];
	int es[2];
	struct lr_frame bf;
	dd rb[9];
	double h[5][LR_LANES], l[5][LR_LANES];
	size_t i;
	int k;

	/*
	 * Work on the values scaled by the frame's powers of two (exact:
	 * the caller checked the range), so squares of data near 1e200 or
	 * 1e-200 stay in range.  Two partial sums halve the add chain.
	 */
	sx = ldexp(1.0, -f->fr.e[0]);
	sy = ldexp(1.0, -f->fr.e[1]);
	for (i = 0; i + 2 <= n; i += 2) {
		mx += x[i] * sx;
		my += y[i] * sy;
		mx1 += x[i + 1] * sx;
		my1 += y[i + 1] * sy;
	}
	if (i < n) {
		mx += x[i] * sx;
		my += y[i] * sy;
	}
	mx = (mx + mx1) / nd;
	my = (my + my1) / nd;
	/*
	 * Five sums, each a double-double kept loosely: the high parts add
	 * with an exact two_sum, the low parts (rounding errors and the
	 * deviations' own low parts) in plain double.  Over a block of 4096
	 * rows (1024 a lane) each sum is exact to 2^-86 of the sum of its
	 * terms' magnitudes at worst (2^-96 or so typically), 33 bits
	 * beyond a double's; the lanes and the loose parts are normalised
	 * once, here, lane 0 first.
	 */
#if LR_AVX2
	if (!lr_kernel_generic && lr_kernel_avx2())
		block_sums_avx2(x, y, n, sx, sy, mx, my, h, l);
	else
#endif
		block_sums(x, y, n, sx, sy, mx, my, h, l);
	{
		dd sum[5];
		int j;
		for (k = 0; k < 5; k++) {
			sum[k] = dd_from(0);
			for (j = 0; j < LR_LANES; j++)
				sum[k] = dd_add(sum[k], dd_two_sum(h[k][j], l[k][j]));
		}
		s_x = sum[0];
		s_y = sum[1];
		s_xx = sum[2];
		s_xy = sum[3];
		s_yy = sum[4];
	}
	/* Cholesky of [[n, Sx, Sy], [Sx, Sxx, Sxy], [Sy, Sxy, Syy]]. */
	nn = dd_from(nd);
	r00 = dd_sqrt(nn);
	r01 = dd_div(s_x, r00);
	r02 = dd_div(s_y, r00);
	/*
	 * x's spread in the block; with x constant in it (but for its mean's
	 * rounding) the difference may round below 0, where it is 0.
	 */
	r11 = dd_sub(s_xx, dd_mul(r01, r01));
	r11 = r11.hi > 0 ? dd_sqrt(r11) : dd_from(0);
	r12 = r11.hi > 0 ? dd_div(dd_sub(s_xy, dd_mul(r01, r02)), r11)
	    : dd_from(0);
	r22sq = dd_sub(dd_sub(s_yy, dd_mul(r02, r02)), dd_mul(r12, r12));
	/* The block's frame: shifts (mx, my) in data units, f's scales. */
	es[0] = f->fr.e[0];
	es[1] = f->fr.e[1];
	cs[0] = ldexp(mx, es[0]);
	cs[1] = ldexp(my, es[1]);
	bf.c = cs;
	bf.e = es;
	memset(rb, 0, sizeof rb);
	rb[0] = r00;
	rb[1] = r01;
	rb[2] = r02;
	rb[4] = r11;
	rb[5] = r12;
	rb[8] = r22sq.hi > 0 ? dd_sqrt(r22sq) : dd_from(0);
	fold_factor(f, rb, &bf);
	f->n += n;
}

/*
 * The check of lr_fit_add_rows for an unweighted straight line, in one
 * branch-free pass: every value finite and, scaled by the frame (set
 * from the first row if need be), within 2^LR_T_BITS of the frame's
 * shift.  v * 2^-e is exactly ldexp(v, -e) (2^-e is a double for every
 * frame exponent), and a NaN or infinity fails the comparison.  Returns
 * 1 when the whole batch passes; 0 sends the caller to the row-by-row
 * check and additions, which tell which error it is or move the frame.
 */
static int line_batch_ok(const lr_fit *f, const double *x, const double *y,
    size_t n)
{
	struct lr_frame fr;
	double c[2], px, py, cx, cy;
	int e[2], ok = 1;
	size_t i;

	fr.c = c;
	fr.e = e;
	if (f->framed) {
		c[0] = f->fr.c[0], c[1] = f->fr.c[1];
		e[0] = f->fr.e[0], e[1] = f->fr.e[1];
	} else {
		if (!isfinite(x[0]) || !isfinite(y[0]))
			return 0;
		set_frame(&fr, 0, x[0]);
		set_frame(&fr, 1, y[0]);
	}
	px = ldexp(1.0, -e[0]);
	py = ldexp(1.0, -e[1]);
	cx = c[0] * px;
	cy = c[1] * py;
	i = 0;
#if LR_VW > 1
	{
		/* LR_VW rows at a time: -2^400 < v < 2^400, false for NaN */
		typedef long long lr_vm
		    __attribute__((vector_size(LR_VW * sizeof(long long))));
		lr_vd vpx = lr_splat(px), vpy = lr_splat(py);
		lr_vd vcx = lr_splat(cx), vcy = lr_splat(cy);
		lr_vd hi = lr_splat(0x1p400), lo = lr_splat(-0x1p400);
		lr_vm all;
		long long lanes[LR_VW];
		int k;

		memset(&all, 0xff, sizeof all);
		for (; i + LR_VW <= n; i += LR_VW) {
			lr_vd vx, vy;
			memcpy(&vx, x + i, sizeof vx);
			memcpy(&vy, y + i, sizeof vy);
			vx = vx * vpx - vcx;
			vy = vy * vpy - vcy;
			all &= (vx < hi) & (vx > lo) & (vy < hi) & (vy > lo);
		}
		memcpy(lanes, &all, sizeof lanes);
		for (k = 0; k < LR_VW; k++)
			ok &= lanes[k] != 0;
	}
#endif
	for (; i < n; i++)
		ok &= (fabs(x[i] * px - cx) < 0x1p400) &
		    (fabs(y[i] * py - cy) < 0x1p400);
	return ok;
}

/*
 * Whether a block may go to add_block_line in the frame as it is: not
 * while x's or y's shift is 0 and its column still empty (its scale is
 * a default that the first non-zero value sets, row by row).
 */
static int line_frame_ready(const lr_fit *f)
{
	return (f->fr.c[0] != 0 || col_max(f, f->r, 0) != 0) &&
	    (f->fr.c[1] != 0 || col_max(f, f->r, 1) != 0);
}

lr_status lr_fit_add_rows(lr_fit *f, const double *x, const double *y,
    const double *w, size_t n)
{
	size_t i, j, nx = (size_t)f->nx;
	int line = f->nx == 1 && f->degree == 1 && !w;
	int checked = n > 0 && line && line_batch_ok(f, x, y, n);

	if (n == 0)
		return LR_OK;
	if (!checked) {
		for (i = 0; i < n; i++) {
			for (j = 0; j < nx; j++)
				if (!isfinite(x[i * nx + j]))
					return LR_ENONFINITE;
			if (!isfinite(y[i]) || (w && !isfinite(w[i])))
				return LR_ENONFINITE;
			if (w && !(w[i] > 0))
				return LR_EINVAL;
		}
	}
	if (!f->framed)
		start_frame(f, x, y[0], w ? w[0] : 1);
	if (!line) {
		for (i = 0; i < n; i++)
			add_row(f, x + i * nx, y[i], w ? w[i] : 1);
		return LR_OK;
	}
	/*
	 * Blocks in the frame as it is, as long as their values fit it
	 * (checked once for the batch; again for each block once a row has
	 * moved the frame); otherwise row by row, which moves it.
	 */
	i = 0;
	while (i < n) {
		size_t m = n - i < LR_BLOCK ? n - i : LR_BLOCK;
		/* cppcheck-suppress knownConditionTrueFalse ; m is 1..4096 here */
		if (m < 8) {
			for (; i < n; i++)
				add_row(f, x + i, y[i], 1);
			break;
		}
		if (!line_frame_ready(f)) {
			add_row(f, x + i, y[i], 1);
			i++;
			checked = 0;
			continue;
		}
		if (!checked && !line_batch_ok(f, x + i, y + i, m)) {
			size_t end = i + m;
			for (; i < end; i++)
				add_row(f, x + i, y[i], 1);
			checked = 0;
			continue;
		}
		add_block_line(f, x + i, y + i, m);
		i += m;
	}
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
