/*
 * formula.c - R model formulas: text -> response, variables and terms,
 * with R's labels (formula.h is the contract).
 *
 * Cut so because the formula is pure text algebra: it needs no data and
 * no I/O, so it is tested alone (tests/unit/test_formula.c, every
 * expectation taken from R 4.2's terms() and model.matrix()).
 *
 * How: a recursive-descent parser with R's operator precedence (^,
 * unary -, :, * /, + -, ~) builds one syntax tree for the whole
 * formula; runs of the same left-associative operator are one n-ary
 * node, so `x1 + ... + x5000` costs no stack, and nesting (parentheses,
 * calls, unary signs, ^) is limited to MAX_DEPTH.  Then, as R's
 * termsform() (stats/src/model.c) does: the variables are collected in
 * order of first appearance (response first), and the right-hand side
 * is encoded into terms as bit sets (+ - * / : ^ with R's parity rule
 * for `- 1`), sorted by order.  A variable's label is the R deparse of
 * its subtree (spaces around + - *, none around / ^ :, the user's
 * parentheses kept); two variables are the same when their labels are.
 * Tried first: a separate arithmetic parser for I() and log(); one
 * grammar is shorter and is what R does.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"

#define MAX_DEPTH 200      /* nesting of the formula and of an expression */
#define MAX_TERMS 65536    /* terms at any step of the algebra */
#define MAX_DEGREE 30

enum { TK_END = 0, TK_NUM = 256, TK_NAME };
enum nkind { N_NUM, N_NAME, N_CALL, N_PAREN, N_UNARY, N_CHAIN };

/* A node of the syntax tree.  N_CHAIN: kid[0] ops[1] kid[1] ops[2] ...
 * where op is '+' ('+' '-'), '*' ('*' '/'), ':' or '^' (two kids). */
struct node {
	enum nkind kind;
	size_t at;             /* offset of its first character */
	double num;            /* N_NUM */
	char *name;            /* N_NAME: unquoted; N_CALL: the function */
	int quoted;            /* N_NAME written in backquotes */
	char op;               /* N_UNARY: '-' '+'; N_CHAIN: as above */
	int n;
	struct node **kid;
	char *ops;             /* N_CHAIN */
	char **arg;            /* N_CALL: each argument's name or NULL */
};

struct parser {
	const char *s;
	size_t pos;            /* where the lexer goes on */
	int tk;                /* the current token */
	size_t at, end;        /* its bytes */
	double num;
	int quoted;
	int depth;
	int failed;
	char *err;
	size_t errsize, *errat;
};

/* A growing string: deparsed labels. */
struct sbuf {
	char *s;
	size_t n, cap;
	int oom;
};

/* A list of terms, each a bit set of nw words over the variables. */
struct tlist {
	int n, cap;
	uint64_t *w;
	uint64_t *h;           /* a hash of each term, to compare fast */
};

/* The interpretation: variables found, the algebra's state. */
struct ctx {
	struct parser *p;
	const char *const *names;
	int nnames;
	int nv, capv;
	char **vlabel;         /* R's label of each variable (0: response) */
	const struct node **vnode; /* its subtree; NULL for a `.` column */
	int *vdot;             /* a `.` column: its index in names */
	int nw;
	int intercept, parity;
	int nlhs;              /* formula.col[0..nlhs-1]: the response's */
	struct formula *f;
};

/* ------------------------------------------------------------------ */
/* Errors, strings, names                                              */
/* ------------------------------------------------------------------ */

static void *fail(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;
	if (p->failed)
		return NULL;
	p->failed = 1;
	*p->errat = at;
	if (p->errsize) {
		va_start(ap, fmt);
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is right above */
		(void)vsnprintf(p->err, p->errsize, fmt, ap);
		va_end(ap);
	}
	return NULL;
}

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	char *t;
	size_t cap;
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		cap = (b->n + n + 1) * 2;
		t = realloc(b->s, cap);
		if (!t) {
			b->oom = 1;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *t = malloc(n);
	if (t)
		memcpy(t, s, n);
	return t;
}

static int name_char(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c >= 0x80;
}

static const char *const reserved[] = {
	"if", "else", "repeat", "while", "function", "for", "in", "next",
	"break", "TRUE", "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_",
	"NA_real_", "NA_character_", "NA_complex_"
};

static int is_reserved(const char *s)
{
	size_t i;
	for (i = 0; i < sizeof reserved / sizeof *reserved; i++)
		if (strcmp(s, reserved[i]) == 0)
			return 1;
	/* ... and ..1, ..2: R's argument placeholders */
	if (s[0] == '.' && s[1] == '.') {
		for (i = 2; s[i] && isdigit((unsigned char)s[i]); i++)
			;
		if (s[i] == '\0' || strcmp(s, "...") == 0)
			return 1;
	}
	return 0;
}

