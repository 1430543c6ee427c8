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
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "completion.h"
#include "diag.h"
#include "gates.h"
#include "merge.h"
#include "number.h"
#include "plot.h"
#include "port.h"
#include "read_csv.h"
#include "report.h"
#include "sink.h"
#include "source.h"
#include "spool.h"

enum {
	OPT_WHITESPACE = CHAR_MAX + 1,
	OPT_HEADER,
	OPT_NO_HEADER,
	OPT_INPUT_FORMAT,
	OPT_ORIGIN,
	OPT_LEVEL,
	OPT_PREDICT,
	OPT_FORMAT,
	OPT_JSON,
	OPT_PRECISION,
	OPT_SKIP_INVALID,
	OPT_DEGREE,
	OPT_WEIGHTS,
	OPT_PREDICT_FILE,
	OPT_FAIL_IF,
	OPT_EVERY,
	OPT_COMPLETION,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_FITTED,
	OPT_PLOT,
	OPT_ASCII,
	OPT_SVG,
	OPT_MAX_RECORD
};

static struct colspec *x_columns(char *arg, int *nx);

/* Threads by default: the cores online. */
static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static const struct option long_options[] = {
	{"delimiter", required_argument, NULL, 'd'},
	{"whitespace", no_argument, NULL, OPT_WHITESPACE},
	{"header", no_argument, NULL, OPT_HEADER},
	{"no-header", no_argument, NULL, OPT_NO_HEADER},
	{"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
	{"origin", no_argument, NULL, OPT_ORIGIN},
	{"level", required_argument, NULL, OPT_LEVEL},
	{"predict", required_argument, NULL, OPT_PREDICT},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"json", no_argument, NULL, OPT_JSON},
	{"precision", required_argument, NULL, OPT_PRECISION},
	{"output", required_argument, NULL, 'o'},
	{"skip-invalid", no_argument, NULL, OPT_SKIP_INVALID},
	{"degree", required_argument, NULL, OPT_DEGREE},
	{"weights", required_argument, NULL, OPT_WEIGHTS},
	{"predict-file", required_argument, NULL, OPT_PREDICT_FILE},
	{"threads", required_argument, NULL, 'j'},
	{"max-record", required_argument, NULL, OPT_MAX_RECORD},
	{"fail-if", required_argument, NULL, OPT_FAIL_IF},
	{"every", required_argument, NULL, OPT_EVERY},
	{"group-by", required_argument, NULL, 'g'},
	{"completion", required_argument, NULL, OPT_COMPLETION},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
	{"fitted", no_argument, NULL, OPT_FITTED},
	{"plot", optional_argument, NULL, OPT_PLOT},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{"svg", required_argument, NULL, OPT_SVG},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0}
};

#ifdef __GNUC__
__attribute__((noreturn))
#endif
static void usage(int status);

