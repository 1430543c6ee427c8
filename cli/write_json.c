/*
 * write_json.c - the fit as one JSON object; with -g, the groups' fits
 * as entries of an array in one object.
 *
 * Numbers print with the fewest digits that read back as the same
 * double; an undefined value (NaN in the core) prints as null.
 */
#include <math.h>
#include <string.h>

#include "number.h"
#include "write.h"

/*
 * The characters of a JSON string, escaping what RFC 8259 requires.
 * Column names come from the input as bytes; a byte that is not part of
 * valid UTF-8 becomes U+FFFD, so the output is always valid JSON.
 */
static void put_chars(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++) {
		if (*p >= 0x80) {
			int n = utf8_len(p);
			if (n == 0) {
				fputs("\\ufffd", out);
			} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
				/* C1 controls: escaped, like C0, for terminals */
				fprintf(out, "\\u%04x", p[1]);
				p++;
			} else {
				fwrite(p, 1, (size_t)n, out);
				p += n - 1;
			}
			continue;
		}
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p == '\r')
			fputs("\\r", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			putc(*p, out);
	}
}

void json_string(FILE *out, const char *s)
{
	putc('"', out);
	put_chars(out, s);
	putc('"', out);
}

static void put_number(FILE *out, double v)
{
	char buf[NUM_BUFSIZE];
	if (!isfinite(v))
		fputs("null", out);
	else
		fputs(num_format(buf, v, 0), out);
}

/* "key": value, with the given separator before it. */
static void member(FILE *out, const char *sep, const char *key, double v)
{
	fprintf(out, "%s\"%s\": ", sep, key);
	put_number(out, v);
}

static void coefficient(FILE *out, const char *term, const lr_coef *c)
{
	fputs("    {\"term\": ", out);
	json_string(out, term);
	member(out, ", ", "estimate", c->estimate);
	member(out, ", ", "std_error", c->std_error);
	member(out, ", ", "t", c->t);
	member(out, ", ", "p", c->p);
	member(out, ", ", "ci_low", c->ci_low);
	member(out, ", ", "ci_high", c->ci_high);
	fputs("}", out);
}

/* The model's name: linear, multiple, polynomial; "through origin". */
static const char *model_name(const struct report *rp, int intercept)
{
	if (rp->degree >= 2)
		return intercept ? "polynomial" : "polynomial through origin";
	if (rp->nx > 1 || rp->coded)
		return intercept ? "multiple" : "multiple through origin";
	return intercept ? "linear" : "linear through origin";
}

/* "factors", "anova" and "compare", when the report has them. */
static void model_members(FILE *out, const struct report *rp)
{
	int i, k;
	if (rp->nfactor) {
		fputs(",\n  \"factors\": [", out);
		for (i = 0; i < rp->nfactor; i++) {
			const struct factor_info *f = &rp->factors[i];
			fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
			json_string(out, f->name);
			fputs(", \"levels\": [", out);
			for (k = 0; k < f->nlevels; k++) {
				if (k)
					fputs(", ", out);
				json_string(out, f->levels[k]);
			}
			fputs("], \"reference\": ", out);
			json_string(out, f->levels[0]);
			fputs("}", out);
		}
		fputs("\n  ]", out);
	}
	if (rp->ndate) {
		fputs(",\n  \"dates\": [", out);
		for (i = 0; i < rp->ndate; i++) {
			fputs(i ? ", {\"name\": " : "{\"name\": ", out);
			json_string(out, rp->dates[i]);
			fputs(", \"unit\": ", out);
			json_string(out, rp->time_unit);
			fputs("}", out);
		}
		fputs("]", out);
	}
	if (rp->nanova) {
		fputs(",\n  \"anova\": [", out);
		for (i = 0; i < rp->nanova; i++) {
			const struct anova_row *r = &rp->anova[i];
			fputs(i ? ",\n    {\"term\": " : "\n    {\"term\": ", out);
			json_string(out, r->term);
			member(out, ", ", "df", r->df);
			member(out, ", ", "sum_sq", r->ss);
			member(out, ", ", "mean_sq", r->ms);
			member(out, ", ", "f", r->f);
			member(out, ", ", "p", r->p);
			fputs("}", out);
		}
		fputs("\n  ]", out);
	}
	if (rp->cmp) {
		const struct compare_info *c = rp->cmp;
		fputs(",\n  \"compare\": {\"formula\": ", out);
		json_string(out, c->formula);
		fputs(", \"res_df\": [", out);
		put_number(out, c->res_df[0]);
		fputs(", ", out);
		put_number(out, c->res_df[1]);
		fputs("], \"rss\": [", out);
		put_number(out, c->rss[0]);
		fputs(", ", out);
		put_number(out, c->rss[1]);
		fputs("]", out);
		member(out, ", ", "df", c->df);
		member(out, ", ", "sum_sq", c->ss);
		member(out, ", ", "f", c->f);
		member(out, ", ", "p", c->p);
		fputs("}", out);
	}
}

