/*
 * model.c - the design: a row of the data's columns to the wide row of
 * the fit, levels as they arrive, and R's coding at the end; see
 * model.h.
 *
 * Why wide: treatment contrasts depend on the reference level, the
 * first in byte order, which may arrive last (a file sorted by date
 * whose first rows are "versicolor").  Indicators of every level do not
 * depend on the order, and R's coded columns are always a subset of
 * them (a contrast column of level l is the indicator of l; a factor
 * coded by indicators is all of them), so the one pass keeps them all
 * and the end picks R's out of the factor (lr_fit_select).  The price
 * is a wider factor: one column per level (per combination of levels
 * in an interaction) instead of one fewer.
 *
 * Kinds: a column is a number, a factor or a date from its first value
 * that is not missing; factor() or --factor make it a factor whatever
 * its values.  A column that began as numbers and then holds text is
 * an invalid row, never a new level.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "model.h"
#include "number.h"
#include "source.h"

/* ------------------------------------------------------------------ */
/* Levels                                                              */
/* ------------------------------------------------------------------ */

static unsigned long hash_bytes(const char *p, size_t len)
{
	unsigned long h = 2166136261u;
	size_t i;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

static int levels_find(const struct levels *lv, const char *p, size_t len)
{
	unsigned long h;
	int i;
	if (!lv->hcap)
		return -1;
	h = hash_bytes(p, len) & (unsigned long)(lv->hcap - 1);
	for (i = 0; i < lv->hcap; i++) {
		int slot = lv->hash[(h + (unsigned long)i) &
		    (unsigned long)(lv->hcap - 1)];
		if (!slot)
			return -1;
		if (lv->len[slot - 1] == len &&
		    memcmp(lv->name[slot - 1], p, len) == 0)
			return slot - 1;
	}
	return -1;
}

static int levels_rehash(struct levels *lv, int hcap)
{
	int *h = calloc((size_t)hcap, sizeof *h), i;
	if (!h)
		return -1;
	free(lv->hash);
	lv->hash = h;
	lv->hcap = hcap;
	for (i = 0; i < lv->n; i++) {
		unsigned long s = hash_bytes(lv->name[i], lv->len[i]) &
		    (unsigned long)(hcap - 1);
		while (h[s])
			s = (s + 1) & (unsigned long)(hcap - 1);
		h[s] = i + 1;
	}
	return 0;
}

/* The id of level p (added when new); -1 out of memory. */
static int levels_get(struct levels *lv, const char *p, size_t len)
{
	int id = lv->last - 1;
	char *copy;
	if (id >= 0 && lv->len[id] == len && memcmp(lv->name[id], p, len) == 0)
		return id;
	id = levels_find(lv, p, len);
	if (id >= 0) {
		lv->last = id + 1;
		return id;
	}
	if (lv->n == lv->cap) {
		int cap = lv->cap ? 2 * lv->cap : 8;
		char **nm = realloc(lv->name, (size_t)cap * sizeof *nm);
		size_t *ln;
		unsigned char *us;
		if (!nm)
			return -1;
		lv->name = nm;
		ln = realloc(lv->len, (size_t)cap * sizeof *ln);
		if (!ln)
			return -1;
		lv->len = ln;
		us = realloc(lv->used, (size_t)cap);
		if (!us)
			return -1;
		lv->used = us;
		lv->cap = cap;
	}
	if (2 * (lv->n + 1) > lv->hcap &&
	    levels_rehash(lv, lv->hcap ? 2 * lv->hcap : 16))
		return -1;
	copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, p, len);
	copy[len] = '\0';
	lv->name[lv->n] = copy;
	lv->len[lv->n] = len;
	lv->used[lv->n] = 0;
	lv->n++;
	{
		/* its slot: the table is at most half full (above) */
		unsigned long h = hash_bytes(p, len) &
		    (unsigned long)(lv->hcap - 1);
		while (lv->hash[h])
			h = (h + 1) & (unsigned long)(lv->hcap - 1);
		lv->hash[h] = lv->n;
	}
	return lv->n - 1;
}

static void levels_free(struct levels *lv)
{
	int i;
	for (i = 0; i < lv->n; i++)
		free(lv->name[i]);
	free(lv->name);
	free(lv->len);
	free(lv->used);
	free(lv->hash);
	memset(lv, 0, sizeof *lv);
}

static int levels_copy(struct levels *dst, const struct levels *src)
{
	int i;
	memset(dst, 0, sizeof *dst);
	for (i = 0; i < src->n; i++) {
		if (levels_get(dst, src->name[i], src->len[i]) != i)
			return -1;
		dst->used[i] = src->used[i];
	}
	dst->nused = src->nused;
	return 0;
}

int model_level_id(const struct model *m, int i, const char *name,
    size_t len)
{
	return levels_find(&m->col[i].lv, name, len);
}

/* ------------------------------------------------------------------ */
/* Life                                                                */
/* ------------------------------------------------------------------ */

/* Whether variable v is categorical (its column is, or factor()). */
static int var_factor(const struct model *m, const struct fvar *v)
{
	return v->col >= 0 && (v->factor || m->col[v->col].kind == MC_FACTOR);
}

int model_new(struct formula *f, struct model **out)
{
	struct model *m = calloc(1, sizeof *m);
	int i;

	*out = NULL;
	if (!m)
		return -1;
	m->f = *f;
	memset(f, 0, sizeof *f);
	m->nsrc = m->f.ncol;
	m->time_unit = 1;
	m->src = calloc((size_t)m->f.ncol, sizeof *m->src);
	m->col = calloc((size_t)m->f.ncol, sizeof *m->col);
	m->val = calloc((size_t)m->f.ncol, sizeof *m->val);
	m->base = calloc((size_t)m->f.nvar + 1, sizeof *m->base);
	if (!m->src || !m->col || !m->val || !m->base) {
		model_free(m);
		return -1;
	}
	for (i = 0; i < m->f.ncol; i++) {
		m->src[i] = i;
		m->col[i].name = m->f.col[i];
	}
	for (i = 0; i < m->f.nvar; i++)
		if (m->f.var[i].factor && m->f.var[i].col >= 0) {
			m->col[m->f.var[i].col].forced = 1;
			m->col[m->f.var[i].col].kind = MC_FACTOR;
		}
	*out = m;
	return 0;
}

/* Whether column i is a predictor's (not only the response's). */
static int expr_uses(const struct fexpr *e, int i)
{
	return e && ((e->op == FX_COL && e->col == i) || expr_uses(e->a, i) ||
	    expr_uses(e->b, i));
}

static int col_needed(const struct model *m, int i)
{
	int v;
	for (v = 0; v < m->f.nvar; v++)
		if (m->f.var[v].col == i || expr_uses(m->f.var[v].expr, i))
			return 1;
	return 0;
}

