/*
 * test_number.c - the strict number parser and the round-trip printer.
 */
#include <stdlib.h>

#include "harness.h"
#include "number.h"

static enum num_result parse(const char *s, double *v)
{
	return num_parse(s, strlen(s), v);
}

static void test_accepts_plain_decimals(void)
{
	double v;
	CHECK(parse("0", &v) == NUM_OK && v == 0);
	CHECK(parse("-0", &v) == NUM_OK && v == 0 && signbit(v));
	CHECK(parse("+1.5", &v) == NUM_OK && v == 1.5);
	CHECK(parse(".5", &v) == NUM_OK && v == 0.5);
	CHECK(parse("5.", &v) == NUM_OK && v == 5);
	CHECK(parse("1e3", &v) == NUM_OK && v == 1000);
	CHECK(parse("1.25E-2", &v) == NUM_OK && v == 0.0125);
	CHECK(parse("  42\t", &v) == NUM_OK && v == 42);
	CHECK(parse("1700000000.25", &v) == NUM_OK && v == 1700000000.25);
	CHECK(parse("4.9e-324", &v) == NUM_OK && v > 0); /* subnormal */
	CHECK(parse("1e-400", &v) == NUM_OK && v == 0);  /* underflow to 0 */
	CHECK(parse("1.7976931348623157e308", &v) == NUM_OK && isfinite(v));
	/* A field longer than the parser's stack copy. */
	CHECK(parse("0.1000000000000000000000000000000000000000000000000000000"
	    "000000000000000000000000001", &v) == NUM_OK && v == 0.1);
}

static void test_rejects_everything_else(void)
{
	static const char *bad[] = {"abc", "1,5", "1.2.3", "inf", "-inf",
	    "nan", "NaN", "0x10", "0x1p3", "1e", "1e+", "e5", ".", "-", "+",
	    "1 2", "1_000", "１", "1d", "12abc", "--1", "infinity", "1e5.5"};
	size_t i;
	double v;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		int r = parse(bad[i], &v);
		CHECK(r == NUM_SYNTAX);
		if (r != NUM_SYNTAX)
			fprintf(stderr, "  accepted '%s'\n", bad[i]);
	}
	CHECK(parse("", &v) == NUM_EMPTY);
	CHECK(parse("   ", &v) == NUM_EMPTY);
	CHECK(parse("1e400", &v) == NUM_RANGE);
	CHECK(parse("-1e309", &v) == NUM_RANGE);
	CHECK(num_parse("12\0" "3", 4, &v) == NUM_SYNTAX); /* embedded NUL */
}

static void test_round_trip_printing(void)
{
	char buf[NUM_BUFSIZE];
	double vals[] = {0.1, 1.0 / 3, 1e-300, 5e-324, 1.7976931348623157e308,
	    -0.26232307377403496, 1700000000.25, 123456789012345678.0};
	size_t i;
	for (i = 0; i < sizeof vals / sizeof *vals; i++)
		CHECK(strtod(num_format(buf, vals[i], 0), NULL) == vals[i]);
	CHECK(strcmp(num_format(buf, 0.1, 0), "0.1") == 0);
	CHECK(strcmp(num_format(buf, 3.45, 0), "3.45") == 0);
	CHECK(strcmp(num_format(buf, 2.0 / 3, 4), "0.6667") == 0);
	CHECK(strcmp(num_format(buf, NAN, 0), "NaN") == 0);
}

int main(void)
{
	RUN(test_accepts_plain_decimals);
	RUN(test_rejects_everything_else);
	RUN(test_round_trip_printing);
	return harness_report("number");
}
