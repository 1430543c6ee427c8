/*
 * test_delimited.c - delimited text as rows (cli/delimited.c) and
 * --predict-file's rows (cli/predict.c), linked alone with the CSV
 * reader and the number parser: header detection, column lookup by
 * name and index, a field taken twice, a record's cells as numbers or
 * the message for the first bad one, and the rows of a prediction file.
 *
 * Messages go to standard error through msg(); each is caught in a
 * temporary file and compared whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "delimited.h"
#include "diag.h"
#include "harness.h"
#include "predict.h"

/* A record of the NUL-terminated fields f[0..n). */
struct rec {
	csv_record r;
	char *field[8];
	size_t len[8];
};

static const csv_record *mkrec(struct rec *k, uint64_t line, int n,
    const char *const *f)
{
	int i;
	for (i = 0; i < n; i++) {
		k->field[i] = (char *)f[i];
		k->len[i] = strlen(f[i]);
	}
	k->r.nfields = (size_t)n;
	k->r.field = k->field;
	k->r.len = k->len;
	k->r.line = k->r.end_line = line;
	return &k->r;
}

/* -x/-y as given (NULL: the default), ncols = 2. */
static void opts(struct input_opts *o, struct colspec *col, const char *x,
    const char *y)
{
	memset(o, 0, sizeof *o);
	memset(col, 0, 2 * sizeof *col);
	col[0].name = x;
	col[0].deflt = "x";
	col[0].defindex = 1;
	col[1].name = y;
	col[1].deflt = "y";
	col[1].defindex = 2;
	if (x && strspn(x, "0123456789") == strlen(x))
		col[0].index = atol(x);
	if (y && strspn(y, "0123456789") == strlen(y))
		col[1].index = atol(y);
	o->header = -1;
	o->nx = 1;
	o->ncols = 2;
	o->col = col;
}

static void test_header(void)
{
	static const char *const names[] = { "height", "weight", "age" };
	static const char *const nums[] = { "1.5", "2", "3" };
	static const char *const gap[] = { "", "2" };
	struct input_opts o;
	struct colspec col[2];
	struct column cols[3];
	struct rec k;
	int header = -1;
	const char *said;

	/* A name where a column is: a header, columns 1 and 2 by default. */
	opts(&o, col, NULL, NULL);
	CHECK(delimited_header(mkrec(&k, 1, 3, names), "f.csv", &o, cols,
	    &header) == EX_OK);
	CHECK(header == 1 && cols[0].field == 0 && cols[1].field == 1);
	CHECK(cols[0].name && !strcmp(cols[0].name, "height"));
	free(cols[0].name);
	free(cols[1].name);
	/* Numbers: no header, no names. */
	CHECK(delimited_header(mkrec(&k, 1, 3, nums), "f.csv", &o, cols,
	    &header) == EX_OK);
	CHECK(header == 0 && cols[0].name == NULL && cols[1].field == 1);
	/* An empty cell is a missing value, not a name. */
	CHECK(delimited_header(mkrec(&k, 1, 2, gap), "f.csv", &o, cols,
	    &header) == EX_OK && header == 0);
	/* -x age -y 1: by name and by index. */
	opts(&o, col, "age", "1");
	CHECK(delimited_header(mkrec(&k, 1, 3, names), "f.csv", &o, cols,
	    &header) == EX_OK);
	CHECK(header == 1 && cols[0].field == 2 && cols[1].field == 0);
	CHECK(cols[1].name && !strcmp(cols[1].name, "height"));
	free(cols[0].name);
	free(cols[1].name);
	/* A name the header lacks. */
	opts(&o, col, "size", NULL);
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 1, 3, names), "f.csv", &o, cols,
	    &header) == EX_DATAERR);
	said = cap_end();
	CHECK(!strcmp(said, "linreg: f.csv:1: no column named 'size' in the "
	    "header; columns: 'height', 'weight', 'age'\n"));
	/* A name, but no header (--no-header). */
	o.header = 0;
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 1, 3, nums), "f.csv", &o, cols,
	    &header) == EX_DATAERR);
	said = cap_end();
	CHECK(strstr(said, "column 'size' is given by name, but the input "
	    "has no header row") != NULL);
	/* One field for x and y. */
	opts(&o, col, "2", "2");
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 3, 3, nums), "f.csv", &o, cols,
	    &header) == EX_USAGE);
	said = cap_end();
	CHECK(!strcmp(said, "linreg: f.csv:3: column 2 is selected twice (as "
	    "a predictor and as the response): name the columns with -x "
	    "and -y\n"));
}

