/*
 * main.c - the linreg command, as a table of contents: the options
 * (options.c), then the rows, read from the sources (dispatch.c and the
 * readers) or merged from partial fits (merge.c), then the report
 * (report.c), then everything freed.  What each step is given is set
 * up here, and nothing else is done here.
 *
 * linreg never calls setlocale(): the C library stays in the "C"
 * locale, so numbers are read and printed with a decimal point
 * whatever LC_ALL or LANG say.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "design.h"
#include "diag.h"
#include "dispatch.h"
#include "merge.h"
#include "options.h"
#include "plot.h"
#include "port.h"
#include "report.h"
#include "sink.h"
#include "source.h"
#include "spool.h"
#include "status.h"

/* Everything main() owns, freed in one place (run_free). */
struct run {
	struct options opt;        /* the command line; opt.in is the readers' */
	struct sink s;             /* the rows, their fit, names and counts */
	struct report_state rep;   /* what the report step made (--every's too) */
	struct plot_sample plot;   /* --plot and --svg: a sample of the points */
	struct source *src;        /* --fitted: the sources, read twice (spool.h) */
	int nsrc;
	struct model_opts mo;      /* what the model takes from the options */
	int named;                 /* --predict by name ("wt=3,cyl=6") */
};

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

/*
 * --predict's rows once the number of predictors is known, then
 * --predict-file's.
 */
static int add_predictions(struct run *rn)
{
	struct options *o = &rn->opt;
	int status = EX_OK, i;

	for (i = 0; i < o->npredict; i++)
		rn->named |= strchr(o->predict[i], '=') != NULL;
	if (!rn->named && (status = design_date_predictions(o, &rn->named)))
		return status;
	if (!rn->named)
		status = options_predictions(o->predict, o->npredict, rn->s.nx,
		    sink_add_prediction, &rn->s);
	return status;
}

/* What the report step is given, from the options and the rows. */
static void report_args(struct run *rn, struct report_opts *ro,
    struct report_data *d)
{
	const struct options *o = &rn->opt;
	memset(ro, 0, sizeof *ro);
	ro->fmt = o->format;
	ro->outpath = o->output;
	ro->svg = o->svg;
	ro->po = o->plot;
	ro->level = o->level;
	ro->precision = o->precision;
	ro->gates = o->gates;
	ro->ngates = o->ngates;
	ro->fitted = o->fitted;
	ro->merged = o->cmd == CMD_MERGE;
	ro->anova = o->anova;
	ro->predict_file = o->predict_file;
	if (rn->named) {
		ro->predict = o->predict;
		ro->npredict = o->npredict;
	}
	memset(d, 0, sizeof *d);
	d->s = &rn->s;
	d->degree = o->degree;
	d->origin = o->origin;
	d->plot = &rn->plot;
	d->in = &o->in;
	d->src = rn->src;
	d->nsrc = rn->nsrc;
}

/* --every N: a sink's tick, the fit so far (report_update). */
static int every_update(struct sink *s, void *ctx)
{
	struct run *rn = ctx;
	struct report_opts ro;
	struct report_data d;

	(void)s;
	report_args(rn, &ro, &d);
	return report_update(&rn->rep, &ro, &d);
}

/* The sink as the options want it, for reading or merging. */
static void sink_setup(struct run *rn)
{
	const struct options *o = &rn->opt;
	struct sink *s = &rn->s;
	s->progress.mode = o->progress;
	s->skip_invalid = o->skip_invalid;
	if (o->every) {
		s->every = s->next_every = o->every;
		s->tick = every_update;
		s->tick_ctx = rn;
	}
}

/*
 * The model of the options, an empty fit of it, and what goes with the
 * rows: their groups (-g), the sample of the pictures, the --predict
 * rows.
 */
