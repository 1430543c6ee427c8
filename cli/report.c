/*
 * report.c - a fit's rows -> a solved fit -> struct report -> the chosen
 * writer (see report.h).
 *
 * main() once held this in three places, each with its own switch over
 * the output format (the report, an --every update, the groups of -g),
 * and wrote -g's JSON framing itself.  Here a fit becomes a struct report
 * in one function (fill_report), and put() is the one switch that picks a
 * writer: text, JSON, CSV/TSV or the state, and within it the piece of
 * a series (an update, a group's entry, the frame around -g's groups),
 * whose syntax each writer knows.  What the status of a failed solve
 * means to the user is status.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anova.h"
#include "diag.h"
#include "dispatch.h"
#include "predict.h"
#include "model.h"
#include "output.h"
#include "report.h"
#include "state.h"
#include "status.h"
#include "write.h"
#include "write_fitted.h"

/* The report step's three parts, passed around inside this file. */
struct rctx {
	struct report_state *rs;
	const struct report_opts *ro;
	const struct report_data *d;
};

/* What put() writes: a report, or a piece of a series. */
enum piece {
	PIECE_REPORT,        /* the one report of the run */
	PIECE_UPDATE,        /* one of --every's */
	PIECE_GROUPS_OPEN,   /* -g: before the first group */
	PIECE_GROUP,         /* -g: one group's entry */
	PIECE_GROUPS_CLOSE   /* -g: after the last */
};

/* The one output-format switch: rp (or the frame around it) to f. */
static void put(FILE *f, const struct rctx *c, const struct report *rp,
    enum piece piece)
{
	const struct plot_opts *po = &c->ro->po;

	switch (c->ro->fmt) {
	case OUT_TEXT:
		if (piece == PIECE_GROUP) {
			write_text_group(f, rp);
		} else if (piece == PIECE_UPDATE) {
			write_text(f, rp);
			putc('\n', f);
		} else if (piece == PIECE_REPORT) {
			write_text(f, rp);
			if (po->on) {
				/* The picture belongs to the report: the same output. */
				putc('\n', f);
				write_plot(f, rp, c->d->plot, po->width, po->height,
				    po->ascii);
			}
		}
		break;
	case OUT_JSON:
		if (piece == PIECE_GROUPS_OPEN)
			write_json_groups_open(f);
		else if (piece == PIECE_GROUP)
			write_json_group(f, rp);
		else if (piece == PIECE_GROUPS_CLOSE)
			write_json_groups_close(f, rp);
		else
			write_json(f, rp);
		break;
	case OUT_CSV:
	case OUT_TSV:
		if (piece != PIECE_GROUPS_OPEN && piece != PIECE_GROUPS_CLOSE)
			write_csv(f, rp, c->ro->fmt == OUT_CSV ? ',' : '\t');
		break;
	case OUT_STATE:
		/* The partial fit, to be merged elsewhere: the sink's, whole. */
		if (piece == PIECE_REPORT)
			write_state(f, c->d->s->fit, c->d->s);
		break;
	}
}

/* One whole piece to path (-o, --svg), through output.c's atomic file. */
static int put_file(const char *path, const struct rctx *c,
    const struct report *rp, enum piece piece)
{
	struct outfile of;
	int st = out_open(path, &of);
	if (st)
		return st;
	put(of.f, c, rp, piece);
	return out_close(&of, 0);
}

/* --svg FILE: the picture, through a temporary file as the report. */
static int write_svg_file(const char *path, const struct report *rp,
    const struct plot_sample *ps)
{
	struct outfile of;
	int st = out_open(path, &of);
	if (st)
		return st;
	write_svg(of.f, rp, ps);
	return out_close(&of, 0);
}

/*
 * Whether the coefficients' names differ from those of the last report
 * in the series (kept in rs): CSV/TSV then writes its header again.
 */
