/*
 * formula.c - R model formulas: the tree of formula_syntax.c into the
 * response, variables and terms R's terms() makes, with R's labels; a
 * variable's value on a row; R's coding of a term (formula.h).
 *
 * Cut so because the formula is pure text algebra: it needs no data and
 * no I/O, so it is tested alone (tests/unit/test_formula.c, every
 * expectation taken from R 4.2's terms() and model.matrix()); the text
 * itself (lexer, parser, deparse) is formula_syntax.c's.
 *
 * How, as R's termsform() (stats/src/model.c): the variables are
 * collected in order of first appearance (response first, `.` expanded
 * to the data's columns), then the right-hand side is encoded into
 * terms as bit sets (+ - * / : ^, with R's parity rule for `- 1`),
 * duplicates dropped as they come (a hash per term keeps `y ~ .` on
 * thousands of columns fast), and sorted by order.  Two variables are
 * the same when their labels (R's deparse) are, as R's MatchVar finds.
 * Tried first: a separate arithmetic parser for I() and log(); one
 * grammar for the whole formula is shorter and is what R does.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "formula_syntax.h"

#define MAX_TERMS 65536    /* terms at any step of the algebra */
#define MAX_DEGREE 30

/* A list of terms, each a bit set of nw words over the variables. */
struct tlist {
	int n, cap;
	uint64_t *w;
	uint64_t *h;           /* a hash of each term */
	int *slot;             /* an index by hash: term + 1, or 0 (NULL: none) */
	int nslot;             /* a power of two, more than 2 n */
};

#define TL_EMPTY { 0, 0, NULL, NULL, NULL, 0 }

/* An index of strings by hash (the variables' labels, the columns):
 * slot[k] is a string's number + 1, or 0; n is a power of two. */
struct sindex {
	int *slot;
	int n;
};

/* The interpretation: variables found, the algebra's state. */
struct ctx {
	struct fparser *p;
	const char *const *names;
	int nnames;
	int nv, capv;
	char **vlabel;         /* R's label of each variable (0: response) */
	const struct fnode **vnode; /* its subtree; NULL for a `.` column */
	int *vdot;             /* a `.` column: its index in names */
	struct sindex vx, cx;  /* indices of vlabel and of formula.col */
	int nw;
	int intercept, parity;
	int nlhs;              /* formula.col[0..nlhs-1]: the response's */
	struct formula *f;
};

/* ------------------------------------------------------------------ */
/* Variables and columns                                               */
/* ------------------------------------------------------------------ */

/* The slot of string s in x over keys[]: where it is or would go. */
static int sx_slot(const struct sindex *x, char *const *keys, const char *s)
{
	unsigned m = (unsigned)x->n - 1, k = 2166136261u;
	const unsigned char *u;
	int i;
	for (u = (const unsigned char *)s; *u; u++)
		k = (k ^ *u) * 16777619u;
	for (k &= m; (i = x->slot[k] - 1) >= 0 && strcmp(keys[i], s) != 0;
	    k = (k + 1) & m)
		;
	return (int)k;
}

/* s's number, or -1; index keys[0..n-1] first when it is full. */
static int sx_find(struct sindex *x, char *const *keys, int n, const char *s)
{
	int i;
	if (4 * (n + 1) > x->n) {
		free(x->slot);
		x->n = 64;
		while (x->n < 8 * (n + 1))
			x->n *= 2;
		x->slot = calloc((size_t)x->n, sizeof *x->slot);
		if (!x->slot)
			return -2;
		for (i = 0; i < n; i++)
			x->slot[sx_slot(x, keys, keys[i])] = i + 1;
	}
	return n ? x->slot[sx_slot(x, keys, s)] - 1 : -1;
}

/* The index of the variable with this label, added if new; -1 on
 * failure (label is consumed either way). */
static int install_var(struct ctx *c, char *label, const struct fnode *x,
    int dot)
{
	int i;
	if (!label)
		return -1;
	i = sx_find(&c->vx, c->vlabel, c->nv, label);
	if (i != -1) {
		free(label);
		return i >= 0 ? i : (fml_fail(c->p, 0, "out of memory"), -1);
	}
	if (c->nv == c->capv) {
		int cap = c->capv > 0 ? 2 * c->capv : 16;
		char **l = realloc(c->vlabel, (size_t)cap * sizeof *l);
		const struct fnode **n = l ? realloc(c->vnode,
		    (size_t)cap * sizeof(struct fnode *)) : NULL;
		int *d = n ? realloc(c->vdot, (size_t)cap * sizeof *d) : NULL;
		if (l)
			c->vlabel = l;
		if (n)
			c->vnode = n;
		if (d)
			c->vdot = d;
		if (!d) {
			free(label);
			fml_fail(c->p, x ? x->at : 0, "out of memory");
			return -1;
		}
		c->capv = cap;
	}
	c->vx.slot[sx_slot(&c->vx, c->vlabel, label)] = c->nv + 1;
	c->vlabel[c->nv] = label;
	c->vnode[c->nv] = x;
	c->vdot[c->nv] = dot;
	return c->nv++;
}

