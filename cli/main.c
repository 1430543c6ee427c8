/*
 * main.c - the linreg command: options, then bytes -> rows -> fit ->
 * report.
 *
 * linreg never calls setlocale(): the C library stays in the "C"
 * locale, so numbers are read and printed with a decimal point
 * whatever LC_ALL or LANG say.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "read_csv.h"
#include "write.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_TSV };

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
	OPT_SKIP_INVALID
};

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
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0}
};

static void usage(int status)
{
	if (status != EX_OK) {
		fputs("Try 'linreg --help' for more information.\n", stderr);
		exit(status);
	}
	fputs(
"Usage: linreg [OPTION]... [FILE]...\n"
"Fit a least-squares line y = a + b*x to data from FILEs (all read in\n"
"order as one data set) or standard input, and print the coefficients\n"
"with standard errors, t and p values, confidence intervals and fit\n"
"statistics.  With no FILE, or when FILE is -, read standard input.\n"
"\n"
"Input:\n"
"  -x COL                  predictor column: header name or 1-based index\n"
"                          (default: the first column; JSON key \"x\")\n"
"  -y COL                  response column (default: the second; key \"y\")\n"
"      --input-format FMT  csv, tsv, json, ndjson or jsonl (default: from\n"
"                          the file extension, else from the first\n"
"                          non-blank byte)\n"
"  -d, --delimiter C       field delimiter for CSV (default ','; '\\t' or\n"
"                          'tab' = tab; .tsv files default to tab)\n"
"      --whitespace        fields are separated by runs of spaces and tabs\n"
"      --header            the first row is a header\n"
"      --no-header         the first row is data (default: it is a header\n"
"                          when a selected field is not a number)\n"
"      --skip-invalid      skip rows with missing or non-numeric values,\n"
"                          count them and say so on standard error\n"
"\n"
"Model:\n"
"      --origin            fit y = b*x (no intercept; R^2 is uncentred)\n"
"      --level L           confidence level of intervals (default 0.95)\n"
"      --predict X[,X...]  predict y at these x, with confidence and\n"
"                          prediction intervals (repeatable)\n"
"\n"
"Output:\n"
"      --format FMT        text (default), json, csv or tsv\n"
"      --json              same as --format json\n"
"      --precision N       significant digits in text (default 6) and\n"
"                          CSV (default: as many as round-trip); JSON\n"
"                          always has round-trip digits\n"
"  -o, --output FILE       write to FILE (replaced only when complete)\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Exit status: 0 success, 64 usage error, 65 data error (bad value, too\n"
"few points, all x equal), 66 cannot read input, 70 internal error,\n"
"71 out of memory, 74 write error.  See linreg(1) for formats, JSON\n"
"keys and examples.\n",
	    stdout);
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

/* Append the comma-separated x values of --predict. */
static void add_predictions(struct sink *s, char *arg)
{
	char *save = NULL, *tok;
	for (tok = strtok_r(arg, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save))
		if (sink_predict(s, opt_number("--predict", tok)))
			exit(EX_OSERR);
	if (!s->npred) {
		msg("--predict: expected x values separated by commas");
		usage(EX_USAGE);
	}
}

/*
 * Write the report to standard output, or to path: a regular file (or a
 * new one) through a temporary file renamed into place, so a failed
 * write never leaves a partial file; anything else (a device, a FIFO)
 * directly.
 */
