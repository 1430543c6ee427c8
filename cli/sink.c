/*
 * sink.c - rows in: counting, skipping, batching to the core; see sink.h.
 *
 * Cut from input.c along its own banner, with what every reader shares
 * (the counts, the names, the batch, the pieces of threads) and nothing
 * a reader decides: the readers call in, the sink calls no reader, so
 * no cycle runs through it.  The group table (groups.c), the progress
 * line (progress.c) and the rows to predict (predict.c) are kept here
 * but are each their own type.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "number.h"
#include "plot.h"
#include "sink.h"
#include "status.h"
#include "text.h"
#include "wide.h"

/* --every: after each N data rows, hand on the rows and report. */
static int sink_tick(struct sink *s)
{
	int st;
	if (!s->every || s->rows_read < s->next_every)
		return EX_OK;
	s->next_every += s->every;
	st = sink_flush(s);
	return st ? st : s->tick ? s->tick(s, s->tick_ctx) : EX_OK;
}

int sink_flush(struct sink *s)
{
	lr_status st;
	if (s->gbatch.n && (st = gbatch_flush(&s->gbatch, &s->groups)) != LR_OK)
		return status_fail(st);
	if (s->feed && s->model &&
	    (st = wide_feed_flush(s->feed, s->model, s->fit)) != LR_OK)
		return status_fail(st);
	if (!s->nbuf)
		return EX_OK;
	st = lr_fit_add_rows(s->fit, s->bx, s->by, s->weighted ? s->bw : NULL,
	    s->nbuf);
	s->nbuf = 0;
	/* The frames move to fit any finite value: only a bug is left. */
	return status_fail(st);
}

void sink_free(struct sink *s)
{
	int i;

	lr_fit_free(s->fit);
	s->fit = NULL;
	for (i = 0; i < (int)s->groups.n; i++)
		model_free(s->groups.group[i].model);
	model_free(s->model);
	s->model = NULL;
	wide_feed_free(s->feed);
	s->feed = NULL;
	free(s->val);
	free(s->wrow);
	free(s->cells);
	group_table_free(&s->groups);
	gbatch_free(&s->gbatch);
	free(s->gval);
	free(s->glen);
	predict_free(&s->pred);
	free(s->bx);
	free(s->by);
	free(s->bw);
	free(s->first_skip);
	free(s->err_what);
	free(s->skip_what);
	if (s->name)
		for (i = 0; i < s->ncols; i++)
			free(s->name[i]);
	free(s->name);
}

/* -g: the current row's group, made if new (its fit may have rows waiting). */
static struct group *row_group(struct sink *s)
{
	return group_get(&s->groups, &s->spec, s->gval, s->glen);
}

/* -g: the row to its group's batch (group_batch.h). */
static int group_row(struct sink *s, const double *v)
{
	size_t g = group_find(&s->groups, &s->spec, s->gval, s->glen);
	lr_status st;
	s->gready = 0;
	if (g == (size_t)-1)
		return oom();
	if (!s->gbatch.cap && gbatch_init(&s->gbatch, s->nx, s->weighted,
	    s->gbytes))
		return oom();
	st = gbatch_add(&s->gbatch, &s->groups, g, v);
	if (st != LR_OK)
		return status_fail(st);
	s->groups.group[g].rows++;
	return EX_OK;
}

/* ------------------------------------------------------------------ */
/* Rows through a model                                                */
/* ------------------------------------------------------------------ */

/* Start m at its first complete row; a response that is text is an error. */
static int start_model(struct model *m, const char *name, uint64_t line)
{
	char what[300];
	if (m->started)
		return EX_OK;
	if (model_start(m))
		return oom();
	if (model_check(m, what, sizeof what)) {
		if (line)
			msg("%s:%llu: %s", name, (unsigned long long)line, what);
		else
			msg("%s: %s", name, what);
		return EX_DATAERR;
	}
	return EX_OK;
}

