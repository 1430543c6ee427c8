/*
 * test_options.c - the command line (cli/options.c): parsing into
 * struct options, each combination check with its status and its
 * message (the first one printed when several apply), the one-thread
 * rule, --predict's rows, the results of --help, --version and
 * --completion, and the option table against --help and the OPTIONS of
 * man/linreg.1 (LINREG_MAN to point elsewhere), both ways.
 *
 * Linked with options.o and what it calls (completion.o, gates.o,
 * plot.o, number.o; the core library only for gates.o's symbols): no
 * reader, no fit.  msg() and oom() are this file's own, writing as
 * diag.c does but without its escaping, which needs the writers; the
 * test captures standard error and output around each parse.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "harness.h"
#include "options.h"

/* diag.c's two functions, as this test's own (see the top comment). */
void msg(const char *fmt, ...)
{
	va_list ap;
	fputs("linreg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	putc('\n', stderr);
}

int oom(void)
{
	msg("out of memory");
	return EX_OSERR;
}

#define HINT "Try 'linreg --help' for more information.\n"

static char err[8192], out[65536];

/* What f holds, into buf. */
static void slurp(FILE *f, char *buf, size_t size)
{
	size_t n;
	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/*
 * options_parse on "linreg" and the NULL-terminated arguments, with
 * standard output and error captured into out and err.  The arguments
 * stay in static storage: the options point into them.
 */
static int parse(struct options *o, ...)
{
	static char store[40][256];
	static char *argv[41];
	FILE *ef = tmpfile(), *of = tmpfile();
	int argc = 0, se, so, st;
	const char *a;
	va_list ap;

	strcpy(store[argc], "linreg");
	argv[argc] = store[argc];
	argc++;
	va_start(ap, o);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 40) {
		snprintf(store[argc], sizeof store[argc], "%s", a);
		argv[argc] = store[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	if (!ef || !of) {
		fprintf(stderr, "test_options: tmpfile failed\n");
		exit(2);
	}
	fflush(stdout);
	fflush(stderr);
	se = dup(2);
	so = dup(1);
	dup2(fileno(ef), 2);
	dup2(fileno(of), 1);
	st = options_parse(argc, argv, o);
	fflush(stdout);
	fflush(stderr);
	dup2(se, 2);
	dup2(so, 1);
	close(se);
	close(so);
	slurp(ef, err, sizeof err);
	slurp(of, out, sizeof out);
	return st;
}

/* A usage error whose whole standard error is message + the hint. */
static int usage_says(int st, const char *message)
{
	char want[1024];
	snprintf(want, sizeof want, "linreg: %s\n" HINT, message);
	if (st == EX_USAGE && !strcmp(err, want))
		return 1;
	fprintf(stderr, "  status %d, stderr:\n%s  wanted:\n%s", st, err, want);
	return 0;
}

static void test_defaults(void)
{
	struct options o;
	CHECK(parse(&o, NULL) == EX_OK);
	CHECK(err[0] == '\0' && out[0] == '\0');
	CHECK(o.cmd == CMD_FIT && o.nfiles == 0);
	CHECK(o.degree == 1 && o.origin == 0 && o.level == 0.95);
	CHECK(o.format == OUT_TEXT && o.precision == 0 && !o.output);
	CHECK(o.in.header == -1 && o.in.format == FMT_AUTO && o.in.delim == 0);
	CHECK(o.in.threads >= 1 && o.in.threads <= 256);
	CHECK(o.in.nx == 1 && o.in.ncols == 2 && !o.in.weighted);
	CHECK(o.in.col && !o.in.col[0].name && o.in.col[0].defindex == 1 &&
	    !strcmp(o.in.col[0].deflt, "x"));
	CHECK(!o.in.col[1].name && o.in.col[1].defindex == 2 &&
	    !strcmp(o.in.col[1].deflt, "y"));
	CHECK(o.in.ngroup == 0 && !o.in.gcol);
	CHECK(o.progress == (isatty(2) ? 1 : 0));
	options_free(&o);
	CHECK(!o.in.col && !o.gates && !o.predict);
}

static void test_values(void)
{
	struct options o;
	CHECK(parse(&o, "a.csv", "-x", "a,b\\,c", "b.csv", "-y", "3",
	    "--weights=w", "--level", "0.9", "--format", "csv", "-o", "out",
	    "--precision", "3", "--origin", "-j", "2", "--max-record", "64K",
	    "-d", "tab", "--input-format", "jsonl", "--header", "--skip-invalid",
	    "--fail-if", "r2<0.9", "--fail-if", "n>=3", "--progress",
	    "--predict", "1,2", "--predict", "3,4",
	    NULL) == EX_OK);
	CHECK(o.nfiles == 2 && !strcmp(o.files[0], "a.csv") &&
	    !strcmp(o.files[1], "b.csv"));
	CHECK(o.in.nx == 2 && o.in.ncols == 4 && o.in.weighted);
	CHECK(!strcmp(o.in.col[0].name, "a") && !strcmp(o.in.col[1].name, "b,c"));
	CHECK(o.in.col[2].index == 3 && !strcmp(o.in.col[3].name, "w"));
	CHECK(o.level == 0.9 && o.format == OUT_CSV && !strcmp(o.output, "out"));
	CHECK(o.precision == 3 && o.origin && o.in.threads == 2);
	CHECK(o.in.max_record == 65536 && o.in.delim == '\t');
	CHECK(o.in.format == FMT_NDJSON && o.in.header == 1 && o.skip_invalid);
	CHECK(o.ngates == 2 && o.progress == 2);
	CHECK(o.npredict == 2 && !strcmp(o.predict[1], "3,4"));
	CHECK(!o.predict_file);
	options_free(&o);

	/* The last of a repeated option wins; --json is --format json. */
	CHECK(parse(&o, "--progress", "--no-progress", "--format", "tsv",
	    "--json", "--no-header", "--whitespace", "--degree", "4", NULL) ==
	    EX_OK);
	CHECK(o.progress == 0 && o.format == OUT_JSON && o.in.header == 0);
	CHECK(o.in.delim != 0 && o.in.delim != '\t' && o.degree == 4);
	options_free(&o);
	CHECK(parse(&o, "--plot=40x10", "--ascii", NULL) == EX_OK);
	CHECK(o.plot.on && o.plot.width == 40 && o.plot.height == 10 &&
	    o.plot.ascii);
	options_free(&o);
	/* Without a size, 0 by 0: main() asks the terminal. */
	CHECK(parse(&o, "--plot=40x10", "--plot", NULL) == EX_OK);
	CHECK(o.plot.on && o.plot.width == 0 && o.plot.height == 0);
	options_free(&o);

	/* -g: its columns, apart from the model's. */
	CHECK(parse(&o, "-g", "city,2021", "-x", "1", "-y", "2", NULL) == EX_OK);
	CHECK(o.in.ngroup == 2 && !strcmp(o.in.gcol[0].name, "city") &&
	    o.in.gcol[1].index == 2021);
	options_free(&o);
}

static void test_merge(void)
{
	struct options o;
	CHECK(parse(&o, "merge", "s1", "--json", "s2", "-g", "a", NULL) ==
	    EX_OK);
	CHECK(o.cmd == CMD_MERGE && o.nfiles == 2 &&
	    !strcmp(o.files[0], "s1") && !strcmp(o.files[1], "s2"));
	/* The columns come from the states; -g is not looked at. */
	CHECK(o.format == OUT_JSON && !o.in.col && o.in.nx == 0 &&
	    o.in.ngroup == 0);
	options_free(&o);
	/* Only the first word is the subcommand. */
	CHECK(parse(&o, "data.csv", "merge", NULL) == EX_OK);
	CHECK(o.cmd == CMD_FIT && o.nfiles == 2);
	options_free(&o);
	/* getopt_long names the subcommand in its own messages. */
	CHECK(parse(&o, "merge", "--bogus", NULL) == EX_USAGE);
	CHECK(!strcmp(err, "merge: unrecognized option '--bogus'\n" HINT));
	options_free(&o);
}

/* Each bad value, with the message linreg has always given. */
static void test_bad_values(void)
{
	struct options o;
#define BAD(message, ...) \
	do { \
		CHECK(usage_says(parse(&o, __VA_ARGS__, NULL), message)); \
		options_free(&o); \
	} while (0)
	BAD("--level: invalid number 'x'", "--level", "x");
	BAD("--level: must be between 0 and 1 (e.g. 0.95), got '1'",
	    "--level", "1");
	BAD("--degree: expected a whole number from 1 to 30, got '31'",
	    "--degree", "31");
	BAD("--threads: expected a whole number from 1 to 256, got '0'",
	    "-j", "0");
	BAD("--precision: expected a whole number from 1 to 17, got '2.5'",
	    "--precision", "2.5");
	BAD("--every: expected a whole number of rows, got '0'", "--every",
	    "0");
	BAD("--max-record: expected a size such as 65536, 64K, 64M or 1G, got "
	    "'5Q'", "--max-record", "5Q");
	BAD("--format: expected text, json, csv, tsv or state, got 'xml'",
	    "--format", "xml");
	BAD("--input-format: expected csv, tsv, json or ndjson, got 'xls'",
	    "--input-format", "xls");
	BAD("--delimiter: expected one character (or '\\t'), got 'ab'", "-d",
	    "ab");
	BAD("-o: expected a file name ('-': standard output)", "-o", "");
	BAD("--svg: expected a file name ('-': standard output)", "--svg", "");
	BAD("--fail-if: expected NAME OP NUMBER with OP one of < <= > >= == != "
	    "(e.g. 'r2<0.9'), got 'r2'", "--fail-if", "r2");
	BAD("--plot: expected COLSxLINES, e.g. --plot=80x24, from 20x6 to "
	    "500x500, got '10x10'", "--plot=10x10");
	BAD("-y: empty column name", "-y", "");
	BAD("-y: column index must be 1 or more, got '0'", "-y", "0");
	BAD("-x: empty column name", "-x", "a,,b");
	/* -g's list is read as -x's is; its messages name -g. */
	BAD("-g: empty column name", "-g", "");
	BAD("-g: empty column name", "-g", "a,,b");
	BAD("--completion: expected bash, zsh or fish, got 'tcsh'",
	    "--completion", "tcsh");
	/* The first bad option is the one reported. */
	BAD("--degree: invalid number 'x'", "--degree", "x", "--level", "2");
#undef BAD
	CHECK(parse(&o, "--bogus", "--help", NULL) == EX_USAGE);
	CHECK(!strcmp(err, "linreg: unrecognized option '--bogus'\n" HINT));
	CHECK(out[0] == '\0');
	options_free(&o);
#ifdef __GLIBC__
	/* getopt_long lists the candidates in the table's rank order. */
	CHECK(parse(&o, "--p", NULL) == EX_USAGE);
	CHECK(!strcmp(err, "linreg: option '--p' is ambiguous; possibilities: "
	    "'--predict' '--precision' '--predict-file' '--progress' '--plot'\n"
	    HINT));
	options_free(&o);
#endif
}

/* Each combination check, and which one speaks when several apply. */
static void test_combinations(void)
{
	struct options o;
#define BAD(message, ...) \
	do { \
		CHECK(usage_says(parse(&o, __VA_ARGS__, NULL), message)); \
		options_free(&o); \
	} while (0)
	BAD("--every: updates go to standard output, as they come; it does not "
	    "combine with -o, --format state or merge", "--every", "2", "-o",
	    "f", "--fitted");
	BAD("--every: updates go to standard output, as they come; it does not "
	    "combine with -o, --format state or merge", "merge", "--every", "2");
	BAD("--fitted: the rows of one fit; it does not combine with merge, "
	    "--every, --format state or -g", "--fitted", "-g", "a", "--ascii");
	BAD("--fitted: the rows of one fit; it does not combine with merge, "
	    "--every, --format state or -g", "--fitted", "--format", "state");
	BAD("--ascii: chooses the characters of --plot; give --plot too",
	    "--ascii", "--svg", "f", "-g", "a");
	BAD("--plot: draws the points of one fit as they are read; it does not "
	    "combine with merge, --every, --format state or -g", "--plot",
	    "--every", "3", "--json");
	BAD("--svg: draws the points of one fit as they are read; it does not "
	    "combine with merge, --every, --format state or -g", "merge",
	    "--svg", "f");
	BAD("--plot: the picture follows the text report; it does not combine "
	    "with --format json, csv or tsv, or --fitted (use --svg FILE with "
	    "those)", "--plot", "--fitted", "--svg", "-");
	BAD("--svg -: the picture takes standard output, which --plot, --fitted "
	    "or -o - want too: give --svg a file name", "--svg", "-", "-o", "-");
	BAD("--predict-file -: standard input would be read for both the "
	    "predictions and the data: give one of them as a file",
	    "--predict-file", "-", "a.csv", "-");
	BAD("--predict-file -: standard input would be read for both the "
	    "predictions and the states: give one of them as a file", "merge",
	    "--predict-file", "-", "-x", "a");
	BAD("merge: the model and its columns come from the state files; -x, "
	    "-y, --weights, --degree and --origin are for fitting data", "merge",
	    "--origin", "-x", "");
	/* The fit's columns, checked after the combinations. */
	BAD("-y: with several predictors, name the response column", "-x",
	    "a,b", "--degree", "2", "--no-header");
	BAD("--degree: a polynomial takes one predictor, got 2", "-x", "a,b",
	    "-y", "c", "--degree", "2", "--plot");
	BAD("--plot: draws y against one predictor, got 2 (plot y against the "
	    "fit column of --fitted instead)", "-x", "a,b", "-y", "c", "--plot");
	BAD("--svg: draws y against one predictor, got 3 (plot y against the "
	    "fit column of --fitted instead)", "-x", "1,2,3", "-y", "4", "--svg",
	    "f");
	BAD("--no-header: columns must then be given by number", "--no-header",
	    "-x", "a", "-y", "2", "-g", "2");
	BAD("column 'y' is selected twice: give -x, -y and --weights different "
	    "columns", "-x", "y", "-y", "y");
	/* By number against the default -y (2): named by the default. */
	BAD("column 'y' is selected twice: give -x, -y and --weights different "
	    "columns", "-x", "2");
	/* The weight may be a predictor or the response (issue 15, as R's
	 * lm(dist ~ speed, weights = speed)); -y alone may be column 1
	 * (x is then the first other column, found in the data). */
	CHECK(parse(&o, "--weights", "1", NULL) == EX_OK);
	options_free(&o);
	CHECK(parse(&o, "-x", "a", "-y", "b", "--weights", "b", NULL) == EX_OK);
	options_free(&o);
	CHECK(parse(&o, "-y", "1", NULL) == EX_OK);
	options_free(&o);
	BAD("column 'a' is selected twice: give -x, -y and --weights different "
	    "columns", "-x", "a,a", "-y", "b");
	BAD("-g: column 'a' is also in the model", "-g", "a", "-x", "a",
	    "--every", "2");
	BAD("-g: column '2' is also in the model", "-g", "a,2");
	BAD("--every: not with -g", "-g", "g", "--every", "2");
#undef BAD
	/* Allowed: --predict-file - when the data come from files. */
	CHECK(parse(&o, "--predict-file", "-", "a.csv", NULL) == EX_OK);
	options_free(&o);
	CHECK(parse(&o, "--svg", "-", "-o", "report.txt", NULL) == EX_OK);
	options_free(&o);
}

static void test_one_thread(void)
{
	struct options o;
	static const char *const one[][3] = {
		{ "--every", "5", NULL }, { "--fitted", NULL, NULL },
		{ "--plot", NULL, NULL },
		{ "--svg", "f.svg", NULL },
	};
	size_t k;

	CHECK(parse(&o, "-j", "4", NULL) == EX_OK);
	CHECK(!options_one_thread(&o) && o.in.threads == 4);
	options_free(&o);
	for (k = 0; k < sizeof one / sizeof *one; k++) {
		CHECK(parse(&o, "-j", "4", one[k][0], one[k][1], NULL) == EX_OK);
		CHECK(options_one_thread(&o) && o.in.threads == 1);
		options_free(&o);
	}
	/* -g is read in pieces too, but not with a formula (its levels) */
	CHECK(parse(&o, "-j", "4", "-g", "g", NULL) == EX_OK);
	CHECK(!options_one_thread(&o) && o.in.threads == 4);
	options_free(&o);
	CHECK(parse(&o, "-j", "4", "-g", "g", "-F", "y ~ x", NULL) == EX_OK);
	CHECK(options_one_thread(&o) && o.in.threads == 1);
	options_free(&o);
	CHECK(parse(&o, "merge", "-j", "3", NULL) == EX_OK);
	CHECK(o.in.threads == 3);
	options_free(&o);
}

static void test_done(void)
{
	struct options o;
	char want[64];

	CHECK(parse(&o, "--help", "--bogus", NULL) == OPTIONS_DONE);
	CHECK(o.exit_status == EX_OK && err[0] == '\0');
	CHECK(!strncmp(out, "Usage: linreg [OPTION]... [FILE]...\n", 36));
	CHECK(strstr(out, "\nInput:\n  -x COL[,COL...]         predictor "
	    "columns: header names or 1-based\n"));
	CHECK(strstr(out, "\n      --plot[=COLSxLINES] after the text report"));
	CHECK(strstr(out, "\n  -g, --group-by COL[,COL...]  one fit per"));
	CHECK(strlen(out) > 100 && !strcmp(out + strlen(out) - 10,
	    "examples.\n"));
	options_free(&o);
	CHECK(parse(&o, "-V", NULL) == OPTIONS_DONE && o.exit_status == EX_OK);
	snprintf(want, sizeof want, "linreg %s\n", LR_VERSION);
	CHECK(!strcmp(out, want));
	options_free(&o);
	CHECK(parse(&o, "--completion", "fish", "--help", NULL) == OPTIONS_DONE);
	CHECK(o.exit_status == EX_OK);
	CHECK(!strncmp(out, "# fish completion for linreg", 28));
	CHECK(strstr(out, "\ncomplete -c linreg -s x -x -d 'predictor columns'\n"));
	CHECK(strstr(out, "\ncomplete -c linreg -l output -s o -r -F\n"));
	options_free(&o);
	CHECK(parse(&o, "--completion", "zsh", NULL) == OPTIONS_DONE);
	CHECK(strstr(out, "\n\t'-y[response column]:column:' \\\n"));
	CHECK(strstr(out, "\n\t'--plot[plot]' \\\n"));
	options_free(&o);
	CHECK(parse(&o, "--completion", "bash", NULL) == OPTIONS_DONE);
	CHECK(strstr(out, "\n\t-x|-y) return ;;\n"));
	CHECK(strstr(out, "\"--delimiter --whitespace --header --no-header"));
	options_free(&o);
}

/* A sink of --predict rows for options_predictions. */
struct rows {
	double v[16];
	int n, nx, fail;
};

static int add_row(void *ctx, const double *x)
{
	struct rows *r = ctx;
	int j;
	if (r->fail)
		return -1;
	for (j = 0; j < r->nx && r->n * r->nx + j < 16; j++)
		r->v[r->n * r->nx + j] = x[j];
	r->n++;
	return 0;
}

/* options_predictions on copies of the arguments, stderr captured. */
static int predict(struct rows *r, int nx, const char *a, const char *b)
{
	char sa[64], sb[64];
	char *args[2];
	FILE *ef = tmpfile();
	int se, st;

	snprintf(sa, sizeof sa, "%s", a);
	snprintf(sb, sizeof sb, "%s", b ? b : "");
	args[0] = sa;
	args[1] = sb;
	r->nx = nx;
	fflush(stderr);
	se = dup(2);
	dup2(fileno(ef), 2);
	st = options_predictions(args, b ? 2 : 1, nx, add_row, r);
	fflush(stderr);
	dup2(se, 2);
	close(se);
	slurp(ef, err, sizeof err);
	return st;
}

static void test_predictions(void)
{
	struct rows r;

	memset(&r, 0, sizeof r);
	CHECK(predict(&r, 1, "4.5,6.5", "7") == EX_OK && err[0] == '\0');
	CHECK(r.n == 3 && r.v[0] == 4.5 && r.v[1] == 6.5 && r.v[2] == 7);
	memset(&r, 0, sizeof r);
	CHECK(predict(&r, 2, "1,2;3,4", NULL) == EX_OK);
	CHECK(r.n == 2 && r.v[0] == 1 && r.v[1] == 2 && r.v[3] == 4);
	memset(&r, 0, sizeof r);
	CHECK(usage_says(predict(&r, 2, "1,2;3,4,5", NULL), "--predict: expected "
	    "2 values (one per predictor) in each row, got 3"));
	CHECK(r.n == 1);
	memset(&r, 0, sizeof r);
	CHECK(usage_says(predict(&r, 1, "1", "x"),
	    "--predict: invalid number 'x'"));
	memset(&r, 0, sizeof r);
	CHECK(usage_says(predict(&r, 1, "1", ";;"),
	    "--predict: expected x values separated by commas"));
	memset(&r, 0, sizeof r);
	r.fail = 1;
	CHECK(predict(&r, 3, "1,2,3", NULL) == EX_OSERR);
	CHECK(!strcmp(err, "linreg: out of memory\n"));
}

static void test_table(void)
{
	int n, i, k, nlong = 0;
	const struct opt_def *t = options_table(&n);

	for (i = 0; i < n; i++) {
		CHECK(t[i].name || t[i].letter);
		CHECK(t[i].help && t[i].help[0]);
		CHECK(!t[i].letter || t[i].id == t[i].letter);
		CHECK((t[i].arg != NULL) == (t[i].has_arg != no_argument));
		CHECK(t[i].name || t[i].brief);
		nlong += t[i].name != NULL;
		for (k = 0; k < i; k++) {
			CHECK(t[k].id != t[i].id);
			CHECK(!t[i].name || !t[k].name ||
			    strcmp(t[k].name, t[i].name));
			CHECK(!t[i].name || !t[k].name || t[k].rank != t[i].rank);
		}
	}
	/* The ranks of the long options are 0 .. nlong-1. */
	for (i = 0; i < n; i++)
		CHECK(!t[i].name || (t[i].rank >= 0 && t[i].rank < nlong));
	CHECK(t[0].section && !strcmp(t[0].section, "Input"));
}

/* Every option of the table in --help, each once, and lines fit 80 columns. */
static void test_help(void)
{
	FILE *f = tmpfile();
	int n, i;
	const struct opt_def *t = options_table(&n);
	char key[64];
	const char *p, *line;

	options_help(f);
	slurp(f, out, sizeof out);
	for (i = 0; i < n; i++) {
		const char *end = t[i].has_arg == optional_argument ? "[" : " ";
		if (t[i].name && t[i].letter)
			snprintf(key, sizeof key, "\n  -%c, --%s%s", t[i].letter,
			    t[i].name, end);
		else if (t[i].name)
			snprintf(key, sizeof key, "\n      --%s%s", t[i].name, end);
		else
			snprintf(key, sizeof key, "\n  -%c ", t[i].letter);
		p = strstr(out, key);
		CHECK(p != NULL && strstr(p + 1, key) == NULL);
	}
	for (line = out; *line; line = p + 1) {
		p = strchr(line, '\n');
		if (!p)
			break;
		CHECK(p - line < 80);
	}
}

/* The options on one .TP line of the man page: "-d" and/or "--delimiter". */
static void man_tag(const char *src, char *letter, char *name, size_t size)
{
	char line[512];
	size_t i, j;

	/* "\-" is the man page's hyphen. */
	for (i = j = 0; src[i] && j + 1 < sizeof line; i++) {
		if (src[i] == '\\' && src[i + 1] == '-')
			i++;
		line[j++] = src[i];
	}
	line[j] = '\0';
	*letter = 0;
	name[0] = '\0';
	for (i = 0; line[i]; i++) {
		int start = i == 0 || line[i - 1] == ' ' || line[i - 1] == '"';
		if (!start || line[i] != '-')
			continue;
		if (line[i + 1] == '-') {
			for (j = 0, i += 2; (line[i] == '-' || (line[i] >= 'a' &&
			    line[i] <= 'z') || (line[i] >= '0' && line[i] <= '9')) &&
			    j + 1 < size; i++)
				name[j++] = line[i];
			name[j] = '\0';
			i--;
		} else if (((line[i + 1] >= 'a' && line[i + 1] <= 'z') ||
		    (line[i + 1] >= 'A' && line[i + 1] <= 'Z')) &&
		    !(line[i + 2] >= 'a' && line[i + 2] <= 'z')) {
			*letter = line[i + 1];
		}
	}
}

/*
 * The OPTIONS of man/linreg.1 against the table: each entry of the
 * section (the line after a .TP or .TQ) is one option of the table with
 * the same letter and long name, and each option of the table has its
 * entry.
 */
static void test_man(void)
{
	const char *path = getenv("LINREG_MAN") ? getenv("LINREG_MAN") :
	    "man/linreg.1";
	FILE *f = fopen(path, "r");
	char line[512], name[64], letter;
	int n, i, in = 0, tp = 0, entry = 0, tags = 0;
	int seen[64] = { 0 }, last[64] = { 0 };
	const struct opt_def *t = options_table(&n);

	CHECK(f != NULL);
	if (!f) {
		fprintf(stderr, "  %s: cannot open (set LINREG_MAN)\n", path);
		return;
	}
	CHECK(n <= 64);
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, ".SH", 3))
			in = !strncmp(line, ".SH OPTIONS", 11);
		if (!in)
			continue;
		/* A tag follows .TP, and each .TQ (--progress, --no-progress). */
		if (!strncmp(line, ".TP", 3) || !strncmp(line, ".TQ", 3)) {
			entry += line[2] == 'P';
			tp = 1;
			continue;
		}
		if (!tp)
			continue;
		tp = 0;
		man_tag(line, &letter, name, sizeof name);
		for (i = 0; i < n && i < 64; i++)
			if (name[0] ? t[i].name && !strcmp(t[i].name, name) :
			    !t[i].name && t[i].letter == letter)
				break;
		CHECK(i < n);
		if (i == n) {
			fprintf(stderr, "  man page option not in the table: %s", line);
			continue;
		}
		CHECK(t[i].letter == letter);
		if (t[i].letter != letter)
			fprintf(stderr, "  letter differs: %s", line);
		/* --plot and --plot=COLSxLINES: two tags, one entry. */
		if (last[i] != entry)
			seen[i]++, tags++;
		last[i] = entry;
	}
	fclose(f);
	CHECK(tags == n);
	for (i = 0; i < n && i < 64; i++) {
		CHECK(seen[i] == 1);
		if (seen[i] != 1)
			fprintf(stderr, "  %s%c: %d entries in the man page\n",
			    t[i].name ? t[i].name : "-", t[i].name ? ' ' :
			    t[i].letter, seen[i]);
	}
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_defaults);
	RUN(test_values);
	RUN(test_merge);
	RUN(test_bad_values);
	RUN(test_combinations);
	RUN(test_one_thread);
	RUN(test_done);
	RUN(test_predictions);
	RUN(test_table);
	RUN(test_help);
	RUN(test_man);
	return harness_report("options");
}
