/*
 * formula_syntax.c - the text of an R formula into a tree, and back
 * (formula_syntax.h): the lexer, a recursive-descent parser with R's
 * precedence (^, unary -, :, * /, + -, ~), R's deparse, and R's way of
 * writing a number (formula.h's formula_number).
 *
 * Cut from formula.c, which gives the tree its meaning (terms, values),
 * so that each stays one job and readable at one sitting.  Runs of one
 * left-associative operator are one n-ary node, so `x1 + ... + x5000`
 * costs no stack; nesting (parentheses, calls, signs, ^) is limited to
 * FML_MAX_DEPTH.  Numbers are read and written without the locale: the
 * digits go to strtod with the point moved into the exponent, and
 * printf's decimal point is never used.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula_syntax.h"

enum { TK_END = 0, TK_NUM = 256, TK_NAME };

/* A growing string: deparsed labels. */
struct sbuf {
	char *s;
	size_t n, cap;
	int oom;
};

/* ------------------------------------------------------------------ */
/* Errors, strings, names                                              */
/* ------------------------------------------------------------------ */

void *fml_fail(struct fparser *p, size_t at, const char *fmt, ...)
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

char *fml_strdup(const char *s)
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

int fml_reserved(const char *s)
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
	return !fml_reserved(s);
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
char *fml_number(double v, char *buf, size_t size)
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
static void lex_number(struct fparser *p, size_t i)
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

static void lex(struct fparser *p)
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
			fml_fail(p, i, "unterminated backquote");
			return;
		}
		if (q == s + i + 1 || memchr(s + i + 1, '\\', (size_t)(q - s - i - 1))) {
			fml_fail(p, i, q == s + i + 1 ? "empty backquoted name"
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
		fml_fail(p, i, "unexpected '%c'", c);
		return;
	}
	p->pos = p->end;
}

