/*
 * options.h - the command line, read and checked before any input is
 * opened: what linreg is asked to do (struct options), from the one
 * table of options (struct opt_def) that getopt_long, --help and
 * --completion all read.
 */
#ifndef LINREG_OPTIONS_H
#define LINREG_OPTIONS_H

#include <getopt.h> /* no_argument, ... for struct opt_def */
#include <stdint.h>
#include <stdio.h>

#include "gates.h"
#include "opt_def.h"
#include "report.h"
#include "source.h"

enum command { CMD_FIT, CMD_MERGE };

/*
 * What the command line says, checked.  The pointers into argv stay
 * argv's; the arrays (in.col, in.gcol, predict, gates) are the
 * options' own until options_free, or until a caller takes them.
 */
struct options {
	enum command cmd;          /* fit, or "linreg merge" */
	char **files;              /* the FILE operands (argv's), nfiles of them; */
	int nfiles;                /* none: standard input */
	/*
	 * What the readers are given.  For a fit: the columns (nx
	 * predictors, y, the weight; -g's group columns) and the threads
	 * after the one-thread rule (options_one_thread).  For merge the
	 * columns come from the states: col is NULL, nx 0.
	 */
	struct input_opts in;
	int degree;                /* --degree, 1 without */
	int origin;                /* --origin */
	double level;              /* --level */
	char **predict;            /* --predict arguments, parsed by */
	int npredict;              /* options_predictions once nx is known */
	const char *predict_file;  /* --predict-file */
	enum out_format format;    /* --format, --json */
	int precision;             /* --precision, 0: the format's default */
	const char *output;        /* -o, NULL: standard output */
	uint64_t every;            /* --every N, 0: no updates */
	int fitted;                /* --fitted */
	struct plot_opts plot;     /* --plot, --ascii */
	const char *svg;           /* --svg FILE */
	struct gate *gates;        /* --fail-if, ngates of them */
	int ngates;
	int skip_invalid;          /* --skip-invalid */
	int progress;              /* 0 off, 1 on a terminal after 1 s, 2 forced */
	int exit_status;           /* after OPTIONS_DONE: the status to exit with */
	/* The model language (formula.h, model.h). */
	const char *formula;       /* -F, or the first operand with a '~' */
	const char *factors;       /* --factor COL[,COL...] */
	char **refs;               /* --ref COL=LEVEL, nrefs of them */
	int nrefs;
	int na_fail;               /* --na-action fail */
	double time_unit;          /* --time-unit, in seconds (1) */
	int anova;                 /* --anova */
	const char *compare;       /* --compare FORMULA */
	struct colspec wcol;       /* --weights, with a formula */
	char **owned;              /* strings made from the arguments, nowned */
	int nowned;
};

/*
 * options_parse's result when --help, --version or --completion has
 * done the whole job (its output printed): exit with o->exit_status.
 */
#define OPTIONS_DONE (-1)

/*
 * Read and check the command line (argv[1] "merge" is the subcommand).
 * Returns EX_OK to go on with the run; EX_USAGE after printing the
 * message and the "Try 'linreg --help'" hint; EX_OSERR when out of
 * memory; or OPTIONS_DONE.  Call options_free afterwards in every case.
 */
int options_parse(int argc, char **argv, struct options *o);

/* o takes p (a string made from its arguments), to free it with o; 0 or -1. */
int options_own(struct options *o, char *p);

/* Free what o holds (NULL pointers skipped); o is then empty. */
void options_free(struct options *o);

/*
 * The one rule for "this run reads with one thread": --every (rows in
 * order), --fitted (the sources are read twice), -g, --plot and --svg
 * (the same sample on every machine).  options_parse applies it to
 * o->in.threads.
 */
int options_one_thread(const struct options *o);

/*
 * The rows of --predict for nx predictors: values separated by commas,
 * rows by ';' (with one predictor every value is a row).  Each row goes
 * to add(ctx, x) (nonzero: out of memory).  Returns EX_OK, EX_USAGE
 * (message and hint printed) or EX_OSERR.  Cuts args in place.
 */
int options_predictions(char *const *args, int nargs, int nx,
    int (*add)(void *ctx, const double *x), void *ctx);


/* The table, in --help's order; *n: its length. */
const struct opt_def *options_table(int *n);

/* Write --help to out (no check of the write). */
void options_help(FILE *out);

#endif