/* Issue 15's stumbles: defaults that depend on the header's width, the
 * nearest name, and a weight that is also a predictor. */
static void test_defaults_and_names(void)
{
	static const char *const three[] = { "height", "weight", "age" };
	static const char *const two[] = { "a", "b" };
	struct input_opts o;
	struct colspec col[3];
	struct column cols[3];
	struct rec k;
	int header;
	const char *said;

	memset(cols, 0, sizeof cols);
	/* -x NAME without -y, three columns: a usage error naming -y. */
	opts(&o, col, "weight", NULL);
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 1, 3, three), "f.csv", &o, cols,
	    &header) == EX_USAGE);
	said = cap_end();
	CHECK(strstr(said, "-x weight without -y: the input has 3 columns; "
	    "name the response with -y") != NULL);
	free(cols[0].name);
	free(cols[1].name);
	/* ... two columns: the response is the other one. */
	opts(&o, col, "b", NULL);
	CHECK(delimited_header(mkrec(&k, 1, 2, two), "f.csv", &o, cols,
	    &header) == EX_OK);
	CHECK(cols[0].field == 1 && cols[1].field == 0);
	CHECK(cols[1].name && !strcmp(cols[1].name, "a"));
	free(cols[0].name);
	free(cols[1].name);
	/* -y alone, the first column: x is the first other one, said. */
	opts(&o, col, NULL, "height");
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 1, 3, three), "f.csv", &o, cols,
	    &header) == EX_OK);
	said = cap_end();
	CHECK(cols[0].field == 1 && cols[1].field == 0);
	CHECK(cols[0].name && !strcmp(cols[0].name, "weight"));
	CHECK(strstr(said, "the predictor is column 'weight'") != NULL);
	free(cols[0].name);
	free(cols[1].name);
	/* Case first, then the edit distance; none when far. */
	opts(&o, col, "Age", "height");
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 1, 3, three), "f.csv", &o, cols,
	    &header) == EX_DATAERR);
	said = cap_end();
	CHECK(strstr(said, "(did you mean 'age'?)") != NULL);
	free(cols[0].name);
	opts(&o, col, "wieght", "height");
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 1, 3, three), "f.csv", &o, cols,
	    &header) == EX_DATAERR);
	said = cap_end();
	CHECK(strstr(said, "(did you mean 'weight'?)") != NULL);
	free(cols[0].name);
	opts(&o, col, "zzz", "height");
	cap_begin();
	CHECK(delimited_header(mkrec(&k, 1, 3, three), "f.csv", &o, cols,
	    &header) == EX_DATAERR);
	said = cap_end();
	CHECK(strstr(said, "did you mean") == NULL);
	/* The weight may be the predictor. */
	opts(&o, col, "weight", "height");
	col[2].name = "weight";
	o.ncols = 3;
	o.weighted = 1;
	CHECK(delimited_header(mkrec(&k, 1, 3, three), "f.csv", &o, cols,
	    &header) == EX_OK);
	CHECK(cols[0].field == 1 && cols[2].field == 1);
	free(cols[0].name);
	free(cols[1].name);
	free(cols[2].name);
}

