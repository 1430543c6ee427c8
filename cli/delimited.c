/*
 * delimited.c - header, columns and cells of delimited text; see
 * delimited.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "delimited.h"
#include "diag.h"
#include "text.h"

/*
 * Evidence of a header: a cell that is there but is not a number.  An
 * empty cell is a missing value, not a name, so a first data row with a
 * gap is reported as bad data rather than silently taken as a header.
 */
int delimited_is_name(const char *s, size_t len, int point)
{
	double v;
	enum num_result r = num_parse_point(s, len, point, &v);
	return r == NUM_SYNTAX || r == NUM_RANGE;
}

/*
 * How far apart a and b are: the edit distance (insertions, deletions,
 * substitutions of bytes, case ignored), stopping at limit + 1.  Names
 * longer than 64 bytes are not compared (limit + 1).
 */
static size_t name_distance(const char *a, const char *b, size_t lb,
    size_t limit)
{
	size_t la = strlen(a), i, k, row[65];

	if (la > 64 || lb > 64 || (la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (k = 0; k <= lb; k++)
		row[k] = k;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (k = 1; k <= lb; k++) {
			size_t up = row[k], best = diag + (tolower(
			    (unsigned char)a[i - 1]) != tolower(
			    (unsigned char)b[k - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[k - 1] + 1 < best)
				best = row[k - 1] + 1;
			row[k] = best;
			diag = up;
		}
	}
	return row[lb];
}

/*
 * The header's name nearest to name: one equal but for case first,
 * else the nearest by edit distance if it is close (at most a third of
 * the name's length, and 3); -1 for none.
 */
static long nearest_name(const char *name, const csv_record *hdr)
{
	size_t i, best = (size_t)-1, len, limit;
	long at = -1;

	if (!name)
		return -1;
	len = strlen(name);
	limit = len / 3 < 3 ? len / 3 : 3;

	for (i = 0; i < hdr->nfields; i++)
		if (hdr->len[i] == len && !strncasecmp(hdr->field[i], name, len))
			return (long)i;
	for (i = 0; i < hdr->nfields; i++) {
		size_t d = name_distance(name, hdr->field[i], hdr->len[i], limit);
		if (d <= limit && d < best)
			best = d, at = (long)i;
	}
	return at;
}

void delimited_name_hint(char *buf, size_t size, const char *name,
    const csv_record *names, const char *noun)
{
	char list[400], hint[120] = "";
	size_t i, used = 0;
	long near = nearest_name(name, names);

	if (near >= 0)
		snprintf(hint, sizeof hint, " (did you mean '%.80s'?)",
		    names->field[near]);
	list[0] = '\0';
	for (i = 0; i < names->nfields; i++) {
		int n = snprintf(list + used, sizeof list - used, "%s'%.60s'",
		    i ? ", " : "", names->field[i]);
		if (n < 0 || used + (size_t)n >= 300) {
			list[used] = '\0';
			snprintf(list + used, sizeof list - used, ", ... (%zu "
			    "more)", names->nfields - i);
			break;
		}
		used += (size_t)n;
	}
	snprintf(buf, size, "%s; %s: %s", hint, noun, list);
}

int delimited_resolve(const struct colspec *spec, const csv_record *hdr,
    const char *where, struct column *col)
{
	size_t i;
	long idx = spec->name ? spec->index : spec->defindex;

	col->name = NULL;
	if (idx == 0 && hdr) {
		for (i = 0; i < hdr->nfields; i++)
			if (strlen(hdr->field[i]) == hdr->len[i] &&
			    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): idx is 0 only for a name (a default's index is 1 or more) */
			    strcmp(hdr->field[i], spec->name) == 0)
				break;
		if (i == hdr->nfields) {
			char hint[600];
			delimited_name_hint(hint, sizeof hint, spec->name, hdr,
			    "columns");
			msg("%s: no column named '%s' in the header%s", where,
			    spec->name, hint);
			return EX_DATAERR;
		}
		col->field = i;
	} else if (idx == 0) {
		msg("%s: column '%s' is given by name, but the input has no "
		    "header row", where, spec->name);
		return EX_DATAERR;
	} else {
		col->field = (size_t)idx - 1;
	}
	if (hdr && col->field < hdr->nfields) {
		col->name = strdup(hdr->field[col->field]);
		if (!col->name) {
			return oom();
		}
	}
	return EX_OK;
}

/* What column i of the row is for, in messages. */
static const char *role(const struct input_opts *o, int i)
{
	return i < o->nx ? "a predictor" : i == o->nx ? "the response" :
	    i < o->ncols ? "the weight" : "a group";
}

void delimited_colname(char *buf, size_t size, const struct column *c)
{
	if (c->name)
		snprintf(buf, size, "column '%.60s'", c->name);
	else
		snprintf(buf, size, "column %zu", c->field + 1);
}

/*
 * `cannot read "abc" as a number (reason)`, with the text cut to a
 * readable length and control bytes, bytes that are not UTF-8, double
 * quotes and backslashes shown as \xNN (text_escape), so a NUL or a
 * stray escape sequence cannot garble the terminal.
 */
void describe_cell(char *buf, size_t size, const char *text, size_t len,
    enum num_result why)
{
	char shown[100];

	if (why == NUM_EMPTY) {
		snprintf(buf, size, "missing value");
		return;
	}
	if (text_escape(shown, sizeof shown - 3, text, len, 1) < len)
		strcat(shown, "...");
	if (why == NUM_SYNTAX)
		snprintf(buf, size, "cannot read \"%s\" as a number", shown);
	else
		snprintf(buf, size, "cannot read \"%s\" as a number (%s)",
		    shown, num_reason(why));
}

/*
 * Why cell i of rec cannot be read (r), into what.  Apart from
 * delimited_values so that the per-row loop keeps no message buffers
 * (and no stack-protector canary) on its frame.
 */
static void why_invalid(const csv_record *rec, const struct column *c,
    enum num_result r, char *what, size_t size)
{
	char cn[80], cell[200];

	delimited_colname(cn, sizeof cn, c);
	if (c->field >= rec->nfields) {
		snprintf(what, size, "%s: missing (the row has %zu field%s)",
		    cn, rec->nfields, rec->nfields == 1 ? "" : "s");
	} else {
		describe_cell(cell, sizeof cell, rec->field[c->field],
		    rec->len[c->field], r);
		snprintf(what, size, "%s: %s", cn, cell);
	}
}

int delimited_values(const csv_record *rec, const struct column *cols,
    int ncols, double *v, char *what, size_t size)
{
	int i;

	for (i = 0; i < ncols; i++) {
		const struct column *c = &cols[i];
		enum num_result r = NUM_EMPTY;

		if (c->field < rec->nfields) {
			r = num_parse_point(rec->field[c->field],
			    rec->len[c->field], c->point, &v[i]);
			if (r == NUM_OK)
				continue;
		}
		/* The message, only now that there is one to give. */
		if (what && size)
			why_invalid(rec, c, r, what, size);
		return 0;
	}
	return 1;
}

/* Names in -x/-y imply a header; else a name where a column is says so. */
static int detect_header(const csv_record *rec, const struct input_opts *o)
{
	int header = o->header, i;

	for (i = 0; i < o->ncols && header < 0; i++)
		if (o->col[i].name && !o->col[i].index)
			header = 1;
	if (header < 0) {
		header = 0;
		for (i = 0; i < o->ncols; i++) {
			size_t fi = (size_t)(o->col[i].name ? o->col[i].index :
			    o->col[i].defindex) - 1;
			if (fi < rec->nfields && delimited_is_name(rec->field[fi],
			    rec->len[fi], o->decimal_comma ? ',' : 0))
				header = 1;
		}
	}
	return header;
}

/*
 * Two roles that may share a field: the weight with a predictor or the
 * response (R's lm(dist ~ speed, weights = speed) is legal).  A
 * predictor twice, or a predictor that is the response, stays an error
 * (R drops y from y ~ y with a warning; a fit of y on itself is never
 * what was meant).
 */
static int may_share(const struct input_opts *o, int a, int b)
{
	int w = o->weighted ? o->nx + 1 : -1;
	return (a == w || b == w) && a < o->ncols && b < o->ncols;
}

/* Field f as column c, with its header name (header: rec). */
static int set_field(struct column *c, const csv_record *rec, int header,
    size_t f)
{
	free(c->name);
	c->name = NULL;
	c->field = f;
	if (header && f < rec->nfields && !(c->name = strdup(rec->field[f])))
		return oom();
	return EX_OK;
}

/* Say a note once, not again for the next source or pass that has it. */
static void note_once(const char *text)
{
	static char last[400];

	if (strcmp(last, text) != 0) {
		snprintf(last, sizeof last, "%s", text);
		msg("%s", text);
	}
}

/*
 * The columns the user left to the defaults, now that the record's
 * width is known.  -x NAME without -y: the response is the other
 * column of two; of more, which one is not guessed (a usage error).
 * -y without -x: the predictor is the first field no other column
 * takes, and with more than two fields a note says which.
 */
static int fill_defaults(const csv_record *rec, const char *where,
    const struct input_opts *o, struct column *cols, int header)
{
	int ydef = !o->col[o->nx].name, xdef = o->nx == 1 && !o->col[0].name;
	int i, taken;
	size_t f;
	char cn[80], text[400];

	if (ydef && !xdef && header && !o->col[0].index) {
		if (rec->nfields == 2)
			return set_field(&cols[o->nx], rec, header,
			    1 - cols[0].field);
		if (rec->nfields > 2) {
			msg("%s: -x %s without -y: the input has %zu columns; name "
			    "the response with -y (or give a formula: linreg "
			    "'y ~ %s' FILE)", where, o->col[0].name, rec->nfields,
			    o->col[0].name);
			return EX_USAGE;
		}
	}
	if (!xdef || ydef)
		return EX_OK;
	for (f = 0; f < rec->nfields; f++) {
		for (taken = 0, i = 1; i < o->ncols + o->ngroup; i++)
			taken |= cols[i].field == f;
		if (!taken)
			break;
	}
	if (f == rec->nfields)
		return EX_OK; /* no free field: "selected twice" says so */
	if (f != cols[0].field && set_field(&cols[0], rec, header, f))
		return EX_OSERR;
	if (rec->nfields > 2) {
		delimited_colname(cn, sizeof cn, &cols[0]);
		snprintf(text, sizeof text, "note: -y %.60s without -x: the "
		    "predictor is %s, the first other column (name it with -x)",
		    o->col[o->nx].name, cn);
		note_once(text);
	}
	return EX_OK;
}

int delimited_header(const csv_record *rec, const char *name,
    const struct input_opts *o, struct column *cols, int *is_header)
{
	int header = detect_header(rec, o), i, status = EX_OK;
	char where[300];

	snprintf(where, sizeof where, "%s:%llu", name,
	    (unsigned long long)rec->line);
	for (i = 0; i < o->ncols && !status; i++)
		status = delimited_resolve(&o->col[i], header ? rec : NULL,
		    where, &cols[i]);
	for (i = 0; i < o->ngroup && !status; i++)
		status = delimited_resolve(&o->gcol[i], header ? rec : NULL,
		    where, &cols[o->ncols + i]);
	if (!status)
		status = fill_defaults(rec, where, o, cols, header);
	for (i = 0; i < o->ncols + o->ngroup; i++)
		cols[i].point = o->decimal_comma ? ',' : 0;
	for (i = 0; i < o->ncols + o->ngroup && !status; i++) {
		int k;
		for (k = 0; k < i; k++)
			if (cols[k].field == cols[i].field &&
			    !may_share(o, k, i)) {
				char cn[80];
				delimited_colname(cn, sizeof cn, &cols[i]);
				msg("%s: %s is selected twice (as %s and as %s): "
				    "name the columns with -x and -y", where, cn,
				    role(o, k), role(o, i));
				status = EX_USAGE;
				break;
			}
	}
	*is_header = header;
	return status;
}

void delimited_names(const struct input_opts *o, const struct column *cols,
    const char **names, const char **gnames, char (*gbuf)[16])
{
	int i;

	for (i = 0; i < o->ncols; i++)
		names[i] = cols[i].name;
	for (i = 0; i < o->ngroup; i++) {
		snprintf(gbuf[i], sizeof gbuf[i], "g%d", i + 1);
		gnames[i] = cols[o->ncols + i].name ? cols[o->ncols + i].name :
		    gbuf[i];
	}
}

int csv_failure(const csv_reader *r, const char *name)
{
	if (csv_errno(r)) {
		msg("%s: %s", name, strerror(csv_errno(r)));
		return csv_errno(r) == ENOMEM ? EX_OSERR : EX_NOINPUT;
	}
	msg("%s:%llu: %s", name, (unsigned long long)csv_error_line(r),
	    csv_error(r));
	return EX_DATAERR;
}

void free_columns(struct column *cols, int n)
{
	int i;
	if (!cols)
		return;
	for (i = 0; i < n; i++)
		free(cols[i].name);
	free(cols);
}