/* The index of a column in formula.col, added if new. */
static int install_col(struct ctx *c, const char *name, size_t at)
{
	struct formula *f = c->f;
	char **t = f->col;
	int i = sx_find(&c->cx, f->col, f->ncol, name);
	if (i >= 0)
		return i;
	/* the capacity doubles at each power of two */
	if (i == -1 && (f->ncol & (f->ncol - 1)) == 0)
		t = realloc(f->col, (size_t)(f->ncol ? 2 * f->ncol : 1) * sizeof *t);
	if (t)
		f->col = t;
	if (i < -1 || !t || !(f->col[f->ncol] = fml_strdup(name))) {
		fml_fail(c->p, at, "out of memory");
		return -1;
	}
	c->cx.slot[sx_slot(&c->cx, f->col, name)] = f->ncol + 1;
	return f->ncol++;
}

/* Is names[i] a column of the response (so not part of `.`)? */
static int in_response(const struct ctx *c, int i)
{
	int k;
	for (k = 0; k < c->nlhs; k++)
		if (strcmp(c->f->col[k], c->names[i]) == 0)
			return 1;
	return 0;
}

static int is_dot(const struct fnode *x)
{
	return x->kind == N_NAME && !x->quoted && strcmp(x->name, ".") == 0;
}

/* A power in the formula: an integer from 2 on, as a number. */
static int power_of(struct fparser *p, const struct fnode *x)
{
	if (x->kind != N_NUM || x->num != floor(x->num) || x->num < 2
	    || x->num > 1000) {
		fml_fail(p, x->at, "invalid power in formula (an integer of 2 or more)");
		return -1;
	}
	return (int)x->num;
}

/* R's ExtractVars: every variable of the right-hand side, in order of
 * first appearance, `.` expanded to the data's columns. */
static int extract_vars(struct ctx *c, const struct fnode *x)
{
	int i;
	switch (x->kind) {
	case N_NUM:
		if (x->num != 0 && x->num != 1) {
			fml_fail(c->p, x->at, "a number cannot be a term "
			    "(only 0 or 1, for the intercept)");
			return -1;
		}
		return 0;
	case N_NAME:
		if (!is_dot(x))
			return install_var(c, fml_label(c->p, x, NULL), x, -1) < 0 ? -1 : 0;
		if (!c->names) {
			fml_fail(c->p, x->at, "'.' needs the data's column names");
			return -1;
		}
		for (i = 0; i < c->nnames; i++)
			if (!in_response(c, i) && install_var(c,
			    fml_label(c->p, NULL, c->names[i]), NULL, i) < 0)
				return -1;
		return 0;
	case N_CALL:
		return install_var(c, fml_label(c->p, x, NULL), x, -1) < 0 ? -1 : 0;
	case N_CHAIN:
		if (x->op == '^')
			return power_of(c->p, x->kid[1]) < 0 ? -1
			    : extract_vars(c, x->kid[0]);
		for (i = 0; i < x->n; i++)
			if (extract_vars(c, x->kid[i]) < 0)
				return -1;
		return 0;
	default:  /* N_PAREN, N_UNARY */
		return extract_vars(c, x->kid[0]);
	}
}

/* ------------------------------------------------------------------ */
/* Term algebra: R's EncodeVars                                        */
/* ------------------------------------------------------------------ */

static uint64_t term_hash(const uint64_t *w, int nw)
{
	uint64_t h = 1469598103934665603u;
	int i;
	for (i = 0; i < nw; i++)
		h = (h ^ w[i]) * 1099511628211u;
	/* the index takes low bits: mix the high ones down (MurmurHash3's
	 * finaliser) */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	return h ^ h >> 33;
}

