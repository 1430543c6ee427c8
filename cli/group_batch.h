/*
 * group_batch.h - the rows of -g on their way to their groups' fits:
 * one pool of rows for all groups, handed to each group's fit with
 * lr_fit_add_rows (the core's block kernels) when the pool is full and
 * before anything reads a group's fit.  group_batch.c says why one
 * pool, and what else was tried.
 *
 * The pool's memory is bounded whatever the number of groups (at most
 * GBATCH_BYTES for the rows, plus one counter a group); a group's rows
 * keep their order, so its fit depends only on its rows and where the
 * pool was flushed, the same on every run.
 */
#ifndef LINREG_GROUP_BATCH_H
#define LINREG_GROUP_BATCH_H

#include <stddef.h>
#include <string.h>

#include "groups.h"

/* The rows' bytes the pool may hold (both its copies). */
#define GBATCH_BYTES ((size_t)2 << 20)

struct gbatch {
	int nx;                  /* predictors a row */
	int weighted;            /* rows carry a weight */
	size_t cap;              /* rows the pool holds; 0: not made yet */
	size_t n;                /* rows waiting */
	size_t *gid;             /* each waiting row's group number */
	double *x, *y, *w;       /* the waiting rows, in arrival order */
	double *sx, *sy, *sw;    /* the same sorted by group (at a flush) */
	size_t *count;           /* per group: rows waiting (0 between flushes) */
	size_t ncount;
	size_t *touched;         /* groups with rows waiting, first-met order */
};

/*
 * Make the pool for rows of nx predictors (and a weight when weighted),
 * of about `bytes` (0: GBATCH_BYTES).  0, or -1 when out of memory.  A
 * zeroed pool is empty and valid to free.
 */
int gbatch_init(struct gbatch *b, int nx, int weighted, size_t bytes);

/* Every waiting row into its group's fit.  An lr_status. */
lr_status gbatch_flush(struct gbatch *b, struct group_table *t);

/*
 * Row v (nx predictors, y, then the weight when weighted) for group
 * number g of t; a full pool is flushed first.  An lr_status (a flush's,
 * or LR_ENOMEM).  Inline: it is called for every grouped row.
 */
static inline lr_status gbatch_add(struct gbatch *b, struct group_table *t,
    size_t g, const double *v)
{
	size_t n = b->n, nx = (size_t)b->nx;

	if (n == b->cap) {
		lr_status st = gbatch_flush(b, t);
		if (st != LR_OK)
			return st;
		n = 0;
	}
	if (nx == 1)
		b->x[n] = v[0];
	else
		memcpy(b->x + n * nx, v, nx * sizeof *v);
	b->y[n] = v[nx];
	if (b->weighted)
		b->w[n] = v[nx + 1];
	b->gid[n] = g;
	b->n = n + 1;
	return LR_OK;
}

/* Free the pool (zeroed afterwards). */
void gbatch_free(struct gbatch *b);

#endif
