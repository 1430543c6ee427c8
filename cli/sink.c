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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "number.h"
#include "plot.h"
#include "sink.h"
#include "status.h"

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
	group_table_free(&s->groups);
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

/* -g: the row to its group's fit, at once. */
static int group_row(struct sink *s, const double *v)
{
	struct group *gr = sink_group(s, s->gval, s->glen);
	lr_status st;
	s->gready = 0;
	if (!gr) {
		return oom();
	}
	st = lr_fit_add_weighted(gr->fit, v, v[s->nx],
	    s->weighted ? v[s->nx + 1] : 1);
	if (st != LR_OK)
		return status_fail(st);
	gr->rows++;
	return EX_OK;
}

int sink_row(struct sink *s, const double *v, const char *name,
    uint64_t line)
{
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
		struct group *gr = sink_group(s, s->gval, s->glen);
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
	    s->bx;
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
	if (lr_fit_new(&s->spec, &piece->fit) != LR_OK) {
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
	if ((ls = lr_fit_merge(s->fit, piece->fit)) != LR_OK) {
		/* LR_ERANGE: not for any data a double holds */
		msg("%s: the pieces' fits cannot be merged: %s", name,
		    lr_strerror(ls));
		return EX_DATAERR;
	}
	return EX_OK;
}

void sink_free_piece(struct sink *piece)
{
	lr_fit_free(piece->fit);
	free(piece->bx);
	free(piece->by);
	free(piece->bw);
	free(piece->err_what);
	free(piece->skip_what);
}
