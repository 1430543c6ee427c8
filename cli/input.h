/*
 * input.h - from files to rows: opening sources, choosing their format,
 * picking the x and y columns, and handing each row to the fit.
 *
 * Readers (read_csv.c for delimited text, read_json.c for JSON and
 * NDJSON) report every data row to a struct sink, which parses nothing
 * itself: it counts rows, adds good ones to the fit and decides what an
 * invalid cell means (an error, or a counted skip with --skip-invalid).
 */
#ifndef LINREG_INPUT_H
#define LINREG_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "groups.h"
#include "linreg.h"
#include "number.h"

enum input_format { FMT_AUTO, FMT_CSV, FMT_TSV, FMT_JSON, FMT_NDJSON };

/*
 * A column chosen with -x, -y or --weights: a header name / JSON key, or
 * a 1-based index.
 */
struct colspec {
	const char *name;   /* as given; NULL for the default */
	long index;         /* 1-based when the spec is all digits, else 0 */
	const char *deflt;  /* default key for JSON objects ("x" / "y") */
	long defindex;      /* default index (1 / 2) */
};

/*
 * The columns of a row, in order: the nx predictors, y, then the weight
 * when there is one.  Readers fill one value per column.
 */
struct input_opts {
	enum input_format format; /* FMT_AUTO: from the extension, else sniffed */
	int delim;                /* 0: the format's default; a byte; CSV_WHITESPACE */
	int header;               /* -1: detect, 0: none, 1: first row is a header */
	int nx;                   /* predictor columns */
	int ncols;                /* nx + 1, + 1 with weights */
	int weighted;             /* the last column is a weight */
	struct colspec *col;      /* ncols */
	int skip_invalid;
	int threads;              /* -j: threads for large regular files */
	int ngroup;               /* -g: group columns, read as text */
	struct colspec *gcol;     /* ngroup */
	uint64_t max_record;      /* --max-record: longest line or JSON value, bytes (0: the default) */
};

/* One group of -g: its key values and its own fit. */
struct group {
	char *key;               /* the values, each as 8 length bytes + bytes */
	size_t keylen;
	char **val;              /* ngroup values, NUL-terminated */
	lr_fit *fit;
	uint64_t rows;           /* rows that went into the fit */
	uint64_t skipped;        /* its rows skipped as invalid (--skip-invalid) */
};

struct plot_sample; /* plot.h */

struct sink {
	lr_fit *fit;
	int nx;                  /* predictors per row */
	int weighted;
	int skip_invalid;
	uint64_t rows_read;      /* data rows seen */
	uint64_t rows_skipped;   /* invalid rows skipped (--skip-invalid) */
	char *first_skip;        /* message about the first skipped row */
	char **name;             /* ncols column names, from the first source that has them */
	int ncols;
	double *pred;            /* x rows to predict from seed requests (nx each) */
	size_t npred, predcap;   /* rows */
	double *bx, *by, *bw;    /* rows waiting to go to the fit in one call */
	size_t nbuf;
	lr_spec spec;            /* the model, for the fits of threads */
	/*
	 * A thread's sink records its first error (and first skipped row)
	 * with the line counted from the start of its piece, for the main
	 * thread to report with the line in the whole file.
	 */
	int defer;
	uint64_t err_line, skip_line;
	char *err_what, *skip_what;
	/* -g: rows go to the fit of their group (first-seen order). */
	int ngroup;
	char **gname;            /* ngroup group column names */
	const char **gval;       /* the current row's group values ... */
	size_t *glen;            /* ... and their lengths (set by readers) */
	int gready;              /* gval is the current row's: a skipped row
	                            is counted in its group (cleared per row) */
	struct group *groups;
	size_t ngroups, gcap;
	struct gindex gidx;      /* the index into groups (groups.h) */
	char *keybuf;
	size_t keycap;
	/* Progress on standard error (--progress; auto on a terminal). */
	int progress;            /* 0 off, 1 on a terminal after 1 s, 2 forced */
	int progress_shown;      /* a line is on the terminal, to clear */
	double t0, tlast;        /* start and last report, seconds */
	uint64_t bytes_done;     /* bytes of the sources already read */
	uint64_t progress_size;  /* size of the current source, 0 if unknown */
	/* --fitted, second pass: rows are echoed with their fit, not added. */
	struct fitted *fitted;
	/* --plot, --svg: the rows that go into the fit are offered here too. */
	struct plot_sample *plot;
	/* --every N: call tick(s, tick_ctx) after each N data rows. */
	uint64_t every, next_every;
	int (*tick)(struct sink *s, void *ctx);
	void *tick_ctx;
};

/* Free everything the sink holds (its fit, groups, names, buffers). */
void sink_free(struct sink *s);

/* Rows handed to the core per call (the core folds lines in blocks). */
#define SINK_BATCH 4096

/* The group of the current row (s->gval), made when new; NULL: no memory. */
struct group *sink_group(struct sink *s, const char *const *val,
    const size_t *len);

/*
 * Progress: report bytes (of size, 0 if unknown) and rows so far if it is
 * time to; progress_end finishes the line.
 */
void progress_update(struct sink *s, uint64_t bytes, uint64_t size);
void progress_end(struct sink *s);

/* Set the group column names once (copies). */
int sink_group_names(struct sink *s, const char *const *names);

/* Free the groups. */
void sink_free_groups(struct sink *s);

/* Hand the waiting rows to the fit; call before solving.  Exit status. */
int sink_flush(struct sink *s);

