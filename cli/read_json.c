/*
 * read_json.c - JSON and NDJSON input, parsed with cJSON.
 *
 * Accepted shapes (see linreg(1)):
 *   [[x, y], ...]                 pairs (-x/-y are 1-based indices)
 *   [{"x": .., "y": ..}, ...]     objects (-x/-y name the keys)
 *   {"x": [...], "y": [...]}      columns
 *   {"input": [{..}, ...], "predict": [...]}   the edge worker's request
 *   one pair or object per line   NDJSON / JSON Lines
 * Input streams through a window buffer: a top-level array is parsed
 * one element at a time (each with its line number for messages) and
 * NDJSON one line at a time, so memory is bounded by the largest element
 * or line, not by the input.  A top-level object is held in the window
 * whole and walked member by member: a request's points one at a time,
 * columns into arrays of doubles (top_object).
 *
 * Each of those (an element, a line, a top-level object) may be at most
 * --max-record bytes: the window stops growing there with an error, so
 * no input takes more memory than that.  Blanks between values are
 * dropped as they are skipped, not kept in the window (skip_ws_more).
 *
 * cJSON does the parsing; what it lets through that JSON does not
 * allow, and keys twice in an object, are refused here (json_strict,
 * duplicate_key), by the rules the edge worker's parser keeps too.
 *
 * Except for the rows of numbers that fill large files: an element of
 * a top-level array or an NDJSON line that is a flat record of numbers
 * (json_scan.c) goes from the window to the sink without cJSON (the
 * fast path: fast_array, fast_lines), with the same values, counts and
 * lines; everything else, and every error, is the cJSON path's.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "delimited.h"
#include "diag.h"
#include "json_scan.h"
#include "read_csv.h"
#include "readers.h"

/* Most predictors a JSON row may have (CSV has no limit but the core's). */
#define JSON_MAXNX 100

/*
 * Columns of one JSON row (predictors, y, weight) handled on the stack;
 * read_json() refuses more predictors than JSON_MAXNX.
 */
#define JSON_MAXCOLS (JSON_MAXNX + 2)

#define JSON_WINDOW 65536

struct jreader {
	const char *name;
	int fd;
	char *buf;        /* window: buf[0..len) holds input from offset base */
	size_t len, cap;
	uint64_t base;    /* input offset of buf[0] */
	int eof;
	int read_errno;
	size_t pos_off;   /* line-counting cursor: window offset ... */
	uint64_t pos_line; /* ... and the line it is on */
	size_t hid_off;   /* line ends dropped with blanks (drop_blanks) ... */
	uint64_t hid_lines; /* ... counted when the cursor passes hid_off */
	uint64_t max;     /* --max-record */
	const char *unit; /* what is being read, for the message: "a line" */
	int too_long;     /* more() stopped: the value or line passed max */
	int long_nul;     /* ... and it holds NUL bytes */
	uint64_t long_line; /* where it started */
	uint64_t phantom; /* blanks of the first line dropped (drop_blanks) */
	const struct input_opts *o;
	struct sink *s;
	int seen_row;     /* an element came before: a missing key is then
	                     sparse data, not a misspelt name (no key hint) */
	/* The fast path (json_scan.c; fast_row) */
	int fast;         /* may run: not echoing, not LINREG_JSON_FAST=0 */
	int fast_arrays;  /* array rows too: no column named by a name only */
	int named;        /* the sink has its names (json_names ran) ... */
	int gnamed;       /* ... and its group names */
	size_t klen[JSON_MAXCOLS]; /* strlen of each column's key ... */
	size_t gklen[JSON_MAXCOLS]; /* ... and group column's */
	int direct;       /* rows straight into the sink's batch (sink_plain) */
	int hint[2 * JSON_MAXCOLS]; /* the member each (group) column was last */
	int map[2 * JSON_MAXCOLS]; /* the row's members of the columns (fast_map) */
	int shaped;       /* shape holds the last all-number record's shape, */
	int smap[2 * JSON_MAXCOLS]; /* its map */
	struct jscan_shape shape;
	size_t where_n;   /* "NAME:" in where (0: NAME too long for it) */
	size_t where_e;   /* where's length, with the line wline */
	uint64_t wline;
	char where[300];  /* "NAME:LINE" of a row */
};

/*
 * End the window's text with a NUL, and zero the bytes after it that
 * the fast path's loads of 8 may read (the buffer has JSCAN_PAD more
 * than cap): the scanner stops at the NUL, and nothing it reads is
 * left undefined.
 */
static void terminate(struct jreader *j)
{
	memset(j->buf + j->len, 0, JSCAN_PAD);
}

/* The line of window offset off (never before the cursor). */
static uint64_t line_of(struct jreader *j, size_t off)
{
	while (j->pos_off < off) {
		if (j->buf[j->pos_off++] == '\n')
			j->pos_line++;
		if (j->hid_lines && j->pos_off == j->hid_off) {
			j->pos_line += j->hid_lines;
			j->hid_lines = 0;
		}
	}
	return j->pos_line;
}

/*
 * Make room and read more, keeping the window from `keep` on (which
 * moves to the front: callers' offsets shift by the returned amount).
 * Returns the bytes read, 0 at the end of input, -1 on error (reported
 * later through read_errno, or too_long).  What is kept is one
 * unfinished value or line, which may not pass --max-record (unlike
 * more_after, for skip_ws_more).
 */
static ssize_t more_after(struct jreader *j, size_t keep, size_t *shift);

static ssize_t more(struct jreader *j, size_t keep, size_t *shift)
{
	*shift = 0;
	if (!j->eof && (uint64_t)(j->len - keep) + j->phantom > j->max) {
		size_t n = j->len - keep;
		j->too_long = 1;
		j->long_nul = memchr(j->buf + keep, 0, n < j->max + 1 ? n :
		    (size_t)j->max + 1) != NULL;
		j->long_line = line_of(j, keep);
		return -1;
	}
	return more_after(j, keep, shift);
}

/* As more(), keeping bytes that are not a value being read. */
static ssize_t more_after(struct jreader *j, size_t keep, size_t *shift)
{
	ssize_t n;
	*shift = 0;
	if (j->eof)
		return 0;
	if (keep > 0) {
		line_of(j, keep);
		memmove(j->buf, j->buf + keep, j->len - keep);
		j->len -= keep;
		j->base += keep;
		j->pos_off -= keep;
		j->hid_off -= j->hid_lines ? keep : 0;
		*shift = keep;
	}
	if (j->cap - j->len < JSON_WINDOW / 2) {
		/* At most max + a window (len is max + 2 at most here). */
		uint64_t want = (uint64_t)j->cap * 2;
		char *nb;
		if (want > j->max + JSON_WINDOW + 1)
			want = j->max + JSON_WINDOW + 1;
		if (want > (size_t)-1 / 2 || !(nb = realloc(j->buf,
		    (size_t)want + JSCAN_PAD))) {
			j->read_errno = ENOMEM;
			return -1;
		}
		j->buf = nb;
		j->cap = (size_t)want;
	}
	do
		n = read(j->fd, j->buf + j->len, j->cap - j->len - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		j->read_errno = errno;
		return -1;
	}
	if (n == 0)
		j->eof = 1;
	j->len += (size_t)n;
	terminate(j);
	sink_progress(j->s, j->base + j->len);
	return n;
}

