/*
 * anova.c - R's anova tables from solved fits (see anova.h).
 *
 * The sequential sums of squares are the squares of the projections of
 * y on the factor's columns one after the other (R's effects), which
 * the core keeps from the solve (lr_result_seqss): no sub-model is
 * fitted, and a term's sum is the sum of its coefficients'.  Cut apart
 * from report.c because it is arithmetic on results that any writer
 * shows, and apart from the core because "term" is the formula's idea.
 */
#include <math.h>
#include <stdlib.h>

#include "anova.h"

int anova_table(const lr_result *res, const int *coef_term,
    const char *const *label, int nterm, struct anova_row **rows, int *n)
{
	const lr_stats *st = lr_result_stats(res);
	int icpt = st->intercept, p = st->ncoef, j, t, k = 0;
	double mse = st->df > 0 ? st->sse / (double)st->df : NAN;
	struct anova_row *r = calloc((size_t)nterm + 1, sizeof *r);

	*rows = NULL;
	*n = 0;
	if (!r)
		return -1;
	for (t = 0; t < nterm; t++) {
		double ss = 0, df = 0;
		for (j = icpt; j < p; j++)
			if ((coef_term ? coef_term[j - icpt] : j - icpt) == t) {
				ss += lr_result_seqss(res, j);
				df++;
			}
		if (df == 0)
			continue;
		r[k].term = label[t];
		r[k].df = df;
		r[k].ss = ss;
		r[k].ms = ss / df;
		r[k].f = st->df > 0 && mse > 0 ? r[k].ms / mse : NAN;
		r[k].p = isnan(r[k].f) ? NAN :
		    lr_f_upper(r[k].f, df, (double)st->df);
		k++;
	}
	r[k].term = "Residuals";
	r[k].df = (double)st->df;
	r[k].ss = st->sse;
	r[k].ms = mse;
	r[k].f = r[k].p = NAN;
	*rows = r;
	*n = k + 1;
	return 0;
}

void anova_compare(double rss0, double df0, const lr_result *res1,
    const char *formula, struct compare_info *out)
{
	const lr_stats *b = lr_result_stats(res1);
	double mse = b->df > 0 ? b->sse / (double)b->df : NAN;
	out->formula = formula;
	out->res_df[0] = df0;
	out->res_df[1] = (double)b->df;
	out->rss[0] = rss0;
	out->rss[1] = b->sse;
	out->df = out->res_df[0] - out->res_df[1];
	out->ss = rss0 - b->sse;
	out->f = out->df > 0 && mse > 0 ? out->ss / out->df / mse : NAN;
	out->p = isnan(out->f) ? NAN : lr_f_upper(out->f, out->df,
	    (double)b->df);
}
