/*
 * fit_internal.h - the layout of lr_fit and the operations on it that
 * more than one file of the core needs, shared by fit.c (lifecycle,
 * frames, rows one at a time, merge, export/import), block.c and gram.c
 * (batches of rows: the block kernels), solve.c (coefficients, statistics,
 * predictions) and model.c (inserting columns, selecting a sub-model).  The allocator's functions come with it, from
 * common_internal.h.  Not for cli/: its only other user is
 * tests/unit/test_kernel.c.
 */
#ifndef LINREG_FIT_INTERNAL_H
#define LINREG_FIT_INTERNAL_H

#include <stddef.h>

#include "linreg.h"
#include "common_internal.h"
#include "dd_internal.h"

/*
 * The frame: each input variable v (the nx predictors, then y) is
 * mapped to t = (v - c) * 2^-e, with c the variable's first value and
 * 2^e the power of two nearest |c|.  The shift keeps the columns
 * centred enough that x values like Unix timestamps lose nothing; the
 * power-of-two scale is exact and keeps squares away from overflow and
 * underflow for data near 1e200 or 1e-200.  t is formed exactly, as a
 * double-double.
 *
 * The first row only starts the frame: a value some 2^400 beyond the
 * scale (or a first non-zero value where the shift is 0 and the scale a
 * mere default: a column that was 0 on every row so far, from the start
 * or inserted by lr_fit_insert) moves the scale e to the value's
 * magnitude, which multiplies the factor's columns of that variable by
 * a power of two, exactly (entries that underflow then lie some 2^1000 below the
 * others, beyond what double-double carries).  No value is refused for
 * its magnitude, and two fits' frames, however far apart, meet in a
 * common one when they merge (fit.c).
 *
 * The columns of the model in the frame are [1, term_1..term_k, y]:
 * term_j = t_j for linear predictors, term_j = t^j for a polynomial in
 * one predictor.  A frame is a linear change of basis of the columns
 * (an upper-triangular matrix, see lr_frame_matrix in fit.c), so a factor
 * in one frame converts to any other frame exactly in double-double.
 */
struct lr_frame {
	double *c;        /* nx + 1 shifts (the last is y's) */
	int *e;           /* nx + 1 scale exponents */
};

/*
 * The state is the upper-triangular factor R (ncol x ncol, row-major,
 * double-double) of the weighted frame columns: R'R = X'WX for the
 * augmented X = [1, terms, y], built by Givens rotations one row at a
 * time (as in Gentleman's algorithm and R's biglm).  Two states merge by
 * rotating one factor's rows, converted to the other's frame, into the
 * other: the tall-skinny QR of the stacked factors.
 */
struct lr_fit {
	int nx;           /* predictor values per row */
	int degree;       /* >= 2: polynomial in the one predictor; else linear */
	int k;            /* terms besides the intercept column */
	int ncol;         /* k + 2: the constant, the terms, y */
	unsigned flags;   /* LR_NO_INTERCEPT */
	uint64_t n;       /* rows added */
	dd sumlogw;       /* sum of log(weight), for the log-likelihood */
	int ew;           /* the weights' frame: rows carry weight w 2^-ew
	                     (ew even, from the first row's weight; raised
	                     when a weight is some 2^128 above it), so
	                     weights near 1e308 neither overflow nor vanish */
	double wmin, wmax; /* the smallest and largest weight (1 and 1
	                     without weights; 0 and 0 while empty) */
	int framed;       /* the frame is set (from the first row) */
	struct lr_frame fr;
	dd *r;            /* ncol * ncol; entries below the diagonal are 0 */
	dd *row;          /* ncol scratch for one row */
	dd *work;         /* 4 * ncol * ncol scratch: 3 for frame changes,
	                     1 for lr_fit_merge's copy of the factor */
	double *gram;     /* gram.c's scratch, allocated at its first block */
	size_t ngram;     /* its length in doubles (0: none yet) */
};

/*
 * Frame values stay below 2^LR_T_BITS (for a polynomial of degree k,
 * the value below 2^(LR_T_BITS / k), so every power is), and scaled
 * weights below 2^LR_W_BITS.  Then a row's entries are below 2^464, the
 * factor's below 2^496 (2^32 more for 2^64 rows) and their squares
 * below 2^992: no Givens rotation overflows.
 */
