/*
 * main.c - the linreg command: options, then bytes -> rows -> fit ->
 * report.
 *
 * linreg never calls setlocale(): the C library stays in the "C"
 * locale, so numbers are read and printed with a decimal point
 * whatever LC_ALL or LANG say.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "gates.h"
#include "input.h"
#include "options.h"
#include "output.h"
#include "plot.h"
#include "port.h"
#include "spool.h"
#include "state.h"
#include "write.h"

struct run;
static int add_predictions(struct run *rn);

static int write_report(const char *path, enum out_format fmt,
    const struct report *rp, const struct plot_sample *ps,
    const struct plot_opts *po)
{
	struct outfile of;
	int st = out_open(path, &of);
	if (st)
		return st;
	switch (fmt) {
	case OUT_TEXT:
		write_text(of.f, rp);
		if (po->on) {
			/* The picture belongs to the report: the same output. */
			putc('\n', of.f);
			write_plot(of.f, rp, ps, po->width, po->height,
			    po->ascii);
		}
		break;
	case OUT_JSON:
		write_json(of.f, rp);
		break;
	case OUT_CSV:
		write_csv(of.f, rp, ',');
		break;
	case OUT_TSV:
		write_csv(of.f, rp, '\t');
		break;
	case OUT_STATE: /* written by write_state_file */
		break;
	}
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

/* --format state: the partial fit, to be merged elsewhere. */
static int write_state_file(const char *path, const struct sink *sk)
{
	struct outfile of;
	int st = out_open(path, &of);
	if (st)
		return st;
	write_state(of.f, sk->fit, sk);
	return out_close(&of, 0);
}

/* Everything main() owns, freed in one place. */
struct run {
	struct input_opts in;
	struct sink s;
	struct colspec *xcols;
	char **pred_args;          /* --predict arguments, parsed once nx is known */
	int npred_args;
	const char *pred_file;
	char **terms;              /* coefficient names */
	int nterms;
	struct gate *gates;        /* --fail-if */
	int ngates;
	/* What an update of --every needs: */
	enum out_format fmt;
	double level;
	int precision, degree, origin;
	int header_done;           /* a CSV/TSV header line is out */
	char *formula;
	lr_result *res;
	lr_prediction *pred;
	/* --plot and --svg: the sample of the points, and where they go. */
	struct plot_sample plot;
	struct plot_opts po;
	const char *svg;
	/* --fitted: the sources, read twice (spool.h). */
	struct source *src;
	int nsrc;
};

/* Explain a failed solve in the user's terms. */
static int solve_error(lr_status st, const struct run *rn, int degree,
    int origin)
{
	const struct sink *s = &rn->s;
	uint64_t used = s->rows_read - s->rows_skipped;
	int t;
	switch (st) {
	case LR_ETOOFEW:
		t = (degree >= 2 ? degree : s->nx) + !origin;
		if (s->nx == 1 && degree < 2)
			msg("need at least %d data point%s to fit %s, got %llu",
			    t, t == 1 ? "" : "s", origin ? "a line through "
			    "the origin" : "a line", (unsigned long long)used);
		else
			msg("need at least %d data points to fit %d "
			    "coefficients, got %llu", t, t,
			    (unsigned long long)used);
		return EX_DATAERR;
	case LR_ESINGULAR:
		t = lr_fit_collinear(s->fit);
		if (t == -2) {
			return oom();
		}
		if (t < 0)
			t = 0;
		if (t <= 0 && s->nx == 1) {
			if (origin)
				msg("all %s values are zero: the %s through the "
				    "origin is undefined", s->name[0], degree >= 2
				    ? "polynomial" : "slope");
			else
				msg("all %s values are equal: the %s is "
				    "undefined", s->name[0], degree >= 2 ?
				    "polynomial" : "slope");
		} else if (degree >= 2) {
			msg("the %s term is a linear combination of the lower "
			    "powers: too few distinct %s values for a "
			    "polynomial of degree %d", rn->terms[t + !origin],
			    s->name[0], degree);
		} else if (t == 0) {
			msg("predictor '%s' is %s: its coefficient is "
			    "undefined", rn->terms[!origin], origin ?
			    "all zero" : "constant");
		} else {
			msg("predictor '%s' is a linear combination of %sthe "
			    "predictors before it (to within the precision of "
			    "the data): drop it or one of them",
			    rn->terms[t + !origin], origin ? "" :
			    "the intercept and ");
		}
		return EX_DATAERR;
	case LR_ERANGE:
		msg("a coefficient is beyond the range of a double (about "
		    "1.8e308): rescale x or y");
		return EX_DATAERR;
	case LR_ENOMEM:
		return oom();
	default:
		msg("%s", lr_strerror(st));
		return EX_SOFTWARE;
	}
}