/*
 * Whether the value or line of n bytes at window offset off (and the
 * phantom bytes of a first line) is longer than --max-record (more()
 * catches those that outgrow the window; this, those that arrived
 * whole).  If so read_failure says it.  Like more(), it looks for NUL
 * bytes in the first max + 1 bytes only.
 */
static int over_max(struct jreader *j, size_t off, size_t n)
{
	if ((uint64_t)n + j->phantom <= j->max)
		return 0;
	j->too_long = 1;
	j->long_nul = memchr(j->buf + off, 0, n < j->max + 1 ? n :
	    (size_t)j->max + 1) != NULL;
	j->long_line = line_of(j, off);
	return 1;
}

static int read_failure(struct jreader *j)
{
	if (j->too_long) {
		char size[NUM_BUFSIZE];
		msg("%s:%llu: %s longer than %s (--max-record)%s", j->name,
		    (unsigned long long)j->long_line, j->unit,
		    num_format_size(size, j->max), j->long_nul ?
		    ": it holds NUL bytes, is the input binary?" : "");
		return EX_DATAERR;
	}
	msg("%s: %s", j->name, strerror(j->read_errno));
	return j->read_errno == ENOMEM ? EX_OSERR : EX_NOINPUT;
}

/* Malformed JSON at window offset off; why, when not NULL, says how. */
static int malformed_why(struct jreader *j, size_t off, const char *why)
{
	size_t col = 1, i = off;
	uint64_t line = line_of(j, off);
	const char *sep = why ? ": " : "";
	if (!why)
		why = "";
	while (i > 0 && j->buf[i - 1] != '\n')
		i--, col++;
	if (off >= j->len)
		msg("%s:%llu: malformed JSON: unexpected end of input", j->name,
		    (unsigned long long)line);
	else if (i == 0 && j->base > 0)
		msg("%s:%llu: malformed JSON (byte offset %llu)%s%s", j->name,
		    (unsigned long long)line, (unsigned long long)j->base + off,
		    sep, why);
	else
		msg("%s:%llu: malformed JSON at column %zu (byte offset %llu)%s%s",
		    j->name, (unsigned long long)line, col,
		    (unsigned long long)j->base + off, sep, why);
	return EX_DATAERR;
}

static int malformed(struct jreader *j, size_t off)
{
	return malformed_why(j, off, NULL);
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The line ends in n bytes at p. */
static uint64_t count_lf(const char *p, size_t n)
{
	uint64_t c = 0;
	const char *e = p + n;
	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		c++;
		p++;
	}
	return c;
}

/*
 * The window ends in the blanks [ws, len): take them out of it before
 * reading more, so a run of blanks of any length costs no memory.  What
 * the caller keeps before them stays, followed by one line end if the
 * run had any (NDJSON lines stay apart).
 *
 * What is kept ('[' while it is not yet known whether NDJSON follows, a
 * top-level object while it is not known whether more values follow)
 * may begin NDJSON's first line, to which the blanks up to the run's
 * first line end belong: they are counted in j->phantom, so that the
 * first line is measured against --max-record as if read whole.  The
 * run's line ends are counted when the line cursor passes where the run
 * was (hid_off), so lines both in what is kept and after the run are
 * counted right; byte offsets of the bytes kept before the run are off
 * by its length (they appear only in a message about a malformed first
 * value).
 */
static void drop_blanks(struct jreader *j, size_t *keep, size_t ws,
    size_t *i)
{
	char *nl;

	if (*keep >= ws) {
		line_of(j, j->len);
		*keep = *i = j->len; /* nothing before the run to keep */
		return;
	}
	nl = memchr(j->buf + ws, '\n', j->len - ws);
	if (!memchr(j->buf + *keep, '\n', ws - *keep)) /* the first line */
		j->phantom += (uint64_t)((nl ? (size_t)(nl - j->buf) : j->len) -
		    ws);
	if (j->pos_off > ws) { /* the cursor is in the run: to its start */
		j->pos_line -= count_lf(j->buf + ws, j->pos_off - ws);
		j->pos_off = ws;
	}
	{
		/* Its line ends but the one kept, counted when the cursor
		 * comes to where the run was. */
		uint64_t n = count_lf(j->buf + ws, j->len - ws);
		if (nl) {
			j->buf[ws++] = '\n';
			n--;
		}
		if (j->pos_off >= ws)
			j->pos_line += n;
		else if (n) {
			j->hid_lines += n;
			j->hid_off = ws;
		}
	}
	j->base += j->len - ws;
	j->len = ws;
	terminate(j);
	*i = ws;
}

/*
 * Skip blanks from *i, reading more as needed (keeping from `keep`).
 * Returns 1 with *i at a non-blank byte, 0 at the end of input, -1 on a
 * read error.  *keep and *i shift with the window.
 */
static int skip_ws_more(struct jreader *j, size_t *keep, size_t *i)
{
	for (;;) {
		size_t shift, ws = *i;
		ssize_t n;
		while (*i < j->len && is_ws(j->buf[*i]))
			(*i)++;
		if (*i < j->len)
			return 1;
		drop_blanks(j, keep, ws, i);
		/* What is kept ('[', a value whole, a comma) is bounded. */
		n = more_after(j, *keep, &shift);
		*keep -= shift;
		*i -= shift;
		if (n <= 0)
			return (int)n;
	}
}

/*
 * Find the end of the JSON value starting at window offset i, reading
 * more as needed (the window keeps everything from i).  Brackets are
 * matched outside strings; a scalar ends at a delimiter.  No validation:
 * cJSON does that.  Returns 1 and *end, 0 when the input ends first, -1
 * on a read error.  i shifts with the window.
 */
