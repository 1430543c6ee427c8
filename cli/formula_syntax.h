/*
 * formula_syntax.h - the syntax of R formulas, shared by formula.c and
 * formula_syntax.c only (formula.h is the contract for everyone else):
 * the tree of a formula's text with R's operator precedence, R's
 * deparse of a subtree (a variable's label), R's syntactic names, and
 * errors that carry the byte where they were found.
 */
#ifndef LINREG_FORMULA_SYNTAX_H
#define LINREG_FORMULA_SYNTAX_H

#include <stddef.h>

#define FML_MAX_DEPTH 200  /* nesting of the formula and of an expression */

enum fnode_kind { N_NUM, N_NAME, N_CALL, N_PAREN, N_UNARY, N_CHAIN };

/* A node of the syntax tree.  N_CHAIN: kid[0] ops[1] kid[1] ops[2] ...
 * where op is '+' ('+' '-'), '*' ('*' '/'), ':' or '^' (two kids). */
struct fnode {
	enum fnode_kind kind;
	size_t at;             /* offset of its first character */
	double num;            /* N_NUM */
	char *name;            /* N_NAME: unquoted; N_CALL: the function */
	int quoted;            /* N_NAME written in backquotes */
	char op;               /* N_UNARY: '-' '+'; N_CHAIN: as above */
	int n;
	struct fnode **kid;
	char *ops;             /* N_CHAIN */
	char **arg;            /* N_CALL: each argument's name or NULL */
};

/* The lexer's and parser's state; for formula.c, the error sink that
 * fml_fail() fills (failed, err, *errat). */
struct fparser {
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
	size_t dummy;           /* *errat when the caller gives no place */
};

/*
 * Parses text into the response's tree *lhs and the right-hand side's
 * *rhs (*tilde: the offset of '~').  0, or -1 with the reason in
 * err[errsize] and its offset in *at (at may be NULL); p->failed says
 * the same.  The trees are the caller's (fml_node_free), also on
 * failure.
 */
int fml_syntax(struct fparser *p, const char *text, char *err, size_t errsize,
    size_t *at, struct fnode **lhs, struct fnode **rhs, size_t *tilde);

/* Records the first error (printf format) at offset at; returns NULL. */
void *fml_fail(struct fparser *p, size_t at, const char *fmt, ...);

/* R's label of subtree x, or (x NULL) of the column named col, as a
 * new string; NULL (and an error recorded) when out of memory. */
char *fml_label(struct fparser *p, const struct fnode *x, const char *col);

/* formula.h's formula_number (the deparse writes numbers so too). */
char *fml_number(double v, char *buf, size_t size);

int fml_reserved(const char *s);  /* if, TRUE, NA, ...: not a name */
char *fml_strdup(const char *s);
void fml_node_free(struct fnode *x);

#endif
