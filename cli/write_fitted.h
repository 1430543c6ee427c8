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

/*
 * --predict-file: every row of the file again with fit, se_fit,
 * conf_low, conf_high, pred_low and pred_high appended (empty where a
 * value is missing), delimited as the file is, or as JSON Lines objects
 * keyed by the header's names (json).  The hooks of struct
 * predict_hooks (predict.h), ctx a struct predicted; a row with a cell
 * that is no number returns -(i + 1), i the cell, for the reader to say.
 */
struct model;
struct cell;
struct predicted {
	const lr_result *res;
	const struct model *m;  /* a formula's wide model, or NULL */
	FILE *out;
	int nx;                 /* predictor columns of the file */
	int point;              /* the decimal point of its numbers (0: '.') */
	int json;
	char **names;           /* the header's names (JSON keys), nnames */
	size_t nnames;
};
int predicted_header(void *ctx, const struct csv_record *rec, int delim);
int predicted_row(void *ctx, const struct csv_record *rec, int delim,
    const struct cell *c, const char *where);
void predicted_free(struct predicted *p);

#endif