/* R's syntactic names (make.names): a letter, or '.' not followed by a
 * digit, then letters, digits, '.' and '_'; not a reserved word.  Bytes
 * above 127 count as letters, as R's in a UTF-8 locale. */
static int is_syntactic(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;
	if (!(isalpha(u[0]) || u[0] >= 0x80 || u[0] == '.'))
		return 0;
	if (u[0] == '.' && isdigit(u[1]))
		return 0;
	for (i = 1; u[i]; i++)
		if (!name_char(u[i]))
			return 0;
	return !is_reserved(s);
}

static void sb_name(struct sbuf *b, const char *name)
{
	int q = !is_syntactic(name);
	if (q)
		sb_add(b, "`", 1);
	sb_str(b, name);
	if (q)
		sb_add(b, "`", 1);
}

/* ------------------------------------------------------------------ */
/* Numbers as R writes them                                            */
/* ------------------------------------------------------------------ */

/* R's formatReal with 15 digits for one value: the significant digits
 * of %.14e without trailing zeros; fixed notation when it is no wider
 * than scientific.  Digits are placed by hand: printf's decimal point
 * follows the locale ("%.0f" prints none, so it serves big integers,
 * whose every digit R prints). */
char *formula_number(double v, char *buf, size_t size)
{
	char e[40], dig[16] = "0", out[400];
	int nsig, kp, neg = v < 0, i, o = 0, rgt, left, wf, we;
	if (isnan(v) || isinf(v) || v == 0) {
		(void)snprintf(buf, size, "%s", isnan(v) ? "NaN" : v == 0 ? "0"
		    : v > 0 ? "Inf" : "-Inf");
		return buf;
	}
	(void)snprintf(e, sizeof e, "%.14e", fabs(v));
	for (i = 0, nsig = 0; e[i] && e[i] != 'e'; i++)
		if (isdigit((unsigned char)e[i]))
			dig[nsig++] = e[i];
	kp = atoi(strchr(e, 'e') + 1);
	while (nsig > 1 && dig[nsig - 1] == '0')
		nsig--;
	rgt = nsig - kp - 1 > 0 ? nsig - kp - 1 : 0;
	left = kp >= 0 ? kp + 1 : 1;
	wf = neg + left + (rgt ? rgt + 1 : 0);
	we = neg + (nsig > 1 ? nsig + 1 : 1) + 4 + (kp >= 100 || kp <= -100);
	if (neg)
		out[o++] = '-';
	if (wf <= we && kp >= 15) {
		(void)snprintf(out + o, sizeof out - (size_t)o, "%.0f", fabs(v));
	} else if (wf <= we) {
		for (i = 0; i < left; i++)  /* digits left of the point */
			out[o++] = kp < 0 ? '0' : i < nsig ? dig[i] : '0';
		if (rgt)
			out[o++] = '.';
		for (i = 0; i < rgt; i++) {
			int k = kp + 1 + i;  /* index of the digit in dig */
			out[o++] = k < 0 ? '0' : dig[k];
		}
		out[o] = '\0';
	} else {
		out[o++] = dig[0];
		if (nsig > 1)
			out[o++] = '.';
		for (i = 1; i < nsig; i++)
			out[o++] = dig[i];
		(void)snprintf(out + o, sizeof out - (size_t)o, "e%c%02d",
		    kp < 0 ? '-' : '+', kp < 0 ? -kp : kp);
	}
	(void)snprintf(buf, size, "%s", out);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Lexer                                                               */
/* ------------------------------------------------------------------ */

/* A number: digits [. digits] [e [+-] digits], or .digits.  Converted
 * by strtod on the digits with the point moved into the exponent, so
 * that no locale's decimal point is involved. */
static void lex_number(struct parser *p, size_t i)
{
	const char *s = p->s;
	char buf[400];
	int nd = 0, shift = 0, ex = 0, esign = 1;
	for (; isdigit((unsigned char)s[i]); i++)
		if (nd < 350)
			buf[nd++] = s[i];
		else
			shift++;
	if (s[i] == '.')
		for (i++; isdigit((unsigned char)s[i]); i++)
			if (nd < 350) {
				buf[nd++] = s[i];
				shift--;
			}
	if ((s[i] == 'e' || s[i] == 'E') && (isdigit((unsigned char)s[i + 1])
	    || ((s[i + 1] == '+' || s[i + 1] == '-')
	    && isdigit((unsigned char)s[i + 2])))) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			esign = s[i++] == '-' ? -1 : 1;
		for (; isdigit((unsigned char)s[i]); i++)
			if (ex < 100000)
				ex = ex * 10 + (s[i] - '0');
	}
	(void)snprintf(buf + nd, sizeof buf - (size_t)nd, "e%d",
	    shift + esign * ex);
	p->num = strtod(buf, NULL);
	p->tk = TK_NUM;
	p->end = i;
}

