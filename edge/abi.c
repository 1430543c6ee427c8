/*
 * abi.c - the core as a WebAssembly library (liblinreg.wasm): a small C
 * ABI over core/linreg.h for a JavaScript host, with no imports at all.
 *
 * Everything crosses the boundary as i32 (pointers, counts, statuses)
 * and f64, and bulk numbers through buffers in the module's memory that
 * the host reads and writes as a Float64Array:
 *
 *	ctx = lrw_new()                          once; reused for every fit
 *	lrw_begin(ctx, nx, degree, flags)        a new, empty fit
 *	rows = lrw_rows(ctx)                     room for LR_BATCH rows:
 *	    x at rows (LR_BATCH * nx doubles, row-major), then y
 *	    (LR_BATCH doubles), then w (LR_BATCH doubles)
 *	lrw_add(ctx, n, weighted)                the first n rows of it; repeat
 *	lrw_solve(ctx, level)                    coefficients and statistics
 *	lrw_stats(ctx), lrw_coef(ctx, j), lrw_predict(ctx)  results in
 *	    lrw_out(ctx); lrw_vcov(ctx, i, j)
 *	lrw_end(ctx)                             frees the fit and its result
 *	lrw_free(ctx)
 *
 * Every call that can fail returns an lr_status (0 is LR_OK); the
 * host turns it into words with lrw_strerror.  Rows go to the core in
 * batches of LR_BATCH (linreg.h), as the CLI sends them, so a fit here
 * is the CLI's to the last bit, and the memory a fit needs does not
 * depend on the number of rows: a host that streams a large request
 * through the batch buffer never grows the module's memory.
 *
 * The module has its own small malloc (below), which counts, so a host
 * or a test can check with lrw_live that nothing leaks.  The core itself
 * is unchanged: this file and the JS around it are the edge's glue.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linreg.h"

#define EXPORT(name) __attribute__((export_name(#name)))

/* Doubles in the output buffer: enough for the statistics. */
#define LRW_OUT 32

/* The order of lrw_stats's output (the host names them the same way). */
enum {
	S_N, S_DF, S_NCOEF, S_INTERCEPT, S_LEVEL, S_SIGMA, S_R2, S_ADJ_R2,
	S_R, S_F, S_F_DF1, S_F_DF2, S_F_P, S_RMSE, S_SSE, S_TSS, S_LOGLIK,
	S_AIC, S_BIC, S_COUNT
};

typedef struct lrw_ctx {
	lr_spec spec;
	lr_fit *fit;
	lr_result *res;
	double *rows;       /* LR_BATCH * (nx + 2) doubles, or more */
	int rows_nx;        /* the largest nx rows has room for */
	double out[LRW_OUT];
} lrw_ctx;

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

/*
 * malloc and free for the whole module (the core's too), in place of
 * wasi-libc's dlmalloc, for size and for a memory that stops growing:
 * blocks are powers of two from 16 bytes, each with its size class in
 * an 8-byte header (which keeps doubles aligned); a freed block goes to
 * the list of its class and is reused as it is.  Memory comes from
 * memory.grow and is never given back (WebAssembly cannot shrink it),
 * so a host that repeats the same kind of request settles at the peak
 * of one request.  Counters of live blocks and bytes let a host or a
 * test check that nothing leaks (lrw_live).
 */
#define HDR 8
#define MIN_CLASS 4   /* 16 bytes */
#define MAX_CLASS 30  /* 1 GiB */
#define PAGE 65536

extern unsigned char __heap_base;

static void *bins[MAX_CLASS + 1];
static uintptr_t heap_next, heap_end;
static size_t live_blocks, live_bytes;

/* n bytes (a multiple of 16) from the top of the heap, or NULL. */
static void *heap_take(size_t n)
{
	uintptr_t p;
	if (!heap_next) {
		heap_next = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15;
		heap_end = __builtin_wasm_memory_size(0) * (uintptr_t)PAGE;
	}
	if (heap_end - heap_next < n) {
		size_t more = (n - (heap_end - heap_next) + PAGE - 1) / PAGE;
		if (__builtin_wasm_memory_grow(0, more) == (size_t)-1)
			return NULL;
		heap_end += more * PAGE;
	}
	p = heap_next;
	heap_next += n;
	return (void *)p;
}

void *malloc(size_t n)
{
	int c = MIN_CLASS;
	unsigned char *p;
	while (c <= MAX_CLASS && ((size_t)1 << c) - HDR < n)
		c++;
	if (c > MAX_CLASS)
		return NULL;
	if (bins[c]) {
		p = bins[c];
		memcpy(&bins[c], p + HDR, sizeof bins[c]);
	} else if (!(p = heap_take((size_t)1 << c))) {
		return NULL;
	}
	p[0] = (unsigned char)c;
	live_blocks++;
	live_bytes += (size_t)1 << c;
	return p + HDR;
}

void free(void *q)
{
	unsigned char *p = q;
	int c;
	if (!p)
		return;
	p -= HDR;
	c = p[0];
	memcpy(p + HDR, &bins[c], sizeof bins[c]);
	bins[c] = p;
	live_blocks--;
	live_bytes -= (size_t)1 << c;
}

/* Blocks (what == 0) or bytes (what != 0) allocated and not yet freed. */
EXPORT(lrw_live) size_t lrw_live(int what)
{
	return what ? live_bytes : live_blocks;
}

/* ------------------------------------------------------------------ */
/* Fitting                                                             */
/* ------------------------------------------------------------------ */