static int terms_changed(struct report_state *rs)
{
	size_t len = 1;
	char *j;
	int i, changed;
	for (i = 0; i < rs->nterms; i++)
		len += strlen(rs->terms[i]) + 1;
	if (!(j = malloc(len)))
		return 1;
	j[0] = '\0';
	for (i = 0; i < rs->nterms; i++) {
		strcat(j, rs->terms[i]);
		strcat(j, "\x1f");
	}
	changed = rs->header_terms && strcmp(j, rs->header_terms) != 0;
	free(rs->header_terms);
	rs->header_terms = j;
	return changed;
}

/* The report of a solved fit (predictions already made). */
static void fill_report(struct report *rp, const struct rctx *c)
{
	const struct sink *s = c->d->s;
	const struct report_state *rs = c->rs;

	memset(rp, 0, sizeof *rp);
	rp->nx = s->nx;
	rp->degree = c->d->degree;
	rp->xnames = (const char *const *)s->name;
	rp->yname = s->name[s->nx];
	rp->wname = s->weighted ? s->name[s->nx + 1] : NULL;
	rp->terms = (const char *const *)rs->terms;
	rp->formula = rs->formula;
	rp->res = rs->res;
	rp->npred = s->pred.n;
	rp->pred_x = s->pred.x;
	rp->pred = rs->pred;
	rp->rows_read = s->rows_read;
	rp->rows_skipped = s->rows_skipped;
	rp->precision = c->ro->precision;
	rp->no_header = rs->series;
	rp->new_terms = c->ro->fmt != OUT_STATE && terms_changed(c->rs);
	rp->ncoef = rs->nterms;
	rp->intercept = !c->d->origin;
	rp->rows_missing = s->rows_missing;
	rp->nfactor = rs->nfactor;
	rp->factors = rs->factors;
	rp->nanova = rs->nanova;
	rp->anova = rs->anova;
	rp->cmp = rs->has_cmp ? &rs->cmp : NULL;
	rp->pred_at = (const char *const *)rs->pred_at;
	rp->coded = rs->coded;
	rp->ndate = rs->ndate;
	rp->dates = rs->dates;
	rp->time_unit = rs->time_unit;
	if (rs->pred_at)
		rp->npred = rs->npred_at;
}

/* ------------------------------------------------------------------ */
/* A model's coefficients, factors, tables and predictions by name      */
/* ------------------------------------------------------------------ */

/* m when its fit is wide (R's coding picked at the solve), else NULL. */
static struct model *coded_model(struct model *m)
{
	return m && m->started && !m->identity ? m : NULL;
}

/* The coefficient names of a coded model, after its solve chose them. */
static int model_terms(struct report_state *rs, const struct model *m)
{
	int j, icpt = m->f.intercept;
	if (rs->terms)
		for (j = 0; j < rs->nterms; j++)
			free(rs->terms[j]);
	free(rs->terms);
	free(rs->formula);
	rs->nterms = m->ncoded + icpt;
	rs->terms = calloc((size_t)rs->nterms, sizeof *rs->terms);
	rs->formula = strdup(m->f.text);
	if (!rs->terms || !rs->formula)
		return -1;
	if (icpt && !(rs->terms[0] = strdup("(Intercept)")))
		return -1;
	for (j = 0; j < m->ncoded; j++)
		if (!(rs->terms[j + icpt] = strdup(m->coded_name[j])))
			return -1;
	return 0;
}

/*
 * The coefficient names of a formula whose fit is the columns
 * themselves: its labels (`1x` keeps its backquotes) and its text.
 */
static int formula_terms(struct report_state *rs, const struct model *m)
{
	int t, icpt = m->f.intercept;
	if (rs->nterms != m->f.nterm + icpt)
		return 0;
	for (t = 0; t < m->f.nterm; t++) {
		char *l = strdup(m->f.term[t].label);
		if (!l)
			return -1;
		free(rs->terms[t + icpt]);
		rs->terms[t + icpt] = l;
	}
	free(rs->formula);
	return (rs->formula = strdup(m->f.text)) ? 0 : -1;
}

