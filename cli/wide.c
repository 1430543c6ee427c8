/*
 * wide.c - a formula's rows held back and handed to the wide fit many
 * at a time: per cell of levels, or in dense batches; see wide.h.
 *
 * Why cut so: model.c says what a row's wide columns are; this file
 * decides only how they reach the core, which is where the time went
 * (each row of y ~ x * g with 50 levels rotated through a 103-column
 * factor in double-double: 38 s for 300,000 rows).  The sink calls it
 * for its own model (not -g's groups, which the group table feeds).
 *
 * Why cells: the wide row of a factor model is mostly zeros, and all
 * rows of one combination of levels share their pattern.  A cell's fit
 * holds only its distinct non-constant columns (for y ~ x + g: x alone,
 * which the core's straight-line kernel folds in blocks), and is laid
 * out in the wide columns once per flush: its factor's rows go to their
 * columns' rows (the columns ordered by their first wide column, so the
 * factor stays upper triangular), a column that is 1 on every row of
 * the cell gets shift 1 and a zero column (what a fit of that column
 * holds: its frame value is 0 on every row), and lr_fit_merge takes it
 * in.  The merge costs about (columns of the cell + 2) rows of the wide
 * factor, so cells pay when they hold more rows than that; when the
 * cells outgrow their memory holding fewer, the feed turns dense.
 *
 * Measured (/usr/bin/time, medians of 5 alternating runs on a loaded
 * 2-core machine; 300,000 rows, 50 levels, /var/tmp/lr-bench/
 * mixed300k.csv): y ~ x + g 9.4 s row by row -> 0.28 s; y ~ x * g about
 * 38 s -> 0.48 s.  The same 50 coefficients as numeric 0/1 columns
 * (-x of 51 columns) take 15 s on the plain path today, and no less
 * with the core's Gram kernel (branch kernel), so the cells also beat
 * the plain path's own cost.  Without factors (dense batches) y ~
 * poly(x, 3, raw = TRUE) and y ~ log(x) + z cost what -x of the
 * precomputed columns costs (0.73 / 0.76 s, 0.54 / 0.63 s; with the Gram
 * kernel 0.11 / 0.23 s, 0.11 / 0.16 s: the formula's file is smaller).
 * Tried: every row dense through lr_fit_add_rows (the feed's dense mode
 * forced): with the Gram kernel merged in, y ~ x + g on 100,000 rows
 * takes 3.9-5.5 s, against 0.03-0.05 s in cells (-j 1, 3 runs each):
 * it spends (p + 2)^2 per row on columns that are zero.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wide.h"

/* Rows a cell holds before its fit takes them (lr_fit_add_rows). */
#define CELL_ROWS 256
/* Memory the cells may hold (their rows and fits), bytes. */
#define CELL_BYTES ((size_t)4 << 20)
/* Values a dense batch holds (rows of nwide each, at most LR_BATCH). */
#define DENSE_VALUES ((size_t)1 << 18)

struct cell {
	int *key;           /* the factors' level ids */
	int nw;             /* wide columns non-zero on the cell's rows */
	int *w;             /* their wide indices, ascending */
	int *rec;           /* nw: each one's column of the cell's fit, or
	                       -1 for a column that is 1 on every row */
	int nrec;           /* the cell fit's predictors */
	int *rep;           /* nrec: an index into w that computes it */
	lr_fit *fit;        /* made at the cell's first row after a fold */
	double *bx, *by, *bw; /* CELL_ROWS held rows */
	int nb;
};

struct wide_feed {
	int weighted;
	int started;        /* the key's columns are known */
	int dense;          /* dense batches, not cells */
	int nfac, *fac;     /* formula columns that are factors: the key */
	int *kbuf;          /* nfac: a row's key */
	struct cell *cell;  /* in order of creation */
	int ncell, capcell;
	int *hash, hcap;    /* cell index + 1, open addressing */
	int last;           /* 1 + the previous row's cell, 0 none */
	size_t bytes;       /* what the cells hold */
	uint64_t rows;      /* rows into the cells since they were made */
	double *bx, *by, *bw; /* dense batch: rows of `stride` values */
	size_t nb, maxb;    /* rows held, and at most */
	size_t capx, capy;  /* bx's values, by's and bw's */
	int stride;
	double *shift;      /* scratch of a cell laid out wide */
	int *scale;
	double *r;
	size_t capv, capr;
};

struct wide_feed *wide_feed_new(int weighted)
{
	struct wide_feed *wf = calloc(1, sizeof *wf);
	if (wf)
		wf->weighted = weighted;
	return wf;
}

