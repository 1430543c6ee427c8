/*
 * test_model.c - unit tests of the design layer (cli/model.c) alone,
 * with the formula parser, the date reader, the number parser and the
 * core: kinds from the first value, levels and their order, --ref, the
 * wide layout growing as levels arrive, R's coded names and
 * coefficients, merging wide fits, clones, named and known rows, the
 * nested model of --compare and a state read back; and the wide fit
 * fed through cli/wide.c (cells, dense batches) against row by row.
 *
 * Why cut so: the sink drives model.c row by row; here a small feed()
 * does what the sink does (cells checked with commit 0, then learnt;
 * start; levels; the wide row; the fit made or widened), so that each
 * function's contract is tested without a reader.  Every number is R's
 * (the command beside it), never linreg's own output; the data of most
 * tests is
 *
 *   d <- data.frame(y = c(1,3,2,5,4,7,6,8,9,12),
 *                   f = c("b","a","c","a","b","c","a","b","c","a"),
 *                   g = c("u","v","u","v","v","u","u","v","v","v"),
 *                   x = c(1,2,3,4,5,6,7,8,9,10.5))
 */
#include <stdint.h>
#include <time.h>

#include "harness.h"
#include "model.h"
#include "number.h"
#include "source.h"
#include "wide.h"

#define NROW 10
static const char *const D_y[NROW] = {"1", "3", "2", "5", "4", "7", "6",
	"8", "9", "12"};
static const char *const D_f[NROW] = {"b", "a", "c", "a", "b", "c", "a",
	"b", "c", "a"};
static const char *const D_g[NROW] = {"u", "v", "u", "v", "v", "u", "u",
	"v", "v", "v"};
static const char *const D_x[NROW] = {"1", "2", "3", "4", "5", "6", "7",
	"8", "9", "10.5"};

/* Column `name` of the data d, row r. */
static const char *cell_of(const char *name, int r)
{
	if (!strcmp(name, "y"))
		return D_y[r];
	if (!strcmp(name, "f"))
		return D_f[r];
	if (!strcmp(name, "g"))
		return D_g[r];
	if (!strcmp(name, "x"))
		return D_x[r];
	return NULL;
}

/* A model of formula text (no `.`). */
static struct model *make(const char *text)
{
	struct formula f;
	struct model *m;
	char err[200];
	size_t at;
	if (formula_parse(text, NULL, 0, &f, err, sizeof err, &at)) {
		fprintf(stderr, "%s: %s at %zu\n", text, err, at);
		return NULL;
	}
	if (model_new(&f, &m)) {
		formula_free(&f);
		return NULL;
	}
	return m;
}

/* A cell as the model's value: a whole number, else text. */
static int cell_value(struct model *m, int i, const char *p, double *v,
    int commit)
{
	double x;
	if (num_parse(p, strlen(p), &x) == NUM_OK)
		return model_number(m, i, x, v, commit);
	return model_text(m, i, p, strlen(p), v, commit);
}

/*
 * One row (cells[i] the text of formula column i) into m and *fit, as
 * the sink does.  0, 1 for an invalid row (nothing learnt), -1 on a
 * failure.
 */
static int feed_cells(struct model *m, lr_fit **fit, const char *const *cells)
{
	double val[16] = {0}, x[LR_MAX_NX], y;
	char what[200];
	int i, commit;
	for (commit = 0; commit < 2; commit++)
		for (i = 0; i < m->f.ncol; i++) {
			int r = cell_value(m, i, cells[i], &val[i], commit);
			if (r != 1)
				return r == 0 ? 1 : -1;
		}
	if (model_start(m) || m->identity || model_check(m, what, sizeof what))
		return -1;
	if (model_levels(m, val))
		return -1;
	if (model_row(m, val, x, &y, what, sizeof what))
		return 1;
	if (!m->fitwide) {
		lr_spec spec = {0, 0, 0};
		spec.nx = m->nwide;
		if (lr_fit_new(&spec, fit) != LR_OK)
			return -1;
		m->fitwide = 1;
	} else if (model_widen_fit(m, *fit, 0) != LR_OK) {
		return -1;
	}
	m->nwiden = 0;
	return lr_fit_add(*fit, x, y) == LR_OK ? 0 : -1;
}

/* Row r of d into m. */
static int feed(struct model *m, lr_fit **fit, int r)
{
	const char *cells[16] = {0};
	int i;
	for (i = 0; i < m->f.ncol; i++)
		cells[i] = cell_of(m->f.col[i], r);
	return feed_cells(m, fit, cells);
}

/* The rows order[0..n-1] of d, then R's coding solved. */
static lr_result *fit_rows(struct model *m, lr_fit **fit, const int *order,
    int n)
{
	lr_result *res = NULL;
	int i;
	for (i = 0; i < n; i++)
		if (feed(m, fit, order ? order[i] : i))
			return NULL;
	if (model_solve(m, *fit, 0.95, &res, NULL) != LR_OK)
		return NULL;
	return res;
}

static double coef(const lr_result *r, int j)
{
	return lr_result_coef(r, j)->estimate;
}

/* ------------------------------------------------------------------ */