static int value_extent(struct jreader *j, size_t *i, size_t *end)
{
	size_t k = *i, depth = 0;
	int instr = 0, esc = 0, scalar = -1;

	for (;;) {
		for (; k < j->len; k++) {
			char c = j->buf[k];
			if (scalar < 0)
				scalar = c != '[' && c != '{' && c != '"';
			if (instr) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"' && (instr = 0, depth == 0)) {
					*end = k + 1;
					return 1;
				}
			} else if (scalar) {
				if (c == ',' || c == ']' || c == '}' || is_ws(c)) {
					*end = k;
					return 1;
				}
			} else if (c == '"') {
				instr = 1;
			} else if (c == '[' || c == '{') {
				depth++;
			} else if ((c == ']' || c == '}') && --depth == 0) {
				*end = k + 1;
				return 1;
			}
		}
		{
			size_t shift;
			ssize_t n = more(j, *i, &shift);
			*i -= shift;
			k -= shift;
			if (n <= 0) {
				if (n == 0 && scalar == 1) {
					*end = k;
					return 1;
				}
				return (int)n;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* JSON's rules that cJSON does not keep                                */
/* ------------------------------------------------------------------ */

/*
 * cJSON reads more than RFC 8259 allows, and the edge worker
 * (edge/request.mjs) must take exactly the requests the CLI takes, so
 * both hold the input to the same rules:
 *   - numbers in JSON's grammar: cJSON takes whatever strtod takes
 *     from a run of [0-9+-.eE], so 01, 1. and -.5;
 *   - no raw control character, in a string or between tokens (cJSON
 *     skips every byte up to the space as white space);
 *   - no \u0000: cJSON's strings end at a NUL and give no length, so a
 *     key "a\u0000b" read as "a" (and -x a picked it);
 *   - at most JSON_MAXDEPTH nested arrays and objects (cJSON's own
 *     limit, here with a message that says so);
 *   - a key at most once in an object (no_duplicates): cJSON keeps
 *     both and finds the first, JSON.parse the last.
 */
#define JSON_MAXDEPTH 1000

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits from p[*i], at least one; *i moves past them. */
static int digits(const char *p, size_t n, size_t *i)
{
	size_t s = *i;
	while (*i < n && is_digit(p[*i]))
		(*i)++;
	return *i > s;
}

/*
 * The first break of the rules above in p[0..n), the text of one value
 * starting at nesting depth `depth`: its reason, with *at its offset;
 * NULL when there is none.  Only tokens are looked at: the structure is
 * cJSON's to check.
 */
static const char *json_strict(const char *p, size_t n, int depth,
    size_t *at)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		*at = i;
		if (c == '"') {
			for (i++; i < n && p[i] != '"'; i++) {
				c = (unsigned char)p[i];
				*at = i;
				if (c < 0x20)
					return "a control character in a string "
					    "must be escaped";
				if (c != '\\' || i + 1 >= n)
					continue;
				if (p[i + 1] == 'u' && i + 5 < n &&
				    !memcmp(p + i + 2, "0000", 4))
					return "\\u0000 (NUL) in a string is not "
					    "accepted";
				i++;
			}
			i++;
		} else if (c == '-' || is_digit((char)c)) {
			int ok;
			if (p[i] == '-')
				i++;
			if (i < n && p[i] == '0')
				i++, ok = 1;
			else
				ok = digits(p, n, &i);
			if (ok && i < n && p[i] == '.')
				i++, ok = digits(p, n, &i);
			if (ok && i < n && (p[i] == 'e' || p[i] == 'E')) {
				i++;
				if (i < n && (p[i] == '+' || p[i] == '-'))
					i++;
				ok = digits(p, n, &i);
			}
			if (!ok || (i < n && p[i] && strchr("0123456789+-.eE",
			    p[i])))
				return "a number must be written as JSON "
				    "writes it (not 01, 1. or .5)";
		} else if (c == '[' || c == '{') {
			if (++depth > JSON_MAXDEPTH)
				return "nested more than 1000 deep";
			i++;
		} else if (c == ']' || c == '}') {
			depth--;
			i++;
		} else if (c < 0x20 && !is_ws((char)c)) {
			return "a control character outside a string";
		} else {
			i++;
		}
	}
	return NULL;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first key of object v's n members that appears twice, or NULL. */
static const char *duplicate_member(const cJSON *v, int n)
{
	const cJSON *c, *d;
	const char **keys;
	const char *k = NULL;
	int i = 0;

	/* many keys: sorted, so that they cost n log n, not n^2 */
	if (n > 16 && (keys = malloc((size_t)n * sizeof *keys))) {
		for (c = v->child; c; c = c->next)
			keys[i++] = c->string;
		qsort(keys, (size_t)n, sizeof *keys, key_cmp);
		for (i = 1; i < n && !k; i++)
			if (!strcmp(keys[i - 1], keys[i]))
				k = keys[i];
		free(keys);
		return k;
	}
	for (c = v->child; c; c = c->next)
		for (d = c->next; d; d = d->next)
			if (!strcmp(c->string, d->string))
				return c->string;
	return NULL;
}

/*
 * The first key that appears twice in one object within v, or NULL.
 * The recursion is as deep as the nesting, which cJSON limits.
 */
static const char *duplicate_key(const cJSON *v)
{
	const cJSON *c;
	const char *k;
	int n = 0;

	if (cJSON_IsObject(v)) {
		for (c = v->child; c; c = c->next)
			n++;
		if ((k = duplicate_member(v, n)))
			return k;
	}
	for (c = v->child; c; c = c->next)
		if (c->child && (k = duplicate_key(c)))
			return k;
	return NULL;
}

/*
 * Parse one JSON value at buf[off], reading no further than limit, at
 * nesting depth `depth` (1 for the elements of a top-level array), and
 * hold it to the rules above.  *end gets the offset after it.  Returns
 * the value, or NULL with the error reported and its status in *st.
 */
static cJSON *parse_value(struct jreader *j, size_t off, size_t limit,
    int depth, size_t *end, int *st)
{
	const char *e = NULL, *why;
	cJSON *v = cJSON_ParseWithLengthOpts(j->buf + off, limit - off, &e, 0);
	size_t at, scan;

	*end = e ? (size_t)(e - j->buf) : off;
	/* up to the end of the value, or to (and with) where cJSON failed */
	scan = *end - off + (v || *end >= limit ? 0 : 1);
	why = json_strict(j->buf + off, scan, depth, &at);
	if (why) {
		cJSON_Delete(v);
		*st = malformed_why(j, off + at, why);
		return NULL;
	}
	if (!v) {
		*st = malformed(j, *end);
		return NULL;
	}
	if ((why = duplicate_key(v))) {
		char shown[100];
		size_t i, o = 0, len = strlen(why);
		for (i = 0; i < len && o + 8 < sizeof shown; i++) {
			unsigned char c = (unsigned char)why[i];
			if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
				shown[o++] = (char)c;
			else
				o += (size_t)sprintf(shown + o, "\\x%02x", c);
		}
		if (i < len)
			o += (size_t)sprintf(shown + o, "...");
		shown[o] = '\0';
		msg("%s:%llu: key '%s' appears twice in one object: each key "
		    "may appear once", j->name,
		    (unsigned long long)line_of(j, off), shown);
		cJSON_Delete(v);
		*st = EX_DATAERR;
		return NULL;
	}
	return v;
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
	int st = sink_names_or_default(j->s, j->o, keys);
	j->named |= !st; /* from now on a no-op: the fast path skips it */
	return st;
}

/* The row's cells of the columns (sink scratch); NULL: no memory, or *bad. */
static struct cell *json_cells(struct jreader *j, const cJSON *row,
    const char **keys, int *bad)
{
	const struct input_opts *o = j->o;
	struct cell *c = sink_cell_room(j->s, o->ncols);
	int i;

	*bad = 0;
	if (!c)
		return NULL;
	for (i = 0; i < o->ncols; i++) {
		const cJSON *val = pick(row, &o->col[i], &keys[i]);
		c[i].p = "";
		c[i].len = 0;
		c[i].num = 0;
		if (!val && (!j->seen_row || !cJSON_IsObject(row))) {
			/* absent from the first object: a name that may be a
			 * typo, said with the keys there are (element_values);
			 * a short array is invalid, as a short CSV row is */
			*bad = 1;
			return NULL;
		}
		if (!val || cJSON_IsNull(val)) {
			/* an absent key is missing, as null is (jsonlite's NA) */
			c[i].kind = CELL_NULL;
		} else if (cJSON_IsNumber(val) && isfinite(val->valuedouble)) {
			c[i].kind = CELL_NUMBER;
			c[i].num = val->valuedouble;
		} else if (cJSON_IsString(val)) {
			c[i].kind = CELL_STRING;
			c[i].p = val->valuestring;
			c[i].len = strlen(val->valuestring);
		} else {
			*bad = 1;
			return NULL;
		}
	}
	return c;
}

/*
 * A row with a value that is no number: its cells to the sink, which
 * takes missing values, levels and dates.  0 with the row taken (or an
 * exit status), SINK_BAD when it is invalid after all.
 */
static int element_cells(struct jreader *j, const cJSON *row,
    const char *where, const char **keys)
{
	int bad, st;
	struct cell *c = json_cells(j, row, keys, &bad);
	if (!c)
		return bad ? SINK_BAD : oom();
	j->seen_row = 1;
	if ((st = json_names(j, keys)))
		return st;
	return sink_cells(j->s, c, where, 0);
}

/* --fitted's second pass with a wide model: the row with its fit. */
static int echo_coded(struct jreader *j, const cJSON *row)
{
	const char *keys[JSON_MAXCOLS] = {0};
	int bad;
	struct cell *c = json_cells(j, row, keys, &bad);
	const double *d = c ? sink_echo_design(j->s, c) : NULL;
	if (!c && !bad)
		return oom();
	return sink_echo_json(j->s, row, d, d != NULL);
}

/*
 * An object without the key name: the nearest key and the object's
 * keys into buf (delimited_name_hint), or "" when out of memory.
 */
static void key_hint(const cJSON *row, const char *name, char *buf,
    size_t size)
{
	const cJSON *c;
	csv_record keys;
	size_t n = 0;

	buf[0] = '\0';
	for (c = row->child; c; c = c->next)
		n++;
	memset(&keys, 0, sizeof keys);
	keys.field = malloc((n ? n : 1) * sizeof *keys.field);
	keys.len = malloc((n ? n : 1) * sizeof *keys.len);
	if (keys.field && keys.len) {
		for (c = row->child; c; c = c->next)
			if (c->string) {
				keys.field[keys.nfields] = c->string;
				keys.len[keys.nfields++] = strlen(c->string);
			}
		delimited_name_hint(buf, size, name, &keys, "keys");
	}
	free(keys.field);
	free(keys.len);
}

/* One row's values: an array of values or an object with the keys. */
static int element_values(struct jreader *j, const cJSON *row, const char *where)
{
	const struct input_opts *o = j->o;
	const char *keys[JSON_MAXCOLS] = {0};
	const cJSON *vals[JSON_MAXCOLS];
	double v[JSON_MAXCOLS];
	int i, st;

	if (!sink_echoing(j->s))
		sink_count(j->s);
	else if (sink_echo_coded(j->s) && (cJSON_IsArray(row) ||
	    cJSON_IsObject(row)))
		return echo_coded(j, row);
	if (!cJSON_IsArray(row) && !cJSON_IsObject(row))
		return sink_echoing(j->s) ? sink_echo_json(j->s, row, NULL, 0) :
		    sink_invalid(j->s, where, 0, "expected an [x, y] array or "
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
		if (r != NUM_OK && sink_echoing(j->s))
			return sink_echo_json(j->s, row, NULL, 0);
		vals[i] = val;
		for (k = 0; k < i; k++)
			if (val && vals[k] == val && !(o->weighted &&
			    i == o->nx + 1)) { /* the weight may be x or y */
				msg("%s: %s '%s' is selected twice: give -x, -y "
				    "and --weights different columns", where,
				    keys[i] ? "key" : "element", keys[i] ?
				    keys[i] : "?");
				return EX_USAGE;
			}
		if (r != NUM_OK && (k = element_cells(j, row, where, keys)) !=
		    SINK_BAD)
			return k;
		if (r != NUM_OK) {
			char cell[200], what[1000], cn[100], hint[600] = "";
			if (!val && keys[i] && cJSON_IsObject(row) &&
			    !j->seen_row)
				key_hint(row, keys[i], hint, sizeof hint);
			j->seen_row = 1;
			(void)pick(row, &o->col[i], &keys[i]);
			if (keys[i])
				snprintf(cn, sizeof cn, "key '%.60s'", keys[i]);
			else
				snprintf(cn, sizeof cn, "element %ld",
				    o->col[i].name ? o->col[i].index :
				    o->col[i].defindex);
			describe_value(cell, sizeof cell, val, r);
			snprintf(what, sizeof what, "%s: %s%s", cn, cell, hint);
			return sink_invalid(j->s, where, 0, what);
		}
	}
	j->seen_row = 1;
	st = json_names(j, keys);
	if (st)
		return st;
	if (sink_echoing(j->s))
		return sink_echo_json(j->s, row, v, !o->weighted ||
		    v[o->nx + 1] > 0);
	return sink_row(j->s, v, where, 0);
}

/*
 * The row's group values (-g) as text: strings as they are, others as
 * JSON (in owned[], which the caller frees).  Taken before the numbers,
 * so that a row skipped as invalid is counted in its group.
 */
static int element_groups(struct jreader *j, const cJSON *row, char **owned)
{
	const struct input_opts *o = j->o;
	const char *gn[JSON_MAXCOLS];
	char gbuf[JSON_MAXCOLS][16];
	int g, st;

	for (g = 0; g < o->ngroup && g < JSON_MAXCOLS; g++) {
		const char *key, *val;
		const cJSON *gv = pick(row, &o->gcol[g], &key);
		snprintf(gbuf[g], sizeof gbuf[g], "g%d", g + 1);
		gn[g] = o->gcol[g].name && !o->gcol[g].index ?
		    o->gcol[g].name : key ? key : gbuf[g];
		if (cJSON_IsString(gv))
			val = gv->valuestring;
		else if (!gv || cJSON_IsNull(gv))
			val = "";
		else
			val = owned[g] = cJSON_PrintUnformatted(gv);
		if (!val)
			val = "";
		sink_group_value(j->s, g, val, strlen(val));
	}
	st = sink_group_names(j->s, gn);
	j->gnamed |= !st;
	sink_group_ready(j->s, !st);
	return st;
}

/* One row: an array of values or an object with the keys. */
static int element_row(struct jreader *j, const cJSON *row, const char *where)
{
	char *owned[JSON_MAXCOLS] = {0};
	int g, st = EX_OK;

	if (j->o->ngroup && !sink_echoing(j->s) &&
	    (cJSON_IsArray(row) || cJSON_IsObject(row)))
		st = element_groups(j, row, owned);
	if (!st)
		st = element_values(j, row, where);
	sink_group_ready(j->s, 0);
	for (g = 0; g < JSON_MAXCOLS; g++)
		free(owned[g]);
	return st;
}

/* ------------------------------------------------------------------ */
/* The fast path: flat records of numbers                               */
/* ------------------------------------------------------------------ */

/*
 * An element or line that json_scan.c takes (a flat object or array of
 * numbers, strings without escapes and literals) goes from the window
 * to the sink without cJSON, when what element_row would do with it is
 * plain: every column a finite number, each of its own member, the
 * group values strings, literals, small integers or absent, and the
 * names already given to the sink (after the first row, which
 * element_row takes).  Then element_row would count the row and hand
 * the same numbers to sink_row with the same "NAME:LINE", and so does
 * fast_row.  Anything else, a row this path cannot judge or one that
 * may hold an error, goes to the general path whole, which decides as
 * it always did.
 *
 * Measured on 10^5 points {"x": .., "y": ..} with random signs, widths
 * and some exponents (callgrind, instructions a row, whole run): 8410
 * through cJSON; 1070 with every record scanned (keys, blanks and the
 * duplicate check cost as much as the numbers); 630 with learnt shapes
 * (json_scan.h) and rows straight into the batch; 540 as NDJSON.  On
 * 10^6 such points (30 MB) the CPU time went from 1.11 s to 0.07 s.
 */
#define FAST_NO (-2)

static void fast_setup(struct jreader *j)
{
	const struct input_opts *o = j->o;
	const char *env = getenv("LINREG_JSON_FAST");
	size_t n = strlen(j->name);
	int i;

	/* LINREG_JSON_FAST=0: every element through cJSON (to check this) */
	j->fast = !(env && !strcmp(env, "0")) && !sink_echoing(j->s);
	j->fast_arrays = 1;
	for (i = 0; i < o->ncols; i++) {
		const char *key = o->col[i].name ? o->col[i].name :
		    o->col[i].deflt;
		j->klen[i] = key ? strlen(key) : 0;
		if (o->col[i].name && !o->col[i].index)
			j->fast_arrays = 0; /* element_values refuses it */
	}
	for (i = 0; i < o->ngroup; i++) {
		const char *key = o->gcol[i].name ? o->gcol[i].name :
		    o->gcol[i].deflt;
		j->gklen[i] = key ? strlen(key) : 0;
	}
	/* "NAME:LINE" as snprintf writes it into 300 bytes, when it fits */
	j->where_n = n + 22 < sizeof j->where ? n + 1 : 0;
	if (j->where_n) {
		memcpy(j->where, j->name, n);
		j->where[n] = ':';
	}
}

/*
 * The member pick() would choose for column spec c (key length klen);
 * *hint, the member it was in the row before, is looked at first.
 */
static int fast_pick(const struct jscan_row *row, const struct colspec *c,
    size_t klen, int *hint)
{
	long idx;
	if (row->object) {
		const char *key = c->name ? c->name : c->deflt;
		int k = *hint;
		if (key && k < row->n && row->m[k].klen == klen &&
		    jscan_same(row->m[k].key, key, klen))
			return k;
		for (k = 0; key && k < row->n; k++)
			if (row->m[k].klen == klen && jscan_same(row->m[k].key, key,
			    klen))
				return *hint = k;
		idx = c->index;
	} else {
		idx = c->name ? c->index : c->defindex;
	}
	return idx > 0 && idx <= row->n ? (int)idx - 1 : -1;
}

/*
 * Group column g's value, member k of row (-1: none), as element_groups
 * gives it: a string's bytes,
 * "" for null or absent, a literal or an integer as cJSON prints it
 * (a number of up to 9 digits without point or exponent, but -0, is
 * printed as written).  0, or FAST_NO for any other.
 */
static int fast_group(struct jreader *j, const struct jscan_row *row, int g,
    int k)
{
	const struct jscan_member *m;
	if (k < 0 || row->m[k].kind == JSCAN_NULL) {
		sink_group_value(j->s, g, "", 0);
		return 0;
	}
	m = &row->m[k];
	if (m->kind == JSCAN_NUMBER && (m->vlen > 9 || memchr(m->val, '.',
	    m->vlen) || memchr(m->val, 'e', m->vlen) || memchr(m->val, 'E',
	    m->vlen) || (m->vlen == 2 && m->val[0] == '-' && m->val[1] == '0')))
		return FAST_NO;
	sink_group_value(j->s, g, m->val, m->vlen);
	return 0;
}

/*
 * The row's "NAME:LINE", as element_row's caller writes it; the line
 * after the last one is counted up in place.
 */
static const char *fast_where(struct jreader *j, uint64_t line)
{
	char dig[24], *w = j->where + j->where_n;
	int n = 0;
	if (!j->where_n) {
		snprintf(j->where, sizeof j->where, "%s:%llu", j->name,
		    (unsigned long long)line);
		return j->where;
	}
	if (line == j->wline)
		return j->where;
	if (line == j->wline + 1 && j->wline) {
		char *d = j->where + j->where_e - 1;
		while (d >= w && *d == '9')
			*d-- = '0';
		j->wline = line;
		if (d >= w) {
			(*d)++;
			return j->where;
		}
	}
	j->wline = line;
	do
		dig[n++] = (char)('0' + line % 10);
	while ((line /= 10) > 0);
	while (n > 0)
		*w++ = dig[--n];
	*w = '\0';
	j->where_e = (size_t)(w - j->where);
	return j->where;
}

/*
 * The member of each column in row, as pick() finds it, into map (then
 * those of the group columns, -1 for none): 0, or FAST_NO when a
 * column's is missing, not a number, or another column's too.
 */
static int fast_map(struct jreader *j, const struct jscan_row *row,
    int *map)
{
	const struct input_opts *o = j->o;
	int i, k, c;

	if (!row->object && !j->fast_arrays)
		return FAST_NO;
	for (i = 0; i < o->ncols; i++) {
		k = fast_pick(row, &o->col[i], j->klen[i], &j->hint[i]);
		if (k < 0 || row->m[k].kind != JSCAN_NUMBER)
			return FAST_NO;
		for (c = 0; c < i; c++)
			if (map[c] == k)
				return FAST_NO; /* one member for two columns */
		map[i] = k;
	}
	for (i = 0; i < o->ngroup; i++)
		map[o->ncols + i] = fast_pick(row, &o->gcol[i], j->gklen[i],
		    &j->hint[o->ncols + i]);
	return 0;
}

/*
 * A scanned row, its members mapped, to the sink as element_row would
 * take it: an exit status, or FAST_NO (nothing done) when it would not.
 */
static int fast_row(struct jreader *j, const struct jscan_row *row,
    const int *map, uint64_t line)
{
	const struct input_opts *o = j->o;
	double v[JSON_MAXCOLS];
	int i, st;

	for (i = 0; i < o->ncols; i++) {
		if (!row->m[map[i]].ok)
			return FAST_NO; /* no finite value */
		v[i] = row->m[map[i]].num;
	}
	if (j->direct && o->ncols == 2) {
		/* sink_row's plain row, with nothing else to do */
		double *x, *y;
		size_t n = sink_room(j->s, &x, &y);
		x[n] = v[0];
		y[n] = v[1];
		return sink_commit(j->s, 1);
	}
	for (i = 0; i < o->ngroup; i++)
		if (fast_group(j, row, i, map[o->ncols + i]))
			return FAST_NO;
	sink_group_ready(j->s, o->ngroup > 0);
	sink_count(j->s);
	st = sink_row(j->s, v, fast_where(j, line), 0);
	sink_group_ready(j->s, 0);
	return st;
}

/*
 * The record at p: through the shape learnt last (json_scan.h), else
 * scanned and mapped, and its shape learnt when its values are all
 * numbers.  Returns the byte after it with *map its members' map, or
 * NULL when the fast path does not take it.
 */
static const char *fast_scan(struct jreader *j, const char *p, int lf,
    struct jscan_row *row, const int **map)
{
	const char *e;
	if (j->shaped && (e = jscan_shaped(&j->shape, p, row))) {
		*map = j->smap;
		return e;
	}
	if (!(e = jscan_row(p, lf, row)) || fast_map(j, row, j->map))
		return NULL;
	*map = j->map;
	j->shaped = jscan_learn(&j->shape, p, e, row);
	if (j->shaped)
		memcpy(j->smap, j->map, sizeof j->smap);
	return e;
}

/* Whether the fast path may take rows now; the line cursor at off. */
static int fast_ready(struct jreader *j, size_t off)
{
	if (!j->fast || !j->named || (j->o->ngroup && !j->gnamed))
		return 0;
	j->direct = sink_plain(j->s) && !j->o->ngroup;
	line_of(j, off);
	return !j->hid_lines; /* blanks dropped ahead: line_of counts them */
}

/* Blanks at p (the window ends in a NUL); *nl counts line ends. */
static const char *fast_blanks(const char *p, unsigned *nl)
{
	for (;; p++) {
		if (*p == '\n')
			(*nl)++;
		else if (*p != ' ' && *p != '\t' && *p != '\r')
			return p;
	}
}

/*
 * Elements of a top-level array from window offset *i (an element's
 * first byte), each followed in the window by a comma and the next
 * element's first byte, while fast_row takes them.  The first it does
 * not (or the last, or one cut by the window's end) is left at *i for
 * top_array's general path.  Returns an exit status.
 */
static int fast_array(struct jreader *j, size_t *i)
{
	struct jscan_row row;
	if (!fast_ready(j, *i))
		return EX_OK;
	for (;;) {
		const char *p = j->buf + *i, *e, *q;
		const int *map;
		unsigned nl;
		int st;
		e = fast_scan(j, p, 1, &row, &map);
		if (!e || (uint64_t)(e - p) > j->max)
			return EX_OK;
		nl = row.nl;
		q = fast_blanks(e, &nl);
		if (*q != ',')
			return EX_OK;
		q = fast_blanks(q + 1, &nl);
		if (q >= j->buf + j->len)
			return EX_OK;
		st = fast_row(j, &row, map, j->pos_line);
		if (st == FAST_NO)
			return EX_OK;
		if (st)
			return st;
		*i = j->pos_off = (size_t)(q - j->buf);
		j->pos_line += nl;
	}
}

/*
 * NDJSON lines from window offset *i (a line's first byte) while they
 * are blank or one value fast_row takes, each ended by a line end in
 * the window; the first that is not is left at *i for ndjson's general
 * path.  Returns an exit status.
 */
static int fast_lines(struct jreader *j, size_t *i)
{
	struct jscan_row row;
	if (!fast_ready(j, *i))
		return EX_OK;
	for (;;) {
		const char *p = j->buf + *i, *e, *q;
		const int *map;
		int st;
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p != '\n') {
			if (!(e = fast_scan(j, p, 0, &row, &map)))
				return EX_OK;
			for (q = e; *q == ' ' || *q == '\t' || *q == '\r'; q++)
				;
			if (*q != '\n' || (uint64_t)(q - p) + j->phantom > j->max)
				return EX_OK;
			st = fast_row(j, &row, map, j->pos_line);
			if (st == FAST_NO)
				return EX_OK;
			j->phantom = 0;
			if (st)
				return st;
			p = q;
		}
		*i = j->pos_off = (size_t)(p + 1 - j->buf);
		j->pos_line++;
	}
}