/* Solve fit (of model m, or a plain one) into *res. */
static lr_status solve_fit(struct report_state *rs, const struct rctx *c,
    struct model *m, const lr_fit *fit, lr_result **res)
{
	lr_status st;
	/* one numeric term (log(x), a date) reads as a line: a slope */
	rs->coded = coded_model(m) && !(m->f.nterm == 1 &&
	    m->f.term[0].nvar == 1 && !m->f.var[m->f.term[0].var[0]].degree &&
	    !(m->f.var[m->f.term[0].var[0]].factor ||
	    (m->f.var[m->f.term[0].var[0]].col >= 0 &&
	    m->col[m->f.var[m->f.term[0].var[0]].col].kind == MC_FACTOR)));
	if (!coded_model(m)) {
		if (m && m->from_formula && formula_terms(rs, m))
			return LR_ENOMEM;
		return lr_solve(fit, c->ro->level, res);
	}
	lr_fit_free(rs->sub);
	rs->sub = NULL;
	st = model_solve(m, fit, c->ro->level, res, &rs->sub);
	if (st != LR_ENOMEM && m->ncoded && model_terms(rs, m))
		return LR_ENOMEM;
	return st;
}

/* The categorical predictors of m, for the report. */
static int model_factors(struct report_state *rs, const struct model *m)
{
	int i, k, n = 0;
	for (i = 0; i < rs->nfactor; i++)
		free((void *)rs->factors[i].levels);
	free(rs->factors);
	rs->factors = NULL;
	rs->nfactor = 0;
	if (!coded_model((struct model *)m))
		return 0;
	rs->factors = calloc((size_t)m->f.ncol, sizeof *rs->factors);
	if (!rs->factors)
		return -1;
	for (i = 0; i < m->f.ncol; i++) {
		const struct mcol *mc = &m->col[i];
		int *order;
		const char **lv;
		if (mc->kind != MC_FACTOR || !mc->lv.nused)
			continue;
		order = malloc((size_t)mc->lv.n * sizeof *order);
		lv = malloc((size_t)mc->lv.nused * sizeof *lv);
		if (!order || !lv) {
			free(order);
			free(lv);
			return -1;
		}
		model_level_order(m, i, order);
		for (k = 0; k < mc->lv.nused; k++)
			lv[k] = mc->lv.name[order[k]];
		free(order);
		rs->factors[n].name = mc->name;
		rs->factors[n].nlevels = mc->lv.nused;
		rs->factors[n].levels = lv;
		rs->nfactor = ++n;
	}
	return 0;
}

/* --anova and --compare for the solved fit rs->res. */
static int model_tables(struct report_state *rs, const struct rctx *c,
    struct model *m, const lr_fit *fit)
{
	const lr_stats *st = lr_result_stats(rs->res);
	struct model *cm = coded_model(m);
	double rss0, df0;
	const char **label;
	int t, nt, icpt = st->intercept, r;
	lr_status ls;

	free(rs->anova);
	rs->anova = NULL;
	rs->nanova = 0;
	if (c->ro->anova) {
		nt = cm ? cm->f.nterm : st->ncoef - icpt;
		if (!(label = calloc((size_t)nt + 1, sizeof *label)))
			return oom();
		for (t = 0; t < nt; t++)
			label[t] = cm ? cm->f.term[t].label : rs->terms[t + icpt];
		r = anova_table(rs->res, cm ? cm->coded_term : NULL, label, nt,
		    &rs->anova, &rs->nanova);
		if (r)
			return oom();
		/* the rows point at the labels' strings, not at label */
		free(label);
	}
	rs->has_cmp = 0;
	if (cm && cm->has_cmp) {
		ls = model_compare(cm, fit, rs->res, c->ro->level, &rss0, &df0);
		if (ls != LR_OK) {
			msg("--compare: the smaller model cannot be fitted: %s",
			    lr_strerror(ls));
			return EX_DATAERR;
		}
		anova_compare(rss0, df0, rs->res, cm->cmp.text, &rs->cmp);
		rs->has_cmp = 1;
	}
	return EX_OK;
}

