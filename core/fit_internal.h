/*
 * fit_internal.h - the layout of lr_fit, shared by fit.c (accumulate,
 * merge) and solve.c (coefficients and statistics).  Not for cli/.
 */
#ifndef LINREG_FIT_INTERNAL_H
#define LINREG_FIT_INTERNAL_H

#include "linreg.h"
#include "dd_internal.h"

/*
 * The state holds, for the ncol = nx + 1 columns (the predictors, then
 * y), each value mapped into a "frame" u = x * 2^-e - c * 2^-e:
 * shifted by c (the column's first value, so sums stay centred-ish
 * and Unix-timestamp-sized x lose nothing) and scaled by a power of two
 * (exact, so squares neither overflow nor underflow for x near 1e200
 * or 1e-200).  It keeps n, the sums S1[j] = sum u_j and the packed
 * lower triangle S2[j*(j+1)/2 + l] = sum u_j u_l (l <= j), all in
 * double-double.  Sums about a common frame merge by addition; a fit
 * in another frame is re-expanded into ours first (fit.c).
 */
struct lr_fit {
	int nx;           /* predictors */
	int ncol;         /* nx + 1: predictors, then y */
	unsigned flags;   /* LR_NO_INTERCEPT */
	uint64_t n;       /* rows added */
	double *shift;    /* ncol: c_j, the frame's origin */
	double *cs;       /* ncol: c_j * 2^-e_j, the origin in frame units */
	double *inv;      /* ncol: 2^-e_j */
	int *e;           /* ncol: scale exponent */
	dd *s1;           /* ncol */
	dd *s2;           /* ncol*(ncol+1)/2, packed lower triangle */
	dd *u;            /* ncol scratch for one row */
};

#define LR_TRI(j, l) ((j) * ((j) + 1) / 2 + (l))

/* n as a double-double (exact for any 64-bit count). */
static inline dd lr_dd_count(uint64_t n)
{
	double hi = (double)(n >> 32) * 4294967296.0;
	return dd_add_d(dd_from(hi), (double)(n & 0xffffffffu));
}

#endif
