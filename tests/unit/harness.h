/*
 * harness.h - a tiny test harness for the core's unit tests.
 *
 * Each test file defines test functions and calls them from main() with
 * RUN(fn).  CHECK and its kin record a failure and keep going; REQUIRE
 * records a failure and ends the current test at once (for a set-up the
 * rest of the test depends on: a file loaded, a fit made), so that no
 * test goes on with uninitialised data.  main() ends with
 * `return harness_report("name");`, which prints one summary line and
 * returns the process exit status.
 *
 * A name filter: main(argc, argv) calls harness_args(argc, argv) first;
 * then `build/tests/test_core women norris` runs only the tests whose
 * function name contains "women" or "norris", and `build/tests/test_core
 * --list` prints the names without running anything.  A filter that
 * matches no test is a failure (a misspelt name passes nothing).
 */
#ifndef LINREG_HARNESS_H
#define LINREG_HARNESS_H

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int harness_checks, harness_failed, harness_tests, harness_tests_failed;
static const char *harness_current;
static char **harness_filter;  /* names to match; NULL: run every test */
static int harness_nfilter, harness_list;
static int harness_in_test;     /* harness_jump is set (inside RUN) */
static jmp_buf harness_jump;

/* The command line: NAME... filters the tests, --list lists them. */
static inline void harness_args(int argc, char **argv)
{
	int i;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--list") == 0) {
			harness_list = 1;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: %s [--list] [NAME...]\n"
			    "  runs the tests whose name contains a NAME "
			    "(default: every test)\n", argv[0]);
			exit(2);
		} else {
			argv[harness_nfilter++] = argv[i];
		}
	}
	if (harness_nfilter)
		harness_filter = argv;
}

/* Does the name filter (if any) select the test NAME? */
static inline int harness_selected(const char *name)
{
	int i;
	if (!harness_filter)
		return 1;
	for (i = 0; i < harness_nfilter; i++)
		if (strstr(name, harness_filter[i]))
			return 1;
	return 0;
}

/* A failed REQUIRE: back to RUN, which counts the test failed and goes
 * on with the next one; outside RUN, the program stops. */
static inline void harness_fatal(void)
{
	if (harness_in_test)
		longjmp(harness_jump, 1);
	fprintf(stderr, "%s: stopped\n", harness_current ? harness_current : "test");
	exit(1);
}

#define CHECK(cond)                                                        \
	do {                                                               \
		harness_checks++;                                          \
		if (!(cond)) {                                             \
			harness_failed++;                                  \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n",   \
			    __FILE__, __LINE__, harness_current, #cond);   \
		}                                                          \
	} while (0)

/* A check the rest of the test depends on: on failure, the test ends. */
#define REQUIRE(cond)                                                      \
	do {                                                               \
		harness_checks++;                                          \
		if (!(cond)) {                                             \
			harness_failed++;                                  \
			fprintf(stderr, "%s:%d: %s: required check failed: " \
			    "%s (the test stops here)\n", __FILE__,         \
			    __LINE__, harness_current, #cond);             \
			harness_fatal();                                   \
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
		if (!harness_selected(#fn))                                \
			break;                                             \
		if (harness_list) {                                        \
			printf("%s\n", #fn);                               \
			break;                                             \
		}                                                          \
		harness_current = #fn;                                     \
		harness_tests++;                                           \
		harness_in_test = 1;                                       \
		if (setjmp(harness_jump) == 0)                             \
			fn();                                              \
		harness_in_test = 0;                                       \
		if (harness_failed != before_)                             \
			harness_tests_failed++;                            \
	} while (0)

static int harness_report(const char *suite)
{
	if (harness_list)
		return 0;
	if (harness_filter && harness_tests == 0) {
		fprintf(stderr, "%s: no test name contains %s%s\n", suite,
		    harness_filter[0], harness_nfilter > 1 ? " (or the others)" : "");
		harness_tests = harness_tests_failed = harness_failed = 1;
	}
	printf("%s: %d tests, %d checks, %d failed\n", suite, harness_tests,
	    harness_checks, harness_failed);
	/* One line per test for the runner's pass/fail count. */
	printf("# tests %d passed, %d failed\n",
	    harness_tests - harness_tests_failed, harness_tests_failed);
	return harness_failed ? 1 : 0;
}

#endif
