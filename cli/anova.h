/*
 * anova.h - R's analysis-of-variance tables from solved fits: the
 * sequential table of one model (anova(m)) and the F test of a nested
 * model against it (anova(m0, m1)).
 */
#ifndef LINREG_ANOVA_H
#define LINREG_ANOVA_H

#include "linreg.h"

/* One row of the table: a term (a factor's or an interaction's
 * coefficients together), or "Residuals" (f and p NaN). */
struct anova_row {
	const char *term;
	double df, ss, ms, f, p;
};

/* anova(m0, m1): m0 the smaller model, m1 the fitted one. */
struct compare_info {
	const char *formula;        /* m0's */
	double res_df[2], rss[2];   /* m0's, then m1's */
	double df, ss, f, p;        /* the difference and its F test */
};

/*
 * The sequential table of res: coefficient j (intercept not counted)
 * belongs to term coef_term[j] (NULL: each coefficient is its own
 * term), called label[term].  *rows gets nterm + 1 rows (the caller
 * frees it), terms without a coefficient left out.  0, or -1 out of
 * memory.
 */
int anova_table(const lr_result *res, const int *coef_term,
    const char *const *label, int nterm, struct anova_row **rows, int *n);

/*
 * The F test of a nested model (its residual sum of squares rss0 on
 * df0 degrees of freedom) against res1, as R's anova(m0, m1).
 */
void anova_compare(double rss0, double df0, const lr_result *res1,
    const char *formula, struct compare_info *out);

#endif
