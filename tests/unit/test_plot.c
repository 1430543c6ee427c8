/*
 * test_plot.c - what the pictures stand on: the bounded, deterministic
 * sample of the points and the axes with nice ticks (cli/plot.c).
 */
#include <float.h>
#include <stdlib.h>

#include "harness.h"
#include "number.h"
#include "plot.h"

static void test_sample_keeps_all_until_full(void)
{
	struct plot_sample ps;
	int i;
	REQUIRE(plot_sample_init(&ps, 10) == 0);
	for (i = 0; i < 7; i++)
		plot_sample_add(&ps, i, -i);
	CHECK(ps.n == 7 && ps.seen == 7);
	for (i = 0; i < 7; i++)
		CHECK(ps.pt[2 * i] == i && ps.pt[2 * i + 1] == -i);
	CHECK(ps.xmin == 0 && ps.xmax == 6 && ps.ymin == -6 && ps.ymax == 0);
	plot_sample_free(&ps);
	plot_sample_free(&ps); /* twice is harmless */
}

static void test_sample_is_bounded_uniform_and_deterministic(void)
{
	struct plot_sample a, b;
	long i, low = 0, n = 1000000;
	size_t k;
	REQUIRE(plot_sample_init(&a, 1000) == 0);
	REQUIRE(plot_sample_init(&b, 1000) == 0);
	for (i = 0; i < n; i++) {
		plot_sample_add(&a, (double)i, i == 777777 ? 1e9 : 0.5);
		plot_sample_add(&b, (double)i, i == 777777 ? 1e9 : 0.5);
	}
	CHECK(a.n == 1000 && a.seen == (uint64_t)n);
	CHECK(memcmp(a.pt, b.pt, 2000 * sizeof *a.pt) == 0);
	/* The ranges are over every row, the outlier included. */
	CHECK(a.ymax == 1e9 && a.xmax == n - 1 && a.xmin == 0);
	/* Uniform: about half the sample from the first half of the rows. */
	for (k = 0; k < a.n; k++)
		low += a.pt[2 * k] < n / 2;
	CHECK(low > 420 && low < 580);
	/* Not just the first rows. */
	CHECK(a.pt[0] != 0 || a.pt[2] != 1);
	plot_sample_free(&a);
	plot_sample_free(&b);
}

/* The axis for [min, max] is [lo, hi] with this step and tick count. */
static void check_axis(double min, double max, int target, double lo,
    double hi, double step, int nticks)
{
	struct plot_axis ax;
	plot_axis(&ax, min, max, target);
	CHECK(ax.lo == lo && ax.hi == hi && ax.step == step &&
	    ax.nticks == nticks);
	if (!(ax.lo == lo && ax.hi == hi && ax.step == step &&
	    ax.nticks == nticks))
		fprintf(stderr, "  [%g, %g]: got [%.17g, %.17g] step %.17g, "
		    "%d ticks\n", min, max, ax.lo, ax.hi, ax.step, ax.nticks);
}

static void test_nice_axes(void)
{
	check_axis(0, 10, 6, 0, 10, 2, 6);
	check_axis(0, 20, 6, 0, 20, 5, 5);
	check_axis(58, 72, 6, 55, 75, 5, 5);
	check_axis(58, 72, 20, 58, 72, 1, 15);
	check_axis(115, 164, 6, 110, 170, 10, 7);
	check_axis(-2, 2, 6, -2, 2, 1, 5);
	check_axis(0.013, 0.087, 5, 0, 0.1, 0.02, 6);
	check_axis(1e6, 9.5e6, 5, 0, 1e7, 2e6, 6);
}

static void test_degenerate_and_extreme_ranges(void)
{
	struct plot_axis ax;
	char buf[NUM_BUFSIZE];
	double v[][2] = {{0, 0}, {5, 5}, {-3, -3}, {1e308, 1e308},
	    {-1.7e308, 1.7e308}, {DBL_MAX, DBL_MAX}, {-DBL_MAX, DBL_MAX},
	    {5e-324, 5e-324}, {0, 5e-324}, {1, 1 + DBL_EPSILON},
	    {1e-300, 3e-300}, {1e15, 1e15 + 2},
	    /* a few subnormals wide: span / target underflows to 0 */
	    {0, 1e-323}, {0, 1.5e-323}, {0, 4e-323}, {-1e-323, 1e-323}};
	size_t i;
	for (i = 0; i < sizeof v / sizeof *v; i++) {
		plot_axis(&ax, v[i][0], v[i][1], 6);
		CHECK(isfinite(ax.lo) && isfinite(ax.hi) && ax.lo < ax.hi);
		CHECK(ax.lo <= v[i][0] && ax.hi >= v[i][1]);
		CHECK(ax.step > 0 && isfinite(ax.step));
		CHECK(ax.digits >= 1 && ax.digits <= 17);
		CHECK(plot_frac(&ax, v[i][0]) >= 0 && plot_frac(&ax,
		    v[i][1]) <= 1);
		CHECK(isfinite(plot_value(&ax, 0.5)));
		CHECK(strcmp(plot_label(buf, &ax, ax.lo), "nan") != 0);
	}
	/* Ends that cannot be nice are labelled exactly. */
	plot_axis(&ax, -1.7e308, 1.7e308, 5);
	CHECK(!strcmp(plot_label(buf, &ax, ax.hi), "1.7e+308"));
}

static void test_labels(void)
{
	struct plot_axis ax;
	char buf[NUM_BUFSIZE];
	plot_axis(&ax, 0, 1, 5);                /* step 0.2 */
	CHECK(!strcmp(plot_label(buf, &ax, plot_tick(&ax, 0)), "0"));
	CHECK(!strcmp(plot_label(buf, &ax, plot_tick(&ax, 3)), "0.6"));
	CHECK(!strcmp(plot_label(buf, &ax, plot_tick(&ax, 5)), "1"));
	plot_axis(&ax, -1, 1, 4);               /* no "-0" in the middle */
	CHECK(!strcmp(plot_label(buf, &ax, plot_tick(&ax, 2)), "0"));
	plot_axis(&ax, 1e20, 5e20, 4);          /* an exponent when huge */
	CHECK(!strcmp(plot_label(buf, &ax, ax.hi), "5e+20"));
	plot_axis(&ax, 1700000000, 1700000600, 6);
	CHECK(!strcmp(plot_label(buf, &ax, ax.lo), "1700000000"));
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_sample_keeps_all_until_full);
	RUN(test_sample_is_bounded_uniform_and_deterministic);
	RUN(test_nice_axes);
	RUN(test_degenerate_and_extreme_ranges);
	RUN(test_labels);
	return harness_report("plot");
}