/* The model's date columns and their unit, for the report. */
static int model_dates(struct report_state *rs, const struct model *m)
{
	static const struct { double sec; const char *name; } unit[] = {
		{1, "s"}, {60, "min"}, {3600, "h"}, {86400, "day"},
		{604800, "week"}
	};
	int i;
	size_t u;
	free(rs->dates);
	rs->dates = NULL;
	rs->ndate = 0;
	if (!m)
		return 0;
	if (!(rs->dates = calloc((size_t)m->f.ncol, sizeof *rs->dates)))
		return -1;
	for (i = 0; i < m->f.ncol; i++)
		if (m->col[i].kind == MC_DATE)
			rs->dates[rs->ndate++] = m->col[i].name;
	rs->time_unit = "s";
	for (u = 0; u < sizeof unit / sizeof *unit; u++)
		if (unit[u].sec == m->time_unit)
			rs->time_unit = unit[u].name;
	return 0;
}

/* A model's report extras after its solve: factors and tables. */
static int model_extras(struct report_state *rs, const struct rctx *c,
    struct model *m, const lr_fit *fit)
{
	if (model_factors(rs, m) || model_dates(rs, m))
		return oom();
	return model_tables(rs, c, m, fit);
}

/* Coefficient names and the formula, from the column names. */
static int name_terms(struct report_state *rs, const struct sink *s,
    int degree, int origin)
{
	int k = degree >= 2 ? degree : s->nx, p = k + !origin, j;
	size_t len = strlen(s->name[s->nx]) + 16;

	rs->terms = calloc((size_t)p, sizeof *rs->terms);
	if (!rs->terms)
		return EX_OSERR;
	rs->nterms = p;
	if (!origin && !(rs->terms[0] = strdup("(Intercept)")))
		return EX_OSERR;
	for (j = 0; j < k; j++) {
		const char *x = s->name[degree >= 2 ? 0 : j];
		char *t = malloc(strlen(x) + 8);
		if (!t)
			return EX_OSERR;
		if (degree >= 2 && j > 0)
			sprintf(t, "%s^%d", x, j + 1);
		else
			strcpy(t, x);
		rs->terms[j + !origin] = t;
		len += strlen(t) + 3;
	}
	/* "y ~ a + b", "y ~ 0 + x + x^2" */
	rs->formula = malloc(len);
	if (!rs->formula)
		return EX_OSERR;
	sprintf(rs->formula, "%s ~ %s", s->name[s->nx], origin ? "0 + " : "");
	for (j = 0; j < k; j++) {
		if (j)
			strcat(rs->formula, " + ");
		strcat(rs->formula, rs->terms[j + !origin]);
	}
	return EX_OK;
}

/* One named row "wt=3,cyl=6" of model m predicted into *out. */
static int predict_named(const struct rctx *c, struct model *m,
    const char *row, lr_prediction *out)
{
	const struct sink *s = c->d->s;
	double *val = calloc((size_t)m->f.ncol + 1, sizeof *val);
	double *x = calloc((size_t)m->nwide + (size_t)s->nx + 1, sizeof *x);
	char what[300];
	int r, i, st = EX_OK;

	if (!val || !x) {
		free(val);
		free(x);
		return oom();
	}
	r = model_named_row(m, row, val, what, sizeof what);
	if (!r && coded_model(m))
		r = model_coded_row(m, val, x, what, sizeof what);
	else if (!r)
		for (i = 0; i < m->f.ncol; i++)
			if (m->src[i] < s->nx)
				x[m->src[i]] = val[i];
	if (r) {
		msg(r < 0 ? "out of memory" : "--predict %s: %s", row, what);
		st = r < 0 ? EX_OSERR : EX_USAGE;
	} else if (lr_predict(c->rs->res, x, out) != LR_OK) {
		st = oom();
	}
	free(val);
	free(x);
	return st;
}

