/*
 * predict.h - the rows of predictor values to predict at (--predict,
 * --predict-file, a request's "predict"): their storage, and the reader
 * of --predict-file's delimited rows.
 *
 * Cut from the sink so that the rows to predict at are kept by one
 * small type that only grows (predict_add) and is read once solved, and
 * so that --predict-file, which has its own rules (a header only if the
 * first row has names, else the first nx columns), reads apart from the
 * data.  Parsing --predict's argument strings is the options' job.
 */
#ifndef LINREG_PREDICT_H
#define LINREG_PREDICT_H

#include <stddef.h>

#include "read_csv.h"
#include "source.h"

struct predictions {
	double *x;               /* n rows of nx values */
	size_t n, cap;           /* rows */
};

/* Add a row of nx values; an exit status (EX_OSERR said when out of memory). */
int predict_add(struct predictions *p, int nx, const double *x);

/* Free the rows (the struct is then empty). */
void predict_free(struct predictions *p);

/*
 * Read the rows of r (a file of predictor values called name) into p
 * (through predict_rows): one row of o->nx values per line; with
 * a header (a first row with a name), the -x names pick the columns,
 * else the first nx columns are used.  Returns an exit status.
 */
int predict_read(csv_reader *r, const char *name, const struct input_opts *o,
    struct predictions *p);

/*
 * --predict-file's rows one by one, for the report to write each with
 * its prediction: header(ctx, rec, delim) once when the file has a
 * header, then row(ctx, rec, delim, c, where) for each data record with
 * the cells c[0..o->nx-1] of the model's predictor columns (by the
 * header's names, else the first nx fields).  Each hook returns an exit
 * status, or row -(i + 1) when cell i is no number (said here).
 */
struct predict_hooks {
	int (*header)(void *ctx, const csv_record *rec, int delim);
	int (*row)(void *ctx, const csv_record *rec, int delim,
	    const struct cell *c, const char *where);
	void *ctx;
};

/* Every record of r through h: predict_read's columns, the rows given on. */
int predict_rows(csv_reader *r, const char *name, const struct input_opts *o,
    const struct predict_hooks *h);

#endif
