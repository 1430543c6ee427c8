/*
 * options.c - the command line: from argv to a checked struct options,
 * before any input is opened.  Its one job is to say what the run is
 * asked to do, or why it cannot be asked that; it reads no data and
 * fits nothing.
 *
 * Why one table (opt_table below): each option's long name, letter,
 * argument and help text are written once, and getopt_long's table,
 * --help and the --completion scripts (completion.c) are all made from
 * it, so they cannot drift apart; tests/unit/test_options.c checks the
 * table against the OPTIONS of man/linreg.1 as well.  The table is in
 * --help's order; `rank` keeps getopt_long's order, which the scripts
 * follow and getopt's "ambiguous" message lists, as they were before
 * the table (a new option takes the next rank).
 *
 * Why the checks live here: an option that excludes another, a column
 * given twice, -g on a column of the model, ... are all facts of the
 * command line.  They run in the order linreg has always run them, so
 * the first message printed stays the same.  Nothing here exits: every
 * function returns an exit status, and main() decides.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "completion.h"
#include "diag.h"
#include "number.h"
#include "options.h"
#include "plot.h"
#include "read_csv.h"

/* What getopt_long returns for the options without a letter. */
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
	OPT_MAX_RECORD,
	OPT_FORMULA,
	OPT_FACTOR,
	OPT_REF,
	OPT_NA,
	OPT_NA_ACTION,
	OPT_TIME_UNIT,
	OPT_ANOVA,
	OPT_COMPARE,
	OPT_DECIMAL_COMMA
};

#define NO no_argument
#define REQ required_argument
#define OPT optional_argument

