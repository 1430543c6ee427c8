/*
 * sink.h - rows in: every reader reports each data row to a sink, which
 * parses nothing itself.  It counts rows, decides what an invalid cell
 * means (an error, or a counted skip with --skip-invalid), and hands the
 * good rows to the fit in batches (or to their group's fit with -g).
 *
 * Readers use the sink through these functions, never its fields: a row
 * (sink_row, sink_invalid), or for the fast lane a batch's free room
 * filled in place (sink_room, sink_commit); a thread's piece of a file
 * has its own sink (sink_init_piece, sink_merge_piece).  The fields are
 * for main(), which sets the sink up and reads the counts and the fit.
 * The accessors called once per row are static inline here: as calls
 * into sink.c they cost the general path of delimited text 5.5% more
 * instructions (callgrind, 300,000 rows of mixed signs and exponents).
 *
 * On --fitted's second pass the rows are not added but echoed through
 * hooks main() installs (struct sink_echo): the readers never call a
 * writer themselves.
 */
#ifndef LINREG_SINK_H
#define LINREG_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "group_batch.h"
#include "groups.h"
#include "linreg.h"
#include "predict.h"
#include "progress.h"
#include "source.h"

struct csv_record;  /* read_csv.h */
struct model;       /* model.h */
struct model_opts;  /* model.h */
struct wide_feed;   /* wide.h */
struct plot_sample; /* plot.h */

/*
 * --fitted, second pass: each row again, with its values when it has
 * them (valid 0: an invalid row, v may be NULL).  Each returns an exit
 * status.  delim is the reader's delimiter (a byte or CSV_WHITESPACE).
 * A record's fields are read by their lengths: those of the fast lane
 * point into the read buffer, not NUL-terminated.
 */
struct sink_echo {
	int (*header)(void *ctx, const struct csv_record *rec, int delim);
	int (*record)(void *ctx, const struct csv_record *rec, int delim,
	    const double *v, int valid);
	int (*json)(void *ctx, const void *row, const double *v, int valid);
	void *ctx;
	uint64_t rows;           /* data rows echoed */
};

struct sink {
	lr_fit *fit;
	int nx;                  /* predictors per row */
	int weighted;
	int skip_invalid;
	uint64_t rows_read;      /* data rows seen */
	uint64_t rows_skipped;   /* invalid rows skipped (--skip-invalid) */
	uint64_t rows_missing;   /* rows left out for a missing value */
	/*
	 * The design (model.h): NULL, or the formula the columns feed.  An
	 * identity model changes nothing; any other makes each row's wide
	 * row and holds it in feed (wide.h) until sink_flush, or with -g
	 * adds it (wrow) to its group's fit at once.
	 */
	struct model *model;
	const struct model_opts *mopt; /* -x/-y: the model is made from the
	                          names, once known (sink_names) */
	const char *na;          /* missing-value tokens (comma-separated) */
	int na_fail;             /* --na-action fail: a missing value is an error */
	int point;               /* --decimal-comma: ',' (0: '.') */
	double *val, *wrow;      /* scratch: column values; the wide row */
	int capwrow;
	struct wide_feed *feed;  /* the model's wide rows held for the fit
	                            (wide.h; not -g's groups) */
	struct cell *cells;      /* scratch for sink_cell_room */
	int capcells;
	int wide;                /* the fit is the model's wide fit */
	char *first_skip;        /* message about the first skipped row */
	char **name;             /* ncols column names, from the first source that has them */
	int ncols;
	struct predictions pred; /* x rows to predict (--predict, requests) */
	double *bx, *by, *bw;    /* rows waiting to go to the fit in one call */
	size_t nbuf;
	lr_spec spec;            /* the model, for the fits of threads and groups */
	/*
	 * A thread's sink records its first error (and first skipped row)
	 * with the line counted from the start of its piece, for the main
	 * thread to report with the line in the whole file.
	 */
	int defer;
	uint64_t err_line, skip_line;
	char *err_what, *skip_what;
	/* -g: rows go to the fit of their group (first-seen order). */
	struct group_table groups;
	const char **gval;       /* the current row's group values ... */
	size_t *glen;            /* ... and their lengths (sink_group_value) */
	int gready;              /* gval is the current row's: a skipped row
	                            is counted in its group (cleared per row) */
	struct gbatch gbatch;    /* grouped rows on their way to their
	                            groups' fits (made at the first) */
	size_t gbytes;           /* the pool's bytes (0: GBATCH_BYTES); a
	                            thread's piece has its share */
	/* Progress on standard error (--progress; auto on a terminal). */
	struct progress progress;
	/* --fitted, second pass: rows are echoed with their fit, not added. */
	struct sink_echo *echo;
	/* --plot, --svg: the rows that go into the fit are offered here too. */
	struct plot_sample *plot;
	/* --every N: call tick(s, tick_ctx) after each N data rows. */
	uint64_t every, next_every;
	int (*tick)(struct sink *s, void *ctx);
	void *tick_ctx;
};

