/*
 * test_sink.c - rows in (cli/sink.c), linked with the types the sink
 * keeps and the core: rows batched to the fit (LR_BATCH at a time,
 * and the rest at sink_flush), the fast lane's room and commit, invalid
 * rows as errors or counted skips (with the first one's message), a bad
 * weight, --every's tick, -g's rows to their groups, the pieces of
 * threads merged with their lines in the whole file, and the echo hooks
 * of --fitted's second pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "harness.h"
#include "sink.h"

/* Standard error to /dev/null around calls that say something. */
static int quiet_saved = -1;

static void quiet(int on)
{
	fflush(stderr);
	if (on) {
		FILE *null = fopen("/dev/null", "w");
		quiet_saved = dup(2);
		if (!null || quiet_saved < 0 || dup2(fileno(null), 2) < 0)
			abort();
		fclose(null);
	} else {
		dup2(quiet_saved, 2);
		close(quiet_saved);
	}
}

/* A sink of one predictor (two with weights: nx 1, weighted). */
static void setup(struct sink *s, int weighted, int skip)
{
	memset(s, 0, sizeof *s);
	s->nx = 1;
	s->weighted = weighted;
	s->ncols = 2 + weighted;
	s->skip_invalid = skip;
	s->spec.nx = 1;
	if (lr_fit_new(&s->spec, &s->fit) != LR_OK)
		abort();
}

static void test_batches(void)
{
	struct sink s;
	double v[2];
	size_t i;
	int bad = 0;

	setup(&s, 0, 0);
	for (i = 0; i < LR_BATCH + 10; i++) {
		v[0] = (double)i;
		v[1] = 2.0 * (double)i + 1;
		sink_count(&s);
		bad += sink_row(&s, v, "t", i + 1) != EX_OK;
	}
	CHECK(bad == 0 && s.rows_read == LR_BATCH + 10);
	/* A full batch went to the fit; the rest waits for the flush. */
	CHECK(lr_fit_count(s.fit) == LR_BATCH);
	CHECK(sink_flush(&s) == EX_OK);
	CHECK(lr_fit_count(s.fit) == LR_BATCH + 10);
	sink_free(&s);
}

static void test_room(void)
{
	struct sink s;
	double v[2] = { 1, 3 }, *x, *y;
	size_t n, i;

	setup(&s, 0, 0);
	/* The lane writes in place only once a row has made the batch. */
	CHECK(!sink_plain(&s));
	sink_count(&s);
	CHECK(sink_row(&s, v, "t", 1) == EX_OK);
	CHECK(sink_plain(&s));
	n = sink_room(&s, &x, &y);
	CHECK(n == 1 && x[0] == 1 && y[0] == 3);
	for (i = n; i < LR_BATCH; i++) {
		x[i] = (double)i;
		y[i] = (double)i;
	}
	CHECK(sink_commit(&s, LR_BATCH - n) == EX_OK);
	CHECK(s.rows_read == LR_BATCH && lr_fit_count(s.fit) == LR_BATCH);
	CHECK(sink_room(&s, &x, &y) == 0);
	/* Weights, --every or a picture: every row through sink_row. */
	s.every = 10;
	CHECK(!sink_plain(&s));
	sink_free(&s);
}

static void test_invalid(void)
{
	struct sink s;
	double v[3] = { 1, 2, -1 };

	setup(&s, 0, 1);
	sink_count(&s);
	CHECK(sink_invalid(&s, "f.csv", 4, "column 'y': missing value") ==
	    EX_OK);
	sink_count(&s);
	CHECK(sink_invalid(&s, "f.json: input[2]", 0, "later") == EX_OK);
	CHECK(s.rows_read == 2 && s.rows_skipped == 2);
	CHECK(s.first_skip && !strcmp(s.first_skip,
	    "f.csv:4: column 'y': missing value"));
	sink_free(&s);
	/* Without --skip-invalid: an error. */
	setup(&s, 0, 0);
	sink_count(&s);
	quiet(1);
	CHECK(sink_invalid(&s, "f.csv", 4, "bad") == EX_DATAERR);
	quiet(0);
	sink_free(&s);
	/* A weight that is not positive is an invalid row. */
	setup(&s, 1, 1);
	sink_count(&s);
	CHECK(sink_row(&s, v, "f.csv", 7) == EX_OK);
	CHECK(s.rows_skipped == 1 && s.first_skip && !strcmp(s.first_skip,
	    "f.csv:7: column 'w': weight must be positive, got -1"));
	CHECK(sink_flush(&s) == EX_OK && lr_fit_count(s.fit) == 0);
	sink_free(&s);
}