/* --predict by name: every row of every argument (rows split by ';'). */
static int predict_by_name(const struct rctx *c, struct model *m)
{
	struct report_state *rs = c->rs;
	int a, st;
	size_t k;

	if (!rs->pred_at) {
		for (a = 0; a < c->ro->npredict; a++) {
			char *p = c->ro->predict[a], *e;
			for (;; p = e + 1) {
				char **na = realloc(rs->pred_at, (rs->npred_at + 1) *
				    sizeof *na);
				if (!na)
					return oom();
				rs->pred_at = na;
				e = strchr(p, ';');
				na[rs->npred_at] = e ? strndup(p, (size_t)(e - p)) :
				    strdup(p);
				if (!na[rs->npred_at++])
					return oom();
				if (!e)
					break;
			}
		}
	}
	free(rs->pred);
	if (!(rs->pred = calloc(rs->npred_at + 1, sizeof *rs->pred)))
		return oom();
	if (!m) {
		msg("--predict by name: the model's columns are not known");
		return EX_USAGE;
	}
	for (k = 0; rs->pred_at && k < rs->npred_at; k++)
		if ((st = predict_named(c, m, rs->pred_at[k], &rs->pred[k])))
			return st;
	return EX_OK;
}

static int predict_all(struct report_state *rs, const struct sink *s);

/* The predictions of the report: by name, or at the --predict rows. */
static int predictions(const struct rctx *c, struct model *m)
{
	if (c->ro->npredict)
		return predict_by_name(c, m);
	return predict_all(c->rs, c->d->s);
}

/* The first collinear term of the fit just solved (in the model's terms). */
static int collinear_of(const struct report_state *rs, const lr_fit *fit)
{
	return lr_fit_collinear(rs->sub ? rs->sub : fit);
}

/* Predictions at the --predict rows with the current result. */
static int predict_all(struct report_state *rs, const struct sink *s)
{
	size_t k;
	if (!s->pred.n)
		return EX_OK;
	if (coded_model(s->model)) {
		msg("--predict: the model's predictors are not plain numeric "
		    "columns (a factor, a transformation or a date): give "
		    "values by name, e.g. --predict 'x=1.5,group=a'");
		return EX_USAGE;
	}
	if (!rs->pred)
		rs->pred = calloc(s->pred.n, sizeof *rs->pred);
	if (!rs->pred)
		return oom();
	for (k = 0; k < s->pred.n; k++)
		if (lr_predict(rs->res, s->pred.x + k * (size_t)s->nx,
		    &rs->pred[k]) != LR_OK)
			return oom();
	return EX_OK;
}

/* The model as a message about a failed solve names it. */
static void status_model_of(struct status_model *m, const struct rctx *c)
{
	m->nx = c->d->s->nx;
	m->degree = c->d->degree;
	m->origin = c->d->origin;
	m->xname = c->d->s->name[0];
	m->terms = (const char *const *)c->rs->terms;
	m->nterms = c->rs->nterms;
}

int report_update(struct report_state *rs, const struct report_opts *ro,
    const struct report_data *d)
{
	struct rctx c = { rs, ro, d };
	struct report rp;
	lr_result *res = NULL;

	if (!rs->terms && name_terms(rs, d->s, d->degree, d->origin))
		return oom();
	if (solve_fit(rs, &c, d->s->model, d->s->fit, &res) != LR_OK)
		return EX_OK;
	lr_result_free(rs->res);
	rs->res = res;
	if (predictions(&c, d->s->model))
		return EX_OSERR;
	fill_report(&rp, &c);
	put(stdout, &c, &rp, PIECE_UPDATE);
	rs->series = 1;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg("standard output: write error: %s", strerror(errno));
		return EX_IOERR;
	}
	return EX_OK;
}

