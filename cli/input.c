/*
 * input.c - sources, formats, columns and rows.
 *
 * read_source() opens a file (or takes standard input), decides its
 * format (--input-format, else the file name's extension, else the
 * first non-blank byte) and runs the matching reader.  Delimited text
 * is turned into rows here: header detection, column lookup and the
 * strict number parser; JSON has its own walker in read_json.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input.h"
#include "plot.h"
#include "read_csv.h"
#include "write.h"

#define SNIFF_MAX 65536

/* ------------------------------------------------------------------ */
/* The sink: counting rows and feeding the fit                         */
/* ------------------------------------------------------------------ */

/* --every: after each N data rows, hand on the rows and report. */
static int sink_tick(struct sink *s)
{
	int st;
	if (!s->every || s->rows_read < s->next_every)
		return EX_OK;
	s->next_every += s->every;
	st = sink_flush(s);
	return st ? st : s->tick ? s->tick(s, s->tick_ctx) : EX_OK;
}

/*
 * The exit status for the core's answer to rows added, said if not OK.
 * The core's frames move to fit any finite value (fit.c), so only a
 * failure of the program itself is left.
 */
static int added(lr_status st)
{
	if (st != LR_OK) {
		msg("%s", lr_strerror(st));
		return EX_SOFTWARE;
	}
	return EX_OK;
}

int sink_flush(struct sink *s)
{
	lr_status st;
	if (!s->nbuf)
		return EX_OK;
	st = lr_fit_add_rows(s->fit, s->bx, s->by, s->weighted ? s->bw : NULL,
	    s->nbuf);
	s->nbuf = 0;
	return added(st);
}

/* ------------------------------------------------------------------ */
/* Groups (-g)                                                         */
/* ------------------------------------------------------------------ */

/* Does group i hold the key (key, n)?  (For the index.) */
static int same_group(const void *ctx, size_t i, const void *key, size_t n)
{
	const struct group *gr = &((const struct sink *)ctx)->groups[i];
	return gr->keylen == n && !memcmp(gr->key, key, n);
}

struct group *sink_group(struct sink *s, const char *const *val,
    const size_t *len)
{
	size_t need = 0, i, found;
	uint64_t hash;
	int g;
	char *k;
	struct group *gr;

	for (g = 0; g < s->ngroup; g++)
		need += 8 + len[g];
	if (need > s->keycap) {
		char *nb = realloc(s->keybuf, need);
		if (!nb)
			return NULL;
		s->keybuf = nb;
		s->keycap = need;
	}
	for (k = s->keybuf, g = 0; g < s->ngroup; g++) {
		uint64_t l = len[g];
		for (i = 0; i < 8; i++)
			*k++ = (char)(l >> (8 * i));
		memcpy(k, val[g], len[g]);
		k += len[g];
	}
	/* A keyed hash: data cannot aim all groups at one slot (groups.c). */
	found = gindex_find(&s->gidx, s->keybuf, need, same_group, s, &hash);
	if (found != (size_t)-1)
		return &s->groups[found];
	/* A new group, last in first-seen order. */
	if (s->ngroups == s->gcap) {
		size_t cap = s->gcap ? 2 * s->gcap : 16;
		struct group *ng = realloc(s->groups, cap * sizeof *ng);
		if (!ng)
			return NULL;
		s->groups = ng;
		s->gcap = cap;
	}
	gr = &s->groups[s->ngroups];
	memset(gr, 0, sizeof *gr);
	gr->key = malloc(need ? need : 1);
	gr->val = calloc((size_t)s->ngroup, sizeof *gr->val);
	if (!gr->key || !gr->val || lr_fit_new(&s->spec, &gr->fit) != LR_OK)
		goto nomem;
	memcpy(gr->key, s->keybuf, need);
	gr->keylen = need;
	for (g = 0; g < s->ngroup; g++) {
		gr->val[g] = malloc(len[g] + 1);
		if (!gr->val[g])
			goto nomem;
		memcpy(gr->val[g], val[g], len[g]);
		gr->val[g][len[g]] = '\0';
	}
	if (gindex_add(&s->gidx, hash, s->ngroups))
		goto nomem;
	s->ngroups++;
	return gr;
nomem:
	free(gr->key);
	if (gr->val)
		for (g = 0; g < s->ngroup; g++)
			free(gr->val[g]);
	free(gr->val);
	lr_fit_free(gr->fit);
	return NULL;
}