/* A top-level array at window offset i, element by element. */
static int top_array(struct jreader *j, size_t i)
{
	size_t keep, end;
	int r, st;

	j->phantom = 0; /* not NDJSON after all */
	keep = ++i; /* past '[' */
	r = skip_ws_more(j, &keep, &i);
	if (r < 0)
		return read_failure(j);
	if (r == 0)
		return malformed(j, j->len);
	if (j->buf[i] == ']') {
		i++;
	} else {
		for (;;) {
			char where[300];
			cJSON *el;
			if ((st = fast_array(j, &i)))
				return st;
			r = value_extent(j, &i, &end);
			if (r < 0 || (r > 0 && over_max(j, i, end - i)))
				return read_failure(j);
			if (r == 0)
				return malformed(j, j->len);
			el = parse_value(j, i, end, 1, &end, &st);
			if (!el)
				return st;
			snprintf(where, sizeof where, "%s:%llu", j->name,
			    (unsigned long long)line_of(j, i));
			st = element_row(j, el, where);
			cJSON_Delete(el);
			if (st)
				return st;
			i = keep = end;
			r = skip_ws_more(j, &keep, &i);
			if (r < 0)
				return read_failure(j);
			if (r == 0)
				return malformed(j, j->len);
			if (j->buf[i] == ',') {
				keep = ++i;
				r = skip_ws_more(j, &keep, &i);
				if (r <= 0)
					return r < 0 ? read_failure(j) :
					    malformed(j, j->len);
				continue;
			}
			if (j->buf[i] == ']') {
				i++;
				break;
			}
			return malformed(j, i);
		}
	}
	keep = i;
	r = skip_ws_more(j, &keep, &i);
	if (r < 0)
		return read_failure(j);
	return r ? malformed(j, i) : EX_OK;
}