/* Every option, in --help's order (options.h: struct opt_def). */
static const struct opt_def opt_table[] = {
	{ NULL, 'x', 'x', REQ, "COL[,COL...]", "Input", -1, NULL,
	  "predictor columns",
	  "predictor columns: header names or 1-based\n"
	  "indices (default: the first column; JSON key\n"
	  "\"x\"); several fit y = b0 + b1*x1 + b2*x2 + ..." },
	{ NULL, 'y', 'y', REQ, "COL", NULL, -1, NULL, "response column",
	  "response column (default: the second; key \"y\")" },
	{ "weights", 0, OPT_WEIGHTS, REQ, "COL", NULL, 14, NULL, NULL,
	  "weight column: weighted least squares (weights\n"
	  "must be positive)" },
	{ "input-format", 0, OPT_INPUT_FORMAT, REQ, "FMT", NULL, 4,
	  "csv tsv json ndjson jsonl", NULL,
	  "csv, tsv, json, ndjson or jsonl (default: from\n"
	  "the file extension, else from the first\n"
	  "non-blank byte)" },
	{ "delimiter", 'd', 'd', REQ, "C", NULL, 0, NULL, NULL,
	  "field delimiter for CSV (default ','; '\\t' or\n"
	  "'tab' = tab; .tsv files default to tab; without\n"
	  "a .csv/.tsv name, from the first line: ',', tab\n"
	  "or blanks)" },
	{ "whitespace", 0, OPT_WHITESPACE, NO, NULL, NULL, 1, NULL, NULL,
	  "fields are separated by runs of spaces and tabs" },
	{ "decimal-comma", 0, OPT_DECIMAL_COMMA, NO, NULL, NULL, 30, NULL, NULL,
	  "numbers in delimited data (and --predict-file)\n"
	  "have a decimal comma: 1,58 is 1.58; the\n"
	  "delimiter is then ';' unless -d is given" },
	{ "header", 0, OPT_HEADER, NO, NULL, NULL, 2, NULL, NULL,
	  "the first row is a header" },
	{ "no-header", 0, OPT_NO_HEADER, NO, NULL, NULL, 3, NULL, NULL,
	  "the first row is data (default: it is a header\n"
	  "when a selected field is not a number)" },
	{ "group-by", 'g', 'g', REQ, "COL[,COL...]", NULL, 20, NULL, NULL,
	  "one fit per distinct value of the columns\n"
	  "(text), in first-seen order" },
	{ "skip-invalid", 0, OPT_SKIP_INVALID, NO, NULL, NULL, 12, NULL, NULL,
	  "skip rows with invalid (non-numeric) values,\n"
	  "count them and say so on standard error\n"
	  "(missing values are left out without it)" },
	{ "threads", 'j', 'j', REQ, "N", NULL, 16, NULL, NULL,
	  "read a large regular file (CSV/TSV) in N pieces\n"
	  "at once and merge the fits (default: the number\n"
	  "of cores; 1 for standard input)" },
	{ "max-record", 0, OPT_MAX_RECORD, REQ, "SIZE", NULL, 17, NULL, NULL,
	  "longest line or JSON value read, in bytes, or\n"
	  "with K, M or G (default 64M); longer is an error" },
	{ "na", 0, OPT_NA, REQ, "TOKENS", NULL, 34, NULL, NULL,
	  "comma-separated cells that mean a missing value\n"
	  "(default: NA and the empty cell; JSON null always)" },
	{ "na-action", 0, OPT_NA_ACTION, REQ, "ACTION", NULL, 35, "omit fail",
	  NULL,
	  "omit (default): leave out and count rows with a\n"
	  "missing value; fail: a missing value is an error" },

	{ "formula", 'F', 'F', REQ, "FORMULA", "Model", 31, NULL, NULL,
	  "an R model formula, e.g. 'mpg ~ wt * hp',\n"
	  "'log(y) ~ log(x)', 'len ~ supp + factor(dose)',\n"
	  "'y ~ .' (also as the first operand when it has\n"
	  "a '~' and is no file); see linreg(1)" },
	{ "factor", 0, OPT_FACTOR, REQ, "COL[,COL...]", NULL, 32, NULL, NULL,
	  "treat these columns as categorical (factors)\n"
	  "even when they hold numbers" },
	{ "ref", 0, OPT_REF, REQ, "COL=LEVEL", NULL, 33, NULL, NULL,
	  "the reference level of a factor (default: the\n"
	  "first in byte order); repeatable" },
	{ "time-unit", 0, OPT_TIME_UNIT, REQ, "UNIT", NULL, 36,
	  "s min h day week", NULL,
	  "dates and times as predictors count in UNIT:\n"
	  "s (default), min, h, day or week since the\n"
	  "Unix epoch" },
	{ "anova", 0, OPT_ANOVA, NO, NULL, NULL, 37, NULL, NULL,
	  "add the sequential analysis-of-variance table\n"
	  "(as R's anova(lm))" },
	{ "compare", 0, OPT_COMPARE, REQ, "FORMULA", NULL, 38, NULL, NULL,
	  "F test of the smaller, nested model FORMULA\n"
	  "against the fitted one (as R's anova(m0, m1))" },
	{ "degree", 0, OPT_DEGREE, REQ, "N", NULL, 13, NULL, NULL,
	  "polynomial y = b0 + b1*x + ... + bN*x^N in the\n"
	  "one predictor (default 1: a line)" },
	{ "origin", 0, OPT_ORIGIN, NO, NULL, NULL, 5, NULL, NULL,
	  "no intercept: y = b*x (R^2 is then uncentred)" },
	{ "level", 0, OPT_LEVEL, REQ, "L", NULL, 6, NULL, NULL,
	  "confidence level of intervals (default 0.95)" },
	{ "predict", 0, OPT_PREDICT, REQ, "X[,X...]", NULL, 7, NULL, NULL,
	  "predict y at these x, with confidence and\n"
	  "prediction intervals (repeatable); with several\n"
	  "predictors, rows A,B,C separated by ';'" },
	{ "predict-file", 0, OPT_PREDICT_FILE, REQ, "FILE", NULL, 15, "", NULL,
	  "predict at the rows of FILE (CSV/TSV/whitespace;\n"
	  "columns by -x names when it has a header)" },

	{ "format", 0, OPT_FORMAT, REQ, "FMT", "Output", 8,
	  "text json csv tsv state", NULL,
	  "text (default), json, csv, tsv, or state: the\n"
	  "partial fit, exact, for linreg merge" },
	{ "json", 0, OPT_JSON, NO, NULL, NULL, 9, NULL, NULL,
	  "same as --format json" },
	{ "precision", 0, OPT_PRECISION, REQ, "N", NULL, 10, NULL, NULL,
	  "significant digits in text (default 6) and\n"
	  "CSV (default: as many as round-trip); JSON\n"
	  "always has round-trip digits" },
	{ "output", 'o', 'o', REQ, "FILE", NULL, 11, "", NULL,
	  "write to FILE (replaced only when complete)" },
	{ "every", 0, OPT_EVERY, REQ, "N", NULL, 19, NULL, NULL,
	  "print an updated fit after every N rows (to\n"
	  "follow a live stream: tail -f log | linreg ...)" },
	{ "fitted", 0, OPT_FITTED, NO, NULL, NULL, 24, NULL, NULL,
	  "instead of the report, every data row again with\n"
	  "fit, residual, std_residual and leverage appended\n"
	  "(delimited in, delimited out; JSON in, JSON Lines)" },
	{ "plot", 0, OPT_PLOT, OPT, "COLSxLINES", NULL, 25, NULL, NULL,
	  "after the text report, draw the points and the\n"
	  "fitted line in braille dots, in a box of COLS\n"
	  "columns by LINES lines\n"
	  "(default: the terminal's width, 24 lines)" },
	{ "ascii", 0, OPT_ASCII, NO, NULL, NULL, 26, NULL, NULL,
	  "draw --plot in plain ASCII ('*' points, '.' line)" },
	{ "svg", 0, OPT_SVG, REQ, "FILE", NULL, 27, "", NULL,
	  "write a picture as SVG: the points, the fitted\n"
	  "line, its confidence band, axes and names (FILE\n"
	  "'-': standard output, in place of the report)" },
	{ "fail-if", 0, OPT_FAIL_IF, REQ, "EXPR", NULL, 18, NULL, NULL,
	  "exit 1 when EXPR holds, e.g. 'r2<0.9', 'p:x>0.05',\n"
	  "'n<30' (statistics as named in the JSON output;\n"
	  "coef:TERM, se:TERM, t:TERM, p:TERM); repeatable;\n"
	  "the fit is printed either way" },
	{ "progress", 0, OPT_PROGRESS, NO, NULL, NULL, 22, NULL, NULL,
	  "show bytes, rows, rate and time left on standard\n"
	  "error (default: on a terminal, after a second)" },
	{ "no-progress", 0, OPT_NO_PROGRESS, NO, NULL, NULL, 23, NULL, NULL,
	  "never show progress" },
	{ "completion", 0, OPT_COMPLETION, REQ, "SHELL", NULL, 21, NULL, NULL,
	  "print the completion script for bash, zsh or fish" },
	{ "help", 'h', 'h', NO, NULL, NULL, 28, NULL, NULL,
	  "show this help and exit" },
	{ "version", 'V', 'V', NO, NULL, NULL, 29, NULL, NULL,
	  "show the version and exit" }
};

