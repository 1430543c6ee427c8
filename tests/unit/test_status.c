/*
 * test_status.c - the lr_status table (cli/status.c): the exit status and
 * the words of every status, and the messages that name the model's
 * columns and terms, byte for byte as the command says them (the bats
 * tests reach only the statuses that data can cause).
 *
 * Linked with status.o, diag.o and the core library only; diag.c's
 * text_put (the escaping of write_text.c) is replaced by a plain fputs,
 * since no name here holds a control byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "harness.h"
#include "status.h"

void text_put(FILE *out, const char *s);
void text_put(FILE *out, const char *s)
{
	fputs(s, out);
}

/* Standard error, caught in a temporary file between begin and end. */
static FILE *caught;
static int saved_fd = -1;

static void catch_begin(void)
{
	fflush(stderr);
	caught = tmpfile();
	saved_fd = dup(STDERR_FILENO);
	if (!caught || saved_fd < 0 ||
	    dup2(fileno(caught), STDERR_FILENO) < 0) {
		perror("test_status: cannot catch standard error");
		exit(2);
	}
}

/* What was said since catch_begin, in buf. */
static const char *catch_end(char *buf, size_t size)
{
	size_t n;
	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	rewind(caught);
	n = fread(buf, 1, size - 1, caught);
	buf[n] = '\0';
	fclose(caught);
	return buf;
}

static const char *const line_terms[] = { "(Intercept)", "x" };
static const char *const origin_terms[] = { "x" };
static const char *const multi_terms[] = { "(Intercept)", "a", "b", "c" };
static const char *const poly_terms[] = { "(Intercept)", "t", "t^2", "t^3" };

static const struct status_model line = { 1, 1, 0, "x", line_terms, 2 };
static const struct status_model through0 = { 1, 1, 1, "x", origin_terms, 1 };
static const struct status_model multi = { 3, 1, 0, "a", multi_terms, 4 };
static const struct status_model poly = { 1, 3, 0, "t", poly_terms, 4 };

static void test_exit(void)
{
	CHECK(status_exit(LR_OK) == EX_OK);
	CHECK(status_exit(LR_ENOMEM) == EX_OSERR);
	CHECK(status_exit(LR_EINVAL) == EX_SOFTWARE);
	CHECK(status_exit(LR_ENONFINITE) == EX_SOFTWARE);
	CHECK(status_exit(LR_ETOOFEW) == EX_DATAERR);
	CHECK(status_exit(LR_ESINGULAR) == EX_DATAERR);
	CHECK(status_exit(LR_EMISMATCH) == EX_SOFTWARE);
	CHECK(status_exit(LR_ERANGE) == EX_DATAERR);
	CHECK(status_exit((lr_status)99) == EX_SOFTWARE);
}

static void test_words(void)
{
	CHECK(!strcmp(status_words(LR_ENOMEM), "out of memory"));
	CHECK(!strcmp(status_words(LR_ENONFINITE),
	    "value is not a finite number"));
	CHECK(!strcmp(status_words(LR_ERANGE), "a coefficient is beyond the "
	    "range of a double (about 1.8e308): rescale x or y"));
	CHECK(!strcmp(status_words((lr_status)99), "unknown status"));
}

/* status_fail and status_solve_fail: the line said, the status returned. */
static void test_fail(void)
{
	char buf[1024];
	int ex;

	catch_begin();
	ex = status_fail(LR_OK);
	CHECK(ex == EX_OK && !strcmp(catch_end(buf, sizeof buf), ""));
	catch_begin();
	ex = status_fail(LR_ENONFINITE);
	CHECK(ex == EX_SOFTWARE && !strcmp(catch_end(buf, sizeof buf),
	    "linreg: value is not a finite number\n"));
	catch_begin();
	ex = status_solve_fail(LR_ENOMEM, &line, 5, 0);
	CHECK(ex == EX_OSERR && !strcmp(catch_end(buf, sizeof buf),
	    "linreg: out of memory\n"));
	catch_begin();
	ex = status_solve_fail(LR_ERANGE, &line, 5, 0);
	CHECK(ex == EX_DATAERR && !strcmp(catch_end(buf, sizeof buf),
	    "linreg: a coefficient is beyond the range of a double (about "
	    "1.8e308): rescale x or y\n"));
	catch_begin();
	ex = status_solve_fail(LR_EMISMATCH, &line, 5, 0);
	CHECK(ex == EX_SOFTWARE && !strcmp(catch_end(buf, sizeof buf),
	    "linreg: fits of different models cannot be merged\n"));
}

/* Expect the message of status_solve_fail(st, m, used, t): exit 65. */
#define SAID(st, m, used, t, want)                                         \
	do {                                                               \
		char b_[1024];                                             \
		int e_;                                                    \
		catch_begin();                                             \
		e_ = status_solve_fail(st, m, used, t);                    \
		catch_end(b_, sizeof b_);                                  \
		CHECK(e_ == EX_DATAERR);                                   \
		CHECK(!strcmp(b_, "linreg: " want "\n"));                  \
		if (strcmp(b_, "linreg: " want "\n"))                      \
			fprintf(stderr, "  said: %s", b_);                 \
	} while (0)