int sink_group_names(struct sink *s, const char *const *names)
{
	int g;
	if (s->gname)
		return EX_OK;
	s->gname = calloc((size_t)s->ngroup, sizeof *s->gname);
	if (!s->gname)
		return EX_OSERR;
	for (g = 0; g < s->ngroup; g++)
		if (!(s->gname[g] = strdup(names[g] ? names[g] : "?")))
			return EX_OSERR;
	return EX_OK;
}

void sink_free_groups(struct sink *s)
{
	size_t j;
	int g;
	/* For tests: the index's work, which must stay near 1.5 probes a
	 * lookup whatever the group values (groups.h). */
	if (s->gidx.lookups && getenv("LINREG_DEBUG_GROUPS"))
		fprintf(stderr, "linreg: debug: %zu groups, %llu lookups, "
		    "%llu probes\n", s->ngroups,
		    (unsigned long long)s->gidx.lookups,
		    (unsigned long long)s->gidx.probes);
	for (j = 0; j < s->ngroups; j++) {
		free(s->groups[j].key);
		for (g = 0; g < s->ngroup; g++)
			free(s->groups[j].val[g]);
		free(s->groups[j].val);
		lr_fit_free(s->groups[j].fit);
	}
	free(s->groups);
	gindex_free(&s->gidx);
	free(s->keybuf);
	if (s->gname)
		for (g = 0; g < s->ngroup; g++)
			free(s->gname[g]);
	free(s->gname);
}

void sink_free(struct sink *s)
{
	int i;

	lr_fit_free(s->fit);
	s->fit = NULL;
	sink_free_groups(s);
	free(s->gval);
	free(s->glen);
	free(s->pred);
	free(s->bx);
	free(s->by);
	free(s->bw);
	free(s->first_skip);
	free(s->err_what);
	free(s->skip_what);
	if (s->name)
		for (i = 0; i < s->ncols; i++)
			free(s->name[i]);
	free(s->name);
}

int sink_row(struct sink *s, const double *v, const char *name,
    uint64_t line)
{
	if (s->weighted && !(v[s->nx + 1] > 0)) {
		char what[200], num[NUM_BUFSIZE];
		snprintf(what, sizeof what, "column '%.60s': weight must be "
		    "positive, got %s", s->name ? s->name[s->nx + 1] : "w",
		    num_format(num, v[s->nx + 1], 0));
		return sink_invalid(s, name, line, what);
	}
	if (s->plot)
		/* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): readers fill all ncols >= 2 values; the analyzer assumes a row of none */
		plot_sample_add(s->plot, v[0], v[s->nx]);
	if (s->ngroup) {
		/* Each row to its group's fit, at once. */
		struct group *gr = sink_group(s, s->gval, s->glen);
		lr_status st;
		s->gready = 0;
		if (!gr) {
			return oom();
		}
		st = lr_fit_add_weighted(gr->fit, v, v[s->nx],
		    s->weighted ? v[s->nx + 1] : 1);
		if (st != LR_OK)
			return added(st);
		gr->rows++;
		return EX_OK;
	}
	if (!s->bx) {
		s->bx = malloc(SINK_BATCH * (size_t)s->nx * sizeof *s->bx);
		s->by = malloc(SINK_BATCH * sizeof *s->by);
		s->bw = malloc(SINK_BATCH * sizeof *s->bw);
		if (!s->bx || !s->by || !s->bw) {
			return oom();
		}
	}
	memcpy(s->bx + s->nbuf * (size_t)s->nx, v, (size_t)s->nx * sizeof *v);
	s->by[s->nbuf] = v[s->nx];
	s->bw[s->nbuf] = s->weighted ? v[s->nx + 1] : 1;
	if (++s->nbuf == SINK_BATCH) {
		int st = sink_flush(s);
		if (st)
			return st;
	}
	return sink_tick(s);
}