static int fit_setup(struct run *rn)
{
	struct options *o = &rn->opt;
	struct input_opts *in = &o->in;
	struct sink *s = &rn->s;
	lr_status st;
	int status;

	if (in->ngroup) {
		s->groups.ncols = in->ngroup;
		s->gval = calloc((size_t)in->ngroup, sizeof *s->gval);
		s->glen = calloc((size_t)in->ngroup, sizeof *s->glen);
		if (!s->gval || !s->glen)
			return oom();
	}
	if (o->plot.on && !o->plot.width)
		plot_default_size(&o->plot.width, &o->plot.height);
	if (o->plot.on || o->svg) {
		if (plot_sample_init(&rn->plot, PLOT_SAMPLE_MAX))
			return oom();
		s->plot = &rn->plot;
	}
	if ((status = design_setup(o, s, &rn->mo)))
		return status;
	s->nx = in->nx;
	s->ncols = in->ncols;
	s->weighted = in->weighted;
	s->spec.nx = in->nx;
	s->spec.degree = o->degree >= 2 ? o->degree : 0;
	s->spec.flags = o->origin ? LR_NO_INTERCEPT : 0;
	st = lr_fit_new(&s->spec, &s->fit);
	if (st == LR_EINVAL) {
		msg("-x: at most %d predictors, got %d", LR_MAX_NX, in->nx);
		return EX_USAGE;
	}
	if (st != LR_OK)
		return status_fail(st);
	return add_predictions(rn);
}

/*
 * Every source into the sink (standard input without one); with
 * --fitted, each kept to be read again (spool.h).
 */
static int read_all(struct run *rn)
{
	const struct options *o = &rn->opt;
	struct sink *s = &rn->s;
	int status = EX_OK, i, n = o->nfiles ? o->nfiles : 1;

	if (o->fitted && !(rn->src = calloc((size_t)n, sizeof *rn->src)))
		return oom();
	for (i = 0; i < n && !status; i++) {
		const char *path = o->nfiles ? o->files[i] : "-";
		if (o->fitted) {
			rn->nsrc++; /* closed by run_free, even if it fails */
			status = source_first(&rn->src[i], path, &o->in, s);
		} else {
			status = read_source(path, &o->in, s);
		}
	}
	progress_end(&s->progress, s->rows_read);
	return status ? status : sink_flush(s);
}

/* linreg merge: the states' fit and model, then the predictions. */
static int merge_all(struct run *rn)
{
	struct options *o = &rn->opt;
	int status = cmd_merge(o->files, o->nfiles, &o->in, &rn->s,
	    &o->degree, &o->origin);
	if (!status)
		status = design_merged(o, &rn->s);
	return status ? status : add_predictions(rn);
}

/* The rows are in, read or merged: the report step. */
static int run_report(struct run *rn)
{
	struct report_opts ro;
	struct report_data d;
	int status;

	/* No source had rows: default names for the messages. */
	if ((status = sink_names_or_default(&rn->s, &rn->opt.in, NULL)))
		return status;
	report_args(rn, &ro, &d);
	return report_run(&rn->rep, &ro, &d);
}

/* Everything main() owns, freed (after a run, or at any point of it). */
static void run_free(struct run *rn)
{
	int i;
	report_state_free(&rn->rep);
	plot_sample_free(&rn->plot);
	for (i = 0; i < rn->nsrc; i++)
		source_close(&rn->src[i]);
	free(rn->src);
	sink_free(&rn->s);
	options_free(&rn->opt);
}

int main(int argc, char **argv)
{
	struct run rn;
	int status;

	/*
	 * In a pipeline whose reader has gone (linreg big.csv | head -c1),
	 * end quietly by SIGPIPE as other filters do, even when the parent
	 * (some CI runners) left SIGPIPE ignored.
	 */
	signal(SIGPIPE, SIG_DFL);
	cleanup_init(); /* temporary files go when a signal ends linreg */
	reserve_std_fds();
	memset(&rn, 0, sizeof rn);

	status = options_parse(argc, argv, &rn.opt);
	if (status == OPTIONS_DONE)
		status = rn.opt.exit_status; /* --help, --version, --completion */
	else if (status == EX_OK) {
		sink_setup(&rn);
		if (rn.opt.cmd == CMD_MERGE)
			status = merge_all(&rn);
		else if (!(status = fit_setup(&rn)))
			status = read_all(&rn);
		if (!status)
			status = run_report(&rn);
	}
	run_free(&rn);
	return status;
}