static void usage(int status)
{
	if (status != EX_OK) {
		fputs("Try 'linreg --help' for more information.\n", stderr);
		exit(status);
	}
	fputs(
"Usage: linreg [OPTION]... [FILE]...\n"
"  or:  linreg merge [OPTION]... [STATE_FILE]...\n"
"Fit a least-squares line y = a + b*x (or several predictors, or a\n"
"polynomial) to data from FILEs (all read in order as one data set) or\n"
"standard input, and print the coefficients with standard errors, t and\n"
"p values, confidence intervals and fit statistics.  With no FILE, or\n"
"when FILE is -, read standard input.\n"
"\n"
"Input:\n"
"  -x COL[,COL...]         predictor columns: header names or 1-based\n"
"                          indices (default: the first column; JSON key\n"
"                          \"x\"); several fit y = b0 + b1*x1 + b2*x2 + ...\n"
"  -y COL                  response column (default: the second; key \"y\")\n"
"      --weights COL       weight column: weighted least squares (weights\n"
"                          must be positive)\n"
"      --input-format FMT  csv, tsv, json, ndjson or jsonl (default: from\n"
"                          the file extension, else from the first\n"
"                          non-blank byte)\n"
"  -d, --delimiter C       field delimiter for CSV (default ','; '\\t' or\n"
"                          'tab' = tab; .tsv files default to tab)\n"
"      --whitespace        fields are separated by runs of spaces and tabs\n"
"      --header            the first row is a header\n"
"      --no-header         the first row is data (default: it is a header\n"
"                          when a selected field is not a number)\n"
"  -g, --group-by COL[,COL...]  one fit per distinct value of the columns\n"
"                          (text), in first-seen order\n"
"      --skip-invalid      skip rows with missing or non-numeric values,\n"
"                          count them and say so on standard error\n"
"  -j, --threads N         read a large regular file (CSV/TSV) in N pieces\n"
"                          at once and merge the fits (default: the number\n"
"                          of cores; 1 for standard input)\n"
"      --max-record SIZE   longest line or JSON value read, in bytes, or\n"
"                          with K, M or G (default 64M); longer is an error\n"
"\n"
"Model:\n"
"      --degree N          polynomial y = b0 + b1*x + ... + bN*x^N in the\n"
"                          one predictor (default 1: a line)\n"
"      --origin            no intercept: y = b*x (R^2 is then uncentred)\n"
"      --level L           confidence level of intervals (default 0.95)\n"
"      --predict X[,X...]  predict y at these x, with confidence and\n"
"                          prediction intervals (repeatable); with several\n"
"                          predictors, rows A,B,C separated by ';'\n"
"      --predict-file FILE predict at the rows of FILE (CSV/TSV/whitespace;\n"
"                          columns by -x names when it has a header)\n"
"\n", stdout);
	/* Two pieces: C99 promises string literals of 4095 bytes only. */
	fputs(
"Output:\n"
"      --format FMT        text (default), json, csv, tsv, or state: the\n"
"                          partial fit, exact, for linreg merge\n"
"      --json              same as --format json\n"
"      --precision N       significant digits in text (default 6) and\n"
"                          CSV (default: as many as round-trip); JSON\n"
"                          always has round-trip digits\n"
"  -o, --output FILE       write to FILE (replaced only when complete)\n"
"      --every N           print an updated fit after every N rows (to\n"
"                          follow a live stream: tail -f log | linreg ...)\n"
"      --fitted            instead of the report, every data row again with\n"
"                          fit, residual, std_residual and leverage appended\n"
"                          (delimited in, delimited out; JSON in, JSON Lines)\n"
"      --plot[=COLSxLINES] after the text report, draw the points and the\n"
"                          fitted line in braille dots, in a box of COLS\n"
"                          columns by LINES lines\n"
"                          (default: the terminal's width, 24 lines)\n"
"      --ascii             draw --plot in plain ASCII ('*' points, '.' line)\n"
"      --svg FILE          write a picture as SVG: the points, the fitted\n"
"                          line, its confidence band, axes and names (FILE\n"
"                          '-': standard output, in place of the report)\n"
"      --fail-if EXPR      exit 1 when EXPR holds, e.g. 'r2<0.9', 'p:x>0.05',\n"
"                          'n<30' (statistics as named in the JSON output;\n"
"                          coef:TERM, se:TERM, t:TERM, p:TERM); repeatable;\n"
"                          the fit is printed either way\n"
"      --progress          show bytes, rows, rate and time left on standard\n"
"                          error (default: on a terminal, after a second)\n"
"      --no-progress       never show progress\n"
"      --completion SHELL  print the completion script for bash, zsh or fish\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"linreg merge combines partial fits written by --format state (files, or\n"
"standard input; several may follow each other in one stream) into the\n"
"fit of all their data, printed in any format, or as a state again.\n"
"\n"
"Exit status: 0 success, 1 a --fail-if condition holds, 64 usage error,\n"
"65 data error (bad value, too few points, all x equal, collinear\n"
"predictors), 66 cannot read input, 70 internal error, 71 out of memory,\n"
"74 write error.  See linreg(1) for formats, JSON keys and examples.\n",
	    stdout);
	/* Help to a full disk is a failed write too. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg("standard output: write error: %s", strerror(errno));
		exit(EX_IOERR);
	}
	exit(EX_OK);
}

/* A strict number from an option, or a usage error naming the option. */
static double opt_number(const char *opt, const char *arg)
{
	double v;
	if (num_parse(arg, strlen(arg), &v) != NUM_OK) {
		msg("%s: invalid number '%s'", opt, arg);
		usage(EX_USAGE);
	}
	return v;
}

static void column_spec(struct colspec *c, const char *arg, const char *opt)
{
	const char *p = arg;
	if (!*arg) {
		msg("%s: empty column name", opt);
		usage(EX_USAGE);
	}
	c->name = arg;
	c->index = 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (!*p) {
		long v = strtol(arg, NULL, 10);
		if (v < 1 || v > INT_MAX) {
			msg("%s: column index must be 1 or more, got '%s'",
			    opt, arg);
			usage(EX_USAGE);
		}
		c->index = v;
	}
}

static int parse_delim(const char *arg)
{
	if (!strcmp(arg, "\\t") || !strcmp(arg, "tab") || !strcmp(arg, "\t"))
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' ||
	    arg[0] == '\r') {
		msg("--delimiter: expected one character (or '\\t'), got '%s'",
		    arg);
		usage(EX_USAGE);
	}
	return (unsigned char)arg[0];
}

/*
 * The x rows of --predict: values separated by commas, rows by ';'.
 * With one predictor every value is a row ("4.5,6.5" is two rows).
 */
static void add_predictions(struct sink *s, char *arg)
{
	char *rsave = NULL, *save = NULL, *rowtok, *tok;
	size_t before = s->pred.n;

	double *x = calloc((size_t)s->nx, sizeof *x);

	if (!x)
		exit(oom());
	for (rowtok = strtok_r(arg, ";", &rsave); rowtok;
	    rowtok = strtok_r(NULL, ";", &rsave)) {
		int n = 0;
		for (tok = strtok_r(rowtok, ",", &save); tok;
		    tok = strtok_r(NULL, ",", &save)) {
			double v = opt_number("--predict", tok);
			if (s->nx == 1) {
				if (sink_predict(s, &v))
					exit(oom());
			} else if (n < s->nx) {
				x[n] = v;
			}
			n++;
		}
		if (s->nx > 1 && n != s->nx) {
			msg("--predict: expected %d values (one per predictor) "
			    "in each row, got %d", s->nx, n);
			usage(EX_USAGE);
		}
		if (s->nx > 1 && sink_predict(s, x))
			exit(oom());
	}
	free(x);
	if (s->pred.n == before) {
		msg("--predict: expected x values separated by commas");
		usage(EX_USAGE);
	}
}

/*
 * The next comma-separated item of *p, with "\," standing for a comma
 * inside a name; NULL at the end.  Unescapes in place.
 */
static char *next_item(char **p)
{
	char *start = *p, *r, *w;
	if (!start)
		return NULL;
	for (r = w = start; *r && *r != ','; r++, w++) {
		if (r[0] == '\\' && r[1] == ',')
			r++;
		*w = *r;
	}
	*p = *r ? r + 1 : NULL;
	*w = '\0';
	return start;
}

/* Split the -x list into column specs. */
static struct colspec *x_columns(char *arg, int *nx)
{
	struct colspec *c = NULL;
	char *p = arg, *tok;
	int n = 0;

	while ((tok = next_item(&p)) != NULL) {
		struct colspec *nc = realloc(c, (size_t)(n + 1) * sizeof *c);
		if (!nc)
			exit(oom());
		c = nc;
		memset(&c[n], 0, sizeof *c);
		column_spec(&c[n++], tok, "-x");
	}
	if (n == 0) {
		msg("-x: expected column names or indices");
		usage(EX_USAGE);
	}
	*nx = n;
	return c;
}

/*
 * --plot=COLSxLINES: two whole numbers within the limits, or a usage error.
 * Without a value, the terminal's size.
 */
static void plot_size(const char *arg, struct plot_opts *po)
{
	char *end;
	long w, h;

	po->on = 1;
	if (!arg) {
		plot_default_size(&po->width, &po->height);
		return;
	}
	w = strtol(arg, &end, 10);
	if (end == arg || (*end != 'x' && *end != 'X') || !(end[1] >= '0' &&
	    end[1] <= '9') || *arg < '0' || *arg > '9')
		goto bad;
	h = strtol(end + 1, &end, 10);
	if (*end || w < PLOT_MIN_WIDTH || w > PLOT_MAX_SIZE ||
	    h < PLOT_MIN_HEIGHT || h > PLOT_MAX_SIZE)
		goto bad;
	po->width = (int)w;
	po->height = (int)h;
	return;
bad:
	msg("--plot: expected COLSxLINES, e.g. --plot=80x24, from %dx%d "
	    "to %dx%d, got '%s'", PLOT_MIN_WIDTH, PLOT_MIN_HEIGHT,
	    PLOT_MAX_SIZE, PLOT_MAX_SIZE, arg);
	usage(EX_USAGE);
}

/* Everything main() owns, freed in one place. */
struct run {
	struct input_opts in;
	struct sink s;
	struct colspec *xcols;
	char **pred_args;          /* --predict arguments, parsed once nx is known */
	int npred_args;
	const char *pred_file;
	struct gate *gates;        /* --fail-if */
	int ngates;
	/* What an update of --every needs: */
	enum out_format fmt;
	double level;
	int precision, degree, origin;
	struct report_state rep;   /* what the report step made (--every's too) */
	/* --plot and --svg: the sample of the points, and where they go. */
	struct plot_sample plot;
	struct plot_opts po;
	const char *svg;
	/* --fitted: the sources, read twice (spool.h). */
	struct source *src;
	int nsrc;
};

/* What the report step is given, from the run's options and data. */
static void report_args(struct run *rn, struct report_opts *ro,
    struct report_data *d)
{
	memset(ro, 0, sizeof *ro);
	ro->fmt = rn->fmt;
	ro->svg = rn->svg;
	ro->po = rn->po;
	ro->level = rn->level;
	ro->precision = rn->precision;
	ro->gates = rn->gates;
	ro->ngates = rn->ngates;
	memset(d, 0, sizeof *d);
	d->s = &rn->s;
	d->degree = rn->degree;
	d->origin = rn->origin;
	d->plot = &rn->plot;
	d->in = &rn->in;
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

/*
 * The rows are in, read or merged: the report step, to outpath (-o);
 * merged: they come from linreg merge; fitted: --fitted.
 */
static int run_report(struct run *rn, const char *outpath, int merged,
    int fitted)
{
	struct report_opts ro;
	struct report_data d;
	int status;

	/* No source had rows: default names for the messages. */
	if ((status = sink_names_or_default(&rn->s, &rn->in, NULL)))
		return status;
	report_args(rn, &ro, &d);
	ro.outpath = outpath;
	ro.merged = merged;
	ro.fitted = fitted;
	return report_run(&rn->rep, &ro, &d);
}

/* Everything main() owns, freed (after a run, or at any point of it). */
static void run_free(struct run *rn)
{
	int i;
	report_state_free(&rn->rep);
	plot_sample_free(&rn->plot);
	free(rn->pred_args);
	for (i = 0; i < rn->nsrc; i++)
		source_close(&rn->src[i]);
	free(rn->src);
	free(rn->in.gcol);
	for (i = 0; i < rn->ngates; i++)
		gate_free(&rn->gates[i]);
	free(rn->gates);
	free(rn->xcols);
	free(rn->in.col);
	sink_free(&rn->s);
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

int main(int argc, char **argv)
{
	struct run rn;
	struct input_opts *in = &rn.in;
	struct sink *s = &rn.s;
	enum out_format fmt = OUT_TEXT;
	const char *outpath = NULL;
	double level = 0.95;
	int c, i, origin = 0, precision = 0, degree = 1, status = EX_OK;
	lr_status st;
	struct colspec ycol, wcol;
	char *xarg = NULL, *garg = NULL;
	int merge = 0, model_opt = 0, progress_opt = 0, fitted = 0;
	int ascii = 0, svg_stdout;

	/*
	 * In a pipeline whose reader has gone (linreg big.csv | head -c1),
	 * end quietly by SIGPIPE as other filters do, even when the parent
	 * (some CI runners) left SIGPIPE ignored.
	 */
	signal(SIGPIPE, SIG_DFL);
	/* Temporary files are removed when a signal ends linreg. */
	cleanup_init();
	reserve_std_fds();
	if (argc > 1 && strcmp(argv[1], "merge") == 0) {
		merge = 1;
		argv++;
		argc--;
	}
	memset(&rn, 0, sizeof rn);
	memset(&ycol, 0, sizeof ycol);
	memset(&wcol, 0, sizeof wcol);
	in->header = -1;
	ycol.deflt = "y";
	ycol.defindex = 2;

	in->threads = default_threads();
	while ((c = getopt_long(argc, argv, "x:y:d:o:j:g:hV", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'x':
			xarg = optarg;
			model_opt = 1;
			break;
		case 'g':
			garg = optarg;
			break;
		case 'y':
			column_spec(&ycol, optarg, "-y");
			model_opt = 1;
			break;
		case 'd':
			in->delim = parse_delim(optarg);
			break;
		case OPT_WHITESPACE:
			in->delim = CSV_WHITESPACE;
			break;
		case OPT_HEADER:
			in->header = 1;
			break;
		case OPT_NO_HEADER:
			in->header = 0;
			break;
		case OPT_INPUT_FORMAT:
			if (!strcmp(optarg, "csv"))
				in->format = FMT_CSV;
			else if (!strcmp(optarg, "tsv"))
				in->format = FMT_TSV;
			else if (!strcmp(optarg, "json"))
				in->format = FMT_JSON;
			else if (!strcmp(optarg, "ndjson") ||
			    !strcmp(optarg, "jsonl"))
				in->format = FMT_NDJSON;
			else {
				msg("--input-format: expected csv, tsv, json "
				    "or ndjson, got '%s'", optarg);
				usage(EX_USAGE);
			}
			break;
		case OPT_ORIGIN:
			origin = 1;
			model_opt = 1;
			break;
		case OPT_LEVEL:
			level = opt_number("--level", optarg);
			if (!(level > 0 && level < 1)) {
				msg("--level: must be between 0 and 1 "
				    "(e.g. 0.95), got '%s'", optarg);
				usage(EX_USAGE);
			}
			break;
		case OPT_PREDICT: {
			char **pa = realloc(rn.pred_args,
			    (size_t)(rn.npred_args + 1) * sizeof *pa);
			if (!pa) {
				status = oom();
				goto end;
			}
			rn.pred_args = pa;
			pa[rn.npred_args++] = optarg;
			break;
		}
		case OPT_PREDICT_FILE:
			rn.pred_file = optarg;
			break;
		case OPT_FITTED:
			fitted = 1;
			break;
		case OPT_PLOT:
			plot_size(optarg, &rn.po);
			break;
		case OPT_ASCII:
			ascii = 1;
			break;
		case OPT_SVG:
			if (!*optarg) {
				msg("--svg: expected a file name ('-': standard "
				    "output)");
				usage(EX_USAGE);
			}
			rn.svg = optarg;
			break;
		case OPT_PROGRESS:
			s->progress.mode = 2;
			progress_opt = 1;
			break;
		case OPT_NO_PROGRESS:
			s->progress.mode = 0;
			progress_opt = 1;
			break;
		case OPT_COMPLETION:
			if (write_completion(stdout, optarg, long_options)) {
				msg("--completion: expected bash, zsh or fish, "
				    "got '%s'", optarg);
				usage(EX_USAGE);
			}
			status = fflush(stdout) != 0 || ferror(stdout) ? EX_IOERR :
			    EX_OK;
			goto end;
		case OPT_EVERY: {
			double v = opt_number("--every", optarg);
			if (v != floor(v) || v < 1 || v > 1e15) {
				msg("--every: expected a whole number of rows, "
				    "got '%s'", optarg);
				usage(EX_USAGE);
			}
			s->every = s->next_every = (uint64_t)v;
			break;
		}
		case OPT_FAIL_IF: {
			struct gate *g = realloc(rn.gates,
			    (size_t)(rn.ngates + 1) * sizeof *g);
			if (!g) {
				status = oom();
				goto end;
			}
			rn.gates = g;
			if (gate_parse(optarg, &g[rn.ngates]) < 0) {
				msg("--fail-if: expected NAME OP NUMBER with OP "
				    "one of < <= > >= == != (e.g. 'r2<0.9'), got "
				    "'%s'", optarg);
				usage(EX_USAGE);
			}
			rn.ngates++;
			break;
		}
		case OPT_DEGREE: {
			double v = opt_number("--degree", optarg);
			if (v != floor(v) || v < 1 || v > 30) {
				msg("--degree: expected a whole number from 1 "
				    "to 30, got '%s'", optarg);
				usage(EX_USAGE);
			}
			degree = (int)v;
			model_opt = 1;
			break;
		}
		case 'j': {
			double v = opt_number("--threads", optarg);
			if (v != floor(v) || v < 1 || v > 256) {
				msg("--threads: expected a whole number from 1 "
				    "to 256, got '%s'", optarg);
				usage(EX_USAGE);
			}
			in->threads = (int)v;
			break;
		}
		case OPT_MAX_RECORD:
			if (num_parse_size(optarg, &in->max_record) != 0) {
				msg("--max-record: expected a size such as 65536, "
				    "64K, 64M or 1G, got '%s'", optarg);
				usage(EX_USAGE);
			}
			break;
		case OPT_WEIGHTS:
			column_spec(&wcol, optarg, "--weights");
			model_opt = 1;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				fmt = OUT_TEXT;
			else if (!strcmp(optarg, "json"))
				fmt = OUT_JSON;
			else if (!strcmp(optarg, "csv"))
				fmt = OUT_CSV;
			else if (!strcmp(optarg, "tsv"))
				fmt = OUT_TSV;
			else if (!strcmp(optarg, "state"))
				fmt = OUT_STATE;
			else {
				msg("--format: expected text, json, csv, tsv "
				    "or state, got '%s'", optarg);
				usage(EX_USAGE);
			}
			break;
		case OPT_JSON:
			fmt = OUT_JSON;
			break;
		case OPT_PRECISION: {
			double v = opt_number("--precision", optarg);
			if (v != floor(v) || v < 1 || v > 17) {
				msg("--precision: expected a whole number "
				    "from 1 to 17, got '%s'", optarg);
				usage(EX_USAGE);
			}
			precision = (int)v;
			break;
		}
		case 'o':
			if (!*optarg) {
				msg("-o: expected a file name ('-': standard "
				    "output)");
				usage(EX_USAGE);
			}
			outpath = optarg;
			break;
		case OPT_SKIP_INVALID:
			s->skip_invalid = 1;
			break;
		case 'h':
			usage(EX_OK);
			break;
		case 'V':
			printf("linreg %s\n", LR_VERSION);
			status = EX_OK;
			if (fflush(stdout) != 0 || ferror(stdout)) {
				msg("standard output: write error: %s",
				    strerror(errno));
				status = EX_IOERR;
			}
			goto end;
		default:
			usage(EX_USAGE);
		}
	}

	if (!progress_opt)
		s->progress.mode = isatty(STDERR_FILENO) ? 1 : 0;
	rn.fmt = fmt;
	rn.level = level;
	rn.precision = precision;
	if (s->every) {
		if (outpath || fmt == OUT_STATE || merge) {
			msg("--every: updates go to standard output, as they "
			    "come; it does not combine with -o, --format state "
			    "or merge");
			usage(EX_USAGE);
		}
		in->threads = 1; /* rows in order */
		s->tick = every_update;
		s->tick_ctx = &rn;
	}
	if (fitted && (merge || s->every || fmt == OUT_STATE || garg)) {
		msg("--fitted: the rows of one fit; it does not combine with "
		    "merge, --every, --format state or -g");
		usage(EX_USAGE);
	}
	rn.po.ascii = ascii;
	svg_stdout = rn.svg && !strcmp(rn.svg, "-");
	if (ascii && !rn.po.on) {
		msg("--ascii: chooses the characters of --plot; give --plot too");
		usage(EX_USAGE);
	}
	if ((rn.po.on || rn.svg) && (merge || s->every || fmt == OUT_STATE ||
	    garg)) {
		msg("%s: draws the points of one fit as they are read; it does "
		    "not combine with merge, --every, --format state or -g",
		    rn.po.on ? "--plot" : "--svg");
		usage(EX_USAGE);
	}
	if (rn.po.on && (fmt != OUT_TEXT || fitted)) {
		msg("--plot: the picture follows the text report; it does not "
		    "combine with --format json, csv or tsv, or --fitted (use "
		    "--svg FILE with those)");
		usage(EX_USAGE);
	}
	if (svg_stdout && (rn.po.on || fitted || (outpath &&
	    !strcmp(outpath, "-")))) {
		msg("--svg -: the picture takes standard output, which --plot, "
		    "--fitted or -o - want too: give --svg a file name");
		usage(EX_USAGE);
	}
	if (rn.pred_file && !strcmp(rn.pred_file, "-")) {
		for (i = optind; i < argc && strcmp(argv[i], "-") != 0; i++)
			;
		if (optind == argc || i < argc) {
			msg("--predict-file -: standard input would be read for "
			    "both the predictions and the %s: give one of them as "
			    "a file", merge ? "states" : "data");
			usage(EX_USAGE);
		}
	}
	if (fitted)
		in->threads = 1; /* and the sources are read twice: spool.h */
	if (merge) {
		if (model_opt) {
			msg("merge: the model and its columns come from the "
			    "state files; -x, -y, --weights, --degree and "
			    "--origin are for fitting data");
			usage(EX_USAGE);
		}
		/* The model comes from the states: set there, once. */
		status = cmd_merge(argv + optind, argc - optind, in, s,
		    &rn.degree, &rn.origin);
		/* The predictions need the states' number of predictors. */
		for (i = 0; i < rn.npred_args && !status; i++)
			add_predictions(s, rn.pred_args[i]);
		if (!status && rn.pred_file)
			status = read_predictions(rn.pred_file, in, s);
		if (!status)
			status = run_report(&rn, outpath, 1, 0);
		goto end;
	}

	/* The columns: predictors, y, the weight. */
	if (xarg) {
		rn.xcols = x_columns(xarg, &in->nx);
	} else {
		in->nx = 1;
		rn.xcols = calloc(1, sizeof *rn.xcols);
		if (!rn.xcols) {
			status = oom();
			goto end;
		}
	}
	rn.xcols[0].deflt = "x";
	rn.xcols[0].defindex = 1;
	if (in->nx > 1 && !ycol.name) {
		msg("-y: with several predictors, name the response column");
		usage(EX_USAGE);
	}
	if (degree >= 2 && in->nx != 1) {
		msg("--degree: a polynomial takes one predictor, got %d",
		    in->nx);
		usage(EX_USAGE);
	}
	if ((rn.po.on || rn.svg) && in->nx != 1) {
		msg("%s: draws y against one predictor, got %d (plot y against "
		    "the fit column of --fitted instead)", rn.po.on ? "--plot" :
		    "--svg", in->nx);
		usage(EX_USAGE);
	}
	in->weighted = wcol.name != NULL;
	in->ncols = in->nx + 1 + in->weighted;
	in->col = calloc((size_t)in->ncols, sizeof *in->col);
	if (!in->col) {
		status = oom();
		goto end;
	}
	for (i = 0; i < in->nx; i++)
		in->col[i] = rn.xcols[i];
	in->col[in->nx] = ycol;
	if (in->weighted)
		in->col[in->nx + 1] = wcol;
	for (i = 0; i < in->ncols; i++)
		if (in->header == 0 && in->col[i].name && !in->col[i].index) {
			msg("--no-header: columns must then be given by "
			    "number");
			usage(EX_USAGE);
		}
	/* The same column twice (e.g. -x y, or -x 2 with the default -y 2). */
	for (i = 0; i < in->ncols; i++) {
		int k;
		for (k = 0; k < i; k++) {
			const struct colspec *a = &in->col[k], *b = &in->col[i];
			long ia = a->name ? a->index : a->defindex;
			long ib = b->name ? b->index : b->defindex;
			const char *na = a->name ? a->name : a->deflt;
			const char *nb = b->name ? b->name : b->deflt;
			if ((ia && ia == ib) || (!ia && !ib && na && nb &&
			    !strcmp(na, nb))) {
				msg("column '%s' is selected twice: give -x, -y "
				    "and --weights different columns", nb ? nb :
				    "?");
				usage(EX_USAGE);
			}
		}
	}
	if (garg) {
		in->gcol = x_columns(garg, &in->ngroup);
		for (i = 0; i < in->ngroup; i++) {
			int k;
			for (k = 0; k < in->ncols; k++)
				if ((in->gcol[i].name && in->col[k].name &&
				    !strcmp(in->gcol[i].name, in->col[k].name)) ||
				    (in->gcol[i].index && in->gcol[i].index ==
				    (in->col[k].name ? in->col[k].index :
				    in->col[k].defindex))) {
					msg("-g: column '%s' is also in the model",
					    in->gcol[i].name);
					usage(EX_USAGE);
				}
		}
		s->groups.ncols = in->ngroup;
		s->gval = calloc((size_t)in->ngroup, sizeof *s->gval);
		s->glen = calloc((size_t)in->ngroup, sizeof *s->glen);
		if (!s->gval || !s->glen) {
			status = oom();
			goto end;
		}
		if (s->every) {
			msg("--every: not with -g");
			usage(EX_USAGE);
		}
		in->threads = 1;
	}
	if (rn.po.on || rn.svg) {
		if (plot_sample_init(&rn.plot, PLOT_SAMPLE_MAX)) {
			status = oom();
			goto end;
		}
		s->plot = &rn.plot;
		/* One reader: the same sample on every machine, whatever -j. */
		in->threads = 1;
	}
	in->skip_invalid = s->skip_invalid;
	s->nx = in->nx;
	s->ncols = in->ncols;
	s->weighted = in->weighted;
	s->spec.nx = in->nx;
	s->spec.degree = degree >= 2 ? degree : 0;
	s->spec.flags = origin ? LR_NO_INTERCEPT : 0;
	for (i = 0; i < rn.npred_args; i++)
		add_predictions(s, rn.pred_args[i]);

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
		int n = optind == argc ? 1 : argc - optind;
		rn.src = calloc((size_t)n, sizeof *rn.src);
		if (!rn.src) {
			status = oom();
			goto end;
		}
		while (rn.nsrc < n && !status) {
			rn.nsrc++;
			status = source_first(&rn.src[rn.nsrc - 1], optind == argc ?
			    "-" : argv[optind + rn.nsrc - 1], in, s);
		}
	} else {
		if (optind == argc)
			status = read_source("-", in, s);
		for (i = optind; i < argc && !status; i++)
			status = read_source(argv[i], in, s);
	}
	progress_end(&s->progress, s->rows_read);
	if (!status)
		status = sink_flush(s);
	if (!status)
		status = run_report(&rn, outpath, 0, fitted);
end:
	run_free(&rn);
	return status;
}