int sink_invalid(struct sink *s, const char *name, uint64_t line,
    const char *what)
{
	char where[300];
	if (s->skip_invalid && s->ngroup && s->gready) {
		/* Counted in its group too, which is made if it is new, so
		 * that a group whose rows were all skipped is still reported. */
		struct group *gr = sink_group(s, s->gval, s->glen);
		s->gready = 0;
		if (!gr) {
			return oom();
		}
		gr->skipped++;
	}
	s->gready = 0;
	if (s->defer) {
		/* A thread's piece: keep the first one for the main thread. */
		if (!s->skip_invalid || s->rows_skipped++ == 0) {
			char **w = s->skip_invalid ? &s->skip_what : &s->err_what;
			*(s->skip_invalid ? &s->skip_line : &s->err_line) = line;
			*w = strdup(what);
			if (!*w)
				return EX_OSERR;
		}
		return s->skip_invalid ? EX_OK : EX_DATAERR;
	}
	if (line)
		snprintf(where, sizeof where, "%s:%llu", name,
		    (unsigned long long)line);
	else
		snprintf(where, sizeof where, "%s", name);
	if (!s->skip_invalid) {
		msg("%s: %s", where, what);
		return EX_DATAERR;
	}
	if (s->rows_skipped++ == 0) {
		size_t n = strlen(where) + strlen(what) + 3;
		s->first_skip = malloc(n);
		if (!s->first_skip) {
			return oom();
		}
		snprintf(s->first_skip, n, "%s: %s", where, what);
	}
	return sink_tick(s);
}

int sink_names(struct sink *s, const char *const *names)
{
	int i;
	if (s->name)
		return EX_OK;
	s->name = calloc((size_t)s->ncols, sizeof *s->name);
	if (!s->name) {
		return oom();
	}
	for (i = 0; i < s->ncols; i++) {
		s->name[i] = strdup(names[i] ? names[i] : "?");
		if (!s->name[i]) {
			return oom();
		}
	}
	return EX_OK;
}

int sink_predict(struct sink *s, const double *x)
{
	if (s->npred == s->predcap) {
		size_t cap = s->predcap ? 2 * s->predcap : 8;
		double *p = realloc(s->pred, cap * (size_t)s->nx * sizeof *p);
		if (!p) {
			return oom();
		}
		s->pred = p;
		s->predcap = cap;
	}
	memcpy(s->pred + s->npred * (size_t)s->nx, x, (size_t)s->nx * sizeof *x);
	s->npred++;
	return EX_OK;
}

