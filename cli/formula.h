/*
 * formula.h - R model formulas: parse `y ~ a * b + log(c) - 1` into the
 * response, the variables and the terms that R's terms() would make,
 * with R's labels, and evaluate a variable's expression on a row.
 *
 * Pure: no I/O, no data.  Which variables are categorical is known only
 * from the data, so the coding of a term (contrasts or indicators) is
 * asked for later, with formula_coding(), given that knowledge.
 *
 * Vocabulary, as in R:
 * - a column is a field of the data, named in the formula (backquoted
 *   when it is not a syntactic name);
 * - a variable is an expression over columns that gives one value per
 *   row: `wt`, `log(hp)`, `I(wt^2)`, `factor(cyl)`, `poly(wt, 3, raw =
 *   TRUE)` (the last gives `degree` values: x, x^2, x^3);
 * - a term is a set of variables multiplied together: `wt`, `wt:hp`.
 */
#ifndef LINREG_FORMULA_H
#define LINREG_FORMULA_H

#include <stddef.h>

/* The operations of an arithmetic expression (inside I(), log(), ...). */
enum fx_op {
	FX_NUM,   /* a number: num */
	FX_COL,   /* a column's value: col */
	FX_NEG,   /* -a */
	FX_ADD, FX_SUB, FX_MUL, FX_DIV, FX_POW, /* a op b */
	FX_LOG, FX_LOG2, FX_LOG10, FX_LOG1P, FX_EXP, FX_SQRT, FX_ABS /* f(a) */
};

struct fexpr {
	enum fx_op op;
	double num;            /* FX_NUM */
	int col;               /* FX_COL: index into formula.col */
	struct fexpr *a, *b;   /* operands (b: binary operators only) */
};

struct fvar {
	char *label;           /* R's deparsed text: "wt", "log(hp)", "I(wt^2)",
	                          "factor(cyl)", "poly(wt, 3, raw = TRUE)",
	                          "`my col`" (backquotes kept, as R keeps them) */
	struct fexpr *expr;    /* its value from the row's columns */
	int col;               /* the column when expr is a bare column (also
	                          inside factor()), else -1 */
	int factor;            /* wrapped in factor(): categorical whatever
	                          its values (col >= 0 then) */
	int degree;            /* poly(x, k, raw = TRUE): k (values x..x^k,
	                          named label1..labelk); else 0 (one value) */
};

struct fterm {
	int nvar;
	int *var;              /* indices into formula.var, ascending (R's
	                          variable order: order of first appearance) */
	char *label;           /* "wt", "supp:dose": labels joined by ':' */
};

struct formula {
	char *text;            /* as given */
	int ncol;
	char **col;            /* the columns used (response's first), in order
	                          of first appearance; unquoted names */
	struct fvar resp;      /* the response (may be a transformation) */
	int nvar;
	struct fvar *var;      /* the predictors' variables, in R's order */
	int nterm;
	struct fterm *term;    /* in R's order: by number of variables,
	                          then as they appear */
	int intercept;         /* 1 unless -1 / +0 / 0 + */
};

/*
 * Parse text.  names[0..nnames-1] are the data's column names, used only
 * to expand `.` (every column not used in the response); NULL when not
 * known (then a `.` is an error that says so).  On success returns 0 and
 * fills *f (free with formula_free).  On failure returns -1, writes the
 * reason into err (e.g. "unexpected ')'") and the 0-based byte offset in
 * text where it was found into *at; *f is left empty.
 */
int formula_parse(const char *text, const char *const *names, int nnames,
    struct formula *f, char *err, size_t errsize, size_t *at);

/*
 * Details of formula_parse, as R 4.2's terms() does (cross-checked on
 * generated formulas, see tests/unit/test_formula.c):
 * - formula.var holds every variable R's "variables" attribute holds,
 *   also one in no term (y ~ a + b - b, y ~ . - x): R's model frame
 *   still has it, so a row missing it is still left out.
 * - A variable's col is also set for poly(x, k, raw = TRUE) and I(x)
 *   when x is a bare column.
 * - R's quirks are kept: y ~ 1 * b and y ~ (a - a) / b have no terms
 *   (only the intercept); `.` also stands for columns named before it
 *   (y ~ a:. has the term a).
 * - Errors where R would go on or warn: the response on the right-hand
 *   side (R drops it with a warning), a model with no terms and no
 *   intercept (y ~ 0), poly() without raw = TRUE, a power that is not
 *   an integer of 2 or more ((a + b)^2.5), an empty argument.
 * - Limits: nesting 200 deep (parentheses, calls, signs), 65536 terms,
 *   65535 variables, poly() degree 30; an error says which.
 * - log(x, base) is log(x) / log(base), log2 or log10 for those bases,
 *   as R's logbase().
 * - err is always a string (possibly cut to errsize); at may be NULL.
 */

void formula_free(struct formula *f);

/*
 * The value of e on a row whose columns have the values col[] (by
 * formula.col index).  NaN when undefined (log(-1), 0/0, sqrt(-1));
 * an infinity where R gives one (log(0)): the caller rejects both.
 */
double fexpr_eval(const struct fexpr *e, const double *col);

/*
 * How term t codes each of its variables, as R's model.matrix does,
 * given which variables are categorical (is_factor[nvar]): code[i] for
 * the term's i-th variable is 0 for a numeric variable, 1 for a factor
 * coded by treatment contrasts (levels 2..L), 2 for a factor coded by
 * indicators (all L levels).  R's rule (TermCode in stats/src/model.c):
 * contrasts when the term without that variable is empty or is
 * contained in a preceding term; else indicators.  Without an
 * intercept, the first factor of the first term that has one is coded
 * by indicators.
 */
void formula_coding(const struct formula *f, int t, const int *is_factor,
    int *code);

/*
 * A number as R's as.character / deparse writes it (15 significant
 * digits, fixed or scientific, whichever is narrower: 4, 0.5, 1e+05,
 * 123456, 1e-04), for labels and for the levels of factor(x) of a
 * numeric x.  Returns buf.
 */
char *formula_number(double v, char *buf, size_t size);

#endif