#undef NO
#undef REQ
#undef OPT

#define NOPT ((int)(sizeof opt_table / sizeof *opt_table))

/* --help around the table: what is not one option's. */
static const char help_head[] =
"Usage: linreg [OPTION]... [FILE]...\n"
"  or:  linreg merge [OPTION]... [STATE_FILE]...\n"
"Fit a least-squares line y = a + b*x (or several predictors, or a\n"
"polynomial) to data from FILEs (all read in order as one data set) or\n"
"standard input, and print the coefficients with standard errors, t and\n"
"p values, confidence intervals and fit statistics.  With no FILE, or\n"
"when FILE is -, read standard input.\n";

static const char help_tail[] =
"\n"
"linreg merge combines partial fits written by --format state (files, or\n"
"standard input; several may follow each other in one stream) into the\n"
"fit of all their data, printed in any format, or as a state again.\n"
"\n"
"Exit status: 0 success, 1 a --fail-if condition holds, 64 usage error,\n"
"65 data error (bad value, too few points, all x equal, collinear\n"
"predictors), 66 cannot read input, 70 internal error, 71 out of memory,\n"
"74 write error.  See linreg(1) for formats, JSON keys and examples.\n";

/* The column where --help's texts start. */
#define HELP_COL 26

const struct opt_def *options_table(int *n)
{
	*n = NOPT;
	return opt_table;
}

/* One option's lines of --help. */
static void help_option(FILE *out, const struct opt_def *d)
{
	const char *h;
	int n;

	if (d->letter)
		n = fprintf(out, d->name ? "  -%c, " : "  -%c", d->letter);
	else
		n = fprintf(out, "      ");
	if (d->name)
		n += fprintf(out, "--%s", d->name);
	if (d->arg)
		n += fprintf(out, d->has_arg == optional_argument ? "[=%s]" :
		    " %s", d->arg);
	/* A long head gets two spaces, the text its first line. */
	fprintf(out, "%*s", n < HELP_COL ? HELP_COL - n : 2, "");
	for (h = d->help; *h; h++) {
		putc(*h, out);
		if (*h == '\n')
			fprintf(out, "%*s", HELP_COL, "");
	}
	putc('\n', out);
}

void options_help(FILE *out)
{
	int i;
	fputs(help_head, out);
	for (i = 0; i < NOPT; i++) {
		if (opt_table[i].section)
			fprintf(out, "\n%s:\n", opt_table[i].section);
		help_option(out, &opt_table[i]);
	}
	fputs(help_tail, out);
}

/* The usage hint after a message (or after getopt_long's own). */
static int usage_error(void)
{
	fputs("Try 'linreg --help' for more information.\n", stderr);
	return EX_USAGE;
}

/* Standard output after --help or --version: written, or why not. */
static int stdout_status(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg("standard output: write error: %s", strerror(errno));
		return EX_IOERR;
	}
	return EX_OK;
}

/* Threads by default: the cores online. */
static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* A strict number from an option, or a usage error naming the option. */
static int opt_number(const char *opt, const char *arg, double *v)
{
	if (num_parse(arg, strlen(arg), v) != NUM_OK) {
		msg("%s: invalid number '%s'", opt, arg);
		return usage_error();
	}
	return EX_OK;
}

/* A whole number from lo to hi, or a usage error naming the option. */
static int opt_whole(const char *opt, const char *arg, int lo, int hi,
    int *n)
{
	double v;
	int st = opt_number(opt, arg, &v);
	if (st)
		return st;
	if (v != floor(v) || v < lo || v > hi) {
		msg("%s: expected a whole number from %d to %d, got '%s'", opt,
		    lo, hi, arg);
		return usage_error();
	}
	*n = (int)v;
	return EX_OK;
}

static int column_spec(struct colspec *c, const char *arg, const char *opt)
{
	const char *p = arg;
	if (!*arg) {
		msg("%s: empty column name", opt);
		return usage_error();
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
			return usage_error();
		}
		c->index = v;
	}
	return EX_OK;
}

static int parse_delim(const char *arg, int *delim)
{
	if (!strcmp(arg, "\\t") || !strcmp(arg, "tab") || !strcmp(arg, "\t")) {
		*delim = '\t';
		return EX_OK;
	}
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' ||
	    arg[0] == '\r') {
		msg("--delimiter: expected one character (or '\\t'), got '%s'",
		    arg);
		return usage_error();
	}
	*delim = (unsigned char)arg[0];
	return EX_OK;
}