void write_json(FILE *out, const struct report *rp)
{
	const lr_stats *st = lr_result_stats(rp->res);
	int j, i, p = st->ncoef;
	size_t k;

	fputs("{\n  \"model\": ", out);
	json_string(out, model_name(rp, st->intercept));
	fputs(",\n  \"formula\": ", out);
	json_string(out, rp->formula);
	if (rp->nx == 1) {
		fputs(",\n  \"x\": ", out);
		json_string(out, rp->xnames[0]);
	} else {
		fputs(",\n  \"x\": [", out);
		for (j = 0; j < rp->nx; j++) {
			if (j)
				fputs(", ", out);
			json_string(out, rp->xnames[j]);
		}
		fputs("]", out);
	}
	fputs(",\n  \"y\": ", out);
	json_string(out, rp->yname);
	fputs(",\n  \"weights\": ", out);
	if (rp->wname)
		json_string(out, rp->wname);
	else
		fputs("null", out);
	fprintf(out, ",\n  \"degree\": %d", rp->degree);
	fprintf(out, ",\n  \"n\": %llu,\n  \"df\": %llu",
	    (unsigned long long)st->n, (unsigned long long)st->df);
	fputs(",\n  \"coefficients\": [\n", out);
	for (j = 0; j < p; j++) {
		coefficient(out, rp->terms[j], lr_result_coef(rp->res, j));
		fputs(j + 1 < p ? ",\n" : "\n", out);
	}
	fputs("  ]", out);
	member(out, ",\n  ", "intercept",
	    st->intercept ? lr_result_coef(rp->res, 0)->estimate : 0.0);
	if (REPORT_SIMPLE(rp))
		member(out, ",\n  ", "slope",
		    lr_result_coef(rp->res, st->intercept)->estimate);
	member(out, ",\n  ", "sigma", st->sigma);
	member(out, ",\n  ", "r2", st->r2);
	member(out, ",\n  ", "adj_r2", st->adj_r2);
	member(out, ",\n  ", "r", st->r);
	member(out, ",\n  ", "f", st->f);
	member(out, ",\n  ", "f_df1", st->f_df1);
	member(out, ",\n  ", "f_df2", st->f_df2);
	member(out, ",\n  ", "f_p", st->f_p);
	member(out, ",\n  ", "rmse", st->rmse);
	member(out, ",\n  ", "sse", st->sse);
	member(out, ",\n  ", "tss", st->tss);
	member(out, ",\n  ", "loglik", st->loglik);
	member(out, ",\n  ", "aic", st->aic);
	member(out, ",\n  ", "bic", st->bic);
	member(out, ",\n  ", "level", st->level);
	fputs(",\n  \"vcov\": [", out);
	for (i = 0; i < p; i++) {
		fputs(i ? ", [" : "[", out);
		for (j = 0; j < p; j++) {
			if (j)
				fputs(", ", out);
			put_number(out, lr_result_vcov(rp->res, i, j));
		}
		fputs("]", out);
	}
	fputs("]", out);
	model_members(out, rp);
	fputs(",\n  \"predictions\": [", out);
	for (k = 0; k < rp->npred; k++) {
		const lr_prediction *pr = &rp->pred[k];
		const double *x = rp->pred_at ? NULL :
		    rp->pred_x + k * (size_t)rp->nx;
		fputs(k ? ",\n    {" : "\n    {", out);
		if (rp->pred_at) {
			fputs("\"at\": ", out);
			json_string(out, rp->pred_at[k]);
		} else if (rp->nx == 1) {
			member(out, "", "x", x[0]);
		} else {
			fputs("\"x\": [", out);
			for (j = 0; j < rp->nx; j++) {
				if (j)
					fputs(", ", out);
				put_number(out, x[j]);
			}
			fputs("]", out);
		}
		member(out, ", ", "fit", pr->fit);
		member(out, ", ", "se_fit", pr->se_fit);
		member(out, ", ", "conf_low", pr->conf_low);
		member(out, ", ", "conf_high", pr->conf_high);
		member(out, ", ", "pred_low", pr->pred_low);
		member(out, ", ", "pred_high", pr->pred_high);
		fputs("}", out);
	}
	fputs(rp->npred ? "\n  ]" : "]", out);
	fprintf(out, ",\n  \"rows_read\": %llu,\n  \"rows_used\": %llu,"
	    "\n  \"rows_skipped\": %llu,\n  \"rows_missing\": %llu\n}%s",
	    (unsigned long long)rp->rows_read,
	    (unsigned long long)(rp->rows_read - rp->rows_skipped -
	    rp->rows_missing), (unsigned long long)rp->rows_skipped,
	    (unsigned long long)rp->rows_missing, rp->nested ? "" : "\n");
}