/* "g=v, h=w" (cut to fit size bytes): a group, for people. */
static void group_label(char *buf, size_t size, const struct sink *s,
    const struct group *gr)
{
	size_t used = 0;
	int g;

	buf[0] = '\0';
	for (g = 0; g < s->groups.ncols && used + 1 < size; g++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s=%s",
		    g ? ", " : "", s->groups.names[g], gr->val[g]);
}

/*
 * Group k of -g, solved and written to f.  One that cannot be fitted
 * says why, in its entry and on standard error (*failed counted); the
 * gates that hold on a fitted one are counted in *held.  Returns an exit
 * status that ends the run (EX_OK to go on).
 */
static int report_group(FILE *f, const struct rctx *c, size_t k,
    int *failed, int *held)
{
	const struct sink *s = c->d->s;
	const struct group *gr = &s->groups.group[k];
	struct report_state *rs = c->rs;
	struct report rp;
	char reason[300] = "", label[300];
	struct model *gm;
	lr_status ls;
	int st;

	group_label(label, sizeof label, s, gr);
	lr_result_free(rs->res);
	rs->res = NULL;
	gm = gr->model ? gr->model : s->model;
	ls = solve_fit(rs, c, gm, gr->fit, &rs->res);
	if (ls != LR_OK) {
		struct status_model m;
		status_model_of(&m, c);
		status_group_words(reason, sizeof reason, ls, &m, gr->rows,
		    ls == LR_ESINGULAR ? collinear_of(rs, gr->fit) : 0);
		msg("group %s: %s", label, reason);
		(*failed)++;
	} else if ((st = predictions(c, gm)) ||
	    (st = model_extras(rs, c, gm, gr->fit))) {
		return st;
	}
	fill_report(&rp, c);
	rp.rows_read = gr->rows + gr->skipped + gr->missing;
	rp.rows_skipped = gr->skipped;
	rp.rows_missing = gr->missing;
	rp.ngroup = s->groups.ncols;
	rp.gnames = (const char *const *)s->groups.names;
	rp.gvals = (const char *const *)gr->val;
	rp.glabel = label;
	rp.error = ls == LR_OK ? NULL : reason;
	rp.no_header = k > 0;
	if (ls == LR_OK) {
		int h = gates_check(c->ro->gates, c->ro->ngates, &rp);
		if (h < 0)
			return EX_USAGE;
		if (h)
			msg("(in group %s)", label);
		*held += h;
	}
	put(f, c, &rp, PIECE_GROUP);
	return EX_OK;
}

/*
 * -g: one report per group, in first-seen order.  A group that cannot be
 * fitted says why in its own entry; the others are reported all the
 * same, and the exit status is then 65.
 */
static int report_groups(const struct rctx *c)
{
	struct outfile of;
	struct report whole;
	size_t k;
	int failed = 0, held = 0, st;

	if ((st = out_open(c->ro->outpath, &of)))
		return st;
	fill_report(&whole, c);
	put(of.f, c, &whole, PIECE_GROUPS_OPEN);
	for (k = 0; k < c->d->s->groups.n; k++)
		if ((st = report_group(of.f, c, k, &failed, &held))) {
			out_close(&of, 1);
			return st;
		}
	/* The counts of the whole input. */
	fill_report(&whole, c);
	put(of.f, c, &whole, PIECE_GROUPS_CLOSE);
	st = out_close(&of, 0);
	if (st)
		return st;
	return failed ? EX_DATAERR : held ? EX_GATE : EX_OK;
}

/* What a solved fit's numbers leave undefined, said as notes. */
static void solve_notes(const lr_result *res, const struct sink *s)
{
	const lr_stats *rs = lr_result_stats(res);
	if (rs->df == 0)
		msg("note: %llu point%s and %d coefficient%s leave no residual "
		    "degrees of freedom: standard errors, t, p, F and "
		    "intervals are undefined", (unsigned long long)rs->n,
		    rs->n == 1 ? "" : "s", rs->ncoef, rs->ncoef == 1 ? "" : "s");
	else if (rs->sse == 0)
		msg("note: the fit is exact (all residuals are zero): t, p, F "
		    "and the log-likelihood are undefined");
	if (rs->tss == 0)
		msg("note: %s is constant: R-squared and r are undefined",
		    s->name[s->nx]);
	if (rs->beyond)
		msg("note: some statistics (sums of squares, standard errors, "
		    "covariances) lie beyond the range of a double: they are "
		    "shown as undefined");
}

