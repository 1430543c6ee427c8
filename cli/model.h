/*
 * model.h - the design: from a row of the data's columns to the row of
 * the fit, for a formula (formula.h) whose columns may be numbers,
 * categories (factors, levels appearing as the data arrive) or dates.
 *
 * The fit a model feeds is "wide": each term has one column per
 * combination of the levels of its factors (all levels: indicators, not
 * contrasts), so a level first seen at row 10^6 only adds columns that
 * were zero on every earlier row (lr_fit_insert), and two fits of the
 * same formula with different level sets meet by their columns' keys
 * (model_merge).  At the end the columns R's treatment coding uses are
 * picked out and solved (model_solve, lr_fit_select): the reference
 * level is then the first level in byte order (or --ref), whatever the
 * order the levels arrived in.
 *
 * A model whose every variable is a plain numeric column, in the order
 * of the source's predictors, is an identity: its fit is the columns
 * themselves, the sink's fast paths apply, and nothing here is called
 * per row.
 */
#ifndef LINREG_MODEL_H
#define LINREG_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "formula.h"
#include "linreg.h"

enum mcol_kind { MC_UNKNOWN, MC_NUMBER, MC_FACTOR, MC_DATE };

/* The levels of a categorical column: ids in order of arrival. */
struct levels {
	int n, cap;
	char **name;        /* n names (NUL-terminated copies) */
	size_t *len;
	unsigned char *used;/* 1 once a row that is fitted had it */
	int *hash;          /* open addressing: id + 1, 0 empty; hcap slots */
	int hcap;
	int nused;
	int last;           /* 1 + the id last looked up (a row's level
	                       is often the previous row's), 0 none */
};

struct mcol {
	char *name;
	enum mcol_kind kind;
	int forced;         /* factor(x) or --factor: categorical whatever
	                       its values (numbers become levels as R
	                       writes them) */
	int numeric_levels; /* levels that are numbers: sorted by value */
	struct levels lv;
	double last_x;      /* a factor of numbers: the number last met ... */
	int last_xid;       /* ... and 1 + its level id (0 none) */
	char *ref;          /* --ref: the reference level's name, or NULL */
};

/* A column of the wide fit: term t, and per variable of the term its
 * level id (a factor), its power (poly, 1..k) or 0 (a number). */
struct wcol {
	int term;
	int *comp;
};

/* A pending change of the wide fit: count zero columns before at. */
struct widen {
	int at, count;
};

struct model {
	struct formula f;
	int nsrc;           /* source columns: f.ncol (the weight is apart) */
	int *src;           /* f.ncol: the source index of formula column i */
	struct mcol *col;   /* f.ncol */
	double time_unit;   /* seconds per unit of a date column (1: s) */
	int point;          /* the decimal point of text numbers (0: '.') */
	int identity;       /* the fit's columns are the source's predictors */
	int started;        /* kinds decided, layout made (first fitted row) */
	int from_formula;   /* the user's formula (not -x/-y): its labels
	                       name the coefficients */
	int fitwide;        /* the fit it feeds has been made wide */
	int nwide, capwide;
	struct wcol *wide;
	int nwiden, capwiden;
	struct widen *widen;/* changes made since the sink last applied them */
	double *val;        /* f.ncol scratch of the sink: a row's cells
	                       read as numbers (NaN: text) */
	double *base;       /* f.nvar: a row's value of each numeric
	                       variable (model_eval), powers not applied */
	/* After model_solve: the coded (R) columns. */
	int ncoded;
	int *coded;         /* wide index of each coded column */
	int *coded_term;    /* its term */
	char **coded_name;  /* R's name: "factor(cyl)6", "suppVC:dose" */
	/* --compare: a nested model, its terms as m's term indices. */
	int has_cmp;
	struct formula cmp;
	int *cmp_term;
};

/* What the command line says of the model beyond its formula. */
struct model_opts {
	const char *factors;   /* --factor COL[,COL...] or NULL */
	char *const *refs;     /* --ref COL=LEVEL, nrefs of them */
	int nrefs;
	double time_unit;      /* --time-unit in seconds (1) */
	int origin;            /* -x/-y models: --origin */
};

/*
 * Apply mo to m: forced factors, reference levels, the time unit.
 * Returns 0, or 1 with what (a column --factor or --ref names that the
 * model does not use), or -1 out of memory.
 */
int model_options(struct model *m, const struct model_opts *mo, char *what,
    size_t size);

/* 1 (and why) when a --ref names a numeric column or an absent level. */
int model_check_refs(const struct model *m, char *what, size_t size);

/*
 * The model of -x/-y: "`y` ~ `x1` + `x2`" from the columns' names
 * (names[0..nx-1] the predictors, names[nx] the response).  NULL when
 * a name cannot be written in a formula (a backquote in it) or out of
 * memory: the sink then reads numbers only, as before models.
 */
struct model *model_from_columns(const char *const *names, int nx,
    const struct model_opts *mo);

/*
 * A model of formula f (taken over: freed with the model).  ident_nx:
 * when f is an identity of a source of this many predictors, the model
 * is one until data says a column is not a number.  Returns 0, or -1
 * out of memory.
 */
int model_new(struct formula *f, struct model **out);
void model_free(struct model *m);

/* A copy of m's kinds, levels and layout (for a thread's piece). */
struct model *model_clone(const struct model *m);

/*
 * The value of a cell of formula column i that is not a plain number:
 * text (a level, or a date) or a number met in a categorical column.
 * Returns 1 with the value in *v (a level id, or seconds / time unit),
 * 0 when the text cannot be taken (a number column met text: an
 * invalid row), -1 out of memory.  With commit 0 nothing is learnt (no
 * kind decided, no level added; *v then is no level id): a row is
 * checked whole before any of its cells teaches the model.
 */
