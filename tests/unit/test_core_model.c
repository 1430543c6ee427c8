/*
 * test_core_model.c - the core's functions that change a fit's columns
 * (core/model.c: lr_fit_insert, lr_fit_select) and the sequential sums
 * of squares (lr_result_seqss, core/solve.c), linked with liblinreg.a.
 *
 * Why a file of its own: test_core.c holds the fit's numbers against
 * NIST and R; this one holds the model changes against the fits they
 * must equal (a fit built with the columns from the start, a fit made
 * from the chosen columns directly) and R's anova.  Reference values
 * are R's, with the command beside each (R 4.x, Debian r-base-core).
 */
#include <float.h>

#include "harness.h"
#include "linreg.h"

/* R: cat(sprintf("%.17g", mtcars$mpg), sep=", ") and so for each. */
#define NR 32
static const double mpg[NR] = {21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4,
	22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4, 30.4, 33.9,
	21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4};
static const double cyl[NR] = {6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8,
	8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4};
static const double hp[NR] = {110, 110, 93, 110, 175, 105, 245, 62, 95, 123,
	123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150, 245, 175,
	66, 91, 113, 264, 175, 335, 109};
static const double wt[NR] = {2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57,
	3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345, 2.2,
	1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513,
	3.17, 2.77, 3.57, 2.78};
static const double qsec[NR] = {16.46, 17.02, 18.61, 19.44, 17.02, 20.22,
	15.84, 20, 22.9, 18.3, 18.9, 17.4, 17.6, 18, 17.98, 17.82, 17.42,
	19.47, 18.52, 19.9, 20.01, 16.87, 17.3, 15.41, 17.05, 18.9, 16.7,
	16.9, 14.5, 15.5, 14.6, 18.6};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static lr_fit *new_fit(int nx, unsigned flags)
{
	lr_spec spec;
	lr_fit *f = NULL;
	spec.nx = nx;
	spec.degree = 0;
	spec.flags = flags;
	if (lr_fit_new(&spec, &f) != LR_OK)
		return NULL;
	return f;
}

/*
 * The wide design of the insert tests: 7 columns, each zero before the
 * row it "arrives" at (start[]), as a factor's indicator is before its
 * level is first seen.
 */
#define NW 7
static const int start[NW] = {3, 0, 5, 0, 12, 12, 20};

static double wide(int i, int c)
{
	double v;
	switch (c) {
	case 0: v = cyl[i] == 8; break;       /* a level first seen late */
	case 1: v = wt[i]; break;
	case 2: v = qsec[i]; break;
	case 3: v = hp[i]; break;
	case 4: v = cyl[i]; break;
	case 5: v = wt[i] * wt[i]; break;
	default: v = hp[i] / 100; break;
	}
	return i < start[c] ? 0 : v;
}

/* Weight of row i: qsec / 16 (or 1 unweighted). */
static double weight(int i, int weighted)
{
	return weighted ? qsec[i] / 16 : 1;
}

/* Rows lo..hi-1 of the wide design with every column, into f. */
static void add_full(lr_fit *f, int lo, int hi, int weighted)
{
	double x[NW];
	int i, c;
	for (i = lo; i < hi; i++) {
		for (c = 0; c < NW; c++)
			x[c] = wide(i, c);
		REQUIRE(lr_fit_add_weighted(f, x, mpg[i], weight(i, weighted))
		    == LR_OK);
	}
}

/*
 * Rows lo..hi-1 into a fit that has the columns present[c], inserting
 * each column at the row it arrives (consecutive ones in one call).
 */
static void add_arriving(lr_fit *f, int *present, int lo, int hi,
    int weighted)
{
	double x[NW];
	int i, c, nx;
	for (i = lo; i < hi; i++) {
		for (c = 0; c < NW; c++) {
			int at = 0, count = 0, l;
			if (present[c] || start[c] > i)
				continue;
			for (l = 0; l < c; l++)
				at += present[l];
			while (c + count < NW && !present[c + count] &&
			    start[c + count] <= i)
				present[c + count++] = 1;
			REQUIRE(lr_fit_insert(f, at, count) == LR_OK);
		}
		for (c = 0, nx = 0; c < NW; c++)
			if (present[c])
				x[nx++] = wide(i, c);
		REQUIRE(lr_fit_add_weighted(f, x, mpg[i], weight(i, weighted))
		    == LR_OK);
	}
}