const char *default_name(const struct input_opts *o, int i, char *buf,
    size_t size)
{
	if (i == o->nx)
		return "y";
	if (i == o->nx + 1)
		return "w";
	if (o->nx == 1)
		return "x";
	snprintf(buf, size, "x%d", i + 1);
	return buf;
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

/* ------------------------------------------------------------------ */
/* Delimited text: header, columns, rows                               */
/* ------------------------------------------------------------------ */


/*
 * Evidence of a header: a cell that is there but is not a number.  An
 * empty cell is a missing value, not a name, so a first data row with a
 * gap is reported as bad data rather than silently taken as a header.
 */
static int is_name(const char *s, size_t len)
{
	double v;
	enum num_result r = num_parse(s, len, &v);
	return r == NUM_SYNTAX || r == NUM_RANGE;
}

/* Find spec in the header row (exact match, first wins), or use its index. */
static int resolve(const struct colspec *spec, const csv_record *hdr,
    const char *where, struct column *col)
{
	size_t i;
	long idx = spec->name ? spec->index : spec->defindex;

	col->name = NULL;
	if (idx == 0 && hdr) {
		for (i = 0; i < hdr->nfields; i++)
			if (strlen(hdr->field[i]) == hdr->len[i] &&
			    strcmp(hdr->field[i], spec->name) == 0)
				break;
		if (i == hdr->nfields) {
			msg("%s: no column named '%s' in the header", where,
			    spec->name);
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

/* "column 'name'", or "column 3" without a header. */
static void colname(char *buf, size_t size, const struct column *c)
{
	if (c->name)
		snprintf(buf, size, "column '%.60s'", c->name);
	else
		snprintf(buf, size, "column %zu", c->field + 1);
}

/* One data record: every cell parsed, or the row reported invalid. */
int delimited_row(struct sink *s, const char *name, const csv_record *rec,
    const struct column *cols, int ncols, double *v)
{
	int i;

	if (s->fitted)
		return fitted_row(s, rec, cols, ncols);
	s->rows_read++;
	for (i = 0; i < s->ngroup; i++) {
		/* Group values are text; a missing field is the empty group. */
		const struct column *c = &cols[ncols + i];
		int in = c->field < rec->nfields;
		s->gval[i] = in ? rec->field[c->field] : "";
		s->glen[i] = in ? rec->len[c->field] : 0;
	}
	s->gready = s->ngroup > 0;
	for (i = 0; i < ncols; i++) {
		const struct column *c = &cols[i];
		char what[300], cn[80], cell[200];
		enum num_result r = NUM_EMPTY;

		if (c->field < rec->nfields) {
			r = num_parse(rec->field[c->field], rec->len[c->field],
			    &v[i]);
			if (r == NUM_OK)
				continue;
		}
		/* The message, only now that there is one to give. */
		colname(cn, sizeof cn, c);
		if (c->field >= rec->nfields) {
			snprintf(what, sizeof what, "%s: missing (the row has "
			    "%zu field%s)", cn, rec->nfields,
			    rec->nfields == 1 ? "" : "s");
		} else {
			describe_cell(cell, sizeof cell, rec->field[c->field],
			    rec->len[c->field], r);
			snprintf(what, sizeof what, "%s: %s", cn, cell);
		}
		return sink_invalid(s, name, rec->line, what);
	}
	return sink_row(s, v, name, rec->line);
}

int sink_names_or_default(struct sink *s, const struct input_opts *o,
    const char *const *given)
{
	const char **names;
	char (*buf)[16];
	int i, st;

	if (s->name)
		return EX_OK;
	names = calloc((size_t)o->ncols, sizeof *names);
	buf = calloc((size_t)o->ncols, sizeof *buf);
	if (!names || !buf) {
		free(names);
		free(buf);
		return oom();
	}
	for (i = 0; i < o->ncols; i++)
		names[i] = given && given[i] ? given[i] :
		    default_name(o, i, buf[i], sizeof buf[i]);
	st = sink_names(s, names);
	free(names);
	free(buf);
	return st;
}

/* The names of the columns: from the header, else the defaults. */
static int set_names(struct sink *s, const struct input_opts *o,
    const struct column *cols)
{
	const char **given = calloc((size_t)o->ncols, sizeof *given);
	int i, st;
	if (!given) {
		return oom();
	}
	for (i = 0; i < o->ncols; i++)
		given[i] = cols[i].name;
	st = sink_names_or_default(s, o, given);
	free(given);
	return st;
}

int delimited_header(const csv_record *rec, const char *name,
    const struct input_opts *o, struct sink *s, struct column *cols,
    int *is_header)
{
	int header = o->header, i, status = EX_OK;
	char where[300];

	snprintf(where, sizeof where, "%s:%llu", name,
	    (unsigned long long)rec->line);
	/* Names in -x/-y imply a header; else detect one. */
	for (i = 0; i < o->ncols && header < 0; i++)
		if (o->col[i].name && !o->col[i].index)
			header = 1;
	if (header < 0) {
		header = 0;
		for (i = 0; i < o->ncols; i++) {
			size_t fi = (size_t)(o->col[i].name ? o->col[i].index :
			    o->col[i].defindex) - 1;
			if (fi < rec->nfields && is_name(rec->field[fi],
			    rec->len[fi]))
				header = 1;
		}
	}
	for (i = 0; i < o->ncols && !status; i++)
		status = resolve(&o->col[i], header ? rec : NULL, where,
		    &cols[i]);
	for (i = 0; i < o->ngroup && !status; i++)
		status = resolve(&o->gcol[i], header ? rec : NULL, where,
		    &cols[o->ncols + i]);
	if (!status && o->ngroup) {
		const char **gn = calloc((size_t)o->ngroup, sizeof *gn);
		char (*buf)[16] = calloc((size_t)o->ngroup, sizeof *buf);
		if (!gn || !buf)
			status = EX_OSERR;
		for (i = 0; i < o->ngroup && !status; i++) {
			snprintf(buf[i], sizeof buf[i], "g%d", i + 1);
			gn[i] = cols[o->ncols + i].name ? cols[o->ncols + i].name
			    : buf[i];
		}
		if (!status)
			status = sink_group_names(s, gn);
		free(gn);
		free(buf);
	}
	for (i = 0; i < o->ncols + o->ngroup && !status; i++) {
		int k;
		for (k = 0; k < i; k++)
			if (cols[k].field == cols[i].field) {
				char cn[80];
				colname(cn, sizeof cn, &cols[i]);
				msg("%s: %s is selected twice (as %s and as %s): "
				    "name the columns with -x and -y", where, cn,
				    role(o, k), role(o, i));
				status = EX_USAGE;
				break;
			}
	}
	if (!status)
		status = set_names(s, o, cols);
	*is_header = header;
	return status;
}

/* ------------------------------------------------------------------ */
/* Progress                                                            */
/* ------------------------------------------------------------------ */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void progress_update(struct sink *s, uint64_t bytes, uint64_t size)
{
	double t = now(), el, rate;
	uint64_t done = s->bytes_done + bytes;
	int tty = s->progress == 1;

	if (s->t0 == 0) {
		s->t0 = s->tlast = t;
		return;
	}
	el = t - s->t0;
	/* After a second, then every 0.2 s on a terminal, every 1 s in a log. */
	if (el < 1 || t - s->tlast < (tty ? 0.2 : 1))
		return;
	s->tlast = t;
	rate = (double)done / el / 1e6;
	fprintf(stderr, "%slinreg: %.1f MB", tty ? "\r\033[K" : "",
	    (double)done / 1e6);
	if (size)
		fprintf(stderr, " of %.1f MB (%.0f%%)", (double)(s->bytes_done +
		    size) / 1e6, 100.0 * (double)done /
		    (double)(s->bytes_done + size));
	fprintf(stderr, ", %llu rows, %.0f MB/s", (unsigned long long)
	    s->rows_read, rate);
	if (size && rate > 0)
		fprintf(stderr, ", about %.0f s left", (double)(s->bytes_done +
		    size - done) / 1e6 / rate);
	fputs(tty ? "" : "\n", stderr);
	s->progress_shown = 1;
}

void progress_end(struct sink *s)
{
	if (!s->progress)
		return;
	if (s->progress == 1 && s->progress_shown)
		fputs("\r\033[K", stderr);
	if (s->progress == 2) {
		double el = s->t0 ? now() - s->t0 : 0;
		fprintf(stderr, "linreg: read %.1f MB, %llu rows in %.2f s\n",
		    (double)s->bytes_done / 1e6,
		    (unsigned long long)s->rows_read, el);
	}
}

int delimited_rows(csv_reader *r, const char *name,
    const struct input_opts *o, struct sink *s, const struct column *cols)
{
	double *v = malloc((size_t)o->ncols * sizeof *v);
	int got, status;

	if (!v) {
		return oom();
	}
	status = delimited_stream(r, name, s, cols, o->ncols, v, 0, &got);
	if (got < 0 && !status)
		status = csv_failure(r, name);
	free(v);
	return status;
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

static int read_delimited(csv_reader *r, const char *name,
    const struct input_opts *o, struct sink *s)
{
	csv_record rec;
	struct column *cols = calloc((size_t)o->ncols + (size_t)o->ngroup,
	    sizeof *cols);
	double *v = calloc((size_t)o->ncols, sizeof *v);
	int got, status = EX_OK, header;

	if (!cols || !v) {
		status = oom();
		goto end;
	}
	got = csv_next(r, &rec);
	if (got < 0)
		status = csv_failure(r, name);
	if (got != 1)
		goto end;
	status = delimited_header(&rec, name, o, s, cols, &header);
	if (!status && header && s->fitted)
		status = fitted_header(s, &rec);
	if (!status && !header)
		status = delimited_row(s, name, &rec, cols, o->ncols, v);
	if (!status)
		status = delimited_rows(r, name, o, s, cols);
end:
	free_columns(cols, o->ncols + o->ngroup);
	free(v);
	return status;
}

/* ------------------------------------------------------------------ */
/* Sources and formats                                                 */
/* ------------------------------------------------------------------ */

static enum input_format format_from_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return FMT_AUTO;
	if (!strcasecmp(dot, ".csv"))
		return FMT_CSV;
	if (!strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".tab"))
		return FMT_TSV;
	if (!strcasecmp(dot, ".json"))
		return FMT_JSON;
	if (!strcasecmp(dot, ".ndjson") || !strcasecmp(dot, ".jsonl"))
		return FMT_NDJSON;
	return FMT_AUTO;
}

/*
 * Read up to SNIFF_MAX bytes until the first byte that is not blank or
 * part of a UTF-8 BOM; *first is that byte, or -1 at end of input.
 */
static ssize_t sniff(int fd, char *buf, int *first)
{
	size_t n = 0, i = 0;
	*first = -1;
	while (n < SNIFF_MAX) {
		ssize_t got = read(fd, buf + n, SNIFF_MAX - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		n += (size_t)got;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];
			if (i < 3 && (c == 0xef || c == 0xbb || c == 0xbf))
				continue;
			if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
				*first = c;
				return (ssize_t)n;
			}
		}
	}
	return (ssize_t)n;
}

int read_source(const char *path, const struct input_opts *o, struct sink *s)
{
	return read_source_fd(-1, path, o, s);
}

int read_source_fd(int given, const char *path, const struct input_opts *o,
    struct sink *s)
{
	int stdin_ = strcmp(path, "-") == 0;
	const char *name = stdin_ ? "<stdin>" : path;
	int fd = given >= 0 ? given : stdin_ ? STDIN_FILENO :
	    open(path, O_RDONLY);
	enum input_format fmt = o->format;
	char *prefix = NULL;
	ssize_t n = 0;
	int status = EX_OK, first = -1, delim;
	struct stat sb;
	csv_reader *r;

	memset(&sb, 0, sizeof sb);
	if (fd < 0) {
		msg("%s: %s", name, strerror(errno));
		return EX_NOINPUT;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		msg("%s: %s", name, strerror(EISDIR));
		status = EX_NOINPUT;
		goto end;
	}
	if (fmt == FMT_AUTO && !stdin_)
		fmt = format_from_name(path);
	if (fmt == FMT_AUTO || fmt == FMT_JSON || fmt == FMT_NDJSON) {
		prefix = malloc(SNIFF_MAX);
		if (!prefix) {
			status = oom();
			goto end;
		}
		n = sniff(fd, prefix, &first);
		if (n < 0) {
			msg("%s: %s", name, strerror(errno));
			status = EX_NOINPUT;
			goto end;
		}
		if (fmt == FMT_AUTO)
			fmt = first == '[' || first == '{' ? FMT_AUTO : FMT_CSV;
	}
	/* --progress counts from here, in every format and with -j. */
	s->progress_size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	if (s->progress)
		progress_update(s, 0, s->progress_size);
	if (fmt != FMT_CSV && fmt != FMT_TSV) {
		/*
		 * FMT_AUTO here means JSON or NDJSON, decided by read_json
		 * from the content; so does a .json name (JSON Lines files
		 * are often called .json).  Only --input-format json insists.
		 */
		if (fmt == FMT_JSON && o->format == FMT_AUTO)
			fmt = FMT_AUTO;
		status = read_json(fd, name, prefix, (size_t)n, fmt, o, s);
		goto end;
	}
	delim = o->delim ? o->delim : fmt == FMT_TSV ? '\t' : ',';
	if (s->fitted)
		s->fitted->delim = delim == CSV_WHITESPACE ? ' ' : delim;
	if (!stdin_ && o->threads > 1 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size >= PARALLEL_MIN_BYTES) {
		int done = 0;
		status = read_parallel(fd, name, delim, (uint64_t)sb.st_size, o,
		    s, &done);
		if (done)
			s->bytes_done += (uint64_t)sb.st_size;
		if (status || done)
			goto end;
		/* Not splittable: from the start, in one piece. */
		n = 0;
		if (lseek(fd, 0, SEEK_SET) != 0) {
			msg("%s: %s", name, strerror(errno));
			status = EX_NOINPUT;
			goto end;
		}
	}
	r = csv_open_prefix(fd, delim, prefix, (size_t)n);
	if (!r) {
		status = oom();
		goto end;
	}
	csv_set_max_record(r, o->max_record);
	status = read_delimited(r, name, o, s);
	s->bytes_done += csv_bytes(r);
	csv_close(r);
end:
	/*
	 * A regular file that shrank while it was read gave a cut-off data
	 * set: say so rather than fit what happened to be there.
	 */
	if ((!status || status == EX_DATAERR) && S_ISREG(sb.st_mode)) {
		struct stat sb_end;
		if (fstat(fd, &sb_end) == 0 && sb_end.st_size < sb.st_size) {
			msg("%s: the file shrank while it was read (from %lld "
			    "to %lld bytes)", name, (long long)sb.st_size,
			    (long long)sb_end.st_size);
			status = EX_NOINPUT;
		}
	}
	free(prefix);
	if (!stdin_ && given < 0)
		close(fd);
	return status;
}

/* ------------------------------------------------------------------ */
/* --predict-file                                                      */
/* ------------------------------------------------------------------ */

int read_predictions(const char *path, const struct input_opts *o,
    struct sink *s)
{
	int stdin_ = strcmp(path, "-") == 0, status = EX_OK, got, first = 1;
	int fd = stdin_ ? STDIN_FILENO : open(path, O_RDONLY), i;
	const char *name = stdin_ ? "<stdin>" : path;
	enum input_format fmt = stdin_ ? FMT_AUTO : format_from_name(path);
	struct column *cols = calloc((size_t)o->nx, sizeof *cols);
	double *x = calloc((size_t)o->nx, sizeof *x);
	csv_reader *r = NULL;
	csv_record rec;

	if (fd < 0) {
		msg("%s: %s", name, strerror(errno));
		free(cols);
		free(x);
		return EX_NOINPUT;
	}
	r = csv_open(fd, o->delim ? o->delim : fmt == FMT_TSV ? '\t' : ',');
	if (!r || !cols || !x) {
		status = oom();
		goto end;
	}
	csv_set_max_record(r, o->max_record);
	while ((got = csv_next(r, &rec)) == 1) {
		char where[300];
		snprintf(where, sizeof where, "%s:%llu", name,
		    (unsigned long long)rec.line);
		if (first) {
			int header = 0;
			first = 0;
			for (i = 0; i < o->nx && (size_t)i < rec.nfields; i++)
				if (is_name(rec.field[i], rec.len[i]))
					header = 1;
			for (i = 0; i < o->nx; i++) {
				struct colspec spec = o->col[i];
				if (!header || !spec.name) {
					/* Positionally: the i-th column. */
					spec.name = "";
					spec.index = i + 1;
				}
				status = resolve(&spec, header ? &rec : NULL,
				    where, &cols[i]);
				if (status)
					goto end;
			}
			if (header)
				continue;
		}
		for (i = 0; i < o->nx; i++) {
			enum num_result nr = NUM_EMPTY;
			char cn[80], cell[200];
			if (cols[i].field < rec.nfields)
				nr = num_parse(rec.field[cols[i].field],
				    rec.len[cols[i].field], &x[i]);
			if (nr != NUM_OK) {
				colname(cn, sizeof cn, &cols[i]);
				describe_cell(cell, sizeof cell,
				    cols[i].field < rec.nfields ?
				    rec.field[cols[i].field] : "",
				    cols[i].field < rec.nfields ?
				    rec.len[cols[i].field] : 0, nr);
				msg("%s: %s: %s", where, cn, cell);
				status = EX_DATAERR;
				goto end;
			}
		}
		if ((status = sink_predict(s, x)))
			goto end;
	}
	if (got < 0) {
		msg("%s:%llu: %s", name, (unsigned long long)csv_error_line(r),
		    csv_errno(r) ? strerror(csv_errno(r)) : csv_error(r));
		status = csv_errno(r) ? EX_NOINPUT : EX_DATAERR;
	}
end:
	csv_close(r);
	if (cols)
		for (i = 0; i < o->nx; i++)
			free(cols[i].name);
	free(cols);
	free(x);
	if (!stdin_)
		close(fd);
	return status;
}