/* -g: the object around the groups' entries, opened ... */
void write_json_groups_open(FILE *out)
{
	fputs("{\n\"groups\": [\n", out);
}

/*
 * ... one group's entry: the group's values and its fit, or why it has
 * none with its row counts ...
 */
void write_json_group(FILE *out, const struct report *rp)
{
	struct report fit = *rp;
	int g;

	fputs(rp->no_header ? ",\n{\"group\": {" : "{\"group\": {", out);
	for (g = 0; g < rp->ngroup; g++) {
		if (g)
			fputs(", ", out);
		json_string(out, rp->gnames[g]);
		fputs(": ", out);
		json_string(out, rp->gvals[g]);
	}
	if (!rp->error) {
		fputs("}, \"fit\": ", out);
		fit.nested = 1;
		write_json(out, &fit);
		fputs("}", out);
		return;
	}
	fputs("}, \"error\": ", out);
	json_string(out, rp->error);
	fprintf(out, ", \"rows_read\": %llu, \"rows_used\": %llu, "
	    "\"rows_skipped\": %llu, \"rows_missing\": %llu}",
	    (unsigned long long)rp->rows_read,
	    (unsigned long long)(rp->rows_read - rp->rows_skipped -
	    rp->rows_missing), (unsigned long long)rp->rows_skipped,
	    (unsigned long long)rp->rows_missing);
}

/* ... and closed with the row counts of the whole input (rp's). */
void write_json_groups_close(FILE *out, const struct report *rp)
{
	fprintf(out, "\n],\n\"rows_read\": %llu,\n\"rows_used\": %llu,"
	    "\n\"rows_skipped\": %llu,\n\"rows_missing\": %llu\n}\n",
	    (unsigned long long)rp->rows_read,
	    (unsigned long long)(rp->rows_read - rp->rows_skipped -
	    rp->rows_missing), (unsigned long long)rp->rows_skipped,
	    (unsigned long long)rp->rows_missing);
}