/* ------------------------------------------------------------------ */
/* A top-level object: columns or a request                             */
/* ------------------------------------------------------------------ */

/*
 * {"x": [...], "y": [...]} (equally long arrays, named by -x/-y) or
 * {"input": [points], "predict": [x, ...]} (the edge worker's request).
 * The object's text is in the window (the caller found its end), but it
 * is not parsed whole: a tree of it took some 10 to 40 times its size.
 * Its members are walked here: an "input" array's points go to the sink
 * one by one as in a top-level array, the selected columns are parsed
 * element by element into arrays of doubles (8 bytes a value), and
 * every other member is parsed and dropped, so the memory is the text
 * and the doubles.  Columns' rows go to the sink only when the whole
 * object has been read.  A NaN marks a column value that is not a
 * number (JSON has no NaN); the first one's description is kept per
 * column, which is all the sink reports.
 */
struct jcolumn {
	const char *key;
	double *v;
	size_t n, cap;
	int seen;           /* the key was met */
	size_t bad_at;      /* the first value that is not a number ... */
	char bad[200];      /* ... and why (bad[0] == 0: none) */
};

/* A byte other than blank at window offset *i, before limit: 1, else 0. */
static int token_at(const struct jreader *j, size_t *i, size_t limit)
{
	while (*i < limit && is_ws(j->buf[*i]))
		(*i)++;
	return *i < limit;
}