/* Kinds from the first value; commit 0 learns nothing. */
static void test_kinds(void)
{
	struct model *m = make("y ~ f + x + d + log(z)");
	double v;
	REQUIRE(m);
	/* columns: y f x d z */
	REQUIRE(m->f.ncol == 5);
	/* commit 0: nothing decided, no level */
	CHECK(model_text(m, 1, "b", 1, &v, 0) == 1);
	CHECK(m->col[1].kind == MC_UNKNOWN && m->col[1].lv.n == 0);
	CHECK(model_number(m, 2, 2.5, &v, 0) == 1 && v == 2.5);
	CHECK(m->col[2].kind == MC_UNKNOWN);
	CHECK(model_text(m, 3, "2026-01-03", 10, &v, 0) == 1);
	CHECK(v == 1767398400.0); /* as.numeric(as.POSIXct("2026-01-03", tz="UTC")) */
	CHECK(m->col[3].kind == MC_UNKNOWN);
	/* commit 1: text where a predictor takes the column bare: a factor */
	CHECK(model_text(m, 1, "b", 1, &v, 1) == 1 && v == 0);
	CHECK(m->col[1].kind == MC_FACTOR && m->col[1].lv.n == 1);
	CHECK(model_text(m, 1, "a", 1, &v, 1) == 1 && v == 1);
	CHECK(model_text(m, 1, "b", 1, &v, 1) == 1 && v == 0);
	CHECK(m->col[1].lv.n == 2);
	/* a number column meeting text: invalid, never a level */
	CHECK(model_number(m, 2, 2.5, &v, 1) == 1 && v == 2.5);
	CHECK(m->col[2].kind == MC_NUMBER);
	CHECK(model_text(m, 2, "abc", 3, &v, 1) == 0);
	CHECK(model_text(m, 2, "abc", 3, &v, 0) == 0);
	CHECK(m->col[2].kind == MC_NUMBER && m->col[2].lv.n == 0);
	/* an ISO date: a date column; then text or a number is invalid */
	CHECK(model_text(m, 3, "2026-01-03", 10, &v, 1) == 1);
	CHECK(m->col[3].kind == MC_DATE && v == 1767398400.0);
	CHECK(model_text(m, 3, "abc", 3, &v, 1) == 0);
	CHECK(model_number(m, 3, 5, &v, 1) == 0);
	CHECK(model_text(m, 3, "2026-01-03T00:00:01Z", 20, &v, 1) == 1 &&
	    v == 1767398401.0);
	/* text inside log(), or in the response: not a level */
	CHECK(model_text(m, 4, "abc", 3, &v, 1) == 0);
	CHECK(m->col[4].kind == MC_UNKNOWN && m->col[4].lv.n == 0);
	CHECK(model_text(m, 0, "abc", 3, &v, 1) == 0);
	CHECK(m->col[0].kind == MC_UNKNOWN);
	/* the kinds left unknown are numbers at the start */
	CHECK(model_start(m) == 0);
	CHECK(m->col[0].kind == MC_NUMBER && m->col[4].kind == MC_NUMBER);
	model_free(m);
}

/* A response or a log() of a column that is categorical: model_check. */
static void test_check(void)
{
	struct model *m = make("y ~ f + log(z)");
	char what[200];
	double v;
	REQUIRE(m);
	m->col[2].kind = MC_NUMBER;
	CHECK(model_options(m, &(struct model_opts){"z", NULL, 0, 1, 0},
	    what, sizeof what) == 0);
	CHECK(m->col[2].kind == MC_FACTOR);
	CHECK(model_text(m, 1, "a", 1, &v, 1) == 1);
	CHECK(model_start(m) == 0);
	CHECK(model_check(m, what, sizeof what) == 1);
	CHECK(strstr(what, "log(z)") != NULL);
	model_free(m);
	/* --factor of a column the model does not have */
	m = make("y ~ f");
	REQUIRE(m);
	CHECK(model_options(m, &(struct model_opts){"q", NULL, 0, 1, 0},
	    what, sizeof what) == 1);
	CHECK(strstr(what, "'q'") != NULL);
	model_free(m);
}

/*
 * The model of -x/-y: every column name can be written in a formula
 * (R's reserved words in backquotes), except one with a backquote.
 */
static void test_from_columns(void)
{
	static const char *const names[][3] = {{"x", "z", "y"},
		{"in", "next", "out"}, {"NA", "TRUE", "y"}, {"x", "Inf", "NULL"},
		{"my col", "function", "if"}, {"x.1", "_a", "2y"}};
	static const char *const quoted[] = {"a`b", "x", "y"};
	struct model_opts mo = {NULL, NULL, 0, 1, 0};
	struct model *m;
	size_t i;
	int k;
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		m = model_from_columns(names[i], 2, &mo);
		if (!m)
			fprintf(stderr, "no model of %s, %s, %s\n", names[i][0],
			    names[i][1], names[i][2]);
		REQUIRE(m);
		REQUIRE(m->f.ncol == 3 && m->f.nterm == 2 && m->f.intercept);
		CHECK(!strcmp(m->f.col[0], names[i][2]) && m->src[0] == 2);
		for (k = 0; k < 2; k++)
			CHECK(!strcmp(m->f.col[k + 1], names[i][k]) &&
			    m->src[k + 1] == k);
		model_free(m);
	}
	mo.origin = 1;
	m = model_from_columns(names[0], 2, &mo);
	REQUIRE(m);
	CHECK(m->f.intercept == 0);
	model_free(m);
	CHECK(model_from_columns(quoted, 2, &mo) == NULL);
}

/* Levels in byte order, whatever their arrival order. */
static void test_level_order(void)
{
	static const char *const in[] = {"b", "ab", "C", "a", "b", "_", "B"};
	/* sort(c("b","ab","C","a","_","B"), method = "radix") (C locale):
	 * "B" "C" "_" "a" "ab" "b" */
	static const char *const want[] = {"B", "C", "_", "a", "ab", "b"};
	struct model *m = make("y ~ f");
	int order[8], i;
	double v;
	REQUIRE(m);
	for (i = 0; i < 7; i++) {
		REQUIRE(model_text(m, 1, in[i], strlen(in[i]), &v, 1) == 1);
		m->col[1].lv.used[(int)v] = 1;
	}
	REQUIRE(m->col[1].lv.n == 6);
	m->col[1].lv.nused = 6;
	model_level_order(m, 1, order);
	for (i = 0; i < 6; i++)
		CHECK(!strcmp(m->col[1].lv.name[order[i]], want[i]));
	CHECK(model_level_id(m, 1, "ab", 2) == 1);
	CHECK(model_level_id(m, 1, "zz", 2) == -1);
	model_free(m);
}

/*
 * Many levels: each found again by name, in a clone too, in linear
 * time (a group's model takes every level name the data has: -g
 * country 'y ~ city' with 6000 cities took 50 s when each new level
 * rehashed the whole table).
 */
static void test_many_levels(void)
{
	enum { NL = 20000 };
	struct model *m = make("y ~ f"), *c;
	clock_t t0 = clock();
	char name[32];
	double v;
	int i, bad = 0;
	REQUIRE(m);
	for (i = 0; i < NL; i++) {
		int n = snprintf(name, sizeof name, "level %d", i * 7919 % NL);
		bad += model_text(m, 1, name, (size_t)n, &v, 1) != 1 || v != i;
	}
	CHECK(bad == 0 && m->col[1].lv.n == NL);
	c = model_clone(m);
	REQUIRE(c);
	for (i = 0; i < NL; i++) {
		int n = snprintf(name, sizeof name, "level %d", i * 7919 % NL);
		bad += model_level_id(m, 1, name, (size_t)n) != i;
		bad += model_level_id(c, 1, name, (size_t)n) != i;
	}
	CHECK(bad == 0);
	CHECK(model_level_id(c, 1, "level", 5) == -1);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2);
	model_free(m);
	model_free(c);
}

/*
 * factor(x) of numbers: levels by value, labelled as R writes them.
 * R: d <- data.frame(y = c(1,2,4,3,5,8), x = c(10,2,0.5,1e5,2,10))
 *    print(coef(lm(y ~ factor(x), d)), digits = 17)
 * (levels "0.5" "2" "10" "1e+05")
 */