static void lex(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos;
	unsigned char c;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	p->at = i;
	p->quoted = 0;
	p->tk = TK_END;  /* also after an error: the parser stops */
	c = (unsigned char)s[i];
	if (c == '\0') {
		p->tk = TK_END;
		p->end = i;
	} else if (isdigit(c) || (c == '.' && isdigit((unsigned char)s[i + 1]))) {
		lex_number(p, i);
	} else if (c == '`') {
		const char *q = strchr(s + i + 1, '`');
		if (!q) {
			fail(p, i, "unterminated backquote");
			return;
		}
		if (q == s + i + 1 || memchr(s + i + 1, '\\', (size_t)(q - s - i - 1))) {
			fail(p, i, q == s + i + 1 ? "empty backquoted name"
			    : "escapes in a backquoted name are not supported");
			return;
		}
		p->tk = TK_NAME;
		p->quoted = 1;
		p->end = (size_t)(q - s) + 1;
	} else if (isalpha(c) || c == '.' || c >= 0x80) {
		for (i++; name_char((unsigned char)s[i]); i++)
			;
		p->tk = TK_NAME;
		p->end = i;
	} else if (strchr("+-*/^:~(),=", c) && !(c == '=' && s[i + 1] == '=')) {
		p->tk = c;
		p->end = i + 1;
	} else {
		fail(p, i, "unexpected '%c'", c);
		return;
	}
	p->pos = p->end;
}

