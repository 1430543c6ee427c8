/*
 * model.c - changing a fit's columns: inserting predictor columns that
 * were zero on every row so far (lr_fit_insert), and the fit of a
 * sub-model on some of a fit's predictors (lr_fit_select).
 *
 * Both work on the factor alone, never on rows, so a model whose
 * columns appear while the data stream by (a factor's level first seen
 * at row 10^6) still takes one pass in flat memory:
 *   - a column that was 0 on every row adds a zero column to X, so a
 *     zero row and a zero column inserted into R keep R'R = X'WX, and R
 *     stays upper triangular (rows and columns keep their order); the
 *     new frame entries are those a first row of zeros sets (shift 0,
 *     the default scale 2^0), which fit_frame_to moves when the first
 *     non-zero value arrives.  Adding rows afterwards does exactly what
 *     it does on a fit built with the columns from the start: Givens
 *     updating skips a zero entry, and a zero column of R stays zero.
 *   - R's columns [1, chosen terms, y] form a matrix A with
 *     A'A = X_S'WX_S, the Gram matrix of the sub-model: rotating A's
 *     rows into an empty factor (the tall-skinny QR of a merge) gives
 *     the sub-model's factor in double-double, in the same frame.  A
 *     rank-deficient R (full indicator columns beside the intercept)
 *     is an orthogonal image of X all the same, to double-double
 *     rounding, so a well-posed sub-model keeps ~30 digits.
 *
 * Why cut so: fit.c is the life of one model's factor; this file is the
 * only one that changes which model a factor belongs to.  Only the
 * native CLI's design layer (cli/model.c) calls it: edge/abi.c does
 * not, so the wasm library's --gc-sections drops it whole.
 */
#include <string.h>

#include "fit_internal.h"

/*
 * The arrays of f resized for nx + count predictors (ncol + count
 * columns): new frame entries at `at`, zero rows and columns of R at
 * column at + 1.  Everything is allocated before f changes.
 */
lr_status lr_fit_insert(lr_fit *f, int at, int count)
{
	int n = f->ncol, m, nv = f->nx + 1, i, j;
	double *c;
	int *e;
	dd *r, *row, *work;

	if (f->degree >= 2 || at < 0 || at > f->nx || count < 1 ||
	    count > LR_MAX_NX - f->nx)
		return LR_EINVAL;
	m = n + count;
	c = lr_zalloc((size_t)nv + count, sizeof *c);
	e = lr_zalloc((size_t)nv + count, sizeof *e);
	r = lr_zalloc((size_t)m * m, sizeof *r);
	row = lr_zalloc((size_t)m, sizeof *row);
	work = lr_zalloc(4 * (size_t)m * m, sizeof *work);
	if (!c || !e || !r || !row || !work) {
		lr_free(c);
		lr_free(e);
		lr_free(r);
		lr_free(row);
		lr_free(work);
		return LR_ENOMEM;
	}
	/* Frame entries: at..at+count-1 new (shift 0, scale 2^0). */
	for (j = 0; j < nv; j++) {
		c[j < at ? j : j + count] = f->fr.c[j];
		e[j < at ? j : j + count] = f->fr.e[j];
	}
	/* Factor columns: predictor j is column j + 1. */
	for (i = 0; i < n; i++) {
		int ri = i <= at ? i : i + count;
		for (j = i; j < n; j++)
			r[(size_t)ri * m + (j <= at ? j : j + count)] =
			    f->r[(size_t)i * n + j];
	}
	lr_free(f->fr.c);
	lr_free(f->fr.e);
	lr_free(f->r);
	lr_free(f->row);
	lr_free(f->work);
	f->fr.c = c;
	f->fr.e = e;
	f->r = r;
	f->row = row;
	f->work = work;
	f->nx += count;
	f->k += count;
	f->ncol = m;
	return LR_OK;
}

/* cols[0..ncols-1]: each a predictor of f, no two alike. */
static int cols_valid(const lr_fit *f, const int *cols, int ncols)
{
	int i, j;
	if (!cols || ncols < 1 || ncols > f->nx)
		return 0;
	for (i = 0; i < ncols; i++) {
		if (cols[i] < 0 || cols[i] >= f->nx)
			return 0;
		for (j = 0; j < i; j++)
			if (cols[j] == cols[i])
				return 0;
	}
	return 1;
}

lr_status lr_fit_select(const lr_fit *f, const int *cols, int ncols,
    unsigned flags, lr_fit **out)
{
	lr_spec spec;
	lr_fit *g;
	lr_status s;
	int n = f->ncol, m, i, j;

	*out = NULL;
	if (f->degree >= 2 || !cols_valid(f, cols, ncols) ||
	    (flags & ~LR_NO_INTERCEPT))
		return LR_EINVAL;
	spec.nx = ncols;
	spec.degree = 0;
	spec.flags = flags;
	if ((s = lr_fit_new(&spec, &g)) != LR_OK)
		return s;
	m = g->ncol;
	/* The frame: each chosen variable's, and y's. */
	for (j = 0; j < ncols; j++) {
		g->fr.c[j] = f->fr.c[cols[j]];
		g->fr.e[j] = f->fr.e[cols[j]];
	}
	g->fr.c[ncols] = f->fr.c[f->nx];
	g->fr.e[ncols] = f->fr.e[f->nx];
	/* Row i of R restricted to [1, chosen, y], rotated into g's factor. */
	for (i = 0; i < n && f->n > 0; i++) {
		const dd *ri = f->r + (size_t)i * n;
		g->row[0] = ri[0];
		for (j = 0; j < ncols; j++)
			g->row[j + 1] = ri[cols[j] + 1];
		g->row[m - 1] = ri[n - 1];
		lr_givens_row(g->r, m, g->row);
	}
	g->n = f->n;
	g->sumlogw = f->sumlogw;
	g->ew = f->ew;
	g->wmin = f->wmin;
	g->wmax = f->wmax;
	g->framed = f->framed;
	*out = g;
	return LR_OK;
}