static void test_factor_numbers(void)
{
	static const char *const y[] = {"1", "2", "4", "3", "5", "8"};
	static const char *const x[] = {"10", "2", "0.5", "1e5", "2", "10"};
	static const char *const names[] = {"factor(x)2", "factor(x)10",
		"factor(x)1e+05"};
	static const double want[] = {4.00000000000000178,
		-0.50000000000000133, 0.49999999999999933, -1.00000000000000133};
	struct model *m = make("y ~ factor(x)");
	lr_fit *fit = NULL;
	lr_result *res = NULL;
	int i;
	REQUIRE(m);
	CHECK(m->col[1].kind == MC_FACTOR && m->col[1].forced);
	for (i = 0; i < 6; i++) {
		const char *cells[2];
		cells[0] = y[i];
		cells[1] = x[i];
		REQUIRE(feed_cells(m, &fit, cells) == 0);
	}
	CHECK(m->col[1].numeric_levels == 1);
	REQUIRE(model_solve(m, fit, 0.95, &res, NULL) == LR_OK);
	REQUIRE(m->ncoded == 3);
	for (i = 0; i < 3; i++)
		CHECK(!strcmp(m->coded_name[i], names[i]));
	for (i = 0; i < 4; i++)
		CHECK_REL(coef(res, i), want[i], 1e-12);
	lr_result_free(res);
	lr_fit_free(fit);
	model_free(m);
}

/*
 * --ref moves the reference.
 * R: d$f2 <- relevel(factor(d$f), ref = "c")
 *    print(coef(lm(y ~ x + f2, d)), digits = 17)
 */
static void test_ref(void)
{
	static const double want[] = {-0.19527950310558884, 1.03254658385093157,
		0.62906832298136628, -0.28993788819875710};
	char *refs[] = {"f=c"}, *bad[] = {"q=c"};
	struct model_opts mo = {NULL, refs, 1, 1, 0};
	struct model *m = make("y ~ x + f");
	lr_fit *fit = NULL;
	lr_result *res;
	char what[200];
	int i;
	REQUIRE(m);
	REQUIRE(model_options(m, &mo, what, sizeof what) == 0);
	res = fit_rows(m, &fit, NULL, NROW);
	REQUIRE(res);
	REQUIRE(m->ncoded == 3);
	CHECK(!strcmp(m->coded_name[0], "x"));
	CHECK(!strcmp(m->coded_name[1], "fa"));
	CHECK(!strcmp(m->coded_name[2], "fb"));
	for (i = 0; i < 4; i++)
		CHECK_REL(coef(res, i), want[i], 1e-12);
	lr_result_free(res);
	lr_fit_free(fit);
	mo.refs = bad;
	CHECK(model_options(m, &mo, what, sizeof what) == 1);
	model_free(m);
}

/*
 * The wide layout grows as levels arrive; the coded solve does not
 * depend on the arrival order.  R: colnames(model.matrix(y ~ x*f, d)),
 * print(coef(lm(y ~ x*f, d)), digits = 17).
 */
static void test_arrival_order(void)
{
	static const int fwd[NROW] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	/* "c" first, "a" last: the reference arrives last */
	static const int rev[NROW] = {8, 5, 2, 7, 4, 0, 9, 6, 3, 1};
	static const char *const names[] = {"x", "fb", "fc", "x:fb", "x:fc"};
	static const double want[] = {0.61608497723824274, 1.0015174506828526,
		-0.88635524750850747, -1.6160849772382395, -0.015030964196366783,
		0.16514921598381391};
	struct model *a = make("y ~ x*f"), *b = make("y ~ x*f");
	lr_fit *fa = NULL, *fb = NULL;
	lr_result *ra, *rb;
	int i, w;
	REQUIRE(a && b);
	/* after one row: x, one level of f, x:f of that level */
	REQUIRE(feed(b, &fb, rev[0]) == 0);
	CHECK(b->nwide == 3 && b->col[2].lv.nused == 1);
	for (w = 0; w < b->nwide; w++)
		CHECK(b->wide[w].term == (w == 0 ? 0 : w == 1 ? 1 : 2));
	ra = fit_rows(a, &fa, fwd, NROW);
	rb = fit_rows(b, &fb, rev + 1, NROW - 1);
	REQUIRE(ra && rb);
	/* x, f's 3 indicators, x:f's 3: whole, term by term */
	CHECK(a->nwide == 7 && b->nwide == 7);
	for (w = 1; w < b->nwide; w++)
		CHECK(b->wide[w - 1].term <= b->wide[w].term);
	REQUIRE(a->ncoded == 5 && b->ncoded == 5);
	for (i = 0; i < 5; i++) {
		CHECK(!strcmp(a->coded_name[i], names[i]));
		CHECK(!strcmp(b->coded_name[i], names[i]));
	}
	for (i = 0; i < 6; i++) {
		CHECK_REL(coef(ra, i), want[i], 1e-12);
		CHECK_REL(coef(rb, i), coef(ra, i), 1e-13);
	}
	lr_result_free(ra);
	lr_result_free(rb);
	lr_fit_free(fa);
	lr_fit_free(fb);
	model_free(a);
	model_free(b);
}

/*
 * R's names and coefficients.  Each from
 *   m <- lm(FORMULA, d); print(colnames(model.matrix(m)))
 *   cat(sprintf("%.17g", coef(m)), sep = ", ")
 */
static const struct r_case {
	const char *formula;
	int ncoef;              /* with the intercept */
	const char *names[8];   /* without "(Intercept)" */
	double coef[8];
} r_cases[] = {
	{"y ~ f*g", 6, {"fb", "fc", "gv", "fb:gv", "fc:gv"},
	 {6, -4.9999999999999973, -1.5000000000000002, 0.66666666666666652,
	  4.3333333333333321, 3.8333333333333344}},
	{"y ~ f*x", 6, {"fb", "fc", "x", "fb:x", "fc:x"},
	 {0.6160849772382373, -0.88635524750850614, -1.61608497723824,
	  1.0015174506828532, -0.015030964196366816, 0.16514921598381388}},
	{"y ~ x:f", 4, {"x:fa", "x:fb", "x:fc"},
	 {-0.038962787935919806, 1.0873954003709576, 0.95050532256780984,
	  1.0293756363717981}},
	{"y ~ f - 1", 3, {"fa", "fb", "fc"},
	 {6.5, 4.3333333333333348, 6.0000000000000009}},
	{"y ~ f + g - 1", 4, {"fa", "fb", "fc", "gv"},
	 {4.0400000000000009, 2.1466666666666683, 4.9066666666666672,
	  3.2799999999999989}},
	{"y ~ poly(x, 2, raw = TRUE):f", 7,
	 {"poly(x, 2, raw = TRUE)1:fa", "poly(x, 2, raw = TRUE)2:fa",
	  "poly(x, 2, raw = TRUE)1:fb", "poly(x, 2, raw = TRUE)2:fb",
	  "poly(x, 2, raw = TRUE)1:fc", "poly(x, 2, raw = TRUE)2:fc"},
	 {1.0495206999584108, 0.64489999967535749, 0.034170853578678675,
	  0.064549741233348668, 0.10109284246015812, 0.56947482983988407,
	  0.039459669589427211}},
	{"y ~ f:x - 1", 3, {"fa:x", "fb:x", "fc:x"},
	 {1.0822873082287308, 0.94444444444444431, 1.0238095238095237}},
};

