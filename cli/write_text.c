/*
 * write_text.c - the fit as a readable summary for a person at a
 * terminal, in the manner of R's summary(lm): the coefficient table in
 * the middle, the fit statistics below it.  Undefined values print as
 * NA, as R prints them.
 *
 * Names come from the data, and a header cell can hold an escape
 * sequence (ESC ] 0 ; ... BEL sets the window title, ESC [ 2 J clears
 * the screen): every name goes out through text_escape (text.c), the one
 * escaper of text for people, which messages (msg) and cells
 * (describe_cell) use too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "write.h"

#define TEXT_DIGITS 6
#define CELL 64

/* A right-aligned table (first column left-aligned) of short cells. */
struct table {
	int ncols, nrows;
	char *cells;  /* nrows * ncols cells of CELL bytes */
};

static char *cell(struct table *t, int r, int c)
{
	return t->cells + ((size_t)r * t->ncols + c) * CELL;
}

static char *fmt(char *buf, double v, int digits)
{
	if (isnan(v))
		return strcpy(buf, "NA");
	return num_format(buf, v, digits);
}

static void print_table(FILE *out, struct table *t)
{
	size_t *w = calloc((size_t)t->ncols, sizeof *w);
	int r, c;
	if (!w)
		return;
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if (strlen(cell(t, r, c)) > w[c])
				w[c] = strlen(cell(t, r, c));
	for (r = 0; r < t->nrows; r++) {
		int last = t->ncols - 1;
		/* no blanks at a line's end: empty cells there are left out */
		while (last > 0 && !cell(t, r, last)[0])
			last--;
		for (c = 0; c <= last; c++) {
			if (c == 0 && last == 0)
				fputs(cell(t, r, c), out);
			else if (c == 0)
				fprintf(out, "%-*s", (int)w[c], cell(t, r, c));
			else
				fprintf(out, "  %*s", (int)w[c], cell(t, r, c));
		}
		putc('\n', out);
	}
	free(w);
}

/* A name, escaped and cut to fit a cell. */
static void name_cell(char *dst, const char *name)
{
	text_escape(dst, CELL, name, strlen(name), 0);
}

/* Column headings of an interval at the given level, "2.5 %" "97.5 %". */
static void level_headings(double level, char *lo, char *hi)
{
	char a[NUM_BUFSIZE], b[NUM_BUFSIZE];
	sprintf(lo, "%s %%", num_format(a, (1 - level) / 2 * 100, 4));
	sprintf(hi, "%s %%", num_format(b, (1 + level) / 2 * 100, 4));
}

/* "Species: categorical, 3 levels, reference setosa", per factor. */
static void factor_lines(FILE *out, const struct report *rp)
{
	int i;
	for (i = 0; i < rp->nfactor; i++) {
		const struct factor_info *f = &rp->factors[i];
		text_put(out, f->name);
		fprintf(out, ": categorical, %d level%s, reference ", f->nlevels,
		    f->nlevels == 1 ? "" : "s");
		text_put(out, f->levels[0]);
		putc('\n', out);
	}
	for (i = 0; i < rp->ndate; i++) {
		text_put(out, rp->dates[i]);
		fprintf(out, ": dates, in %s since 1970-01-01T00:00:00Z\n",
		    !strcmp(rp->time_unit, "s") ? "seconds" :
		    !strcmp(rp->time_unit, "min") ? "minutes" :
		    !strcmp(rp->time_unit, "h") ? "hours" :
		    !strcmp(rp->time_unit, "day") ? "days" : "weeks");
	}
}