/* m's wide fit *fit made (at its first row) or widened to its layout. */
static int model_fit_layout(struct model *m, lr_fit **fit,
    struct wide_feed *wf)
{
	lr_status ls;
	if (!m->fitwide) {
		lr_spec spec = {0, 0, 0};
		spec.nx = m->nwide;
		if (m->nwide < 1 || m->nwide > LR_MAX_NX) {
			msg("the model has %d columns: it needs 1 to %d",
			    m->nwide, LR_MAX_NX);
			return EX_DATAERR;
		}
		lr_fit_free(*fit);
		*fit = NULL;
		if (lr_fit_new(&spec, fit) != LR_OK)
			return oom();
		m->fitwide = 1;
		ls = LR_OK;
	} else {
		ls = wf ? wide_feed_widen(wf, m, *fit) :
		    model_widen_fit(m, *fit, 0);
	}
	m->nwiden = 0;
	if (ls == LR_EINVAL) {
		msg("the model has more than %d columns", LR_MAX_NX);
		return EX_DATAERR;
	}
	return ls == LR_OK ? EX_OK : status_fail(ls);
}

/*
 * Model m's row of column values val (and weight w) into *fit, which
 * becomes m's wide fit at its first row and widens as levels arrive:
 * held in wf (the sink's own model) or added at once (a group's).
 * Returns an exit status, or 1 for an identity model (the caller goes
 * the plain way).
 */
static int model_add(struct sink *s, struct model *m, lr_fit **fit,
    struct wide_feed *wf, const double *val, double w, const char *name,
    uint64_t line)
{
	char what[300];
	double y;
	lr_status ls;
	int st;

	if ((st = start_model(m, name, line)))
		return st;
	if (m->identity)
		return 1;
	if (model_levels(m, val))
		return oom();
	if (model_eval(m, val, &y, what, sizeof what))
		return sink_invalid(s, name, line, what);
	if ((st = model_fit_layout(m, fit, wf)))
		return st;
	if (wf) {
		ls = wide_feed_row(wf, m, *fit, val, y, w);
		return ls == LR_OK ? EX_OK : status_fail(ls);
	}
	if (m->nwide > s->capwrow) {
		double *nw = realloc(s->wrow, (size_t)m->nwide * sizeof *nw);
		if (!nw)
			return oom();
		s->wrow = nw;
		s->capwrow = m->nwide;
	}
	model_dense_row(m, val, s->wrow);
	ls = lr_fit_add_weighted(*fit, s->wrow, y, w);
	return ls == LR_OK ? EX_OK : status_fail(ls);
}

/* The row's model: the sink's, or with -g its group's (made on first use). */
static int row_model(struct sink *s, struct model **m, lr_fit ***fit)
{
	struct group *gr;
	*m = s->model;
	*fit = &s->fit;
	if (!s->groups.ncols)
		return EX_OK;
	gr = sink_group(s, s->gval, s->glen);
	s->gready = 0;
	if (!gr)
		return oom();
	if (!gr->model && !(gr->model = model_clone(s->model)))
		return oom();
	if (model_sync(gr->model, s->model))
		return oom();
	gr->rows++;
	*m = gr->model;
	*fit = &gr->fit;
	return EX_OK;
}

/*
 * A row of column values val (by formula column) through the model;
 * 1 when the model is an identity and v should go the plain way.
 */
static int sink_model_values(struct sink *s, const double *val, double w,
    const char *name, uint64_t line)
{
	struct model *m;
	lr_fit **fit;
	int st;

	if ((st = start_model(s->model, name, line)))
		return st;
	if (s->model->identity)
		return 1;
	if (s->spec.degree >= 2) {
		msg("%s: --degree takes a numeric x; for a polynomial in a "
		    "factor's terms, write a formula", name);
		return EX_DATAERR;
	}
	if (s->weighted && !(w > 0)) {
		char what[200], num[NUM_BUFSIZE];
		snprintf(what, sizeof what, "column '%.60s': weight must be "
		    "positive, got %s", s->name ? s->name[s->nx + 1] : "w",
		    num_format(num, w, 0));
		return sink_invalid(s, name, line, what);
	}
	if ((st = row_model(s, &m, &fit)))
		return st;
	if (!s->groups.ncols && !s->feed &&
	    !(s->feed = wide_feed_new(s->weighted)))
		return oom();
	st = model_add(s, m, fit, s->groups.ncols ? NULL : s->feed, val, w,
	    name, line);
	if (st == 1) {
		msg("a group's model differs from the others'");
		return EX_SOFTWARE;
	}
	return st ? st : sink_tick(s);
}