static void test_r_names_coefs(void)
{
	size_t c;
	for (c = 0; c < sizeof r_cases / sizeof *r_cases; c++) {
		const struct r_case *rc = &r_cases[c];
		struct model *m = make(rc->formula);
		lr_fit *fit = NULL;
		lr_result *res;
		int i, icpt;
		REQUIRE(m);
		res = fit_rows(m, &fit, NULL, NROW);
		REQUIRE(res);
		icpt = m->f.intercept;
		CHECK(m->ncoded + icpt == rc->ncoef);
		for (i = 0; i < m->ncoded && i + icpt < rc->ncoef; i++)
			if (strcmp(m->coded_name[i], rc->names[i]) != 0) {
				fprintf(stderr, "%s: name %d: %s, want %s\n",
				    rc->formula, i, m->coded_name[i], rc->names[i]);
				CHECK(0);
			}
		CHECK(lr_result_stats(res)->ncoef == rc->ncoef);
		for (i = 0; i < rc->ncoef; i++)
			CHECK_REL(coef(res, i), rc->coef[i], 1e-12);
		lr_result_free(res);
		lr_fit_free(fit);
		model_free(m);
	}
}

/*
 * R's names alone (some of these fits are rank-deficient in R too, or
 * have more coefficients than d has rows).  Each from
 *   paste0('"', colnames(model.matrix(FORMULA, d)), '"', collapse=", ")
 */
static const struct name_case {
	const char *formula;
	const char *names[12];  /* without "(Intercept)"; NULL-terminated */
} name_cases[] = {
	{"y ~ f*g*x", {"fb", "fc", "gv", "x", "fb:gv", "fc:gv", "fb:x", "fc:x",
	  "gv:x", "fb:gv:x", "fc:gv:x"}},
	{"y ~ (f+g+x)^2", {"fb", "fc", "gv", "x", "fb:gv", "fc:gv", "fb:x",
	  "fc:x", "gv:x"}},
	{"y ~ f:g - 1", {"fa:gu", "fb:gu", "fc:gu", "fa:gv", "fb:gv", "fc:gv"}},
	{"y ~ x + f:g", {"x", "fa:gu", "fb:gu", "fc:gu", "fa:gv", "fb:gv",
	  "fc:gv"}},
	{"y ~ g + g:f", {"gv", "gu:fb", "gv:fb", "gu:fc", "gv:fc"}},
	{"y ~ f + f:x", {"fb", "fc", "fa:x", "fb:x", "fc:x"}},
	{"y ~ 0 + x + f", {"x", "fa", "fb", "fc"}},
	{"y ~ x:f + f", {"fb", "fc", "x:fa", "x:fb", "x:fc"}},
	{"y ~ x:f:g", {"x:fa:gu", "x:fb:gu", "x:fc:gu", "x:fa:gv", "x:fb:gv",
	  "x:fc:gv"}},
	{"y ~ g:f + x - 1", {"x", "gu:fa", "gv:fa", "gu:fb", "gv:fb", "gu:fc",
	  "gv:fc"}},
	{"y ~ poly(x, 2, raw = TRUE)*f", {"poly(x, 2, raw = TRUE)1",
	  "poly(x, 2, raw = TRUE)2", "fb", "fc", "poly(x, 2, raw = TRUE)1:fb",
	  "poly(x, 2, raw = TRUE)2:fb", "poly(x, 2, raw = TRUE)1:fc",
	  "poly(x, 2, raw = TRUE)2:fc"}},
	{"y ~ f + I(x^2):g", {"fb", "fc", "I(x^2):gu", "I(x^2):gv"}},
};

static void test_r_names(void)
{
	size_t c;
	for (c = 0; c < sizeof name_cases / sizeof *name_cases; c++) {
		const struct name_case *nc = &name_cases[c];
		struct model *m = make(nc->formula);
		lr_fit *fit = NULL;
		lr_result *res = NULL;
		int i, n = 0;
		REQUIRE(m);
		for (i = 0; i < NROW; i++)
			REQUIRE(feed(m, &fit, i) == 0);
		(void)model_solve(m, fit, 0.95, &res, NULL);
		while (n < 12 && nc->names[n])
			n++;
		CHECK(m->ncoded == n);
		for (i = 0; i < m->ncoded && i < n; i++)
			if (strcmp(m->coded_name[i], nc->names[i]) != 0) {
				fprintf(stderr, "%s: name %d: %s, want %s\n",
				    nc->formula, i, m->coded_name[i], nc->names[i]);
				CHECK(0);
			}
		lr_result_free(res);
		lr_fit_free(fit);
		model_free(m);
	}
}

/*
 * Two wide fits with different level sets merge into one fit of all
 * rows: part A without level "c" of f, part B with only "c" and "b".
 */