/* Read one source ("-" is standard input) into the sink; returns an exit status. */
int read_source(const char *path, const struct input_opts *o, struct sink *s);

/*
 * The same from fd, already open (and left open), with path naming it
 * in messages and choosing its format by extension as read_source does
 * (--fitted's second pass reads a copy of a pipe as the pipe's name).
 */
int read_source_fd(int fd, const char *path, const struct input_opts *o,
    struct sink *s);

/*
 * Where a row is, for messages: "NAME:LINE", or NAME alone when line is
 * 0 (then NAME says it all, e.g. "data.json: input[3]").  Formatted
 * only when a message is needed: the per-row path prints nothing.
 */

/*
 * Report a data row of valid numbers v[0..ncols-1] (predictors, y,
 * weight).  Returns an exit status (a bad weight is an invalid row).
 */
int sink_row(struct sink *s, const double *v, const char *name,
    uint64_t line);

/*
 * Report a row with an unusable cell: an error (EX_DATAERR, message
 * printed) unless skipping, when it is counted and 0 is returned.
 * what is e.g. "column 'y': cannot read "abc" as a number".  The row
 * must already be counted in rows_read.
 */
int sink_invalid(struct sink *s, const char *name, uint64_t line,
    const char *what);

/* Set the names once, from the first source that has them (copies). */
int sink_names(struct sink *s, const char *const *names);

/*
 * The same, with each name that given lacks (given NULL, or an entry
 * NULL) the default: x (x1, x2, ... with several), y, w.
 */
int sink_names_or_default(struct sink *s, const struct input_opts *o,
    const char *const *given);

/* Add a row of nx predictor values to predict. */
int sink_predict(struct sink *s, const double *x);

/* The default name of column i (x, y, w; x1, x2, ... with several). */
const char *default_name(const struct input_opts *o, int i, char *buf,
    size_t size);

/* Describe a bad cell as `cannot read "abc" as a number (reason)` into buf. */
void describe_cell(char *buf, size_t size, const char *text, size_t len,
    enum num_result why);

/*
 * Read the rows of predictor values of --predict-file into s->pred: a
 * delimited file (-d, --whitespace, or tab for .tsv, else comma) with
 * one row of nx values per line; with a header, the -x names pick the
 * columns, else the first nx columns are used.  Returns an exit status.
 */
int read_predictions(const char *path, const struct input_opts *o,
    struct sink *s);

/* Most predictors a JSON row may have (CSV has no limit but the core's). */
#define JSON_MAXNX 100

/*
 * For the readers of delimited text (input.c, read_parallel.c).
 */
struct csv_reader;
struct csv_record;

/* A column resolved against one file: its 0-based field and its name. */
struct column {
	size_t field;
	char *name;  /* header name, or NULL without a header */
};

/*
 * From the first record: decide whether it is a header, resolve the
 * columns into cols (o->ncols entries) and name them in the sink.
 */
int delimited_header(const struct csv_record *rec, const char *name,
    const struct input_opts *o, struct sink *s, struct column *cols,
    int *is_header);

/* One record as a data row (v: room for o->ncols values). */
int delimited_row(struct sink *s, const char *name,
    const struct csv_record *rec, const struct column *cols, int ncols,
    double *v);

/* Every remaining record of r as a data row. */
int delimited_rows(struct csv_reader *r, const char *name,
    const struct input_opts *o, struct sink *s, const struct column *cols);

/*
 * As delimited_rows, with the caller's v (room for ncols values); with
 * stop_at_quote, stops after reading the first record with a quoted
 * field (without taking it).  *got: csv_next's last result (-1: the
 * reader's error, for csv_failure).
 */
int delimited_stream(struct csv_reader *r, const char *name, struct sink *s,
    const struct column *cols, int ncols, double *v, int stop_at_quote,
    int *got);

/* Report the reader's error; returns the exit status for it. */
int csv_failure(const struct csv_reader *r, const char *name);

/* Free columns made by delimited_header (NULL accepted). */
void free_columns(struct column *cols, int n);

/*
 * --fitted: the second pass writes every data row with fit, residual,
 * std_residual and leverage appended (write_fitted.c).
 */
struct fitted {
	const lr_result *res;
	FILE *out;
	int delim;              /* for delimited rows: the output separator */
	uint64_t rows;          /* data rows written (to compare with the first pass) */
};
int fitted_header(struct sink *s, const struct csv_record *rec);
int fitted_row(struct sink *s, const struct csv_record *rec,
    const struct column *cols, int ncols);
/* A JSON row (an object or an array) with its values v, or invalid. */
int fitted_json(struct sink *s, void *row, const double *v, int valid);

/*
 * read_parallel.c: read the regular file fd (size bytes, delimited text)
 * in o->threads pieces at once, each into its own fit, then merge them
 * into s.  Sets *done to 0, with nothing changed but the names, when
 * the file is not fit for it (a quoted field could span pieces): the
 * caller then reads it from the start.
 */
int read_parallel(int fd, const char *name, int delim, uint64_t size,
    const struct input_opts *o, struct sink *s, int *done);

/* Files smaller than this are read by one thread. */
#define PARALLEL_MIN_BYTES (1 << 20)

/* read_json.c: JSON (fmt FMT_JSON) or NDJSON (FMT_NDJSON, or FMT_AUTO to
 * decide from the content) from fd, after `prefix` bytes already read. */
int read_json(int fd, const char *name, const char *prefix, size_t nprefix,
    enum input_format fmt, const struct input_opts *o, struct sink *s);

#endif