static int write_report(const char *path, enum out_format fmt,
    const struct report *rp)
{
	FILE *out = stdout;
	char *tmp = NULL;
	int fd = -1, err = 0;
	struct stat sb;

	int exists = path && strcmp(path, "-") && stat(path, &sb) == 0;
	char *real = NULL;

	if (exists && !S_ISREG(sb.st_mode)) {
		out = fopen(path, "w");
		if (!out) {
			msg("%s: %s", path, strerror(errno));
			return EX_IOERR;
		}
	} else if (path && strcmp(path, "-")) {
		mode_t mask = umask(0);
		umask(mask);
		/* Replace a symlink's target, not the link. */
		if (exists && (real = realpath(path, NULL)))
			path = real;
		tmp = malloc(strlen(path) + 16);
		if (!tmp) {
			msg("out of memory");
			free(real);
			return EX_OSERR;
		}
		sprintf(tmp, "%s.tmp.XXXXXX", path);
		fd = mkstemp(tmp);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			msg("%s: %s", path, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			free(tmp);
			free(real);
			return EX_IOERR;
		}
		/* A replaced file keeps its permissions. */
		(void)fchmod(fd, exists ? sb.st_mode & 07777 : 0666 & ~mask);
	}
	switch (fmt) {
	case OUT_TEXT:
		write_text(out, rp);
		break;
	case OUT_JSON:
		write_json(out, rp);
		break;
	case OUT_CSV:
		write_csv(out, rp, ',');
		break;
	case OUT_TSV:
		write_csv(out, rp, '\t');
		break;
	}
	errno = 0;
	if (fflush(out) != 0 || ferror(out))
		err = errno ? errno : EIO;
	if (fclose(out) != 0 && !err)
		err = errno ? errno : EIO;
	if (tmp) {
		if (!err && rename(tmp, path) != 0)
			err = errno;
		if (err)
			unlink(tmp);
		free(tmp);
	}
	if (err)
		msg("%s: write error: %s", path && strcmp(path, "-") ? path :
		    "standard output", strerror(err));
	free(real);
	if (err)
		return EX_IOERR;
	return EX_OK;
}

/* Explain a failed solve in the user's terms. */
static int solve_error(lr_status st, const struct sink *s, int origin)
{
	uint64_t used = s->rows_read - s->rows_skipped;
	switch (st) {
	case LR_ETOOFEW:
		msg("need at least %d data point%s to fit %s, got %llu",
		    origin ? 1 : 2, origin ? "" : "s",
		    origin ? "a line through the origin" : "a line",
		    (unsigned long long)used);
		return EX_DATAERR;
	case LR_ESINGULAR:
		if (origin)
			msg("all %s values are zero: the slope through the "
			    "origin is undefined", s->xname);
		else
			msg("all %s values are equal: the slope is undefined",
			    s->xname);
		return EX_DATAERR;
	case LR_ENOMEM:
		msg("out of memory");
		return EX_OSERR;
	default:
		msg("%s", lr_strerror(st));
		return EX_SOFTWARE;
	}
}

