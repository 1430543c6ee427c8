/*
 * linreg.h - the linreg core: streaming, mergeable least-squares fits.
 *
 * This is the only public header of the core library.  The core does no
 * I/O, never prints and never exits: every function reports failure
 * through an lr_status, and results come back through out-parameters.
 *
 * Life of a fit:
 *
 *	lr_spec spec = {1, 0, 0};              -- one predictor, with intercept
 *	lr_fit *f;
 *	lr_result *res;
 *	lr_fit_new(&spec, &f);
 *	for each row: lr_fit_add(f, &x, y);    -- O(1) time and memory per row
 *	lr_fit_merge(f, other);                -- optional: union of two data sets
 *	lr_solve(f, 0.95, &res);               -- coefficients and statistics
 *	lr_result_stats(res)->r2, lr_result_coef(res, 1)->estimate, ...
 *	lr_result_free(res); lr_fit_free(f);
 *
 * Numbers: undefined statistics (a t value when the fit is exact, R^2
 * when y is constant, anything on zero residual degrees of freedom) are
 * NaN.  Callers that print should show NaN as "undefined" (the CLI
 * prints JSON null).
 *
 * Accuracy: the fit state is the triangular factor of an orthogonal (QR)
 * decomposition of the shifted, power-of-two-scaled data, updated row
 * by row with Givens rotations in double-double arithmetic (about 32
 * significant digits).  Ill-conditioned designs (a degree-10 polynomial,
 * x values like Unix timestamps) keep every digit a double can show;
 * merging two states is exact up to that precision.
 *
 * State and thread safety: the core's one piece of process-wide state
 * is the allocator pair set by lr_set_allocator (malloc and free until
 * then).  Set it before the first object is created, or while none is
 * alive, and never while another thread uses the core: an object is
 * freed through the pair in force at the time, which must be the pair
 * that allocated it.  Everything else belongs to one object, a fit or
 * a result (a result does not point into the fit it came from):
 * distinct objects may be used from distinct threads at once; one
 * object must not be modified concurrently, nor read while another
 * thread modifies it.  (The block kernel of lr_fit_add_rows is chosen
 * from the CPU alone, and gives the same bits whichever it is.)
 */
#ifndef LINREG_H
#define LINREG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LR_VERSION "1.0.0"

/*
 * Limits of the model (lr_spec): at most LR_MAX_NX predictor values per
 * row, and polynomials of degree up to LR_MAX_DEGREE.  lr_fit_new and
 * lr_fit_import refuse more with LR_EINVAL; a front end may check its
 * input against them first.
 */
#define LR_MAX_NX 1000
#define LR_MAX_DEGREE 30

/*
 * The number of rows worth passing per lr_fit_add_rows call: the core
 * folds rows in blocks of up to LR_BATCH, so a caller
 * that buffers rows gains no speed by buffering more, and any n is
 * accepted.  A block starts at each call, so the last bits of a fit
 * depend on how its rows were batched (see lr_fit_add_rows): callers
 * that pass full batches of LR_BATCH rows, as the CLI and edge/abi.c
 * do, get the same bits from the same rows.
 */
#define LR_BATCH 4096

/* Status codes returned by every fallible function. */
typedef enum lr_status {
	LR_OK = 0,
	LR_ENOMEM,     /* an allocation failed; nothing was changed */
	LR_EINVAL,     /* an argument is out of its documented domain */
	LR_ENONFINITE, /* a value is NaN or infinite */
	LR_ETOOFEW,    /* too few rows for the model */
	LR_ESINGULAR,  /* a predictor is (numerically) a linear combination of
	                  the others, or has no spread (all x equal) */
	LR_EMISMATCH,  /* fits of different models cannot be merged */
	LR_ERANGE      /* a coefficient is beyond the range of a double, or
	                  a merge's sums would be (not for any data a double
	                  holds: frames move to fit values, see fit.c) */
} lr_status;

/* A static, English description of a status ("out of memory", ...). */
const char *lr_strerror(lr_status s);

/*
 * Route the core's allocations through alloc and release (both, or
 * neither: NULL restores malloc and free), as cJSON_InitHooks does: for
 * an arena, a WebAssembly host, or a test that makes allocations fail.
 * The pair is process-wide, the core's only global state: call this
 * before creating any object, or when none is alive, and never while
 * another thread uses the core.  Every function that allocates reports
 * a failure as LR_ENOMEM and leaks nothing.
 */
void lr_set_allocator(void *(*alloc)(size_t), void (*release)(void *));

