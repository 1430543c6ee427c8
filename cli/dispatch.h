/*
 * dispatch.h - the one entry that reads a source: open it (or take
 * standard input), choose its format, hand it to its reader.
 *
 * Only dispatch.c calls the readers (readers.h), and no reader calls
 * dispatch.c: what they share lives in sink.c (with progress.c behind
 * it) and delimited.c, so no file of cli/ is part of a call or include
 * cycle.
 */
#ifndef LINREG_DISPATCH_H
#define LINREG_DISPATCH_H

#include "source.h"

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
 * --predict-file's rows, one by one, through h (predict.h), after the
 * fit: a delimited file (-d, --whitespace, tab for .tsv, ';' with
 * --decimal-comma, else comma).  An exit status.
 */
struct predict_hooks;
int read_prediction_rows(const char *path, const struct input_opts *o,
    const struct predict_hooks *h);

/*
 * The names in the header of the CSV/TSV file path (for a formula's
 * '.'): *names (n of them, each and the array the caller's to free).
 * An exit status; standard input and JSON are a usage error.
 */
int read_header_names(const char *path, const struct input_opts *o,
    char ***names, int *n);

#endif
