/*
 * state.c - the partial fit as text (--format state) and back (linreg
 * merge): a line-oriented, versioned format that round-trips every
 * double exactly (C99 hexadecimal floats) and does not depend on byte
 * order or word size.  linreg(1) specifies it:
 *
 *	linreg-state 1
 *	model nx=1 degree=0 intercept=1 weighted=0
 *	names "x" "y"
 *	rows 36 0
 *	n 36
 *	sumlogw 0x0p+0 0x0p+0
 *	frame 0x1.999999999999ap-3 -2 0x1.999999999999ap-4 -3
 *	r 0x1.8p+2 0x0p+0 ...            (ncol lines of 2*ncol numbers)
 *	end
 *
 * Several states may follow each other in one stream (the output of
 * many mappers, concatenated).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "state.h"

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* A name as a JSON string (the escapes that read_name understands). */
static void put_name(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	putc('"', out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			putc(*p, out);
	}
	putc('"', out);
}

/* One state: fit, counts, and the group it belongs to (or none). */
static void write_one(FILE *out, const lr_fit *fit, const struct sink *s,
    char *const *gval, uint64_t rows, uint64_t skipped)
{
	lr_fit_state st;
	int i, j;

	lr_fit_export(fit, &st);
	fprintf(out, "linreg-state %d\n", STATE_VERSION);
	fprintf(out, "model nx=%d degree=%d intercept=%d weighted=%d\n",
	    st.spec.nx, st.spec.degree, !(st.spec.flags & LR_NO_INTERCEPT),
	    s->weighted);
	fputs("names", out);
	for (i = 0; i < s->ncols; i++) {
		putc(' ', out);
		put_name(out, s->name[i]);
	}
	putc('\n', out);
	if (gval) {
		fputs("groups", out);
		for (i = 0; i < s->ngroup; i++) {
			putc(' ', out);
			put_name(out, s->gname[i]);
		}
		fputs("\ngroup", out);
		for (i = 0; i < s->ngroup; i++) {
			putc(' ', out);
			put_name(out, gval[i]);
		}
		putc('\n', out);
	}
	fprintf(out, "rows %llu %llu\n", (unsigned long long)rows,
	    (unsigned long long)skipped);
	fprintf(out, "n %llu\n", (unsigned long long)st.n);
	fprintf(out, "sumlogw %a %a\n", st.sumlogw[0], st.sumlogw[1]);
	fputs("frame", out);
	for (i = 0; i < st.nv; i++)
		fprintf(out, " %a %d", st.shift[i], st.scale[i]);
	putc('\n', out);
	for (i = 0; i < st.ncol; i++) {
		fputs("r", out);
		for (j = 0; j < 2 * st.ncol; j++)
			fprintf(out, " %a", st.r[(size_t)i * 2 * st.ncol + j]);
		putc('\n', out);
	}
	fputs("end\n", out);
}