static int input_format(const char *arg, enum input_format *f)
{
	if (!strcmp(arg, "csv"))
		*f = FMT_CSV;
	else if (!strcmp(arg, "tsv"))
		*f = FMT_TSV;
	else if (!strcmp(arg, "json"))
		*f = FMT_JSON;
	else if (!strcmp(arg, "ndjson") || !strcmp(arg, "jsonl"))
		*f = FMT_NDJSON;
	else {
		msg("--input-format: expected csv, tsv, json or ndjson, got "
		    "'%s'", arg);
		return usage_error();
	}
	return EX_OK;
}

static int out_format(const char *arg, enum out_format *f)
{
	if (!strcmp(arg, "text"))
		*f = OUT_TEXT;
	else if (!strcmp(arg, "json"))
		*f = OUT_JSON;
	else if (!strcmp(arg, "csv"))
		*f = OUT_CSV;
	else if (!strcmp(arg, "tsv"))
		*f = OUT_TSV;
	else if (!strcmp(arg, "state"))
		*f = OUT_STATE;
	else {
		msg("--format: expected text, json, csv, tsv or state, got "
		    "'%s'", arg);
		return usage_error();
	}
	return EX_OK;
}

int options_predictions(char *const *args, int nargs, int nx,
    int (*add)(void *ctx, const double *x), void *ctx)
{
	double *x = calloc((size_t)nx, sizeof *x);
	int i, st = EX_OK;

	if (!x)
		return oom();
	for (i = 0; i < nargs && !st; i++) {
		char *rsave = NULL, *save = NULL, *rowtok, *tok;
		size_t added = 0;
		for (rowtok = strtok_r(args[i], ";", &rsave); rowtok && !st;
		    rowtok = strtok_r(NULL, ";", &rsave)) {
			int n = 0;
			for (tok = strtok_r(rowtok, ",", &save); tok && !st;
			    tok = strtok_r(NULL, ",", &save)) {
				double v;
				if ((st = opt_number("--predict", tok, &v)))
					break;
				if (nx == 1) {
					if (add(ctx, &v))
						st = oom();
					added++;
				} else if (n < nx) {
					x[n] = v;
				}
				n++;
			}
			if (st || nx == 1)
				continue;
			if (n != nx) {
				msg("--predict: expected %d values (one per "
				    "predictor) in each row, got %d", nx, n);
				st = usage_error();
			} else if (add(ctx, x)) {
				st = oom();
			}
			added++;
		}
		if (!st && !added) {
			msg("--predict: expected x values separated by commas");
			st = usage_error();
		}
	}
	free(x);
	return st;
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

/*
 * Split a list of columns (-x, -g) into column specs: *c (the caller
 * frees it, whatever the result) and *n; messages name opt.
 */
static int x_columns(const char *opt, char *arg, struct colspec **c, int *n)
{
	char *p = arg, *tok;
	int st;

	*n = 0;
	while ((tok = next_item(&p)) != NULL) {
		struct colspec *nc = realloc(*c, (size_t)(*n + 1) * sizeof *nc);
		if (!nc)
			return oom();
		*c = nc;
		memset(&nc[*n], 0, sizeof *nc);
		if ((st = column_spec(&nc[(*n)++], tok, opt)))
			return st;
	}
	if (*n == 0) {
		msg("%s: expected column names or indices", opt);
		return usage_error();
	}
	return EX_OK;
}

/*
 * --plot=COLSxLINES: two whole numbers within the limits, or a usage error.
 * Without a value, 0 by 0: the terminal's size, which main() asks for
 * (write_plot.c knows how).
 */
static int plot_size(const char *arg, struct plot_opts *po)
{
	char *end;
	long w, h;

	po->on = 1;
	po->width = po->height = 0;
	if (!arg)
		return EX_OK;
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
	return EX_OK;
bad:
	msg("--plot: expected COLSxLINES, e.g. --plot=80x24, from %dx%d "
	    "to %dx%d, got '%s'", PLOT_MIN_WIDTH, PLOT_MIN_HEIGHT,
	    PLOT_MAX_SIZE, PLOT_MAX_SIZE, arg);
	return usage_error();
}

/* What parsing gathers on the way and the checks need, and no one after. */
struct pending {
	char *xarg, *garg;         /* -x and -g, split once all is read */
	struct colspec ycol, wcol; /* -y, --weights */
	struct colspec *xcols;     /* -x split */
	int model_opt;             /* -x, -y, --weights, --degree or --origin */
	int progress_opt;          /* --progress or --no-progress */
	int ascii;                 /* --ascii */
};

/* Not an option of this group: the next one is asked. */
#define NOT_MINE (-2)

static int input_option(struct options *o, struct pending *p, int id,
    char *arg)
{
	switch (id) {
	case 'x':
		p->xarg = arg;
		p->model_opt = 1;
		return EX_OK;
	case 'y':
		p->model_opt = 1;
		return column_spec(&p->ycol, arg, "-y");
	case OPT_WEIGHTS:
		p->model_opt = 1;
		return column_spec(&p->wcol, arg, "--weights");
	case OPT_INPUT_FORMAT:
		return input_format(arg, &o->in.format);
	case 'd':
		return parse_delim(arg, &o->in.delim);
	case OPT_WHITESPACE:
		o->in.delim = CSV_WHITESPACE;
		return EX_OK;
	case OPT_DECIMAL_COMMA:
		o->in.decimal_comma = 1;
		return EX_OK;
	case OPT_HEADER:
	case OPT_NO_HEADER:
		o->in.header = id == OPT_HEADER;
		return EX_OK;
	case 'g':
		p->garg = arg;
		return EX_OK;
	case OPT_SKIP_INVALID:
		o->skip_invalid = 1;
		return EX_OK;
	case 'j':
		return opt_whole("--threads", arg, 1, 256, &o->in.threads);
	case OPT_MAX_RECORD:
		if (num_parse_size(arg, &o->in.max_record) != 0) {
			msg("--max-record: expected a size such as 65536, 64K, "
			    "64M or 1G, got '%s'", arg);
			return usage_error();
		}
		return EX_OK;
	default:
		return NOT_MINE;
	}
}

/* --time-unit UNIT: its length in seconds. */
static int time_unit(const char *arg, double *sec)
{
	static const struct { const char *name; double sec; } units[] = {
		{"s", 1}, {"min", 60}, {"h", 3600}, {"day", 86400},
		{"week", 604800}
	};
	size_t i;
	for (i = 0; i < sizeof units / sizeof *units; i++)
		if (!strcmp(arg, units[i].name)) {
			*sec = units[i].sec;
			return EX_OK;
		}
	msg("--time-unit: expected s, min, h, day or week, got '%s'", arg);
	return usage_error();
}

/* The options of the model language (formula.h, model.h). */
static int formula_option(struct options *o, struct pending *p, int id,
    char *arg)
{
	char **pa;
	switch (id) {
	case 'F':
		o->formula = arg;
		return EX_OK;
	case OPT_FACTOR:
		o->factors = arg;
		return EX_OK;
	case OPT_REF:
		if (!strchr(arg, '=') || arg[0] == '=') {
			msg("--ref: expected COLUMN=LEVEL, got '%s'", arg);
			return usage_error();
		}
		pa = realloc(o->refs, (size_t)(o->nrefs + 1) * sizeof *pa);
		if (!pa)
			return oom();
		o->refs = pa;
		pa[o->nrefs++] = arg;
		return EX_OK;
	case OPT_NA:
		o->in.na = arg;
		return EX_OK;
	case OPT_NA_ACTION:
		if (strcmp(arg, "omit") != 0 && strcmp(arg, "fail") != 0) {
			msg("--na-action: expected omit or fail, got '%s'", arg);
			return usage_error();
		}
		o->na_fail = !strcmp(arg, "fail");
		return EX_OK;
	case OPT_TIME_UNIT:
		return time_unit(arg, &o->time_unit);
	case OPT_ANOVA:
		o->anova = 1;
		return EX_OK;
	case OPT_COMPARE:
		o->compare = arg;
		return EX_OK;
	default:
		(void)p;
		return NOT_MINE;
	}
}

static int model_option(struct options *o, struct pending *p, int id,
    char *arg)
{
	char **pa;
	switch (id) {
	case OPT_DEGREE:
		p->model_opt = 1;
		return opt_whole("--degree", arg, 1, LR_MAX_DEGREE, &o->degree);
	case OPT_ORIGIN:
		o->origin = 1;
		p->model_opt = 1;
		return EX_OK;
	case OPT_LEVEL:
		if (opt_number("--level", arg, &o->level))
			return EX_USAGE;
		if (!(o->level > 0 && o->level < 1)) {
			msg("--level: must be between 0 and 1 (e.g. 0.95), got "
			    "'%s'", arg);
			return usage_error();
		}
		return EX_OK;
	case OPT_PREDICT:
		pa = realloc(o->predict, (size_t)(o->npredict + 1) * sizeof *pa);
		if (!pa)
			return oom();
		o->predict = pa;
		pa[o->npredict++] = arg;
		return EX_OK;
	case OPT_PREDICT_FILE:
		o->predict_file = arg;
		return EX_OK;
	default:
		return formula_option(o, p, id, arg);
	}
}

/* --every N: a whole number of rows. */
static int every(const char *arg, uint64_t *n)
{
	double v;
	if (opt_number("--every", arg, &v))
		return EX_USAGE;
	if (v != floor(v) || v < 1 || v > 1e15) {
		msg("--every: expected a whole number of rows, got '%s'", arg);
		return usage_error();
	}
	*n = (uint64_t)v;
	return EX_OK;
}

/* --fail-if EXPR, one more gate. */
static int fail_if(struct options *o, const char *arg)
{
	struct gate *g = realloc(o->gates, (size_t)(o->ngates + 1) * sizeof *g);
	if (!g)
		return oom();
	o->gates = g;
	if (gate_parse(arg, &g[o->ngates]) < 0) {
		msg("--fail-if: expected NAME OP NUMBER with OP one of < <= > "
		    ">= == != (e.g. 'r2<0.9'), got '%s'", arg);
		return usage_error();
	}
	o->ngates++;
	return EX_OK;
}

/* A file name that may not be empty ("-": standard output). */
static int out_name(const char *opt, const char *arg, const char **to)
{
	if (!*arg) {
		msg("%s: expected a file name ('-': standard output)", opt);
		return usage_error();
	}
	*to = arg;
	return EX_OK;
}

static int output_option(struct options *o, struct pending *p, int id,
    char *arg)
{
	switch (id) {
	case OPT_FORMAT:
		return out_format(arg, &o->format);
	case OPT_JSON:
		o->format = OUT_JSON;
		return EX_OK;
	case OPT_PRECISION:
		return opt_whole("--precision", arg, 1, 17, &o->precision);
	case 'o':
		return out_name("-o", arg, &o->output);
	case OPT_EVERY:
		return every(arg, &o->every);
	case OPT_FITTED:
		o->fitted = 1;
		return EX_OK;
	case OPT_PLOT:
		return plot_size(arg, &o->plot);
	case OPT_ASCII:
		p->ascii = 1;
		return EX_OK;
	case OPT_SVG:
		return out_name("--svg", arg, &o->svg);
	case OPT_FAIL_IF:
		return fail_if(o, arg);
	case OPT_PROGRESS:
	case OPT_NO_PROGRESS:
		o->progress = id == OPT_PROGRESS ? 2 : 0;
		p->progress_opt = 1;
		return EX_OK;
	default:
		return NOT_MINE;
	}
}

/* --help, --version, --completion: the whole run, then OPTIONS_DONE. */
static int done_option(struct options *o, int id, const char *arg)
{
	switch (id) {
	case 'h':
		options_help(stdout);
		o->exit_status = stdout_status();
		return OPTIONS_DONE;
	case 'V':
		printf("linreg %s\n", LR_VERSION);
		o->exit_status = stdout_status();
		return OPTIONS_DONE;
	case OPT_COMPLETION:
		if (write_completion(stdout, arg, opt_table, NOPT)) {
			msg("--completion: expected bash, zsh or fish, got '%s'",
			    arg);
			return usage_error();
		}
		o->exit_status = fflush(stdout) != 0 || ferror(stdout) ?
		    EX_IOERR : EX_OK;
		return OPTIONS_DONE;
	default:
		return NOT_MINE;
	}
}

/* One option as getopt_long returned it ('?': it said why). */
static int one_option(struct options *o, struct pending *p, int id,
    char *arg)
{
	int st = input_option(o, p, id, arg);
	if (st == NOT_MINE)
		st = model_option(o, p, id, arg);
	if (st == NOT_MINE)
		st = output_option(o, p, id, arg);
	if (st == NOT_MINE)
		st = done_option(o, id, arg);
	if (st == NOT_MINE)
		st = usage_error();
	return st;
}

/*
 * Options that exclude each other, in the order they have always been
 * checked.  The fit's own column checks follow in fit_columns.
 */
static int check_combinations(const struct options *o,
    const struct pending *p)
{
	int merge = o->cmd == CMD_MERGE, state = o->format == OUT_STATE, i;
	int svg_stdout = o->svg && !strcmp(o->svg, "-");

	if (o->every && (o->output || state || merge)) {
		msg("--every: updates go to standard output, as they come; it "
		    "does not combine with -o, --format state or merge");
		return usage_error();
	}
	if (o->fitted && (merge || o->every || state || p->garg)) {
		msg("--fitted: the rows of one fit; it does not combine with "
		    "merge, --every, --format state or -g");
		return usage_error();
	}
	if (p->ascii && !o->plot.on) {
		msg("--ascii: chooses the characters of --plot; give --plot too");
		return usage_error();
	}
	if ((o->plot.on || o->svg) && (merge || o->every || state || p->garg)) {
		msg("%s: draws the points of one fit as they are read; it does "
		    "not combine with merge, --every, --format state or -g",
		    o->plot.on ? "--plot" : "--svg");
		return usage_error();
	}
	if (o->plot.on && (o->format != OUT_TEXT || o->fitted)) {
		msg("--plot: the picture follows the text report; it does not "
		    "combine with --format json, csv or tsv, or --fitted (use "
		    "--svg FILE with those)");
		return usage_error();
	}
	if (svg_stdout && (o->plot.on || o->fitted || (o->output &&
	    !strcmp(o->output, "-")))) {
		msg("--svg -: the picture takes standard output, which --plot, "
		    "--fitted or -o - want too: give --svg a file name");
		return usage_error();
	}
	if (o->predict_file && !strcmp(o->predict_file, "-")) {
		for (i = 0; i < o->nfiles && strcmp(o->files[i], "-") != 0; i++)
			;
		if (o->nfiles == 0 || i < o->nfiles) {
			msg("--predict-file -: standard input would be read for "
			    "both the predictions and the %s: give one of them as "
			    "a file", merge ? "states" : "data");
			return usage_error();
		}
	}
	if (o->predict_file && (o->fitted || o->every || state || p->garg ||
	    o->plot.on || o->npredict)) {
		msg("--predict-file: writes the file's rows with their "
		    "predictions in place of the report; it does not combine "
		    "with --predict, --fitted, --every, --format state, -g or "
		    "--plot");
		return usage_error();
	}
	if (merge && p->model_opt) {
		msg("merge: the model and its columns come from the state "
		    "files; -x, -y, --weights, --degree and --origin are for "
		    "fitting data");
		return usage_error();
	}
	return EX_OK;
}

/* -x, -y and --weights into in->col: nx predictors, y, the weight. */
static int fit_columns(struct options *o, struct pending *p)
{
	struct input_opts *in = &o->in;
	int i, st;

	if (p->xarg) {
		if ((st = x_columns("-x", p->xarg, &p->xcols, &in->nx)))
			return st;
	} else {
		in->nx = 1;
		if (!(p->xcols = calloc(1, sizeof *p->xcols)))
			return oom();
	}
	p->xcols[0].deflt = "x";
	p->xcols[0].defindex = 1;
	if (in->nx > 1 && !p->ycol.name) {
		msg("-y: with several predictors, name the response column");
		return usage_error();
	}
	if (o->degree >= 2 && in->nx != 1) {
		msg("--degree: a polynomial takes one predictor, got %d", in->nx);
		return usage_error();
	}
	if ((o->plot.on || o->svg) && in->nx != 1) {
		msg("%s: draws y against one predictor, got %d (plot y against "
		    "the fit column of --fitted instead)", o->plot.on ? "--plot" :
		    "--svg", in->nx);
		return usage_error();
	}
	in->weighted = p->wcol.name != NULL;
	in->ncols = in->nx + 1 + in->weighted;
	if (!(in->col = calloc((size_t)in->ncols, sizeof *in->col)))
		return oom();
	for (i = 0; i < in->nx; i++)
		in->col[i] = p->xcols[i];
	in->col[in->nx] = p->ycol;
	if (in->weighted)
		in->col[in->nx + 1] = p->wcol;
	return EX_OK;
}

/* With a formula: only the weight is a column of the options. */
static void in_weights(struct options *o, const struct pending *p)
{
	o->in.weighted = p->wcol.name != NULL;
	o->wcol = p->wcol;
}

/* Two columns of in->col that are the same: -x a -y a, or -x 2 (-y is 2). */
static int same_column(const struct colspec *a, const struct colspec *b)
{
	long ia = a->name ? a->index : a->defindex;
	long ib = b->name ? b->index : b->defindex;
	const char *na = a->name ? a->name : a->deflt;
	const char *nb = b->name ? b->name : b->deflt;
	return (ia && ia == ib) || (!ia && !ib && na && nb && !strcmp(na, nb));
}

/*
 * Two columns that may be the same: the weight with anything (R allows
 * weights = x or y), and the default predictor with -y (the predictor
 * is then the first other column, found in the data: delimited.c).
 */
static int may_share(const struct input_opts *in, int a, int b)
{
	int w = in->weighted ? in->nx + 1 : -1;
	return a == w || b == w || (in->nx == 1 && !in->col[0].name &&
	    (a == 0 || b == 0));
}

/* The columns of the fit, checked: by number with --no-header, no two
 * alike (but as may_share allows). */
static int check_columns(const struct input_opts *in)
{
	int i, k;
	for (i = 0; i < in->ncols; i++)
		if (in->header == 0 && in->col[i].name && !in->col[i].index) {
			msg("--no-header: columns must then be given by number");
			return usage_error();
		}
	for (i = 0; i < in->ncols; i++)
		for (k = 0; k < i; k++)
			if (same_column(&in->col[k], &in->col[i]) &&
			    !may_share(in, k, i)) {
				const char *nb = in->col[i].name ? in->col[i].name :
				    in->col[i].deflt;
				msg("column '%s' is selected twice: give -x, -y and "
				    "--weights different columns", nb ? nb : "?");
				return usage_error();
			}
	return EX_OK;
}

/* -g's columns into in->gcol: none of the model's, and not with --every. */
static int group_columns(struct options *o, char *garg)
{
	struct input_opts *in = &o->in;
	int i, k, st;

	if ((st = x_columns("-g", garg, &in->gcol, &in->ngroup)))
		return st;
	for (i = 0; i < in->ngroup; i++)
		for (k = 0; k < in->ncols; k++) {
			const struct colspec *g = &in->gcol[i], *c = &in->col[k];
			if ((g->name && c->name && !strcmp(g->name, c->name)) ||
			    (g->index && g->index == (c->name ? c->index :
			    c->defindex))) {
				msg("-g: column '%s' is also in the model", g->name);
				return usage_error();
			}
		}
	if (o->every) {
		msg("--every: not with -g");
		return usage_error();
	}
	return EX_OK;
}

int options_one_thread(const struct options *o)
{
	/* -g with a formula: each group's levels (read_parallel.c) */
	return o->every || o->fitted || (o->in.ngroup && o->formula) ||
	    o->plot.on || o->svg != NULL;
}

/* getopt_long's table from opt_table, in rank order; its short options. */
static void getopt_tables(struct option *lo, char *shorts)
{
	int i;
	memset(lo, 0, (NOPT + 1) * sizeof *lo);
	for (i = 0; i < NOPT; i++) {
		const struct opt_def *d = &opt_table[i];
		if (d->name) {
			lo[d->rank].name = d->name;
			lo[d->rank].has_arg = d->has_arg;
			lo[d->rank].val = d->id;
		}
		if (d->letter) {
			*shorts++ = (char)d->letter;
			if (d->has_arg == required_argument)
				*shorts++ = ':';
		}
	}
	*shorts = '\0';
}

/* The command line's options, one by one, until the operands. */
static int read_options(int argc, char **argv, struct options *o,
    struct pending *p)
{
	struct option lo[NOPT + 1];
	char shorts[2 * NOPT + 1];
	int c, st;

	getopt_tables(lo, shorts);
	optind = 0; /* afresh, for a caller that parses twice */
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1)
		if ((st = one_option(o, p, c, optarg)))
			return st;
	o->files = argv + optind;
	o->nfiles = argc - optind;
	/* 'mpg ~ wt' as the first operand, unless a file has that name. */
	if (!o->formula && o->nfiles > 0 && strchr(o->files[0], '~') &&
	    access(o->files[0], F_OK) != 0) {
		o->formula = o->files[0];
		o->files++;
		o->nfiles--;
	}
	return EX_OK;
}

