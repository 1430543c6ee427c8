/*
 * write_fitted.c - --fitted: every data row again, with its fitted value,
 * residual, standardized residual and leverage appended (R's fitted,
 * resid, rstandard and hatvalues).  Delimited rows come out delimited,
 * with the same separator; JSON rows as JSON Lines.  A row whose values
 * are not usable gets empty fields (null in JSON).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "number.h"
#include "read_csv.h"
#include "write.h"

/* fit, residual, standardized residual, leverage of a row (NaN if undefined). */
static void diagnostics(const struct sink *s, const double *v, double out[4])
{
	const lr_stats *st = lr_result_stats(s->fitted->res);
	lr_prediction pr;
	double w = s->weighted ? v[s->nx + 1] : 1, h;

	out[0] = out[1] = out[2] = out[3] = NAN;
	if (lr_predict(s->fitted->res, v, &pr) != LR_OK)
		return;
	h = w * pr.leverage;
	out[0] = pr.fit;
	out[1] = v[s->nx] - pr.fit;
	out[2] = st->sigma > 0 && h < 1 ? out[1] * sqrt(w) /
	    (st->sigma * sqrt(1 - h)) : NAN;
	out[3] = h;
}

int fitted_header(struct sink *s, const csv_record *rec)
{
	FILE *out = s->fitted->out;
	int sep = s->fitted->delim;
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

int fitted_row(struct sink *s, const csv_record *rec,
    const struct column *cols, int ncols)
{
	FILE *out = s->fitted->out;
	int sep = s->fitted->delim, valid = 1, i;
	double *v = malloc((size_t)ncols * sizeof *v), d[4];
	char buf[NUM_BUFSIZE];
	size_t k;

	if (!v)
		return EX_OSERR;
	s->fitted->rows++;
	for (k = 0; k < rec->nfields; k++) {
		if (k)
			putc(sep, out);
		csv_field(out, sep, rec->field[k], rec->len[k], "");
	}
	for (i = 0; i < ncols && valid; i++)
		if (cols[i].field >= rec->nfields || num_parse(
		    rec->field[cols[i].field], rec->len[cols[i].field],
		    &v[i]) != NUM_OK)
			valid = 0;
	if (valid && s->weighted && !(v[s->nx + 1] > 0))
		valid = 0;
	if (valid)
		diagnostics(s, v, d);
	else
		d[0] = d[1] = d[2] = d[3] = NAN;
	free(v);
	for (i = 0; i < 4; i++) {
		putc(sep, out);
		if (isfinite(d[i]))
			fputs(num_format(buf, d[i], 0), out);
	}
	putc('\n', out);
	return ferror(out) ? EX_IOERR : EX_OK;
}

int fitted_json(struct sink *s, void *rowp, const double *v, int valid)
{
	static const char *const key[4] = {"fit", "residual", "std_residual",
	    "leverage"};
	cJSON *row = rowp, *copy = cJSON_Duplicate(row, 1);
	double d[4] = {NAN, NAN, NAN, NAN};
	char *text;
	int i;

	if (!copy)
		return EX_OSERR;
	s->fitted->rows++;
	if (valid)
		diagnostics(s, v, d);
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
	fputs(text, s->fitted->out);
	putc('\n', s->fitted->out);
	cJSON_free(text);
	return ferror(s->fitted->out) ? EX_IOERR : EX_OK;
}