/* The two fits' states are the same, bit for bit (but the sign of 0). */
static int same_state(const lr_fit *a, const lr_fit *b)
{
	lr_fit_state sa, sb;
	int i;
	lr_fit_export(a, &sa);
	lr_fit_export(b, &sb);
	if (sa.spec.nx != sb.spec.nx || sa.n != sb.n || sa.ncol != sb.ncol ||
	    sa.wscale != sb.wscale || sa.wmin != sb.wmin ||
	    sa.wmax != sb.wmax || sa.sumlogw[0] != sb.sumlogw[0] ||
	    sa.sumlogw[1] != sb.sumlogw[1])
		return 0;
	for (i = 0; i < sa.nv; i++)
		if (sa.shift[i] != sb.shift[i] || sa.scale[i] != sb.scale[i])
			return 0;
	for (i = 0; i < 2 * sa.ncol * sa.ncol; i++)
		if (sa.r[i] != sb.r[i])
			return 0;
	return 1;
}

/* Every number lr_solve gives for a and b agrees to tol (relative). */
static void check_same_solution(const lr_fit *a, const lr_fit *b, double tol)
{
	lr_result *ra = NULL, *rb = NULL;
	const lr_stats *sa, *sb;
	int j, l;
	REQUIRE(lr_solve(a, 0.95, &ra) == LR_OK);
	if (lr_solve(b, 0.95, &rb) != LR_OK) {
		lr_result_free(ra);
		REQUIRE(0);
	}
	sa = lr_result_stats(ra);
	sb = lr_result_stats(rb);
	CHECK(sa->n == sb->n && sa->ncoef == sb->ncoef && sa->df == sb->df);
	CHECK_REL(sb->sse, sa->sse, tol);
	CHECK_REL(sb->tss, sa->tss, tol);
	CHECK_REL(sb->sigma, sa->sigma, tol);
	CHECK_REL(sb->r2, sa->r2, tol);
	CHECK_REL(sb->adj_r2, sa->adj_r2, tol);
	CHECK_REL(sb->f, sa->f, tol);
	CHECK_REL(sb->f_p, sa->f_p, 1e3 * tol);
	CHECK_REL(sb->loglik, sa->loglik, tol);
	for (j = 0; j < sa->ncoef && j < sb->ncoef; j++) {
		const lr_coef *ca = lr_result_coef(ra, j), *cb = lr_result_coef(rb, j);
		CHECK_REL(cb->estimate, ca->estimate, tol);
		CHECK_REL(cb->std_error, ca->std_error, tol);
		CHECK_REL(cb->t, ca->t, tol);
		CHECK_REL(cb->p, ca->p, 1e3 * tol);
		CHECK_REL(cb->ci_low, ca->ci_low, tol);
		CHECK_REL(cb->ci_high, ca->ci_high, tol);
		CHECK_REL(lr_result_seqss(rb, j), lr_result_seqss(ra, j), tol);
		/* relative to the variances: a covariance that is 0 in
		 * exact arithmetic is rounding in both */
		for (l = 0; l < sa->ncoef; l++)
			CHECK(fabs(lr_result_vcov(rb, j, l) - lr_result_vcov(ra,
			    j, l)) <= tol * sqrt(lr_result_vcov(ra, j, j) *
			    lr_result_vcov(ra, l, l)));
	}
	lr_result_free(ra);
	lr_result_free(rb);
}

/* ------------------------------------------------------------------ */
/* lr_fit_insert                                                       */
/* ------------------------------------------------------------------ */

/*
 * Columns arriving at rows 3 (inserted at 0), 5 (middle), 12 (two at
 * once) and 20 (at the end): the same bits as the fit built with all
 * seven from the start, weighted or not.
 */