/* A formula replaces -x, -y, --degree and --origin. */
static int check_formula(const struct options *o, const struct pending *p)
{
	if (!o->formula) {
		if (o->cmd != CMD_MERGE && (o->anova || o->compare)) {
			msg("%s: give the model as a formula too, e.g. "
			    "linreg 'y ~ a + b' FILE", o->anova ? "--anova" :
			    "--compare");
			return usage_error();
		}
		return EX_OK;
	}
	if (o->cmd == CMD_MERGE) {
		msg("merge: the model comes from the state files; a formula is "
		    "for fitting data");
		return usage_error();
	}
	if (p->xarg || p->ycol.name || o->degree != 1 || o->origin) {
		msg("a formula says the whole model: give -x, -y, --degree and "
		    "--origin in it instead (e.g. 'y ~ poly(x, 3, raw = TRUE) "
		    "- 1')");
		return usage_error();
	}
	return EX_OK;
}

/* What says what the model is goes to the fits, not to merge. */
static int check_merge_model(const struct options *o)
{
	if (o->cmd == CMD_MERGE && (o->factors || o->nrefs || o->in.na ||
	    o->na_fail || o->time_unit != 1)) {
		msg("merge: --factor, --ref, --na, --na-action and --time-unit "
		    "say how data is read and coded: give them to the fits "
		    "that write the states");
		return usage_error();
	}
	return EX_OK;
}