typedef int (*element_fn)(struct jreader *j, const cJSON *el, size_t k,
    void *arg);

/*
 * Each element of the array at window offset i (ending before end),
 * parsed alone, to fn with its index.
 */
static int each_element(struct jreader *j, size_t i, size_t end,
    element_fn fn, void *arg)
{
	size_t k = 0;
	int st;
	i++; /* past '[' */
	if (token_at(j, &i, end) && j->buf[i] == ']')
		return EX_OK;
	for (;;) {
		size_t e, pe;
		cJSON *el;
		if (!token_at(j, &i, end))
			return malformed(j, i);
		if (value_extent(j, &i, &e) <= 0 || e > end)
			return malformed(j, i);
		el = parse_value(j, i, e, 2, &pe, &st);
		if (!el)
			return st;
		st = fn(j, el, k++, arg);
		cJSON_Delete(el);
		if (st)
			return st;
		i = pe;
		if (!token_at(j, &i, end))
			return malformed(j, i);
		if (j->buf[i] == ']')
			return EX_OK;
		if (j->buf[i] != ',')
			return malformed(j, i);
		i++;
	}
}

/* An element of a column, into its array of doubles. */
static int column_value(struct jreader *j, const cJSON *el, size_t k,
    void *arg)
{
	struct jcolumn *c = arg;
	double v;
	enum num_result r = value_number(el, &v);
	if (cJSON_IsNull(el)) {
		/* a missing value: marked infinite (no number read is) */
		r = NUM_OK;
		v = INFINITY;
	}
	if (r != NUM_OK) {
		if (!c->bad[0]) {
			char cell[150];
			describe_value(cell, sizeof cell, el, r);
			snprintf(c->bad, sizeof c->bad, "key '%.40s': %s", c->key,
			    cell);
			c->bad_at = k;
		}
		v = NAN;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 1024;
		double *nv = realloc(c->v, cap * sizeof *nv);
		if (!nv) {
			msg("%s: out of memory", j->name);
			return EX_OSERR;
		}
		c->v = nv;
		c->cap = cap;
	}
	c->v[c->n++] = v;
	return EX_OK;
}