static void test_merge(void)
{
	static const int pa[] = {1, 3, 6, 9, 0, 4}, pb[] = {2, 5, 8, 7};
	struct model *proto = make("y ~ x*f + g"), *all;
	lr_fit *fall = NULL;
	lr_result *rall;
	int dir;
	REQUIRE(proto);
	all = model_clone(proto);
	REQUIRE(all);
	rall = fit_rows(all, &fall, NULL, NROW);
	REQUIRE(rall);
	/* B into A ("c" new to A), then A into B ("a" new to B) */
	for (dir = 0; dir < 2; dir++) {
		struct model *ma = model_clone(proto), *mb = model_clone(proto);
		struct model *into, *from;
		lr_fit *fa = NULL, *fb = NULL, **fi;
		lr_result *r = NULL;
		char what[200];
		int i, k;
		REQUIRE(ma && mb);
		for (i = 0; i < 6; i++)
			REQUIRE(feed(ma, &fa, pa[i]) == 0);
		for (i = 0; i < 4; i++)
			REQUIRE(feed(mb, &fb, pb[i]) == 0);
		CHECK(ma->col[2].lv.nused == 2 && mb->col[2].lv.nused == 2);
		into = dir ? mb : ma;
		from = dir ? ma : mb;
		fi = dir ? &fb : &fa;
		REQUIRE(model_merge(into, fi, from, dir ? fa : fb, what,
		    sizeof what) == LR_OK);
		CHECK(into->col[2].lv.nused == 3);
		CHECK(lr_fit_count(*fi) == NROW);
		REQUIRE(model_solve(into, *fi, 0.95, &r, NULL) == LR_OK);
		REQUIRE(into->ncoded == all->ncoded);
		for (k = 0; k < all->ncoded; k++)
			CHECK(!strcmp(into->coded_name[k], all->coded_name[k]));
		for (k = 0; k <= all->ncoded; k++)
			CHECK_REL(coef(r, k), coef(rall, k), 1e-12);
		CHECK_REL(lr_result_stats(r)->sse, lr_result_stats(rall)->sse,
		    1e-12);
		lr_result_free(r);
		lr_fit_free(fa);
		lr_fit_free(fb);
		model_free(ma);
		model_free(mb);
	}
	lr_result_free(rall);
	lr_fit_free(fall);
	model_free(all);
	model_free(proto);
}

/* A merge of a part that holds numbers into one that holds text. */
static void test_merge_kinds(void)
{
	static const char *const r1[] = {"1", "a"}, *const r2[] = {"2", "3"};
	struct model *a = make("y ~ z"), *b = make("y ~ z");
	lr_fit *fa = NULL, *fb = NULL;
	char what[200] = "";
	REQUIRE(a && b);
	REQUIRE(feed_cells(a, &fa, r1) == 0);
	REQUIRE(feed_cells(b, &fb, r2) == 0);
	CHECK(model_merge(a, &fa, b, fb, what, sizeof what) == -1);
	CHECK(strstr(what, "'z'") != NULL);
	lr_fit_free(fa);
	lr_fit_free(fb);
	model_free(a);
	model_free(b);
}

/* A clone has the kinds, levels and layout, and is independent. */
static void test_clone(void)
{
	struct model *m = make("y ~ x*f"), *c;
	lr_fit *fm = NULL, *fc;
	lr_result *rm, *rc;
	int i;
	REQUIRE(m);
	for (i = 0; i < 5; i++)
		REQUIRE(feed(m, &fm, i) == 0);
	c = model_clone(m);
	REQUIRE(c && m->nwide == 7);
	REQUIRE(lr_fit_select(fm, (int[]){0, 1, 2, 3, 4, 5, 6}, m->nwide, 0,
	    &fc) == LR_OK);
	CHECK(c->started && c->fitwide == 0 && c->nwide == m->nwide);
	c->fitwide = 1;
	CHECK(c->col[2].kind == MC_FACTOR && c->col[2].lv.n == 3);
	for (i = 0; i < 3; i++)
		CHECK(!strcmp(c->col[2].lv.name[i], m->col[2].lv.name[i]));
	/* the original freed first: the clone owns all it has */
	for (i = 5; i < NROW; i++)
		REQUIRE(feed(m, &fm, i) == 0 && feed(c, &fc, i) == 0);
	rm = fit_rows(m, &fm, NULL, 0);
	model_free(m);
	rc = fit_rows(c, &fc, NULL, 0);
	REQUIRE(rm && rc);
	for (i = 0; i < 6; i++)
		CHECK_REL(coef(rc, i), coef(rm, i), 1e-13);
	lr_result_free(rm);
	lr_result_free(rc);
	lr_fit_free(fm);
	lr_fit_free(fc);
	model_free(c);
}

/* --predict by name: levels must be in the data; dates; numbers. */
static void test_named_row(void)
{
	static const char *const r1[] = {"1", "2026-01-01", "b", "2"},
	    *const r2[] = {"3", "2026-01-03", "a", "4"},
	    *const r3[] = {"4", "2026-01-04", "a", "5"};
	struct model *m = make("y ~ d + f + factor(k)");
	struct model_opts mo = {NULL, NULL, 0, 86400, 0};
	lr_fit *fit = NULL;
	double val[4];
	char what[200];
	REQUIRE(m);
	REQUIRE(model_options(m, &mo, what, sizeof what) == 0);
	/* before any row: no level known */
	CHECK(model_named_row(m, "k=4,f=a,d=1", val, what, sizeof what) == 1);
	CHECK(strstr(what, "no such level") != NULL);
	REQUIRE(feed_cells(m, &fit, r1) == 0);
	REQUIRE(feed_cells(m, &fit, r2) == 0);
	REQUIRE(feed_cells(m, &fit, r3) == 0);
	/* a date in days; a level; a number level written otherwise */
	REQUIRE(model_named_row(m, "d=2026-01-02,f=a, k=4.0", val, what,
	    sizeof what) == 0);
	CHECK(val[1] == 1767312000.0 / 86400); /* 2026-01-02 in days */
	CHECK(val[2] == model_level_id(m, 2, "a", 1));
	CHECK(val[3] == model_level_id(m, 3, "4", 1));
	/* a plain number in a date column: taken in the time unit */
	REQUIRE(model_named_row(m, "d=20455.5,f=b,k=2", val, what,
	    sizeof what) == 0);
	CHECK(val[1] == 20455.5);
	CHECK(model_named_row(m, "d=2026-01-02,f=c,k=4", val, what,
	    sizeof what) == 1);
	CHECK(strstr(what, "f=c") != NULL);
	CHECK(model_named_row(m, "d=2026-01-02,f=a,k=3", val, what,
	    sizeof what) == 1);
	CHECK(model_named_row(m, "d=abc,f=a,k=4", val, what, sizeof what) == 1);
	CHECK(strstr(what, "not a number or a date") != NULL);
	CHECK(model_named_row(m, "f=a,k=4", val, what, sizeof what) == 1);
	CHECK(strstr(what, "no value for column 'd'") != NULL);
	CHECK(model_named_row(m, "d=2026-01-02,f=a,k=4,q=1", val, what,
	    sizeof what) == 1);
	CHECK(model_named_row(m, "d=2026-01-02,fa,k=4", val, what,
	    sizeof what) == 1);
	lr_fit_free(fit);
	model_free(m);
}

