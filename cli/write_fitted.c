/*
 * write_fitted.c - --fitted: every data row again, with its fitted value,
 * residual, standardized residual and leverage appended (R's fitted,
 * resid, rstandard and hatvalues).  Delimited rows come out delimited,
 * with the same separator; JSON rows as JSON Lines.  A row whose values
 * are not usable gets empty fields (null in JSON).
 *
 * It is given a struct fitted, not the sink: main() installs these
 * functions as the sink's echo hooks (sink.h), so no reader calls a
 * writer.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "number.h"
#include "read_csv.h"
#include "write.h"
#include "write_fitted.h"

/* fit, residual, standardized residual, leverage of a row (NaN if undefined). */
static void diagnostics(const struct fitted *f, const double *v, double out[4])
{
	const lr_stats *st = lr_result_stats(f->res);
	lr_prediction pr;
	double w = f->weighted ? v[f->nx + 1] : 1, h;

	out[0] = out[1] = out[2] = out[3] = NAN;
	if (lr_predict(f->res, v, &pr) != LR_OK)
		return;
	h = w * pr.leverage;
	out[0] = pr.fit;
	out[1] = v[f->nx] - pr.fit;
	out[2] = st->sigma > 0 && h < 1 ? out[1] * sqrt(w) /
	    (st->sigma * sqrt(1 - h)) : NAN;
	out[3] = h;
}

/* The output separator for the reader's delimiter. */
static int separator(int delim)
{
	return delim == CSV_WHITESPACE ? ' ' : delim;
}

int fitted_header(void *ctx, const csv_record *rec, int delim)
{
	const struct fitted *f = ctx;
	FILE *out = f->out;
	int sep = separator(delim);
	size_t i;
	for (i = 0; i < rec->nfields; i++) {
		if (i)
			putc(sep, out);
		csv_field(out, sep, rec->field[i], rec->len[i], "");
	}
	fprintf(out, "%cfit%cresidual%cstd_residual%cleverage\n", sep, sep, sep,
	    sep);
	return ferror(out) ? EX_IOERR : EX_OK;
}

int fitted_row(void *ctx, const csv_record *rec, int delim, const double *v,
    int valid)
{
	const struct fitted *f = ctx;
	FILE *out = f->out;
	int sep = separator(delim), i;
	double d[4];
	char buf[NUM_BUFSIZE];
	size_t k;

	for (k = 0; k < rec->nfields; k++) {
		if (k)
			putc(sep, out);
		csv_field(out, sep, rec->field[k], rec->len[k], "");
	}
	if (valid && f->weighted && !(v[f->nx + 1] > 0))
		valid = 0;
	if (valid)
		diagnostics(f, v, d);
	else
		d[0] = d[1] = d[2] = d[3] = NAN;
	for (i = 0; i < 4; i++) {
		putc(sep, out);
		if (isfinite(d[i]))
			fputs(num_format(buf, d[i], 0), out);
	}
	putc('\n', out);
	return ferror(out) ? EX_IOERR : EX_OK;
}

int fitted_json(void *ctx, const void *rowp, const double *v, int valid)
{
	static const char *const key[4] = {"fit", "residual", "std_residual",
	    "leverage"};
	const struct fitted *f = ctx;
	const cJSON *row = rowp;
	cJSON *copy = cJSON_Duplicate(row, 1);
	double d[4] = {NAN, NAN, NAN, NAN};
	char *text;
	int i;

	if (!copy)
		return EX_OSERR;
	if (valid)
		diagnostics(f, v, d);
	for (i = 0; i < 4; i++) {
		cJSON *item = isfinite(d[i]) ? cJSON_CreateNumber(d[i]) :
		    cJSON_CreateNull();
		if (!item) {
			cJSON_Delete(copy);
			return EX_OSERR;
		}
		if (cJSON_IsObject(copy))
			cJSON_AddItemToObject(copy, key[i], item);
		else if (cJSON_IsArray(copy))
			cJSON_AddItemToArray(copy, item);
		else
			cJSON_Delete(item);
	}
	text = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	if (!text)
		return EX_OSERR;
	fputs(text, f->out);
	putc('\n', f->out);
	cJSON_free(text);
	return ferror(f->out) ? EX_IOERR : EX_OK;
}
