/*
 * read_json.c - JSON and NDJSON input, parsed with cJSON.
 *
 * Accepted shapes (see linreg(1)):
 *   [[x, y], ...]                 pairs (-x/-y are 1-based indices)
 *   [{"x": .., "y": ..}, ...]     objects (-x/-y name the keys)
 *   {"x": [...], "y": [...]}      columns
 *   {"input": [{..}, ...], "predict": [...]}   the edge worker's request
 *   one pair or object per line   NDJSON / JSON Lines
 * A top-level array is parsed one element at a time, which gives each
 * element its line number for messages.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

/*
 * Columns of one JSON row (predictors, y, weight) handled on the stack;
 * read_json() refuses more predictors than JSON_MAXNX.
 */
#define JSON_MAXCOLS (JSON_MAXNX + 2)

struct jreader {
	const char *name;
	const char *buf;
	size_t len;
	size_t pos_off;   /* line-counting cursor: offset ... */
	uint64_t pos_line; /* ... and the line it is on */
	const struct input_opts *o;
	struct sink *s;
};

/* The line of byte offset off (offsets asked for never decrease much). */
static uint64_t line_of(struct jreader *j, size_t off)
{
	if (off < j->pos_off) {
		j->pos_off = 0;
		j->pos_line = 1;
	}
	for (; j->pos_off < off; j->pos_off++)
		if (j->buf[j->pos_off] == '\n')
			j->pos_line++;
	return j->pos_line;
}

static int malformed(struct jreader *j, size_t off)
{
	size_t col = 1, i = off;
	uint64_t line = line_of(j, off);
	while (i > 0 && j->buf[i - 1] != '\n')
		i--, col++;
	if (off >= j->len)
		msg("%s:%llu: malformed JSON: unexpected end of input", j->name,
		    (unsigned long long)line);
	else
		msg("%s:%llu: malformed JSON at column %zu (byte offset %zu)",
		    j->name, (unsigned long long)line, col, off);
	return EX_DATAERR;
}

static size_t skip_ws(const char *b, size_t len, size_t i)
{
	while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' ||
	    b[i] == '\r'))
		i++;
	return i;
}

/*
 * Parse one JSON value at buf[off], reading no further than limit;
 * *end gets the offset after it, or where parsing failed.
 */
static cJSON *parse_until(struct jreader *j, size_t off, size_t limit,
    size_t *end)
{
	const char *e = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(j->buf + off, limit - off, &e, 0);
	*end = e ? (size_t)(e - j->buf) : off;
	return v;
}

static cJSON *parse_at(struct jreader *j, size_t off, size_t *end)
{
	return parse_until(j, off, j->len, end);
}

/*
 * The offset just past the JSON value starting at i, found by matching
 * brackets outside strings (no validation: the parser does that); len
 * if the value does not end.  Used to tell one JSON document from NDJSON.
 */
