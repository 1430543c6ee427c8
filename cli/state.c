/*
 * state.c - the partial fit as text (--format state) and back (linreg
 * merge): a line-oriented, versioned format that round-trips every
 * double exactly (C99 hexadecimal floats) and does not depend on byte
 * order or word size.  linreg(1) specifies it:
 *
 *	linreg-state 2
 *	model nx=1 degree=0 intercept=1 weighted=0
 *	names "x" "y"
 *	rows 36 0
 *	n 36
 *	sumlogw 0x0p+0 0x0p+0
 *	weights 0 0x1p+0 0x1p+0
 *	frame 0x1.999999999999ap-3 -2 0x1.999999999999ap-4 -3
 *	r 0x1.8p+2 0x0p+0 ...            (ncol lines of 2*ncol numbers)
 *	check 5d0c3c0a1e5b9f27
 *	end
 *
 * Several states may follow each other in one stream (the output of
 * many mappers, concatenated).
 *
 * States travel between machines and sit in files for a while, so the
 * reader trusts nothing: the check line holds the FNV-1a 64-bit hash of
 * the lines before it (each line's bytes without trailing blanks and a
 * '\r' before its newline, then a newline, from the "linreg-state" line
 * on), which catches a changed digit or a lost
 * line; then every number is checked against the others as far as the
 * numbers allow (see read_one), so that a state written by a faulty
 * program, or edited with its hash recomputed, is still refused when
 * it is not a fit.  Version 1, which had no check line, is refused
 * with a message saying to write the state again.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "number.h"
#include "read_csv.h"
#include "sink.h"
#include "state.h"

/* FNV-1a, 64 bits: the hash of the check line. */
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

/* Most group columns a state may name (-g takes no more in practice). */
#define STATE_MAX_GROUPS 1000

/*
 * h extended by the bytes of line s without its trailing blanks (which
 * the reader allows), then a newline.
 */