/* "unexpected ..." for the current token. */
static void *unexpected(struct parser *p)
{
	if (p->tk == TK_END)
		return fail(p, p->at, "unexpected end of formula");
	if (p->tk == TK_NUM)
		return fail(p, p->at, "unexpected number");
	if (p->tk == TK_NAME)
		return fail(p, p->at, "unexpected name '%.*s'",
		    (int)(p->end - p->at), p->s + p->at);
	return fail(p, p->at, "unexpected '%c'", p->tk);
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

static void node_free(struct node *x)
{
	int i;
	if (!x)
		return;
	for (i = 0; i < x->n; i++) {
		node_free(x->kid[i]);
		if (x->arg)
			free(x->arg[i]);
	}
	free(x->kid);
	free(x->ops);
	free(x->arg);
	free(x->name);
	free(x);
}

static struct node *node_new(struct parser *p, enum nkind kind, size_t at)
{
	struct node *x = calloc(1, sizeof *x);
	if (!x)
		return fail(p, at, "out of memory");
	x->kind = kind;
	x->at = at;
	return x;
}

/* Appends kid (and its operator and argument name) to x; frees kid and
 * name on failure. */
static int node_add(struct parser *p, struct node *x, struct node *kid,
    char op, char *name)
{
	struct node **k = realloc(x->kid, ((size_t)x->n + 1) * sizeof(struct node *));
	char *o, **a;
	if (k)
		x->kid = k;
	o = k ? realloc(x->ops, (size_t)x->n + 1) : NULL;
	if (o)
		x->ops = o;
	a = o ? realloc(x->arg, ((size_t)x->n + 1) * sizeof *a) : NULL;
	if (!a) {
		node_free(kid);
		free(name);
		fail(p, x->at, "out of memory");
		return -1;
	}
	x->arg = a;
	x->kid[x->n] = kid;
	x->ops[x->n] = op;
	x->arg[x->n++] = name;
	return 0;
}

static char *tok_text(struct parser *p)
{
	size_t a = p->at + (size_t)p->quoted, n = p->end - p->at - 2 * (size_t)p->quoted;
	char *t = malloc(n + 1);
	if (!t)
		return fail(p, p->at, "out of memory");
	memcpy(t, p->s + a, n);
	t[n] = '\0';
	return t;
}

static struct node *parse_sum(struct parser *p);
static struct node *parse_unary(struct parser *p);

/* Is the current token a name followed by '=' (an argument's name)? */
static int at_arg_name(const struct parser *p)
{
	size_t j = p->end;
	if (p->tk != TK_NAME)
		return 0;
	while (p->s[j] == ' ' || p->s[j] == '\t' || p->s[j] == '\n')
		j++;
	return p->s[j] == '=' && p->s[j + 1] != '=';
}

/* The arguments of a call, after its '('. */
static struct node *parse_args(struct parser *p, struct node *call)
{
	lex(p);
	if (p->tk == ')') {
		lex(p);
		return call;
	}
	for (;;) {
		char *name = NULL;
		struct node *kid;
		if (!p->failed && at_arg_name(p)) {
			name = tok_text(p);
			lex(p);  /* the name */
			lex(p);  /* '=' */
		}
		kid = p->failed ? NULL : parse_sum(p);
		if (!kid || node_add(p, call, kid, ',', name) < 0) {
			free(kid ? NULL : name);
			node_free(call);
			return NULL;
		}
		if (p->tk == ')')
			break;
		if (p->tk != ',') {
			node_free(call);
			return unexpected(p);
		}
		lex(p);
	}
	lex(p);
	return call;
}

static struct node *parse_primary(struct parser *p)
{
	struct node *x;
	size_t at = p->at;
	if (p->failed)
		return NULL;
	if (p->tk == TK_NUM) {
		x = node_new(p, N_NUM, at);
		if (x)
			x->num = p->num;
		lex(p);
		return x;
	}
	if (p->tk != TK_NAME)
		return unexpected(p);
	x = node_new(p, N_NAME, at);
	if (x) {
		x->quoted = p->quoted;
		x->name = tok_text(p);
	}
	lex(p);
	if (!x || !x->name || p->tk != '(')
		return x && x->name ? x : (node_free(x), NULL);
	x->kind = N_CALL;
	return parse_args(p, x);
}

/* Wraps x in a node of the given kind (parentheses, unary sign). */
static struct node *wrap(struct parser *p, enum nkind kind, char op,
    size_t at, struct node *x)
{
	struct node *w;
	if (!x)
		return NULL;
	w = node_new(p, kind, at);
	if (!w || node_add(p, w, x, op, NULL) < 0) {
		if (!w)
			node_free(x);
		node_free(w);
		return NULL;
	}
	w->op = op;
	return w;
}

/* primary, '(' sum ')' kept as a node, and a ^ b (right-associative,
 * b may carry a sign: x^-1). */
static struct node *parse_pow(struct parser *p)
{
	struct node *x, *chain;
	size_t at = p->at;
	if (p->tk == '(') {
		lex(p);
		x = parse_sum(p);
		if (x && p->tk != ')') {
			node_free(x);
			return p->tk == TK_END ? fail(p, at, "unmatched '('")
			    : unexpected(p);
		}
		lex(p);
		x = wrap(p, N_PAREN, '(', at, x);
	} else {
		x = parse_primary(p);
	}
	if (!x || p->tk != '^')
		return x;
	lex(p);
	chain = wrap(p, N_CHAIN, '^', at, x);
	if (!chain || node_add(p, chain, parse_unary(p), '^', NULL) < 0
	    || !chain->kid[1]) {
		node_free(chain);
		return NULL;
	}
	return chain;
}

static struct node *parse_unary(struct parser *p)
{
	struct node *x;
	size_t at = p->at;
	char op = (char)p->tk;
	if (p->failed)
		return NULL;
	if (++p->depth > MAX_DEPTH) {
		p->depth--;
		return fail(p, at, "formula nested too deeply (more than %d levels)",
		    MAX_DEPTH);
	}
	if (op == '-' || op == '+') {
		lex(p);
		x = wrap(p, N_UNARY, op, at, parse_unary(p));
	} else {
		x = parse_pow(p);
	}
	p->depth--;
	return x;
}

/* A run of one precedence level: level 0 is + -, 1 is * /, 2 is :. */
static struct node *parse_level(struct parser *p, int level)
{
	static const char *const ops[] = { "+-", "*/", ":" };
	struct node *x = level < 2 ? parse_level(p, level + 1) : parse_unary(p);
	struct node *chain;
	size_t at;
	if (!x || p->tk == TK_END || !strchr(ops[level], p->tk))
		return x;
	at = x->at;
	chain = wrap(p, N_CHAIN, ops[level][0], at, x);
	while (chain && p->tk != TK_END && strchr(ops[level], p->tk)) {
		char op = (char)p->tk;
		struct node *kid;
		lex(p);
		kid = level < 2 ? parse_level(p, level + 1) : parse_unary(p);
		if (!kid || node_add(p, chain, kid, op, NULL) < 0) {
			node_free(chain);
			return NULL;
		}
	}
	return chain;
}

static struct node *parse_sum(struct parser *p)
{
	return parse_level(p, 0);
}

/* ------------------------------------------------------------------ */
/* Deparse: R's text of a subtree                                      */
/* ------------------------------------------------------------------ */

static void deparse(struct sbuf *b, const struct node *x)
{
	char num[64];
	int i;
	switch (x->kind) {
	case N_NUM:
		sb_str(b, formula_number(x->num, num, sizeof num));
		break;
	case N_NAME:  /* TRUE, T, ...: as written */
		if (!x->quoted && is_reserved(x->name))
			sb_str(b, x->name);
		else
			sb_name(b, x->name);
		break;
	case N_CALL:
		sb_name(b, x->name);
		sb_add(b, "(", 1);
		for (i = 0; i < x->n; i++) {
			if (i)
				sb_add(b, ", ", 2);
			if (x->arg[i]) {
				sb_name(b, x->arg[i]);
				sb_add(b, " = ", 3);
			}
			deparse(b, x->kid[i]);
		}
		sb_add(b, ")", 1);
		break;
	case N_PAREN:
		sb_add(b, "(", 1);
		deparse(b, x->kid[0]);
		sb_add(b, ")", 1);
		break;
	case N_UNARY:
		sb_add(b, &x->op, 1);
		deparse(b, x->kid[0]);
		break;
	case N_CHAIN:
		for (i = 0; i < x->n; i++) {
			char op = x->ops[i];
			if (i && (op == '+' || op == '-' || op == '*')) {
				char sp[3] = { ' ', op, ' ' };
				sb_add(b, sp, 3);
			} else if (i) {
				sb_add(b, &op, 1);
			}
			deparse(b, x->kid[i]);
		}
		break;
	}
}

/* The label of a variable: its subtree's deparse, or (x NULL) the name
 * of a column of `.`. */
static char *label_of(struct parser *p, const struct node *x, const char *col)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	if (x)
		deparse(&b, x);
	else if (col)
		sb_name(&b, col);
	if (b.oom || !b.s) {
		free(b.s);
		return fail(p, x ? x->at : 0, "out of memory");
	}
	return b.s;
}