static void cell_free(struct cell *c)
{
	free(c->key);
	free(c->w);
	free(c->rec);
	free(c->rep);
	lr_fit_free(c->fit);
	free(c->bx);
	free(c->by);
	free(c->bw);
}

/* Forget every cell (their rows already flushed). */
static void cells_clear(struct wide_feed *wf)
{
	int i;
	for (i = 0; i < wf->ncell; i++)
		cell_free(&wf->cell[i]);
	wf->ncell = 0;
	if (wf->hash)
		memset(wf->hash, 0, (size_t)wf->hcap * sizeof *wf->hash);
	wf->last = 0;
	wf->bytes = 0;
	wf->rows = 0;
}

void wide_feed_free(struct wide_feed *wf)
{
	if (!wf)
		return;
	cells_clear(wf);
	free(wf->cell);
	free(wf->hash);
	free(wf->fac);
	free(wf->kbuf);
	free(wf->bx);
	free(wf->by);
	free(wf->bw);
	free(wf->shift);
	free(wf->scale);
	free(wf->r);
	free(wf);
}

/* ------------------------------------------------------------------ */
/* Dense batches                                                       */
/* ------------------------------------------------------------------ */

static lr_status dense_flush(struct wide_feed *wf, lr_fit *f)
{
	lr_status st;
	if (!wf->nb)
		return LR_OK;
	st = lr_fit_add_rows(f, wf->bx, wf->by, wf->weighted ? wf->bw : NULL,
	    wf->nb);
	wf->nb = 0;
	return st;
}

/* Room for a dense batch of rows as wide as m's layout now. */
static int dense_room(struct wide_feed *wf, const struct model *m)
{
	size_t rows = DENSE_VALUES / (size_t)m->nwide, nx;
	rows = rows < 1 ? 1 : rows > LR_BATCH ? LR_BATCH : rows;
	nx = rows * (size_t)m->nwide;
	if (nx > wf->capx) {
		double *b = realloc(wf->bx, nx * sizeof *b);
		if (!b)
			return -1;
		wf->bx = b;
		wf->capx = nx;
	}
	if (rows > wf->capy) {
		double *y = realloc(wf->by, rows * sizeof *y), *w;
		if (!y)
			return -1;
		wf->by = y;
		if (!(w = realloc(wf->bw, rows * sizeof *w)))
			return -1;
		wf->bw = w;
		wf->capy = rows;
	}
	wf->maxb = rows;
	wf->stride = m->nwide;
	return 0;
}

static lr_status dense_row(struct wide_feed *wf, const struct model *m,
    lr_fit *f, const double *val, double y, double w)
{
	double *x;
	int j;
	if (!wf->nb && dense_room(wf, m))
		return LR_ENOMEM;
	x = wf->bx + wf->nb * (size_t)wf->stride;
	model_dense_row(m, val, x);
	for (j = 0; j < wf->stride; j++)
		if (!isfinite(x[j]))
			return LR_ENONFINITE;
	wf->by[wf->nb] = y;
	wf->bw[wf->nb] = w;
	return ++wf->nb == wf->maxb ? dense_flush(wf, f) : LR_OK;
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */
/* ------------------------------------------------------------------ */

/* Whether wide columns a and b compute the same product (var, power). */
static int same_recipe(const struct model *m, int a, int b)
{
	const struct wcol *ca = &m->wide[a], *cb = &m->wide[b];
	const struct fterm *ta = &m->f.term[ca->term];
	const struct fterm *tb = &m->f.term[cb->term];
	int i = 0, j = 0;
	for (;;) {
		while (i < ta->nvar && model_var_is_factor(m, ta->var[i]))
			i++;
		while (j < tb->nvar && model_var_is_factor(m, tb->var[j]))
			j++;
		if (i == ta->nvar || j == tb->nvar)
			return i == ta->nvar && j == tb->nvar;
		if (ta->var[i] != tb->var[j] || ca->comp[i] != cb->comp[j])
			return 0;
		i++;
		j++;
	}
}

/* Whether wide column w has no numeric variable (1 on its cells' rows). */
static int constant_col(const struct model *m, int w)
{
	const struct fterm *tm = &m->f.term[m->wide[w].term];
	int k;
	for (k = 0; k < tm->nvar; k++)
		if (!model_var_is_factor(m, tm->var[k]))
			return 0;
	return 1;
}

/* Whether wide column w is non-zero on rows of levels key. */
static int in_cell(const struct model *m, int w, const double *val)
{
	const struct wcol *c = &m->wide[w];
	const struct fterm *tm = &m->f.term[c->term];
	int k;
	for (k = 0; k < tm->nvar; k++) {
		const struct fvar *v = &m->f.var[tm->var[k]];
		if (model_var_is_factor(m, tm->var[k]) &&
		    (int)val[v->col] != c->comp[k])
			return 0;
	}
	return 1;
}

/* Cell c's columns and their recipes, for a row of values val. */
static int cell_layout(struct cell *c, const struct model *m,
    const double *val)
{
	int w, i, j;
	c->w = calloc(((size_t)m->nwide + 1), sizeof *c->w);
	c->rec = calloc(((size_t)m->nwide + 1), sizeof *c->rec);
	c->rep = calloc(((size_t)m->nwide + 1), sizeof *c->rep);
	if (!c->w || !c->rec || !c->rep)
		return -1;
	for (w = 0; w < m->nwide; w++)
		if (in_cell(m, w, val))
			c->w[c->nw++] = w;
	for (i = 0; i < c->nw; i++) {
		c->rec[i] = -1;
		if (constant_col(m, c->w[i]))
			continue;
		for (j = 0; j < c->nrec && c->rec[i] < 0; j++)
			if (same_recipe(m, c->w[c->rep[j]], c->w[i]))
				c->rec[i] = j;
		if (c->rec[i] < 0) {
			c->rep[c->nrec] = i;
			c->rec[i] = c->nrec++;
		}
	}
	if (c->nrec == 0 && c->nw > 0) {
		/* only indicators (y ~ g): the fit needs a column, so the
		 * constant 1 is one (its frame value is 0 on every row) */
		for (i = 0; i < c->nw; i++)
			c->rec[i] = 0;
		c->rep[0] = 0;
		c->nrec = 1;
	}
	return 0;
}

static unsigned long hash_key(const int *key, int n)
{
	unsigned long h = 2166136261u;
	int i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned long)(unsigned)key[i]) * 16777619u;
	return h;
}

