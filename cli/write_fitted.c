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
 *
 * A delimited row is assembled in a line buffer (struct line) and goes
 * out in one fwrite: per field, putc and fputs cost a stdio lock and a
 * call each, 12% of --fitted's time once num_format stopped being 90%
 * of it (perf, xy1m.csv: 10^6 rows of x,y).  The bytes are those the
 * per-field writes gave: the same quoting as csv_field (write_csv.c),
 * the same num_format.
 */
#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delimited.h"
#include "diag.h"
#include "model.h"
#include "number.h"
#include "read_csv.h"
#include "source.h"
#include "text.h"
#include "write.h"
#include "write_fitted.h"

/* ------------------------------------------------------------------ */
/* A row's bytes, assembled before they are written                    */
/* ------------------------------------------------------------------ */

/*
 * A line on the stack: filled, written with one fwrite when full and
 * at the end.  A row longer than the buffer goes out in pieces (the
 * same bytes); most rows take one fwrite.
 */
struct line {
	FILE *out;
	size_t n;
	char b[4096];
};

static void line_flush(struct line *l)
{
	if (l->n)
		fwrite(l->b, 1, l->n, l->out);
	l->n = 0;
}

static void line_put(struct line *l, const char *p, size_t len)
{
	if (len > sizeof l->b - l->n) {
		line_flush(l);
		if (len > sizeof l->b) {
			fwrite(p, 1, len, l->out);
			return;
		}
	}
	memcpy(l->b + l->n, p, len);
	l->n += len;
}

static void line_putc(struct line *l, char c)
{
	if (l->n == sizeof l->b)
		line_flush(l);
	l->b[l->n++] = c;
}

/*
 * One delimited field, as csv_field(out, sep, v, len, "") writes it:
 * quoted, with quotes doubled, when it holds sep, a quote or a line
 * end; else as it is.
 */
static void line_field(struct line *l, int sep, const char *v, size_t len)
{
	size_t i, from;

	for (i = 0; i < len; i++)
		if (v[i] == sep || v[i] == '"' || v[i] == '\n' || v[i] == '\r')
			break;
	if (i == len) {
		line_put(l, v, len);
		return;
	}
	line_putc(l, '"');
	for (i = from = 0; i < len; i++)
		if (v[i] == '"') {
			line_put(l, v + from, i + 1 - from);
			from = i; /* the quote again: doubled */
		}
	line_put(l, v + from, len - from);
	line_putc(l, '"');
}

/* The record's fields, sep between them. */
static void line_record(struct line *l, int sep, const csv_record *rec)
{
	size_t k;
	for (k = 0; k < rec->nfields; k++) {
		if (k)
			line_putc(l, (char)sep);
		line_field(l, sep, rec->field[k], rec->len[k]);
	}
}

/* sep, then v as num_format(v, 0) writes it, nothing if not finite. */
static void line_number(struct line *l, int sep, double v)
{
	if (sizeof l->b - l->n < NUM_BUFSIZE + 1)
		line_flush(l);
	l->b[l->n++] = (char)sep;
	if (isfinite(v))
		l->n += num_format_len(l->b + l->n, v, 0);
}

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
	struct line l;
	int sep = separator(delim), i;
	double d[4];

	l.out = f->out;
	l.n = 0;
	line_record(&l, sep, rec);
	if (valid && f->weighted && !(v[f->nx + 1] > 0))
		valid = 0;
	if (valid)
		diagnostics(f, v, d);
	else
		d[0] = d[1] = d[2] = d[3] = NAN;
	for (i = 0; i < 4; i++)
		line_number(&l, sep, d[i]);
	line_putc(&l, '\n');
	line_flush(&l);
	return ferror(f->out) ? EX_IOERR : EX_OK;
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

/* ------------------------------------------------------------------ */
/* --predict-file                                                      */
/* ------------------------------------------------------------------ */

static const char *const pred_key[6] = {"fit", "se_fit", "conf_low",
    "conf_high", "pred_low", "pred_high"};

int predicted_header(void *ctx, const csv_record *rec, int delim)
{
	struct predicted *p = ctx;
	int sep = separator(delim), i;
	size_t k;

	if (p->json) {
		p->names = calloc(rec->nfields + 1, sizeof *p->names);
		if (!p->names)
			return EX_OSERR;
		for (k = 0; k < rec->nfields; k++)
			if (!(p->names[k] = strndup(rec->field[k], rec->len[k])))
				return EX_OSERR;
		p->nnames = rec->nfields;
		return EX_OK;
	}
	for (k = 0; k < rec->nfields; k++) {
		if (k)
			putc(sep, p->out);
		csv_field(p->out, sep, rec->field[k], rec->len[k], "");
	}
	for (i = 0; i < 6; i++)
		fprintf(p->out, "%c%s", sep, pred_key[i]);
	putc('\n', p->out);
	return ferror(p->out) ? EX_IOERR : EX_OK;
}