static int ticks;

static int tick(struct sink *s, void *ctx)
{
	(void)ctx;
	ticks++;
	/* The rows so far are in the fit when it is called. */
	return lr_fit_count(s->fit) == s->rows_read ? EX_OK : EX_SOFTWARE;
}

static void test_every(void)
{
	struct sink s;
	double v[2] = { 1, 2 };
	int i, bad = 0;

	setup(&s, 0, 0);
	s.every = s.next_every = 3;
	s.tick = tick;
	for (i = 0; i < 10; i++) {
		v[0] = i;
		sink_count(&s);
		bad += sink_row(&s, v, "t", 1) != EX_OK;
	}
	CHECK(bad == 0 && ticks == 3);
	sink_free(&s);
}

static void test_groups(void)
{
	struct sink s;
	const char *names[1] = { "city" };
	double v[2] = { 1, 2 };

	setup(&s, 0, 1);
	s.groups.ncols = 1;
	s.gval = calloc(1, sizeof *s.gval);
	s.glen = calloc(1, sizeof *s.glen);
	CHECK(sink_ngroup(&s) == 1);
	CHECK(sink_group_names(&s, names) == EX_OK);
	sink_count(&s);
	sink_group_value(&s, 0, "Oslo", 4);
	sink_group_ready(&s, 1);
	CHECK(sink_row(&s, v, "t", 1) == EX_OK);
	sink_count(&s);
	sink_group_value(&s, 0, "Rome", 4);
	sink_group_ready(&s, 1);
	CHECK(sink_invalid(&s, "t", 2, "bad") == EX_OK);
	sink_count(&s);
	sink_group_value(&s, 0, "Oslo", 4);
	sink_group_ready(&s, 1);
	CHECK(sink_row(&s, v, "t", 3) == EX_OK);
	/* Rows to their group's batch, to its fit at a flush; a skipped
	 * row counted in its group. */
	CHECK(s.groups.n == 2 && !strcmp(s.groups.names[0], "city"));
	CHECK(s.groups.group[0].rows == 2 && s.groups.group[1].rows == 0);
	CHECK(s.groups.group[1].skipped == 1);
	CHECK(lr_fit_count(s.groups.group[0].fit) == 0);
	CHECK(sink_flush(&s) == EX_OK);
	CHECK(lr_fit_count(s.groups.group[0].fit) == 2);
	CHECK(lr_fit_count(s.fit) == 0);
	sink_free(&s);
}

static void test_pieces(void)
{
	struct sink s, p[2];
	double v[2] = { 1, 2 };
	const char *names[2] = { "a", "b" };

	setup(&s, 0, 1);
	CHECK(sink_names(&s, names) == EX_OK);
	memset(p, 0, sizeof p);
	CHECK(sink_init_piece(&p[0], &s) == EX_OK);
	CHECK(sink_init_piece(&p[1], &s) == EX_OK);
	CHECK(p[0].name == s.name && p[0].defer);
	/* Piece 1's first skipped row is its line 2, the file's line 11. */
	sink_count(&p[0]);
	CHECK(sink_row(&p[0], v, "f", 1) == EX_OK);
	CHECK(sink_flush(&p[0]) == EX_OK);
	sink_count(&p[1]);
	CHECK(sink_row(&p[1], v, "f", 1) == EX_OK);
	sink_count(&p[1]);
	CHECK(sink_invalid(&p[1], "f", 2, "bad cell") == EX_OK);
	CHECK(sink_flush(&p[1]) == EX_OK);
	CHECK(p[1].first_skip == NULL);
	CHECK(sink_merge_piece(&s, &p[0], "f.csv", 1) == EX_OK);
	CHECK(sink_merge_piece(&s, &p[1], "f.csv", 10) == EX_OK);
	CHECK(s.rows_read == 3 && s.rows_skipped == 1);
	CHECK(lr_fit_count(s.fit) == 2);
	CHECK(s.first_skip && !strcmp(s.first_skip, "f.csv:11: bad cell"));
	/* An error kept by a piece, said with the file's line. */
	CHECK(sink_defer_error(&p[0], 3, "a line too long") == EX_DATAERR);
	quiet(1);
	CHECK(sink_piece_error(&p[0], "f.csv", 100) == 1);
	quiet(0);
	CHECK(sink_piece_error(&p[1], "f.csv", 100) == 0);
	sink_free_piece(&p[0]);
	sink_free_piece(&p[1]);
	sink_free(&s);
}