static void insert_case(int weighted)
{
	int present[NW], c, nx = 0;
	lr_fit *a = new_fit(NW, 0), *b;
	REQUIRE(a);
	add_full(a, 0, NR, weighted);
	for (c = 0; c < NW; c++)
		nx += present[c] = start[c] == 0;
	b = new_fit(nx, 0);
	if (!b) {
		lr_fit_free(a);
		REQUIRE(0);
	}
	add_arriving(b, present, 0, NR, weighted);
	CHECK(lr_fit_count(b) == NR);
	CHECK(same_state(a, b));
	check_same_solution(a, b, 1e-15);
	lr_fit_free(a);
	lr_fit_free(b);
}

static void test_insert_equals_built(void)
{
	insert_case(0);
}

static void test_insert_weighted(void)
{
	insert_case(1);
}

/* Inserted before any row (n == 0): the fit of three columns from the start. */
static void test_insert_empty(void)
{
	lr_fit *a = new_fit(3, LR_NO_INTERCEPT), *b = new_fit(1, LR_NO_INTERCEPT);
	double x[3];
	int i;
	REQUIRE(a && b);
	REQUIRE(lr_fit_insert(b, 0, 1) == LR_OK);
	REQUIRE(lr_fit_insert(b, 2, 1) == LR_OK);
	for (i = 0; i < NR; i++) {
		x[0] = wt[i];
		x[1] = hp[i];
		x[2] = qsec[i];
		REQUIRE(lr_fit_add(a, x, mpg[i]) == LR_OK);
		REQUIRE(lr_fit_add(b, x, mpg[i]) == LR_OK);
	}
	CHECK(same_state(a, b));
	check_same_solution(a, b, 1e-15);
	lr_fit_free(a);
	lr_fit_free(b);
}

/*
 * A straight line folded in blocks by lr_fit_add_rows, then a column
 * inserted, then rows of both through lr_fit_add_rows again: to
 * rounding, what two columns from the start give.
 */
static void test_insert_after_blocks(void)
{
	lr_fit *a = new_fit(2, 0), *b = new_fit(1, 0);
	double xa[2 * NR], xb[NR];
	int i;
	REQUIRE(a && b);
	for (i = 0; i < NR; i++) {
		xb[i] = wt[i];
		xa[2 * i] = wt[i];
		xa[2 * i + 1] = i < 16 ? 0 : hp[i];
	}
	REQUIRE(lr_fit_add_rows(a, xa, mpg, NULL, NR) == LR_OK);
	REQUIRE(lr_fit_add_rows(b, xb, mpg, NULL, 16) == LR_OK);
	REQUIRE(lr_fit_insert(b, 1, 1) == LR_OK);
	REQUIRE(lr_fit_add_rows(b, xa + 32, mpg + 16, NULL, 16) == LR_OK);
	check_same_solution(a, b, 1e-15);
	lr_fit_free(a);
	lr_fit_free(b);
}

/*
 * Shards: rows 0..9 and 10..19 fitted apart with the columns they have
 * seen, one imported from its state, merged after inserting what the
 * other has (as the CLI's merge of different level sets does), then
 * the rest of the rows: the single pass, to rounding.  And an inserted
 * fit exported, imported and merged into a fit built with every column.
 */
static void test_insert_merge_import(void)
{
	int p1[NW], p2[NW], c;
	lr_fit *a = new_fit(NW, 0), *s1, *s2, *t = NULL, *u = NULL;
	lr_fit_state st;
	REQUIRE(a);
	add_full(a, 0, NR, 0);
	for (c = 0; c < NW; c++)
		p1[c] = p2[c] = start[c] == 0;
	s1 = new_fit(2, 0);
	s2 = new_fit(2, 0);
	REQUIRE(s1 && s2);
	add_arriving(s1, p1, 0, 10, 0);       /* has columns 0, 1, 2, 3 */
	add_arriving(s2, p2, 10, 20, 0);      /* has every column but 6 */
	lr_fit_export(s1, &st);
	REQUIRE(lr_fit_import(&st, &t) == LR_OK);
	lr_fit_free(s1);
	REQUIRE(lr_fit_insert(t, 4, 2) == LR_OK); /* columns 4 and 5 */
	REQUIRE(lr_fit_merge(t, s2) == LR_OK);
	for (c = 0; c < NW; c++)
		p1[c] = p2[c];
	add_arriving(t, p1, 20, NR, 0);
	CHECK(lr_fit_count(t) == NR);
	check_same_solution(a, t, 1e-15);
	/* an inserted fit's state round trip, then merged the other way */
	lr_fit_export(t, &st);
	REQUIRE(lr_fit_import(&st, &u) == LR_OK);
	CHECK(same_state(t, u));
	lr_fit_free(a);
	a = new_fit(NW, 0);
	REQUIRE(a);
	REQUIRE(lr_fit_merge(a, u) == LR_OK);
	check_same_solution(t, a, 1e-15);
	lr_fit_free(a);
	lr_fit_free(s2);
	lr_fit_free(t);
	lr_fit_free(u);
}