/* The slot of term (w, h) in t's index: where it is or would go. */
static int tl_slot(const struct ctx *c, const struct tlist *t,
    const uint64_t *w, uint64_t h)
{
	unsigned m = (unsigned)t->nslot - 1, k = (unsigned)h & m;
	int i;
	while ((i = t->slot[k] - 1) >= 0 && !(t->h[i] == h && memcmp(t->w
	    + (size_t)i * (size_t)c->nw, w, (size_t)c->nw * sizeof *w) == 0))
		k = (k + 1) & m;
	return (int)k;
}

static int tl_find(const struct ctx *c, const struct tlist *t,
    const uint64_t *w, uint64_t h)
{
	return t->slot ? t->slot[tl_slot(c, t, w, h)] - 1 : -1;
}

/* (Re)builds t's index for at least n + 1 terms. */
static int tl_reindex(struct ctx *c, struct tlist *t)
{
	int i, ns = 16;
	while (ns <= 4 * (t->n + 1))
		ns *= 2;
	free(t->slot);
	t->nslot = ns;
	t->slot = calloc((size_t)ns, sizeof *t->slot);
	if (!t->slot) {
		fml_fail(c->p, 0, "out of memory");
		return -1;
	}
	for (i = 0; i < t->n; i++)
		t->slot[tl_slot(c, t, t->w + (size_t)i * (size_t)c->nw,
		    t->h[i])] = i + 1;
	return 0;
}

/* Appends term w unless t has it (R's TrimRepeats as it goes). */
static int tl_add(struct ctx *c, struct tlist *t, const uint64_t *w)
{
	uint64_t h = term_hash(w, c->nw);
	size_t nw = (size_t)c->nw;
	if (tl_find(c, t, w, h) >= 0)
		return 0;
	if (t->n >= MAX_TERMS) {
		fml_fail(c->p, 0, "too many terms (more than %d)", MAX_TERMS);
		return -1;
	}
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 8;
		uint64_t *a = realloc(t->w, (size_t)cap * nw * sizeof *a);
		uint64_t *b = a ? realloc(t->h, (size_t)cap * sizeof *b) : NULL;
		if (a)
			t->w = a;
		if (!b) {
			fml_fail(c->p, 0, "out of memory");
			return -1;
		}
		t->h = b;
		t->cap = cap;
	}
	if ((!t->slot || 2 * (t->n + 1) >= t->nslot) && tl_reindex(c, t) < 0)
		return -1;
	memcpy(t->w + (size_t)t->n * nw, w, nw * sizeof *w);
	t->h[t->n] = h;
	t->slot[tl_slot(c, t, w, h)] = t->n + 1;
	t->n++;
	return 0;
}

static void tl_free(struct tlist *t)
{
	free(t->w);
	free(t->h);
	free(t->slot);
	t->w = t->h = NULL;
	t->slot = NULL;
	t->n = t->cap = t->nslot = 0;
}

static int tl_cat(struct ctx *c, struct tlist *dst, const struct tlist *src)
{
	int i;
	for (i = 0; i < src->n; i++)
		if (tl_add(c, dst, src->w + (size_t)i * (size_t)c->nw) < 0)
			return -1;
	return 0;
}

/* dst gets every l | r (left outer, right inner: R's order). */
static int tl_cross(struct ctx *c, struct tlist *dst, const struct tlist *l,
    const struct tlist *r)
{
	uint64_t w[1024];
	size_t nw = (size_t)c->nw;
	int i, j, k;
	for (i = 0; i < l->n; i++)
		for (j = 0; j < r->n; j++) {
			for (k = 0; k < c->nw; k++)
				w[k] = l->w[i * nw + (size_t)k] | r->w[j * nw + (size_t)k];
			if (tl_add(c, dst, w) < 0)
				return -1;
		}
	return 0;
}

static int encode(struct ctx *c, const struct fnode *x, struct tlist *out);

/* One variable as a term. */
static int encode_var(struct ctx *c, const struct fnode *x, struct tlist *out)
{
	uint64_t w[1024] = { 0 };
	int v = install_var(c, fml_label(c->p, x, NULL), x, -1);
	if (v < 0)
		return -1;
	if (v == 0 && c->parity) {
		fml_fail(c->p, x->at, "the response '%s' is also on the "
		    "right-hand side", c->vlabel[0]);
		return -1;
	}
	w[v / 64] |= (uint64_t)1 << (v % 64);
	return tl_add(c, out, w);
}

/* `.`: each column of the data but the response's, in the data's
 * order, also those the formula names elsewhere (y ~ a:. has a:a = a). */