/* The report of a solved fit (predictions already made). */
static void fill_report(struct report *rp, struct run *rn)
{
	struct sink *s = &rn->s;
	memset(rp, 0, sizeof *rp);
	rp->nx = s->nx;
	rp->degree = rn->degree;
	rp->xnames = (const char *const *)s->name;
	rp->yname = s->name[s->nx];
	rp->wname = s->weighted ? s->name[s->nx + 1] : NULL;
	rp->terms = (const char *const *)rn->terms;
	rp->formula = rn->formula;
	rp->res = rn->res;
	rp->npred = s->npred;
	rp->pred_x = s->pred;
	rp->pred = rn->pred;
	rp->rows_read = s->rows_read;
	rp->rows_skipped = s->rows_skipped;
	rp->precision = rn->precision;
	rp->no_header = rn->header_done;
	rp->ncoef = rn->nterms;
	rp->intercept = !rn->origin;
}

static int name_terms(struct run *rn, int degree, int origin);

/* Predictions at the --predict rows with the current result. */
static int predict_all(struct run *rn)
{
	struct sink *s = &rn->s;
	size_t k;
	if (!s->npred)
		return EX_OK;
	if (!rn->pred)
		rn->pred = calloc(s->npred, sizeof *rn->pred);
	if (!rn->pred) {
		return oom();
	}
	for (k = 0; k < s->npred; k++)
		if (lr_predict(rn->res, s->pred + k * (size_t)s->nx,
		    &rn->pred[k]) != LR_OK) {
			return oom();
		}
	return EX_OK;
}

/*
 * --every N: the fit so far, on standard output, flushed.  Too few rows
 * yet (or all x equal so far) print nothing: the stream goes on.
 */
static int every_update(struct sink *s, void *ctx)
{
	struct run *rn = ctx;
	struct report rp;
	lr_result *res = NULL;

	(void)s;
	if (!rn->terms && name_terms(rn, rn->degree, rn->origin)) {
		return oom();
	}
	if (lr_solve(rn->s.fit, rn->level, &res) != LR_OK)
		return EX_OK;
	lr_result_free(rn->res);
	rn->res = res;
	if (predict_all(rn))
		return EX_OSERR;
	fill_report(&rp, rn);
	switch (rn->fmt) {
	case OUT_JSON:
		write_json(stdout, &rp);
		break;
	case OUT_CSV:
	case OUT_TSV:
		write_csv(stdout, &rp, rn->fmt == OUT_CSV ? ',' : '\t');
		rn->header_done = 1;
		break;
	default:
		write_text(stdout, &rp);
		putc('\n', stdout);
		break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg("standard output: write error: %s", strerror(errno));
		return EX_IOERR;
	}
	return EX_OK;
}

/* Coefficient names and the formula, from the column names. */
static int name_terms(struct run *rn, int degree, int origin)
{
	struct sink *s = &rn->s;
	int k = degree >= 2 ? degree : s->nx, p = k + !origin, j;
	size_t len = strlen(s->name[s->nx]) + 16;

	rn->terms = calloc((size_t)p, sizeof *rn->terms);
	if (!rn->terms)
		return EX_OSERR;
	rn->nterms = p;
	if (!origin && !(rn->terms[0] = strdup("(Intercept)")))
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
		rn->terms[j + !origin] = t;
		len += strlen(t) + 3;
	}
	/* "y ~ a + b", "y ~ 0 + x + x^2" */
	rn->formula = malloc(len);
	if (!rn->formula)
		return EX_OSERR;
	sprintf(rn->formula, "%s ~ %s", s->name[s->nx], origin ? "0 + " : "");
	for (j = 0; j < k; j++) {
		if (j)
			strcat(rn->formula, " + ");
		strcat(rn->formula, rn->terms[j + !origin]);
	}
	return EX_OK;
}

