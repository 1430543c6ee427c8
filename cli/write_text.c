/*
 * write_text.c - the fit as a readable summary for a person at a
 * terminal, in the manner of R's summary(lm): the coefficient table in
 * the middle, the fit statistics below it.  Undefined values print as
 * NA, as R prints them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "write.h"

#define TEXT_DIGITS 6
#define MAX_COLS 8

/* A small right-aligned table: cells are copied in, widths computed. */
struct table {
	int ncols, nrows;
	char (*cell)[MAX_COLS][NUM_BUFSIZE + 8];
};

static char *fmt(char *buf, double v, int digits)
{
	if (isnan(v))
		return strcpy(buf, "NA");
	return num_format(buf, v, digits);
}

static void print_table(FILE *out, const struct table *t, const char *indent)
{
	size_t w[MAX_COLS] = {0};
	int r, c;
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if (strlen(t->cell[r][c]) > w[c])
				w[c] = strlen(t->cell[r][c]);
	for (r = 0; r < t->nrows; r++) {
		fputs(indent, out);
		for (c = 0; c < t->ncols; c++) {
			/* The first column (names) is left-aligned. */
			if (c == 0)
				fprintf(out, "%-*s", (int)w[c], t->cell[r][c]);
			else
				fprintf(out, "  %*s", (int)w[c], t->cell[r][c]);
		}
		putc('\n', out);
	}
}

/* Column headings of an interval at the given level, "2.5 %" "97.5 %". */
static void level_headings(double level, char *lo, char *hi)
{
	char a[NUM_BUFSIZE], b[NUM_BUFSIZE];
	sprintf(lo, "%s %%", num_format(a, (1 - level) / 2 * 100, 4));
	sprintf(hi, "%s %%", num_format(b, (1 + level) / 2 * 100, 4));
}

void write_text(FILE *out, const struct report *rp)
{
	const lr_stats *st = lr_result_stats(rp->res);
	int digits = rp->precision > 0 ? rp->precision : TEXT_DIGITS;
	int j, p = st->ncoef;
	size_t k, nrows;
	char a[NUM_BUFSIZE], b[NUM_BUFSIZE], c[NUM_BUFSIZE];
	struct table t;

	nrows = (size_t)p + 1 > rp->npred + 1 ? (size_t)p + 1 : rp->npred + 1;
	t.cell = calloc(nrows, sizeof *t.cell);
	if (!t.cell)
		return; /* the caller sees the missing output as an error */

	fprintf(out, "Linear regression: %s ~ %s%s\n", rp->yname,
	    st->intercept ? "" : "0 + ", rp->xname);
	fprintf(out, "n = %llu, residual df = %llu (rows read %llu, "
	    "skipped %llu)\n\n", (unsigned long long)st->n,
	    (unsigned long long)st->df, (unsigned long long)rp->rows_read,
	    (unsigned long long)rp->rows_skipped);

	t.ncols = 7;
	t.nrows = p + 1;
	strcpy(t.cell[0][0], "");
	strcpy(t.cell[0][1], "Estimate");
	strcpy(t.cell[0][2], "Std. Error");
	strcpy(t.cell[0][3], "t value");
	strcpy(t.cell[0][4], "Pr(>|t|)");
	level_headings(st->level, t.cell[0][5], t.cell[0][6]);
	for (j = 0; j < p; j++) {
		const lr_coef *cf = lr_result_coef(rp->res, j);
		const char *term = st->intercept && j == 0 ? "(Intercept)"
		    : rp->xname;
		snprintf(t.cell[j + 1][0], sizeof t.cell[0][0], "%.*s",
		    NUM_BUFSIZE, term);
		fmt(t.cell[j + 1][1], cf->estimate, digits);
		fmt(t.cell[j + 1][2], cf->std_error, digits);
		fmt(t.cell[j + 1][3], cf->t, digits);
		fmt(t.cell[j + 1][4], cf->p, digits < 4 ? digits : 4);
		fmt(t.cell[j + 1][5], cf->ci_low, digits);
		fmt(t.cell[j + 1][6], cf->ci_high, digits);
	}
	fputs("Coefficients:\n", out);
	print_table(out, &t, "");

	fprintf(out, "\nResidual standard error: %s on %llu degrees of "
	    "freedom\n", fmt(a, st->sigma, digits),
	    (unsigned long long)st->df);
	fprintf(out, "R-squared: %s, Adjusted R-squared: %s, r: %s\n",
	    fmt(a, st->r2, digits), fmt(b, st->adj_r2, digits),
	    fmt(c, st->r, digits));
	fprintf(out, "F-statistic: %s on %g and %g DF, p-value: ",
	    fmt(a, st->f, digits), st->f_df1, st->f_df2);
	fprintf(out, "%s\n", fmt(a, st->f_p, digits < 4 ? digits : 4));
	fprintf(out, "RMSE: %s, SSE: %s\n", fmt(a, st->rmse, digits),
	    fmt(b, st->sse, digits));

	if (rp->npred) {
		t.ncols = 6;
		t.nrows = (int)rp->npred + 1;
		snprintf(t.cell[0][0], sizeof t.cell[0][0], "%.*s",
		    NUM_BUFSIZE, rp->xname);
		strcpy(t.cell[0][1], "fit");
		strcpy(t.cell[0][2], "conf.low");
		strcpy(t.cell[0][3], "conf.high");
		strcpy(t.cell[0][4], "pred.low");
		strcpy(t.cell[0][5], "pred.high");
		for (k = 0; k < rp->npred; k++) {
			const lr_prediction *pr = &rp->pred[k];
			fmt(t.cell[k + 1][0], rp->pred_x[k], digits);
			fmt(t.cell[k + 1][1], pr->fit, digits);
			fmt(t.cell[k + 1][2], pr->conf_low, digits);
			fmt(t.cell[k + 1][3], pr->conf_high, digits);
			fmt(t.cell[k + 1][4], pr->pred_low, digits);
			fmt(t.cell[k + 1][5], pr->pred_high, digits);
		}
		fprintf(out, "\nPredictions (%s%% confidence and prediction "
		    "intervals):\n", num_format(a, st->level * 100, 4));
		print_table(out, &t, "");
	}
	free(t.cell);
}
