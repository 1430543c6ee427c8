/*
 * test_anova.c - unit tests of cli/anova.c alone with the core: R's
 * sequential table (anova(m)) and the F test of a nested model
 * (anova(m0, m1)) from fits made here, on mtcars.
 *
 * Why cut so: anova.c is arithmetic on solved results; the fits are
 * made with the core directly (cyl's treatment columns written out by
 * hand), so that a wrong grouping of coefficients into terms, a wrong
 * degree of freedom or an F where R has none shows here without the
 * formula or the design layer.  Every number is R's (the command
 * beside it), printed with
 *   p <- function(a) for (c in 1:ncol(a))
 *       cat(names(a)[c], sprintf("%.17g", a[[c]]), "\n")
 */
#include "harness.h"
#include "anova.h"

#define N 32
/* R: mtcars$mpg, $wt, $cyl, $hp */
static const double mpg[N] = {21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4,
	22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4, 30.4, 33.9,
	21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4};
static const double wt[N] = {2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57,
	3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345, 2.2,
	1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513,
	3.17, 2.77, 3.57, 2.78};
static const int cyl[N] = {6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8,
	8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4};
static const double hp[N] = {110, 110, 93, 110, 175, 105, 245, 62, 95, 123,
	123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150, 245, 175,
	66, 91, 113, 264, 175, 335, 109};

/* Which columns a fit takes: wt, cyl6, cyl8, hp. */
enum { WT = 1, CYL = 2, HP = 4 };

/* mpg on the chosen columns (in that order), weighted by hp or not. */
static lr_result *fit(unsigned cols, unsigned flags, int weighted)
{
	lr_spec spec = {0, 0, 0};
	lr_fit *f = NULL;
	lr_result *r = NULL;
	int i;
	spec.nx = !!(cols & WT) + 2 * !!(cols & CYL) + !!(cols & HP);
	spec.flags = flags;
	if (lr_fit_new(&spec, &f) != LR_OK)
		return NULL;
	for (i = 0; i < N; i++) {
		double x[4];
		int k = 0;
		if (cols & WT)
			x[k++] = wt[i];
		if (cols & CYL) {
			x[k++] = cyl[i] == 6;
			x[k++] = cyl[i] == 8;
		}
		if (cols & HP)
			x[k++] = hp[i];
		if (lr_fit_add_weighted(f, x, mpg[i], weighted ? hp[i] : 1) !=
		    LR_OK) {
			lr_fit_free(f);
			return NULL;
		}
	}
	if (lr_solve(f, 0.95, &r) != LR_OK)
		r = NULL;
	lr_fit_free(f);
	return r;
}

static void check_row(const struct anova_row *r, const char *term, double df,
    double ss, double ms, double f, double p)
{
	CHECK(!strcmp(r->term, term));
	CHECK(r->df == df);
	CHECK_REL(r->ss, ss, 1e-12);
	CHECK_REL(r->ms, ms, 1e-12);
	if (isnan(f)) {
		CHECK(isnan(r->f) && isnan(r->p));
	} else {
		CHECK_REL(r->f, f, 1e-12);
		CHECK_REL(r->p, p, 1e-9);
	}
}

/*
 * A factor is one row; a term without coefficients is left out.
 * R: p(anova(lm(mpg ~ wt + factor(cyl) + hp, mtcars)))
 */
static void test_factor_terms(void)
{
	static const int term[] = {0, 1, 1, 3};
	static const char *const label[] = {"wt", "factor(cyl)", "none", "hp"};
	lr_result *r = fit(WT | CYL | HP, 0, 0);
	struct anova_row *rows;
	int n;
	REQUIRE(r);
	REQUIRE(anova_table(r, term, label, 4, &rows, &n) == 0);
	REQUIRE(n == 4);
	check_row(&rows[0], "wt", 1, 847.72524995665708, 847.72524995665708,
	    142.36172769537484, 2.8284916465969728e-12);
	check_row(&rows[1], "factor(cyl)", 2, 95.263289874965864,
	    47.631644937482932, 7.9989634219570815, 0.0018701194362014571);
	check_row(&rows[2], "hp", 1, 22.281013683725263, 22.281013683725263,
	    3.7417354301781076, 0.063612686401873619);
	check_row(&rows[3], "Residuals", 27, 160.77763398465251,
	    5.9547271846167593, NAN, NAN);
	free(rows);
	lr_result_free(r);
}

/*
 * Each coefficient its own term (coef_term NULL), with and without the
 * intercept.
 * R: p(anova(lm(mpg ~ wt + hp, mtcars)))
 *    p(anova(lm(mpg ~ wt + hp - 1, mtcars)))
 */
static void test_plain_terms(void)
{
	static const char *const label[] = {"wt", "hp"};
	struct anova_row *rows;
	lr_result *r = fit(WT | HP, 0, 0);
	int n;
	REQUIRE(r);
	REQUIRE(anova_table(r, NULL, label, 2, &rows, &n) == 0);
	REQUIRE(n == 3);
	check_row(&rows[0], "wt", 1, 847.72524995665708, 847.72524995665708,
	    126.04109327651024, 4.488359821488138e-12);
	check_row(&rows[1], "hp", 1, 83.274182801877146, 83.274182801877146,
	    12.381333507045126, 0.0014512285315694238);
	check_row(&rows[2], "Residuals", 29, 195.04775474146638,
	    6.7257846462574609, NAN, NAN);
	free(rows);
	lr_result_free(r);
	r = fit(WT | HP, LR_NO_INTERCEPT, 0);
	REQUIRE(r);
	REQUIRE(anova_table(r, NULL, label, 2, &rows, &n) == 0);
	REQUIRE(n == 3);
	check_row(&rows[0], "wt", 1, 10105.693942962931, 10105.693942962931,
	    78.917611840561619, 6.6841564317938105e-10);
	check_row(&rows[1], "hp", 1, 95.004391172317156, 95.004391172317156,
	    0.74191042277771324, 0.39588207261503594);
	check_row(&rows[2], "Residuals", 30, 3841.6116658647538,
	    128.05372219549179, NAN, NAN);
	free(rows);
	lr_result_free(r);
}