/* "unexpected ..." for the current token. */
static void *unexpected(struct fparser *p)
{
	if (p->tk == TK_END)
		return fml_fail(p, p->at, "unexpected end of formula");
	if (p->tk == TK_NUM)
		return fml_fail(p, p->at, "unexpected number");
	if (p->tk == TK_NAME)
		return fml_fail(p, p->at, "unexpected name '%.*s'",
		    (int)(p->end - p->at), p->s + p->at);
	return fml_fail(p, p->at, "unexpected '%c'", p->tk);
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

void fml_node_free(struct fnode *x)
{
	int i;
	if (!x)
		return;
	for (i = 0; i < x->n; i++) {
		fml_node_free(x->kid[i]);
		if (x->arg)
			free(x->arg[i]);
	}
	free(x->kid);
	free(x->ops);
	free(x->arg);
	free(x->name);
	free(x);
}

static struct fnode *node_new(struct fparser *p, enum fnode_kind kind, size_t at)
{
	struct fnode *x = calloc(1, sizeof *x);
	if (!x)
		return fml_fail(p, at, "out of memory");
	x->kind = kind;
	x->at = at;
	return x;
}

/* Appends kid (and its operator and argument name) to x; frees kid and
 * name on failure. */
static int node_add(struct fparser *p, struct fnode *x, struct fnode *kid,
    char op, char *name)
{
	struct fnode **k = realloc(x->kid, ((size_t)x->n + 1) * sizeof(struct fnode *));
	char *o, **a;
	if (k)
		x->kid = k;
	o = k ? realloc(x->ops, (size_t)x->n + 1) : NULL;
	if (o)
		x->ops = o;
	a = o ? realloc(x->arg, ((size_t)x->n + 1) * sizeof *a) : NULL;
	if (!a) {
		fml_node_free(kid);
		free(name);
		fml_fail(p, x->at, "out of memory");
		return -1;
	}
	x->arg = a;
	x->kid[x->n] = kid;
	x->ops[x->n] = op;
	x->arg[x->n++] = name;
	return 0;
}

static char *tok_text(struct fparser *p)
{
	size_t a = p->at + (size_t)p->quoted, n = p->end - p->at - 2 * (size_t)p->quoted;
	char *t = malloc(n + 1);
	if (!t)
		return fml_fail(p, p->at, "out of memory");
	memcpy(t, p->s + a, n);
	t[n] = '\0';
	return t;
}

static struct fnode *parse_sum(struct fparser *p);
static struct fnode *parse_unary(struct fparser *p);

/* Is the current token a name followed by '=' (an argument's name)? */
static int at_arg_name(const struct fparser *p)
{
	size_t j = p->end;
	if (p->tk != TK_NAME)
		return 0;
	while (p->s[j] == ' ' || p->s[j] == '\t' || p->s[j] == '\n')
		j++;
	return p->s[j] == '=' && p->s[j + 1] != '=';
}

/* The arguments of a call, after its '('. */
static struct fnode *parse_args(struct fparser *p, struct fnode *call)
{
	lex(p);
	if (p->tk == ')') {
		lex(p);
		return call;
	}
	for (;;) {
		char *name = NULL;
		struct fnode *kid;
		if (!p->failed && at_arg_name(p)) {
			name = tok_text(p);
			lex(p);  /* the name */
			lex(p);  /* '=' */
		}
		kid = p->failed ? NULL : parse_sum(p);
		if (!kid || node_add(p, call, kid, ',', name) < 0) {
			free(kid ? NULL : name);
			fml_node_free(call);
			return NULL;
		}
		if (p->tk == ')')
			break;
		if (p->tk != ',') {
			fml_node_free(call);
			return unexpected(p);
		}
		lex(p);
	}
	lex(p);
	return call;
}

static struct fnode *parse_primary(struct fparser *p)
{
	struct fnode *x;
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
		return x && x->name ? x : (fml_node_free(x), NULL);
	x->kind = N_CALL;
	return parse_args(p, x);
}

/* Wraps x in a node of the given kind (parentheses, unary sign). */
static struct fnode *wrap(struct fparser *p, enum fnode_kind kind, char op,
    size_t at, struct fnode *x)
{
	struct fnode *w;
	if (!x)
		return NULL;
	w = node_new(p, kind, at);
	if (!w || node_add(p, w, x, op, NULL) < 0) {
		if (!w)
			fml_node_free(x);
		fml_node_free(w);
		return NULL;
	}
	w->op = op;
	return w;
}

/* primary, '(' sum ')' kept as a node, and a ^ b (right-associative,
 * b may carry a sign: x^-1). */
static struct fnode *parse_pow(struct fparser *p)
{
	struct fnode *x, *chain;
	size_t at = p->at;
	if (p->tk == '(') {
		lex(p);
		x = parse_sum(p);
		if (x && p->tk != ')') {
			fml_node_free(x);
			return p->tk == TK_END ? fml_fail(p, at, "unmatched '('")
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
		fml_node_free(chain);
		return NULL;
	}
	return chain;
}

static struct fnode *parse_unary(struct fparser *p)
{
	struct fnode *x;
	size_t at = p->at;
	char op = (char)p->tk;
	if (p->failed)
		return NULL;
	if (++p->depth > FML_MAX_DEPTH) {
		p->depth--;
		return fml_fail(p, at, "formula nested too deeply (more than %d levels)",
		    FML_MAX_DEPTH);
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

/* Is the current token one of the operators in set? */
static int at_op(const struct fparser *p, const char *set)
{
	return p->tk > TK_END && p->tk < TK_NUM && strchr(set, p->tk) != NULL;
}

/* A run of one precedence level: level 0 is + -, 1 is * /, 2 is :. */
static struct fnode *parse_level(struct fparser *p, int level)
{
	static const char *const ops[] = { "+-", "*/", ":" };
	struct fnode *x = level < 2 ? parse_level(p, level + 1) : parse_unary(p);
	struct fnode *chain;
	size_t at;
	if (!x || !at_op(p, ops[level]))
		return x;
	at = x->at;
	chain = wrap(p, N_CHAIN, ops[level][0], at, x);
	while (chain && at_op(p, ops[level])) {
		char op = (char)p->tk;
		struct fnode *kid;
		lex(p);
		kid = level < 2 ? parse_level(p, level + 1) : parse_unary(p);
		if (!kid || node_add(p, chain, kid, op, NULL) < 0) {
			fml_node_free(chain);
			return NULL;
		}
	}
	return chain;
}

static struct fnode *parse_sum(struct fparser *p)
{
	return parse_level(p, 0);
}

/* ------------------------------------------------------------------ */
/* Deparse: R's text of a subtree                                      */
/* ------------------------------------------------------------------ */

static void deparse(struct sbuf *b, const struct fnode *x)
{
	char num[64];
	int i;
	switch (x->kind) {
	case N_NUM:
		sb_str(b, fml_number(x->num, num, sizeof num));
		break;
	case N_NAME:  /* TRUE, T, ...: as written */
		if (!x->quoted && fml_reserved(x->name))
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
char *fml_label(struct fparser *p, const struct fnode *x, const char *col)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	if (x)
		deparse(&b, x);
	else if (col)
		sb_name(&b, col);
	if (b.oom || !b.s) {
		free(b.s);
		return fml_fail(p, x ? x->at : 0, "out of memory");
	}
	return b.s;
}

/* ------------------------------------------------------------------ */
/* The formula's text                                                  */
/* ------------------------------------------------------------------ */

int fml_syntax(struct fparser *p, const char *text, char *err, size_t errsize,
    size_t *at, struct fnode **lhs, struct fnode **rhs, size_t *tilde)
{
	memset(p, 0, sizeof *p);
	p->s = text;
	p->err = err;
	p->errsize = errsize;
	p->errat = at ? at : &p->dummy;
	if (errsize)
		err[0] = '\0';
	lex(p);
	if (p->tk == '~')
		fml_fail(p, p->at, "no response before '~'");
	*lhs = parse_sum(p);
	if (!p->failed && p->tk != '~')
		(void)(p->tk == TK_END ? fml_fail(p, p->at, "missing '~'")
		    : unexpected(p));
	*tilde = p->at;
	if (!p->failed)
		lex(p);
	if (!p->failed && p->tk == TK_END)
		fml_fail(p, p->at, "nothing after '~'");
	*rhs = p->failed ? NULL : parse_sum(p);
	if (!p->failed && p->tk != TK_END)
		unexpected(p);
	return p->failed ? -1 : 0;
}

