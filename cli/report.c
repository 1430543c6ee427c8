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

#include "diag.h"
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
	rp->ncoef = rs->nterms;
	rp->intercept = !c->d->origin;
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

/* Predictions at the --predict rows with the current result. */
static int predict_all(struct report_state *rs, const struct sink *s)
{
	size_t k;
	if (!s->pred.n)
		return EX_OK;
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
	if (lr_solve(d->s->fit, ro->level, &res) != LR_OK)
		return EX_OK;
	lr_result_free(rs->res);
	rs->res = res;
	if (predict_all(rs, d->s))
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
	lr_status ls;
	int st;

	group_label(label, sizeof label, s, gr);
	lr_result_free(rs->res);
	rs->res = NULL;
	ls = lr_solve(gr->fit, c->ro->level, &rs->res);
	if (ls != LR_OK) {
		struct status_model m;
		status_model_of(&m, c);
		status_group_words(reason, sizeof reason, ls, &m, gr->rows,
		    ls == LR_ESINGULAR ? lr_fit_collinear(gr->fit) : 0);
		msg("group %s: %s", label, reason);
		(*failed)++;
	} else if ((st = predict_all(rs, s))) {
		return st;
	}
	fill_report(&rp, c);
	rp.rows_read = gr->rows + gr->skipped;
	rp.rows_skipped = gr->skipped;
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
	if (s->rows_read != s->rows_skipped)
		return EX_OK;
	msg(s->rows_read ? "no valid data rows" : "no data rows in the input");
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
	fd.nx = s->nx;
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
	lr_result_free(rs->res); /* an update's, with --every */
	rs->res = NULL;
	st = lr_solve(s->fit, ro->level, &rs->res);
	if (st != LR_OK) {
		status_model_of(&m, &c);
		return status_solve_fail(st, &m, s->rows_read - s->rows_skipped,
		    st == LR_ESINGULAR ? lr_fit_collinear(s->fit) : 0);
	}
	solve_notes(rs->res, s);
	if ((status = predict_all(rs, s)))
		return status;
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
	memset(rs, 0, sizeof *rs);
}