int main(int argc, char **argv)
{
	struct input_opts in;
	struct sink s;
	enum out_format fmt = OUT_TEXT;
	const char *outpath = NULL;
	double level = 0.95;
	int c, i, origin = 0, precision = 0, status = EX_OK;
	lr_result *res = NULL;
	lr_prediction *pred = NULL;
	lr_status st;

	memset(&in, 0, sizeof in);
	memset(&s, 0, sizeof s);
	in.header = -1;
	in.x.deflt = "x";
	in.x.defindex = 1;
	in.y.deflt = "y";
	in.y.defindex = 2;

	while ((c = getopt_long(argc, argv, "x:y:d:o:hV", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'x':
			column_spec(&in.x, optarg, "-x");
			break;
		case 'y':
			column_spec(&in.y, optarg, "-y");
			break;
		case 'd':
			in.delim = parse_delim(optarg);
			break;
		case OPT_WHITESPACE:
			in.delim = CSV_WHITESPACE;
			break;
		case OPT_HEADER:
			in.header = 1;
			break;
		case OPT_NO_HEADER:
			in.header = 0;
			break;
		case OPT_INPUT_FORMAT:
			if (!strcmp(optarg, "csv"))
				in.format = FMT_CSV;
			else if (!strcmp(optarg, "tsv"))
				in.format = FMT_TSV;
			else if (!strcmp(optarg, "json"))
				in.format = FMT_JSON;
			else if (!strcmp(optarg, "ndjson") ||
			    !strcmp(optarg, "jsonl"))
				in.format = FMT_NDJSON;
			else {
				msg("--input-format: expected csv, tsv, json "
				    "or ndjson, got '%s'", optarg);
				usage(EX_USAGE);
			}
			break;
		case OPT_ORIGIN:
			origin = 1;
			break;
		case OPT_LEVEL:
			level = opt_number("--level", optarg);
			if (!(level > 0 && level < 1)) {
				msg("--level: must be between 0 and 1 "
				    "(e.g. 0.95), got '%s'", optarg);
				usage(EX_USAGE);
			}
			break;
		case OPT_PREDICT:
			add_predictions(&s, optarg);
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
			else {
				msg("--format: expected text, json, csv or "
				    "tsv, got '%s'", optarg);
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
			outpath = optarg;
			break;
		case OPT_SKIP_INVALID:
			s.skip_invalid = 1;
			break;
		case 'h':
			usage(EX_OK);
			break;
		case 'V':
			printf("linreg %s\n", LR_VERSION);
			return EX_OK;
		default:
			usage(EX_USAGE);
		}
	}
	if (in.header == 0 && ((in.x.name && !in.x.index) ||
	    (in.y.name && !in.y.index))) {
		msg("--no-header: columns must then be given by number");
		usage(EX_USAGE);
	}
	in.skip_invalid = s.skip_invalid;

	{
		lr_spec spec;
		spec.nx = 1;
		spec.degree = 0;
		spec.flags = origin ? LR_NO_INTERCEPT : 0;
		st = lr_fit_new(&spec, &s.fit);
	}
	if (st != LR_OK) {
		msg("%s", lr_strerror(st));
		return EX_OSERR;
	}
	if (optind == argc)
		status = read_source("-", &in, &s);
	for (i = optind; i < argc && !status; i++)
		status = read_source(argv[i], &in, &s);
	if (status)
		goto end;
	if (!s.xname && sink_names(&s, "x", "y")) {
		status = EX_OSERR;
		goto end;
	}
	if (s.rows_skipped)
		msg("skipped %llu of %llu data rows with invalid values "
		    "(first: %s)", (unsigned long long)s.rows_skipped,
		    (unsigned long long)s.rows_read, s.first_skip);
	if (s.rows_read == s.rows_skipped) {
		msg(s.rows_read ? "no valid data rows" : "no data rows in "
		    "the input");
		status = EX_DATAERR;
		goto end;
	}
	st = lr_solve(s.fit, level, &res);
	if (st != LR_OK) {
		status = solve_error(st, &s, origin);
		goto end;
	}
	{
		const lr_stats *rs = lr_result_stats(res);
		if (rs->df == 0)
			msg("note: %llu point%s and %d coefficient%s leave "
			    "no residual degrees of freedom: standard errors, "
			    "t, p, F and intervals are undefined",
			    (unsigned long long)rs->n, rs->n == 1 ? "" : "s",
			    rs->ncoef, rs->ncoef == 1 ? "" : "s");
		else if (rs->sse == 0)
			msg("note: the fit is exact (all residuals are zero): "
			    "t, p, F and the log-likelihood are undefined");
		if (isnan(rs->r2))
			msg("note: %s is constant: R-squared and r are "
			    "undefined", s.yname);
	}
	if (s.npred) {
		size_t k;
		pred = calloc(s.npred, sizeof *pred);
		if (!pred) {
			msg("out of memory");
			status = EX_OSERR;
			goto end;
		}
		for (k = 0; k < s.npred; k++)
			(void)lr_predict(res, &s.pred[k], &pred[k]);
	}
	{
		struct report rp;
		rp.xname = s.xname;
		rp.yname = s.yname;
		rp.res = res;
		rp.npred = s.npred;
		rp.pred_x = s.pred;
		rp.pred = pred;
		rp.rows_read = s.rows_read;
		rp.rows_skipped = s.rows_skipped;
		rp.precision = precision;
		status = write_report(outpath, fmt, &rp);
	}
end:
	lr_result_free(res);
	lr_fit_free(s.fit);
	free(pred);
	free(s.pred);
	free(s.first_skip);
	free(s.xname);
	free(s.yname);
	return status;
}