static void test_values(void)
{
	static const char *const good[] = { "1.5", "-2e3", "x" };
	static const char *const bad[] = { "1.5", "abc" };
	static const char *const esc[] = { "1", "\033[2J" };
	struct column cols[2] = { { 0, NULL }, { 1, (char *)"y" } };
	struct rec k;
	double v[2] = { 0, 0 };
	char what[300];

	CHECK(delimited_values(mkrec(&k, 2, 3, good), cols, 2, v, what,
	    sizeof what) == 1);
	CHECK(v[0] == 1.5 && v[1] == -2000);
	CHECK(delimited_values(mkrec(&k, 2, 2, bad), cols, 2, v, what,
	    sizeof what) == 0);
	CHECK(!strcmp(what, "column 'y': cannot read \"abc\" as a number"));
	CHECK(delimited_values(mkrec(&k, 2, 1, bad), cols, 2, v, what,
	    sizeof what) == 0);
	CHECK(!strcmp(what, "column 'y': missing (the row has 1 field)"));
	/* A control byte of the data is shown escaped. */
	CHECK(delimited_values(mkrec(&k, 2, 2, esc), cols, 2, v, what,
	    sizeof what) == 0);
	CHECK(!strcmp(what, "column 'y': cannot read \"\\x1b[2J\" as a "
	    "number"));
	cols[1].name = NULL;
	CHECK(delimited_values(mkrec(&k, 2, 2, bad), cols, 2, v, what,
	    sizeof what) == 0);
	CHECK(!strcmp(what, "column 2: cannot read \"abc\" as a number"));
	describe_cell(what, sizeof what, "", 0, NUM_EMPTY);
	CHECK(!strcmp(what, "missing value"));
	describe_cell(what, sizeof what, "1e999", 5, NUM_RANGE);
	CHECK(!strncmp(what, "cannot read \"1e999\" as a number (", 33));
}

static void test_names(void)
{
	struct input_opts o;
	struct colspec col[2], gcol[2];
	struct column cols[4] = { { 0, (char *)"a" }, { 1, NULL },
	    { 2, NULL }, { 3, (char *)"city" } };
	const char *names[2], *gnames[2];
	char gbuf[2][16];

	opts(&o, col, NULL, NULL);
	memset(gcol, 0, sizeof gcol);
	o.ngroup = 2;
	o.gcol = gcol;
	delimited_names(&o, cols, names, gnames, gbuf);
	CHECK(!strcmp(names[0], "a") && names[1] == NULL);
	CHECK(!strcmp(gnames[0], "g1") && !strcmp(gnames[1], "city"));
}

/* A reader of the text s (through a temporary file, left open). */
static csv_reader *reader(const char *s, int delim)
{
	FILE *f = tmpfile();
	if (!f || fputs(s, f) == EOF || fflush(f) || fseek(f, 0, SEEK_SET))
		abort();
	return csv_open(fileno(f), delim);
}

static void test_predict(void)
{
	struct input_opts o;
	struct colspec col[3];
	struct predictions p;
	csv_reader *r;
	const char *said;

	memset(&p, 0, sizeof p);
	/* No header: the first nx columns. */
	opts(&o, col, NULL, NULL);
	r = reader("1,9\n2.5,9\n", ',');
	CHECK(predict_read(r, "p.csv", &o, &p) == EX_OK);
	CHECK(p.n == 2 && p.x[0] == 1 && p.x[1] == 2.5);
	csv_close(r);
	/* A header: the -x name picks the column. */
	opts(&o, col, "b", NULL);
	r = reader("a,b\n1,7\n", ',');
	CHECK(predict_read(r, "p.csv", &o, &p) == EX_OK);
	CHECK(p.n == 3 && p.x[2] == 7);
	csv_close(r);
	/* A bad cell: its line and column. */
	opts(&o, col, NULL, NULL);
	r = reader("1\nx1\n", ',');
	cap_begin();
	CHECK(predict_read(r, "p.csv", &o, &p) == EX_DATAERR);
	said = cap_end();
	CHECK(!strcmp(said, "linreg: p.csv:2: column 1: cannot read \"x1\" "
	    "as a number\n"));
	CHECK(p.n == 4);
	csv_close(r);
	predict_free(&p);
	CHECK(p.n == 0 && p.x == NULL);
	/* Two predictors a row (rows of one width per struct). */
	{
		double x[2] = { 3, 4 };
		int i, bad = 0;
		for (i = 0; i < 20; i++)
			bad += predict_add(&p, 2, x) != EX_OK;
		CHECK(bad == 0 && p.n == 20 && p.x[38] == 3 && p.x[39] == 4);
	}
	predict_free(&p);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_header);
	RUN(test_defaults_and_names);
	RUN(test_values);
	RUN(test_names);
	RUN(test_predict);
	return harness_report("delimited");
}