/* --anova and --compare, as R prints anova(). */
static void anova_tables(FILE *out, const struct report *rp,
    struct table *t, int digits, int pdig)
{
	int j;
	if (rp->nanova) {
		t->ncols = 6;
		t->nrows = rp->nanova + 1;
		strcpy(cell(t, 0, 0), "");
		strcpy(cell(t, 0, 1), "Df");
		strcpy(cell(t, 0, 2), "Sum Sq");
		strcpy(cell(t, 0, 3), "Mean Sq");
		strcpy(cell(t, 0, 4), "F value");
		strcpy(cell(t, 0, 5), "Pr(>F)");
		for (j = 0; j < rp->nanova; j++) {
			const struct anova_row *r = &rp->anova[j];
			name_cell(cell(t, j + 1, 0), r->term);
			fmt(cell(t, j + 1, 1), r->df, digits);
			fmt(cell(t, j + 1, 2), r->ss, digits);
			fmt(cell(t, j + 1, 3), r->ms, digits);
			if (isnan(r->f))
				strcpy(cell(t, j + 1, 4), "");
			else
				fmt(cell(t, j + 1, 4), r->f, digits);
			if (isnan(r->p))
				strcpy(cell(t, j + 1, 5), "");
			else
				fmt(cell(t, j + 1, 5), r->p, pdig);
		}
		fputs("\nAnalysis of Variance Table (sequential sums of "
		    "squares):\n", out);
		print_table(out, t);
	}
	if (rp->cmp) {
		const struct compare_info *c = rp->cmp;
		t->ncols = 7;
		t->nrows = 3;
		strcpy(cell(t, 0, 0), "Model");
		strcpy(cell(t, 0, 1), "Res.Df");
		strcpy(cell(t, 0, 2), "RSS");
		strcpy(cell(t, 0, 3), "Df");
		strcpy(cell(t, 0, 4), "Sum of Sq");
		strcpy(cell(t, 0, 5), "F");
		strcpy(cell(t, 0, 6), "Pr(>F)");
		for (j = 0; j < 2; j++) {
			sprintf(cell(t, j + 1, 0), "%d", j + 1);
			fmt(cell(t, j + 1, 1), c->res_df[j], digits);
			fmt(cell(t, j + 1, 2), c->rss[j], digits);
			strcpy(cell(t, j + 1, 3), "");
			strcpy(cell(t, j + 1, 4), "");
			strcpy(cell(t, j + 1, 5), "");
			strcpy(cell(t, j + 1, 6), "");
		}
		fmt(cell(t, 2, 3), c->df, digits);
		fmt(cell(t, 2, 4), c->ss, digits);
		fmt(cell(t, 2, 5), c->f, digits);
		fmt(cell(t, 2, 6), c->p, pdig);
		fputs("\nComparison with a nested model (Model 1: ", out);
		text_put(out, c->formula);
		fputs("; Model 2: ", out);
		text_put(out, rp->formula);
		fputs("):\n", out);
		print_table(out, t);
	}
}

/* Predictions by name: the row as given, then the fit and intervals. */
static void named_predictions(FILE *out, const struct report *rp,
    struct table *t, int digits)
{
	char a[NUM_BUFSIZE];
	size_t k;
	t->ncols = 6;
	t->nrows = (int)rp->npred + 1;
	strcpy(cell(t, 0, 0), "at");
	strcpy(cell(t, 0, 1), "fit");
	strcpy(cell(t, 0, 2), "conf.low");
	strcpy(cell(t, 0, 3), "conf.high");
	strcpy(cell(t, 0, 4), "pred.low");
	strcpy(cell(t, 0, 5), "pred.high");
	for (k = 0; k < rp->npred; k++) {
		const lr_prediction *pr = &rp->pred[k];
		int r = (int)k + 1;
		name_cell(cell(t, r, 0), rp->pred_at[k]);
		fmt(cell(t, r, 1), pr->fit, digits);
		fmt(cell(t, r, 2), pr->conf_low, digits);
		fmt(cell(t, r, 3), pr->conf_high, digits);
		fmt(cell(t, r, 4), pr->pred_low, digits);
		fmt(cell(t, r, 5), pr->pred_high, digits);
	}
	fprintf(out, "\nPredictions (%s%% confidence and prediction "
	    "intervals):\n", num_format(a, lr_result_stats(rp->res)->level *
	    100, 4));
	print_table(out, t);
}