/*
 * linreg merge: read and combine the states of the files (standard input
 * when none); the model, names and counts come from them.  Then the
 * predictions, which need the number of predictors.
 */
static int merge_states(struct run *rn, int nfiles, char **files, int *degree,
    int *origin)
{
	struct input_opts *in = &rn->in;
	struct sink *s = &rn->s;
	struct state acc;
	int have = 0, status = EX_OK, i;

	memset(&acc, 0, sizeof acc);
	if (nfiles == 0)
		status = read_states("-", &acc, &have, s, in->max_record);
	for (i = 0; i < nfiles && !status; i++)
		status = read_states(files[i], &acc, &have, s, in->max_record);
	if (!status && !have) {
		msg("merge: no partial fit (linreg-state) in the input");
		status = EX_DATAERR;
	}
	if (status) {
		state_free(&acc);
		return status;
	}
	*degree = acc.spec.degree >= 2 ? acc.spec.degree : 1;
	*origin = (acc.spec.flags & LR_NO_INTERCEPT) != 0;
	in->nx = s->nx = acc.spec.nx;
	in->weighted = s->weighted = acc.weighted;
	in->ncols = s->ncols = acc.ncols;
	s->spec = acc.spec;
	s->fit = acc.fit;
	s->name = acc.name;
	s->rows_read = acc.rows_read;
	s->rows_skipped = acc.rows_skipped;
	/* Columns named as in the states, for a --predict-file header. */
	in->col = calloc((size_t)in->ncols, sizeof *in->col);
	if (!in->col) {
		return oom();
	}
	for (i = 0; i < in->ncols; i++)
		in->col[i].name = s->name[i];
	if ((status = add_predictions(rn)))
		return status;
	if (rn->pred_file)
		return read_predictions(rn->pred_file, in, s);
	return EX_OK;
}

/* Why a group has no fit, in a few words. */
static void group_reason(char *buf, size_t size, lr_status st,
    const struct group *gr, const struct run *rn)
{
	const struct sink *s = &rn->s;
	int t;
	switch (st) {
	case LR_ETOOFEW:
		snprintf(buf, size, "need at least %d data points, got %llu",
		    rn->nterms, (unsigned long long)gr->rows);
		break;
	case LR_ESINGULAR:
		t = lr_fit_collinear(gr->fit);
		if (t <= 0 && s->nx == 1)
			snprintf(buf, size, "all %.60s values are %s",
			    s->name[0], rn->origin ? "zero" : "equal");
		else
			snprintf(buf, size, "%.60s is a linear combination of "
			    "the other terms", rn->terms[t + !rn->origin]);
		break;
	default:
		snprintf(buf, size, "%s", lr_strerror(st));
	}
}

/*
 * -g: one report per group, in first-seen order.  A group that cannot be
 * fitted says why in its own entry; the others are reported all the
 * same, and the exit status is then 65.
 */