void predicted_free(struct predicted *p)
{
	size_t k;
	for (k = 0; k < p->nnames; k++)
		free(p->names[k]);
	free(p->names);
	p->names = NULL;
	p->nnames = 0;
}

/*
 * The predictor values of a row: 1 with x filled, 0 when one is
 * missing, -(i + 1) when cell i is no number.
 */
static int predicted_x(const struct predicted *p, const struct cell *c,
    double *x)
{
	int i;
	if (p->m)
		return model_known_x(p->m, c, x);
	for (i = 0; i < p->nx; i++) {
		enum num_result r = c[i].kind == CELL_ABSENT ? NUM_SYNTAX :
		    num_parse_point(c[i].p, c[i].len, p->point, &x[i]);
		if (r == NUM_EMPTY || (c[i].len == 2 && !memcmp(c[i].p, "NA", 2)))
			return 0;
		if (r != NUM_OK)
			return -(i + 1);
	}
	return 1;
}

/* One row as a JSON object: the header's names (or 1, 2, ...) as keys. */
static int predicted_json(const struct predicted *p, const csv_record *rec,
    const double *d)
{
	cJSON *o = cJSON_CreateObject();
	char key[32], *text;
	size_t k;
	int i;

	if (!o)
		return EX_OSERR;
	for (k = 0; k < rec->nfields; k++) {
		char *v = strndup(rec->field[k], rec->len[k]);
		double num;
		cJSON *item;
		if (!v) {
			cJSON_Delete(o);
			return EX_OSERR;
		}
		item = num_parse(v, strlen(v), &num) == NUM_OK ?
		    cJSON_CreateNumber(num) : cJSON_CreateString(v);
		free(v);
		snprintf(key, sizeof key, "%zu", k + 1);
		if (!item) {
			cJSON_Delete(o);
			return EX_OSERR;
		}
		cJSON_AddItemToObject(o, k < p->nnames ? p->names[k] : key, item);
	}
	for (i = 0; i < 6; i++)
		cJSON_AddItemToObject(o, pred_key[i], isfinite(d[i]) ?
		    cJSON_CreateNumber(d[i]) : cJSON_CreateNull());
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!text)
		return EX_OSERR;
	fputs(text, p->out);
	putc('\n', p->out);
	cJSON_free(text);
	return ferror(p->out) ? EX_IOERR : EX_OK;
}

int predicted_row(void *ctx, const csv_record *rec, int delim,
    const struct cell *c, const char *where)
{
	struct predicted *p = ctx;
	int sep = separator(delim), i, ok;
	double d[6] = {NAN, NAN, NAN, NAN, NAN, NAN}, *x;
	struct line l;
	lr_prediction pr;

	x = calloc((size_t)lr_result_stats(p->res)->ncoef + (size_t)p->nx + 1,
	    sizeof *x);
	if (!x)
		return EX_OSERR;
	ok = predicted_x(p, c, x);
	if (ok == INT_MIN) {
		free(x);
		return EX_OSERR;
	}
	if (ok < 0 && p->m) {
		/* a level or value the fit does not know, said here */
		const struct cell *e = &c[-ok - 1];
		char cell[200];
		text_escape(cell, sizeof cell, e->p, e->len, 1);
		msg("%s: column '%s': \"%s\" is not a value the fit knows (a "
		    "level it has not seen, or text among numbers)", where,
		    model_src_name(p->m, -ok - 1), cell);
		free(x);
		return EX_DATAERR;
	}
	if (ok == 1 && lr_predict(p->res, x, &pr) == LR_OK) {
		d[0] = pr.fit;
		d[1] = pr.se_fit;
		d[2] = pr.conf_low;
		d[3] = pr.conf_high;
		d[4] = pr.pred_low;
		d[5] = pr.pred_high;
	}
	free(x);
	if (ok < 0)
		return ok; /* the reader says which cell */
	if (p->json)
		return predicted_json(p, rec, d);
	l.out = p->out;
	l.n = 0;
	line_record(&l, sep, rec);
	for (i = 0; i < 6; i++)
		line_number(&l, sep, d[i]);
	line_putc(&l, '\n');
	line_flush(&l);
	return ferror(p->out) ? EX_IOERR : EX_OK;
}