/* A grouped row of group g (x, y) into sink s. */
static int group_line(struct sink *s, const char *g, double x, double y)
{
	double v[3];
	v[0] = x;
	v[1] = y;
	v[2] = 1; /* the weight, in a sink of weights */
	sink_count(s);
	sink_group_value(s, 0, g, strlen(g));
	sink_group_ready(s, 1);
	return sink_row(s, v, "f", 1);
}

/*
 * -g with pieces: each piece its own groups; merged in file order, the
 * groups come in the file's first-seen order with their counts added.
 * The fits: y = 2x + 1 in group a, over both pieces.
 */
static void test_group_pieces(void)
{
	struct sink s, p[2];
	const char *names[2] = { "x", "y" }, *gn[1] = { "g" };
	lr_result *r;

	setup(&s, 0, 1);
	s.groups.ncols = 1;
	s.gval = calloc(1, sizeof *s.gval);
	s.glen = calloc(1, sizeof *s.glen);
	CHECK(sink_names(&s, names) == EX_OK);
	CHECK(sink_group_names(&s, gn) == EX_OK);
	memset(p, 0, sizeof p);
	CHECK(sink_init_piece(&p[0], &s) == EX_OK);
	CHECK(sink_init_piece(&p[1], &s) == EX_OK);
	CHECK(p[1].groups.ncols == 1 && p[1].gval && p[1].glen);
	CHECK(group_line(&p[0], "b", 1, 5) == EX_OK);
	CHECK(group_line(&p[0], "a", 1, 3) == EX_OK);
	CHECK(group_line(&p[1], "c", 1, 1) == EX_OK);
	CHECK(group_line(&p[1], "a", 2, 5) == EX_OK);
	CHECK(group_line(&p[1], "a", 3, 7) == EX_OK);
	sink_count(&p[1]);
	sink_group_value(&p[1], 0, "c", 1);
	sink_group_ready(&p[1], 1);
	CHECK(sink_invalid(&p[1], "f", 6, "bad cell") == EX_OK);
	CHECK(sink_flush(&p[0]) == EX_OK && sink_flush(&p[1]) == EX_OK);
	CHECK(sink_piece_mergeable(&p[0]) && sink_piece_mergeable(&p[1]));
	CHECK(sink_merge_piece(&s, &p[0], "f.csv", 2) == EX_OK);
	CHECK(sink_merge_piece(&s, &p[1], "f.csv", 4) == EX_OK);
	REQUIRE(s.groups.n == 3);
	CHECK(!strcmp(s.groups.group[0].val[0], "b") &&
	    !strcmp(s.groups.group[1].val[0], "a") &&
	    !strcmp(s.groups.group[2].val[0], "c"));
	CHECK(s.groups.group[1].rows == 3 &&
	    lr_fit_count(s.groups.group[1].fit) == 3);
	CHECK(s.groups.group[2].rows == 1 && s.groups.group[2].skipped == 1);
	CHECK(s.rows_read == 6 && s.rows_skipped == 1);
	CHECK(lr_solve(s.groups.group[1].fit, 0.95, &r) == LR_OK);
	if (r) {
		CHECK_REL(lr_result_coef(r, 1)->estimate, 2, 1e-15);
		CHECK_REL(lr_result_coef(r, 0)->estimate, 1, 1e-15);
	}
	lr_result_free(r);
	sink_free_piece(&p[0]);
	sink_free_piece(&p[1]);
	sink_free(&s);
}