void write_text(FILE *out, const struct report *rp)
{
	const lr_stats *st = lr_result_stats(rp->res);
	int digits = rp->precision > 0 ? rp->precision : TEXT_DIGITS;
	int pdig = digits < 4 ? digits : 4, j, p = st->ncoef;
	size_t k, rows;
	char a[NUM_BUFSIZE], b[NUM_BUFSIZE], c[NUM_BUFSIZE];
	struct table t;

	rows = (size_t)p + 1 > rp->npred + 1 ? (size_t)p + 1 : rp->npred + 1;
	if ((size_t)rp->nanova + 1 > rows)
		rows = (size_t)rp->nanova + 1;
	if (rows < 3)
		rows = 3;
	t.ncols = rp->nx + 6 > 7 ? rp->nx + 6 : 7;
	t.cells = calloc(rows * (size_t)t.ncols, CELL);
	if (!t.cells)
		return; /* the caller sees the missing output as an error */

	fprintf(out, "%s regression: ", rp->degree >= 2 ? "Polynomial" :
	    rp->nx > 1 || rp->coded ? "Multiple" : "Linear");
	text_put(out, rp->formula);
	putc('\n', out);
	if (rp->wname) {
		fputs("Weights: ", out);
		text_put(out, rp->wname);
		putc('\n', out);
	}
	fprintf(out, "n = %llu, residual df = %llu (rows read %llu, "
	    "skipped %llu)\n", (unsigned long long)st->n,
	    (unsigned long long)st->df, (unsigned long long)rp->rows_read,
	    (unsigned long long)rp->rows_skipped);
	if (rp->rows_missing)
		fprintf(out, "%llu row%s with missing values left out\n",
		    (unsigned long long)rp->rows_missing,
		    rp->rows_missing == 1 ? "" : "s");
	factor_lines(out, rp);
	putc('\n', out);

	t.ncols = 7;
	t.nrows = p + 1;
	strcpy(cell(&t, 0, 1), "Estimate");
	strcpy(cell(&t, 0, 2), "Std. Error");
	strcpy(cell(&t, 0, 3), "t value");
	strcpy(cell(&t, 0, 4), "Pr(>|t|)");
	level_headings(st->level, cell(&t, 0, 5), cell(&t, 0, 6));
	for (j = 0; j < p; j++) {
		const lr_coef *cf = lr_result_coef(rp->res, j);
		name_cell(cell(&t, j + 1, 0), rp->terms[j]);
		fmt(cell(&t, j + 1, 1), cf->estimate, digits);
		fmt(cell(&t, j + 1, 2), cf->std_error, digits);
		fmt(cell(&t, j + 1, 3), cf->t, digits);
		fmt(cell(&t, j + 1, 4), cf->p, pdig);
		fmt(cell(&t, j + 1, 5), cf->ci_low, digits);
		fmt(cell(&t, j + 1, 6), cf->ci_high, digits);
	}
	fputs("Coefficients:\n", out);
	print_table(out, &t);

	fprintf(out, "\nResidual standard error: %s on %llu degrees of "
	    "freedom\n", fmt(a, st->sigma, digits),
	    (unsigned long long)st->df);
	if (REPORT_SIMPLE(rp))
		fprintf(out, "R-squared: %s, Adjusted R-squared: %s, r: %s\n",
		    fmt(a, st->r2, digits), fmt(b, st->adj_r2, digits),
		    fmt(c, st->r, digits));
	else
		fprintf(out, "R-squared: %s, Adjusted R-squared: %s\n",
		    fmt(a, st->r2, digits), fmt(b, st->adj_r2, digits));
	fprintf(out, "F-statistic: %s on %g and %g DF, p-value: %s\n",
	    fmt(a, st->f, digits), st->f_df1, st->f_df2,
	    fmt(b, st->f_p, pdig));
	fprintf(out, "RMSE: %s, SSE: %s\n", fmt(a, st->rmse, digits),
	    fmt(b, st->sse, digits));
	fprintf(out, "Log-likelihood: %s, AIC: %s, BIC: %s\n",
	    fmt(a, st->loglik, digits), fmt(b, st->aic, digits),
	    fmt(c, st->bic, digits));

	anova_tables(out, rp, &t, digits, pdig);
	if (rp->npred && rp->pred_at) {
		named_predictions(out, rp, &t, digits);
	} else if (rp->npred) {
		int nx = rp->nx;
		t.ncols = nx + 5;
		t.nrows = (int)rp->npred + 1;
		for (j = 0; j < nx; j++)
			name_cell(cell(&t, 0, j), rp->xnames[j]);
		strcpy(cell(&t, 0, nx), "fit");
		strcpy(cell(&t, 0, nx + 1), "conf.low");
		strcpy(cell(&t, 0, nx + 2), "conf.high");
		strcpy(cell(&t, 0, nx + 3), "pred.low");
		strcpy(cell(&t, 0, nx + 4), "pred.high");
		for (k = 0; k < rp->npred; k++) {
			const lr_prediction *pr = &rp->pred[k];
			for (j = 0; j < nx; j++)
				fmt(cell(&t, (int)k + 1, j),
				    rp->pred_x[k * (size_t)nx + j], digits);
			fmt(cell(&t, (int)k + 1, nx), pr->fit, digits);
			fmt(cell(&t, (int)k + 1, nx + 1), pr->conf_low, digits);
			fmt(cell(&t, (int)k + 1, nx + 2), pr->conf_high, digits);
			fmt(cell(&t, (int)k + 1, nx + 3), pr->pred_low, digits);
			fmt(cell(&t, (int)k + 1, nx + 4), pr->pred_high, digits);
		}
		fprintf(out, "\nPredictions (%s%% confidence and prediction "
		    "intervals):\n", num_format(a, st->level * 100, 4));
		print_table(out, &t);
	}
	free(t.cells);
}

/*
 * -g: one group's entry, "Group: g=v, ..." and its report, or why it
 * has none.  Names and values come from the data: escaped.
 */
void write_text_group(FILE *out, const struct report *rp)
{
	fprintf(out, "%sGroup: ", rp->no_header ? "\n" : "");
	text_put(out, rp->glabel);
	putc('\n', out);
	if (!rp->error) {
		write_text(out, rp);
		return;
	}
	fputs("Not fitted: ", out);
	text_put(out, rp->error);
	fprintf(out, " (rows read %llu, skipped %llu)\n",
	    (unsigned long long)rp->rows_read,
	    (unsigned long long)rp->rows_skipped);
	if (rp->rows_missing)
		fprintf(out, "%llu row%s with missing values left out\n",
		    (unsigned long long)rp->rows_missing,
		    rp->rows_missing == 1 ? "" : "s");
}