/* A named row of numbers (the response not needed). */
static void test_named_numbers(void)
{
	struct model *m = make("log(y) ~ x + I(z^2)");
	double val[3] = {0, 0, 0};
	char what[200];
	REQUIRE(m);
	REQUIRE(model_start(m) == 0);
	CHECK(model_named_row(m, "z=-1.5e1,x=3", val, what, sizeof what) == 0);
	CHECK(val[1] == 3 && val[2] == -15);
	CHECK(model_named_row(m, "x=3,z=1e999", val, what, sizeof what) == 1);
	CHECK(model_named_row(m, "x=3,z=0x10", val, what, sizeof what) == 1);
	model_free(m);
}

/* The row as --fitted's second pass sees it: the levels the fit knows. */
static struct cell tc(const char *p)
{
	struct cell c;
	c.p = p;
	c.len = p ? strlen(p) : 0;
	c.kind = p ? CELL_TEXT : CELL_NULL;
	c.num = 0;
	return c;
}

static void test_known_row(void)
{
	struct model *m = make("y ~ x + f");
	lr_fit *fit = NULL;
	lr_result *res;
	struct cell c[3];
	double out[8], w = 2;
	int i;
	REQUIRE(m);
	res = fit_rows(m, &fit, NULL, NROW);
	REQUIRE(res && m->ncoded == 3);
	c[0] = tc("7");
	c[1] = tc("6");
	c[2] = tc("c");
	CHECK(model_known_row(m, c, &w, out) == 1);
	CHECK(out[0] == 6 && out[1] == 0 && out[2] == 1 && out[3] == 7 &&
	    out[4] == 2);
	c[2] = tc("a"); /* the reference */
	CHECK(model_known_row(m, c, NULL, out) == 1);
	CHECK(out[1] == 0 && out[2] == 0 && out[4] == 1);
	c[0].kind = CELL_NUMBER; /* a JSON number */
	c[0].num = 7.5;
	CHECK(model_known_row(m, c, NULL, out) == 1 && out[3] == 7.5);
	c[2] = tc("d"); /* a level the fit never had */
	CHECK(model_known_row(m, c, NULL, out) == 0);
	c[2] = tc(NULL); /* missing */
	CHECK(model_known_row(m, c, NULL, out) == 0);
	c[2] = tc("b");
	c[1] = tc("abc"); /* invalid: left out of the fit */
	CHECK(model_known_row(m, c, NULL, out) == 0);
	c[1].kind = CELL_ABSENT;
	CHECK(model_known_row(m, c, NULL, out) == 0);
	/*
	 * Numbers as the first pass reads them (num_parse): blanks around
	 * a number are allowed, so the row was fitted; a hexadecimal
	 * number was not one (an invalid row, or a level "0x10").
	 */
	c[1] = tc(" 6");
	CHECK(model_known_row(m, c, NULL, out) == 1 && out[0] == 6);
	c[1] = tc("6 ");
	CHECK(model_known_row(m, c, NULL, out) == 1 && out[0] == 6);
	c[1] = tc("0x6");
	CHECK(model_known_row(m, c, NULL, out) == 0);
	for (i = 0; i < 3; i++)
		c[i] = tc("1");
	c[2] = tc("b");
	CHECK(model_known_row(m, c, NULL, out) == 1);
	lr_result_free(res);
	lr_fit_free(fit);
	model_free(m);
}

/* A factor level that looks like a hexadecimal number. */
static void test_known_row_hex_level(void)
{
	static const char *const rows[4][3] = {{"1", "1", "0x10"},
		{"2", "2", "b"}, {"4", "3", "0x10"}, {"3", "5", "b"}};
	struct model *m = make("y ~ x + f");
	lr_fit *fit = NULL;
	lr_result *res = NULL;
	struct cell c[3];
	double out[6];
	int i;
	REQUIRE(m);
	for (i = 0; i < 4; i++)
		REQUIRE(feed_cells(m, &fit, rows[i]) == 0);
	REQUIRE(model_solve(m, fit, 0.95, &res, NULL) == LR_OK);
	for (i = 0; i < 3; i++)
		c[i] = tc(rows[0][i]);
	CHECK(model_known_row(m, c, NULL, out) == 1);
	lr_result_free(res);
	lr_fit_free(fit);
	model_free(m);
}

/*
 * --compare: a nested model's RSS from the one wide fit.
 * R: m0 <- lm(y ~ x + f, d); c(deviance(m0), df.residual(m0))
 *    = 6.2653416149068342, 6
 */
static void test_compare(void)
{
	static const char *const bad[] = {"y ~ x + g", "log(y) ~ x",
		"y ~ x + f + x:g"};
	struct model *m = make("y ~ x*f");
	struct formula f0;
	lr_fit *fit = NULL;
	lr_result *res;
	char err[200], what[200];
	double rss, df;
	size_t at, i;
	REQUIRE(m);
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		REQUIRE(formula_parse(bad[i], NULL, 0, &f0, err, sizeof err,
		    &at) == 0);
		CHECK(model_set_compare(m, &f0, what, sizeof what) == 1);
		CHECK(m->has_cmp == 0);
		formula_free(&f0);
	}
	{
		struct model *m1 = make("y ~ x + f - 1");
		REQUIRE(m1);
		REQUIRE(formula_parse("y ~ x", NULL, 0, &f0, err, sizeof err,
		    &at) == 0);
		CHECK(model_set_compare(m1, &f0, what, sizeof what) == 1);
		CHECK(strstr(what, "intercept") != NULL);
		formula_free(&f0);
		model_free(m1);
	}
	REQUIRE(formula_parse("y ~ f + x", NULL, 0, &f0, err, sizeof err,
	    &at) == 0);
	REQUIRE(model_set_compare(m, &f0, what, sizeof what) == 0);
	CHECK(m->has_cmp);
	res = fit_rows(m, &fit, NULL, NROW);
	REQUIRE(res);
	REQUIRE(model_compare(m, fit, res, 0.95, &rss, &df) == LR_OK);
	CHECK_REL(rss, 6.2653416149068342, 1e-12);
	CHECK(df == 6);
	lr_result_free(res);
	lr_fit_free(fit);
	model_free(m);
}

/*
 * Nested models coded otherwise than in the full one (x:f alone codes
 * f by indicators; no intercept).
 * R: for (fm in c("y ~ x:f", "y ~ f", "y ~ x - 1", "y ~ g + f"))
 *      { m <- lm(as.formula(fm), d); c(deviance(m), df.residual(m)) }
 */
