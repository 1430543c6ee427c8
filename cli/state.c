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

void write_state(FILE *out, const lr_fit *fit, const struct sink *s)
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
	fprintf(out, "\nrows %llu %llu\n", (unsigned long long)s->rows_read,
	    (unsigned long long)s->rows_skipped);
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
	if (!line || strncmp(line, key, n) != 0 || (line[n] != ' ' &&
	    line[n] != '\0'))
		return NULL;
	return line + n;
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
				unsigned v;
				if (sscanf(s + 1, "%4x", &v) != 1 || v == 0 ||
				    v > 0x7f)
					break;
				*w++ = (char)v;
				s += 5;
				continue;
			}
			if (*s != '"' && *s != '\\')
				break;
		}
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

void state_free(struct state *st)
{
	int i;
	if (!st)
		return;
	lr_fit_free(st->fit);
	if (st->name)
		for (i = 0; i < st->ncols; i++)
			free(st->name[i]);
	free(st->name);
	memset(st, 0, sizeof *st);
}

/* One state from the reader's current position; 0 at a clean end. */
static int read_one(struct sreader *r, struct state *st, int *got)
{
	char *line, *p;
	int version, i, j, icpt, ncol, nv;
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
	if (!(p = keyword(line, "linreg-state")) || sscanf(p, "%d", &version)
	    != 1)
		return bad(r, "expected \"linreg-state 1\"");
	if (version != STATE_VERSION)
		return bad(r, "this linreg reads version 1 only");
	memset(&fs, 0, sizeof fs);
	if (!(p = keyword(next_line(r), "model")) || sscanf(p,
	    " nx=%d degree=%d intercept=%d weighted=%d", &fs.spec.nx,
	    &fs.spec.degree, &icpt, &st->weighted) != 4 || fs.spec.nx < 1 ||
	    fs.spec.nx > 1000 || fs.spec.degree < 0 || fs.spec.degree > 30 ||
	    (icpt != 0 && icpt != 1) || (st->weighted != 0 &&
	    st->weighted != 1))
		return bad(r, "a bad \"model\" line");
	fs.spec.flags = icpt ? 0 : LR_NO_INTERCEPT;
	st->spec = fs.spec;
	st->ncols = fs.spec.nx + 1 + st->weighted;
	if (!(p = keyword(next_line(r), "names")))
		return bad(r, "expected the \"names\" line");
	st->name = calloc((size_t)st->ncols, sizeof *st->name);
	if (!st->name)
		goto nomem;
	for (i = 0; i < st->ncols; i++)
		if (!(st->name[i] = read_name(&p)))
			return bad(r, "a bad column name");
	if (!(p = keyword(next_line(r), "rows")) || read_u64(&p,
	    &st->rows_read) || read_u64(&p, &st->rows_skipped) ||
	    st->rows_skipped > st->rows_read)
		return bad(r, "a bad \"rows\" line");
	if (!(p = keyword(next_line(r), "n")) || read_u64(&p, &fs.n) ||
	    fs.n != st->rows_read - st->rows_skipped)
		return bad(r, "a bad \"n\" line (it must be rows read less "
		    "rows skipped)");
	if (!(p = keyword(next_line(r), "sumlogw")) ||
	    read_double(&p, &fs.sumlogw[0]) || read_double(&p,
	    &fs.sumlogw[1]))
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
	}
	line = next_line(r);
	if (!line || strcmp(line, "end") != 0) {
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

int read_states(const char *path, struct state *acc, int *have)
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
		char why[120];
		status = read_one(&r, &st, &got);
		if (status || !got)
			break;
		if (!*have) {
			*acc = st;
			*have = 1;
			continue;
		}
		/* An empty partial fit may carry default names: skip it. */
		if (st.fit && lr_fit_count(st.fit) == 0 &&
		    st.spec.nx == acc->spec.nx &&
		    st.spec.degree == acc->spec.degree &&
		    st.spec.flags == acc->spec.flags) {
			acc->rows_read += st.rows_read;
			acc->rows_skipped += st.rows_skipped;
			state_free(&st);
			continue;
		}
		if (lr_fit_count(acc->fit) == 0 && st.spec.nx == acc->spec.nx &&
		    st.spec.degree == acc->spec.degree &&
		    st.spec.flags == acc->spec.flags &&
		    st.weighted == acc->weighted) {
			/* the other way round: keep the names that have rows */
			st.rows_read += acc->rows_read;
			st.rows_skipped += acc->rows_skipped;
			state_free(acc);
			*acc = st;
			continue;
		}
		if (!same_model(acc, &st, why, sizeof why)) {
			msg("%s:%llu: cannot merge: %s", r.name,
			    (unsigned long long)r.line, why);
			state_free(&st);
			status = EX_DATAERR;
			break;
		}
		if (lr_fit_merge(acc->fit, st.fit) != LR_OK) {
			msg("%s: cannot merge", r.name);
			status = EX_DATAERR;
		}
		acc->rows_read += st.rows_read;
		acc->rows_skipped += st.rows_skipped;
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
