/*
 * test_alloc.c - the core under allocation failure: for every k, the
 * k-th allocation fails along a full fit, merge, solve and prediction of
 * several models.  Every call must report LR_ENOMEM (or succeed), never
 * crash, and everything allocated must be freed.
 */
#include <stdlib.h>

#include "harness.h"
#include "linreg.h"

static long n_alloc, fail_at, live;

static void *test_alloc(size_t n)
{
	void *p;
	if (++n_alloc == fail_at)
		return NULL;
	p = malloc(n);
	if (p)
		live++;
	return p;
}

static void test_free(void *p)
{
	live--;
	free(p);
}

/*
 * One scenario; returns 1 when it ran to the end without meeting the
 * injected failure.  Statuses other than LR_OK and LR_ENOMEM fail the test.
 */
static int scenario(int degree, int nx, unsigned flags)
{
	lr_spec spec;
	lr_fit *a = NULL, *b = NULL;
	lr_result *r = NULL;
	lr_prediction pr;
	double x[300], y[100];
	int i, done = 0;
	lr_status st;

	spec.nx = nx;
	spec.degree = degree;
	spec.flags = flags;
	for (i = 0; i < 100; i++) {
		int j;
		for (j = 0; j < nx; j++)
			x[i * nx + j] = (i * (j + 3)) % 17 + 0.25 * j + i * 0.01;
		y[i] = 1 + 0.5 * x[i * nx] + (i % 5) * 0.1;
	}
	st = lr_fit_new(&spec, &a);
	if (st != LR_OK)
		goto end;
	st = lr_fit_new(&spec, &b);
	if (st != LR_OK)
		goto end;
	for (i = 0; i < 40; i++)
		CHECK(lr_fit_add(a, &x[i * nx], y[i]) == LR_OK);
	/* the block kernel's scratch comes with the first batch */
	st = lr_fit_add_rows(b, &x[40 * nx], &y[40], NULL, 60);
	CHECK(st == LR_OK || st == LR_ENOMEM);
	if (st != LR_OK) {
		CHECK(lr_fit_count(b) == 0);
		goto end;
	}
	CHECK(lr_fit_merge(a, b) == LR_OK);
	CHECK(lr_fit_count(a) == 100);
	st = lr_solve(a, 0.95, &r);
	CHECK(st == LR_OK || st == LR_ENOMEM);
	if (st != LR_OK)
		goto end;
	st = lr_predict(r, x, &pr);
	CHECK(st == LR_OK || st == LR_ENOMEM);
	if (st != LR_OK)
		goto end;
	i = lr_fit_collinear(a);
	CHECK(i == -1 || i == -2);
	if (i == -2) {
		st = LR_ENOMEM;
		goto end;
	}
	done = 1;
end:
	CHECK(st == LR_OK || st == LR_ENOMEM);
	if (st == LR_ENOMEM)
		CHECK(done == 0);
	lr_result_free(r);
	lr_fit_free(a);
	lr_fit_free(b);
	return done;
}

static void run_all_k(int degree, int nx, unsigned flags)
{
	long k, total;
	/* Count the allocations of a clean run first. */
	fail_at = -1;
	n_alloc = live = 0;
	CHECK(scenario(degree, nx, flags) == 1);
	CHECK(live == 0);
	total = n_alloc;
	CHECK(total > 5);
	for (k = 1; k <= total; k++) {
		fail_at = k;
		n_alloc = live = 0;
		CHECK(scenario(degree, nx, flags) == 0);
		if (live != 0)
			fprintf(stderr, "  leak with allocation %ld failing\n", k);
		CHECK(live == 0);
	}
}

static void test_line(void)
{
	run_all_k(0, 1, 0);
}

static void test_line_origin(void)
{
	run_all_k(0, 1, LR_NO_INTERCEPT);
}

static void test_polynomial(void)
{
	run_all_k(3, 1, 0);
}

static void test_several_predictors(void)
{
	run_all_k(0, 3, LR_NO_INTERCEPT);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	lr_set_allocator(test_alloc, test_free);
	RUN(test_line);
	RUN(test_line_origin);
	RUN(test_polynomial);
	RUN(test_several_predictors);
	lr_set_allocator(NULL, NULL);
	return harness_report("alloc");
}