static void test_compare_codings(void)
{
	static const struct {
		const char *f0;
		double rss, df;
	} cases[] = {
		{"y ~ x:f", 6.6837617301559131, 6},
		{"y ~ f", 95.666666666666671, 7},
		{"y ~ x - 1", 7.8387096774193523, 9},
		{"y ~ g + f", 73.253333333333345, 6},
	};
	size_t c;
	for (c = 0; c < sizeof cases / sizeof *cases; c++) {
		struct model *m = make("y ~ x*f + f*g");
		struct formula f0;
		lr_fit *fit = NULL;
		lr_result *res;
		char err[200];
		double rss, df;
		size_t at;
		REQUIRE(m);
		REQUIRE(formula_parse(cases[c].f0, NULL, 0, &f0, err, sizeof err,
		    &at) == 0);
		REQUIRE(model_set_compare(m, &f0, err, sizeof err) == 0);
		res = fit_rows(m, &fit, NULL, NROW);
		REQUIRE(res);
		REQUIRE(model_compare(m, fit, res, 0.95, &rss, &df) == LR_OK);
		CHECK_REL(rss, cases[c].rss, 1e-12);
		CHECK(df == cases[c].df);
		lr_result_free(res);
		lr_fit_free(fit);
		model_free(m);
	}
}

/* y ~ 1 against the fit: the total sum of squares, n - 1. */
static void test_compare_empty(void)
{
	struct model *m = make("y ~ x + f");
	struct formula f0;
	lr_fit *fit = NULL;
	lr_result *res;
	char err[200];
	double rss, df;
	size_t at;
	REQUIRE(m);
	REQUIRE(formula_parse("y ~ 1", NULL, 0, &f0, err, sizeof err, &at) == 0);
	REQUIRE(model_set_compare(m, &f0, err, sizeof err) == 0);
	res = fit_rows(m, &fit, NULL, NROW);
	REQUIRE(res);
	REQUIRE(model_compare(m, fit, res, 0.95, &rss, &df) == LR_OK);
	/* R: deviance(lm(y ~ 1, d)) = 104.1 */
	CHECK_REL(rss, 104.1, 1e-13);
	CHECK(df == NROW - 1);
	lr_result_free(res);
	lr_fit_free(fit);
	model_free(m);
}

/* A state read back: levels, wide columns, and what is refused. */
static void test_put_state(void)
{
	struct model *m = make("y ~ x*f");
	int comp[2];
	REQUIRE(m);
	/* f is not categorical yet: no level */
	CHECK(model_put_level(m, 2, "a", 1, 1) == 1);
	m->col[2].kind = MC_FACTOR;
	m->col[1].kind = MC_NUMBER;
	m->col[0].kind = MC_NUMBER;
	CHECK(model_put_level(m, 3, "a", 1, 1) == 1);
	CHECK(model_put_level(m, -1, "a", 1, 1) == 1);
	CHECK(model_put_level(m, 1, "a", 1, 1) == 1);
	CHECK(model_put_level(m, 2, "b", 1, 1) == 0);
	CHECK(model_put_level(m, 2, "a", 1, 1) == 0);
	CHECK(model_put_level(m, 2, "z", 1, 0) == 0);
	CHECK(model_put_level(m, 2, "b", 1, 1) == 1); /* twice */
	CHECK(m->col[2].lv.nused == 2);
	/* term 0 (x): comp 0 */
	comp[0] = 1;
	CHECK(model_put_wide(m, 0, comp, 1) == 1);
	comp[0] = 0;
	CHECK(model_put_wide(m, 3, comp, 1) == 1);
	CHECK(model_put_wide(m, -1, comp, 1) == 1);
	CHECK(model_put_wide(m, 0, comp, 2) == 1);
	CHECK(model_put_wide(m, 0, comp, 1) == 0);
	CHECK(model_put_wide(m, 0, comp, 1) == 1); /* the same column twice */
	/* term 1 (f): the levels used, ids in range */
	comp[0] = 3;
	CHECK(model_put_wide(m, 1, comp, 1) == 1);
	comp[0] = 2; /* "z", unused */
	CHECK(model_put_wide(m, 1, comp, 1) == 1);
	comp[0] = 1;
	CHECK(model_put_wide(m, 1, comp, 1) == 0);
	CHECK(model_put_done(m) == 1); /* f's "b" and x:f missing */
	comp[0] = 0;
	CHECK(model_put_wide(m, 1, comp, 1) == 0);
	comp[0] = 0;
	comp[1] = 1;
	CHECK(model_put_wide(m, 2, comp, 2) == 0);
	comp[0] = 0;
	CHECK(model_put_wide(m, 0, comp, 1) == 1); /* terms out of order */
	CHECK(model_put_done(m) == 1);
	comp[1] = 0;
	CHECK(model_put_wide(m, 2, comp, 2) == 0);
	CHECK(model_put_done(m) == 0);
	CHECK(m->nwide == 5 && m->started && !m->identity);
	model_free(m);
}

/*
 * A date predictor in days.
 * R: d <- data.frame(y = c(1,3,4,8), t = as.Date(c("2026-01-01",
 *      "2026-01-03", "2026-01-04", "2026-01-09")))
 *    print(coef(lm(y ~ as.numeric(t), d)), digits = 17)
 */
static void test_dates(void)
{
	static const char *const rows[4][2] = {{"1", "2026-01-01"},
		{"3", "2026-01-03"}, {"4", "2026-01-04T00:00:00Z"},
		{"8", "2026-01-09"}};
	struct model *m = make("y ~ t");
	struct model_opts mo = {NULL, NULL, 0, 86400, 0};
	lr_fit *fit = NULL;
	lr_result *res = NULL;
	char what[100];
	int i;
	REQUIRE(m);
	REQUIRE(model_options(m, &mo, what, sizeof what) == 0);
	for (i = 0; i < 4; i++)
		REQUIRE(feed_cells(m, &fit, rows[i]) == 0);
	CHECK(m->col[1].kind == MC_DATE);
	REQUIRE(model_solve(m, fit, 0.95, &res, NULL) == LR_OK);
	CHECK_REL(coef(res, 0), -1.7656935251802286e+04, 1e-12);
	CHECK_REL(coef(res, 1), 8.6330935251816776e-01, 1e-12);
	lr_result_free(res);
	lr_fit_free(fit);
	model_free(m);
}

/* ------------------------------------------------------------------ */
/* The wide fit through wide.c against row by row                      */
/* ------------------------------------------------------------------ */

#define WROWS 5000
/* both fits are double-double: their doubles agree to the bit today;
 * a few ulps leave room for the core's block kernels */
#define ULPS 4