/* Rows skipped as invalid, said once (merged states only count them). */
static void skipped_note(const struct sink *s, int merged)
{
	if (s->rows_skipped && s->first_skip)
		msg("skipped %llu of %llu data rows with invalid values "
		    "(first: %s)", (unsigned long long)s->rows_skipped,
		    (unsigned long long)s->rows_read, s->first_skip);
	else if (s->rows_skipped && !merged)
		msg("skipped %llu of %llu data rows with invalid values",
		    (unsigned long long)s->rows_skipped,
		    (unsigned long long)s->rows_read);
}

/* No row to fit: said, and a data error. */
static int no_rows(const struct sink *s)
{
	if (s->rows_read != s->rows_skipped + s->rows_missing)
		return EX_OK;
	msg(!s->rows_read ? "no data rows in the input" : s->rows_missing ?
	    "no complete data rows (%llu with missing values)" :
	    "no valid data rows", (unsigned long long)s->rows_missing);
	return EX_DATAERR;
}

/* --fitted: the second pass, every row again with its fit; then --svg. */
static int report_fitted(const struct rctx *c)
{
	struct sink *s = c->d->s;
	struct fitted fd;
	struct sink_echo echo;
	struct outfile of;
	struct report rp;
	int status, st, i, held;

	fill_report(&rp, c);
	/* The gates first, as for the report: an unknown name writes nothing. */
	held = gates_check(c->ro->gates, c->ro->ngates, &rp);
	if (held < 0)
		return EX_USAGE;
	if ((status = out_open(c->ro->outpath, &of)))
		return status;
	memset(&fd, 0, sizeof fd);
	fd.res = c->rs->res;
	fd.out = of.f;
	fd.nx = coded_model(s->model) ? s->model->ncoded : s->nx;
	fd.weighted = s->weighted;
	memset(&echo, 0, sizeof echo);
	echo.header = fitted_header;
	echo.record = fitted_row;
	echo.json = fitted_json;
	echo.ctx = &fd;
	s->echo = &echo;
	s->progress.mode = 0;
	s->plot = NULL; /* sampled in the first pass */
	for (i = 0; i < c->d->nsrc && !status; i++)
		status = source_second(&c->d->src[i], c->d->in, s);
	s->echo = NULL;
	st = out_close(&of, status != 0);
	if (!status)
		status = st;
	if (!status && c->ro->svg)
		status = write_svg_file(c->ro->svg, &rp, c->d->plot);
	if (!status && held > 0)
		status = EX_GATE;
	return status;
}

/*
 * --predict-file: its rows again, each with its prediction, in place of
 * the report (the gates still judge the fit).
 */
static int report_predict_file(const struct rctx *c)
{
	struct sink *s = c->d->s;
	struct predicted pd;
	struct predict_hooks h;
	struct outfile of;
	struct report rp;
	int status, st, held;

	fill_report(&rp, c);
	held = gates_check(c->ro->gates, c->ro->ngates, &rp);
	if (held < 0)
		return EX_USAGE;
	if ((status = out_open(c->ro->outpath, &of)))
		return status;
	memset(&pd, 0, sizeof pd);
	pd.res = c->rs->res;
	pd.m = coded_model(s->model);
	pd.out = of.f;
	pd.nx = s->nx;
	pd.point = c->d->in->decimal_comma ? ',' : 0;
	pd.json = c->ro->fmt == OUT_JSON;
	h.header = predicted_header;
	h.row = predicted_row;
	h.ctx = &pd;
	status = read_prediction_rows(c->ro->predict_file, c->d->in, &h);
	predicted_free(&pd);
	st = out_close(&of, status != 0);
	if (!status)
		status = st;
	return !status && held > 0 ? EX_GATE : status;
}