static int cells_rehash(struct wide_feed *wf, int hcap)
{
	int *h = calloc((size_t)hcap, sizeof *h), i;
	if (!h)
		return -1;
	free(wf->hash);
	wf->hash = h;
	wf->hcap = hcap;
	for (i = 0; i < wf->ncell; i++) {
		unsigned long s = hash_key(wf->cell[i].key, wf->nfac) &
		    (unsigned long)(hcap - 1);
		while (h[s])
			s = (s + 1) & (unsigned long)(hcap - 1);
		h[s] = i + 1;
	}
	return 0;
}

/* The cell of key wf->kbuf, or -1. */
static int cell_find(const struct wide_feed *wf)
{
	size_t kb = (size_t)wf->nfac * sizeof *wf->kbuf;
	unsigned long s;
	if (wf->last && !memcmp(wf->cell[wf->last - 1].key, wf->kbuf, kb))
		return wf->last - 1;
	if (!wf->hcap)
		return -1;
	s = hash_key(wf->kbuf, wf->nfac) & (unsigned long)(wf->hcap - 1);
	while (wf->hash[s]) {
		int i = wf->hash[s] - 1;
		if (!memcmp(wf->cell[i].key, wf->kbuf, kb))
			return i;
		s = (s + 1) & (unsigned long)(wf->hcap - 1);
	}
	return -1;
}

/* A new cell for key wf->kbuf and the row val; its index, or -1. */
static int cell_new(struct wide_feed *wf, const struct model *m,
    const double *val)
{
	struct cell *c;
	unsigned long s;
	size_t nv;
	if (wf->ncell == wf->capcell) {
		int cap = wf->capcell ? 2 * wf->capcell : 16;
		struct cell *nc = realloc(wf->cell, (size_t)cap * sizeof *nc);
		if (!nc)
			return -1;
		wf->cell = nc;
		wf->capcell = cap;
	}
	if (2 * (wf->ncell + 1) > wf->hcap &&
	    cells_rehash(wf, wf->hcap ? 2 * wf->hcap : 32))
		return -1;
	c = &wf->cell[wf->ncell];
	memset(c, 0, sizeof *c);
	c->key = malloc((size_t)wf->nfac * sizeof *c->key + 1);
	if (!c->key || cell_layout(c, m, val)) {
		cell_free(c);
		return -1;
	}
	memcpy(c->key, wf->kbuf, (size_t)wf->nfac * sizeof *c->key);
	nv = (size_t)c->nrec;
	c->bx = malloc(CELL_ROWS * (nv ? nv : 1) * sizeof *c->bx);
	c->by = malloc(CELL_ROWS * sizeof *c->by);
	c->bw = malloc(CELL_ROWS * sizeof *c->bw);
	if (!c->bx || !c->by || !c->bw) {
		cell_free(c);
		return -1;
	}
	wf->bytes += CELL_ROWS * (nv + 2) * sizeof(double) +
	    5 * (nv + 2) * (nv + 2) * 2 * sizeof(double) +
	    3 * (size_t)m->nwide * sizeof(int);
	s = hash_key(c->key, wf->nfac) & (unsigned long)(wf->hcap - 1);
	while (wf->hash[s])
		s = (s + 1) & (unsigned long)(wf->hcap - 1);
	wf->hash[s] = ++wf->ncell;
	return wf->ncell - 1;
}

