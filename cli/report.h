/*
 * report.h - from the rows of a fit to what the user asked for: the
 * solve and its notes, then the report in the chosen format (or a group
 * of them with -g, an update with --every, the partial fit with --format
 * state, every row again with --fitted), the pictures of --plot and
 * --svg, and the --fail-if gates; an exit status.
 *
 * Reading or merging fills a sink; this step starts from it.  Both ways
 * in (main's reading of data, and cmd_merge) end here, through the same
 * function, and the choice of writer by the output format is made in
 * one place, report.c's put().
 */
#ifndef LINREG_REPORT_H
#define LINREG_REPORT_H

#include "gates.h"
#include "sink.h"
#include "source.h"
#include "linreg.h"
#include "plot.h"
#include "spool.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_TSV, OUT_STATE };

/*
 * --plot: the size of the picture (0 by 0 from options_parse: the
 * terminal's, plot_default_size), and whether in ASCII.
 */
struct plot_opts {
	int on, width, height, ascii;
};

/* What the command line says about the report. */
struct report_opts {
	enum out_format fmt;
	const char *outpath;       /* -o FILE; NULL or "-": standard output */
	const char *svg;           /* --svg FILE ("-": standard output), or NULL */
	struct plot_opts po;       /* --plot */
	double level;              /* --level */
	int precision;             /* --precision; 0: each writer's default */
	const struct gate *gates;  /* --fail-if */
	int ngates;
	int fitted;                /* --fitted: the rows again, not the report */
	int merged;                /* linreg merge: the rows were counted elsewhere */
	int anova;                 /* --anova */
	const char *predict_file;  /* --predict-file: its rows with predictions,
	                              in place of the report */
	char *const *predict;      /* --predict arguments by name ("wt=3,cyl=6;..."), */
	int npredict;              /* when the model takes them so */
};

/* The rows, read or merged, and the model fitted to them. */
struct report_data {
	struct sink *s;            /* the fit, its names, counts, groups, --predict rows */
	int degree, origin;        /* the model: --degree (1: none), --origin */
	struct plot_sample *plot;  /* the points of --plot and --svg */
	/* --fitted: the sources read again, as they were read the first time */
	const struct input_opts *in;
	struct source *src;
	int nsrc;
};

/*
 * What the report makes of the fit, kept from one --every update to the
 * next: zero it before the first use, free it with report_state_free.
 */
struct report_state {
	char **terms;              /* nterms coefficient names */
	int nterms;
	char *formula;             /* "y ~ x", "y ~ 0 + x + x^2" */
	lr_result *res;            /* the latest solve */
	lr_fit *sub;               /* a coded model's fit of R's columns, solved */
	lr_prediction *pred;       /* its predictions at the --predict rows */
	struct factor_info *factors; /* the model's categorical predictors */
	int nfactor;
	int coded;                 /* the terms are a formula's coded columns */
	const char **dates;        /* the model's date columns, ndate */
	int ndate;
	const char *time_unit;     /* their unit: "s", "min", "h", "day", "week" */
	char *header_terms;        /* the terms of the last CSV header, joined */
	struct anova_row *anova;   /* --anova */
	int nanova;
	struct compare_info cmp;   /* --compare */
	int has_cmp;
	char **pred_at;            /* named predictions' texts (npred_at) */
	size_t npred_at;
	int series;                /* an --every update is out: the next is
	                              the series' next (CSV/TSV: no header) */
};

/*
 * The whole report step once the rows are in: solve, say what the user
 * should know (rows skipped, notes), write, check the gates.  Returns the
 * exit status, with any message printed.
 */
int report_run(struct report_state *rs, const struct report_opts *ro,
    const struct report_data *d);

/*
 * --every N: the fit so far, on standard output, flushed (a sink's tick).
 * Too few rows yet, or all x equal so far, print nothing: the stream
 * goes on.  Returns an exit status.
 */
int report_update(struct report_state *rs, const struct report_opts *ro,
    const struct report_data *d);

/* Free what the report step made (a zeroed state accepted). */
void report_state_free(struct report_state *rs);

#endif