/* Model flags for lr_fit_new. */
#define LR_NO_INTERCEPT 0x1u /* fit y = b1*x1 + ... (regression through the origin) */

/*
 * lr_fit: the accumulated, mergeable state of a fit.  Its size depends on
 * the number of predictors only, never on the number of rows.
 */
typedef struct lr_fit lr_fit;

/* The model to fit. */
typedef struct lr_spec {
	int nx;          /* predictor values per row, 1..LR_MAX_NX (1000) */
	int degree;      /* 0 or 1: y is linear in the nx predictors;
	                    2..LR_MAX_DEGREE (30): y is a polynomial of this
	                    degree in the single predictor (nx must be 1) */
	unsigned flags;  /* LR_NO_INTERCEPT or 0 */
} lr_spec;

/*
 * Create an empty fit of the model *spec.  Coefficients are, in order:
 * the intercept (unless LR_NO_INTERCEPT), then one per predictor in
 * order, or one per power of x in ascending order (x, x^2, ...).  On
 * success *out owns a new fit that the caller frees with lr_fit_free.
 * Errors: LR_EINVAL (spec out of range), LR_ENOMEM.
 */
lr_status lr_fit_new(const lr_spec *spec, lr_fit **out);

/* Free a fit; NULL is accepted. */
void lr_fit_free(lr_fit *f);

/*
 * Add one observation: x points to nx predictor values, y is the
 * response.  Errors: LR_ENONFINITE if any value is NaN or infinite (the
 * fit is unchanged).
 */
lr_status lr_fit_add(lr_fit *f, const double *x, double y);

/*
 * Add one observation with weight w > 0 (weighted least squares: w is
 * the inverse of the observation's variance, as in R's lm(weights=)).
 * Errors: LR_ENONFINITE (a NaN or infinite value), LR_EINVAL (w <= 0).
 */
lr_status lr_fit_add_weighted(lr_fit *f, const double *x, double y, double w);

/*
 * Add n observations at once: x holds n rows of nx predictor values
 * (row-major), y the n responses, w the n weights or NULL for weight 1.
 * The result is that of n calls to lr_fit_add (or lr_fit_add_weighted)
 * to far below double precision (~1e-25 relative for a well-conditioned
 * block), faster: rows go through blocks of up to LR_BATCH rows, each
 * starting at the call's first row, whose sums are folded into the
 * factor once per block; a block too ill-conditioned for its sums goes
 * row by row.  All values are checked first; on an error
 * (LR_ENONFINITE, LR_EINVAL for a weight <= 0, LR_ENOMEM when the
 * block kernel's scratch, allocated at the fit's first such batch,
 * cannot be) no row is added.
 */
lr_status lr_fit_add_rows(lr_fit *f, const double *x, const double *y,
    const double *w, size_t n);

/*
 * Free the scratch that lr_fit_add_rows keeps in f between calls (its
 * block kernel's: some 14 KB for 5 predictors, more for wide models);
 * the next call that needs it makes it again.  For callers that hold
 * many fits at once, such as one per group.
 */
void lr_fit_trim(lr_fit *f);

/*
 * Merge: dst becomes the fit of the union of both data sets; src is not
 * changed.  The two fits' frames may lie any distance apart: the merge
 * takes a common frame wide enough for both, so a merge accepts what
 * one pass over all the rows accepts.  Errors: LR_EMISMATCH if the two
 * fits have different models; LR_ERANGE (dst unchanged) should the
 * merged factor overflow, which no data within a double's range does.
 */
lr_status lr_fit_merge(lr_fit *dst, const lr_fit *src);

/* Number of observations added so far (including merged ones). */
uint64_t lr_fit_count(const lr_fit *f);

/*
 * After lr_solve returned LR_ESINGULAR: the 0-based index of the first
 * predictor term (not counting the intercept: 0 is the first predictor,
 * or x in a polynomial) that is a linear combination of the intercept
 * and the terms before it, to within the precision of the data (its
 * residual is below 1e-13 of its size; a power of x, only when x has
 * too few distinct values); -1 if there is none, -2 when out of memory.
 */
int lr_fit_collinear(const lr_fit *f);

/*
 * The fit state as plain numbers, to be stored or sent elsewhere and
 * read back with lr_fit_import (a partial fit from another process or
 * machine).  Everything is exact: the double-double entries as their two
 * doubles.  Layout: ncol = k + 2 columns (the constant, the k terms, y),
 * where k = degree >= 2 ? degree : nx.
 */
