/*
 * write_fitted.h - --fitted: every data row again, with its fitted
 * value, residual, standardized residual and leverage appended.
 *
 * The writer has its own state (struct fitted: the result, the output,
 * the model's shape) and is reached on the second pass through the
 * hooks of struct sink_echo (sink.h), which main() fills with these
 * functions: the readers never call it, and it never sees the sink.
 */
#ifndef LINREG_WRITE_FITTED_H
#define LINREG_WRITE_FITTED_H

#include <stdio.h>

#include "linreg.h"

struct csv_record; /* read_csv.h */

struct fitted {
	const lr_result *res;
	FILE *out;
	int nx;                 /* predictors per row */
	int weighted;           /* the last column is a weight */
};

/*
 * The hooks of struct sink_echo, ctx a struct fitted: a delimited
 * header, a delimited record, a JSON row (a cJSON object or array),
 * each with the row's values v when valid.  delim is the reader's
 * delimiter, written back as it is (a blank for CSV_WHITESPACE).
 * Each returns an exit status.
 */
int fitted_header(void *ctx, const struct csv_record *rec, int delim);
int fitted_row(void *ctx, const struct csv_record *rec, int delim,
    const double *v, int valid);
int fitted_json(void *ctx, const void *row, const double *v, int valid);

#endif