/* R: p(anova(lm(mpg ~ wt + factor(cyl), mtcars, weights = hp))) */
static void test_weighted(void)
{
	static const int term[] = {0, 1, 1};
	static const char *const label[] = {"wt", "factor(cyl)"};
	struct anova_row *rows;
	lr_result *r = fit(WT | CYL, 0, 1);
	int n;
	REQUIRE(r);
	REQUIRE(anova_table(r, term, label, 2, &rows, &n) == 0);
	REQUIRE(n == 3);
	check_row(&rows[0], "wt", 1, 86874.847576174536, 86874.847576174536,
	    113.428648858777, 2.3527331420612345e-11);
	check_row(&rows[1], "factor(cyl)", 2, 16191.558910914466,
	    8095.7794554572329, 10.570301424540302, 0.00038022942110517357);
	check_row(&rows[2], "Residuals", 28, 21445.1618405632,
	    765.89863716297145, NAN, NAN);
	free(rows);
	lr_result_free(r);
}

/*
 * No residual degrees of freedom: no mean square, no F, no p.
 * R: d <- data.frame(y = c(1,3,2), x = c(1,2,3), z = c(1,4,10))
 *    p(anova(lm(y ~ x + z, d)))   (F NaN, Residuals 0 on 0 df)
 */
static void test_saturated(void)
{
	static const double y[] = {1, 3, 2}, x[][2] = {{1, 1}, {2, 4}, {3, 10}};
	static const char *const label[] = {"x", "z"};
	lr_spec spec = {2, 0, 0};
	lr_fit *f = NULL;
	lr_result *r = NULL;
	struct anova_row *rows;
	struct compare_info ci;
	int i, n;
	REQUIRE(lr_fit_new(&spec, &f) == LR_OK);
	for (i = 0; i < 3; i++)
		REQUIRE(lr_fit_add(f, x[i], y[i]) == LR_OK);
	REQUIRE(lr_solve(f, 0.95, &r) == LR_OK);
	lr_fit_free(f);
	REQUIRE(anova_table(r, NULL, label, 2, &rows, &n) == 0);
	REQUIRE(n == 3);
	CHECK(rows[0].df == 1 && rows[1].df == 1 && rows[2].df == 0);
	CHECK_REL(rows[0].ss, 0.5, 1e-12);
	CHECK_REL(rows[1].ss, 1.5, 1e-12);
	CHECK(fabs(rows[2].ss) < 1e-28);
	for (i = 0; i < 3; i++)
		CHECK(isnan(rows[i].f) && isnan(rows[i].p));
	CHECK(isnan(rows[2].ms));
	/* the comparison against it: no F either */
	anova_compare(4.5, 1, r, "y ~ x", &ci);
	CHECK(ci.df == 1 && isnan(ci.f) && isnan(ci.p));
	free(rows);
	lr_result_free(r);
}

/*
 * anova(m0, m1).
 * R: p(anova(lm(mpg ~ wt, mtcars), lm(mpg ~ wt + factor(cyl) + hp,
 *    mtcars)))   and   m <- lm(mpg ~ wt + hp, mtcars); p(anova(m, m))
 */
static void test_compare(void)
{
	lr_result *r0 = fit(WT, 0, 0), *r1 = fit(WT | CYL | HP, 0, 0);
	lr_result *r2 = fit(WT | HP, 0, 0);
	const lr_stats *s0;
	struct compare_info ci;
	REQUIRE(r0 && r1 && r2);
	s0 = lr_result_stats(r0);
	CHECK_REL(s0->sse, 278.32193754334355, 1e-12);
	anova_compare(s0->sse, (double)s0->df, r1, "mpg ~ wt", &ci);
	CHECK(!strcmp(ci.formula, "mpg ~ wt"));
	CHECK(ci.res_df[0] == 30 && ci.res_df[1] == 27 && ci.df == 3);
	CHECK_REL(ci.rss[0], 278.32193754334355, 1e-12);
	CHECK_REL(ci.rss[1], 160.77763398465251, 1e-12);
	CHECK_REL(ci.ss, 117.54430355869104, 1e-12);
	CHECK_REL(ci.f, 6.5798874246974188, 1e-12);
	CHECK_REL(ci.p, 0.0017543680500999588, 1e-9);
	/* the same model: 0 df, no F (R: NA) */
	anova_compare(lr_result_stats(r2)->sse, 29, r2, "mpg ~ wt + hp", &ci);
	CHECK(ci.df == 0 && ci.ss == 0 && isnan(ci.f) && isnan(ci.p));
	lr_result_free(r0);
	lr_result_free(r1);
	lr_result_free(r2);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_factor_terms);
	RUN(test_plain_terms);
	RUN(test_weighted);
	RUN(test_saturated);
	RUN(test_compare);
	return harness_report("test_anova");
}