int model_text(struct model *m, int i, const char *p, size_t len, double *v,
    int commit);

/* A plain number in column i: its value (a level id for a factor). */
int model_number(struct model *m, int i, double x, double *v, int commit);

/*
 * The levels of a complete row of column values val[f.ncol] (as
 * model_text/model_number made them) that are new to the fit: their
 * columns are added to the layout (and to m->widen, for the caller to
 * apply to its fit before adding the row).  0, or -1 out of memory.
 */
int model_levels(struct model *m, const double *val);

/*
 * The wide row x[nwide] and the response *y of a complete row (after
 * model_levels).  Returns 0; 1 when a transformation is undefined on
 * this row (the reason in what).  The same as model_eval then
 * model_dense_row.
 */
int model_row(struct model *m, const double *val, double *x, double *y,
    char *what, size_t size);

/*
 * A row's response *y and the value of each numeric variable (in
 * m->base), each transformation evaluated once.  0; 1 when one is
 * undefined or infinite on this row (the reason in what).
 */
int model_eval(struct model *m, const double *val, double *y, char *what,
    size_t size);

/* After model_eval: the wide row x[nwide] of the row of values val. */
void model_dense_row(const struct model *m, const double *val, double *x);

/*
 * After model_eval: wide column w's value on a row whose levels are w's
 * own (the product of its term's numeric variables, powers applied, in
 * the term's order: the bits model_row gives).
 */
double model_wide_value(const struct model *m, int w);

/* Whether variable v of the formula is categorical. */
int model_var_is_factor(const struct model *m, int v);

/*
 * At the first complete row: decide the kinds left unknown as numbers,
 * whether m is an identity, and if not its first columns.  0, or -1.
 */
int model_start(struct model *m);

/*
 * After model_start: 1 (and why, in what) when a column the model needs
 * as numbers is categorical: the response, log(Species).
 */
int model_check(const struct model *m, char *what, size_t size);

/* Take src's kinds and new level names into dst (a group's copy). 0/-1. */
int model_sync(struct model *dst, const struct model *src);

/*
 * Merge the wide fit src (of model sm) into dst (of model dm): levels
 * dst lacks are added to dm (and zero columns to *dst), then src's
 * columns are matched to dst's by key.  Returns an lr_status; -1 when
 * the two models disagree on a column's kind (say so: what).
 */
int model_merge(struct model *dm, lr_fit **dst, const struct model *sm,
    const lr_fit *src, char *what, size_t size);

/* Apply m->widen to fit f (in order).  An lr_status. */
lr_status model_widen_fit(const struct model *m, lr_fit *f, int from);

/*
 * Choose the coded columns (R's treatment coding, levels in byte order
 * or by value, --ref first) and their names; then solve the sub-fit of
 * fit.  *sub (may be NULL) receives the selected fit.  An lr_status.
 */
lr_status model_solve(struct model *m, const lr_fit *fit, double level,
    lr_result **res, lr_fit **sub);

/*
 * The coded row (intercept excluded) of a row of column values, for
 * predictions.  Returns 0, or 1 with the reason in what.
 */
int model_coded_row(const struct model *m, const double *val, double *x,
    char *what, size_t size);

/*
 * --compare: f0 (taken over on success) is the smaller model; each of
 * its terms must be one of m's.  0, 1 with why in what, -1 no memory.
 */
int model_set_compare(struct model *m, struct formula *f0, char *what,
    size_t size);

/*
 * The residual sum of squares and degrees of freedom of the nested
 * model of model_set_compare, from m's wide fit (full: its solve).
 */
lr_status model_compare(struct model *m, const lr_fit *fit,
    const lr_result *full, double level, double *rss, double *df);

/*
 * A named prediction "wt=3,cyl=6" as column values val[f.ncol] (levels
 * must be in the data; dates in the time unit).  0, 1 with why in
 * what, -1 out of memory.
 */
int model_named_row(const struct model *m, const char *text, double *val,
    char *what, size_t size);

/*
 * A model read back from a state (state.c), after model_new: level
 * name of column i (a factor) with its used flag, in id order; then
 * the wide columns in order; then model_put_done checks that every
 * term has all its columns.  Each 0, 1 when the state is inconsistent,
 * -1 out of memory.
 */
int model_put_level(struct model *m, int i, const char *name, size_t len,
    int used);
int model_put_wide(struct model *m, int t, const int *comp, int ncomp);
int model_put_done(const struct model *m);

struct cell; /* source.h */

/*
 * --fitted's second pass: a row's cells c (in the source's order) as
 * the coded row out[0..ncoded-1], the response out[ncoded] and the
 * weight *w (1 when NULL) out[ncoded + 1], with the levels the fit
 * knows (after model_solve).  1, or 0 when the row was left out (a
 * missing value, a level or value the fit did not take); -1 no memory.
 */
int model_known_row(const struct model *m, const struct cell *c,
    const double *w, double *out);

/*
 * --predict-file: a row's cells of the predictor columns (source order,
 * c[0..nsrc-2]) as the coded row x[0..ncoded-1].  1, 0 when a value is
 * missing (or a transformation undefined there), -(i + 1) when cell i
 * holds a value the fit cannot take (text in a numeric column, a level
 * it has not seen); INT_MIN out of memory.
 */
int model_known_x(const struct model *m, const struct cell *c, double *x);

/* The name of the column the source has at index k. */
const char *model_src_name(const struct model *m, int k);

/* The sorted order of column i's used levels: ids into order[nused]. */
void model_level_order(const struct model *m, int i, int *order);

/* The level id of name in column i, or -1. */
int model_level_id(const struct model *m, int i, const char *name,
    size_t len);

#endif