/* A point of a request's "input", to the sink. */
static int input_row(struct jreader *j, const cJSON *el, size_t k,
    void *arg)
{
	char where[300];
	(void)arg;
	snprintf(where, sizeof where, "%s: input[%zu]", j->name, k);
	return element_row(j, el, where);
}

/* A request's "predict" (NULL when absent): to the sink. */
static int request_predict(struct jreader *j, const cJSON *pr)
{
	const cJSON *el;
	int i = 0, st;

	if (pr && !cJSON_IsArray(pr) && !cJSON_IsNull(pr)) {
		msg("%s: \"predict\" must be an array of numbers", j->name);
		return EX_DATAERR;
	}
	cJSON_ArrayForEach(el, pr) {
		/*
		 * A number, or an array of one number per predictor (with one
		 * predictor, either), as the edge worker takes them.
		 */
		double x[JSON_MAXCOLS];
		int c, nx = j->o->nx;
		const cJSON *v = cJSON_IsArray(el) ? el->child : el;
		if (cJSON_IsArray(el) ? cJSON_GetArraySize(el) != nx : nx > 1) {
			if (nx == 1)
				msg("%s: predict[%d]: expected a number (or an "
				    "array of one)", j->name, i);
			else
				msg("%s: predict[%d]: expected an array of %d "
				    "numbers", j->name, i, nx);
			return EX_DATAERR;
		}
		for (c = 0; c < nx; c++, v = v->next) {
			enum num_result r = value_number(v, &x[c]);
			if (r != NUM_OK) {
				char cell[200];
				describe_value(cell, sizeof cell, v, r);
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

/* What the walk over a top-level object's members found. */
struct jobject {
	struct jcolumn col[JSON_MAXCOLS];
	int ncols;
	char **keys;        /* every member's key, to find one given twice */
	size_t nkeys, capkeys;
	int request;        /* an "input" array was met: a request */
	cJSON *predict;     /* the last "predict" member, parsed */
};

/* The members of the object at window offset i (ending at end). */
static int object_members(struct jreader *j, size_t i, size_t end,
    struct jobject *ob)
{
	int st;
	i++; /* past '{' */
	if (token_at(j, &i, end) && j->buf[i] == '}')
		return EX_OK;
	for (;;) {
		size_t e, pe, vs;
		const char *key;
		cJSON *k;
		int c, picked = 0;
		if (!token_at(j, &i, end) || j->buf[i] != '"')
			return malformed(j, i);
		if (value_extent(j, &i, &e) <= 0 || e > end)
			return malformed(j, i);
		k = parse_value(j, i, e, 1, &pe, &st);
		if (!k)
			return st;
		if (ob->nkeys == ob->capkeys) {
			size_t cap = ob->capkeys ? 2 * ob->capkeys : 16;
			char **nk = realloc(ob->keys, cap * sizeof *nk);
			if (!nk) {
				cJSON_Delete(k);
				msg("%s: out of memory", j->name);
				return EX_OSERR;
			}
			ob->keys = nk;
			ob->capkeys = cap;
		}
		key = ob->keys[ob->nkeys++] = k->valuestring;
		k->valuestring = NULL; /* ours now */
		cJSON_Delete(k);
		i = pe;
		if (!token_at(j, &i, end) || j->buf[i] != ':')
			return malformed(j, i);
		i++;
		if (!token_at(j, &i, end))
			return malformed(j, i);
		vs = i;
		if (value_extent(j, &i, &e) <= 0 || e > end)
			return malformed(j, i);
		if (j->buf[vs] == '[' && !strcmp(key, "input")) {
			ob->request = picked = 1;
			if ((st = each_element(j, vs, e, input_row, NULL)))
				return st;
		} else if (j->buf[vs] == '[') {
			for (c = 0; c < ob->ncols; c++) {
				if (strcmp(key, ob->col[c].key) != 0)
					continue;
				if ((st = each_element(j, vs, e, column_value,
				    &ob->col[c])))
					return st;
				ob->col[c].seen = picked = 1;
			}
		}
		if (!picked) {
			/* another member: checked, then dropped (or kept) */
			cJSON *v = parse_value(j, vs, e, 1, &pe, &st);
			if (!v)
				return st;
			if (!strcmp(key, "predict")) {
				cJSON_Delete(ob->predict);
				ob->predict = v;
			} else {
				cJSON_Delete(v);
			}
		}
		i = e;
		if (!token_at(j, &i, end))
			return malformed(j, i);
		if (j->buf[i] == '}')
			return EX_OK;
		if (j->buf[i] != ',')
			return malformed(j, i);
		i++;
	}
}

/* Columns' rows, once the object has been read: to the sink. */
/* A row of columns with a null (an infinity here): to the sink as cells. */
static int column_missing(struct jreader *j, const double *v, int n,
    const char *where)
{
	struct cell *c;
	int i, any = 0;
	for (i = 0; i < n; i++)
		any |= isinf(v[i]);
	if (!any)
		return SINK_BAD;
	if (!(c = sink_cell_room(j->s, n)))
		return oom();
	for (i = 0; i < n; i++) {
		c[i].kind = isinf(v[i]) ? CELL_NULL : CELL_NUMBER;
		c[i].num = v[i];
		c[i].p = "";
		c[i].len = 0;
	}
	i = sink_cells(j->s, c, where, 0);
	return i == SINK_BAD ? sink_invalid(j->s, where, 0, "not a number") :
	    i;
}

static int column_rows(struct jreader *j, struct jobject *ob)
{
	const char *names[JSON_MAXCOLS] = {0};
	double v[JSON_MAXCOLS];
	size_t n = 0, r;
	int c, st;

	if (sink_echoing(j->s)) {
		msg("%s: --fitted takes rows (CSV, arrays of rows, NDJSON, a "
		    "request), not columns", j->name);
		return EX_USAGE;
	}
	for (c = 0; c < ob->ncols; c++) {
		names[c] = ob->col[c].key;
		if (!ob->col[c].seen) {
			msg("%s: expected an array under key '%s' (or an "
			    "\"input\" array of points)", j->name, ob->col[c].key);
			return EX_DATAERR;
		}
		if (c == 0)
			n = ob->col[0].n;
		else if (ob->col[c].n != n) {
			msg("%s: arrays '%s' and '%s' differ in length (%zu and "
			    "%zu)", j->name, ob->col[0].key, ob->col[c].key, n,
			    ob->col[c].n);
			return EX_DATAERR;
		}
	}
	if ((st = json_names(j, names)))
		return st;
	for (r = 0; r < n; r++) {
		char where[300];
		sink_count(j->s);
		snprintf(where, sizeof where, "%s: element %zu", j->name, r);
		for (c = 0; c < ob->ncols; c++) {
			v[c] = ob->col[c].v[r];
			if (isnan(v[c]))
				break;
		}
		if (c == ob->ncols) {
			/* a null among them: left out (or an error) */
			st = column_missing(j, v, ob->ncols, where);
			if (st == SINK_BAD)
				st = sink_row(j->s, v, where, 0);
		} else {
			/* the first bad row is each column's first bad value */
			st = sink_invalid(j->s, where, 0, ob->col[c].bad_at == r ?
			    ob->col[c].bad : "not a number");
		}
		if (st)
			return st;
	}
	return EX_OK;
}

static int top_object(struct jreader *j, size_t i, size_t end)
{
	struct jobject *ob = calloc(1, sizeof *ob);
	size_t k;
	int c, st;

	if (!ob) {
		msg("%s: out of memory", j->name);
		return EX_OSERR;
	}
	ob->ncols = j->o->ncols;
	for (c = 0; c < ob->ncols; c++)
		ob->col[c].key = j->o->col[c].name ? j->o->col[c].name :
		    j->o->col[c].deflt;
	st = object_members(j, i, end, ob);
	if (!st && ob->nkeys > 1) {
		/* a key given twice, as parse_value says it for other objects */
		qsort(ob->keys, ob->nkeys, sizeof *ob->keys, key_cmp);
		for (k = 1; k < ob->nkeys; k++)
			if (!strcmp(ob->keys[k - 1], ob->keys[k])) {
				msg("%s:%llu: key '%.60s' appears twice in one "
				    "object: each key may appear once", j->name,
				    (unsigned long long)line_of(j, i), ob->keys[k]);
				st = EX_DATAERR;
				break;
			}
	}
	if (!st)
		st = ob->request ? request_predict(j, ob->predict) :
		    column_rows(j, ob);
	for (c = 0; c < ob->ncols; c++)
		free(ob->col[c].v);
	for (k = 0; k < ob->nkeys; k++)
		free(ob->keys[k]);
	free(ob->keys);
	cJSON_Delete(ob->predict);
	free(ob);
	return st;
}

/* NDJSON from window offset i: one value per line; blank lines skipped. */
static int ndjson(struct jreader *j, size_t i)
{
	j->unit = "a line";
	for (;;) {
		size_t eol, end, k, shift;
		char where[300], *nl;
		cJSON *v;
		int st;
		/*
		 * A whole line in the window (or the last, unterminated one);
		 * after each read only the new bytes are searched, so a very
		 * long line costs linear time.
		 */
		size_t from;
		if ((st = fast_lines(j, &i)))
			return st;
		from = i;
		nl = from < j->len ? memchr(j->buf + from, '\n', j->len - from)
		    : NULL;
		while (!nl && !j->eof) {
			/* Its leading blanks (no LF among them): not kept. */
			while (i < j->len && is_ws(j->buf[i]))
				i++;
			from = j->len;
			if (more(j, i, &shift) < 0)
				return read_failure(j);
			i -= shift;
			from -= shift;
			nl = from < j->len ? memchr(j->buf + from, '\n',
			    j->len - from) : NULL;
		}
		if (i >= j->len)
			return EX_OK;
		eol = nl ? (size_t)(nl - j->buf) : j->len;
		for (k = i; k < eol && is_ws(j->buf[k]); k++)
			;
		if (k == eol) {
			i = eol + 1;
			continue;
		}
		if (over_max(j, k, eol - k)) /* leading blanks do not count */
			return read_failure(j);
		j->phantom = 0; /* only the first line has any */
		v = parse_value(j, k, eol, 0, &end, &st);
		if (!v)
			return st;
		while (end < eol && is_ws(j->buf[end]))
			end++;
		if (end != eol) {
			cJSON_Delete(v);
			return malformed(j, end);
		}
		snprintf(where, sizeof where, "%s:%llu", j->name,
		    (unsigned long long)line_of(j, k));
		st = element_row(j, v, where);
		cJSON_Delete(v);
		if (st)
			return st;
		i = eol + 1;
	}
}

int read_json(int fd, const char *name, const char *prefix, size_t nprefix,
    enum input_format fmt, const struct input_opts *o, struct sink *s)
{
	struct jreader j;
	size_t i = 0, keep = 0, end;
	int st, r;

	if (o->nx > JSON_MAXNX || o->ngroup > JSON_MAXCOLS) {
		msg("%s: JSON input takes at most %d predictors and %d group "
		    "columns", name, JSON_MAXNX, JSON_MAXCOLS);
		return EX_USAGE;
	}
	memset(&j, 0, sizeof j);
	j.name = name;
	j.fd = fd;
	j.cap = JSON_WINDOW + nprefix + 1;
	j.buf = malloc(j.cap + JSCAN_PAD);
	if (!j.buf) {
		msg("%s: out of memory", name);
		return EX_OSERR;
	}
	memcpy(j.buf, prefix, nprefix);
	j.len = nprefix;
	terminate(&j);
	j.pos_line = 1;
	j.max = o->max_record ? o->max_record : CSV_MAX_RECORD;
	j.unit = "a JSON value";
	j.o = o;
	j.s = s;
	fast_setup(&j);
	while (j.len < 3 && !j.eof && more(&j, 0, &end) > 0)
		;
	if (j.len >= 3 && !memcmp(j.buf, "\xef\xbb\xbf", 3))
		i = keep = j.pos_off = 3;
	if (fmt == FMT_NDJSON) {
		st = ndjson(&j, i);
		goto end;
	}
	r = skip_ws_more(&j, &keep, &i);
	if (r <= 0) {
		/* empty input: no rows; the caller reports it */
		st = r < 0 ? read_failure(&j) : EX_OK;
		goto end;
	}
	if (j.buf[i] == '[') {
		/*
		 * An array of rows, or (without --input-format json) NDJSON
		 * whose lines are [x, y] pairs: told apart by the first element.
		 */
		size_t k = i + 1, kk = i;
		r = skip_ws_more(&j, &kk, &k);
		i = kk;
		if (r > 0 && fmt == FMT_AUTO && j.buf[k] != '[' &&
		    j.buf[k] != '{' && j.buf[k] != ']')
			st = ndjson(&j, i);
		else
			st = top_array(&j, i);
		goto end;
	}
	if (j.buf[i] != '{') {
		msg("%s:%llu: expected a JSON array or object", name,
		    (unsigned long long)line_of(&j, i));
		st = EX_DATAERR;
		goto end;
	}
	/* An object: columns, a request, or the first line of NDJSON. */
	r = value_extent(&j, &i, &end);
	if (r < 0 || (r > 0 && over_max(&j, i, end - i))) {
		st = read_failure(&j);
		goto end;
	}
	if (r == 0) {
		st = malformed(&j, j.len); /* the object never closes */
		goto end;
	}
	{
		size_t after = end, kk = i;
		int more_values = skip_ws_more(&j, &kk, &after);
		end -= i - kk;
		i = kk;
		if (more_values < 0) {
			st = read_failure(&j);
			goto end;
		}
		if (more_values > 0) {
			st = fmt == FMT_AUTO ? ndjson(&j, i) : malformed(&j, after);
			goto end;
		}
	}
	st = top_object(&j, i, end);
end:
	sink_source_done(s, j.base + j.len);
	free(j.buf);
	return st;
}