/* Cell c's held rows into its fit. */
static lr_status cell_fold(struct wide_feed *wf, struct cell *c)
{
	lr_status st;
	if (!c->nb)
		return LR_OK;
	if (!c->fit) {
		lr_spec spec = {0, 0, 0};
		spec.nx = c->nrec;
		if ((st = lr_fit_new(&spec, &c->fit)) != LR_OK)
			return st;
	}
	st = lr_fit_add_rows(c->fit, c->bx, c->by, wf->weighted ? c->bw : NULL,
	    (size_t)c->nb);
	c->nb = 0;
	return st;
}

/* Room for a wide state of p predictors in wf's scratch. */
static int embed_room(struct wide_feed *wf, int p)
{
	size_t nv = (size_t)p + 1, nr = ((size_t)p + 2) * ((size_t)p + 2) * 2;
	if (nv > wf->capv) {
		double *s = realloc(wf->shift, nv * sizeof *s);
		int *e;
		if (!s)
			return -1;
		wf->shift = s;
		if (!(e = realloc(wf->scale, nv * sizeof *e)))
			return -1;
		wf->scale = e;
		wf->capv = nv;
	}
	if (nr > wf->capr) {
		double *r = realloc(wf->r, nr * sizeof *r);
		if (!r)
			return -1;
		wf->r = r;
		wf->capr = nr;
	}
	return 0;
}

/*
 * Cell c's fit laid out in the p = m->nwide wide columns, merged into
 * f.  Column j of the cell's factor (0 the constant, 1..nrec its
 * recipes, nrec + 1 the response) goes to every wide column of its
 * recipe; row j to the row of the first of them.
 */
static lr_status cell_merge(struct wide_feed *wf, const struct model *m,
    struct cell *c, lr_fit *f)
{
	lr_fit_state cs, ws;
	lr_fit *tmp = NULL;
	lr_status st;
	int p = m->nwide, n = p + 2, nc = c->nrec + 2, i, j, k;
	int rowof[LR_MAX_NX + 2];

	if (!c->fit || lr_fit_count(c->fit) == 0)
		return LR_OK;
	if (embed_room(wf, p))
		return LR_ENOMEM;
	lr_fit_export(c->fit, &cs);
	memset(wf->r, 0, (size_t)n * n * 2 * sizeof *wf->r);
	for (j = 0; j < p; j++) {
		wf->shift[j] = 0;
		wf->scale[j] = 0;
	}
	rowof[0] = 0;
	rowof[nc - 1] = n - 1;
	for (j = 1; j < nc - 1; j++)
		rowof[j] = -1;
	for (i = 0; i < c->nw; i++) {
		int r = c->rec[i];
		if (r < 0) {
			wf->shift[c->w[i]] = 1; /* lr_frame_set's for 1 */
			wf->scale[c->w[i]] = 1;
			continue;
		}
		wf->shift[c->w[i]] = cs.shift[r];
		wf->scale[c->w[i]] = cs.scale[r];
		if (rowof[r + 1] < 0)
			rowof[r + 1] = c->w[i] + 1;
	}
	wf->shift[p] = cs.shift[nc - 2];
	wf->scale[p] = cs.scale[nc - 2];
	/* R[rowof(i)][wide columns of j] = cell R[i][j] */
	for (j = 0; j < nc; j++) {
		for (k = -1; k < c->nw; k++) {
			int wc;
			if (k < 0)
				wc = j == 0 ? 0 : j == nc - 1 ? n - 1 : -1;
			else
				wc = j >= 1 && j < nc - 1 && c->rec[k] == j - 1 ?
				    c->w[k] + 1 : -1;
			if (wc < 0)
				continue;
			for (i = 0; i <= j; i++) {
				const double *e = cs.r + 2 * ((size_t)i * nc + j);
				double *d = wf->r + 2 * ((size_t)rowof[i] * n + wc);
				d[0] = e[0];
				d[1] = e[1];
			}
		}
	}
	ws = cs;
	ws.spec.nx = p;
	ws.nv = p + 1;
	ws.ncol = n;
	ws.shift = wf->shift;
	ws.scale = wf->scale;
	ws.r = wf->r;
	st = lr_fit_import(&ws, &tmp);
	if (st == LR_OK)
		st = lr_fit_merge(f, tmp);
	lr_fit_free(tmp);
	return st;
}