int options_parse(int argc, char **argv, struct options *o)
{
	struct pending p;
	int st;

	memset(o, 0, sizeof *o);
	memset(&p, 0, sizeof p);
	o->in.header = -1;
	o->in.threads = default_threads();
	o->degree = 1;
	o->level = 0.95;
	o->time_unit = 1;
	p.ycol.deflt = "y";
	p.ycol.defindex = 2;
	/* "linreg merge ...": getopt_long then sees argv from "merge" on. */
	if (argc > 1 && strcmp(argv[1], "merge") == 0) {
		o->cmd = CMD_MERGE;
		argv++;
		argc--;
	}
	st = read_options(argc, argv, o, &p);
	if (!st && !p.progress_opt)
		o->progress = isatty(STDERR_FILENO) ? 1 : 0;
	o->plot.ascii = p.ascii;
	if (!st)
		st = check_combinations(o, &p);
	if (!st)
		st = check_formula(o, &p);
	if (!st)
		st = check_merge_model(o);
	if (!st && o->cmd == CMD_FIT && o->formula) {
		/* the columns come from the formula (main.c: model_setup) */
		in_weights(o, &p);
		if (p.garg)
			st = x_columns("-g", p.garg, &o->in.gcol, &o->in.ngroup);
	} else if (!st && o->cmd == CMD_FIT) {
		st = fit_columns(o, &p);
		if (!st)
			st = check_columns(&o->in);
		if (!st && p.garg)
			st = group_columns(o, p.garg);
	}
	o->in.skip_invalid = o->skip_invalid;
	if (options_one_thread(o))
		o->in.threads = 1;
	free(p.xcols);
	return st;
}

int options_own(struct options *o, char *p)
{
	char **n = realloc(o->owned, (size_t)(o->nowned + 1) * sizeof *n);
	if (!n)
		return -1;
	o->owned = n;
	n[o->nowned++] = p;
	return 0;
}

void options_free(struct options *o)
{
	int i;
	for (i = 0; i < o->nowned; i++)
		free(o->owned[i]);
	free(o->owned);
	for (i = 0; i < o->ngates; i++)
		gate_free(&o->gates[i]);
	free(o->gates);
	free(o->predict);
	free(o->refs);
	free(o->in.col);
	free(o->in.gcol);
	memset(o, 0, sizeof *o);
}