static uint64_t fnv_line(uint64_t h, const char *s)
{
	size_t n = strlen(s), i;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (i = 0; i < n; i++) {
		/* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.Assign): next_line wrote every byte before the NUL */
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	h ^= '\n';
	return h * FNV_PRIME;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/*
 * The state is written through lput and lend, which hash what they
 * write for the check line.  Every piece is short (a keyword, a number,
 * one character of a name), so a small buffer does.
 */
struct swriter {
	FILE *out;
	uint64_t hash;
};

/* Write printf-formatted text (under 128 bytes) and hash it. */
static void lput(struct swriter *w, const char *fmt, ...)
{
	char buf[128];
	const char *p;
	va_list ap;
	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is right above */
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (p = buf; *p; p++) {
		w->hash ^= (unsigned char)*p;
		w->hash *= FNV_PRIME;
	}
	fputs(buf, w->out);
}

/* End the line. */
static void lend(struct swriter *w)
{
	w->hash ^= '\n';
	w->hash *= FNV_PRIME;
	putc('\n', w->out);
}

/* A name as a JSON string (the escapes that read_name understands). */
static void put_name(struct swriter *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	lput(w, "\"");
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			lput(w, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			lput(w, "\\u%04x", *p);
		else
			lput(w, "%c", *p);
	}
	lput(w, "\"");
}

static const char *const kind_name[] = {"unknown", "number", "factor",
    "date"};

/* A wide model's lines after the names: how to read its columns again. */
static void write_model(struct swriter *w, const struct model *m)
{
	int i, k, id;
	if (m->has_cmp) {
		lput(w, "compare ");
		put_name(w, m->cmp.text);
		lend(w);
	}
	lput(w, "unit %a", m->time_unit);
	lend(w);
	for (i = 0; i < m->f.ncol; i++) {
		const struct mcol *c = &m->col[i];
		lput(w, "column %d %s %d %d", i, kind_name[c->kind], c->forced,
		    c->numeric_levels);
		if (c->ref) {
			lput(w, " ");
			put_name(w, c->ref);
		}
		lend(w);
		if (c->kind != MC_FACTOR || !c->lv.n)
			continue;
		lput(w, "levels %d", i);
		for (id = 0; id < c->lv.n; id++) {
			lput(w, " %d ", c->lv.used[id]);
			put_name(w, c->lv.name[id]);
		}
		lend(w);
	}
	for (i = 0; i < m->nwide; i++) {
		lput(w, "wide %d", m->wide[i].term);
		for (k = 0; k < m->f.term[m->wide[i].term].nvar; k++)
			lput(w, " %d", m->wide[i].comp[k]);
		lend(w);
	}
}

/* One state: fit, counts, and the group it belongs to (or none). */
static void write_one(FILE *out, const lr_fit *fit, const struct sink *s,
    const struct model *m, char *const *gval, uint64_t rows,
    uint64_t skipped, uint64_t missing)
{
	lr_fit_state st;
	struct swriter w;
	int i, j;

	w.out = out;
	w.hash = FNV_OFFSET;
	lr_fit_export(fit, &st);
	lput(&w, "linreg-state %d", STATE_VERSION);
	lend(&w);
	lput(&w, "model nx=%d degree=%d intercept=%d weighted=%d",
	    st.spec.nx, st.spec.degree, !(st.spec.flags & LR_NO_INTERCEPT),
	    s->weighted);
	lend(&w);
	if (m) {
		lput(&w, "formula %d ", s->nx);
		put_name(&w, m->f.text);
		lend(&w);
	}
	lput(&w, "names");
	for (i = 0; i < s->ncols; i++) {
		lput(&w, " ");
		put_name(&w, s->name[i]);
	}
	lend(&w);
	if (m)
		write_model(&w, m);
	if (m || missing) {
		lput(&w, "missing %llu", (unsigned long long)missing);
		lend(&w);
	}
	if (gval) {
		lput(&w, "groups");
		for (i = 0; i < s->groups.ncols; i++) {
			lput(&w, " ");
			put_name(&w, s->groups.names[i]);
		}
		lend(&w);
		lput(&w, "group");
		for (i = 0; i < s->groups.ncols; i++) {
			lput(&w, " ");
			put_name(&w, gval[i]);
		}
		lend(&w);
	}
	lput(&w, "rows %llu %llu", (unsigned long long)rows,
	    (unsigned long long)skipped);
	lend(&w);
	lput(&w, "n %llu", (unsigned long long)st.n);
	lend(&w);
	lput(&w, "sumlogw %a %a", st.sumlogw[0], st.sumlogw[1]);
	lend(&w);
	lput(&w, "weights %d %a %a", st.wscale, st.wmin, st.wmax);
	lend(&w);
	lput(&w, "frame");
	for (i = 0; i < st.nv; i++)
		lput(&w, " %a %d", st.shift[i], st.scale[i]);
	lend(&w);
	for (i = 0; i < st.ncol; i++) {
		lput(&w, "r");
		for (j = 0; j < 2 * st.ncol; j++)
			lput(&w, " %a", st.r[(size_t)i * 2 * st.ncol + j]);
		lend(&w);
	}
	fprintf(out, "check %016llx\nend\n", (unsigned long long)w.hash);
}

/* m when its fit is wide (its columns need the model to be read). */
static const struct model *wide_model(const struct model *m)
{
	return m && m->started && !m->identity ? m : NULL;
}

void write_state(FILE *out, const lr_fit *fit, const struct sink *s)
{
	size_t k;
	uint64_t in_groups = 0;

	if (!s->groups.ncols) {
		write_one(out, fit, s, wide_model(s->model), NULL, s->rows_read,
		    s->rows_skipped, s->rows_missing);
		return;
	}
	/*
	 * With -g, a state per group (with the rows skipped in it), then one
	 * without a group and without rows in the fit that carries the
	 * skipped rows whose group is unknown, so that merging keeps every
	 * count.
	 */
	for (k = 0; k < s->groups.n; k++) {
		const struct group *gr = &s->groups.group[k];
		write_one(out, gr->fit, s, wide_model(gr->model), gr->val,
		    gr->rows + gr->skipped + gr->missing, gr->skipped,
		    gr->missing);
		in_groups += gr->rows + gr->skipped + gr->missing;
	}
	if (s->rows_read > in_groups)
		write_one(out, fit, s, NULL, NULL, s->rows_read - in_groups,
		    s->rows_read - in_groups, 0);
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
	uint64_t hash;    /* FNV-1a of the state's lines read so far */
	uint64_t max;     /* --max-record: the longest line read */
	int err;          /* the exit status of a failure next_line reported */
};

/* What next_line says on failure: NULL, with the reason in r->err. */
static char *line_failed(struct sreader *r, int status, const char *what)
{
	char size[NUM_BUFSIZE];
	if (status == EX_OSERR)
		msg("%s", what);
	else
		msg("%s:%llu: %s %s (--max-record)", r->name,
		    (unsigned long long)r->line + 1, what,
		    num_format_size(size, r->max));
	r->err = status;
	return NULL;
}

/*
 * The next line (without its line end), or NULL at the end of input or
 * on a failure, said and kept in r->err: a line longer than --max-record
 * (no state has one: its longest lines are names and group values, which
 * a reader took from a record within the limit), or no memory.  Memory
 * stays within the limit whatever the input.
 */
static char *next_line(struct sreader *r)
{
	size_t n = 0;
	int c;
	while ((c = getc(r->in)) != EOF && c != '\n') {
		if (n >= r->max)
			return line_failed(r, EX_DATAERR, "a line longer than");
		if (n + 2 > r->cap) {
			size_t cap = r->cap ? 2 * r->cap : 256;
			char *nb;
			if (cap > r->max + 2) /* never beyond what is read */
				cap = (size_t)r->max + 2;
			nb = realloc(r->buf, cap);
			if (!nb)
				return line_failed(r, EX_OSERR, "out of memory");
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
			return line_failed(r, EX_OSERR, "out of memory");
	}
	r->buf[n] = '\0';
	if (n > 0 && r->buf[n - 1] == '\r')
		r->buf[n - 1] = '\0';
	r->line++;
	r->hash = fnv_line(r->hash, r->buf);
	return r->buf;
}

static int bad(struct sreader *r, const char *what)
{
	if (r->err) /* next_line said why */
		return r->err;
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
	model_free(st->model);
	free(st->formula);
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

/* A line number for messages. */
static int bad_at(struct sreader *r, uint64_t line, const char *what)
{
	msg("%s:%llu: not a valid linreg state: %s", r->name,
	    (unsigned long long)line, what);
	return EX_DATAERR;
}

/*
 * The cross-checks of a state's numbers, each naming the line that
 * holds the number at fault (or the first that disagrees).  The core's
 * lr_fit_import makes the same checks, finer, as a backstop.
 *	- n and the rows below 2^63 (what the format promises to carry);
 *	- without weights: sumlogw 0, the weights' line "0 1 1" (or
 *	  "0 0 0" when empty), and R[0][0]^2 = n: the constant column of
 *	  n rows has norm sqrt(n), carried in double-double, so that
 *	  R[0][0]^2 is n to far better than the 2^-40 relative allowed here
 *	  (which still tells n from n + 1 up to 2^40 rows);
 *	- with weights: the weights' scale even and within what the writer
 *	  makes (-1074..1024), 0 < wmin <= wmax, and R[0][0]^2 2^wscale
 *	  between n wmin and n wmax, to the same 2^-40;
 *	- frame exponents within -1021..1023 and not below the exponent of
 *	  their shift (the writer starts a scale there and only raises
 *	  it; only a zero shift's scale, a mere default, may fall);
 *	- n 0: a factor, sumlogw or weights other than zero are damage (a
 *	  merge would silently drop them).
 */
static int cross_check(struct sreader *r, const lr_fit_state *fs,
    int weighted, uint64_t rows_read, const uint64_t *at)
{
	/* at: the lines of rows, n, sumlogw, weights, frame, first r */
	double r00 = fs->r[0] + fs->r[1], n = (double)fs->n, lo, hi, sq;
	int i, j;

	if (rows_read > (uint64_t)INT64_MAX)
		return bad_at(r, at[0], "more rows than the format carries "
		    "(2^63 - 1)");
	if (fs->n > (uint64_t)INT64_MAX)
		return bad_at(r, at[1], "n beyond what the format carries "
		    "(2^63 - 1)");
	for (i = 0; i < fs->nv; i++) {
		int ec = 0;
		if (fs->scale[i] < -1021 || fs->scale[i] > 1023)
			return bad_at(r, at[4], "a frame exponent outside "
			    "-1021..1023");
		/* The writer starts at the shift's exponent and only rises
		 * from there (only a zero shift's scale may fall). */
		if (fs->shift[i] != 0)
			(void)frexp(fs->shift[i], &ec);
		if (fs->shift[i] != 0 && fs->scale[i] < (ec < -1021 ? -1021 :
		    ec > 1023 ? 1023 : ec))
			return bad_at(r, at[4], "a frame exponent below its "
			    "shift's");
	}
	if (fs->n == 0) {
		for (i = 0; i < fs->ncol; i++)
			for (j = 0; j < 2 * fs->ncol; j++)
				if (fs->r[(size_t)i * 2 * fs->ncol + j] != 0)
					return bad_at(r, at[5] + (uint64_t)i,
					    "n is 0 but the factor is not "
					    "empty");
		if (fs->sumlogw[0] != 0 || fs->sumlogw[1] != 0)
			return bad_at(r, at[2], "n is 0 but sumlogw is not");
		if (fs->wscale != 0 || fs->wmin != 0 || fs->wmax != 0)
			return bad_at(r, at[3], "n is 0 but the weights' line "
			    "is not \"0 0 0\"");
		return EX_OK;
	}
	if (!weighted) {
		if (fs->sumlogw[0] != 0 || fs->sumlogw[1] != 0)
			return bad_at(r, at[2], "sumlogw in a state without "
			    "weights");
		if (fs->wscale != 0 || fs->wmin != 1 || fs->wmax != 1)
			return bad_at(r, at[3], "a weights' line other than "
			    "\"0 1 1\" in a state without weights");
	} else if (fs->wscale < -1074 || fs->wscale > 1024 ||
	    (fs->wscale & 1) || !(fs->wmin > 0) || !(fs->wmin <= fs->wmax)) {
		return bad_at(r, at[3], "a bad weights' scale or range");
	}
	sq = ldexp(r00 * r00, fs->wscale);
	lo = n * fs->wmin;
	hi = n * fs->wmax;
	if (!(sq >= lo * (1 - 0x1p-40) && sq <= hi * (1 + 0x1p-40)))
		return bad_at(r, at[1], weighted ? "n disagrees with the "
		    "factor and the weights (R[0][0]^2 must lie between n "
		    "times the smallest and the largest weight)" :
		    "n disagrees with the factor (R[0][0]^2 must be n)");
	return EX_OK;
}

/* A kind's name in a "column" line. */
static int kind_of(const char *p, size_t n)
{
	int k;
	for (k = 0; k < 4; k++)
		if (strlen(kind_name[k]) == n && !strncmp(kind_name[k], p, n))
			return k;
	return -1;
}

/* "column I KIND FORCED NUMERIC ["ref"]" into model m. */
static int read_column(struct sreader *r, struct model *m, char *p)
{
	int i, kind, forced, numl;
	size_t n;
	if (read_int(&p, &i) || i < 0 || i >= m->f.ncol)
		return bad(r, "a bad \"column\" line");
	while (*p == ' ')
		p++;
	n = strcspn(p, " ");
	kind = kind_of(p, n);
	p += n;
	if (kind < 0 || read_int(&p, &forced) || read_int(&p, &numl) ||
	    (forced != 0 && forced != 1) || (numl != 0 && numl != 1))
		return bad(r, "a bad \"column\" line");
	m->col[i].kind = (enum mcol_kind)kind;
	m->col[i].forced = forced;
	m->col[i].numeric_levels = numl;
	if (!at_end(p) && (!(m->col[i].ref = read_name(&p)) || !at_end(p)))
		return bad(r, "a bad \"column\" line");
	return EX_OK;
}

/* "levels I USED "name" ..." into model m. */
static int read_levels(struct sreader *r, struct model *m, char *p)
{
	int i, used, st;
	if (read_int(&p, &i) || i < 0 || i >= m->f.ncol)
		return bad(r, "a bad \"levels\" line");
	while (!at_end(p)) {
		char *name;
		if (read_int(&p, &used) || (used != 0 && used != 1) ||
		    !(name = read_name(&p)))
			return bad(r, "a bad \"levels\" line");
		st = model_put_level(m, i, name, strlen(name), used);
		free(name);
		if (st)
			return st < 0 ? oom() : bad(r, "a bad \"levels\" line");
	}
	return EX_OK;
}

/* "wide T C..." into model m. */
static int read_wide(struct sreader *r, struct model *m, char *p)
{
	int t, comp[64], n = 0, st;
	if (read_int(&p, &t))
		return bad(r, "a bad \"wide\" line");
	while (!at_end(p) && n < 64)
		if (read_int(&p, &comp[n++]))
			return bad(r, "a bad \"wide\" line");
	if (!at_end(p) || (st = model_put_wide(m, t, comp, n)) > 0)
		return bad(r, "a bad \"wide\" line");
	return st < 0 ? oom() : EX_OK;
}

/*
 * A formula's lines after the names (compare, unit, column, levels,
 * wide), into st->model; *line is then the first line after them.
 */
static int read_model(struct sreader *r, struct state *st, char **line)
{
	struct formula f;
	struct model *m;
	char err[200], *p;
	size_t at;
	int nsrc = st->ncols - 1 - st->weighted, status = EX_OK;

	if (formula_parse(st->formula, (const char *const *)st->name, nsrc, &f,
	    err, sizeof err, &at) || f.ncol != nsrc + 1) {
		formula_free(&f);
		return bad(r, "the formula does not read");
	}
	if (model_new(&f, &m)) {
		formula_free(&f);
		return oom();
	}
	st->model = m;
	for (at = 0; at < (size_t)m->f.ncol; at++)
		m->src[at] = at ? (int)at - 1 : nsrc;
	if ((p = keyword(*line, "compare"))) {
		struct formula f0;
		char *text = read_name(&p);
		int bad0 = !text || !at_end(p) || formula_parse(text,
		    (const char *const *)st->name, nsrc, &f0, err, sizeof err,
		    &at) || model_set_compare(m, &f0, err, sizeof err);
		free(text);
		if (bad0) {
			formula_free(&f0);
			return bad(r, "a bad \"compare\" line");
		}
		*line = next_line(r);
	}
	if (!(p = keyword(*line, "unit")) || read_double(&p, &m->time_unit) ||
	    !at_end(p) || !(m->time_unit > 0))
		return bad(r, "a bad \"unit\" line");
	for (*line = next_line(r); !status; *line = next_line(r)) {
		if ((p = keyword(*line, "column")))
			status = read_column(r, m, p);
		else if ((p = keyword(*line, "levels")))
			status = read_levels(r, m, p);
		else if ((p = keyword(*line, "wide")))
			status = read_wide(r, m, p);
		else
			break;
	}
	if (status)
		return status;
	if (m->nwide != st->spec.nx || model_put_done(m))
		return bad(r, "the model's columns do not match the fit");
	return EX_OK;
}

/*
 * The head of a state, from "linreg-state" to the "weights" line: the
 * model, names, group and counts into st and fs, the line numbers of
 * the counts into at[0..3].  *got as for read_one.  Returns an exit
 * status, EX_OK to go on (or, *got unset, at a clean end).
 */
static int read_head(struct sreader *r, struct state *st, lr_fit_state *fs,
    uint64_t *at, int *got)
{
	char *line, *p;
	int version, icpt, used = 0;

	do
		line = next_line(r);
	while (line && line[0] == '\0');
	if (!line)
		return r->err;
	*got = 1;
	/* The check line's hash starts at this line. */
	r->hash = fnv_line(FNV_OFFSET, line);
	if (!(p = keyword(line, "linreg-state")) || sscanf(p, "%d%n",
	    &version, &used) != 1 || !at_end(p + used))
		return bad(r, "expected \"linreg-state 2\"");
	if (version == 1)
		return bad(r, "version 1, which has no checksum, is no longer "
		    "read: write the state again with this linreg");
	if (version != STATE_VERSION)
		return bad(r, "this linreg reads version 2 only");
	memset(fs, 0, sizeof *fs);
	if (!(p = keyword(next_line(r), "model")) || sscanf(p,
	    " nx=%d degree=%d intercept=%d weighted=%d%n", &fs->spec.nx,
	    &fs->spec.degree, &icpt, &st->weighted, &used) != 4 ||
	    !at_end(p + used) || fs->spec.nx < 1 ||
	    fs->spec.nx > LR_MAX_NX || fs->spec.degree < 0 ||
	    fs->spec.degree > LR_MAX_DEGREE ||
	    (icpt != 0 && icpt != 1) || (st->weighted != 0 &&
	    st->weighted != 1) || (fs->spec.degree >= 2 && fs->spec.nx != 1))
		return bad(r, "a bad \"model\" line");
	fs->spec.flags = icpt ? 0 : LR_NO_INTERCEPT;
	st->spec = fs->spec;
	st->ncols = fs->spec.nx + 1 + st->weighted;
	line = next_line(r);
	if ((p = keyword(line, "formula"))) {
		int nsrc;
		if (read_int(&p, &nsrc) || nsrc < 1 || nsrc > LR_MAX_NX ||
		    !(st->formula = read_name(&p)) || !at_end(p))
			return bad(r, "a bad \"formula\" line");
		st->ncols = nsrc + 1 + st->weighted;
		line = next_line(r);
	}
	if (!(p = keyword(line, "names")))
		return bad(r, "expected the \"names\" line");
	if (!(st->name = read_names(p, st->ncols)))
		return bad(r, "a bad \"names\" line");
	line = next_line(r);
	if (st->formula && (used = read_model(r, st, &line)) != EX_OK)
		return used;
	if ((p = keyword(line, "missing"))) {
		if (read_u64(&p, &st->rows_missing) || !at_end(p))
			return bad(r, "a bad \"missing\" line");
		line = next_line(r);
	}
	if ((p = keyword(line, "groups"))) {
		/* A state of one group: the group columns, then its values. */
		int ng = 0;
		char *q = p, *nm;
		while ((nm = read_name(&q)) != NULL) {
			free(nm);
			ng++;
		}
		if (ng < 1 || ng > STATE_MAX_GROUPS || !(st->gname = read_names(p, ng)))
			return bad(r, "a bad \"groups\" line");
		st->ngroup = ng;
		if (!(p = keyword(next_line(r), "group")) ||
		    !(st->gval = read_names(p, ng)))
			return bad(r, "expected a \"group\" line of values");
		line = next_line(r);
	}
	at[0] = r->line;
	if (!(p = keyword(line, "rows")) || read_u64(&p,
	    &st->rows_read) || read_u64(&p, &st->rows_skipped) ||
	    !at_end(p) || st->rows_skipped > st->rows_read)
		return bad(r, "a bad \"rows\" line");
	if (st->rows_missing > st->rows_read - st->rows_skipped)
		return bad(r, "more rows missing than read");
	if (!(p = keyword(next_line(r), "n")) || read_u64(&p, &fs->n) ||
	    !at_end(p) || fs->n != st->rows_read - st->rows_skipped -
	    st->rows_missing)
		return bad(r, "a bad \"n\" line (it must be rows read less "
		    "rows skipped and missing)");
	at[1] = r->line;
	if (!(p = keyword(next_line(r), "sumlogw")) ||
	    read_double(&p, &fs->sumlogw[0]) || read_double(&p,
	    &fs->sumlogw[1]) || !at_end(p))
		return bad(r, "a bad \"sumlogw\" line");
	at[2] = r->line;
	if (!(p = keyword(next_line(r), "weights")) ||
	    read_int(&p, &fs->wscale) || read_double(&p, &fs->wmin) ||
	    read_double(&p, &fs->wmax) || !at_end(p))
		return bad(r, "a bad \"weights\" line");
	at[3] = r->line;
	return EX_OK;
}

/*
 * The rest of a state after read_head: the frame, the factor, the
 * checksum and "end", checked against the head (at: its line numbers,
 * and the frame's and factor's into at[4], at[5]), then made a fit in
 * st->fit.  Returns an exit status.
 */
static int read_factor(struct sreader *r, struct state *st,
    lr_fit_state *fs, uint64_t *at)
{
	char *line, *p;
	int i, j, ncol, nv, used = 0;
	double *frame_c = NULL, *rr = NULL;
	int *frame_e = NULL, status = EX_DATAERR;
	uint64_t want;
	unsigned long long check;
	lr_status ls;

	nv = fs->spec.nx + 1;
	ncol = (fs->spec.degree >= 2 ? fs->spec.degree : fs->spec.nx) + 2;
	frame_c = calloc((size_t)nv, sizeof *frame_c);
	frame_e = calloc((size_t)nv, sizeof *frame_e);
	rr = calloc((size_t)ncol * ncol * 2, sizeof *rr);
	if (!frame_c || !frame_e || !rr)
		goto nomem;
	if (!(p = keyword(next_line(r), "frame"))) {
		bad(r, "expected the \"frame\" line");
		goto end;
	}
	at[4] = r->line;
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
		if (i == 0)
			at[5] = r->line;
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
	want = r->hash;
	line = next_line(r);
	if (!(p = keyword(line, "check"))) {
		bad(r, "expected the \"check\" line (the state is cut short)");
		goto end;
	}
	used = 0;
	if (sscanf(p, " %16llx%n", &check, &used) != 1 || used != 17 ||
	    !at_end(p + used)) {
		bad(r, "a bad \"check\" line (16 hexadecimal digits)");
		goto end;
	}
	if (check != want) {
		bad(r, "the checksum does not match: the state was changed "
		    "or damaged");
		goto end;
	}
	line = next_line(r);
	if (!line || strncmp(line, "end", 3) != 0 || !at_end(line + 3)) {
		bad(r, "expected \"end\" (the state is cut short)");
		goto end;
	}
	fs->nv = nv;
	fs->shift = frame_c;
	fs->scale = frame_e;
	fs->ncol = ncol;
	fs->r = rr;
	if (cross_check(r, fs, st->weighted, st->rows_read, at))
		goto end;
	ls = lr_fit_import(fs, &st->fit);
	if (ls == LR_ENOMEM)
		goto nomem;
	if (ls != LR_OK) {
		bad(r, "the numbers do not make a fit (corrupt)");
		goto end;
	}
	status = EX_OK;
	goto end;
nomem:
	oom(); /* its EX_OSERR set apart: the analyser cannot see into diag.c */
	status = EX_OSERR;
end:
	free(frame_c);
	free(frame_e);
	free(rr);
	return status;
}

/* One state from the reader's current position; 0 at a clean end. */
static int read_one(struct sreader *r, struct state *st, int *got)
{
	lr_fit_state fs;
	uint64_t at[6] = { 0, 0, 0, 0, 0, 0 };
	int status;

	memset(st, 0, sizeof *st);
	*got = 0;
	status = read_head(r, st, &fs, at, got);
	if (status || !*got)
		return status;
	return read_factor(r, st, &fs, at);
}

/* Whether two states fit the same model on the same columns. */
static int same_model(const struct state *a, const struct state *b,
    char *why, size_t size)
{
	int i;
	if (a->model && b->model) {
		if (strcmp(a->model->f.text, b->model->f.text) != 0 ||
		    a->weighted != b->weighted || a->ncols != b->ncols) {
			snprintf(why, size, "the formulas differ");
			return 0;
		}
	} else if (a->spec.nx != b->spec.nx || a->spec.degree != b->spec.degree ||
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
	if (s->groups.ncols != st->ngroup)
		return 0;
	for (g = 0; g < s->groups.ncols; g++)
		if (strcmp(s->groups.names[g], st->gname[g]) != 0)
			return 0;
	return 1;
}

/* A state of one group into the sink's group of the same values. */
static int merge_group(struct sink *s, struct state *st, const char *where)
{
	uint64_t cnt;
	struct group *gr;
	size_t len[STATE_MAX_GROUPS];
	int g;

	if (!s->groups.ncols) {
		s->groups.ncols = st->ngroup;
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
		return oom();
	}
	cnt = lr_fit_count(st->fit);
	if (st->model && !gr->model) {
		/* the group's first state: its model and fit become the group's */
		lr_fit_free(gr->fit);
		gr->fit = st->fit;
		gr->model = st->model;
		st->model = NULL;
		if (lr_fit_new(&s->spec, &st->fit) != LR_OK)
			return oom();
	} else if (st->model || gr->model) {
		char why[200] = "";
		if (!st->model || !gr->model || model_merge(gr->model, &gr->fit,
		    st->model, st->fit, why, sizeof why) != LR_OK) {
			msg("%s: cannot merge%s%s", where, why[0] ? ": " : "", why);
			return EX_DATAERR;
		}
	} else if (lr_fit_merge(gr->fit, st->fit) != LR_OK) {
		msg("%s: cannot merge", where);
		return EX_DATAERR;
	}
	if (gr->rows + cnt < gr->rows) {
		msg("%s: cannot merge: the row counts overflow", where);
		return EX_DATAERR;
	}
	gr->rows += cnt;
	gr->skipped += st->rows_skipped;
	gr->missing += st->rows_missing;
	return EX_OK;
}

/*
 * One more state st into acc (its counts and fit; a group's into the
 * sink's group; a formula's by its columns' keys).  An exit status.
 */
static int merge_one(struct state *acc, struct state *st, struct sink *s,
    const char *where)
{
	char why[120];
	int status = EX_OK;

	acc->rows_read += st->rows_read;
	acc->rows_skipped += st->rows_skipped;
	acc->rows_missing += st->rows_missing;
	if (st->ngroup) {
		if (lr_fit_count(acc->fit) > 0) {
			msg("%s: cannot merge the state of a group with "
			    "one of all the data", where);
			status = EX_DATAERR;
		} else {
			s->spec = st->spec;
			status = merge_group(s, st, where);
		}
	} else if (lr_fit_count(st->fit) > 0 && s->groups.ncols) {
		msg("%s: cannot merge a state of all the data with "
		    "states of groups", where);
		status = EX_DATAERR;
	} else if (acc->model && st->model) {
		int mr = model_merge(acc->model, &acc->fit, st->model,
		    st->fit, why, sizeof why);
		if (mr != LR_OK) {
			msg("%s: cannot merge%s%s", where, mr < 0 ? ": " : "",
			    mr < 0 ? why : "");
			status = mr == LR_ENOMEM ? EX_OSERR : EX_DATAERR;
		}
	} else if (lr_fit_count(st->fit) == 0 && !st->model) {
		/* an empty shard: its counts only */
	} else if (acc->model || st->model) {
		msg("%s: cannot merge: one state is of a formula with "
		    "categorical or transformed terms, the other not", where);
		status = EX_DATAERR;
	} else if (lr_fit_merge(acc->fit, st->fit) != LR_OK) {
		msg("%s: cannot merge", where);
		status = EX_DATAERR;
	}
	return status;
}

int read_states(const char *path, struct state *acc, int *have,
    struct sink *s, uint64_t max_record)
{
	int stdin_ = strcmp(path, "-") == 0, status = EX_OK, got;
	struct sreader r;
	struct state st;

	memset(&r, 0, sizeof r);
	r.max = max_record ? max_record : CSV_MAX_RECORD;
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
					status = oom();
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
		if (lr_fit_count(acc->fit) == 0 && !acc->model &&
		    !s->groups.ncols && !st.ngroup &&
		    (st.model || (st.spec.nx == acc->spec.nx &&
		    st.spec.degree == acc->spec.degree &&
		    st.spec.flags == acc->spec.flags)) &&
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
			st.rows_missing += acc->rows_missing;
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
		status = merge_one(acc, &st, s, where);
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
