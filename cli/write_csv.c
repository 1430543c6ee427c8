/*
 * write_csv.c - the fit as one header line and one data line, for
 * pipelines (sort, join, spreadsheets).  Columns are stable whatever
 * the options: without an intercept its estimate is 0 and its
 * statistics are empty.  With one linear predictor the coefficients are
 * "intercept" and "slope"; otherwise "intercept" and each term's name
 * (x1, x^2, ...), each followed by _se, _t, _p, _ci_low, _ci_high.
 * Undefined values are empty fields.
 */
#include <math.h>
#include <string.h>

#include "number.h"
#include "write.h"

static const char *const coef_fields[] = {
	"", "_se", "_t", "_p", "_ci_low", "_ci_high"
};

static const char *const pred_fields[] = {
	"x", "fit", "se_fit", "conf_low", "conf_high", "pred_low", "pred_high"
};

static void put(FILE *out, char sep, double v, int digits)
{
	char buf[NUM_BUFSIZE];
	putc(sep, out);
	if (isfinite(v))
		fputs(num_format(buf, v, digits), out);
}

static void put_coef(FILE *out, char sep, const lr_coef *c, int digits)
{
	put(out, sep, c->estimate, digits);
	put(out, sep, c->std_error, digits);
	put(out, sep, c->t, digits);
	put(out, sep, c->p, digits);
	put(out, sep, c->ci_low, digits);
	put(out, sep, c->ci_high, digits);
}

void csv_field(FILE *out, int sep, const char *v, size_t len,
    const char *suffix)
{
	size_t i;
	int quote = 0;

	for (i = 0; i < len; i++)
		if (v[i] == sep || v[i] == '"' || v[i] == '\n' || v[i] == '\r')
			quote = 1;
	if (!quote) {
		fwrite(v, 1, len, out);
		fputs(suffix, out);
		return;
	}
	putc('"', out);
	for (i = 0; i < len; i++) {
		if (v[i] == '"')
			putc('"', out);
		putc(v[i], out);
	}
	fprintf(out, "%s\"", suffix);
}

/* A header field after a separator: the name and its suffix (_se, ...). */
static void put_name(FILE *out, char sep, const char *name, const char *suffix)
{
	putc(sep, out);
	csv_field(out, sep, name, strlen(name), suffix);
}

/* A data field, after a separator unless it is the first. */
static void put_field(FILE *out, char sep, const char *v, int first)
{
	if (!first)
		putc(sep, out);
	csv_field(out, sep, v, strlen(v), "");
}

/* --anova and --compare as columns: df:TERM, sum_sq:TERM, ... */
static const char *const anova_fields[] = {"df", "sum_sq", "mean_sq",
    "f", "p_f"};

static void anova_header(FILE *out, const struct report *rp, char sep)
{
	int i, j;
	char name[300];
	for (j = 0; j < rp->nanova; j++)
		for (i = 0; i < 5; i++) {
			snprintf(name, sizeof name, "%s:%.280s", anova_fields[i],
			    rp->anova[j].term);
			put_name(out, sep, name, "");
		}
	if (rp->cmp)
		fprintf(out, "%ccompare_df%ccompare_sum_sq%ccompare_f%ccompare_p",
		    sep, sep, sep, sep);
}

static void anova_data(FILE *out, const struct report *rp, char sep, int d)
{
	int j;
	for (j = 0; j < rp->nanova; j++) {
		const struct anova_row *r = &rp->anova[j];
		put(out, sep, r->df, d);
		put(out, sep, r->ss, d);
		put(out, sep, r->ms, d);
		put(out, sep, r->f, d);
		put(out, sep, r->p, d);
	}
	if (rp->cmp) {
		put(out, sep, rp->cmp->df, d);
		put(out, sep, rp->cmp->ss, d);
		put(out, sep, rp->cmp->f, d);
		put(out, sep, rp->cmp->p, d);
	}
}