/* Row i of a generated data set: columns y, x, z, g, a, b, w as text. */
static void wide_data(int i, char cell[7][32])
{
	double x = ((i * 37) % 101) / 10.0 - 5 + 0.001 * i;
	double z = ((i * 53) % 89) / 7.0, w = 0.5 + (i % 5) * 0.25;
	/* level k6 first at row 4100: inside a cell's batch and a dense one */
	int g = i >= 4100 && i % 3 == 0 ? 6 : (i * 7) % 6;
	int a = (i * 13) % 60, b = (i * i * 7 / 5 + i / 11) % 60;
	double y = 1 + 0.5 * x - 0.2 * z + 0.3 * g + 0.01 * a - 0.02 * b +
	    0.1 * g * x + ((i * 97) % 13) / 13.0;
	snprintf(cell[0], 32, "%.17g", y);
	snprintf(cell[1], 32, "%.17g", x);
	snprintf(cell[2], 32, "%.17g", z);
	snprintf(cell[3], 32, "k%d", g);
	snprintf(cell[4], 32, "a%d", a);
	snprintf(cell[5], 32, "b%d", b);
	snprintf(cell[6], 32, "%.17g", w);
}

/* Row i's values for m (its columns by name), learnt; 0 or -1. */
static int wide_values(struct model *m, int i, double *val, double *w)
{
	static const char *const names[7] = {"y", "x", "z", "g", "a", "b",
		"w"};
	char cell[7][32];
	int c, k;
	wide_data(i, cell);
	*w = strtod(cell[6], NULL);
	for (c = 0; c < m->f.ncol; c++)
		for (k = 0; k < 7; k++)
			if (!strcmp(m->f.col[c], names[k]) &&
			    cell_value(m, c, cell[k], &val[c], 1) != 1)
				return -1;
	return 0;
}

/*
 * The generated rows into a model of text, row by row (feed NULL) or
 * through a wide feed (flushed every `every` rows and at the end).
 */
static lr_result *wide_fit(const char *text, int weighted,
    int use_feed, int every)
{
	struct model *m = make(text);
	struct wide_feed *wf = use_feed ? wide_feed_new(weighted) : NULL;
	lr_fit *fit = NULL;
	lr_result *res = NULL;
	double val[16] = {0}, x[LR_MAX_NX], y, w;
	char what[200];
	int i, bad = !m || (use_feed && !wf);

	for (i = 0; i < WROWS && !bad; i++) {
		bad = wide_values(m, i, val, &w) || model_start(m) ||
		    model_levels(m, val) || model_eval(m, val, &y, what,
		    sizeof what);
		if (bad)
			break;
		if (!weighted)
			w = 1;
		if (!m->fitwide) {
			lr_spec spec = {0, 0, 0};
			spec.nx = m->nwide;
			bad = lr_fit_new(&spec, &fit) != LR_OK;
			m->fitwide = 1;
			m->nwiden = 0;
		} else {
			bad = (wf ? wide_feed_widen(wf, m, fit) :
			    model_widen_fit(m, fit, 0)) != LR_OK;
			m->nwiden = 0;
		}
		if (bad)
			break;
		if (wf) {
			bad = wide_feed_row(wf, m, fit, val, y, w) != LR_OK ||
			    (every && (i + 1) % every == 0 &&
			    wide_feed_flush(wf, m, fit) != LR_OK);
		} else {
			model_dense_row(m, val, x);
			bad = lr_fit_add_weighted(fit, x, y, w) != LR_OK;
		}
	}
	if (!bad && wf)
		bad = wide_feed_flush(wf, m, fit) != LR_OK;
	if (!bad && model_solve(m, fit, 0.95, &res, NULL) != LR_OK)
		res = NULL;
	wide_feed_free(wf);
	lr_fit_free(fit);
	model_free(m);
	return res;
}

/* Whether a and b agree to within k units in the last place. */
static int close_ulps(double a, double b, double k)
{
	double big = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= k * big * 0x1p-52;
}

/*
 * Cells, dense batches and the thin-cell fallback give what rows added
 * one at a time give: every coefficient, standard error and the residual
 * sum of squares to a few ulps (both fits are double-double; what
 * differs is the order of their roundings), with a level first seen at
 * row 4100 (inside a batch), weights, and flushes as --every makes.
 */
static void test_wide_feed(void)
{
	static const char *const text[] = {
		"y ~ x * g",                       /* cells: x alone in each */
		"y ~ x + g + z",                   /* cells of x, z */
		"y ~ g",                           /* cells of the constant */
		"y ~ x:g + z - 1",
		"y ~ poly(x, 2, raw = TRUE) + z",  /* no factor: dense */
		"y ~ x + a + b",                   /* ~2800 thin cells: dense */
		"y ~ log(z + 1) + I(x^2) * g",
	};
	size_t t;
	int weighted, every;
	for (t = 0; t < sizeof text / sizeof *text; t++)
		for (weighted = 0; weighted < 2; weighted++)
			for (every = 0; every <= 1000; every += 1000) {
				lr_result *a = wide_fit(text[t], weighted, 0, 0);
				lr_result *b = wide_fit(text[t], weighted, 1, every);
				const lr_stats *sa, *sb;
				int j, ok;
				CHECK(a && b);
				if (!a || !b) {
					lr_result_free(a);
					lr_result_free(b);
					continue;
				}
				sa = lr_result_stats(a);
				sb = lr_result_stats(b);
				ok = sa->n == sb->n && sa->ncoef == sb->ncoef &&
				    close_ulps(sa->sse, sb->sse, ULPS);
				for (j = 0; ok && j < sa->ncoef; j++)
					ok = close_ulps(coef(a, j), coef(b, j), ULPS) &&
					    close_ulps(lr_result_coef(a, j)->std_error,
					    lr_result_coef(b, j)->std_error, ULPS);
				if (!ok)
					fprintf(stderr, "  %s (weighted %d, every %d)\n",
					    text[t], weighted, every);
				CHECK(ok);
				lr_result_free(a);
				lr_result_free(b);
			}
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_kinds);
	RUN(test_check);
	RUN(test_from_columns);
	RUN(test_level_order);
	RUN(test_many_levels);
	RUN(test_factor_numbers);
	RUN(test_ref);
	RUN(test_arrival_order);
	RUN(test_r_names_coefs);
	RUN(test_r_names);
	RUN(test_merge);
	RUN(test_merge_kinds);
	RUN(test_clone);
	RUN(test_named_row);
	RUN(test_named_numbers);
	RUN(test_known_row);
	RUN(test_known_row_hex_level);
	RUN(test_compare);
	RUN(test_compare_codings);
	RUN(test_compare_empty);
	RUN(test_put_state);
	RUN(test_dates);
	RUN(test_wide_feed);
	return harness_report("test_model");
}