/* A plain row of numbers v (source order) as column values. */
static int numbers_to_values(struct sink *s, const double *v,
    const char *name, uint64_t line)
{
	struct model *m = s->model;
	int i;
	for (i = 0; i < m->f.ncol; i++) {
		int r = model_number(m, i, v[m->src[i]], &s->val[i], 1);
		if (r < 0)
			return oom();
		if (r == 0) {
			char what[200];
			snprintf(what, sizeof what, "column '%.60s': a number "
			    "among dates", m->col[i].name);
			return sink_invalid(s, name, line, what);
		}
	}
	return EX_OK;
}

struct cell *sink_cell_room(struct sink *s, int n)
{
	if (n > s->capcells) {
		struct cell *c = realloc(s->cells, (size_t)n * sizeof *c);
		if (!c)
			return NULL;
		s->cells = c;
		s->capcells = n;
	}
	return s->cells;
}

int sink_is_na(const struct sink *s, const char *p, size_t len)
{
	const char *t = s->na;
	if (!t)
		return len == 0 || (len == 2 && p[0] == 'N' && p[1] == 'A');
	for (;;) {
		const char *e = strchr(t, ',');
		size_t n = e ? (size_t)(e - t) : strlen(t);
		if (n == len && memcmp(t, p, len) == 0)
			return 1;
		if (!e)
			return 0;
		t = e + 1;
	}
}

/* A missing value: left out and counted, or (--na-action fail) an error. */
static int missing_row(struct sink *s, int i, const char *name,
    uint64_t line)
{
	char what[200];
	if (!s->na_fail) {
		s->rows_missing++;
		if (s->groups.ncols && s->gready) {
			/* counted in its group, made if new, as a skipped row is */
			struct group *gr = row_group(s);
			if (!gr)
				return oom();
			gr->missing++;
		}
		s->gready = 0;
		return sink_tick(s);
	}
	snprintf(what, sizeof what, "column '%.60s': missing value "
	    "(--na-action fail)", s->name ? s->name[i] : "?");
	if (line)
		msg("%s:%llu: %s", name, (unsigned long long)line, what);
	else
		msg("%s: %s", name, what);
	return EX_DATAERR;
}

/*
 * The model's values of cells c into s->val; with commit 0 only
 * checked.  An exit status, SINK_BAD for a cell the reader reports.
 * Text is parsed as a number once, in the check: its value (NaN for
 * text that is not one: the parser takes no NaN) waits in m->val.
 */
static int convert_cells(struct sink *s, const struct cell *c, int commit,
    const char *name, uint64_t line)
{
	struct model *m = s->model;
	int i;
	for (i = 0; i < m->f.ncol; i++) {
		const struct cell *e = &c[m->src[i]];
		double x;
		int r;
		if (e->kind != CELL_NUMBER && !commit &&
		    num_parse_point(e->p, e->len, m->point, &m->val[i]) != NUM_OK)
			m->val[i] = NAN;
		x = e->kind == CELL_NUMBER ? e->num : m->val[i];
		if (e->kind == CELL_NUMBER || !isnan(x))
			r = model_number(m, i, x, &s->val[i], commit);
		else
			r = model_text(m, i, e->p, e->len, &s->val[i], commit);
		if (r < 0)
			return oom();
		if (r == 0) {
			char what[300], cell[200];
			if (m->col[i].kind != MC_DATE)
				return SINK_BAD;
			if (text_escape(cell, sizeof cell - 3, e->p, e->len, 1) <
			    e->len)
				strcat(cell, "...");
			snprintf(what, sizeof what, "column '%.60s': cannot read "
			    "\"%s\" as a date", m->col[i].name, cell);
			return sink_invalid(s, name, line, what);
		}
	}
	return EX_OK;
}

int sink_cells(struct sink *s, const struct cell *c, const char *name,
    uint64_t line)
{
	struct model *m = s->model;
	int i, nm = s->nx + 1, miss = -1, commit;
	double w = 1;

	if (!m)
		return SINK_BAD;
	/* Numbers and missing values first: a missing row adds no level. */
	for (i = 0; i < s->ncols; i++) {
		if (c[i].kind == CELL_ABSENT)
			return SINK_BAD;
		if (c[i].kind == CELL_NULL ||
		    (c[i].kind != CELL_NUMBER && sink_is_na(s, c[i].p, c[i].len)))
			miss = miss < 0 ? i : miss;
	}
	if (miss >= 0)
		return missing_row(s, miss, name, line);
	if (s->weighted && (c[nm].kind == CELL_NUMBER ? (w = c[nm].num, 0) :
	    num_parse_point(c[nm].p, c[nm].len, m->point, &w) != NUM_OK))
		return SINK_BAD;
	/* Every cell checked (commit 0) before any teaches the model (1). */
	for (commit = 0; commit < 2; commit++)
		if ((i = convert_cells(s, c, commit, name, line)))
			return i;
	if ((i = start_model(m, name, line)))
		return i;
	if (m->identity) {
		/* all numbers after all (an NA token was not among them) */
		double v[LR_MAX_NX + 2];
		for (i = 0; i < m->f.ncol; i++)
			v[m->src[i]] = s->val[i];
		v[nm] = w;
		return sink_row(s, v, name, line);
	}
	{
		int st = sink_model_values(s, s->val, w, name, line);
		return st == 1 ? EX_SOFTWARE : st;
	}
}