static void test_too_few(void)
{
	SAID(LR_ETOOFEW, &line, 1, 0,
	    "need at least 2 data points to fit a line, got 1");
	SAID(LR_ETOOFEW, &through0, 0, 0,
	    "need at least 1 data point to fit a line through the origin, "
	    "got 0");
	SAID(LR_ETOOFEW, &multi, 3, 0,
	    "need at least 4 data points to fit 4 coefficients, got 3");
	SAID(LR_ETOOFEW, &poly, 2, 0,
	    "need at least 4 data points to fit 4 coefficients, got 2");
}

static void test_singular(void)
{
	char buf[64];
	int ex;

	SAID(LR_ESINGULAR, &line, 9, 0,
	    "all x values are equal: the slope is undefined");
	SAID(LR_ESINGULAR, &line, 9, -1,
	    "all x values are equal: the slope is undefined");
	SAID(LR_ESINGULAR, &through0, 9, 0,
	    "all x values are zero: the slope through the origin is undefined");
	SAID(LR_ESINGULAR, &poly, 9, 2,
	    "the t^3 term is a linear combination of the lower powers: too "
	    "few distinct t values for a polynomial of degree 3");
	SAID(LR_ESINGULAR, &multi, 9, 0,
	    "predictor 'a' is constant: its coefficient is undefined");
	SAID(LR_ESINGULAR, &multi, 9, 2,
	    "predictor 'c' is a linear combination of the intercept and the "
	    "predictors before it (to within the precision of the data): "
	    "drop it or one of them");
	/* lr_fit_collinear out of memory: said as such, exit 71. */
	catch_begin();
	ex = status_solve_fail(LR_ESINGULAR, &multi, 9, -2);
	CHECK(ex == EX_OSERR && !strcmp(catch_end(buf, sizeof buf),
	    "linreg: out of memory\n"));
}

static void test_group_words(void)
{
	char buf[300], longname[200];
	const char *const long_terms[] = { "(Intercept)", longname };
	struct status_model lm = { 1, 1, 0, longname, long_terms, 2 };

	status_group_words(buf, sizeof buf, LR_ETOOFEW, &multi, 3, 0);
	CHECK(!strcmp(buf, "need at least 4 data points, got 3"));
	status_group_words(buf, sizeof buf, LR_ESINGULAR, &line, 3, 0);
	CHECK(!strcmp(buf, "all x values are equal"));
	status_group_words(buf, sizeof buf, LR_ESINGULAR, &through0, 3, -1);
	CHECK(!strcmp(buf, "all x values are zero"));
	status_group_words(buf, sizeof buf, LR_ESINGULAR, &multi, 3, 1);
	CHECK(!strcmp(buf, "b is a linear combination of the other terms"));
	/*
	 * No column named by the core (-1), without an intercept: the first
	 * term, as the run's message says, never terms[-1]; -2 is the
	 * core's out of memory.  (Under ASan the old code read before the
	 * array here.)
	 */
	{
		const char *const t2[] = { "a", "b" };
		const char **heap = malloc(sizeof t2);
		struct status_model m0 = { 2, 1, 1, "a", NULL, 2 };
		REQUIRE(heap != NULL);
		memcpy(heap, t2, sizeof t2);
		m0.terms = heap;
		status_group_words(buf, sizeof buf, LR_ESINGULAR, &m0, 3, -1);
		CHECK(!strcmp(buf, "a is a linear combination of the other "
		    "terms"));
		status_group_words(buf, sizeof buf, LR_ESINGULAR, &m0, 3, -2);
		CHECK(!strcmp(buf, "out of memory"));
		free(heap);
	}
	/* The core's words for the rest, even where the run has better. */
	status_group_words(buf, sizeof buf, LR_ERANGE, &line, 3, 0);
	CHECK(!strcmp(buf, "a value or coefficient is beyond the range of a "
	    "double"));
	status_group_words(buf, sizeof buf, LR_ENOMEM, &line, 3, 0);
	CHECK(!strcmp(buf, "out of memory"));
	/* Names are cut at 60 bytes, and the buffer is never overrun. */
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	status_group_words(buf, sizeof buf, LR_ESINGULAR, &lm, 3, 0);
	CHECK(strlen(buf) == 60 + strlen("all  values are equal"));
	status_group_words(buf, 10, LR_ETOOFEW, &multi, 3, 0);
	CHECK(!strcmp(buf, "need at l"));
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_exit);
	RUN(test_words);
	RUN(test_fail);
	RUN(test_too_few);
	RUN(test_singular);
	RUN(test_group_words);
	return harness_report("test_status");
}