static void test_insert_refused(void)
{
	lr_spec spec = {1, 3, 0};
	lr_fit *p = NULL, *f = new_fit(2, 0), *g = new_fit(LR_MAX_NX - 1, 0);
	double x[2] = {1, 2};
	REQUIRE(f && g && lr_fit_new(&spec, &p) == LR_OK);
	CHECK(lr_fit_insert(p, 0, 1) == LR_EINVAL);   /* a polynomial */
	CHECK(lr_fit_insert(f, -1, 1) == LR_EINVAL);
	CHECK(lr_fit_insert(f, 3, 1) == LR_EINVAL);
	CHECK(lr_fit_insert(f, 0, 0) == LR_EINVAL);
	CHECK(lr_fit_insert(f, 0, LR_MAX_NX - 1) == LR_EINVAL);
	CHECK(lr_fit_insert(g, 0, 2) == LR_EINVAL);
	CHECK(lr_fit_insert(g, LR_MAX_NX - 1, 1) == LR_OK);
	CHECK(lr_fit_add(f, x, 3) == LR_OK); /* f is as it was */
	lr_fit_free(p);
	lr_fit_free(f);
	lr_fit_free(g);
}

/* An allocator that fails from its limit'th call on. */
static int alloc_left;
static void *failing_alloc(size_t n)
{
	return alloc_left-- > 0 ? malloc(n) : NULL;
}

/* Out of memory at each allocation: LR_ENOMEM and f unchanged. */
static void test_insert_enomem(void)
{
	lr_fit *f = new_fit(NW, 0), *g = new_fit(NW, 0);
	int k;
	REQUIRE(f && g);
	add_full(f, 0, NR, 1);
	add_full(g, 0, NR, 1);
	for (k = 0; k < 5; k++) {
		alloc_left = k;
		lr_set_allocator(failing_alloc, free);
		CHECK(lr_fit_insert(f, 2, 3) == LR_ENOMEM);
		lr_set_allocator(NULL, NULL);
		CHECK(same_state(f, g));
	}
	lr_fit_free(f);
	lr_fit_free(g);
}

/* ------------------------------------------------------------------ */
/* lr_fit_select                                                       */
/* ------------------------------------------------------------------ */

/* Columns of the indicator design: wt, cyl==4, cyl==6, cyl==8, hp, qsec. */
#define NI 6
static double ind(int i, int c)
{
	switch (c) {
	case 0: return wt[i];
	case 1: return cyl[i] == 4;
	case 2: return cyl[i] == 6;
	case 3: return cyl[i] == 8;
	case 4: return hp[i];
	default: return qsec[i];
	}
}

/* The fit of the columns cols[0..nc-1] of the indicator design. */
static lr_fit *direct_fit(const int *cols, int nc, unsigned flags,
    int weighted)
{
	lr_fit *f = new_fit(nc, flags);
	double x[NI];
	int i, c;
	if (!f)
		return NULL;
	for (i = 0; i < NR; i++) {
		for (c = 0; c < nc; c++)
			x[c] = ind(i, cols[c]);
		if (lr_fit_add_weighted(f, x, mpg[i], weight(i, weighted)) != LR_OK) {
			lr_fit_free(f);
			return NULL;
		}
	}
	return f;
}