EXPORT(lrw_new) lrw_ctx *lrw_new(void)
{
	lrw_ctx *c = malloc(sizeof *c);
	if (c) {
		c->fit = NULL;
		c->res = NULL;
		c->rows = NULL;
		c->rows_nx = 0;
	}
	return c;
}

/* Free the fit and its result; the context and its buffer stay. */
EXPORT(lrw_end) void lrw_end(lrw_ctx *c)
{
	lr_result_free(c->res);
	lr_fit_free(c->fit);
	c->res = NULL;
	c->fit = NULL;
}

EXPORT(lrw_free) void lrw_free(lrw_ctx *c)
{
	if (!c)
		return;
	lrw_end(c);
	free(c->rows);
	free(c);
}

EXPORT(lrw_begin) int lrw_begin(lrw_ctx *c, int nx, int degree,
    unsigned flags)
{
	lr_status st;
	lrw_end(c);
	c->spec.nx = nx;
	c->spec.degree = degree;
	c->spec.flags = flags;
	st = lr_fit_new(&c->spec, &c->fit);
	if (st != LR_OK)
		return st;
	if (!c->rows || c->rows_nx < nx) {
		free(c->rows);
		c->rows = malloc((size_t)LR_BATCH * (size_t)(nx + 2) *
		    sizeof *c->rows);
		c->rows_nx = c->rows ? nx : 0;
		if (!c->rows) {
			lrw_end(c);
			return LR_ENOMEM;
		}
	}
	return LR_OK;
}

/* The batch buffer (valid after a successful lrw_begin), and its rows. */
EXPORT(lrw_rows) double *lrw_rows(lrw_ctx *c)
{
	return c->rows;
}

EXPORT(lrw_batch) int lrw_batch(void)
{
	return LR_BATCH;
}

EXPORT(lrw_add) int lrw_add(lrw_ctx *c, int n, int weighted)
{
	const double *x = c->rows;
	const double *y = x + (size_t)LR_BATCH * (size_t)c->spec.nx;
	if (!c->fit || n < 0 || n > LR_BATCH)
		return LR_EINVAL;
	return lr_fit_add_rows(c->fit, x, y, weighted ? y + LR_BATCH : NULL,
	    (size_t)n);
}

EXPORT(lrw_solve) int lrw_solve(lrw_ctx *c, double level)
{
	if (!c->fit)
		return LR_EINVAL;
	lr_result_free(c->res);
	c->res = NULL;
	return lr_solve(c->fit, level, &c->res);
}

/* After LR_ESINGULAR: see lr_fit_collinear. */
EXPORT(lrw_collinear) int lrw_collinear(lrw_ctx *c)
{
	return c->fit ? lr_fit_collinear(c->fit) : -1;
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

EXPORT(lrw_out) double *lrw_out(lrw_ctx *c)
{
	return c->out;
}

/* The statistics into lrw_out, in the order of the S_ names above. */
EXPORT(lrw_stats) int lrw_stats(lrw_ctx *c)
{
	const lr_stats *s;
	double *o = c->out;
	if (!c->res)
		return LR_EINVAL;
	s = lr_result_stats(c->res);
	o[S_N] = (double)s->n;
	o[S_DF] = (double)s->df;
	o[S_NCOEF] = s->ncoef;
	o[S_INTERCEPT] = s->intercept;
	o[S_LEVEL] = s->level;
	o[S_SIGMA] = s->sigma;
	o[S_R2] = s->r2;
	o[S_ADJ_R2] = s->adj_r2;
	o[S_R] = s->r;
	o[S_F] = s->f;
	o[S_F_DF1] = s->f_df1;
	o[S_F_DF2] = s->f_df2;
	o[S_F_P] = s->f_p;
	o[S_RMSE] = s->rmse;
	o[S_SSE] = s->sse;
	o[S_TSS] = s->tss;
	o[S_LOGLIK] = s->loglik;
	o[S_AIC] = s->aic;
	o[S_BIC] = s->bic;
	return LR_OK;
}

/* Coefficient j into lrw_out: estimate, std_error, t, p, ci_low, ci_high. */
EXPORT(lrw_coef) int lrw_coef(lrw_ctx *c, int j)
{
	const lr_coef *k = c->res ? lr_result_coef(c->res, j) : NULL;
	if (!k)
		return LR_EINVAL;
	c->out[0] = k->estimate;
	c->out[1] = k->std_error;
	c->out[2] = k->t;
	c->out[3] = k->p;
	c->out[4] = k->ci_low;
	c->out[5] = k->ci_high;
	return LR_OK;
}

EXPORT(lrw_vcov) double lrw_vcov(lrw_ctx *c, int i, int j)
{
	return c->res ? lr_result_vcov(c->res, i, j) : NAN;
}

/*
 * A prediction at the nx values at the start of the batch buffer, into
 * lrw_out: fit, se_fit, conf_low, conf_high, pred_low, pred_high,
 * leverage.
 */
EXPORT(lrw_predict) int lrw_predict(lrw_ctx *c)
{
	lr_prediction p;
	lr_status st;
	if (!c->res)
		return LR_EINVAL;
	st = lr_predict(c->res, c->rows, &p);
	if (st != LR_OK)
		return st;
	c->out[0] = p.fit;
	c->out[1] = p.se_fit;
	c->out[2] = p.conf_low;
	c->out[3] = p.conf_high;
	c->out[4] = p.pred_low;
	c->out[5] = p.pred_high;
	c->out[6] = p.leverage;
	return LR_OK;
}

/* lr_strerror: a NUL-terminated string in the module's memory. */
EXPORT(lrw_strerror) const char *lrw_strerror(int st)
{
	return lr_strerror((lr_status)st);
}