#define LR_T_BITS 400
#define LR_W_BITS 128

/* Number of coefficients of the model (k, plus 1 with an intercept). */
#define LR_NCOEF(f) ((f)->k + !((f)->flags & LR_NO_INTERCEPT))

/* n as a double-double (exact for any 64-bit count). */
static inline dd lr_dd_count(uint64_t n)
{
	double hi = (double)(n >> 32) * 4294967296.0;
	return dd_add_d(dd_from(hi), (double)(n & 0xffffffffu));
}

/*
 * Shared between the files of the core (not exported from the library's
 * public header).
 */

/* ---- fit.c: frames ---- */

/* Set frame entry j from a first value v: origin c = v, exponent e with
 * 2^e nearest |v| (0 for v == 0), clamped so that 2^-e is a double. */
void lr_frame_set(struct lr_frame *fr, int j, double v);

/* f's frame (and weights' frame) from its first row (x, y, weight w). */
void lr_frame_start(lr_fit *f, const double *x, double y, double w);

/* The largest |entry| of variable j's column (j == nx: y's) in factor r. */
double lr_col_max(const lr_fit *f, const dd *r, int j);

/* Frame columns [1, terms] of predictor values x (no y), into out[0..k]. */
void lr_frame_terms(const lr_fit *f, const struct lr_frame *fr,
    const double *x, dd *out);

/*
 * M (ncol x ncol, upper triangular, row-major) with frame columns = raw
 * columns times M, the raw columns being [1, x_1..x_k or x..x^k, y]; with
 * inverse set, raw columns = frame columns times M.
 */
/* Binomial coefficient n over m, exact in double for the degrees allowed
 * (fit.c; the frame changes of polynomials, in fit.c and gram.c). */
double lr_binom(int n, int m);

void lr_frame_matrix(const lr_fit *f, const struct lr_frame *fr, int inverse,
    dd *m);

/*
 * The ncol x ncol upper-triangular G such that a factor R of the columns
 * in frame `from` becomes the factor R G of the same data in frame `to`.
 * scratch holds 2 * ncol * ncol entries.
 */
void lr_frame_change(const lr_fit *f, const struct lr_frame *from,
    const struct lr_frame *to, dd *g, dd *scratch);

/* ---- fit.c: rows ---- */

/*
 * Add one row (x, y, weight w) on its own: check its values (the fit is
 * unchanged on an error: LR_ENONFINITE, LR_EINVAL for w <= 0), move the
 * frame if the row needs it, and rotate the row into the factor.  What
 * lr_fit_add and lr_fit_add_weighted do, and what lr_fit_add_rows
 * (block.c) does with a row it cannot take in a block.
 */
lr_status lr_add_row(lr_fit *f, const double *x, double y, double w);

/* Rotate the row vector `row` (ncol entries, destroyed) into factor r. */
void lr_givens_row(dd *r, int ncol, dd *row);

/* ---- block.c, gram.c ---- */

/*
 * The Gram kernel's scratch for f's columns (gram.c), allocated once
 * (again after lr_fit_insert widened f) and kept by f: LR_OK, or
 * LR_ENOMEM with f unchanged.  Nothing for a model wider than the
 * kernel takes.
 */
lr_status lr_gram_reserve(lr_fit *f);

/*
 * Add a block of m rows (x, y, w as for lr_fit_add_rows; m <= LR_BATCH)
 * of any model through the Gram kernel (gram.c).  The caller has
 * checked every value (finite, weights > 0), started the frame and
 * reserved the scratch.  Returns 1 when the rows are in; 0, with f
 * unchanged, when they must go one by one through lr_add_row: a value
 * the frame does not take as it is, a weight beyond the weights' frame,
 * a block whose factor would lose too many bits, or a model wider than
 * the kernel takes.
 */
int lr_gram_add(lr_fit *f, const double *x, const double *y, const double *w,
    size_t m);


/*
 * For tests (tests/unit/test_kernel.c): lr_kernel_avx2() tells whether
 * blocks of a line go to the AVX2 kernel; setting lr_kernel_generic
 * sends them to the generic one, which must give the same bits.  The
 * library itself never sets it.
 */
extern int lr_kernel_generic;
int lr_kernel_avx2(void);

#endif