/* Free everything the sink holds (its fit, groups, names, buffers). */
void sink_free(struct sink *s);

/* Hand the waiting rows to the fit; call before solving.  Exit status. */
int sink_flush(struct sink *s);

/* A data row was met (counted before sink_row or sink_invalid). */
static inline void sink_count(struct sink *s)
{
	s->rows_read++;
}

/*
 * Report a data row of valid numbers v[0..ncols-1] (predictors, y,
 * weight).  name and line say where it is, for messages: "NAME:LINE",
 * or NAME alone when line is 0 (then NAME says it all, e.g.
 * "data.json: input[3]").  Returns an exit status (a bad weight is an
 * invalid row).
 */
int sink_row(struct sink *s, const double *v, const char *name,
    uint64_t line);

/*
 * A row whose cells are not all numbers (c[0..ncols-1], in the row's
 * column order): missing values, levels, dates.  Returns an exit
 * status, or SINK_BAD when a cell is unusable as a number in a column
 * of numbers: the reader then reports it as it reports any bad cell.
 * The row must already be counted (sink_count).
 */
#define SINK_BAD (-1)
int sink_cells(struct sink *s, const struct cell *c, const char *name,
    uint64_t line);

/* Room for a row of n cells (the sink's scratch); NULL: no memory. */
struct cell *sink_cell_room(struct sink *s, int n);

/* Whether text is a missing value (--na tokens, or NA and ""). */
int sink_is_na(const struct sink *s, const char *p, size_t len);

/*
 * Report a row with an unusable cell: an error (EX_DATAERR, message
 * printed) unless skipping, when it is counted and 0 is returned.
 * what is e.g. "column 'y': cannot read "abc" as a number".  The row
 * must already be counted (sink_count).
 */
int sink_invalid(struct sink *s, const char *name, uint64_t line,
    const char *what);

/*
 * The fast lane (read_lane.c): whether rows may be written straight
 * into the batch (one predictor, no weight, no --every, no picture, and
 * the batch made by a first row through sink_row), with nothing else to
 * do per row.
 */
int sink_plain(const struct sink *s);

/*
 * The batch's columns x and y (LR_BATCH rows each); returns the rows
 * already in it.  The caller writes rows after those, then commits.
 */
size_t sink_room(struct sink *s, double **x, double **y);

/* n rows were written after the batch's rows: count them, and hand a full batch to the fit. */
int sink_commit(struct sink *s, size_t n);

/* Set the names once, from the first source that has them (copies). */
int sink_names(struct sink *s, const char *const *names);

/*
 * The same, with each name that given lacks (given NULL, or an entry
 * NULL) the default: x (x1, x2, ... with several), y, w.
 */
int sink_names_or_default(struct sink *s, const struct input_opts *o,
    const char *const *given);

/* The default name of column i (x, y, w; x1, x2, ... with several). */
const char *default_name(const struct input_opts *o, int i, char *buf,
    size_t size);

/* -g: the group column names, set once (copies). */
int sink_group_names(struct sink *s, const char *const *names);

/* -g: the number of group columns. */
static inline int sink_ngroup(const struct sink *s)
{
	return s->groups.ncols;
}