static int encode_dot(struct ctx *c, struct tlist *out)
{
	uint64_t w[1024];
	int i, v;
	for (i = 0; i < c->nnames; i++) {
		if (in_response(c, i))
			continue;
		v = install_var(c, fml_label(c->p, NULL, c->names[i]), NULL, i);
		if (v < 0)
			return -1;
		memset(w, 0, (size_t)c->nw * sizeof *w);
		w[v / 64] |= (uint64_t)1 << (v % 64);
		if (tl_add(c, out, w) < 0)
			return -1;
	}
	return 0;
}

/* acc op= r for one operator of a chain. */
static int combine(struct ctx *c, char op, struct tlist *acc, struct tlist *r)
{
	struct tlist t = TL_EMPTY;
	uint64_t all[1024] = { 0 };
	int i, k, rc = 0;
	size_t nw = (size_t)c->nw;
	if (op == '+')
		return tl_cat(c, acc, r);
	if (op == '-') {  /* R's DeleteTerms */
		for (i = 0; i < r->n; i++) {
			int at = tl_find(c, acc, r->w + i * nw, r->h[i]);
			if (at < 0)
				continue;
			memmove(acc->w + at * nw, acc->w + (at + 1) * nw,
			    (size_t)(acc->n - at - 1) * nw * sizeof *acc->w);
			memmove(acc->h + at, acc->h + at + 1,
			    (size_t)(acc->n - at - 1) * sizeof *acc->h);
			acc->n--;
			if (tl_reindex(c, acc) < 0)
				return -1;
		}
		return 0;
	}
	/* R's CrossTerms and NestTerms drop the right side when the left
	 * has no terms (listAppend's result unused): y ~ 1 * b is empty */
	if (acc->n == 0)
		return 0;
	if ((double)acc->n * r->n > 4.0 * MAX_TERMS)
		return fml_fail(c->p, 0, "too many terms (more than %d)", MAX_TERMS), -1;
	if (op == '/') {  /* R's NestTerms: a/b = a + (all of a):b */
		for (i = 0; i < acc->n; i++)
			for (k = 0; k < c->nw; k++)
				all[k] |= acc->w[i * nw + (size_t)k];
		t.w = all;
		t.n = 1;
		rc = tl_cross(c, acc, &t, r);
		return rc;
	}
	rc = op == ':' ? 0 : tl_cat(c, &t, acc);  /* '*': a + b + a:b */
	if (!rc && op == '*')
		rc = tl_cat(c, &t, r);
	if (!rc)
		rc = tl_cross(c, &t, acc, r);
	tl_free(acc);
	*acc = t;
	return rc;
}

/* R's PowerTerms: right = left; right = left x right, k - 1 times. */
static int encode_power(struct ctx *c, const struct fnode *x, struct tlist *out)
{
	struct tlist left = TL_EMPTY, prev;
	int k = power_of(c->p, x->kid[1]), i, rc;
	rc = k < 0 ? -1 : encode(c, x->kid[0], &left);
	if (!rc)
		rc = tl_cat(c, out, &left);
	for (i = 1; !rc && i < k; i++) {
		if ((double)left.n * out->n > 4.0 * MAX_TERMS) {
			fml_fail(c->p, x->at, "too many terms (more than %d)", MAX_TERMS);
			rc = -1;
			break;
		}
		prev = *out;
		out->w = out->h = NULL;
		out->slot = NULL;
		out->n = out->cap = out->nslot = 0;
		rc = tl_cross(c, out, &left, &prev);
		tl_free(&prev);
	}
	tl_free(&left);
	return rc;
}

