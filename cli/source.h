/*
 * source.h - what a reader is given, and the one entry that reads a
 * source: open it, choose its format, hand it to its reader.
 *
 * struct input_opts is the reading part of the command line (format,
 * delimiter, header, the columns); every reader gets it with a sink
 * (sink.h) to report rows to.  Only source.c calls the readers
 * (readers.h), and no reader calls source.c: what they share lives in
 * sink.c (with progress.c behind it) and delimited.c, so no file of
 * cli/ is part of a call or include cycle.
 */
#ifndef LINREG_SOURCE_H
#define LINREG_SOURCE_H

#include <stdint.h>

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

struct sink; /* sink.h */

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
 * Read the rows of predictor values of --predict-file into s's rows to
 * predict at: a delimited file (-d, --whitespace, or tab for .tsv,
 * else comma); see predict_read.  Returns an exit status.
 */
int read_predictions(const char *path, const struct input_opts *o,
    struct sink *s);

#endif