typedef struct lr_fit_state {
	lr_spec spec;
	uint64_t n;          /* observations */
	double sumlogw[2];   /* sum of log(weight), hi and lo */
	int wscale;          /* the weights' frame: the factor holds the
	                        weights times 2^-wscale (even; 0 without
	                        weights and while empty) */
	double wmin, wmax;   /* smallest and largest weight (1 and 1 without
	                        weights; 0 and 0 while empty) */
	int nv;              /* nx + 1 frame entries */
	const double *shift; /* nv frame origins (the first row's values) */
	const int *scale;    /* nv frame exponents */
	int ncol;            /* k + 2 */
	const double *r;     /* ncol * ncol * 2: the factor, row-major, each
	                        entry hi then lo; zero below the diagonal */
} lr_fit_state;

/*
 * Describe f's state in *out.  The pointers in *out point into f and
 * stay valid until f is changed or freed.  Never fails.
 */
void lr_fit_export(const lr_fit *f, lr_fit_state *out);

/*
 * A new fit from a state (from lr_fit_export, possibly elsewhere).  The
 * state is checked before anything is built: a valid spec, sizes that
 * agree, finite values, a factor with a non-negative diagonal and
 * nothing below it, frame exponents within what lr_fit_add can make
 * (scale -1021..1023 and, for a non-zero shift, not below the shift's
 * exponent; wscale even in -1074..1024), n below 2^63; an
 * empty state (n == 0) with nothing in it; and for n > 0 the numbers
 * that must agree: R[0][0]^2, the sum of the scaled weights, between
 * n wmin 2^-wscale and n wmax 2^-wscale (for an unweighted fit, n
 * itself, to max(n, 2^20) 2^-100 relative: the rounding of a sum of n
 * terms in double-double), and sumlogw between n log(wmin) and
 * n log(wmax).  On success *out owns a new fit.  Errors:
 * LR_EINVAL (an inconsistent or corrupt state), LR_ENOMEM.
 */
lr_status lr_fit_import(const lr_fit_state *st, lr_fit **out);

/*
 * Insert count (>= 1) predictor columns before predictor index at
 * (0..nx; nx appends) of a linear model (degree 0 or 1), whose values
 * were 0 on every row added so far: a factor's level first seen late,
 * whose indicator was zero on every earlier row.  The fit becomes that
 * of nx + count predictors, the new ones numbered at..at+count-1 and
 * those from at on moved up by count; rows added afterwards give what
 * a fit built with the columns from the start gives (the same bits
 * when rows came one at a time; to ~1e-15 relative after blocks of a
 * straight line or a merge), and merge, export and import take it as
 * such a fit.  Works on an empty fit and on weighted and imported ones.
 * Errors: LR_EINVAL (a polynomial, at or count out of range,
 * nx + count > LR_MAX_NX), LR_ENOMEM; f is unchanged on an error.
 */
lr_status lr_fit_insert(lr_fit *f, int at, int count);

/*
 * A new fit of the sub-model of a linear model f (degree 0 or 1) whose
 * predictors are f's predictors cols[0..ncols-1] (0-based, in that
 * order, no two alike, ncols >= 1), with an intercept unless flags is
 * LR_NO_INTERCEPT (flags need not be f's): the same rows, weights and
 * count, as if the rows had been added with only those values.  Made
 * from f's factor alone (no rows), to ~1e-14 relative in what lr_solve
 * gives, also when f itself is rank-deficient (indicator columns of
 * every level beside the intercept); a sub-model that is itself
 * singular gives LR_ESINGULAR in lr_solve.  On success *out owns a new
 * fit that the caller frees with lr_fit_free.  Errors: LR_EINVAL (a
 * polynomial, cols or flags out of range), LR_ENOMEM.
 */
lr_status lr_fit_select(const lr_fit *f, const int *cols, int ncols,
    unsigned flags, lr_fit **out);

/* One coefficient of a solved fit. */
typedef struct lr_coef {
	double estimate;
	double std_error; /* NaN when the residual df is 0 */
	double t;         /* NaN when the std_error is 0 or undefined */
	double p;         /* two-sided p-value of t; NaN when t is */
	double ci_low;    /* confidence interval at the result's level */
	double ci_high;
} lr_coef;