/* ------------------------------------------------------------------ */
/* Variables and columns                                               */
/* ------------------------------------------------------------------ */

/* The index of the variable with this label, added if new; -1 on
 * failure (label is consumed either way). */
static int install_var(struct ctx *c, char *label, const struct node *x,
    int dot)
{
	int i;
	if (!label)
		return -1;
	for (i = 0; i < c->nv; i++)
		if (strcmp(c->vlabel[i], label) == 0) {
			free(label);
			return i;
		}
	if (c->nv == c->capv) {
		int cap = c->capv ? 2 * c->capv : 16;
		char **l = realloc(c->vlabel, (size_t)cap * sizeof *l);
		const struct node **n = l ? realloc(c->vnode,
		    (size_t)cap * sizeof(struct node *)) : NULL;
		int *d = n ? realloc(c->vdot, (size_t)cap * sizeof *d) : NULL;
		if (l)
			c->vlabel = l;
		if (n)
			c->vnode = n;
		if (!d) {
			free(label);
			fail(c->p, x ? x->at : 0, "out of memory");
			return -1;
		}
		c->vdot = d;
		c->capv = cap;
	}
	c->vlabel[c->nv] = label;
	c->vnode[c->nv] = x;
	c->vdot[c->nv] = dot;
	return c->nv++;
}