void write_state(FILE *out, const lr_fit *fit, const struct sink *s)
{
	size_t k;
	uint64_t in_groups = 0;

	if (!s->ngroup) {
		write_one(out, fit, s, NULL, s->rows_read, s->rows_skipped);
		return;
	}
	/*
	 * With -g, a state per group (with the rows skipped in it), then one
	 * without a group and without rows in the fit that carries the
	 * skipped rows whose group is unknown, so that merging keeps every
	 * count.
	 */
	for (k = 0; k < s->ngroups; k++) {
		const struct group *gr = &s->groups[k];
		write_one(out, gr->fit, s, gr->val, gr->rows + gr->skipped,
		    gr->skipped);
		in_groups += gr->rows + gr->skipped;
	}
	if (s->rows_read > in_groups)
		write_one(out, fit, s, NULL, s->rows_read - in_groups,
		    s->rows_read - in_groups);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

struct sreader {
	FILE *in;
	const char *name;
	uint64_t line;
	char *buf;
	size_t cap;
};

/* The next line (without its line end), or NULL at the end of input. */
static char *next_line(struct sreader *r)
{
	size_t n = 0;
	int c;
	while ((c = getc(r->in)) != EOF && c != '\n') {
		if (n + 2 > r->cap) {
			size_t cap = r->cap ? 2 * r->cap : 256;
			char *nb = realloc(r->buf, cap);
			if (!nb)
				return NULL;
			r->buf = nb;
			r->cap = cap;
		}
		r->buf[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return NULL;
	if (!r->buf) {
		r->buf = malloc(1);
		if (!r->buf)
			return NULL;
	}
	r->buf[n] = '\0';
	if (n > 0 && r->buf[n - 1] == '\r')
		r->buf[n - 1] = '\0';
	r->line++;
	return r->buf;
}

static int bad(struct sreader *r, const char *what)
{
	msg("%s:%llu: not a valid linreg state: %s", r->name,
	    (unsigned long long)r->line, what);
	return EX_DATAERR;
}

/* "KEY rest": the rest after the keyword, or NULL. */
static char *keyword(char *line, const char *key)
{
	size_t n = strlen(key);
	if (!line || strncmp(line, key, n) != 0)
		return NULL;
	/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult): line holds key, so line[n] is in the string */
	if (line[n] != ' ' && line[n] != '\0')
		return NULL;
	return line + n;
}

/* Nothing but blanks left on the line? */
static int at_end(const char *p)
{
	while (*p == ' ')
		p++;
	return *p == '\0';
}

/* A double (decimal or hexadecimal, finite) at *p; advances *p. */
static int read_double(char **p, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(*p, &end);
	if (end == *p || errno == ERANGE || *v != *v || *v - *v != 0)
		return -1;
	*p = end;
	return 0;
}

static int read_u64(char **p, uint64_t *v)
{
	char *end;
	while (**p == ' ')
		(*p)++;
	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	*v = strtoull(*p, &end, 10);
	if (errno)
		return -1;
	*p = end;
	return 0;
}

static int read_int(char **p, int *v)
{
	char *end;
	long l;
	errno = 0;
	l = strtol(*p, &end, 10);
	if (end == *p || errno || l < -100000 || l > 100000)
		return -1;
	*v = (int)l;
	*p = end;
	return 0;
}

/* A JSON string at *p, unescaped into a new allocation. */
static char *read_name(char **p)
{
	char *s = *p, *out, *w;
	while (*s == ' ')
		s++;
	if (*s++ != '"')
		return NULL;
	out = w = malloc(strlen(s) + 1);
	if (!out)
		return NULL;
	while (*s && *s != '"') {
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				/* \u00XX, exactly four hex digits, ASCII only */
				unsigned v = 0;
				int d;
				for (d = 1; d <= 4; d++) {
					char c = s[d];
					int x = c >= '0' && c <= '9' ? c - '0' :
					    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
					    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
					if (x < 0)
						break;
					v = v * 16 + (unsigned)x;
				}
				if (d <= 4 || v == 0 || v > 0x7f)
					break;
				*w++ = (char)v;
				s += 5;
				continue;
			}
			if (*s != '"' && *s != '\\')
				break;
		}
		/* cppcheck-suppress uninitdata ; w is written here, not read */
		*w++ = *s++;
	}
	if (*s != '"') {
		free(out);
		return NULL;
	}
	*w = '\0';
	*p = s + 1;
	return out;
}