void write_csv(FILE *out, const struct report *rp, char sep)
{
	const lr_stats *st = rp->res ? lr_result_stats(rp->res) : NULL;
	int d = rp->precision, i, j, p = rp->ncoef, icpt = rp->intercept;
	int g;
	size_t k;
	lr_coef zero = {0, NAN, NAN, NAN, NAN, NAN};

	if (rp->no_header && !rp->new_terms)
		goto data;
	/* With -g, the group columns come first and "error" last. */
	for (g = 0; g < rp->ngroup; g++)
		put_field(out, sep, rp->gnames[g], g == 0);
	if (rp->ngroup)
		putc(sep, out);
	fprintf(out, "n%cdf", sep);
	for (i = 0; i < 6; i++)
		fprintf(out, "%cintercept%s", sep, coef_fields[i]);
	for (j = icpt; j < p; j++)
		for (i = 0; i < 6; i++)
			put_name(out, sep, REPORT_SIMPLE(rp) ? "slope" :
			    rp->terms[j], coef_fields[i]);
	fprintf(out, "%csigma%cr2%cadj_r2%cr%cf%cf_p%crmse%csse%clevel",
	    sep, sep, sep, sep, sep, sep, sep, sep, sep);
	fprintf(out, "%crows_read%crows_used%crows_skipped%crows_missing", sep,
	    sep, sep, sep);
	anova_header(out, rp, sep);
	for (k = 0; k < rp->npred; k++)
		for (i = 0; i < 7; i++) {
			if (i == 0 && rp->pred_at) {
				fprintf(out, "%cpred%zu_at", sep, k + 1);
				continue;
			}
			if (i == 0 && rp->nx > 1) {
				for (j = 0; j < rp->nx; j++) {
					char name[128];
					snprintf(name, sizeof name, "pred%zu_%.100s",
					    k + 1, rp->xnames[j]);
					put_name(out, sep, name, "");
				}
				continue;
			}
			fprintf(out, "%cpred%zu_%s", sep, k + 1, pred_fields[i]);
		}
	if (rp->ngroup)
		fprintf(out, "%cerror", sep);
	putc('\n', out);
data:
	for (g = 0; g < rp->ngroup; g++)
		put_field(out, sep, rp->gvals[g], g == 0);
	if (rp->ngroup)
		putc(sep, out);
	if (!st) {
		/* A group without a fit: empty fields but for the row
		 * counts, then the reason. */
		int nf = 2 + 6 * (1 + p - icpt) + 9;
		for (i = 1; i < nf; i++)
			putc(sep, out);
		fprintf(out, "%c%llu%c%llu%c%llu%c%llu", sep,
		    (unsigned long long)rp->rows_read, sep,
		    (unsigned long long)(rp->rows_read - rp->rows_skipped -
		    rp->rows_missing), sep, (unsigned long long)rp->rows_skipped,
		    sep, (unsigned long long)rp->rows_missing);
		for (i = 0; i < (int)rp->npred * (rp->nx + 6); i++)
			putc(sep, out);
		put_field(out, sep, rp->error ? rp->error : "", 0);
		putc('\n', out);
		return;
	}
	fprintf(out, "%llu%c%llu", (unsigned long long)st->n, sep,
	    (unsigned long long)st->df);
	put_coef(out, sep, icpt ? lr_result_coef(rp->res, 0) : &zero, d);
	for (j = icpt; j < p; j++)
		put_coef(out, sep, lr_result_coef(rp->res, j), d);
	put(out, sep, st->sigma, d);
	put(out, sep, st->r2, d);
	put(out, sep, st->adj_r2, d);
	put(out, sep, st->r, d);
	put(out, sep, st->f, d);
	put(out, sep, st->f_p, d);
	put(out, sep, st->rmse, d);
	put(out, sep, st->sse, d);
	put(out, sep, st->level, d);
	fprintf(out, "%c%llu%c%llu%c%llu%c%llu", sep,
	    (unsigned long long)rp->rows_read, sep,
	    (unsigned long long)(rp->rows_read - rp->rows_skipped -
	    rp->rows_missing), sep, (unsigned long long)rp->rows_skipped, sep,
	    (unsigned long long)rp->rows_missing);
	anova_data(out, rp, sep, d);
	for (k = 0; k < rp->npred; k++) {
		const lr_prediction *pr = &rp->pred[k];
		if (rp->pred_at)
			put_field(out, sep, rp->pred_at[k], 0);
		for (j = 0; !rp->pred_at && j < rp->nx; j++)
			put(out, sep, rp->pred_x[k * (size_t)rp->nx + j], d);
		put(out, sep, pr->fit, d);
		put(out, sep, pr->se_fit, d);
		put(out, sep, pr->conf_low, d);
		put(out, sep, pr->conf_high, d);
		put(out, sep, pr->pred_low, d);
		put(out, sep, pr->pred_high, d);
	}
	if (rp->ngroup)
		putc(sep, out);
	putc('\n', out);
}