/* Selected from the wide fit of all NI columns: the direct fit. */
static void select_case(const int *cols, int nc, unsigned flags, int weighted)
{
	static const int all[NI] = {0, 1, 2, 3, 4, 5};
	lr_fit *w = direct_fit(all, NI, 0, weighted), *d, *s = NULL;
	REQUIRE(w);
	d = direct_fit(cols, nc, flags, weighted);
	if (!d || lr_fit_select(w, cols, nc, flags, &s) != LR_OK) {
		lr_fit_free(w);
		lr_fit_free(d);
		REQUIRE(0);
	}
	CHECK(lr_fit_count(s) == NR);
	check_same_solution(d, s, 1e-15);
	lr_fit_free(w);
	lr_fit_free(d);
	lr_fit_free(s);
}

/*
 * mpg ~ wt + factor(cyl) from the rank-deficient wide fit (intercept
 * and all three indicators): R's coefficients, and the direct fit.
 */
static void test_select_factor(void)
{
	static const int cols[3] = {0, 2, 3};
	/* R: coef(lm(mpg ~ wt + factor(cyl), mtcars)) */
	static const double r_coef[4] = {33.990794009132465,
		-3.2056132561928634, -4.255582401971294, -6.0708596804908863};
	static const int all[NI] = {0, 1, 2, 3, 4, 5};
	lr_fit *w = direct_fit(all, NI, 0, 0), *s = NULL;
	lr_result *r = NULL;
	int j;
	REQUIRE(w);
	CHECK(lr_solve(w, 0.95, &r) == LR_ESINGULAR); /* the wide fit */
	CHECK(lr_fit_collinear(w) == 3);
	REQUIRE(lr_fit_select(w, cols, 3, 0, &s) == LR_OK);
	REQUIRE(lr_solve(s, 0.95, &r) == LR_OK);
	for (j = 0; j < 4; j++)
		CHECK_REL(lr_result_coef(r, j)->estimate, r_coef[j], 1e-12);
	lr_result_free(r);
	lr_fit_free(s);
	lr_fit_free(w);
	select_case(cols, 3, 0, 0);
	select_case(cols, 3, 0, 1);
}

/* Other selections: reordered, without intercept, the cell means. */
static void test_select_others(void)
{
	static const int c1[3] = {5, 0, 4}, c2[2] = {4, 0}, c3[3] = {1, 2, 3};
	static const int c4[1] = {0};
	select_case(c1, 3, 0, 0);
	select_case(c1, 3, 0, 1);
	select_case(c2, 2, LR_NO_INTERCEPT, 0);
	select_case(c2, 2, LR_NO_INTERCEPT, 1);
	select_case(c3, 3, LR_NO_INTERCEPT, 0);
	select_case(c4, 1, 0, 1);
}

/* A selection that is itself singular: LR_ESINGULAR, and which term. */
static void test_select_singular(void)
{
	static const int all[NI] = {0, 1, 2, 3, 4, 5};
	static const int c1[4] = {0, 1, 2, 3}, c2[3] = {2, 1, 3};
	lr_fit *w = direct_fit(all, NI, 0, 0), *s = NULL, *t = NULL;
	lr_result *r = NULL;
	REQUIRE(w);
	REQUIRE(lr_fit_select(w, c1, 4, 0, &s) == LR_OK);
	CHECK(lr_solve(s, 0.95, &r) == LR_ESINGULAR);
	CHECK(lr_fit_collinear(s) == 3);
	REQUIRE(lr_fit_select(w, c2, 3, 0, &t) == LR_OK);
	CHECK(lr_solve(t, 0.95, &r) == LR_ESINGULAR);
	CHECK(lr_fit_collinear(t) == 2);
	lr_fit_free(w);
	lr_fit_free(s);
	lr_fit_free(t);
}

/* Select from an inserted fit (the same bits as from the fit built
 * with every column), and from an empty one. */