/* Terms of x appended to out (which is empty). */
static int encode(struct ctx *c, const struct fnode *x, struct tlist *out)
{
	struct tlist r;
	int i, rc = 0;
	switch (x->kind) {
	case N_NUM:
		c->intercept = (x->num == 1) == (c->parity == 1);
		return 0;
	case N_NAME:
		return is_dot(x) ? encode_dot(c, out) : encode_var(c, x, out);
	case N_CALL:
		return encode_var(c, x, out);
	case N_PAREN:
		return encode(c, x->kid[0], out);
	case N_UNARY:
		if (x->op == '+')
			return encode(c, x->kid[0], out);
		memset(&r, 0, sizeof r);  /* -a: a deleted from nothing */
		c->parity = !c->parity;
		rc = encode(c, x->kid[0], &r);
		c->parity = !c->parity;
		tl_free(&r);
		return rc;
	case N_CHAIN:
		break;
	}
	if (x->op == '^')
		return encode_power(c, x, out);
	rc = encode(c, x->kid[0], out);
	for (i = 1; !rc && i < x->n; i++) {
		memset(&r, 0, sizeof r);
		if (x->ops[i] == '-')
			c->parity = !c->parity;
		rc = encode(c, x->kid[i], &r);
		if (x->ops[i] == '-')
			c->parity = !c->parity;
		if (!rc)
			rc = combine(c, x->ops[i], out, &r);
		tl_free(&r);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Expressions: the value of a variable                                */
/* ------------------------------------------------------------------ */

static void fexpr_free(struct fexpr *e)
{
	if (!e)
		return;
	fexpr_free(e->a);
	fexpr_free(e->b);
	free(e);
}

static struct fexpr *fx_new(struct ctx *c, enum fx_op op, struct fexpr *a,
    struct fexpr *b, size_t at)
{
	struct fexpr *e = c->p->failed ? NULL : calloc(1, sizeof *e);
	if (!e) {
		fexpr_free(a);
		fexpr_free(b);
		return fml_fail(c->p, at, "out of memory");
	}
	e->op = op;
	e->a = a;
	e->b = b;
	e->col = -1;
	return e;
}

static struct fexpr *build(struct ctx *c, const struct fnode *x, int depth);

static const struct { const char *name; enum fx_op op; } funcs[] = {
	{ "log", FX_LOG }, { "log2", FX_LOG2 }, { "log10", FX_LOG10 },
	{ "log1p", FX_LOG1P }, { "exp", FX_EXP }, { "sqrt", FX_SQRT },
	{ "abs", FX_ABS }
};

/* log(x, base): R's logbase(), log10 and log2 for those bases, else
 * log(x) / log(base). */
static struct fexpr *build_log(struct ctx *c, const struct fnode *x, int depth)
{
	const struct fnode *b = x->kid[1];
	struct fexpr *a, *base;
	if ((x->arg[1] && strcmp(x->arg[1], "base") != 0) || b->kind != N_NUM)
		return fml_fail(c->p, b->at, "log(x, base): the base must be a number");
	a = build(c, x->kid[0], depth + 1);
	if (!a)
		return NULL;
	if (b->num == 10 || b->num == 2)
		return fx_new(c, b->num == 10 ? FX_LOG10 : FX_LOG2, a, NULL, x->at);
	base = fx_new(c, FX_NUM, NULL, NULL, x->at);
	if (base)
		base->num = b->num;
	return fx_new(c, FX_DIV, fx_new(c, FX_LOG, a, NULL, x->at),
	    fx_new(c, FX_LOG, base, NULL, x->at), x->at);
}

static struct fexpr *build_call(struct ctx *c, const struct fnode *x, int depth)
{
	size_t i;
	if (strcmp(x->name, "I") == 0 && x->n == 1 && !x->arg[0])
		return build(c, x->kid[0], depth + 1);
	if (strcmp(x->name, "log") == 0 && x->n == 2 && !x->arg[0])
		return build_log(c, x, depth);
	for (i = 0; i < sizeof funcs / sizeof *funcs; i++)
		if (strcmp(x->name, funcs[i].name) == 0) {
			if (x->n != 1 || x->arg[0])
				return fml_fail(c->p, x->at, "%s() takes one argument",
				    x->name);
			return fx_new(c, funcs[i].op, build(c, x->kid[0],
			    depth + 1), NULL, x->at);
		}
	if (strcmp(x->name, "factor") == 0 || strcmp(x->name, "poly") == 0)
		return fml_fail(c->p, x->at, "%s() inside an expression is not "
		    "supported", x->name);
	return fml_fail(c->p, x->at, "unknown function '%s'", x->name);
}

/* The expression of subtree x (a column, a number, arithmetic, the
 * functions); depth limits the expression's nesting, so that
 * fexpr_eval's recursion stays small. */
static struct fexpr *build(struct ctx *c, const struct fnode *x, int depth)
{
	static const char binop[] = "+-*/^";
	struct fexpr *e;
	int i;
	if (c->p->failed)
		return NULL;
	if (depth > FML_MAX_DEPTH)
		return fml_fail(c->p, x->at, "expression nested too deeply "
		    "(more than %d levels)", FML_MAX_DEPTH);
	switch (x->kind) {
	case N_NUM:
		e = fx_new(c, FX_NUM, NULL, NULL, x->at);
		if (e)
			e->num = x->num;
		return e;
	case N_NAME:
		if (is_dot(x) || (!x->quoted && fml_reserved(x->name)))
			return fml_fail(c->p, x->at, "unexpected name '%s'", x->name);
		e = fx_new(c, FX_COL, NULL, NULL, x->at);
		if (e && (e->col = install_col(c, x->name, x->at)) < 0) {
			free(e);
			return NULL;
		}
		return e;
	case N_CALL:
		return build_call(c, x, depth);
	case N_PAREN:
		return build(c, x->kid[0], depth + 1);
	case N_UNARY:
		e = build(c, x->kid[0], depth + 1);
		return x->op == '-' && e ? fx_new(c, FX_NEG, e, NULL, x->at) : e;
	case N_CHAIN:
		break;
	}
	if (x->op == ':')
		return fml_fail(c->p, x->at, "':' inside an expression is not supported");
	e = build(c, x->kid[0], depth + x->n);
	for (i = 1; e && i < x->n; i++)
		e = fx_new(c, (enum fx_op)(FX_ADD + (strchr(binop, x->ops[i]) - binop)),
		    e, build(c, x->kid[i], depth + 1), x->at);
	return e;
}

/* ------------------------------------------------------------------ */
/* Variables of the formula                                            */
/* ------------------------------------------------------------------ */

static int is_true(const struct fnode *x)
{
	return x->kind == N_NAME && !x->quoted && (strcmp(x->name, "TRUE") == 0
	    || strcmp(x->name, "T") == 0);
}

/* poly(x, degree, raw = TRUE), arguments by position or name. */
static int build_poly(struct ctx *c, const struct fnode *x, struct fvar *v)
{
	const struct fnode *arg[3] = { NULL, NULL, NULL };
	static const char *const names[] = { "x", "degree", "raw" };
	int i, k, pos = 0;
	for (i = 0; i < x->n; i++) {
		for (k = 0; x->arg[i] && k < 3 && strcmp(x->arg[i], names[k]) != 0; k++)
			;
		if (!x->arg[i])
			while (pos < 3 && arg[pos])
				pos++;
		k = x->arg[i] ? k : pos;
		if (k >= 3 || arg[k])
			return fml_fail(c->p, x->kid[i]->at, "poly(): unexpected "
			    "argument"), -1;
		arg[k] = x->kid[i];
	}
	if (!arg[2] || !is_true(arg[2]))
		return fml_fail(c->p, x->at, "poly(): only raw = TRUE is supported "
		    "(orthogonal polynomials are not)"), -1;
	if (!arg[0] || !arg[1] || arg[1]->kind != N_NUM || arg[1]->num < 1
	    || arg[1]->num > MAX_DEGREE || arg[1]->num != floor(arg[1]->num))
		return fml_fail(c->p, arg[1] ? arg[1]->at : x->at, "poly(): the degree "
		    "must be an integer from 1 to %d", MAX_DEGREE), -1;
	v->degree = (int)arg[1]->num;
	v->expr = build(c, arg[0], 1);
	return v->expr ? 0 : -1;
}

/* Variable i of the interpretation into v. */
static int build_var(struct ctx *c, int i, struct fvar *v)
{
	const struct fnode *x = c->vnode[i];
	v->col = -1;
	if (!(v->label = fml_strdup(c->vlabel[i])))
		return fml_fail(c->p, 0, "out of memory"), -1;
	if (!x) {
		v->expr = fx_new(c, FX_COL, NULL, NULL, 0);
		if (v->expr)
			v->expr->col = install_col(c, c->names[c->vdot[i]], 0);
	} else if (x->kind == N_CALL && strcmp(x->name, "poly") == 0) {
		if (i == 0)
			return fml_fail(c->p, x->at, "poly() cannot be the response"), -1;
		if (build_poly(c, x, v) < 0)
			return -1;
	} else if (x->kind == N_CALL && strcmp(x->name, "factor") == 0) {
		if (x->n != 1 || x->arg[0] || x->kid[0]->kind != N_NAME || i == 0)
			return fml_fail(c->p, x->at, i ? "factor() takes one column "
			    "name" : "the response cannot be a factor"), -1;
		v->factor = 1;
		v->expr = build(c, x->kid[0], 1);
	} else {
		v->expr = build(c, x, 0);
	}
	if (v->expr && v->expr->op == FX_COL)
		v->col = v->expr->col;
	return c->p->failed ? -1 : 0;
}

static int popcount(const uint64_t *w, int nw)
{
	int i, n = 0;
	uint64_t u;
	for (i = 0; i < nw; i++)
		for (u = w[i]; u; u &= u - 1)
			n++;
	return n;
}

/* Term ft's label: its variables' labels joined by ':'. */
static char *term_label(const struct formula *f, const struct fterm *ft)
{
	size_t n = 0, k;
	int i;
	char *s;
	for (i = 0; i < ft->nvar; i++)
		n += strlen(f->var[ft->var[i]].label) + 1;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0, n = 0; i < ft->nvar; i++) {
		k = strlen(f->var[ft->var[i]].label);
		memcpy(s + n, f->var[ft->var[i]].label, k);
		n += k;
		s[n++] = i + 1 < ft->nvar ? ':' : '\0';
	}
	return s;
}

/* Appends the variables of word u of a term (bit b: variable
 * base + b, formula.var index base + b - 1) to ft->var. */
static void term_vars(uint64_t u, int base, struct fterm *ft)
{
	int b;
	for (; u; u &= u - 1) {
		for (b = 0; !(u >> b & 1); b++)
			;
		ft->var[ft->nvar++] = base + b - 1;
	}
}

/* The terms into f, sorted by order (stable), with labels. */
static int build_terms(struct ctx *c, const struct tlist *t)
{
	struct formula *f = c->f;
	int order, i, v, maxo = 0;
	f->term = calloc((size_t)t->n + 1, sizeof *f->term);
	if (!f->term)
		return fml_fail(c->p, 0, "out of memory"), -1;
	for (i = 0; i < t->n; i++) {
		int o = popcount(t->w + (size_t)i * (size_t)c->nw, c->nw);
		maxo = o > maxo ? o : maxo;
	}
	for (order = 1; order <= maxo; order++)
		for (i = 0; i < t->n; i++) {
			const uint64_t *w = t->w + (size_t)i * (size_t)c->nw;
			struct fterm *ft = &f->term[f->nterm];
			if (popcount(w, c->nw) != order)
				continue;
			ft->var = malloc((size_t)order * sizeof *ft->var);
			f->nterm++;
			for (v = 0; ft->var && v < c->nw; v++)
				term_vars(w[v], 64 * v, ft);
			if (!ft->var || !(ft->label = term_label(f, ft)))
				return fml_fail(c->p, 0, "out of memory"), -1;
		}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The formula                                                         */
/* ------------------------------------------------------------------ */

static int interpret(struct ctx *c, const struct fnode *lhs,
    const struct fnode *rhs, size_t tilde)
{
	struct formula *f = c->f;
	struct tlist t = TL_EMPTY;
	int i, rc;
	if (lhs->kind != N_NAME && lhs->kind != N_CALL)
		return fml_fail(c->p, lhs->at, "the response must be a column or a "
		    "function of columns"), -1;
	if (install_var(c, fml_label(c->p, lhs, NULL), lhs, -1) < 0
	    || build_var(c, 0, &f->resp) < 0)
		return -1;
	c->nlhs = f->ncol;
	if (extract_vars(c, rhs) < 0)
		return -1;
	if (c->nv > 64 * 1024)
		return fml_fail(c->p, rhs->at, "too many variables (more than %d)",
		    64 * 1024 - 1), -1;
	c->nw = (c->nv + 63) / 64;
	rc = encode(c, rhs, &t);
	f->intercept = c->intercept;
	if (!rc && t.n == 0 && !f->intercept)
		rc = (fml_fail(c->p, tilde, "the model has no terms and no intercept"), -1);
	f->var = rc ? NULL : calloc((size_t)c->nv, sizeof *f->var);
	if (!rc && !f->var)
		rc = (fml_fail(c->p, 0, "out of memory"), -1);
	for (i = 1; !rc && i < c->nv; i++, f->nvar++)
		rc = build_var(c, i, &f->var[i - 1]);
	if (!rc)
		rc = build_terms(c, &t);
	tl_free(&t);
	return rc;
}

int formula_parse(const char *text, const char *const *names, int nnames,
    struct formula *f, char *err, size_t errsize, size_t *at)
{
	struct fparser p;
	struct ctx c;
	struct fnode *lhs = NULL, *rhs = NULL;
	size_t tilde = 0;
	int i, rc;
	memset(f, 0, sizeof *f);
	memset(&c, 0, sizeof c);
	rc = fml_syntax(&p, text, err, errsize, at, &lhs, &rhs, &tilde);
	c.p = &p;
	c.names = names;
	c.nnames = names ? nnames : 0;
	c.intercept = c.parity = 1;
	c.f = f;
	if (!rc && (f->text = fml_strdup(text)) == NULL)
		rc = (fml_fail(&p, 0, "out of memory"), -1);
	if (!rc)
		rc = interpret(&c, lhs, rhs, tilde);
	for (i = 0; i < c.nv; i++)
		free(c.vlabel[i]);
	free(c.vlabel);
	free(c.vnode);
	free(c.vdot);
	free(c.vx.slot);
	free(c.cx.slot);
	fml_node_free(lhs);
	fml_node_free(rhs);
	if (!rc && !p.failed)
		return 0;
	formula_free(f);
	return -1;
}

static void fvar_free(struct fvar *v)
{
	free(v->label);
	fexpr_free(v->expr);
}

void formula_free(struct formula *f)
{
	int i;
	if (!f)
		return;
	free(f->text);
	for (i = 0; i < f->ncol; i++)
		free(f->col[i]);
	free(f->col);
	fvar_free(&f->resp);
	for (i = 0; f->var && i < f->nvar; i++)
		fvar_free(&f->var[i]);
	free(f->var);
	for (i = 0; f->term && i < f->nterm; i++) {
		free(f->term[i].var);
		free(f->term[i].label);
	}
	free(f->term);
	memset(f, 0, sizeof *f);
}

/* The number writer is the deparse's, in formula_syntax.c. */
char *formula_number(double v, char *buf, size_t size)
{
	return fml_number(v, buf, size);
}

/* ------------------------------------------------------------------ */
/* Evaluation and coding                                               */
/* ------------------------------------------------------------------ */

/* R's R_pow (arithmetic.c), special cases included. */
static double r_pow(double x, double y)
{
	if (x == 1 || y == 0)
		return 1;
	if (x == 0)
		return y > 0 ? 0 : y < 0 ? INFINITY : y;
	if (isfinite(x) && isfinite(y))
		return y == 2 ? x * x : pow(x, y);
	if (isnan(x) || isnan(y))
		return x + y;
	if (!isfinite(x)) {
		if (x > 0)
			return y < 0 ? 0 : INFINITY;
		if (isfinite(y) && y == floor(y))
			return y < 0 ? 0 : fmod(y, 2) != 0 ? x : -x;
	}
	if (!isfinite(y) && x >= 0)
		return y > 0 ? (x >= 1 ? INFINITY : 0) : (x < 1 ? INFINITY : 0);
	return NAN;
}

double fexpr_eval(const struct fexpr *e, const double *col)
{
	double a = e->a ? fexpr_eval(e->a, col) : 0;
	double b = e->b ? fexpr_eval(e->b, col) : 0;
	switch (e->op) {
	case FX_NUM: return e->num;
	case FX_COL: return col[e->col];
	case FX_NEG: return -a;
	case FX_ADD: return a + b;
	case FX_SUB: return a - b;
	case FX_MUL: return a * b;
	case FX_DIV: return a / b;
	case FX_POW: return r_pow(a, b);
	case FX_LOG: return log(a);
	case FX_LOG2: return log2(a);
	case FX_LOG10: return log10(a);
	case FX_LOG1P: return log1p(a);
	case FX_EXP: return exp(a);
	case FX_SQRT: return sqrt(a);
	case FX_ABS: return fabs(a);
	}
	return NAN;
}

/* Is term t without its i-th variable inside term j? */
static int contained(const struct fterm *t, int i, const struct fterm *j)
{
	int a, b = 0;
	for (a = 0; a < t->nvar; a++) {
		if (a == i)
			continue;
		while (b < j->nvar && j->var[b] < t->var[a])
			b++;
		if (b == j->nvar || j->var[b] != t->var[a])
			return 0;
	}
	return 1;
}

void formula_coding(const struct formula *f, int t, const int *is_factor,
    int *code)
{
	const struct fterm *ft = &f->term[t];
	int i, j, k;
	for (i = 0; i < ft->nvar; i++) {
		code[i] = 0;
		if (!is_factor[ft->var[i]])
			continue;
		code[i] = ft->nvar == 1 ? 1 : 2;
		for (j = 0; j < t && code[i] == 2; j++)
			if (contained(ft, i, &f->term[j]))
				code[i] = 1;
	}
	if (f->intercept)
		return;
	/* model.matrix without an intercept: the first factor of the first
	 * term that has one gets indicators */
	for (j = 0; j <= t; j++)
		for (k = 0; k < f->term[j].nvar; k++)
			if (is_factor[f->term[j].var[k]]) {
				if (j == t)
					code[k] = 2;
				return;
			}
}