static int write_groups(struct run *rn, const char *outpath)
{
	struct sink *s = &rn->s;
	struct outfile of;
	size_t k;
	int g, failed = 0, held = 0, st;

	if ((st = out_open(outpath, &of)))
		return st;
	if (rn->fmt == OUT_JSON)
		fputs("{\n\"groups\": [\n", of.f);
	for (k = 0; k < s->ngroups; k++) {
		struct group *gr = &s->groups[k];
		struct report rp;
		char reason[300] = "", label[300] = "";
		lr_status ls;
		size_t used = 0;

		for (g = 0; g < s->ngroup && used + 1 < sizeof label; g++)
			used += (size_t)snprintf(label + used, sizeof label -
			    used, "%s%s=%s", g ? ", " : "", s->gname[g],
			    gr->val[g]);
		lr_result_free(rn->res);
		rn->res = NULL;
		ls = lr_solve(gr->fit, rn->level, &rn->res);
		if (ls != LR_OK) {
			group_reason(reason, sizeof reason, ls, gr, rn);
			msg("group %s: %s", label, reason);
			failed++;
		} else if ((st = predict_all(rn))) {
			out_close(&of, 1);
			return st;
		}
		fill_report(&rp, rn);
		rp.rows_read = gr->rows + gr->skipped;
		rp.rows_skipped = gr->skipped;
		rp.ngroup = s->ngroup;
		rp.gnames = (const char *const *)s->gname;
		rp.gvals = (const char *const *)gr->val;
		rp.error = ls == LR_OK ? NULL : reason;
		rp.no_header = k > 0;
		if (ls == LR_OK) {
			int h = gates_check(rn->gates, rn->ngates, &rp);
			if (h < 0) {
				out_close(&of, 1);
				return EX_USAGE;
			}
			if (h)
				msg("(in group %s)", label);
			held += h;
		}
		switch (rn->fmt) {
		case OUT_JSON:
			fputs(k ? ",\n{\"group\": {" : "{\"group\": {", of.f);
			for (g = 0; g < s->ngroup; g++) {
				if (g)
					fputs(", ", of.f);
				json_string(of.f, s->gname[g]);
				fputs(": ", of.f);
				json_string(of.f, gr->val[g]);
			}
			if (ls == LR_OK) {
				fputs("}, \"fit\": ", of.f);
				rp.nested = 1;
				write_json(of.f, &rp);
				fputs("}", of.f);
			} else {
				fputs("}, \"error\": ", of.f);
				json_string(of.f, reason);
				fprintf(of.f, ", \"rows_read\": %llu, \"rows_used\": "
				    "%llu, \"rows_skipped\": %llu}",
				    (unsigned long long)rp.rows_read,
				    (unsigned long long)gr->rows,
				    (unsigned long long)rp.rows_skipped);
			}
			break;
		case OUT_CSV:
		case OUT_TSV:
			write_csv(of.f, &rp, rn->fmt == OUT_CSV ? ',' : '\t');
			break;
		default:
			/* Names and values from the data: escaped. */
			fprintf(of.f, "%sGroup: ", k ? "\n" : "");
			text_put(of.f, label);
			putc('\n', of.f);
			if (ls == LR_OK)
				write_text(of.f, &rp);
			else {
				fputs("Not fitted: ", of.f);
				text_put(of.f, reason);
				fprintf(of.f, " (rows read %llu, skipped %llu)\n",
				    (unsigned long long)rp.rows_read,
				    (unsigned long long)rp.rows_skipped);
			}
			break;
		}
	}
	if (rn->fmt == OUT_JSON)
		fprintf(of.f, "\n],\n\"rows_read\": %llu,\n\"rows_used\": %llu,"
		    "\n\"rows_skipped\": %llu\n}\n",
		    (unsigned long long)s->rows_read,
		    (unsigned long long)(s->rows_read - s->rows_skipped),
		    (unsigned long long)s->rows_skipped);
	st = out_close(&of, 0);
	if (st)
		return st;
	return failed ? EX_DATAERR : held ? EX_GATE : EX_OK;
}

/*
 * A standard descriptor that is closed (linreg <&-) would be taken by
 * the next file opened: a temporary file would become "standard
 * input", or messages would go into the report.  Hold each with
 * /dev/null opened the other way, so that using it still fails as on
 * a closed descriptor (EBADF: exit status 66 reading, 74 writing).
 */
static void reserve_std_fds(void)
{
#ifndef __wasi__ /* WASI has no /dev/null; its runner opens all three */
	int fd;
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int got = open("/dev/null", fd ? O_RDONLY : O_WRONLY);
			if (got >= 0 && got != fd)
				close(got); /* not the lowest: fd is open after all */
		}
#endif
}

/* The sink takes --predict's rows (options.c reads them). */
static int sink_add_prediction(void *s, const double *x)
{
	return sink_predict(s, x);
}

/* --predict's rows, once the number of predictors is known. */
static int add_predictions(struct run *rn)
{
	return options_predictions(rn->pred_args, rn->npred_args, rn->s.nx,
	    sink_add_prediction, &rn->s);
}

/*
 * The run takes the options it reads from rn (columns, --predict,
 * --fail-if; freed at its end): o keeps its pointers into argv only.
 */
