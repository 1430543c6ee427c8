/*
 * fit.c - accumulating rows into a fit state, and merging two states.
 *
 * Rows arrive one at a time; each costs O(ncol^2) double-double
 * multiply-adds and no allocation.  See fit_internal.h for the frame
 * (shift and power-of-two scale) the sums are kept in.
 */
#include <stdlib.h>
#include <string.h>

#include "fit_internal.h"

#define LR_MAX_NX 1000

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
		return "a predictor has no spread (all its values are equal)";
	case LR_EMISMATCH:
		return "fits of different models cannot be merged";
	}
	return "unknown status";
}

lr_status lr_fit_new(int nx, unsigned flags, lr_fit **out)
{
	lr_fit *f;
	size_t ncol, ntri;

	*out = NULL;
	if (nx < 1 || nx > LR_MAX_NX || (flags & ~LR_NO_INTERCEPT))
		return LR_EINVAL;
	ncol = (size_t)nx + 1;
	ntri = ncol * (ncol + 1) / 2;
	f = calloc(1, sizeof *f);
	if (!f)
		return LR_ENOMEM;
	f->nx = nx;
	f->ncol = (int)ncol;
	f->flags = flags;
	f->shift = calloc(ncol, sizeof *f->shift);
	f->cs = calloc(ncol, sizeof *f->cs);
	f->inv = calloc(ncol, sizeof *f->inv);
	f->e = calloc(ncol, sizeof *f->e);
	f->s1 = calloc(ncol, sizeof *f->s1);
	f->s2 = calloc(ntri, sizeof *f->s2);
	f->u = calloc(ncol, sizeof *f->u);
	if (!f->shift || !f->cs || !f->inv || !f->e || !f->s1 || !f->s2 ||
	    !f->u) {
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
	free(f->shift);
	free(f->cs);
	free(f->inv);
	free(f->e);
	free(f->s1);
	free(f->s2);
	free(f->u);
	free(f);
}

uint64_t lr_fit_count(const lr_fit *f)
{
	return f->n;
}

/*
 * Fix column j's frame from its first value v: origin v, scale the
 * power of two nearest |v| (1 for v == 0), so frame values of data of
 * any magnitude are near 1.
 */
static void set_frame(lr_fit *f, int j, double v)
{
	int e = 0;
	if (v != 0)
		(void)frexp(v, &e);
	f->shift[j] = v;
	f->e[j] = e;
	f->inv[j] = ldexp(1.0, -e);
	f->cs[j] = ldexp(v, -e);
}

lr_status lr_fit_add(lr_fit *f, const double *x, double y)
{
	int j, l, ncol = f->ncol;
	dd *u = f->u, *s2 = f->s2;

	for (j = 0; j < f->nx; j++)
		if (!isfinite(x[j]))
			return LR_ENONFINITE;
	if (!isfinite(y))
		return LR_ENONFINITE;
	if (f->n == 0) {
		for (j = 0; j < f->nx; j++)
			set_frame(f, j, x[j]);
		set_frame(f, f->nx, y);
	}
	/*
	 * x * 2^-e is exact, and so is the deviation from the origin when
	 * kept as a double-double: the sums are then those of the exact
	 * data, whichever frame a partial fit happened to choose, and
	 * merged fits agree with one-pass fits to the last digit.
	 */
	for (j = 0; j < f->nx; j++)
		u[j] = dd_two_sum(x[j] * f->inv[j], -f->cs[j]);
	u[f->nx] = dd_two_sum(y * f->inv[f->nx], -f->cs[f->nx]);
	for (j = 0; j < ncol; j++) {
		f->s1[j] = dd_add(f->s1[j], u[j]);
		for (l = 0; l <= j; l++, s2++)
			*s2 = dd_add(*s2, dd_mul(u[j], u[l]));
	}
	f->n++;
	return LR_OK;
}

/*
 * Re-express src's sums in dst's frame.  With a_j = 2^(e_src - e_dst)
 * and d_j = (c_src - c_dst) * 2^-e_dst, a value's frame coordinate
 * becomes u' = a u + d, so
 *	S1'_j    = a_j S1_j + n d_j
 *	S2'_jl   = a_j a_l S2_jl + a_j d_l S1_j + a_l d_j S1_l + n d_j d_l.
 * c_src - c_dst is formed exactly as a double-double; everything else is
 * double-double arithmetic with exact power-of-two scalings.
 */
static void reframe(const lr_fit *dst, const lr_fit *src, dd *s1, dd *s2)
{
	int j, l, ncol = src->ncol;
	dd nn = lr_dd_count(src->n);
	dd d[LR_MAX_NX + 1];
	int a[LR_MAX_NX + 1];

	for (j = 0; j < ncol; j++) {
		a[j] = src->e[j] - dst->e[j];
		d[j] = dd_ldexp(dd_two_sum(src->shift[j], -dst->shift[j]),
		    -dst->e[j]);
	}
	for (j = 0; j < ncol; j++) {
		s1[j] = dd_add(dd_ldexp(src->s1[j], a[j]), dd_mul(nn, d[j]));
		for (l = 0; l <= j; l++) {
			dd t = dd_ldexp(src->s2[LR_TRI(j, l)], a[j] + a[l]);
			t = dd_add(t, dd_mul(dd_ldexp(src->s1[j], a[j]), d[l]));
			t = dd_add(t, dd_mul(dd_ldexp(src->s1[l], a[l]), d[j]));
			t = dd_add(t, dd_mul(nn, dd_mul(d[j], d[l])));
			s2[LR_TRI(j, l)] = t;
		}
	}
}

lr_status lr_fit_merge(lr_fit *dst, const lr_fit *src)
{
	int j, ncol = dst->ncol, ntri = ncol * (ncol + 1) / 2;
	dd *s1, *s2;

	if (dst->nx != src->nx || dst->flags != src->flags)
		return LR_EMISMATCH;
	if (src->n == 0)
		return LR_OK;
	if (dst->n == 0) {
		memcpy(dst->shift, src->shift, ncol * sizeof *dst->shift);
		memcpy(dst->cs, src->cs, ncol * sizeof *dst->cs);
		memcpy(dst->inv, src->inv, ncol * sizeof *dst->inv);
		memcpy(dst->e, src->e, ncol * sizeof *dst->e);
		memcpy(dst->s1, src->s1, ncol * sizeof *dst->s1);
		memcpy(dst->s2, src->s2, ntri * sizeof *dst->s2);
		dst->n = src->n;
		return LR_OK;
	}
	s1 = malloc(ncol * sizeof *s1);
	s2 = malloc(ntri * sizeof *s2);
	if (!s1 || !s2) {
		free(s1);
		free(s2);
		return LR_ENOMEM;
	}
	reframe(dst, src, s1, s2);
	for (j = 0; j < ncol; j++)
		dst->s1[j] = dd_add(dst->s1[j], s1[j]);
	for (j = 0; j < ntri; j++)
		dst->s2[j] = dd_add(dst->s2[j], s2[j]);
	dst->n += src->n;
	free(s1);
	free(s2);
	return LR_OK;
}