/* The index of a column in formula.col, added if new. */
static int install_col(struct ctx *c, const char *name, size_t at)
{
	struct formula *f = c->f;
	char **t;
	int i;
	for (i = 0; i < f->ncol; i++)
		if (strcmp(f->col[i], name) == 0)
			return i;
	t = realloc(f->col, (size_t)(f->ncol + 1) * sizeof *t);
	if (t)
		f->col = t;
	if (!t || !(f->col[f->ncol] = dupstr(name))) {
		fail(c->p, at, "out of memory");
		return -1;
	}
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

static int is_dot(const struct node *x)
{
	return x->kind == N_NAME && !x->quoted && strcmp(x->name, ".") == 0;
}

/* A power in the formula: an integer from 2 on, as a number. */
static int power_of(struct parser *p, const struct node *x)
{
	if (x->kind != N_NUM || x->num != floor(x->num) || x->num < 2
	    || x->num > 1000) {
		fail(p, x->at, "invalid power in formula (an integer of 2 or more)");
		return -1;
	}
	return (int)x->num;
}

/* R's ExtractVars: every variable of the right-hand side, in order of
 * first appearance, `.` expanded to the data's columns. */
static int extract_vars(struct ctx *c, const struct node *x)
{
	int i;
	switch (x->kind) {
	case N_NUM:
		if (x->num != 0 && x->num != 1) {
			fail(c->p, x->at, "a number cannot be a term "
			    "(only 0 or 1, for the intercept)");
			return -1;
		}
		return 0;
	case N_NAME:
		if (!is_dot(x))
			return install_var(c, label_of(c->p, x, NULL), x, -1) < 0 ? -1 : 0;
		if (!c->names) {
			fail(c->p, x->at, "'.' needs the data's column names");
			return -1;
		}
		for (i = 0; i < c->nnames; i++)
			if (!in_response(c, i) && install_var(c,
			    label_of(c->p, NULL, c->names[i]), NULL, i) < 0)
				return -1;
		return 0;
	case N_CALL:
		return install_var(c, label_of(c->p, x, NULL), x, -1) < 0 ? -1 : 0;
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
	return h;
}

static int tl_find(const struct ctx *c, const struct tlist *t,
    const uint64_t *w, uint64_t h)
{
	int i;
	for (i = 0; i < t->n; i++)
		if (t->h[i] == h && memcmp(t->w + (size_t)i * (size_t)c->nw, w,
		    (size_t)c->nw * sizeof *w) == 0)
			return i;
	return -1;
}

/* Appends term w unless t has it (R's TrimRepeats as it goes). */
static int tl_add(struct ctx *c, struct tlist *t, const uint64_t *w)
{
	uint64_t h = term_hash(w, c->nw);
	size_t nw = (size_t)c->nw;
	if (tl_find(c, t, w, h) >= 0)
		return 0;
	if (t->n >= MAX_TERMS) {
		fail(c->p, 0, "too many terms (more than %d)", MAX_TERMS);
		return -1;
	}
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 8;
		uint64_t *a = realloc(t->w, (size_t)cap * nw * sizeof *a);
		uint64_t *b = a ? realloc(t->h, (size_t)cap * sizeof *b) : NULL;
		if (a)
			t->w = a;
		if (!b) {
			fail(c->p, 0, "out of memory");
			return -1;
		}
		t->h = b;
		t->cap = cap;
	}
	memcpy(t->w + (size_t)t->n * nw, w, nw * sizeof *w);
	t->h[t->n++] = h;
	return 0;
}

static void tl_free(struct tlist *t)
{
	free(t->w);
	free(t->h);
	t->w = t->h = NULL;
	t->n = t->cap = 0;
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

static int encode(struct ctx *c, const struct node *x, struct tlist *out);

/* One variable as a term. */
static int encode_var(struct ctx *c, const struct node *x, struct tlist *out)
{
	uint64_t w[1024] = { 0 };
	int v = install_var(c, label_of(c->p, x, NULL), x, -1);
	if (v < 0)
		return -1;
	if (v == 0 && c->parity) {
		fail(c->p, x->at, "the response '%s' is also on the "
		    "right-hand side", c->vlabel[0]);
		return -1;
	}
	w[v / 64] |= (uint64_t)1 << (v % 64);
	return tl_add(c, out, w);
}

static int encode_dot(struct ctx *c, struct tlist *out)
{
	uint64_t w[1024];
	int v;
	for (v = 1; v < c->nv; v++)
		if (c->vdot[v] >= 0) {
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
	struct tlist t = { 0, 0, NULL, NULL };
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
		}
		return 0;
	}
	if ((double)acc->n * r->n > 4.0 * MAX_TERMS)
		return fail(c->p, 0, "too many terms (more than %d)", MAX_TERMS), -1;
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
static int encode_power(struct ctx *c, const struct node *x, struct tlist *out)
{
	struct tlist left = { 0, 0, NULL, NULL }, prev;
	int k = power_of(c->p, x->kid[1]), i, rc;
	rc = k < 0 ? -1 : encode(c, x->kid[0], &left);
	if (!rc)
		rc = tl_cat(c, out, &left);
	for (i = 1; !rc && i < k; i++) {
		if ((double)left.n * out->n > 4.0 * MAX_TERMS) {
			fail(c->p, x->at, "too many terms (more than %d)", MAX_TERMS);
			rc = -1;
			break;
		}
		prev = *out;
		out->w = out->h = NULL;
		out->n = out->cap = 0;
		rc = tl_cross(c, out, &left, &prev);
		tl_free(&prev);
	}
	tl_free(&left);
	return rc;
}

/* Terms of x appended to out (which is empty). */
static int encode(struct ctx *c, const struct node *x, struct tlist *out)
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
		return fail(c->p, at, "out of memory");
	}
	e->op = op;
	e->a = a;
	e->b = b;
	e->col = -1;
	return e;
}

static struct fexpr *build(struct ctx *c, const struct node *x, int depth);

static const struct { const char *name; enum fx_op op; } funcs[] = {
	{ "log", FX_LOG }, { "log2", FX_LOG2 }, { "log10", FX_LOG10 },
	{ "log1p", FX_LOG1P }, { "exp", FX_EXP }, { "sqrt", FX_SQRT },
	{ "abs", FX_ABS }
};

/* log(x, base): R's logbase(), log10 and log2 for those bases, else
 * log(x) / log(base). */