/*
 * -g's fast entry: after a first row the long way, rows go straight to
 * their group's batch; a bad weight is an invalid row of its group.
 * The fit: y = 2x + 1 (weights 1 and 3), exactly.
 */
static void test_group_fast(void)
{
	struct sink s;
	const char *gn[1] = { "g" }, *val[1];
	size_t len[1];
	double v[3] = { 0, 1, 1 };
	lr_result *r;
	int i, bad = 0;

	setup(&s, 1, 1);
	s.groups.ncols = 1;
	s.gval = calloc(1, sizeof *s.gval);
	s.glen = calloc(1, sizeof *s.glen);
	CHECK(sink_group_names(&s, gn) == EX_OK);
	CHECK(!sink_group_plain(&s)); /* no pool before a first row */
	CHECK(group_line(&s, "a", 0, 1) == EX_OK);
	CHECK(sink_group_plain(&s));
	for (i = 1; i <= 10; i++) {
		val[0] = i % 2 ? "b" : "a";
		len[0] = 1;
		v[0] = i;
		v[1] = 2.0 * i + 1;
		v[2] = i % 2 ? 1 : 3;
		bad += sink_group_row(&s, val, len, v, "f", (uint64_t)i + 2) != EX_OK;
	}
	v[2] = -1;
	bad += sink_group_row(&s, val, len, v, "f", 13) != EX_OK;
	CHECK(bad == 0);
	CHECK(sink_flush(&s) == EX_OK);
	REQUIRE(s.groups.n == 2);
	CHECK(s.rows_read == 12 && s.rows_skipped == 1);
	CHECK(s.groups.group[0].rows == 6 && s.groups.group[1].rows == 5);
	CHECK(s.groups.group[0].skipped == 1); /* the last row's group, a */
	CHECK(lr_fit_count(s.groups.group[1].fit) == 5);
	CHECK(lr_solve(s.groups.group[0].fit, 0.95, &r) == LR_OK);
	if (r) {
		CHECK_REL(lr_result_coef(r, 1)->estimate, 2, 1e-15);
		CHECK_REL(lr_result_coef(r, 0)->estimate, 1, 1e-15);
	}
	lr_result_free(r);
	sink_free(&s);
}

static int echoed_json, echoed_valid;

static int echo_json(void *ctx, const void *row, const double *v, int valid)
{
	(void)row;
	(void)v;
	echoed_json += ctx == &echoed_json;
	echoed_valid += valid;
	return EX_OK;
}

static void test_echo(void)
{
	struct sink s;
	struct sink_echo e;
	double v[2] = { 1, 2 };
	const char *given[2] = { NULL, "mass" };
	struct input_opts o;

	setup(&s, 0, 0);
	memset(&e, 0, sizeof e);
	e.json = echo_json;
	e.ctx = &echoed_json;
	CHECK(!sink_echoing(&s) && sink_echoed(&s) == 0);
	s.echo = &e;
	CHECK(sink_echoing(&s));
	CHECK(sink_echo_json(&s, NULL, v, 1) == EX_OK);
	CHECK(sink_echo_json(&s, NULL, NULL, 0) == EX_OK);
	CHECK(sink_echoed(&s) == 2 && echoed_json == 2 && echoed_valid == 1);
	s.echo = NULL;
	/* The names: as given, else the defaults. */
	memset(&o, 0, sizeof o);
	o.nx = 1;
	o.ncols = 2;
	CHECK(sink_names_or_default(&s, &o, given) == EX_OK);
	CHECK(!strcmp(s.name[0], "x") && !strcmp(s.name[1], "mass"));
	/* Predictions are kept nx values a row. */
	CHECK(sink_predict(&s, v) == EX_OK && sink_predict(&s, v + 1) ==
	    EX_OK);
	CHECK(s.pred.n == 2 && s.pred.x[1] == 2);
	sink_free(&s);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_batches);
	RUN(test_room);
	RUN(test_invalid);
	RUN(test_every);
	RUN(test_groups);
	RUN(test_pieces);
	RUN(test_group_pieces);
	RUN(test_group_fast);
	RUN(test_echo);
	return harness_report("sink");
}