/* The formula column called name (len bytes), or -1. */
static int find_col(const struct model *m, const char *name, size_t len)
{
	int i;
	for (i = 0; i < m->f.ncol; i++)
		if (strlen(m->f.col[i]) == len && !memcmp(m->f.col[i], name, len))
			return i;
	return -1;
}

int model_check_refs(const struct model *m, char *what, size_t size)
{
	int i;
	for (i = 0; i < m->f.ncol; i++) {
		const struct mcol *c = &m->col[i];
		int id;
		if (!c->ref)
			continue;
		if (c->kind != MC_FACTOR) {
			snprintf(what, size, "--ref %.60s=%.60s: the column is not "
			    "categorical", c->name, c->ref);
			return 1;
		}
		id = levels_find(&c->lv, c->ref, strlen(c->ref));
		if (id < 0 || !c->lv.used[id]) {
			snprintf(what, size, "--ref %.60s=%.60s: no such level in "
			    "the data", c->name, c->ref);
			return 1;
		}
	}
	return 0;
}

int model_options(struct model *m, const struct model_opts *mo, char *what,
    size_t size)
{
	const char *p = mo->factors;
	int i;

	m->time_unit = mo->time_unit > 0 ? mo->time_unit : 1;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int c = find_col(m, p, n);
		if (c < 0) {
			snprintf(what, size, "--factor: the model has no column "
			    "'%.*s'", (int)(n > 60 ? 60 : n), p);
			return 1;
		}
		m->col[c].forced = 1;
		m->col[c].kind = MC_FACTOR;
		p = e ? e + 1 : p + n;
	}
	for (i = 0; i < mo->nrefs; i++) {
		const char *eq = strchr(mo->refs[i], '=');
		int c = eq ? find_col(m, mo->refs[i],
		    (size_t)(eq - mo->refs[i])) : -1;
		if (c < 0) {
			snprintf(what, size, "--ref %.80s: the model has no such "
			    "column", mo->refs[i]);
			return 1;
		}
		free(m->col[c].ref);
		if (!(m->col[c].ref = strdup(eq + 1)))
			return -1;
	}
	return 0;
}

/* R's reserved words: names, but only in backquotes. */
static int reserved_word(const char *name)
{
	static const char *const word[] = {"if", "else", "repeat", "while",
		"function", "for", "in", "next", "break", "TRUE", "FALSE",
		"NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_",
		"NA_character_", "NA_complex_"};
	size_t i;
	for (i = 0; i < sizeof word / sizeof *word; i++)
		if (!strcmp(name, word[i]))
			return 1;
	return 0;
}

/* name as a formula's column: backquoted unless plain letters and
 * digits that are not a reserved word. */