static struct fexpr *build_log(struct ctx *c, const struct node *x, int depth)
{
	const struct node *b = x->kid[1];
	struct fexpr *a, *base;
	if ((x->arg[1] && strcmp(x->arg[1], "base") != 0) || b->kind != N_NUM)
		return fail(c->p, b->at, "log(x, base): the base must be a number");
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

static struct fexpr *build_call(struct ctx *c, const struct node *x, int depth)
{
	size_t i;
	if (strcmp(x->name, "I") == 0 && x->n == 1 && !x->arg[0])
		return build(c, x->kid[0], depth + 1);
	if (strcmp(x->name, "log") == 0 && x->n == 2 && !x->arg[0])
		return build_log(c, x, depth);
	for (i = 0; i < sizeof funcs / sizeof *funcs; i++)
		if (strcmp(x->name, funcs[i].name) == 0) {
			if (x->n != 1 || x->arg[0])
				return fail(c->p, x->at, "%s() takes one argument",
				    x->name);
			return fx_new(c, funcs[i].op, build(c, x->kid[0],
			    depth + 1), NULL, x->at);
		}
	if (strcmp(x->name, "factor") == 0 || strcmp(x->name, "poly") == 0)
		return fail(c->p, x->at, "%s() inside an expression is not "
		    "supported", x->name);
	return fail(c->p, x->at, "unknown function '%s'", x->name);
}

/* The expression of subtree x (a column, a number, arithmetic, the
 * functions); depth limits the expression's nesting, so that
 * fexpr_eval's recursion stays small. */
static struct fexpr *build(struct ctx *c, const struct node *x, int depth)
{
	static const char binop[] = "+-*/^";
	struct fexpr *e;
	int i;
	if (c->p->failed)
		return NULL;
	if (depth > MAX_DEPTH)
		return fail(c->p, x->at, "expression nested too deeply "
		    "(more than %d levels)", MAX_DEPTH);
	switch (x->kind) {
	case N_NUM:
		e = fx_new(c, FX_NUM, NULL, NULL, x->at);
		if (e)
			e->num = x->num;
		return e;
	case N_NAME:
		if (is_dot(x) || (!x->quoted && is_reserved(x->name)))
			return fail(c->p, x->at, "unexpected name '%s'", x->name);
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
		return fail(c->p, x->at, "':' inside an expression is not supported");
	e = build(c, x->kid[0], depth + x->n);
	for (i = 1; e && i < x->n; i++)
		e = fx_new(c, (enum fx_op)(FX_ADD + (strchr(binop, x->ops[i]) - binop)),
		    e, build(c, x->kid[i], depth + 1), x->at);
	return e;
}

/* ------------------------------------------------------------------ */
/* Variables of the formula                                            */
/* ------------------------------------------------------------------ */

static int is_true(const struct node *x)
{
	return x->kind == N_NAME && !x->quoted && (strcmp(x->name, "TRUE") == 0
	    || strcmp(x->name, "T") == 0);
}

/* poly(x, degree, raw = TRUE), arguments by position or name. */
static int build_poly(struct ctx *c, const struct node *x, struct fvar *v)
{
	const struct node *arg[3] = { NULL, NULL, NULL };
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
			return fail(c->p, x->kid[i]->at, "poly(): unexpected "
			    "argument"), -1;
		arg[k] = x->kid[i];
	}
	if (!arg[2] || !is_true(arg[2]))
		return fail(c->p, x->at, "poly(): only raw = TRUE is supported "
		    "(orthogonal polynomials are not)"), -1;
	if (!arg[0] || !arg[1] || arg[1]->kind != N_NUM || arg[1]->num < 1
	    || arg[1]->num > MAX_DEGREE || arg[1]->num != floor(arg[1]->num))
		return fail(c->p, arg[1] ? arg[1]->at : x->at, "poly(): the degree "
		    "must be an integer from 1 to %d", MAX_DEGREE), -1;
	v->degree = (int)arg[1]->num;
	v->expr = build(c, arg[0], 1);
	return v->expr ? 0 : -1;
}

/* Variable i of the interpretation into v. */
static int build_var(struct ctx *c, int i, struct fvar *v)
{
	const struct node *x = c->vnode[i];
	v->col = -1;
	if (!(v->label = dupstr(c->vlabel[i])))
		return fail(c->p, 0, "out of memory"), -1;
	if (!x) {
		v->expr = fx_new(c, FX_COL, NULL, NULL, 0);
		if (v->expr)
			v->expr->col = install_col(c, c->names[c->vdot[i]], 0);
	} else if (x->kind == N_CALL && strcmp(x->name, "poly") == 0) {
		if (i == 0)
			return fail(c->p, x->at, "poly() cannot be the response"), -1;
		if (build_poly(c, x, v) < 0)
			return -1;
	} else if (x->kind == N_CALL && strcmp(x->name, "factor") == 0) {
		if (x->n != 1 || x->arg[0] || x->kid[0]->kind != N_NAME || i == 0)
			return fail(c->p, x->at, i ? "factor() takes one column "
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

/* The terms into f, sorted by order (stable), with labels. */
static int build_terms(struct ctx *c, const struct tlist *t)
{
	struct formula *f = c->f;
	int order, i, v, maxo = 0;
	f->term = calloc((size_t)t->n + 1, sizeof *f->term);
	if (!f->term)
		return fail(c->p, 0, "out of memory"), -1;
	for (i = 0; i < t->n; i++) {
		int o = popcount(t->w + (size_t)i * (size_t)c->nw, c->nw);
		maxo = o > maxo ? o : maxo;
	}
	for (order = 1; order <= maxo; order++)
		for (i = 0; i < t->n; i++) {
			const uint64_t *w = t->w + (size_t)i * (size_t)c->nw;
			struct fterm *ft = &f->term[f->nterm];
			struct sbuf b = { NULL, 0, 0, 0 };
			if (popcount(w, c->nw) != order)
				continue;
			ft->var = malloc((size_t)order * sizeof *ft->var);
			f->nterm++;
			for (v = 1; ft->var && v < c->nv; v++)
				if (w[v / 64] >> (v % 64) & 1) {
					ft->var[ft->nvar++] = v - 1;
					if (ft->nvar > 1)
						sb_add(&b, ":", 1);
					sb_str(&b, f->var[v - 1].label);
				}
			ft->label = b.s;
			if (!ft->var || b.oom || !b.s)
				return fail(c->p, 0, "out of memory"), -1;
		}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The formula                                                         */
/* ------------------------------------------------------------------ */

static int interpret(struct ctx *c, const struct node *lhs,
    const struct node *rhs, size_t tilde)
{
	struct formula *f = c->f;
	struct tlist t = { 0, 0, NULL, NULL };
	int i, rc;
	if (lhs->kind != N_NAME && lhs->kind != N_CALL)
		return fail(c->p, lhs->at, "the response must be a column or a "
		    "function of columns"), -1;
	if (install_var(c, label_of(c->p, lhs, NULL), lhs, -1) < 0
	    || build_var(c, 0, &f->resp) < 0)
		return -1;
	c->nlhs = f->ncol;
	if (extract_vars(c, rhs) < 0)
		return -1;
	if (c->nv > 64 * 1024)
		return fail(c->p, rhs->at, "too many variables (more than %d)",
		    64 * 1024 - 1), -1;
	c->nw = (c->nv + 63) / 64;
	rc = encode(c, rhs, &t);
	f->intercept = c->intercept;
	if (!rc && t.n == 0 && !f->intercept)
		rc = (fail(c->p, tilde, "the model has no terms and no intercept"), -1);
	f->var = rc ? NULL : calloc((size_t)c->nv, sizeof *f->var);
	if (!rc && !f->var)
		rc = (fail(c->p, 0, "out of memory"), -1);
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
	struct parser p;
	struct ctx c;
	struct node *lhs = NULL, *rhs = NULL;
	size_t tilde = 0, dummy = 0;
	int i;
	memset(f, 0, sizeof *f);
	memset(&p, 0, sizeof p);
	memset(&c, 0, sizeof c);
	p.s = text;
	p.err = err;
	p.errsize = errsize;
	p.errat = at ? at : &dummy;
	if (errsize)
		err[0] = '\0';
	lex(&p);
	if (p.tk == '~')
		fail(&p, p.at, "no response before '~'");
	lhs = parse_sum(&p);
	if (!p.failed && p.tk != '~')
		(void)(p.tk == TK_END ? fail(&p, p.at, "missing '~'") : unexpected(&p));
	tilde = p.at;
	if (!p.failed)
		lex(&p);
	if (!p.failed && p.tk == TK_END)
		fail(&p, p.at, "nothing after '~'");
	rhs = p.failed ? NULL : parse_sum(&p);
	if (!p.failed && p.tk != TK_END)
		unexpected(&p);
	c.p = &p;
	c.names = names;
	c.nnames = names ? nnames : 0;
	c.intercept = c.parity = 1;
	c.f = f;
	if (!p.failed && (f->text = dupstr(text)) == NULL)
		fail(&p, 0, "out of memory");
	if (!p.failed)
		(void)interpret(&c, lhs, rhs, tilde);
	for (i = 0; i < c.nv; i++)
		free(c.vlabel[i]);
	free(c.vlabel);
	free(c.vnode);
	free(c.vdot);
	node_free(lhs);
	node_free(rhs);
	if (!p.failed)
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
	for (i = 0; i < f->nvar; i++)
		fvar_free(&f->var[i]);
	free(f->var);
	for (i = 0; i < f->nterm; i++) {
		free(f->term[i].var);
		free(f->term[i].label);
	}
	free(f->term);
	memset(f, 0, sizeof *f);
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
