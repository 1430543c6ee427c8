/*
 * predict.c - the rows to predict at, and --predict-file's rows; see
 * predict.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delimited.h"
#include "diag.h"
#include "number.h"
#include "predict.h"

int predict_add(struct predictions *p, int nx, const double *x)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;
		double *nb = realloc(p->x, cap * (size_t)nx * sizeof *nb);
		if (!nb) {
			return oom();
		}
		p->x = nb;
		p->cap = cap;
	}
	memcpy(p->x + p->n * (size_t)nx, x, (size_t)nx * sizeof *x);
	p->n++;
	return EX_OK;
}

void predict_free(struct predictions *p)
{
	free(p->x);
	p->x = NULL;
	p->n = p->cap = 0;
}

/* The first record: a header or not; the columns into cols. */
static int predict_columns(const csv_record *rec, const char *where,
    const struct input_opts *o, struct column *cols, int *header)
{
	int i, status;

	*header = 0;
	for (i = 0; i < o->nx && (size_t)i < rec->nfields; i++)
		if (delimited_is_name(rec->field[i], rec->len[i],
		    o->decimal_comma ? ',' : 0))
			*header = 1;
	for (i = 0; i < o->nx; i++) {
		struct colspec spec = o->col[i];
		if (!*header || !spec.name) {
			/* Positionally: the i-th column. */
			spec.name = "";
			spec.index = i + 1;
		}
		status = delimited_resolve(&spec, *header ? rec : NULL, where,
		    &cols[i]);
		if (status)
			return status;
		cols[i].point = o->decimal_comma ? ',' : 0;
	}
	return EX_OK;
}

/* One data record's values into x; an exit status (the cell said). */
static int predict_values(const csv_record *rec, const char *where,
    const struct column *cols, int nx, double *x)
{
	int i;

	for (i = 0; i < nx; i++) {
		enum num_result nr = NUM_EMPTY;
		char cn[80], cell[200];
		if (cols[i].field < rec->nfields)
			nr = num_parse_point(rec->field[cols[i].field],
			    rec->len[cols[i].field], cols[i].point, &x[i]);
		if (nr != NUM_OK) {
			delimited_colname(cn, sizeof cn, &cols[i]);
			describe_cell(cell, sizeof cell,
			    cols[i].field < rec->nfields ?
			    rec->field[cols[i].field] : "",
			    cols[i].field < rec->nfields ?
			    rec->len[cols[i].field] : 0, nr);
			msg("%s: %s: %s", where, cn, cell);
			return EX_DATAERR;
		}
	}
	return EX_OK;
}

int predict_rows(csv_reader *r, const char *name, const struct input_opts *o,
    const struct predict_hooks *h)
{
	struct column *cols = calloc((size_t)o->nx, sizeof *cols);
	struct cell *c = calloc((size_t)o->nx, sizeof *c);
	int status = EX_OK, got, first = 1, i;
	csv_record rec;

	if (!cols || !c) {
		status = oom();
		goto end;
	}
	while ((got = csv_next(r, &rec)) == 1) {
		char where[300];
		snprintf(where, sizeof where, "%s:%llu", name,
		    (unsigned long long)rec.line);
		if (first) {
			int header;
			first = 0;
			if ((status = predict_columns(&rec, where, o, cols,
			    &header)))
				goto end;
			if (header) {
				if ((status = h->header(h->ctx, &rec, csv_delim(r))))
					goto end;
				continue;
			}
		}
		for (i = 0; i < o->nx; i++) {
			size_t f = cols[i].field;
			c[i].kind = f < rec.nfields ? CELL_TEXT : CELL_ABSENT;
			c[i].p = f < rec.nfields ? rec.field[f] : "";
			c[i].len = f < rec.nfields ? rec.len[f] : 0;
			c[i].num = 0;
		}
		status = h->row(h->ctx, &rec, csv_delim(r), c, where);
		if (status < 0) {
			double x;
			/* as predict_values says it, from the cell again */
			i = -status - 1;
			status = predict_values(&rec, where, &cols[i], 1, &x);
			if (!status) {
				msg("%s: a value the fit does not know", where);
				status = EX_DATAERR;
			}
		}
		if (status)
			goto end;
	}
	if (got < 0) {
		msg("%s:%llu: %s", name, (unsigned long long)csv_error_line(r),
		    csv_errno(r) ? strerror(csv_errno(r)) : csv_error(r));
		status = csv_errno(r) ? EX_NOINPUT : EX_DATAERR;
	}
end:
	free_columns(cols, o->nx);
	free(c);
	return status;
}

/* predict_read's hooks: no header to keep; a row's numbers to the rows. */
struct read_ctx {
	struct predictions *p;
	int nx, point;
	double *x;
};

static int read_header(void *ctx, const csv_record *rec, int delim)
{
	(void)ctx;
	(void)rec;
	(void)delim;
	return EX_OK;
}

static int read_row(void *ctx, const csv_record *rec, int delim,
    const struct cell *c, const char *where)
{
	struct read_ctx *rc = ctx;
	int i;
	(void)rec;
	(void)delim;
	(void)where;
	for (i = 0; i < rc->nx; i++)
		if (c[i].kind == CELL_ABSENT || num_parse_point(c[i].p, c[i].len,
		    rc->point, &rc->x[i]) != NUM_OK)
			return -(i + 1); /* said by predict_rows */
	return predict_add(rc->p, rc->nx, rc->x);
}

int predict_read(csv_reader *r, const char *name, const struct input_opts *o,
    struct predictions *p)
{
	struct read_ctx rc;
	struct predict_hooks h;
	int status;

	rc.p = p;
	rc.nx = o->nx;
	rc.point = o->decimal_comma ? ',' : 0;
	if (!(rc.x = calloc((size_t)o->nx, sizeof *rc.x)))
		return oom();
	h.header = read_header;
	h.row = read_row;
	h.ctx = &rc;
	status = predict_rows(r, name, o, &h);
	free(rc.x);
	return status;
}