int sink_row(struct sink *s, const double *v, const char *name,
    uint64_t line)
{
	if (s->model && (!s->model->started || !s->model->identity)) {
		int st = numbers_to_values(s, v, name, line);
		if (st)
			return st;
		st = sink_model_values(s, s->val, s->weighted ? v[s->nx + 1] :
		    1, name, line);
		if (st != 1)
			return st;
	}
	if (s->weighted && !(v[s->nx + 1] > 0)) {
		char what[200], num[NUM_BUFSIZE];
		snprintf(what, sizeof what, "column '%.60s': weight must be "
		    "positive, got %s", s->name ? s->name[s->nx + 1] : "w",
		    num_format(num, v[s->nx + 1], 0));
		return sink_invalid(s, name, line, what);
	}
	if (s->plot)
		/* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): readers fill all ncols >= 2 values; the analyzer assumes a row of none */
		plot_sample_add(s->plot, v[0], v[s->nx]);
	if (s->groups.ncols)
		return group_row(s, v);
	if (!s->bx) {
		s->bx = malloc(LR_BATCH * (size_t)s->nx * sizeof *s->bx);
		s->by = malloc(LR_BATCH * sizeof *s->by);
		s->bw = malloc(LR_BATCH * sizeof *s->bw);
		if (!s->bx || !s->by || !s->bw) {
			return oom();
		}
	}
	memcpy(s->bx + s->nbuf * (size_t)s->nx, v, (size_t)s->nx * sizeof *v);
	s->by[s->nbuf] = v[s->nx];
	s->bw[s->nbuf] = s->weighted ? v[s->nx + 1] : 1;
	if (++s->nbuf == LR_BATCH) {
		int st = sink_flush(s);
		if (st)
			return st;
	}
	return sink_tick(s);
}

/* A thread's piece: keep the first invalid row for the main thread. */
static int defer_invalid(struct sink *s, uint64_t line, const char *what)
{
	if (!s->skip_invalid || s->rows_skipped++ == 0) {
		char **w = s->skip_invalid ? &s->skip_what : &s->err_what;
		*(s->skip_invalid ? &s->skip_line : &s->err_line) = line;
		*w = strdup(what);
		if (!*w)
			return EX_OSERR;
	}
	return s->skip_invalid ? EX_OK : EX_DATAERR;
}

int sink_invalid(struct sink *s, const char *name, uint64_t line,
    const char *what)
{
	char where[300];
	if (s->skip_invalid && s->groups.ncols && s->gready) {
		/* Counted in its group too, which is made if it is new, so
		 * that a group whose rows were all skipped is still reported. */
		struct group *gr = row_group(s);
		s->gready = 0;
		if (!gr) {
			return oom();
		}
		gr->skipped++;
	}
	s->gready = 0;
	if (s->defer)
		return defer_invalid(s, line, what);
	if (line)
		snprintf(where, sizeof where, "%s:%llu", name,
		    (unsigned long long)line);
	else
		snprintf(where, sizeof where, "%s", name);
	if (!s->skip_invalid) {
		msg("%s: %s", where, what);
		return EX_DATAERR;
	}
	if (s->rows_skipped++ == 0) {
		size_t n = strlen(where) + strlen(what) + 3;
		s->first_skip = malloc(n);
		if (!s->first_skip) {
			return oom();
		}
		snprintf(s->first_skip, n, "%s: %s", where, what);
	}
	return sink_tick(s);
}

int sink_plain(const struct sink *s)
{
	return !s->weighted && !s->every && !s->plot && s->nx == 1 &&
	    s->bx && (!s->model || s->model->identity);
}