/* The report of the solved fit, its picture, and the gates' verdict. */
static int report_write(const struct rctx *c)
{
	const struct report_opts *ro = c->ro;
	struct report rp;
	int held, status = EX_OK;

	fill_report(&rp, c);
	/* The gates first, so an unknown name prints nothing. */
	held = gates_check(ro->gates, ro->ngates, &rp);
	if (held < 0)
		return EX_USAGE;
	/* --svg - without -o: the picture in place of the report. */
	if (!(ro->svg && !strcmp(ro->svg, "-")) || ro->outpath)
		status = put_file(ro->outpath, c, &rp, PIECE_REPORT);
	if (!status && ro->svg)
		status = write_svg_file(ro->svg, &rp, c->d->plot);
	if (!status && held > 0)
		status = EX_GATE;
	return status;
}

int report_run(struct report_state *rs, const struct report_opts *ro,
    const struct report_data *d)
{
	struct rctx c = { rs, ro, d };
	struct sink *s = d->s;
	struct report rp;
	struct status_model m;
	lr_status st;
	char reason[300];
	int status;

	if (!rs->terms && (status = name_terms(rs, s, d->degree, d->origin))) {
		oom();
		return status;
	}
	skipped_note(s, ro->merged);
	if (s->groups.ncols && ro->fmt != OUT_STATE)
		return no_rows(s) ? EX_DATAERR : report_groups(&c);
	if (ro->fmt == OUT_STATE) {
		/* A partial fit, to be merged elsewhere: even with no rows. */
		fill_report(&rp, &c);
		return put_file(ro->outpath, &c, &rp, PIECE_REPORT);
	}
	if (no_rows(s))
		return EX_DATAERR;
	if (s->model && !s->groups.ncols &&
	    model_check_refs(s->model, reason, sizeof reason)) {
		msg("%s", reason);
		return EX_USAGE;
	}
	if (coded_model(s->model) && (ro->po.on || ro->svg)) {
		msg("%s: draws y against one plain numeric column; this model's "
		    "terms are not that (a factor, a transformation or a date: "
		    "plot the fit column of --fitted instead)",
		    ro->po.on ? "--plot" : "--svg");
		return EX_USAGE;
	}
	lr_result_free(rs->res); /* an update's, with --every */
	rs->res = NULL;
	st = solve_fit(rs, &c, s->model, s->fit, &rs->res);
	if (st != LR_OK) {
		status_model_of(&m, &c);
		return status_solve_fail(st, &m, s->rows_read - s->rows_skipped -
		    s->rows_missing, st == LR_ESINGULAR ? collinear_of(rs, s->fit) :
		    0);
	}
	solve_notes(rs->res, s);
	if ((status = predictions(&c, s->model)) ||
	    (status = model_extras(rs, &c, s->model, s->fit)))
		return status;
	if (ro->predict_file)
		return report_predict_file(&c);
	return ro->fitted ? report_fitted(&c) : report_write(&c);
}

void report_state_free(struct report_state *rs)
{
	int i;
	if (rs->terms)
		for (i = 0; i < rs->nterms; i++)
			free(rs->terms[i]);
	free(rs->terms);
	free(rs->formula);
	lr_result_free(rs->res);
	free(rs->pred);
	lr_fit_free(rs->sub);
	for (i = 0; i < rs->nfactor; i++)
		free((void *)rs->factors[i].levels);
	free(rs->factors);
	free(rs->anova);
	free(rs->dates);
	free(rs->header_terms);
	for (i = 0; i < (int)rs->npred_at; i++)
		free(rs->pred_at[i]);
	free(rs->pred_at);
	memset(rs, 0, sizeof *rs);
}
