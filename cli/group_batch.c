/*
 * group_batch.c - -g's rows pooled and handed to their groups' fits in
 * batches (group_batch.h).
 *
 * Why: a row at a time into its group's fit (lr_fit_add_weighted) is a
 * Givens rotation in double-double per row, 85% of the time of -g on
 * 5*10^6 rows of 200 groups; lr_fit_add_rows folds a straight line's
 * rows in blocks (core/block.c) at a fraction of that, but only for
 * rows of one fit at a time.
 *
 * How: every grouped row goes into one pool in arrival order with its
 * group's number; a full pool is sorted by group (a counting sort,
 * stable, over the groups met since the last flush only), and each
 * group's run of rows goes to its fit in one call.  A group's rows keep
 * their order, and where the pool is flushed depends only on the input,
 * so the bits are the same on every run.
 *
 * Cut so: the pool is the sink's (sink.c) but knows only the group
 * table and the core; a file of its own, tested alone
 * (tests/unit/test_groups.c).
 *
 * Tried and measured (5*10^6 rows "name,x,y" of 200 groups, 139 MB,
 * /var/tmp/lr-bench/g200.csv; user seconds, medians of 3 on a loaded
 * 2-core machine, the reader of the time): a row at a time, 3.1 s.  One
 * pool of 1,170 rows (6 a group a flush: below the kernel's 8, so row by
 * row still) 2.07 s; 4,681 rows 0.88 s; 18,724 rows 0.63 s; 65,536 rows
 * 0.58 s.  The larger the pool, the fewer blocks each group's rows make,
 * and each block costs a fold of its factor into the fit (callgrind on
 * 700,000 of the rows: 911, 875 and 859 million instructions for pools
 * of 1, 2 and 4 MiB).  2 MiB (52,428 rows of one predictor) it is, and
 * the pieces of -j share it (read_parallel.c), so the memory stays the
 * same whatever the number of threads.  A batch of its own per group
 * instead: to matter, each would need some thousand rows, 19 MB for
 * LR_BATCH rows at 200 groups, over the 16 MiB the CLI allows itself;
 * bounded in memory, many groups leave each a few rows, i.e. row by row
 * again.  One pool gives each group a share of every flush in
 * proportion to its rows, whatever the number of groups.
 */
#include <stdlib.h>
#include <string.h>

#include "group_batch.h"

/* Rows a pool holds at least and at most, whatever the row's width. */
#define GBATCH_MIN_ROWS 64
#define GBATCH_MAX_ROWS 65536

int gbatch_init(struct gbatch *b, int nx, int weighted, size_t bytes)
{
	/* each row twice (arrival order, sorted), and its group's number */
	size_t row = 2 * ((size_t)nx + 1 + (weighted != 0)) * sizeof(double) +
	    sizeof(size_t);
	size_t cap = (bytes ? bytes : GBATCH_BYTES) / row;

	if (cap < GBATCH_MIN_ROWS)
		cap = GBATCH_MIN_ROWS;
	if (cap > GBATCH_MAX_ROWS)
		cap = GBATCH_MAX_ROWS;
	memset(b, 0, sizeof *b);
	b->nx = nx;
	b->weighted = weighted;
	b->gid = malloc(cap * sizeof *b->gid);
	b->x = malloc(cap * (size_t)nx * sizeof *b->x);
	b->sx = malloc(cap * (size_t)nx * sizeof *b->sx);
	b->y = malloc(cap * sizeof *b->y);
	b->sy = malloc(cap * sizeof *b->sy);
	if (weighted) {
		b->w = malloc(cap * sizeof *b->w);
		b->sw = malloc(cap * sizeof *b->sw);
	}
	if (!b->gid || !b->x || !b->sx || !b->y || !b->sy ||
	    (weighted && (!b->w || !b->sw))) {
		gbatch_free(b);
		return -1;
	}
	b->cap = cap;
	return 0;
}

/* Room for a counter for each of t's groups.  0, or -1: no memory. */
static int grow_counts(struct gbatch *b, const struct group_table *t)
{
	size_t n = t->n, *c, *tc;
	if (n <= b->ncount)
		return 0;
	n = n < 2 * b->ncount ? 2 * b->ncount : n;
	if (!(c = realloc(b->count, n * sizeof *c)))
		return -1;
	b->count = c;
	if (!(tc = realloc(b->touched, n * sizeof *tc)))
		return -1;
	b->touched = tc;
	memset(c + b->ncount, 0, (n - b->ncount) * sizeof *c);
	b->ncount = n;
	return 0;
}

/*
 * Sort the waiting rows by group (stable) into sx, sy, sw; count[g]
 * becomes the end of g's run.  Returns the groups met, in touched.
 */
static size_t sort_rows(struct gbatch *b)
{
	size_t i, k, nt = 0, pos = 0, nx = (size_t)b->nx;
	size_t *count = b->count;

	for (i = 0; i < b->n; i++)
		if (count[b->gid[i]]++ == 0)
			b->touched[nt++] = b->gid[i];
	for (k = 0; k < nt; k++) {
		size_t g = b->touched[k], c = count[g];
		count[g] = pos;
		pos += c;
	}
	for (i = 0; i < b->n; i++) {
		size_t j = count[b->gid[i]]++;
		if (nx == 1)
			b->sx[j] = b->x[i];
		else
			memcpy(b->sx + j * nx, b->x + i * nx, nx * sizeof *b->x);
		b->sy[j] = b->y[i];
		if (b->weighted)
			b->sw[j] = b->w[i];
	}
	return nt;
}

lr_status gbatch_flush(struct gbatch *b, struct group_table *t)
{
	size_t k, nt, from = 0, nx = (size_t)b->nx;
	lr_status st = LR_OK;

	if (!b->n)
		return LR_OK;
	if (grow_counts(b, t))
		return LR_ENOMEM;
	nt = sort_rows(b);
	for (k = 0; k < nt; k++) {
		size_t g = b->touched[k], end = b->count[g];
		lr_status s1 = lr_fit_add_rows(t->group[g].fit, b->sx + from * nx,
		    b->sy + from, b->weighted ? b->sw + from : NULL, end - from);
		/* many groups: none keeps the block kernel's scratch */
		lr_fit_trim(t->group[g].fit);
		if (st == LR_OK)
			st = s1;
		b->count[g] = 0;
		from = end;
	}
	b->n = 0;
	return st;
}

void gbatch_free(struct gbatch *b)
{
	free(b->gid);
	free(b->x);
	free(b->y);
	free(b->w);
	free(b->sx);
	free(b->sy);
	free(b->sw);
	free(b->count);
	free(b->touched);
	memset(b, 0, sizeof *b);
}