int sink_group_plain(const struct sink *s)
{
	return s->groups.ncols && s->gbatch.cap && !s->echo &&
	    (!s->model || (s->model->started && s->model->identity));
}

int sink_group_row(struct sink *s, const char *const *val, const size_t *len,
    const double *v, const char *name, uint64_t line)
{
	size_t g;
	lr_status st;
	int i;

	if (s->weighted && !(v[s->nx + 1] > 0)) {
		/* the long way, which says why and counts it in its group */
		for (i = 0; i < s->groups.ncols; i++)
			sink_group_value(s, i, val[i], len[i]);
		sink_group_ready(s, 1);
		sink_count(s);
		return sink_row(s, v, name, line);
	}
	s->rows_read++;
	g = group_find(&s->groups, &s->spec, val, len);
	if (g == (size_t)-1)
		return oom();
	st = gbatch_add(&s->gbatch, &s->groups, g, v);
	if (st != LR_OK)
		return status_fail(st);
	s->groups.group[g].rows++;
	return EX_OK;
}

size_t sink_room(struct sink *s, double **x, double **y)
{
	*x = s->bx;
	*y = s->by;
	return s->nbuf;
}

int sink_commit(struct sink *s, size_t n)
{
	s->rows_read += n;
	s->nbuf += n;
	return s->nbuf == LR_BATCH ? sink_flush(s) : EX_OK;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

int sink_names(struct sink *s, const char *const *names)
{
	int i;
	if (s->name)
		return EX_OK;
	s->name = calloc((size_t)s->ncols, sizeof *s->name);
	if (!s->name) {
		return oom();
	}
	for (i = 0; i < s->ncols; i++) {
		s->name[i] = strdup(names[i] ? names[i] : "?");
		if (!s->name[i]) {
			return oom();
		}
	}
	if (!s->model && s->mopt)
		s->model = model_from_columns((const char *const *)s->name, s->nx,
		    s->mopt);
	if (s->model)
		s->model->point = s->point;
	if (s->model && !s->val &&
	    !(s->val = calloc((size_t)s->ncols, sizeof *s->val)))
		return oom();
	return EX_OK;
}

const char *default_name(const struct input_opts *o, int i, char *buf,
    size_t size)
{
	if (i == o->nx)
		return "y";
	if (i == o->nx + 1)
		return "w";
	if (o->nx == 1)
		return "x";
	snprintf(buf, size, "x%d", i + 1);
	return buf;
}

int sink_names_or_default(struct sink *s, const struct input_opts *o,
    const char *const *given)
{
	const char **names;
	char (*buf)[16];
	int i, st;

	if (s->name)
		return EX_OK;
	names = calloc((size_t)o->ncols, sizeof *names);
	buf = calloc((size_t)o->ncols, sizeof *buf);
	if (!names || !buf) {
		free(names);
		free(buf);
		return oom();
	}
	for (i = 0; i < o->ncols; i++)
		names[i] = given && given[i] ? given[i] :
		    default_name(o, i, buf[i], sizeof buf[i]);
	st = sink_names(s, names);
	free(names);
	free(buf);
	return st;
}

/* ------------------------------------------------------------------ */
/* Groups (-g), predictions, progress, --fitted                        */
/* ------------------------------------------------------------------ */

int sink_group_names(struct sink *s, const char *const *names)
{
	return group_table_names(&s->groups, names) ? EX_OSERR : EX_OK;
}

struct group *sink_group(struct sink *s, const char *const *val,
    const size_t *len)
{
	if (s->gbatch.n && gbatch_flush(&s->gbatch, &s->groups) != LR_OK)
		return NULL;
	return group_get(&s->groups, &s->spec, val, len);
}

int sink_predict(struct sink *s, const double *x)
{
	return predict_add(&s->pred, s->nx, x);
}

void sink_source_start(struct sink *s, uint64_t size)
{
	progress_start(&s->progress, size, s->rows_read);
}

void sink_progress(struct sink *s, uint64_t bytes)
{
	if (s->progress.mode)
		progress_update(&s->progress, bytes, s->rows_read);
}

void sink_source_done(struct sink *s, uint64_t bytes)
{
	progress_done(&s->progress, bytes);
}

int sink_echo_header(struct sink *s, const struct csv_record *rec, int delim)
{
	return s->echo->header(s->echo->ctx, rec, delim);
}

int sink_echo_record(struct sink *s, const struct csv_record *rec, int delim,
    const double *v, int valid)
{
	s->echo->rows++;
	return s->echo->record(s->echo->ctx, rec, delim, v, valid);
}

int sink_echo_json(struct sink *s, const void *row, const double *v,
    int valid)
{
	s->echo->rows++;
	return s->echo->json(s->echo->ctx, row, v, valid);
}

int sink_echo_coded(const struct sink *s)
{
	return s->model && s->model->started && !s->model->identity;
}

const double *sink_echo_design(struct sink *s, const struct cell *c)
{
	struct model *m = s->model;
	double w = 1;
	int r, i;
	/* a missing value (--na's tokens): the row was left out */
	for (i = 0; i < s->ncols; i++)
		if (c[i].kind == CELL_NULL || (c[i].kind != CELL_NUMBER &&
		    c[i].kind != CELL_ABSENT && sink_is_na(s, c[i].p, c[i].len)))
			return NULL;
	if (m->ncoded + 2 > s->capwrow) {
		double *nw = realloc(s->wrow, ((size_t)m->ncoded + 2) * sizeof *nw);
		if (!nw)
			return NULL;
		s->wrow = nw;
		s->capwrow = m->ncoded + 2;
	}
	if (s->weighted) {
		const struct cell *e = &c[s->nx + 1];
		if (e->kind == CELL_NUMBER)
			w = e->num;
		else if (e->kind != CELL_TEXT || num_parse_point(e->p, e->len,
		    m->point, &w) != NUM_OK)
			return NULL;
	}
	r = model_known_row(m, c, &w, s->wrow);
	return r == 1 ? s->wrow : NULL;
}

uint64_t sink_echoed(const struct sink *s)
{
	return s->echo ? s->echo->rows : 0;
}

/* ------------------------------------------------------------------ */
/* Pieces of a file read by threads (read_parallel.c)                  */
/* ------------------------------------------------------------------ */

int sink_init_piece(struct sink *piece, const struct sink *s)
{
	piece->nx = s->nx;
	piece->ncols = s->ncols;
	piece->weighted = s->weighted;
	piece->skip_invalid = s->skip_invalid;
	piece->name = s->name;
	piece->spec = s->spec;
	piece->defer = 1;
	piece->na = s->na;
	piece->point = s->point;
	piece->na_fail = s->na_fail;
	if (lr_fit_new(&s->spec, &piece->fit) != LR_OK) {
		return oom();
	}
	if (s->groups.ncols) {
		/* groups of its own, merged in file order (merge_groups) */
		piece->groups.ncols = s->groups.ncols;
		piece->gval = calloc((size_t)s->groups.ncols, sizeof *piece->gval);
		piece->glen = calloc((size_t)s->groups.ncols, sizeof *piece->glen);
		if (!piece->gval || !piece->glen)
			return oom();
	}
	if (s->model) {
		piece->model = model_clone(s->model);
		piece->val = malloc((size_t)s->ncols * sizeof *piece->val);
		if (!piece->model || !piece->val)
			return oom();
	}
	return EX_OK;
}

int sink_defer_error(struct sink *piece, uint64_t line, const char *what)
{
	piece->err_line = line;
	piece->err_what = strdup(what);
	return piece->err_what ? EX_DATAERR : EX_OSERR;
}

int sink_piece_error(const struct sink *piece, const char *name,
    uint64_t line)
{
	if (!piece->err_what)
		return 0;
	msg("%s:%llu: %s", name, (unsigned long long)(line + piece->err_line -
	    1), piece->err_what);
	return 1;
}

/*
 * A piece's model and fit into s's: the first started piece gives s its
 * kinds and layout; the others meet it by their columns' keys.  An
 * lr_status, or -1 (what says why).
 */
static int merge_model(struct sink *s, const struct sink *piece, char *what,
    size_t size)
{
	struct model *pm = piece->model;
	if (!pm->started)
		return LR_OK;
	if (!s->model->started && !pm->identity) {
		struct model *c = model_clone(pm);
		if (!c)
			return LR_ENOMEM;
		model_free(s->model);
		s->model = c;
		s->model->fitwide = 1;
		lr_fit_free(s->fit);
		s->fit = NULL;
		{
			lr_fit_state st;
			lr_fit_export(piece->fit, &st);
			return lr_fit_import(&st, &s->fit);
		}
	}
	return model_merge(s->model, &s->fit, pm, piece->fit, what, size);
}

/* Group pg of a piece into g of s: its counts and fit (copied when g's is empty). */
static lr_status merge_group(struct group *g, const struct group *pg)
{
	g->rows += pg->rows;
	g->skipped += pg->skipped;
	g->missing += pg->missing;
	if (lr_fit_count(g->fit) == 0) {
		lr_fit_state st;
		lr_fit *copy;
		lr_status ls;
		lr_fit_export(pg->fit, &st);
		if ((ls = lr_fit_import(&st, &copy)) != LR_OK)
			return ls;
		lr_fit_free(g->fit);
		g->fit = copy;
		return LR_OK;
	}
	return lr_fit_merge(g->fit, pg->fit);
}

/*
 * A piece's groups into s's, in the piece's first-seen order: pieces
 * merged in file order keep the whole file's first-seen order.  An
 * lr_status.
 */
static lr_status merge_groups(struct sink *s, const struct sink *piece)
{
	const struct group_table *pt = &piece->groups;
	size_t k, *len = malloc((size_t)pt->ncols * sizeof *len);
	lr_status ls = LR_OK;

	if (!len)
		return LR_ENOMEM;
	for (k = 0; k < pt->n && ls == LR_OK; k++) {
		const struct group *pg = &pt->group[k];
		struct group *g;
		group_lengths(pg, pt->ncols, len);
		g = group_get(&s->groups, &s->spec, (const char *const *)pg->val,
		    len);
		ls = g ? merge_group(g, pg) : LR_ENOMEM;
	}
	free(len);
	return ls;
}

int sink_piece_mergeable(const struct sink *piece)
{
	size_t k;
	for (k = 0; k < piece->groups.n; k++)
		if (piece->groups.group[k].model)
			return 0;
	return 1;
}

int sink_merge_piece(struct sink *s, const struct sink *piece,
    const char *name, uint64_t line)
{
	lr_status ls;

	if (piece->skip_what && !s->first_skip) {
		char where[300];
		snprintf(where, sizeof where, "%s:%llu", name,
		    (unsigned long long)(line + piece->skip_line - 1));
		s->first_skip = malloc(strlen(where) +
		    strlen(piece->skip_what) + 3);
		if (!s->first_skip)
			return EX_OSERR;
		sprintf(s->first_skip, "%s: %s", where, piece->skip_what);
	}
	s->rows_read += piece->rows_read;
	s->rows_skipped += piece->rows_skipped;
	s->rows_missing += piece->rows_missing;
	if (s->model && piece->model) {
		char what[300];
		int r = merge_model(s, piece, what, sizeof what);
		if (r < 0) {
			msg("%s: %s", name, what);
			return EX_DATAERR;
		}
		ls = (lr_status)r;
	} else {
		ls = lr_fit_merge(s->fit, piece->fit);
	}
	if (ls == LR_OK && piece->groups.ncols)
		ls = merge_groups(s, piece);
	if (ls == LR_ENOMEM)
		return oom();
	if (ls != LR_OK) {
		/* LR_ERANGE: not for any data a double holds */
		msg("%s: the pieces' fits cannot be merged: %s", name,
		    lr_strerror(ls));
		return EX_DATAERR;
	}
	return EX_OK;
}

int sink_kinds_agree(const struct sink *a, const struct sink *b)
{
	int i;
	if (!a->model || !b->model)
		return 1;
	for (i = 0; i < a->model->f.ncol; i++) {
		enum mcol_kind x = a->model->col[i].kind, y = b->model->col[i].kind;
		if (x != MC_UNKNOWN && y != MC_UNKNOWN && x != y)
			return 0;
	}
	return 1;
}

void sink_free_piece(struct sink *piece)
{
	size_t k;
	for (k = 0; k < piece->groups.n; k++)
		model_free(piece->groups.group[k].model);
	group_table_free(&piece->groups);
	gbatch_free(&piece->gbatch);
	free(piece->gval);
	free(piece->glen);
	lr_fit_free(piece->fit);
	model_free(piece->model);
	wide_feed_free(piece->feed);
	free(piece->val);
	free(piece->wrow);
	free(piece->cells);
	free(piece->bx);
	free(piece->by);
	free(piece->bw);
	free(piece->err_what);
	free(piece->skip_what);
}