static void take_options(struct run *rn, struct options *o)
{
	rn->in = o->in;
	rn->pred_args = o->predict;
	rn->npred_args = o->npredict;
	rn->pred_file = o->predict_file;
	rn->gates = o->gates;
	rn->ngates = o->ngates;
	rn->fmt = o->format;
	rn->level = o->level;
	rn->precision = o->precision;
	rn->po = o->plot;
	rn->svg = o->svg;
	o->in.col = o->in.gcol = NULL;
	o->predict = NULL;
	o->gates = NULL;
	o->npredict = o->ngates = 0;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct run rn;
	struct input_opts *in = &rn.in;
	struct sink *s = &rn.s;
	enum out_format fmt;
	const char *outpath;
	double level;
	int i, origin, degree, status, held = 0, merge, fitted, svg_stdout;
	lr_status st;

	/*
	 * In a pipeline whose reader has gone (linreg big.csv | head -c1),
	 * end quietly by SIGPIPE as other filters do, even when the parent
	 * (some CI runners) left SIGPIPE ignored.
	 */
	signal(SIGPIPE, SIG_DFL);
	/* Temporary files are removed when a signal ends linreg. */
	cleanup_init();
	reserve_std_fds();
	memset(&rn, 0, sizeof rn);
	status = options_parse(argc, argv, &opt);
	if (status != EX_OK) {
		if (status == OPTIONS_DONE)
			status = opt.exit_status;
		options_free(&opt);
		return status;
	}
	merge = opt.cmd == CMD_MERGE;
	fmt = opt.format;
	outpath = opt.output;
	level = opt.level;
	degree = opt.degree;
	origin = opt.origin;
	fitted = opt.fitted;
	svg_stdout = opt.svg && !strcmp(opt.svg, "-");
	take_options(&rn, &opt);
	s->progress = opt.progress;
	s->skip_invalid = opt.skip_invalid;
	if (opt.every) {
		s->every = s->next_every = opt.every;
		s->tick = every_update;
		s->tick_ctx = &rn;
	}
	if (merge) {
		status = merge_states(&rn, opt.nfiles, opt.files, &degree,
		    &origin);
		if (status)
			goto end;
		goto have_rows;
	}
	if (in->ngroup) {
		s->ngroup = in->ngroup;
		s->gval = calloc((size_t)in->ngroup, sizeof *s->gval);
		s->glen = calloc((size_t)in->ngroup, sizeof *s->glen);
		if (!s->gval || !s->glen) {
			status = oom();
			goto end;
		}
	}
	if (rn.po.on && !rn.po.width)
		plot_default_size(&rn.po.width, &rn.po.height);
	if (rn.po.on || rn.svg) {
		if (plot_sample_init(&rn.plot, PLOT_SAMPLE_MAX)) {
			status = oom();
			goto end;
		}
		s->plot = &rn.plot;
	}
	s->nx = in->nx;
	s->ncols = in->ncols;
	s->weighted = in->weighted;
	s->spec.nx = in->nx;
	s->spec.degree = degree >= 2 ? degree : 0;
	s->spec.flags = origin ? LR_NO_INTERCEPT : 0;
	if ((status = add_predictions(&rn)))
		goto end;

	rn.degree = degree;
	rn.origin = origin;
	st = lr_fit_new(&s->spec, &s->fit);
	if (st != LR_OK) {
		if (st == LR_EINVAL)
			msg("-x: at most 1000 predictors, got %d", in->nx);
		else
			msg("%s", lr_strerror(st));
		status = st == LR_ENOMEM ? EX_OSERR : EX_USAGE;
		goto end;
	}
	if (rn.pred_file && (status = read_predictions(rn.pred_file, in, s)))
		goto end;
	if (fitted) {
		int n = opt.nfiles ? opt.nfiles : 1;
		rn.src = calloc((size_t)n, sizeof *rn.src);
		if (!rn.src) {
			status = oom();
			goto end;
		}
		while (rn.nsrc < n && !status) {
			rn.nsrc++;
			status = source_first(&rn.src[rn.nsrc - 1], opt.nfiles ?
			    opt.files[rn.nsrc - 1] : "-", in, s);
		}
	} else {
		if (!opt.nfiles)
			status = read_source("-", in, s);
		for (i = 0; i < opt.nfiles && !status; i++)
			status = read_source(opt.files[i], in, s);
	}
	progress_end(s);
	if (!status)
		status = sink_flush(s);
	if (status)
		goto end;
have_rows:
	/* No source had rows: default names for the messages. */
	if ((status = sink_names_or_default(s, in, NULL)))
		goto end;
	rn.degree = degree;
	rn.origin = origin;
	if (!rn.terms && (status = name_terms(&rn, degree, origin))) {
		oom();
		goto end;
	}
	if (s->rows_skipped && s->first_skip)
		msg("skipped %llu of %llu data rows with invalid values "
		    "(first: %s)", (unsigned long long)s->rows_skipped,
		    (unsigned long long)s->rows_read, s->first_skip);
	else if (s->rows_skipped && !merge)
		msg("skipped %llu of %llu data rows with invalid values",
		    (unsigned long long)s->rows_skipped,
		    (unsigned long long)s->rows_read);
	if (s->ngroup && fmt != OUT_STATE) {
		if (s->rows_read == s->rows_skipped) {
			msg(s->rows_read ? "no valid data rows" : "no data rows "
			    "in the input");
			status = EX_DATAERR;
			goto end;
		}
		status = write_groups(&rn, outpath);
		goto end;
	}
	if (fmt == OUT_STATE) {
		/* A partial fit, to be merged elsewhere: even with no rows. */
		status = write_state_file(outpath, s);
		goto end;
	}
	if (s->rows_read == s->rows_skipped) {
		msg(s->rows_read ? "no valid data rows" : "no data rows in "
		    "the input");
		status = EX_DATAERR;
		goto end;
	}
	lr_result_free(rn.res); /* an update's, with --every */
	rn.res = NULL;
	st = lr_solve(s->fit, level, &rn.res);
	if (st != LR_OK) {
		status = solve_error(st, &rn, degree, origin);
		goto end;
	}
	{
		const lr_stats *rs = lr_result_stats(rn.res);
		if (rs->df == 0)
			msg("note: %llu point%s and %d coefficient%s leave "
			    "no residual degrees of freedom: standard errors, "
			    "t, p, F and intervals are undefined",
			    (unsigned long long)rs->n, rs->n == 1 ? "" : "s",
			    rs->ncoef, rs->ncoef == 1 ? "" : "s");
		else if (rs->sse == 0)
			msg("note: the fit is exact (all residuals are zero): "
			    "t, p, F and the log-likelihood are undefined");
		if (rs->tss == 0)
			msg("note: %s is constant: R-squared and r are "
			    "undefined", s->name[s->nx]);
		if (rs->beyond)
			msg("note: some statistics (sums of squares, standard "
			    "errors, covariances) lie beyond the range of a "
			    "double: they are shown as undefined");
	}
	if ((status = predict_all(&rn)))
		goto end;
	if (fitted) {
		/* The second pass: every row again, with its fit. */
		struct fitted fd;
		struct outfile of;
		if ((status = out_open(outpath, &of)))
			goto end;
		memset(&fd, 0, sizeof fd);
		fd.res = rn.res;
		fd.out = of.f;
		s->fitted = &fd;
		s->progress = 0;
		s->plot = NULL; /* sampled in the first pass */
		for (i = 0; i < rn.nsrc && !status; i++)
			status = source_second(&rn.src[i], in, s);
		s->fitted = NULL;
		st = out_close(&of, status != 0);
		if (!status)
			status = st;
		if (!status && rn.svg) {
			struct report rp;
			fill_report(&rp, &rn);
			status = write_svg_file(rn.svg, &rp, &rn.plot);
		}
		goto end;
	}
	{
		struct report rp;
		fill_report(&rp, &rn);
		/* The gates first, so an unknown name prints nothing. */
		held = gates_check(rn.gates, rn.ngates, &rp);
		if (held < 0) {
			status = EX_USAGE;
			goto end;
		}
		/* --svg - without -o: the picture in place of the report. */
		if (!svg_stdout || outpath)
			status = write_report(outpath, fmt, &rp, &rn.plot,
			    &rn.po);
		if (!status && rn.svg)
			status = write_svg_file(rn.svg, &rp, &rn.plot);
		if (!status && held > 0)
			status = EX_GATE;
	}
end:
	if (rn.terms)
		for (i = 0; i < rn.nterms; i++)
			free(rn.terms[i]);
	free(rn.terms);
	free(rn.formula);
	lr_result_free(rn.res);
	plot_sample_free(&rn.plot);
	free(rn.pred);
	free(rn.pred_args);
	for (i = 0; i < rn.nsrc; i++)
		source_close(&rn.src[i]);
	free(rn.src);
	free(in->gcol);
	for (i = 0; i < rn.ngates; i++)
		gate_free(&rn.gates[i]);
	free(rn.gates);
	free(rn.xcols);
	free(in->col);
	sink_free(s);
	return status;
}