static void free_names(char **v, int n)
{
	int i;
	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void state_free(struct state *st)
{
	if (!st)
		return;
	lr_fit_free(st->fit);
	free_names(st->name, st->ncols);
	free_names(st->gname, st->ngroup);
	free_names(st->gval, st->ngroup);
	memset(st, 0, sizeof *st);
}

/* "KEY "a" "b" ...": n names after the keyword into a new array. */
static char **read_names(char *p, int n)
{
	char **v = calloc((size_t)(n > 0 ? n : 1), sizeof *v);
	int i;
	if (!v)
		return NULL;
	for (i = 0; i < n; i++)
		if (!(v[i] = read_name(&p))) {
			free_names(v, n);
			return NULL;
		}
	while (*p == ' ')
		p++;
	if (*p) {
		free_names(v, n);
		return NULL;
	}
	return v;
}

/* One state from the reader's current position; 0 at a clean end. */
static int read_one(struct sreader *r, struct state *st, int *got)
{
	char *line, *p;
	int version, i, j, icpt, ncol, nv, used = 0;
	lr_fit_state fs;
	double *frame_c = NULL, *rr = NULL;
	int *frame_e = NULL, status = EX_DATAERR;
	lr_status ls;

	memset(st, 0, sizeof *st);
	*got = 0;
	do
		line = next_line(r);
	while (line && line[0] == '\0');
	if (!line)
		return EX_OK;
	*got = 1;
	if (!(p = keyword(line, "linreg-state")) || sscanf(p, "%d%n",
	    &version, &used) != 1 || !at_end(p + used))
		return bad(r, "expected \"linreg-state 1\"");
	if (version != STATE_VERSION)
		return bad(r, "this linreg reads version 1 only");
	memset(&fs, 0, sizeof fs);
	if (!(p = keyword(next_line(r), "model")) || sscanf(p,
	    " nx=%d degree=%d intercept=%d weighted=%d%n", &fs.spec.nx,
	    &fs.spec.degree, &icpt, &st->weighted, &used) != 4 ||
	    !at_end(p + used) || fs.spec.nx < 1 ||
	    fs.spec.nx > 1000 || fs.spec.degree < 0 || fs.spec.degree > 30 ||
	    (icpt != 0 && icpt != 1) || (st->weighted != 0 &&
	    st->weighted != 1))
		return bad(r, "a bad \"model\" line");
	fs.spec.flags = icpt ? 0 : LR_NO_INTERCEPT;
	st->spec = fs.spec;
	st->ncols = fs.spec.nx + 1 + st->weighted;
	if (!(p = keyword(next_line(r), "names")))
		return bad(r, "expected the \"names\" line");
	if (!(st->name = read_names(p, st->ncols)))
		return bad(r, "a bad \"names\" line");
	line = next_line(r);
	if ((p = keyword(line, "groups"))) {
		/* A state of one group: the group columns, then its values. */
		int ng = 0;
		char *q = p, *nm;
		while ((nm = read_name(&q)) != NULL) {
			free(nm);
			ng++;
		}
		if (ng < 1 || ng > 1000 || !(st->gname = read_names(p, ng)))
			return bad(r, "a bad \"groups\" line");
		st->ngroup = ng;
		if (!(p = keyword(next_line(r), "group")) ||
		    !(st->gval = read_names(p, ng)))
			return bad(r, "expected a \"group\" line of values");
		line = next_line(r);
	}
	if (!(p = keyword(line, "rows")) || read_u64(&p,
	    &st->rows_read) || read_u64(&p, &st->rows_skipped) ||
	    !at_end(p) || st->rows_skipped > st->rows_read)
		return bad(r, "a bad \"rows\" line");
	if (!(p = keyword(next_line(r), "n")) || read_u64(&p, &fs.n) ||
	    !at_end(p) || fs.n != st->rows_read - st->rows_skipped)
		return bad(r, "a bad \"n\" line (it must be rows read less "
		    "rows skipped)");
	if (!(p = keyword(next_line(r), "sumlogw")) ||
	    read_double(&p, &fs.sumlogw[0]) || read_double(&p,
	    &fs.sumlogw[1]) || !at_end(p))
		return bad(r, "a bad \"sumlogw\" line");
	nv = fs.spec.nx + 1;
	ncol = (fs.spec.degree >= 2 ? fs.spec.degree : fs.spec.nx) + 2;
	frame_c = calloc((size_t)nv, sizeof *frame_c);
	frame_e = calloc((size_t)nv, sizeof *frame_e);
	rr = calloc((size_t)ncol * ncol * 2, sizeof *rr);
	if (!frame_c || !frame_e || !rr)
		goto nomem;
	if (!(p = keyword(next_line(r), "frame"))) {
		bad(r, "expected the \"frame\" line");
		goto end;
	}
	for (i = 0; i < nv; i++)
		if (read_double(&p, &frame_c[i]) || read_int(&p, &frame_e[i])) {
			bad(r, "a bad \"frame\" line");
			goto end;
		}
	if (!at_end(p)) {
		bad(r, "a bad \"frame\" line (more numbers than columns)");
		goto end;
	}
	for (i = 0; i < ncol; i++) {
		if (!(p = keyword(next_line(r), "r"))) {
			bad(r, "expected an \"r\" line of the factor");
			goto end;
		}
		for (j = 0; j < 2 * ncol; j++)
			if (read_double(&p, &rr[(size_t)i * 2 * ncol + j])) {
				bad(r, "a bad number in an \"r\" line");
				goto end;
			}
		if (!at_end(p)) {
			bad(r, "an \"r\" line with more numbers than columns");
			goto end;
		}
	}
	line = next_line(r);
	if (!line || strncmp(line, "end", 3) != 0 || !at_end(line + 3)) {
		bad(r, "expected \"end\" (the state is cut short)");
		goto end;
	}
	fs.nv = nv;
	fs.shift = frame_c;
	fs.scale = frame_e;
	fs.ncol = ncol;
	fs.r = rr;
	ls = lr_fit_import(&fs, &st->fit);
	if (ls == LR_ENOMEM)
		goto nomem;
	if (ls != LR_OK) {
		bad(r, "the numbers do not make a fit (corrupt)");
		goto end;
	}
	status = EX_OK;
	goto end;
nomem:
	msg("out of memory");
	status = EX_OSERR;
end:
	free(frame_c);
	free(frame_e);
	free(rr);
	return status;
}

/* Whether two states fit the same model on the same columns. */
static int same_model(const struct state *a, const struct state *b,
    char *why, size_t size)
{
	int i;
	if (a->spec.nx != b->spec.nx || a->spec.degree != b->spec.degree ||
	    a->spec.flags != b->spec.flags || a->weighted != b->weighted) {
		snprintf(why, size, "the models differ (predictors, degree, "
		    "intercept or weights)");
		return 0;
	}
	for (i = 0; i < a->ncols; i++)
		if (strcmp(a->name[i], b->name[i]) != 0) {
			snprintf(why, size, "the columns differ ('%.40s' and "
			    "'%.40s')", a->name[i], b->name[i]);
			return 0;
		}
	return 1;
}

/* Whether a state's group columns are the sink's. */
static int same_groups(const struct sink *s, const struct state *st)
{
	int g;
	if (s->ngroup != st->ngroup)
		return 0;
	for (g = 0; g < s->ngroup; g++)
		if (strcmp(s->gname[g], st->gname[g]) != 0)
			return 0;
	return 1;
}

/* A state of one group into the sink's group of the same values. */
static int merge_group(struct sink *s, struct state *st, const char *where)
{
	struct group *gr;
	size_t len[1000];
	int g;

	if (!s->ngroup) {
		s->ngroup = st->ngroup;
		if (sink_group_names(s, (const char *const *)st->gname))
			return EX_OSERR;
	} else if (!same_groups(s, st)) {
		msg("%s: cannot merge: the group columns differ", where);
		return EX_DATAERR;
	}
	for (g = 0; g < st->ngroup; g++)
		len[g] = strlen(st->gval[g]);
	gr = sink_group(s, (const char *const *)st->gval, len);
	if (!gr) {
		msg("out of memory");
		return EX_OSERR;
	}
	if (lr_fit_merge(gr->fit, st->fit) != LR_OK) {
		msg("%s: cannot merge", where);
		return EX_DATAERR;
	}
	if (gr->rows + lr_fit_count(st->fit) < gr->rows) {
		msg("%s: cannot merge: the row counts overflow", where);
		return EX_DATAERR;
	}
	gr->rows += lr_fit_count(st->fit);
	gr->skipped += st->rows_skipped;
	return EX_OK;
}

int read_states(const char *path, struct state *acc, int *have,
    struct sink *s)
{
	int stdin_ = strcmp(path, "-") == 0, status = EX_OK, got;
	struct sreader r;
	struct state st;

	memset(&r, 0, sizeof r);
	r.name = stdin_ ? "<stdin>" : path;
	r.in = stdin_ ? stdin : fopen(path, "r");
	if (!r.in) {
		msg("%s: %s", path, strerror(errno));
		return EX_NOINPUT;
	}
	for (;;) {
		char why[120], where[300];
		status = read_one(&r, &st, &got);
		if (status || !got)
			break;
		snprintf(where, sizeof where, "%s:%llu", r.name,
		    (unsigned long long)r.line);
		if (!*have) {
			*acc = st;
			*have = 1;
			if (st.ngroup) {
				/* The model's own fit stays empty; rows go to groups. */
				s->spec = st.spec;
				acc->fit = NULL;
				if (lr_fit_new(&st.spec, &acc->fit) != LR_OK) {
					/* acc owns all of st (it is its copy) */
					msg("out of memory");
					status = EX_OSERR;
					acc->fit = st.fit;
					memset(&st, 0, sizeof st);
					break;
				}
				status = merge_group(s, &st, where);
				/* acc keeps the names; the rest of st is done with. */
				lr_fit_free(st.fit);
				free_names(st.gname, st.ngroup);
				free_names(st.gval, st.ngroup);
				acc->gname = acc->gval = NULL;
				acc->ngroup = 0;
				memset(&st, 0, sizeof st);
				if (status)
					break;
			}
			continue;
		}
		if (lr_fit_count(acc->fit) == 0 && !s->ngroup && !st.ngroup &&
		    st.spec.nx == acc->spec.nx &&
		    st.spec.degree == acc->spec.degree &&
		    st.spec.flags == acc->spec.flags &&
		    st.weighted == acc->weighted) {
			/* So far only empty fits, whose names may be defaults:
			 * take this state's, keeping the counts. */
			if (st.rows_read + acc->rows_read < st.rows_read) {
				msg("%s: cannot merge: the row counts overflow",
				    where);
				state_free(&st);
				status = EX_DATAERR;
				break;
			}
			st.rows_read += acc->rows_read;
			st.rows_skipped += acc->rows_skipped;
			state_free(acc);
			*acc = st;
			continue;
		}
		if (!same_model(acc, &st, why, sizeof why) &&
		    !(lr_fit_count(st.fit) == 0 && !st.ngroup)) {
			msg("%s: cannot merge: %s", where, why);
			state_free(&st);
			status = EX_DATAERR;
			break;
		}
		if (acc->rows_read + st.rows_read < acc->rows_read) {
			msg("%s: cannot merge: the row counts overflow", where);
			state_free(&st);
			status = EX_DATAERR;
			break;
		}
		acc->rows_read += st.rows_read;
		acc->rows_skipped += st.rows_skipped;
		if (st.ngroup) {
			if (lr_fit_count(acc->fit) > 0) {
				msg("%s: cannot merge the state of a group with "
				    "one of all the data", where);
				status = EX_DATAERR;
			} else {
				s->spec = st.spec;
				status = merge_group(s, &st, where);
			}
		} else if (lr_fit_count(st.fit) > 0 && s->ngroup) {
			msg("%s: cannot merge a state of all the data with "
			    "states of groups", where);
			status = EX_DATAERR;
		} else if (lr_fit_merge(acc->fit, st.fit) != LR_OK) {
			msg("%s: cannot merge", where);
			status = EX_DATAERR;
		}
		state_free(&st);
		if (status)
			break;
	}
	if (status && got)
		state_free(&st);
	if (!status && ferror(r.in)) {
		msg("%s: %s", r.name, strerror(errno));
		status = EX_NOINPUT;
	}
	if (!stdin_)
		fclose(r.in);
	free(r.buf);
	return status;
}