static void test_select_inserted(void)
{
	static const int cols[3] = {6, 1, 3}, d[1] = {0};
	int present[NW], c, nx = 0;
	lr_fit *a = new_fit(NW, 0), *b, *sa = NULL, *sb = NULL, *e = NULL;
	REQUIRE(a);
	add_full(a, 0, NR, 1);
	for (c = 0; c < NW; c++)
		nx += present[c] = start[c] == 0;
	b = new_fit(nx, 0);
	REQUIRE(b);
	add_arriving(b, present, 0, NR, 1);
	REQUIRE(lr_fit_select(a, cols, 3, 0, &sa) == LR_OK);
	REQUIRE(lr_fit_select(b, cols, 3, 0, &sb) == LR_OK);
	CHECK(same_state(sa, sb));
	lr_fit_free(a);
	a = new_fit(2, 0);
	REQUIRE(a && lr_fit_select(a, d, 1, LR_NO_INTERCEPT, &e) == LR_OK);
	CHECK(lr_fit_count(e) == 0);
	lr_fit_free(a);
	lr_fit_free(b);
	lr_fit_free(sa);
	lr_fit_free(sb);
	lr_fit_free(e);
}

static void test_select_refused(void)
{
	static const int ok[2] = {0, 1}, dup[2] = {1, 1}, out[2] = {0, 2};
	static const int neg[1] = {-1};
	lr_spec spec = {1, 2, 0};
	lr_fit *p = NULL, *f = new_fit(2, 0), *s = NULL;
	REQUIRE(f && lr_fit_new(&spec, &p) == LR_OK);
	CHECK(lr_fit_select(p, ok, 1, 0, &s) == LR_EINVAL && !s);
	CHECK(lr_fit_select(f, dup, 2, 0, &s) == LR_EINVAL && !s);
	CHECK(lr_fit_select(f, out, 2, 0, &s) == LR_EINVAL && !s);
	CHECK(lr_fit_select(f, neg, 1, 0, &s) == LR_EINVAL && !s);
	CHECK(lr_fit_select(f, ok, 0, 0, &s) == LR_EINVAL && !s);
	CHECK(lr_fit_select(f, ok, 2, 4, &s) == LR_EINVAL && !s);
	CHECK(lr_fit_select(f, NULL, 1, 0, &s) == LR_EINVAL && !s);
	lr_fit_free(p);
	lr_fit_free(f);
}

/* ------------------------------------------------------------------ */
/* lr_result_seqss                                                     */
/* ------------------------------------------------------------------ */

/*
 * The sequential sums of squares of the fit of columns cols against
 * want[0..ncoef-1], and its residual sum of squares against want[ncoef].
 */
static void check_seqss(const int *cols, int nc, unsigned flags,
    int weighted, const double *want)
{
	lr_fit *f = direct_fit(cols, nc, flags, weighted);
	lr_result *r = NULL;
	int j;
	REQUIRE(f);
	if (lr_solve(f, 0.95, &r) != LR_OK) {
		lr_fit_free(f);
		REQUIRE(0);
	}
	for (j = 0; j < lr_result_stats(r)->ncoef; j++)
		CHECK_REL(lr_result_seqss(r, j), want[j], 1e-12);
	CHECK_REL(lr_result_stats(r)->sse, want[j], 1e-12);
	CHECK(isnan(lr_result_seqss(r, -1)));
	CHECK(isnan(lr_result_seqss(r, lr_result_stats(r)->ncoef)));
	lr_result_free(r);
	lr_fit_free(f);
}

/*
 * R's anova Sum Sq per coefficient, with its effects[1]^2 for the
 * intercept, and the residual sum of squares last.
 */
static void test_seqss_vs_r(void)
{
	/* mpg ~ wt + hp + qsec: columns 0, 4, 5 of ind() */
	static const int c3[3] = {0, 4, 5}, c2[2] = {0, 4};
	/*
	 * R: effects(lm(mpg ~ wt + hp + qsec, mtcars))[1]^2, then
	 * anova(lm(mpg ~ wt + hp + qsec, mtcars))$"Sum Sq" (print with
	 * sprintf("%.17g")): wt, hp, qsec, Residuals.
	 */
	static const double u[5] = {12916.262812499996, 847.72524995665708,
		83.274182801877146, 8.9884575259861474, 186.05929721548026};
	/*
	 * R: effects(lm(mpg ~ wt + hp + qsec, mtcars, weights = qsec / 16))
	 * [1]^2 and anova(lm(mpg ~ wt + hp + qsec, mtcars, weights = qsec /
	 * 16))$"Sum Sq" (the weights of weight(): qsec / 16).
	 */
	static const double w[5] = {14761.877299599173, 965.13431563826418,
		87.792114852334777, 8.3938114470365282, 215.00973971319368};
	/* R: anova(lm(mpg ~ wt + hp - 1, mtcars))$"Sum Sq" */
	static const double o[3] = {10105.693942962931, 95.004391172317156,
		3841.6116658647538};
	check_seqss(c3, 3, 0, 0, u);
	check_seqss(c3, 3, 0, 1, w);
	check_seqss(c2, 2, LR_NO_INTERCEPT, 0, o);
}