static size_t value_end(const char *b, size_t len, size_t i)
{
	size_t depth = 0;
	for (; i < len; i++) {
		char c = b[i];
		if (c == '"') {
			for (i++; i < len && b[i] != '"'; i++)
				if (b[i] == '\\')
					i++;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if (c == ']' || c == '}') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return len;
}

/* A JSON value as a number: numbers, and strings holding plain decimals. */
static enum num_result value_number(const cJSON *v, double *out)
{
	if (cJSON_IsNumber(v)) {
		if (!isfinite(v->valuedouble))
			return NUM_RANGE;
		*out = v->valuedouble;
		return NUM_OK;
	}
	if (cJSON_IsString(v))
		return num_parse(v->valuestring, strlen(v->valuestring), out);
	if (!v || cJSON_IsNull(v))
		return NUM_EMPTY;
	return NUM_SYNTAX;
}

/* Describe why a value is not a number, showing the value as JSON. */
static void describe_value(char *buf, size_t size, const cJSON *v,
    enum num_result why)
{
	char *text;
	if (cJSON_IsString(v)) {
		describe_cell(buf, size, v->valuestring,
		    strlen(v->valuestring), why);
		return;
	}
	if (!v || cJSON_IsNull(v)) {
		snprintf(buf, size, "missing value");
		return;
	}
	text = cJSON_PrintUnformatted(v);
	if (why == NUM_RANGE)
		snprintf(buf, size, "cannot read %.60s as a number (%s)",
		    text ? text : "the value", num_reason(why));
	else
		snprintf(buf, size, "cannot read %.60s as a number",
		    text ? text : "the value");
	free(text);
}

/* Pick a field of one row (array or object) for a column spec. */
static const cJSON *pick(const cJSON *row, const struct colspec *c,
    const char **key)
{
	const cJSON *v = NULL;
	if (cJSON_IsArray(row)) {
		long idx = c->name ? c->index : c->defindex;
		*key = NULL;
		return idx > 0 ? cJSON_GetArrayItem(row, (int)idx - 1) : NULL;
	}
	*key = c->name ? c->name : c->deflt;
	v = cJSON_GetObjectItemCaseSensitive(row, *key);
	if (!v && c->index > 0) {
		v = cJSON_GetArrayItem(row, (int)c->index - 1);
		if (v)
			*key = v->string;
	}
	return v;
}

/* Set the sink's names from the keys used (the defaults for arrays). */
static int json_names(struct jreader *j, const char **keys)
{
	const struct input_opts *o = j->o;
	const char **names;
	char (*buf)[16];
	int i, st;

	if (j->s->name)
		return EX_OK;
	names = calloc((size_t)o->ncols, sizeof *names);
	buf = calloc((size_t)o->ncols, sizeof *buf);
	if (!names || !buf) {
		free(names);
		free(buf);
		msg("out of memory");
		return EX_OSERR;
	}
	for (i = 0; i < o->ncols; i++)
		names[i] = keys[i] ? keys[i] : default_name(o, i, buf[i],
		    sizeof buf[i]);
	st = sink_names(j->s, names);
	free(names);
	free(buf);
	return st;
}

/* One row: an array of values or an object with the keys. */
static int element_row(struct jreader *j, const cJSON *row, const char *where)
{
	const struct input_opts *o = j->o;
	const char *keys[JSON_MAXCOLS];
	const cJSON *vals[JSON_MAXCOLS];
	double v[JSON_MAXCOLS];
	int i, st;

	j->s->rows_read++;
	if (!cJSON_IsArray(row) && !cJSON_IsObject(row))
		return sink_invalid(j->s, where, 0, "expected an [x, y] array or "
		    "an object");
	if (cJSON_IsArray(row))
		for (i = 0; i < o->ncols; i++)
			if (o->col[i].name && !o->col[i].index) {
				msg("%s: column '%s' is a name, but the rows "
				    "are arrays; give a 1-based index", where,
				    o->col[i].name);
				return EX_USAGE;
			}
	for (i = 0; i < o->ncols; i++) {
		const cJSON *val = pick(row, &o->col[i], &keys[i]);
		enum num_result r = value_number(val, &v[i]);
		int k;
		vals[i] = val;
		for (k = 0; k < i; k++)
			if (val && vals[k] == val) {
				msg("%s: %s '%s' is selected twice: give -x, -y "
				    "and --weights different columns", where,
				    keys[i] ? "key" : "element", keys[i] ?
				    keys[i] : "?");
				return EX_USAGE;
			}
		if (r != NUM_OK) {
			char cell[200], what[400], cn[100];
			if (keys[i])
				snprintf(cn, sizeof cn, "key '%.60s'", keys[i]);
			else
				snprintf(cn, sizeof cn, "element %ld",
				    o->col[i].name ? o->col[i].index :
				    o->col[i].defindex);
			describe_value(cell, sizeof cell, val, r);
			snprintf(what, sizeof what, "%s: %s", cn, cell);
			return sink_invalid(j->s, where, 0, what);
		}
	}
	st = json_names(j, keys);
	return st ? st : sink_row(j->s, v, where, 0);
}

/*
 * A top-level array, element by element.  Returns an exit status; with
 * *trailing set when non-blank bytes follow the closing bracket (the
 * caller may then read the input as NDJSON instead).
 */
static int top_array(struct jreader *j, size_t i, int *trailing)
{
	int st = EX_OK;
	*trailing = 0;
	i = skip_ws(j->buf, j->len, i + 1); /* past '[' */
	if (i < j->len && j->buf[i] == ']') {
		i++;
	} else {
		for (;;) {
			size_t end;
			char where[300];
			cJSON *el = parse_at(j, i, &end);
			if (!el)
				return malformed(j, end);
			snprintf(where, sizeof where, "%s:%llu", j->name,
			    (unsigned long long)line_of(j, i));
			st = element_row(j, el, where);
			cJSON_Delete(el);
			if (st)
				return st;
			i = skip_ws(j->buf, j->len, end);
			if (i < j->len && j->buf[i] == ',') {
				i = skip_ws(j->buf, j->len, i + 1);
				continue;
			}
			if (i < j->len && j->buf[i] == ']') {
				i++;
				break;
			}
			return malformed(j, i);
		}
	}
	i = skip_ws(j->buf, j->len, i);
	*trailing = i < j->len;
	return st;
}

/* {"x": [...], "y": [...]}: equally long arrays, named by -x/-y. */
static int columns(struct jreader *j, const cJSON *obj)
{
	const struct input_opts *o = j->o;
	const char *keys[JSON_MAXCOLS];
	const cJSON *arr[JSON_MAXCOLS];
	double v[JSON_MAXCOLS];
	int n = 0, i, c, st;

	for (c = 0; c < o->ncols; c++) {
		keys[c] = o->col[c].name ? o->col[c].name : o->col[c].deflt;
		arr[c] = cJSON_GetObjectItemCaseSensitive(obj, keys[c]);
		if (!cJSON_IsArray(arr[c])) {
			msg("%s: expected an array under key '%s' (or an "
			    "\"input\" array of points)", j->name, keys[c]);
			return EX_DATAERR;
		}
		if (c == 0)
			n = cJSON_GetArraySize(arr[0]);
		else if (n != cJSON_GetArraySize(arr[c])) {
			msg("%s: arrays '%s' and '%s' differ in length (%d and "
			    "%d)", j->name, keys[0], keys[c], n,
			    cJSON_GetArraySize(arr[c]));
			return EX_DATAERR;
		}
	}
	if ((st = json_names(j, keys)))
		return st;
	for (i = 0; i < n; i++) {
		char where[300];
		j->s->rows_read++;
		snprintf(where, sizeof where, "%s: element %d", j->name, i);
		for (c = 0; c < o->ncols; c++) {
			const cJSON *val = cJSON_GetArrayItem(arr[c], i);
			enum num_result r = value_number(val, &v[c]);
			if (r != NUM_OK) {
				char cell[200], what[300];
				describe_value(cell, sizeof cell, val, r);
				snprintf(what, sizeof what, "key '%.60s': %s",
				    keys[c], cell);
				st = sink_invalid(j->s, where, 0, what);
				break;
			}
		}
		if (c == o->ncols)
			st = sink_row(j->s, v, where, 0);
		if (st)
			return st;
	}
	return EX_OK;
}

/* The edge worker's request: {"input": [points], "predict": [x, ...]}. */
static int request(struct jreader *j, const cJSON *obj)
{
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(obj, "input");
	const cJSON *pr = cJSON_GetObjectItemCaseSensitive(obj, "predict");
	const cJSON *el;
	int i = 0, st;

	cJSON_ArrayForEach(el, in) {
		char where[300];
		snprintf(where, sizeof where, "%s: input[%d]", j->name, i++);
		if ((st = element_row(j, el, where)))
			return st;
	}
	if (pr && !cJSON_IsArray(pr)) {
		msg("%s: \"predict\" must be an array of numbers", j->name);
		return EX_DATAERR;
	}
	i = 0;
	cJSON_ArrayForEach(el, pr) {
		/* A number, or with several predictors an array of them. */
		double x[JSON_MAXCOLS];
		int c, nx = j->o->nx;
		for (c = 0; c < nx; c++) {
			const cJSON *v = nx == 1 && !cJSON_IsArray(el) ? el :
			    cJSON_GetArrayItem(el, c);
			enum num_result r = nx > 1 && (!cJSON_IsArray(el) ||
			    cJSON_GetArraySize(el) != nx) ? NUM_OK :
			    value_number(v, &x[c]);
			if (r != NUM_OK || (nx > 1 && (!cJSON_IsArray(el) ||
			    cJSON_GetArraySize(el) != nx))) {
				char cell[200];
				if (r != NUM_OK)
					describe_value(cell, sizeof cell, v, r);
				else
					snprintf(cell, sizeof cell, "expected "
					    "an array of %d numbers", nx);
				msg("%s: predict[%d]: %s", j->name, i, cell);
				return EX_DATAERR;
			}
		}
		if ((st = sink_predict(j->s, x)))
			return st;
		i++;
	}
	return EX_OK;
}

/* NDJSON: one value per line; blank lines are skipped. */
static int ndjson(struct jreader *j, size_t i)
{
	while (i < j->len) {
		size_t eol = i, end, k;
		char where[300];
		cJSON *v;
		int st;
		while (eol < j->len && j->buf[eol] != '\n')
			eol++;
		k = skip_ws(j->buf, eol, i);
		if (k == eol) {
			i = eol + 1;
			continue;
		}
		v = parse_until(j, k, eol, &end);
		if (!v)
			return malformed(j, end);
		if (skip_ws(j->buf, eol, end) != eol) {
			cJSON_Delete(v);
			return malformed(j, skip_ws(j->buf, eol, end));
		}
		snprintf(where, sizeof where, "%s:%llu", j->name,
		    (unsigned long long)line_of(j, k));
		st = element_row(j, v, where);
		cJSON_Delete(v);
		if (st)
			return st;
		i = eol + 1;
	}
	return EX_OK;
}

/* Read the rest of fd after the prefix into one buffer. */
static int slurp(int fd, const char *name, const char *prefix, size_t n,
    char **out, size_t *len)
{
	size_t cap = n + 65536 + 1;
	char *buf = malloc(cap);
	if (!buf)
		goto nomem;
	memcpy(buf, prefix, n);
	for (;;) {
		ssize_t got;
		if (cap - n < 4096 + 1) {
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				goto nomem;
			buf = nb;
			cap *= 2;
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			msg("%s: %s", name, strerror(errno));
			free(buf);
			return EX_NOINPUT;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return EX_OK;
nomem:
	free(buf);
	msg("%s: out of memory", name);
	return EX_OSERR;
}

int read_json(int fd, const char *name, const char *prefix, size_t nprefix,
    enum input_format fmt, const struct input_opts *o, struct sink *s)
{
	struct jreader j;
	char *buf = NULL;
	size_t len = 0, i, end;
	int st, trailing;
	cJSON *v;

	if (o->nx > JSON_MAXNX) {
		msg("%s: JSON input takes at most %d predictors", name,
		    JSON_MAXNX);
		return EX_USAGE;
	}
	st = slurp(fd, name, prefix, nprefix, &buf, &len);
	if (st)
		return st;
	memset(&j, 0, sizeof j);
	j.name = name;
	j.buf = buf;
	j.len = len;
	j.pos_line = 1;
	j.o = o;
	j.s = s;
	i = 0;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = j.pos_off = 3;
	if (fmt == FMT_NDJSON) {
		st = ndjson(&j, i);
		goto end;
	}
	i = skip_ws(buf, len, i);
	if (i == len) {
		st = EX_OK; /* empty input: no rows; the caller reports it */
		goto end;
	}
	if (buf[i] == '[' || buf[i] == '{') {
		size_t after = skip_ws(buf, len, value_end(buf, len, i));
		if (after < len && fmt == FMT_AUTO) {
			/* More than one value: NDJSON. */
			st = ndjson(&j, i);
			goto end;
		}
		if (after < len) {
			st = malformed(&j, after);
			goto end;
		}
	}
	if (buf[i] == '[') {
		st = top_array(&j, i, &trailing);
		if (!st && trailing)
			st = malformed(&j, skip_ws(buf, len,
			    value_end(buf, len, i)));
		goto end;
	}
	v = parse_at(&j, i, &end);
	if (!v) {
		st = malformed(&j, end);
		goto end;
	}
	if (skip_ws(buf, len, end) != len) {
		cJSON_Delete(v);
		st = malformed(&j, skip_ws(buf, len, end));
		goto end;
	}
	if (cJSON_IsObject(v) &&
	    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(v, "input")))
		st = request(&j, v);
	else if (cJSON_IsObject(v))
		st = columns(&j, v);
	else {
		msg("%s: expected a JSON array or object", name);
		st = EX_DATAERR;
	}
	cJSON_Delete(v);
end:
	free(buf);
	return st;
}