/* Summary statistics of a solved fit. */
typedef struct lr_stats {
	uint64_t n;       /* observations */
	uint64_t df;      /* residual degrees of freedom, n - ncoef */
	int ncoef;        /* number of coefficients (intercept first if any) */
	int intercept;    /* 1 if the model has an intercept */
	double level;     /* confidence level of the intervals */
	double sigma;     /* residual standard error sqrt(sse/df); NaN if df == 0 */
	double r2;        /* R^2 (uncentred without intercept, as R defines it); NaN if undefined */
	double adj_r2;    /* adjusted R^2; NaN if df == 0 or r2 is NaN */
	double r;         /* correlation of x and y (weighted with weights) for
	                     one linear predictor, with or without intercept;
	                     NaN otherwise, or if x or y is constant */
	double f;         /* F statistic of the model against the empty model */
	double f_df1, f_df2;
	double f_p;       /* upper-tail p-value of f */
	double rmse;      /* sqrt(sse/n) */
	double sse;       /* residual sum of squares */
	double tss;       /* total sum of squares (about the mean; about 0 without intercept) */
	double loglik;    /* Gaussian log-likelihood, as R's logLik(lm) (with
	                     weights: + sum(log w)/2); NaN if sse == 0 */
	double aic;       /* -2 loglik + 2 (ncoef + 1), as R's AIC */
	double bic;       /* -2 loglik + log(n) (ncoef + 1), as R's BIC */
	int beyond;       /* 1 if a statistic (sse, tss, sigma, rmse, a
	                     standard error or covariance) lies beyond the
	                     range of a double: below the smallest subnormal
	                     (though not zero) or above DBL_MAX; it is NaN */
} lr_stats;

/* One prediction with its intervals. */
typedef struct lr_prediction {
	double fit;
	double se_fit;    /* standard error of the fitted mean */
	double conf_low, conf_high; /* confidence interval of the mean */
	double pred_low, pred_high; /* prediction interval of a new observation */
	double leverage;  /* x'(X'WX)^-1 x: the hat value of a point of weight
	                     1 at x (times its weight for a weighted row) */
} lr_prediction;

/* A solved fit: read-only results, independent of the lr_fit it came from. */
typedef struct lr_result lr_result;

/*
 * Solve the fit at confidence level `level` (0 < level < 1).  On success
 * *out owns a new result that the caller frees with lr_result_free.
 * Errors: LR_EINVAL (level), LR_ETOOFEW (fewer rows than coefficients),
 * LR_ESINGULAR (a predictor is collinear with the intercept and the
 * others: all x equal, all x zero without intercept, an exact linear
 * combination; see lr_fit_collinear), LR_ERANGE (a coefficient would be
 * infinite in double precision, e.g. a slope of 1e320), LR_ENOMEM.
 */
lr_status lr_solve(const lr_fit *f, double level, lr_result **out);

/* Free a result; NULL is accepted. */
void lr_result_free(lr_result *r);

/* The summary statistics; the pointer is owned by r. */
const lr_stats *lr_result_stats(const lr_result *r);

/* Coefficient j (0 <= j < ncoef; intercept first); owned by r, NULL if out of range. */
const lr_coef *lr_result_coef(const lr_result *r, int j);

/*
 * Covariance of coefficient estimates i and j (sigma^2 (X'X)^-1);
 * NaN if out of range or undefined.
 */
double lr_result_vcov(const lr_result *r, int i, int j);

/*
 * The sequential sum of squares of coefficient j (0 <= j < ncoef,
 * intercept first), what R's anova(lm) adds up per term: the square of
 * R's effects(m)[j + 1], the part of y's sum of squares that
 * coefficient j explains beyond those before it (weighted with
 * weights).  For an intercept model j = 0 gives R's value too, W ybar^2
 * (n ybar^2 without weights; W the sum of the weights, ybar the
 * weighted mean), not NaN.  NaN for j out of range, or when the value
 * lies beyond a double's range.
 */
double lr_result_seqss(const lr_result *r, int j);

/*
 * Predict at predictor values x[0..nx-1] (for a polynomial, x[0]), with
 * intervals at the result's level.  Errors: LR_ENONFINITE for a NaN or
 * infinite x, LR_ENOMEM.  Interval bounds are NaN when sigma is
 * undefined.
 */
lr_status lr_predict(const lr_result *r, const double *x, lr_prediction *out);

/*
 * The upper tail P(F > f) of the F distribution with df1 and df2
 * degrees of freedom (the p-value of an F test, as R's
 * pf(f, df1, df2, lower.tail = FALSE)); NaN for NaN or df <= 0.
 */
double lr_f_upper(double f, double df1, double df2);

#ifdef __cplusplus
}
#endif
#endif
