/*
 * harness.h - a tiny test harness for the core's unit tests.
 *
 * Each test file defines test functions and calls them from main() with
 * RUN(fn).  Checks record a failure and keep going; main() ends with
 * `return harness_report("name");`, which prints one summary line and
 * returns the process exit status.
 */
#ifndef LINREG_HARNESS_H
#define LINREG_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_checks, harness_failed, harness_tests, harness_tests_failed;
static const char *harness_current;

#define CHECK(cond)                                                        \
	do {                                                               \
		harness_checks++;                                          \
		if (!(cond)) {                                             \
			harness_failed++;                                  \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n",   \
			    __FILE__, __LINE__, harness_current, #cond);   \
		}                                                          \
	} while (0)

/* Relative closeness: |got - want| <= tol * |want| (absolute when want == 0). */
#define CHECK_REL(got, want, tol)                                          \
	do {                                                               \
		double g_ = (got), w_ = (want), t_ = (tol);                \
		double e_ = w_ == 0 ? fabs(g_) : fabs(g_ - w_) / fabs(w_); \
		harness_checks++;                                          \
		if (!(e_ <= t_)) {                                         \
			harness_failed++;                                  \
			fprintf(stderr,                                    \
			    "%s:%d: %s: %s = %.17g, want %.17g "           \
			    "(rel err %.3g > %.3g)\n",                     \
			    __FILE__, __LINE__, harness_current, #got, g_, \
			    w_, e_, t_);                                   \
		}                                                          \
	} while (0)

/* Number of agreeing significant digits (log relative error, NIST's LRE). */
static inline double harness_lre(double got, double want)
{
	double e;
	if (got == want)
		return 15;
	e = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
	e = -log10(e);
	return e > 15 ? 15 : e;
}

#define CHECK_LRE(got, want, digits)                                       \
	do {                                                               \
		double g_ = (got), w_ = (want);                            \
		double l_ = harness_lre(g_, w_);                           \
		harness_checks++;                                          \
		if (!(l_ >= (digits))) {                                   \
			harness_failed++;                                  \
			fprintf(stderr,                                    \
			    "%s:%d: %s: %s = %.17g, want %.17g "           \
			    "(%.1f digits < %d)\n",                        \
			    __FILE__, __LINE__, harness_current, #got, g_, \
			    w_, l_, (int)(digits));                        \
		}                                                          \
	} while (0)

#define RUN(fn)                                                            \
	do {                                                               \
		int before_ = harness_failed;                              \
		harness_current = #fn;                                     \
		harness_tests++;                                           \
		fn();                                                      \
		if (harness_failed != before_)                             \
			harness_tests_failed++;                            \
	} while (0)

static int harness_report(const char *suite)
{
	printf("%s: %d tests, %d checks, %d failed\n", suite, harness_tests,
	    harness_checks, harness_failed);
	/* One line per test for the runner's pass/fail count. */
	printf("# tests %d passed, %d failed\n",
	    harness_tests - harness_tests_failed, harness_tests_failed);
	return harness_failed ? 1 : 0;
}

#endif