/* -g: the current row's value of group column g (len bytes). */
static inline void sink_group_value(struct sink *s, int g, const char *val,
    size_t len)
{
	s->gval[g] = val;
	s->glen[g] = len;
}

/* -g: the current row's group values are set (1), or no longer (0). */
static inline void sink_group_ready(struct sink *s, int ready)
{
	s->gready = ready;
}

/*
 * -g, the fast path: whether a row of numbers may go through
 * sink_group_row (groups; no model but an identity; not --fitted's
 * second pass; and the pool made by a first row through sink_row).
 * Asked once a block of rows, as sink_plain is.
 */
int sink_group_plain(const struct sink *s);

/*
 * While sink_group_plain(s): a data row of valid numbers v (as for
 * sink_row) whose group values are val[0..ngroup-1] (lengths len),
 * counted and put in its group's batch, in place of sink_count,
 * sink_group_value, sink_group_ready and sink_row.  A bad weight goes
 * the long way (an invalid row).  Returns an exit status.
 */
int sink_group_row(struct sink *s, const char *const *val, const size_t *len,
    const double *v, const char *name, uint64_t line);

/*
 * The group of the values val (made when new); NULL: no memory.  The
 * rows waiting for the groups' fits go to them first: the caller may
 * read or change the group's fit.
 */
struct group *sink_group(struct sink *s, const char *const *val,
    const size_t *len);

/* Add a row of nx predictor values to predict. */
int sink_predict(struct sink *s, const double *x);

/*
 * --progress: a source of size bytes (0: unknown) begins, bytes of it
 * are read so far, it is done after bytes.
 */
void sink_source_start(struct sink *s, uint64_t size);
void sink_progress(struct sink *s, uint64_t bytes);
void sink_source_done(struct sink *s, uint64_t bytes);

/* --fitted's second pass: whether rows are echoed rather than added. */
static inline int sink_echoing(const struct sink *s)
{
	return s->echo != NULL;
}

/* Echo a header, a delimited record, a JSON row (see struct sink_echo). */
int sink_echo_header(struct sink *s, const struct csv_record *rec, int delim);
int sink_echo_record(struct sink *s, const struct csv_record *rec, int delim,
    const double *v, int valid);
int sink_echo_json(struct sink *s, const void *row, const double *v,
    int valid);

/*
 * --fitted with a formula whose fit is wide: the row's cells as the
 * coded row, response and weight the fitted writer takes (in the
 * sink's scratch), or NULL when the row was left out.
 */
int sink_echo_coded(const struct sink *s);
const double *sink_echo_design(struct sink *s, const struct cell *c);

/* Data rows echoed so far. */
uint64_t sink_echoed(const struct sink *s);

/*
 * Threads (read_parallel.c): piece, zeroed, becomes a sink of s's
 * model and names (shared, not copied) with a fit of its own, which
 * keeps its first error or skip for sink_merge_piece.  Exit status.
 */
int sink_init_piece(struct sink *piece, const struct sink *s);

/*
 * The deferred error of a failed piece, said with its line in the
 * whole file (the piece's first line is line): 1 when there was one.
 */
int sink_piece_error(const struct sink *piece, const char *name,
    uint64_t line);

/* Keep the first error of a piece, at line (counted in the piece). */
int sink_defer_error(struct sink *piece, uint64_t line, const char *what);

/*
 * Add a piece's counts, first skip and fit to s, and with -g its groups
 * (new ones after s's, in the piece's order); an exit status.
 */
int sink_merge_piece(struct sink *s, const struct sink *piece,
    const char *name, uint64_t line);

/* Whether two pieces read every column as the same kind (or one did not yet). */
int sink_kinds_agree(const struct sink *a, const struct sink *b);

/*
 * Whether a piece's groups can be merged: not when a group has a model
 * of its own (a formula's levels per group); the file is then read in
 * one piece.
 */
int sink_piece_mergeable(const struct sink *piece);

/* Free what a piece holds of its own. */
void sink_free_piece(struct sink *piece);

#endif