/* Every cell's rows into f; the cells are then forgotten. */
static lr_status cells_flush(struct wide_feed *wf, const struct model *m,
    lr_fit *f)
{
	lr_status st = LR_OK;
	int i;
	for (i = 0; i < wf->ncell && st == LR_OK; i++) {
		st = cell_fold(wf, &wf->cell[i]);
		if (st == LR_OK)
			st = cell_merge(wf, m, &wf->cell[i], f);
	}
	cells_clear(wf);
	return st;
}

/* The first row: which columns make the key; dense without factors. */
static int feed_start(struct wide_feed *wf, const struct model *m)
{
	int i;
	wf->started = 1;
	wf->fac = calloc(((size_t)m->f.ncol + 1), sizeof *wf->fac);
	wf->kbuf = calloc(((size_t)m->f.ncol + 1), sizeof *wf->kbuf);
	if (!wf->fac || !wf->kbuf)
		return -1;
	for (i = 0; i < m->f.ncol; i++)
		if (m->col[i].kind == MC_FACTOR)
			wf->fac[wf->nfac++] = i;
	wf->dense = wf->nfac == 0;
	return 0;
}

/*
 * The cells outgrew their memory: flush them, and go dense for good
 * when they held fewer rows than their merges cost.
 */
static lr_status cells_full(struct wide_feed *wf, const struct model *m,
    lr_fit *f)
{
	uint64_t cost = 0;
	int i;
	lr_status st;
	for (i = 0; i < wf->ncell; i++)
		cost += 2 * ((uint64_t)wf->cell[i].nrec + 2);
	if (wf->rows < cost)
		wf->dense = 1;
	st = cells_flush(wf, m, f);
	return st;
}

lr_status wide_feed_row(struct wide_feed *wf, const struct model *m,
    lr_fit *f, const double *val, double y, double w)
{
	struct cell *c;
	double *x;
	int i, k;
	lr_status st;

	if (!wf->started && feed_start(wf, m))
		return LR_ENOMEM;
	if (wf->dense)
		return dense_row(wf, m, f, val, y, w);
	for (k = 0; k < wf->nfac; k++)
		wf->kbuf[k] = (int)val[wf->fac[k]];
	if ((i = cell_find(wf)) < 0) {
		if (wf->bytes > CELL_BYTES) {
			if ((st = cells_full(wf, m, f)) != LR_OK)
				return st;
			if (wf->dense)
				return dense_row(wf, m, f, val, y, w);
		}
		if ((i = cell_new(wf, m, val)) < 0)
			return LR_ENOMEM;
		if (wf->cell[i].nrec == 0) {
			/* no column at all on these rows: dense from now on */
			wf->dense = 1;
			if ((st = cells_flush(wf, m, f)) != LR_OK)
				return st;
			return dense_row(wf, m, f, val, y, w);
		}
	}
	c = &wf->cell[i];
	x = c->bx + (size_t)c->nb * (size_t)c->nrec;
	for (k = 0; k < c->nrec; k++) {
		x[k] = model_wide_value(m, c->w[c->rep[k]]);
		if (!isfinite(x[k]))
			return LR_ENONFINITE;
	}
	c->by[c->nb] = y;
	c->bw[c->nb] = w;
	wf->last = i + 1;
	wf->rows++;
	return ++c->nb == CELL_ROWS ? cell_fold(wf, c) : LR_OK;
}

lr_status wide_feed_widen(struct wide_feed *wf, struct model *m, lr_fit *f)
{
	lr_status st;
	int e, i, j;
	if (!m->nwiden)
		return LR_OK;
	if ((st = dense_flush(wf, f)) != LR_OK)
		return st;
	if ((st = model_widen_fit(m, f, 0)) != LR_OK)
		return st;
	/* the cells' columns move as the fit's did */
	for (e = 0; e < m->nwiden; e++)
		for (i = 0; i < wf->ncell; i++)
			for (j = 0; j < wf->cell[i].nw; j++)
				if (wf->cell[i].w[j] >= m->widen[e].at)
					wf->cell[i].w[j] += m->widen[e].count;
	m->nwiden = 0;
	return LR_OK;
}

lr_status wide_feed_flush(struct wide_feed *wf, const struct model *m,
    lr_fit *f)
{
	lr_status st = dense_flush(wf, f);
	if (st == LR_OK)
		st = cells_flush(wf, m, f);
	return st;
}