static size_t put_col(char *buf, size_t at, size_t size, const char *name)
{
	int plain = ((name[0] >= 'A' && name[0] <= 'Z') ||
	    (name[0] >= 'a' && name[0] <= 'z')) && !reserved_word(name);
	const char *q;
	for (q = name; *q && plain; q++)
		plain = (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
		    (*q >= '0' && *q <= '9') || *q == '_' || *q == '.';
	if (at < size)
		at += (size_t)snprintf(buf + at, size - at, plain ? "%s" :
		    "`%s`", name);
	return at;
}

struct model *model_from_columns(const char *const *names, int nx,
    const struct model_opts *mo)
{
	struct formula f;
	struct model *m;
	char err[200], *text;
	size_t size = 32, at = 0, pos;
	int i;

	for (i = 0; i <= nx; i++) {
		if (strchr(names[i], '`') || !names[i][0])
			return NULL;
		size += strlen(names[i]) + 5;
	}
	if (!(text = malloc(size)))
		return NULL;
	at = put_col(text, at, size, names[nx]);
	at += (size_t)snprintf(text + at, size - at, " ~ ");
	for (i = 0; i < nx; i++) {
		if (i)
			at += (size_t)snprintf(text + at, size - at, " + ");
		at = put_col(text, at, size, names[i]);
	}
	if (mo->origin)
		(void)snprintf(text + at, size - at, " - 1");
	i = formula_parse(text, NULL, 0, &f, err, sizeof err, &pos);
	free(text);
	if (i)
		return NULL;
	if (f.ncol != nx + 1 || model_new(&f, &m)) {
		formula_free(&f);
		return NULL;
	}
	for (i = 0; i < m->f.ncol; i++)
		m->src[i] = i == 0 ? nx : i - 1;
	if (model_options(m, mo, err, sizeof err)) {
		model_free(m);
		return NULL;
	}
	return m;
}

static void coded_free(struct model *m)
{
	int i;
	for (i = 0; i < m->ncoded; i++)
		free(m->coded_name[i]);
	free(m->coded);
	free(m->coded_term);
	free(m->coded_name);
	m->coded = m->coded_term = NULL;
	m->coded_name = NULL;
	m->ncoded = 0;
}

void model_free(struct model *m)
{
	int i;
	if (!m)
		return;
	for (i = 0; m->col && i < m->f.ncol; i++) {
		levels_free(&m->col[i].lv);
		free(m->col[i].ref);
	}
	for (i = 0; m->wide && i < m->nwide; i++)
		free(m->wide[i].comp);
	coded_free(m);
	formula_free(&m->cmp);
	free(m->cmp_term);
	free(m->wide);
	free(m->widen);
	free(m->src);
	free(m->col);
	free(m->val);
	free(m->base);
	formula_free(&m->f);
	free(m);
}

/* A deep copy of formula f (text reparsed: same columns, same terms). */
static int formula_copy(struct formula *dst, const struct formula *src)
{
	char err[200];
	size_t at;
	return formula_parse(src->text, (const char *const *)src->col,
	    src->ncol, dst, err, sizeof err, &at);
}

struct model *model_clone(const struct model *m)
{
	struct formula f;
	struct model *c;
	int i;

	if (formula_copy(&f, &m->f) || f.ncol != m->f.ncol) {
		formula_free(&f);
		return NULL;
	}
	if (model_new(&f, &c))
		return NULL;
	if (m->has_cmp) {
		struct formula f0;
		char err[200];
		if (formula_copy(&f0, &m->cmp) ||
		    model_set_compare(c, &f0, err, sizeof err)) {
			formula_free(&f0);
			model_free(c);
			return NULL;
		}
	}
	c->time_unit = m->time_unit;
	c->point = m->point;
	c->identity = m->identity;
	c->started = m->started;
	memcpy(c->src, m->src, (size_t)m->f.ncol * sizeof *c->src);
	for (i = 0; i < m->f.ncol; i++) {
		c->col[i].kind = m->col[i].kind;
		c->col[i].forced = m->col[i].forced;
		c->col[i].numeric_levels = m->col[i].numeric_levels;
		if (levels_copy(&c->col[i].lv, &m->col[i].lv) ||
		    (m->col[i].ref && !(c->col[i].ref = strdup(m->col[i].ref)))) {
			model_free(c);
			return NULL;
		}
	}
	if (m->nwide) {
		c->wide = calloc((size_t)m->nwide, sizeof *c->wide);
		if (!c->wide) {
			model_free(c);
			return NULL;
		}
		c->capwide = m->nwide;
		for (i = 0; i < m->nwide; i++) {
			int nv = m->f.term[m->wide[i].term].nvar;
			c->wide[i].term = m->wide[i].term;
			c->wide[i].comp = malloc((size_t)nv * sizeof(int));
			c->nwide = i + 1;
			if (!c->wide[i].comp) {
				model_free(c);
				return NULL;
			}
			memcpy(c->wide[i].comp, m->wide[i].comp,
			    (size_t)nv * sizeof(int));
		}
	}
	return c;
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */
/* ------------------------------------------------------------------ */

int model_number(struct model *m, int i, double x, double *v, int commit)
{
	struct mcol *c = &m->col[i];
	if (c->kind == MC_UNKNOWN && commit)
		c->kind = MC_NUMBER;
	if (c->kind == MC_NUMBER || c->kind == MC_UNKNOWN) {
		*v = x;
		return 1;
	}
	if (c->kind == MC_DATE)
		return 0;
	if (!commit)
		return 1;
	/* A factor: the number as R writes it is the level. */
	{
		char buf[64];
		int id;
		if (c->last_xid && x == c->last_x &&
		    !signbit(x) == !signbit(c->last_x)) {
			/* the last number's level (its text is the same) */
			*v = c->last_xid - 1;
			return 1;
		}
		if (c->forced && (c->lv.n == 0 || c->numeric_levels))
			c->numeric_levels = 1;
		formula_number(x, buf, sizeof buf);
		id = levels_get(&c->lv, buf, strlen(buf));
		if (id < 0)
			return -1;
		c->last_x = x;
		c->last_xid = id + 1;
		*v = id;
		return 1;
	}
}

/* Whether a predictor variable is column i itself (or factor(i)). */
static int bare_predictor(const struct model *m, int i)
{
	int v;
	for (v = 0; v < m->f.nvar; v++)
		if (m->f.var[v].col == i && !m->f.var[v].degree)
			return 1;
	return 0;
}

int model_text(struct model *m, int i, const char *p, size_t len, double *v,
    int commit)
{
	struct mcol *c = &m->col[i];
	double t;
	int id;

	if (c->kind == MC_NUMBER)
		return 0;
	if (c->kind == MC_UNKNOWN || c->kind == MC_DATE) {
		if (datetime_parse(p, len, &t)) {
			if (commit)
				c->kind = MC_DATE;
			*v = t / m->time_unit;
			return 1;
		}
		/* text: a level, where a predictor takes the column bare */
		if (c->kind == MC_DATE || !bare_predictor(m, i))
			return 0;
		if (!commit)
			return 1;
		c->kind = MC_FACTOR;
	}
	if (!commit)
		return 1;
	if (c->numeric_levels)
		c->numeric_levels = 0; /* text among them: byte order */
	id = levels_get(&c->lv, p, len);
	if (id < 0)
		return -1;
	*v = id;
	return 1;
}

/* ------------------------------------------------------------------ */
/* The wide layout                                                     */
/* ------------------------------------------------------------------ */

static int first_layout(struct model *m);

/* The first categorical column expression e uses, or -1. */
static int expr_factor(const struct model *m, const struct fexpr *e)
{
	int a;
	if (!e)
		return -1;
	if (e->op == FX_COL)
		return m->col[e->col].kind == MC_FACTOR ? e->col : -1;
	a = expr_factor(m, e->a);
	return a >= 0 ? a : expr_factor(m, e->b);
}

int model_check(const struct model *m, char *what, size_t size)
{
	int i, c = expr_factor(m, m->f.resp.expr);
	if (c >= 0) {
		snprintf(what, size, "the response %.60s: column '%.60s' holds "
		    "text, not numbers", m->f.resp.label, m->col[c].name);
		return 1;
	}
	for (i = 0; i < m->f.nvar; i++) {
		const struct fvar *v = &m->f.var[i];
		if (var_factor(m, v) && !v->degree && (v->col >= 0))
			continue;
		if ((c = expr_factor(m, v->expr)) >= 0) {
			snprintf(what, size, "%.60s: column '%.60s' is "
			    "categorical (text), not numbers", v->label,
			    m->col[c].name);
			return 1;
		}
	}
	return 0;
}

int model_start(struct model *m)
{
	int i, ident = 1;
	if (m->started)
		return 0;
	for (i = 0; i < m->f.ncol; i++)
		if (m->col[i].kind == MC_UNKNOWN)
			m->col[i].kind = MC_NUMBER;
	/*
	 * An identity: every term one plain numeric column, the response a
	 * plain column, and the source's predictors those columns in term
	 * order (the order model_new's caller gave the source).
	 */
	if (m->f.resp.col < 0 || m->f.resp.degree ||
	    m->col[m->f.resp.col].kind != MC_NUMBER)
		ident = 0;
	for (i = 0; i < m->f.nterm && ident; i++) {
		const struct fvar *v;
		if (m->f.term[i].nvar != 1) {
			ident = 0;
			break;
		}
		v = &m->f.var[m->f.term[i].var[0]];
		if (v->col < 0 || v->degree || var_factor(m, v) ||
		    m->col[v->col].kind != MC_NUMBER || m->src[v->col] != i)
			ident = 0;
	}
	if (m->f.nterm != m->f.ncol - 1 || m->has_cmp)
		ident = 0;
	m->identity = ident;
	m->started = 1;
	return ident ? 0 : first_layout(m);
}

int model_sync(struct model *dst, const struct model *src)
{
	int i, id;
	for (i = 0; i < src->f.ncol; i++) {
		const struct levels *lv = &src->col[i].lv;
		if (dst->col[i].kind == MC_UNKNOWN)
			dst->col[i].kind = src->col[i].kind;
		dst->col[i].numeric_levels = src->col[i].numeric_levels;
		for (id = dst->col[i].lv.n; id < lv->n; id++)
			if (levels_get(&dst->col[i].lv, lv->name[id],
			    lv->len[id]) != id)
				return -1;
	}
	return 0;
}

/* The first wide column after term t's block. */
static int block_end(const struct model *m, int t)
{
	int w = 0;
	while (w < m->nwide && m->wide[w].term <= t)
		w++;
	return w;
}

static int push_widen(struct model *m, int at, int count)
{
	if (m->nwiden == m->capwiden) {
		int cap = m->capwiden ? 2 * m->capwiden : 8;
		struct widen *nw = realloc(m->widen, (size_t)cap * sizeof *nw);
		if (!nw)
			return -1;
		m->widen = nw;
		m->capwiden = cap;
	}
	m->widen[m->nwiden].at = at;
	m->widen[m->nwiden].count = count;
	m->nwiden++;
	return 0;
}

/* How many values variable k of term t ranges over, and the k-th. */
static int var_range(const struct model *m, const struct fvar *v)
{
	if (var_factor(m, v))
		return m->col[v->col].lv.nused;
	return v->degree ? v->degree : 1;
}

static int var_value_at(const struct model *m, const struct fvar *v, int k)
{
	if (var_factor(m, v)) {
		const struct levels *lv = &m->col[v->col].lv;
		int id, seen = 0;
		for (id = 0; id < lv->n; id++)
			if (lv->used[id] && seen++ == k)
				return id;
		return -1;
	}
	return v->degree ? k + 1 : 0;
}

/*
 * Term t's combinations where variable `fixed` (an index into the
 * term's variables, or -1) holds `id`: appended at the end of t's
 * block.  With fixed == -1, all of them (a term's first columns).
 */
static int add_combos(struct model *m, int t, int fixed, int id)
{
	const struct fterm *tm = &m->f.term[t];
	int nv = tm->nvar, total = 1, k, c, at = block_end(m, t);
	int range[64];

	if (nv > 64)
		return -1;
	for (k = 0; k < nv; k++) {
		range[k] = k == fixed ? 1 : var_range(m, &m->f.var[tm->var[k]]);
		total *= range[k];
	}
	if (total == 0)
		return 0;
	if (m->nwide + total > m->capwide) {
		int cap = m->capwide ? m->capwide : 16;
		struct wcol *nw;
		while (cap < m->nwide + total)
			cap *= 2;
		nw = realloc(m->wide, (size_t)cap * sizeof *nw);
		if (!nw)
			return -1;
		m->wide = nw;
		m->capwide = cap;
	}
	memmove(m->wide + at + total, m->wide + at,
	    (size_t)(m->nwide - at) * sizeof *m->wide);
	for (c = 0; c < total; c++) {
		int rest = c, *comp = malloc((size_t)nv * sizeof *comp);
		m->wide[at + c].term = t;
		m->wide[at + c].comp = comp;
		if (!comp) {
			/* keep the array whole: the rest empty */
			int z;
			for (z = c; z < total; z++)
				m->wide[at + z].comp = NULL;
			m->nwide += total;
			return -1;
		}
		for (k = 0; k < nv; k++) {
			int r = rest % range[k];
			rest /= range[k];
			comp[k] = k == fixed ? id :
			    var_value_at(m, &m->f.var[tm->var[k]], r);
		}
	}
	m->nwide += total;
	return push_widen(m, at, total);
}

/* Level id of column i is used for the first time: its columns. */
static int use_level(struct model *m, int i, int id)
{
	int t, k;
	m->col[i].lv.used[id] = 1;
	m->col[i].lv.nused++;
	for (t = 0; t < m->f.nterm; t++) {
		const struct fterm *tm = &m->f.term[t];
		int fixed = -1;
		for (k = 0; k < tm->nvar; k++) {
			const struct fvar *v = &m->f.var[tm->var[k]];
			if (v->col == i && var_factor(m, v))
				fixed = k;
		}
		if (fixed >= 0 && add_combos(m, t, fixed, id))
			return -1;
	}
	return 0;
}

/* The first columns: the terms without factors (with one, on use). */
static int first_layout(struct model *m)
{
	int t, k;
	for (t = 0; t < m->f.nterm; t++) {
		int has = 0;
		for (k = 0; k < m->f.term[t].nvar; k++)
			has |= var_factor(m, &m->f.var[m->f.term[t].var[k]]);
		if (!has && add_combos(m, t, -1, 0))
			return -1;
	}
	m->nwiden = 0; /* the fit is made with these */
	return 0;
}

/* The value of variable v on the row, power p (poly) applied. */
static double var_value(const struct fvar *v, const double *val, int p)
{
	double x = fexpr_eval(v->expr, val);
	return p > 1 ? pow(x, p) : x;
}

int model_levels(struct model *m, const double *val)
{
	int i;
	for (i = 0; i < m->f.ncol; i++)
		if (m->col[i].kind == MC_FACTOR &&
		    !m->col[i].lv.used[(int)val[i]] &&
		    use_level(m, i, (int)val[i]))
			return -1;
	return 0;
}

int model_eval(struct model *m, const double *val, double *y, char *what,
    size_t size)
{
	int i;
	*y = fexpr_eval(m->f.resp.expr, val);
	if (!isfinite(*y)) {
		snprintf(what, size, "the response %.60s is %s on this row",
		    m->f.resp.label, isnan(*y) ? "undefined" : "infinite");
		return 1;
	}
	for (i = 0; i < m->f.nvar; i++) {
		const struct fvar *v = &m->f.var[i];
		double t;
		if (var_factor(m, v))
			continue;
		t = fexpr_eval(v->expr, val);
		if (!isfinite(t)) {
			snprintf(what, size, "%.60s is %s on this row", v->label,
			    isnan(t) ? "undefined" : "infinite");
			return 1;
		}
		m->base[i] = t;
	}
	return 0;
}

/* Variable v's base value b with power p applied (var_value's bits). */
static double base_power(double b, int p)
{
	return p > 1 ? pow(b, p) : b;
}

void model_dense_row(const struct model *m, const double *val, double *x)
{
	int w;
	for (w = 0; w < m->nwide; w++) {
		const struct wcol *c = &m->wide[w];
		const struct fterm *tm = &m->f.term[c->term];
		double prod = 1;
		int k;
		for (k = 0; k < tm->nvar && prod != 0; k++) {
			const struct fvar *v = &m->f.var[tm->var[k]];
			if (var_factor(m, v))
				prod = (int)val[v->col] == c->comp[k] ? prod : 0;
			else
				prod *= base_power(m->base[tm->var[k]], c->comp[k]);
		}
		x[w] = prod;
	}
}

double model_wide_value(const struct model *m, int w)
{
	const struct wcol *c = &m->wide[w];
	const struct fterm *tm = &m->f.term[c->term];
	double prod = 1;
	int k;
	for (k = 0; k < tm->nvar && prod != 0; k++)
		if (!var_factor(m, &m->f.var[tm->var[k]]))
			prod *= base_power(m->base[tm->var[k]], c->comp[k]);
	return prod;
}

int model_var_is_factor(const struct model *m, int v)
{
	return var_factor(m, &m->f.var[v]);
}

int model_row(struct model *m, const double *val, double *x, double *y,
    char *what, size_t size)
{
	if (model_eval(m, val, y, what, size))
		return 1;
	model_dense_row(m, val, x);
	return 0;
}

lr_status model_widen_fit(const struct model *m, lr_fit *f, int from)
{
	int i;
	for (i = from; i < m->nwiden; i++) {
		lr_status st = lr_fit_insert(f, m->widen[i].at,
		    m->widen[i].count);
		if (st != LR_OK)
			return st;
	}
	return LR_OK;
}

/* ------------------------------------------------------------------ */
/* Merging wide fits                                                   */
/* ------------------------------------------------------------------ */

/* The wide column of dm matching sm's column w (by level names); -1. */
static int match_col(const struct model *dm, const struct model *sm, int w)
{
	const struct wcol *c = &sm->wide[w];
	const struct fterm *tm = &sm->f.term[c->term];
	int d, k;
	for (d = 0; d < dm->nwide; d++) {
		const struct wcol *e = &dm->wide[d];
		int same = e->term == c->term;
		for (k = 0; k < tm->nvar && same; k++) {
			const struct fvar *v = &sm->f.var[tm->var[k]];
			if (var_factor(sm, v)) {
				const struct levels *a = &sm->col[v->col].lv;
				const struct levels *b = &dm->col[v->col].lv;
				same = a->len[c->comp[k]] == b->len[e->comp[k]] &&
				    memcmp(a->name[c->comp[k]], b->name[e->comp[k]],
				    a->len[c->comp[k]]) == 0;
			} else {
				same = c->comp[k] == e->comp[k];
			}
		}
		if (same)
			return d;
	}
	return -1;
}

int model_merge(struct model *dm, lr_fit **dst, const struct model *sm,
    const lr_fit *src, char *what, size_t size)
{
	int i, id, *perm = NULL, n0 = dm->nwiden;
	lr_fit *tmp = NULL, *sel = NULL;
	lr_status st;

	for (i = 0; i < dm->f.ncol; i++) {
		enum mcol_kind a = dm->col[i].kind, b = sm->col[i].kind;
		if (a != MC_UNKNOWN && b != MC_UNKNOWN && a != b) {
			snprintf(what, size, "column '%.60s' holds numbers in one "
			    "part and text in another", dm->col[i].name);
			return -1;
		}
		if (a == MC_UNKNOWN)
			dm->col[i].kind = b;
	}
	if (!sm->started)
		return LR_OK;
	if (!dm->started && model_start(dm))
		return LR_ENOMEM;
	if (dm->identity != sm->identity)
		return LR_EMISMATCH;
	if (dm->identity)
		return lr_fit_merge(*dst, src);
	/* Levels dst lacks. */
	for (i = 0; i < dm->f.ncol; i++) {
		const struct levels *lv = &sm->col[i].lv;
		if (sm->col[i].kind != MC_FACTOR)
			continue;
		if (!sm->col[i].numeric_levels)
			dm->col[i].numeric_levels = 0;
		for (id = 0; id < lv->n; id++) {
			int d;
			if (!lv->used[id])
				continue;
			d = levels_get(&dm->col[i].lv, lv->name[id], lv->len[id]);
			if (d < 0)
				return LR_ENOMEM;
			if (!dm->col[i].lv.used[d] && use_level(dm, i, d))
				return LR_ENOMEM;
		}
	}
	if ((st = model_widen_fit(dm, *dst, n0)) != LR_OK)
		return st;
	dm->nwiden = n0;
	/* src's columns in dst's order, the ones it lacks zero (appended). */
	perm = malloc((size_t)dm->nwide * sizeof *perm);
	if (!perm)
		return LR_ENOMEM;
	{
		int *have = calloc((size_t)dm->nwide, sizeof *have), extra = 0;
		int *idx = calloc((size_t)sm->nwide + 1, sizeof *idx);
		if (!have || !idx) {
			free(have);
			free(idx);
			free(perm);
			return LR_ENOMEM;
		}
		for (i = 0; i < sm->nwide; i++) {
			idx[i] = match_col(dm, sm, i);
			if (idx[i] >= 0)
				have[idx[i]] = 1;
		}
		for (i = 0; i < dm->nwide; i++)
			if (!have[i])
				extra++;
		/* the copy: src with `extra` zero columns at its end */
		{
			int all = sm->nwide, j, e = 0;
			int *ident = malloc((size_t)all * sizeof *ident);
			st = ident ? LR_OK : LR_ENOMEM;
			for (j = 0; ident && j < all; j++)
				ident[j] = j;
			if (st == LR_OK)
				st = lr_fit_select(src, ident, all, 0, &tmp);
			free(ident);
			if (st == LR_OK && extra)
				st = lr_fit_insert(tmp, all, extra);
			for (i = 0; st == LR_OK && i < dm->nwide; i++) {
				if (have[i]) {
					for (j = 0; j < sm->nwide; j++)
						if (idx[j] == i)
							perm[i] = j;
				} else {
					perm[i] = all + e++;
				}
			}
		}
		free(have);
		free(idx);
	}
	if (st == LR_OK)
		st = lr_fit_select(tmp, perm, dm->nwide, 0, &sel);
	if (st == LR_OK)
		st = lr_fit_merge(*dst, sel);
	lr_fit_free(tmp);
	lr_fit_free(sel);
	free(perm);
	return st;
}

/* ------------------------------------------------------------------ */
/* R's coding                                                          */
/* ------------------------------------------------------------------ */

/* Level x before level y of column c: by value for numbers, else bytes. */
static int level_before(const struct mcol *c, int x, int y)
{
	const struct levels *lv = &c->lv;
	size_t n;
	int r;
	if (c->numeric_levels) {
		double u = strtod(lv->name[x], NULL), v = strtod(lv->name[y], NULL);
		if (u != v)
			return u < v;
	}
	n = lv->len[x] < lv->len[y] ? lv->len[x] : lv->len[y];
	r = memcmp(lv->name[x], lv->name[y], n);
	return r ? r < 0 : lv->len[x] < lv->len[y];
}

void model_level_order(const struct model *m, int i, int *order)
{
	const struct mcol *c = &m->col[i];
	int id, n = 0;
	for (id = 0; id < c->lv.n; id++)
		if (c->lv.used[id])
			order[n++] = id;
	/* Insertion sort: levels are few, and this runs once per solve. */
	for (id = 1; id < n; id++) {
		int x = order[id], k = id;
		while (k > 0 && level_before(c, x, order[k - 1])) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = x;
	}
	if (c->ref) {
		int k;
		for (k = 0; k < n; k++)
			if (strcmp(c->lv.name[order[k]], c->ref) == 0) {
				int r = order[k];
				memmove(order + 1, order, (size_t)k * sizeof *order);
				order[0] = r;
				break;
			}
	}
}

/* Append a coded column (wide index w, term t, its name). */
static int push_coded(struct model *m, int w, int t, const char *name)
{
	int n = m->ncoded;
	int *c = realloc(m->coded, (size_t)(n + 1) * sizeof *c);
	int *ct;
	char **cn;
	if (!c)
		return -1;
	m->coded = c;
	ct = realloc(m->coded_term, (size_t)(n + 1) * sizeof *ct);
	if (!ct)
		return -1;
	m->coded_term = ct;
	cn = realloc(m->coded_name, (size_t)(n + 1) * sizeof *cn);
	if (!cn)
		return -1;
	m->coded_name = cn;
	m->coded[n] = w;
	m->coded_term[n] = t;
	m->coded_name[n] = strdup(name);
	if (!m->coded_name[n])
		return -1;
	m->ncoded++;
	return 0;
}

/* The wide column of term t with components comp; -1 if none. */
static int find_wide(const struct model *m, int t, const int *comp)
{
	int w, nv = m->f.term[t].nvar;
	for (w = 0; w < m->nwide; w++)
		if (m->wide[w].term == t &&
		    memcmp(m->wide[w].comp, comp, (size_t)nv * sizeof *comp) == 0)
			return w;
	return -1;
}

/*
 * Term t's coded columns, the first variable varying fastest, with
 * code[k] for its k-th variable (formula_coding's): each column's wide
 * index to cols[*n] (and its R name to push_coded when naming).
 */
static int code_term(struct model *m, int t, const int *code, int **orders,
    int naming, int *cols, int *n)
{
	const struct fterm *tm = &m->f.term[t];
	int nv = tm->nvar, k, c, total = 1;
	int first[64], range[64], comp[64];
	char name[1024];

	if (nv > 64)
		return -1;
	for (k = 0; k < nv; k++) {
		const struct fvar *v = &m->f.var[tm->var[k]];
		if (var_factor(m, v)) {
			first[k] = code[k] == 1; /* contrasts: skip the reference */
			range[k] = m->col[v->col].lv.nused - first[k];
		} else {
			first[k] = 0;
			range[k] = v->degree ? v->degree : 1;
		}
		total *= range[k];
	}
	for (c = 0; c < total; c++) {
		int rest = c, w;
		size_t len = 0;
		name[0] = '\0';
		for (k = 0; k < nv; k++) {
			const struct fvar *v = &m->f.var[tm->var[k]];
			int r = rest % range[k] + first[k];
			const char *lvl = "";
			char pw[16] = "";
			rest /= range[k];
			if (var_factor(m, v)) {
				comp[k] = orders[v->col][r];
				lvl = m->col[v->col].lv.name[comp[k]];
			} else if (v->degree) {
				comp[k] = r + 1;
				snprintf(pw, sizeof pw, "%d", r + 1);
			} else {
				comp[k] = 0;
			}
			if (naming && len < sizeof name)
				len += (size_t)snprintf(name + len, sizeof name - len,
				    "%s%s%s%s", k ? ":" : "", v->label, lvl, pw);
		}
		w = find_wide(m, t, comp);
		if (w < 0)
			return -1;
		if (naming && push_coded(m, w, t, name))
			return -1;
		if (cols)
			cols[(*n)++] = w;
	}
	return 0;
}

/* The sorted levels of every factor column (orders[i] NULL for others). */
static int **level_orders(const struct model *m)
{
	int **orders = calloc((size_t)m->f.ncol, sizeof *orders), i;
	if (!orders)
		return NULL;
	for (i = 0; i < m->f.ncol; i++)
		if (m->col[i].kind == MC_FACTOR) {
			orders[i] = malloc(((size_t)m->col[i].lv.n + 1) *
			    sizeof **orders);
			if (!orders[i])
				return orders; /* the caller sees the hole */
			model_level_order(m, i, orders[i]);
		}
	return orders;
}

static void free_orders(const struct model *m, int **orders)
{
	int i;
	if (!orders)
		return;
	for (i = 0; i < m->f.ncol; i++)
		free(orders[i]);
	free(orders);
}

static int choose_coded(struct model *m)
{
	int i, t, st = 0, isf[1024], code[64];
	int **orders;

	if (m->f.nvar > 1024 || !(orders = level_orders(m))) {
		return -1;
	}
	for (i = 0; i < m->f.ncol; i++)
		if (m->col[i].kind == MC_FACTOR && !orders[i])
			st = -1;
	coded_free(m);
	for (i = 0; i < m->f.nvar; i++)
		isf[i] = var_factor(m, &m->f.var[i]);
	for (t = 0; t < m->f.nterm && !st; t++) {
		if (m->f.term[t].nvar > 64) {
			st = -1;
			break;
		}
		formula_coding(&m->f, t, isf, code);
		st = code_term(m, t, code, orders, 1, NULL, NULL);
	}
	free_orders(m, orders);
	return st;
}

/* ------------------------------------------------------------------ */
/* A nested model (--compare)                                          */
/* ------------------------------------------------------------------ */

/* The variable of m with f0's variable v's label, or -1. */
static int same_var(const struct model *m, const struct formula *f0, int v)
{
	int i;
	for (i = 0; i < m->f.nvar; i++)
		if (!strcmp(m->f.var[i].label, f0->var[v].label))
			return i;
	return -1;
}

/* The term of m with the variables of f0's term t0, or -1. */
static int same_term(const struct model *m, const struct formula *f0, int t0)
{
	const struct fterm *a = &f0->term[t0];
	int t, k;
	for (t = 0; t < m->f.nterm; t++) {
		const struct fterm *b = &m->f.term[t];
		int all = b->nvar == a->nvar;
		for (k = 0; k < a->nvar && all; k++) {
			int v = same_var(m, f0, a->var[k]), j, in = 0;
			for (j = 0; j < b->nvar; j++)
				in |= b->var[j] == v;
			all = v >= 0 && in;
		}
		if (all)
			return t;
	}
	return -1;
}

int model_set_compare(struct model *m, struct formula *f0, char *what,
    size_t size)
{
	int t0;
	if (strcmp(f0->resp.label, m->f.resp.label) != 0) {
		snprintf(what, size, "the response %.60s is not the fitted "
		    "model's (%.60s)", f0->resp.label, m->f.resp.label);
		return 1;
	}
	if (f0->intercept && !m->f.intercept) {
		snprintf(what, size, "the model has an intercept, the fitted "
		    "one not: it is not nested in it");
		return 1;
	}
	free(m->cmp_term);
	if (!(m->cmp_term = calloc((size_t)f0->nterm + 1, sizeof(int))))
		return -1;
	for (t0 = 0; t0 < f0->nterm; t0++)
		if ((m->cmp_term[t0] = same_term(m, f0, t0)) < 0) {
			snprintf(what, size, "term %.60s is not in the fitted model: "
			    "the model is not nested in it", f0->term[t0].label);
			return 1;
		}
	formula_free(&m->cmp);
	m->cmp = *f0;
	memset(f0, 0, sizeof *f0);
	m->has_cmp = 1;
	return 0;
}

lr_status model_compare(struct model *m, const lr_fit *fit,
    const lr_result *full, double level, double *rss, double *df)
{
	lr_result *res0 = NULL;
	lr_result **res = &res0;
	int **orders = level_orders(m), *cols, n = 0, t0, i, st = 0;
	int isf[1024], code0[64], code[64];
	lr_fit *sub = NULL;
	lr_status ls;
	const struct formula *f0 = &m->cmp;

	cols = malloc(((size_t)m->nwide + 1) * sizeof *cols);
	if (!orders || !cols || f0->nvar > 1024) {
		free_orders(m, orders);
		free(cols);
		return LR_ENOMEM;
	}
	for (i = 0; i < m->f.ncol; i++)
		if (m->col[i].kind == MC_FACTOR && !orders[i])
			st = -1;
	for (i = 0; i < f0->nvar; i++) {
		int v = same_var(m, f0, i);
		isf[i] = v >= 0 && var_factor(m, &m->f.var[v]);
	}
	for (t0 = 0; t0 < f0->nterm && !st; t0++) {
		int t = m->cmp_term[t0], k, j;
		const struct fterm *a = &f0->term[t0], *b = &m->f.term[t];
		if (a->nvar > 64 || b->nvar > 64) {
			st = -1;
			break;
		}
		formula_coding(f0, t0, isf, code0);
		/* code0 is by f0's variable order; code by m's term's */
		for (k = 0; k < b->nvar; k++)
			for (j = 0; j < a->nvar; j++)
				if (same_var(m, f0, a->var[j]) == b->var[k])
					code[k] = code0[j];
		st = code_term(m, t, code, orders, 0, cols, &n);
	}
	free_orders(m, orders);
	if (st || n == 0) {
		/* y ~ 1 (or y ~ 0): the total sum of squares about the mean
		 * (about 0) is the full model's own, with intercept or not */
		const lr_stats *fs = lr_result_stats(full);
		free(cols);
		if (st)
			return LR_ENOMEM;
		if (f0->intercept != fs->intercept)
			return LR_EINVAL;
		*rss = fs->tss;
		*df = (double)fs->n - f0->intercept;
		return LR_OK;
	}
	ls = lr_fit_select(fit, cols, n, f0->intercept ? 0 : LR_NO_INTERCEPT,
	    &sub);
	free(cols);
	if (ls == LR_OK)
		ls = lr_solve(sub, level, res);
	lr_fit_free(sub);
	if (ls == LR_OK) {
		*rss = lr_result_stats(res0)->sse;
		*df = (double)lr_result_stats(res0)->df;
	}
	lr_result_free(res0);
	return ls;
}

lr_status model_solve(struct model *m, const lr_fit *fit, double level,
    lr_result **res, lr_fit **sub)
{
	lr_fit *s = NULL;
	lr_status st;

	*res = NULL;
	if (sub)
		*sub = NULL;
	if (m->identity)
		return lr_solve(fit, level, res);
	if (choose_coded(m))
		return LR_ENOMEM;
	if (m->ncoded == 0)
		return LR_EINVAL;
	st = lr_fit_select(fit, m->coded, m->ncoded,
	    m->f.intercept ? 0 : LR_NO_INTERCEPT, &s);
	if (st == LR_OK)
		st = lr_solve(s, level, res);
	if (sub && st != LR_ENOMEM) {
		*sub = s;
		s = NULL;
	}
	lr_fit_free(s);
	return st;
}

int model_coded_row(const struct model *m, const double *val, double *x,
    char *what, size_t size)
{
	int j;
	for (j = 0; j < m->ncoded; j++) {
		const struct wcol *c = &m->wide[m->coded[j]];
		const struct fterm *tm = &m->f.term[c->term];
		double prod = 1;
		int k;
		for (k = 0; k < tm->nvar; k++) {
			const struct fvar *v = &m->f.var[tm->var[k]];
			if (var_factor(m, v)) {
				prod = (int)val[v->col] == c->comp[k] ? prod : 0;
			} else {
				double t = var_value(v, val, c->comp[k]);
				if (!isfinite(t)) {
					snprintf(what, size, "%.60s is %s there",
					    v->label, isnan(t) ? "undefined" :
					    "infinite");
					return 1;
				}
				prod *= t;
			}
		}
		x[j] = prod;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Predictions by name                                                 */
/* ------------------------------------------------------------------ */

/* One "name=value" of a named prediction into val (column c). */
static int named_value(const struct model *m, int c, const char *v,
    size_t n, double *val, char *what, size_t size)
{
	const struct mcol *mc = &m->col[c];
	char buf[128], num[64];
	double x;
	int id;

	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (mc->kind == MC_FACTOR) {
		id = levels_find(&mc->lv, buf, n);
		if (id < 0 && mc->numeric_levels &&
		    num_parse(buf, n, &x) == NUM_OK) {
			formula_number(x, num, sizeof num);
			id = levels_find(&mc->lv, num, strlen(num));
		}
		if (id < 0 || !mc->lv.used[id]) {
			snprintf(what, size, "%.60s=%.60s: no such level in the "
			    "data", mc->name, buf);
			return 1;
		}
		val[c] = id;
		return 0;
	}
	if (mc->kind == MC_DATE && datetime_parse(buf, n, &x)) {
		val[c] = x / m->time_unit;
		return 0;
	}
	if (num_parse(buf, n, &x) != NUM_OK) {
		snprintf(what, size, "%.60s=%.60s: not a number%s", mc->name,
		    buf, mc->kind == MC_DATE ? " or a date" : "");
		return 1;
	}
	val[c] = x;
	return 0;
}

int model_named_row(const struct model *m, const char *text, double *val,
    char *what, size_t size)
{
	const char *p = text;
	int i, *seen = calloc((size_t)m->f.ncol, sizeof *seen);

	if (!seen)
		return -1;
	while (*p) {
		const char *e = strchr(p, ','), *eq;
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int c;
		while (n && *p == ' ')
			p++, n--;
		eq = memchr(p, '=', n);
		c = eq ? find_col(m, p, (size_t)(eq - p)) : -1;
		if (c < 0) {
			snprintf(what, size, "'%.*s': expected COLUMN=VALUE with "
			    "a column of the model", (int)(n > 60 ? 60 : n), p);
			free(seen);
			return 1;
		}
		if (named_value(m, c, eq + 1, n - (size_t)(eq + 1 - p), val, what,
		    size)) {
			free(seen);
			return 1;
		}
		seen[c] = 1;
		p = e ? e + 1 : p + n;
	}
	for (i = 0; i < m->f.ncol; i++)
		if (!seen[i] && col_needed(m, i)) {
			snprintf(what, size, "no value for column '%.60s'",
			    m->col[i].name);
			free(seen);
			return 1;
		}
	free(seen);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Building a model from a state (state.c)                              */
/* ------------------------------------------------------------------ */

int model_put_level(struct model *m, int i, const char *name, size_t len,
    int used)
{
	int id;
	if (i < 0 || i >= m->f.ncol || m->col[i].kind != MC_FACTOR)
		return 1;
	id = levels_get(&m->col[i].lv, name, len);
	if (id < 0)
		return -1;
	if (id != m->col[i].lv.n - 1)
		return 1; /* the same level twice */
	if (used) {
		m->col[i].lv.used[id] = 1;
		m->col[i].lv.nused++;
	}
	return 0;
}

int model_put_wide(struct model *m, int t, const int *comp, int ncomp)
{
	const struct fterm *tm;
	int k, *c;
	if (t < 0 || t >= m->f.nterm || (m->nwide > 0 &&
	    m->wide[m->nwide - 1].term > t))
		return 1;
	tm = &m->f.term[t];
	if (ncomp != tm->nvar)
		return 1;
	for (k = 0; k < ncomp; k++) {
		const struct fvar *v = &m->f.var[tm->var[k]];
		if (var_factor(m, v) ? comp[k] < 0 ||
		    comp[k] >= m->col[v->col].lv.n ||
		    !m->col[v->col].lv.used[comp[k]] :
		    v->degree ? comp[k] < 1 || comp[k] > v->degree : comp[k] != 0)
			return 1;
	}
	if (find_wide(m, t, comp) >= 0)
		return 1;
	if (m->nwide == m->capwide) {
		int cap = m->capwide ? 2 * m->capwide : 16;
		struct wcol *nw = realloc(m->wide, (size_t)cap * sizeof *nw);
		if (!nw)
			return -1;
		m->wide = nw;
		m->capwide = cap;
	}
	if (!(c = malloc(((size_t)ncomp + 1) * sizeof *c)))
		return -1;
	memcpy(c, comp, (size_t)ncomp * sizeof *c);
	m->wide[m->nwide].term = t;
	m->wide[m->nwide].comp = c;
	m->nwide++;
	m->started = 1;
	m->identity = 0;
	m->fitwide = 1;
	return 0;
}

int model_put_done(const struct model *m)
{
	int w, t, k, i, total;
	/* every term's block whole: the product of its variables' ranges */
	for (t = 0; t < m->f.nterm; t++) {
		const struct fterm *tm = &m->f.term[t];
		total = 1;
		for (k = 0; k < tm->nvar; k++)
			total *= var_range(m, &m->f.var[tm->var[k]]);
		for (w = 0, i = 0; w < m->nwide; w++)
			i += m->wide[w].term == t;
		if (i != total)
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* A row again (--fitted's second pass), the levels known              */
/* ------------------------------------------------------------------ */


/*
 * Cell c of column i as the model's value, without learning anything:
 * 1, 0 for a missing value, -1 for one the fit cannot take.
 */
static int known_value(const struct model *m, int i, const struct cell *c,
    double *v)
{
	const struct mcol *mc = &m->col[i];
	char buf[64];
	double x;
	int id, num;

	if (c->kind == CELL_NULL || c->kind == CELL_ABSENT ||
	    (c->kind != CELL_NUMBER && (c->len == 0 ||
	    (c->len == 2 && !memcmp(c->p, "NA", 2)))))
		return 0;
	num = c->kind == CELL_NUMBER;
	if (num)
		x = c->num;
	else
		num = num_parse_point(c->p, c->len, m->point, &x) == NUM_OK;
	if (mc->kind == MC_FACTOR) {
		if (num) {
			formula_number(x, buf, sizeof buf);
			id = levels_find(&mc->lv, buf, strlen(buf));
		} else {
			id = levels_find(&mc->lv, c->p, c->len);
		}
		if (id < 0 || !mc->lv.used[id])
			return -1;
		*v = id;
		return 1;
	}
	if (mc->kind == MC_DATE) {
		if (num || !datetime_parse(c->p, c->len, &x))
			return -1;
		*v = x / m->time_unit;
		return 1;
	}
	if (!num)
		return -1;
	*v = x;
	return 1;
}

/* Room for a row's column values: on the stack for up to 64 columns
 * (--fitted and --predict-file call per row), else allocated. */
#define KNOWN_STACK 64

int model_known_row(const struct model *m, const struct cell *c,
    const double *w, double *out)
{
	double stack[KNOWN_STACK] = {0}, y;
	double *val = m->f.ncol < KNOWN_STACK ? stack :
	    calloc((size_t)m->f.ncol + 1, sizeof *val);
	char what[100];
	int i, ok = 1;
	if (!val)
		return -1;
	for (i = 0; i < m->f.ncol && ok == 1; i++)
		ok = known_value(m, i, &c[m->src[i]], &val[i]);
	if (ok != 1)
		ok = 0;
	if (ok) {
		y = fexpr_eval(m->f.resp.expr, val);
		ok = isfinite(y) && !model_coded_row(m, val, out, what,
		    sizeof what);
		out[m->ncoded] = y;
		out[m->ncoded + 1] = w ? *w : 1;
	}
	if (val != stack)
		free(val);
	return ok;
}

int model_known_x(const struct model *m, const struct cell *c, double *x)
{
	double stack[KNOWN_STACK] = {0};
	double *val = m->f.ncol < KNOWN_STACK ? stack :
	    calloc((size_t)m->f.ncol + 1, sizeof *val);
	char what[100];
	int i, ok = 1;
	if (!val)
		return INT_MIN;
	for (i = 0; i < m->f.ncol && ok == 1; i++)
		if (col_needed(m, i)) {
			ok = m->src[i] < m->nsrc - 1 ?
			    known_value(m, i, &c[m->src[i]], &val[i]) : -1;
			if (ok < 0)
				ok = -(m->src[i] + 1);
		}
	if (ok == 1 && model_coded_row(m, val, x, what, sizeof what))
		ok = 0;
	if (val != stack)
		free(val);
	return ok;
}

const char *model_src_name(const struct model *m, int k)
{
	int i;
	for (i = 0; i < m->f.ncol; i++)
		if (m->src[i] == k)
			return m->col[i].name;
	return "?";
}