/*
 * The wide fit as the design layer builds it: wt, then one indicator
 * per level of cyl in the levels' order (4, 6, 8), each inserted at its
 * place when its level first appears (6 at row 0, 4 at row 2, 8 at row
 * 4 in mtcars' order), beside the intercept: rank-deficient.
 */
static lr_fit *levels_arriving(void)
{
	static const double level[3] = {4, 6, 8};
	lr_fit *f = new_fit(1, 0);
	int seen[3] = {0, 0, 0}, i, l, m;
	double x[4];
	if (!f)
		return NULL;
	for (i = 0; i < NR; i++) {
		for (l = 0, m = 1; l < 3; l++) {
			if (cyl[i] == level[l] && !seen[l]) {
				seen[l] = 1;
				if (lr_fit_insert(f, m, 1) != LR_OK) {
					lr_fit_free(f);
					return NULL;
				}
			}
			if (seen[l])
				x[m++] = cyl[i] == level[l];
		}
		x[0] = wt[i];
		if (lr_fit_add(f, x, mpg[i]) != LR_OK) {
			lr_fit_free(f);
			return NULL;
		}
	}
	return f;
}

/*
 * A term of two coefficients: factor(cyl)'s Sum Sq is the sum of its
 * two indicators', from a fit selected from the rank-deficient wide one
 * (built from the start, or with levels arriving), and the residuals'
 * is the sse.
 */
static void test_seqss_factor(void)
{
	static const int all[NI] = {0, 1, 2, 3, 4, 5}, cols[3] = {0, 2, 3};
	/* R: anova(lm(mpg ~ wt + factor(cyl), mtcars))$"Sum Sq" */
	static const double want[3] = {847.72524995665708, 95.263289874965864,
		183.05864766837774};
	/* R: coef(lm(mpg ~ wt + factor(cyl), mtcars)) */
	static const double r_coef[4] = {33.990794009132465,
		-3.2056132561928634, -4.255582401971294, -6.0708596804908863};
	int k, j;
	for (k = 0; k < 2; k++) {
		lr_fit *w = k ? levels_arriving() : direct_fit(all, NI, 0, 0);
		lr_fit *s = NULL;
		lr_result *r = NULL;
		REQUIRE(w);
		if (lr_fit_select(w, cols, 3, 0, &s) != LR_OK ||
		    lr_solve(s, 0.95, &r) != LR_OK) {
			lr_fit_free(w);
			lr_fit_free(s);
			REQUIRE(0);
		}
		CHECK_REL(lr_result_seqss(r, 1), want[0], 1e-12);
		CHECK_REL(lr_result_seqss(r, 2) + lr_result_seqss(r, 3),
		    want[1], 1e-12);
		CHECK_REL(lr_result_stats(r)->sse, want[2], 1e-12);
		for (j = 0; j < 4; j++)
			CHECK_REL(lr_result_coef(r, j)->estimate, r_coef[j],
			    1e-12);
		lr_result_free(r);
		lr_fit_free(s);
		lr_fit_free(w);
	}
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_insert_equals_built);
	RUN(test_insert_weighted);
	RUN(test_insert_empty);
	RUN(test_insert_after_blocks);
	RUN(test_insert_merge_import);
	RUN(test_insert_refused);
	RUN(test_insert_enomem);
	RUN(test_select_factor);
	RUN(test_select_others);
	RUN(test_select_singular);
	RUN(test_select_inserted);
	RUN(test_select_refused);
	RUN(test_seqss_vs_r);
	RUN(test_seqss_factor);
	return harness_report("core_model");
}
