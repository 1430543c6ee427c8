/*
 * test_datetime.c - ISO 8601 dates and date-times as epoch seconds
 * (cli/datetime.c, linked alone).
 *
 * Every expected value comes from outside linreg; the command is given
 * beside it:
 *   P: python3 -c 'import calendar; print(calendar.timegm((Y,M,D,h,m,s)))'
 *      (or datetime.datetime.fromisoformat(S) for an offset, see below)
 *   G: date -u -d S +%s   (GNU coreutils 9)
 *   F: python3 -c 'from fractions import Fraction as F;
 *      print(float(W + F(DIGITS, 10**N)).hex())'  (Fraction -> float is
 *      correctly rounded: int / int true division in CPython)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "harness.h"

static int parse(const char *s, double *v)
{
	return datetime_parse(s, strlen(s), v);
}

/* s parses to exactly want (bit for bit; -0 is not expected anywhere). */
static int is(const char *s, double want)
{
	double v = 12345.5;

	if (!parse(s, &v)) {
		fprintf(stderr, "    %s: rejected\n", s);
		return 0;
	}
	if (v != want)
		fprintf(stderr, "    %s: got %a, want %a\n", s, v, want);
	return v == want;
}

static void test_dates(void)
{
	CHECK(is("1970-01-01", 0));                 /* P (1970,1,1,0,0,0) */
	CHECK(is("1969-12-31", -86400));            /* P, G */
	CHECK(is("2026-11-27", 1795737600));        /* P, G */
	CHECK(is("2000-02-29", 951782400));         /* P, G: leap (400) */
	CHECK(is("1900-03-01", -2203891200.0));     /* P, G: 1900 not leap */
	CHECK(is("1600-02-29", -11670998400.0));    /* P, G */
	CHECK(is("0001-01-01", -62135596800.0));    /* P, G */
	/* Year 0 (proleptic Gregorian, a leap year): Python's datetime
	 * stops at year 1; G: date -u -d 0000-01-01 +%s, and P's 0001-01-01
	 * less 366 days gives the same. */
	CHECK(is("0000-01-01", -62167219200.0));
	CHECK(is("0000-03-01", -62162035200.0));    /* G */
	CHECK(is("9999-12-31", 253402214400.0));    /* P (9999,12,31,0,0,0) */
}

static void test_date_times(void)
{
	CHECK(is("2026-11-27T10:00:00Z", 1795773600));      /* P, G */
	CHECK(is("2026-11-27T10:00", 1795773600));          /* no zone: UTC */
	CHECK(is("2026-11-27 10:00:00", 1795773600));       /* a space */
	CHECK(is("2026-11-27t10:00:00z", 1795773600));      /* RFC 3339 */
	CHECK(is("1969-12-31T23:59:59Z", -1));              /* P, G */
	CHECK(is("1970-01-01T00:00:00Z", 0));
	CHECK(is("2024-02-29T12:34:56Z", 1709210096));      /* P, G */
	CHECK(is("9999-12-31T23:59:59Z", 253402300799.0)); /* P, G */
	CHECK(is("1916-02-18T01:46:39Z", -1700000001.0));  /* P, G */
	/* Offsets.  P: calendar.timegm(datetime.datetime.fromisoformat(S)
	 * .utctimetuple()); G: date -u -d S +%s. */
	CHECK(is("2026-11-27T10:00:00-05:30", 1795793400)); /* P, G */
	CHECK(is("2026-11-27T10:00:00-0530", 1795793400));
	CHECK(is("2026-01-01T00:30:00+05:30", 1767207600)); /* P, G */
	CHECK(is("2026-01-01T00:30:00+0530", 1767207600));
	CHECK(is("2026-11-27T10:00:00+00", 1795773600));
	CHECK(is("2026-11-27T10:00-05", 1795773600 + 5 * 3600));
	CHECK(is("2026-11-27T10:00:00-00:00", 1795773600));
	/* Across 1970 by the offset: 1970-01-01T00:30+01:00 is 23:30 the
	 * day before (P: -1800). */
	CHECK(is("1970-01-01T00:30+01:00", -1800));
	CHECK(is("  2026-11-27\t", 1795737600));            /* blanks around */
}

/* F: the correctly rounded double of the exact value. */
static void test_fractions(void)
{
	/* 1700000000 + 123456789/10^9: F gives 0x1.954fc4007e6b7p+30 */
	CHECK(is("2023-11-14T22:13:20.123456789Z", 0x1.954fc4007e6b7p+30));
	CHECK(is("2023-11-14T22:13:20,123456789Z", 0x1.954fc4007e6b7p+30));
	CHECK(is("2023-11-14T22:13:20.1Z", 0x1.954fc40066666p+30));
	CHECK(is("2023-11-14T22:13:20.100000000Z", 0x1.954fc40066666p+30));
	CHECK(is("2023-11-14T22:13:20.000Z", 1700000000));
	CHECK(is("1969-12-31T23:59:59.5Z", -0.5));          /* F: -1 + 1/2 */
	CHECK(is("1969-12-31T23:59:59.1Z", -0x1.ccccccccccccdp-1)); /* F */
	CHECK(is("1969-12-31T23:59:59.999999999Z", -0x1.12e0be826d695p-30));
	CHECK(is("1970-01-01T00:00:00.000001Z", 0x1.0c6f7a0b5ed8dp-20));
	/* F: -31536000 + 123456789/10^9 (1969-01-01 is P -31536000) */
	CHECK(is("1969-01-01T00:00:00.123456789Z", -0x1.e1337fe06522dp+24));
	/* F: -62167219200 + 7/10 */
	CHECK(is("0000-01-01T00:00:00.7Z", -0x1.cf2e8f7fe999ap+35));
	/* F: 253402300799 + 999999999999/10^12 rounds up to ...800 */
	CHECK(is("9999-12-31T23:59:59.999999999999Z", 253402300800.0));
	/* F: -62135596800 + 123456789123456789/10^18 (18 digits) */
	CHECK(is("0001-01-01T00:00:00.123456789123456789Z",
	    -0x1.cef23edffc0cap+35));
	/*
	 * Rounded once, not twice.  2^-23 is half a unit in the last place
	 * of 1700000000: .00000011920928955078125 is an exact tie (to even:
	 * down); one more unit in the 30th digit must round up, though the
	 * fraction alone rounded to a double first would make a tie again
	 * (F gives 0x1.954fc40000001p+30; float(1700000000) + float(frac)
	 * gives ...000p+30).
	 */
	CHECK(is("2023-11-14T22:13:20.00000011920928955078125Z",
	    0x1.954fc40000000p+30));
	CHECK(is("2023-11-14T22:13:20.000000119209289550781250000001Z",
	    0x1.954fc40000001p+30));
	/* The same below 1970: -1700000001 + 0.99999988079...9 (30 digits)
	 * is -(1700000000 + 2^-23 + 10^-30); F: -0x1.954fc40000001p+30. */
	CHECK(is("1916-02-18T01:46:39.999999880790710449218749999999Z",
	    -0x1.954fc40000001p+30));
	/* A fraction longer than the stack buffer (100 digits). */
	CHECK(is("2023-11-14T22:13:20.1000000000000000000000000000000000000"
	    "000000000000000000000000000000000000000000000000000000000000001Z",
	    0x1.954fc40066666p+30));
}

static void test_kind(void)
{
	double v;

	CHECK(datetime_parse_kind("2026-11-27", 10, &v) == DATETIME_DATE);
	CHECK(datetime_parse_kind("2026-11-27T00:00", 16, &v) == DATETIME_TIME);
	CHECK(datetime_parse_kind("2026-11-2", 9, &v) == DATETIME_NONE);
	/* The length is the caller's: a longer buffer is not read past it. */
	CHECK(datetime_parse_kind("2026-11-27T00:00", 10, &v) == DATETIME_DATE);
}

static void test_rejections(void)
{
	static const char *bad[] = {
		"", "2026", "2026-02-30", "2026-02-29", "1900-02-29",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-04-31",
		"2026-1-5", "2026-01-5", "20261127", "26-11-27", "+2026-11-27",
		"12026-11-27", "2026/11/27", "2026-11-27T25:00",
		"2026-11-27T24:00", "2026-11-27T24:00:00", "2026-11-27T23:60",
		"2026-11-27T23:59:60", "2026-11-27T10", "2026-11-27T10:0",
		"2026-11-27T1000", "2026-11-27T10:00:0", "2026-11-27T10:00:00.",
		"2026-11-27T10:00.5", "2026-11-27T", "2026-11-27x10:00",
		"2026-11-27  10:00", "2026-11-27T10:00:00ZZ",
		"2026-11-27T10:00:00+5", "2026-11-27T10:00:00+05:3",
		"2026-11-27T10:00:00+053", "2026-11-27T10:00:00+24:00",
		"2026-11-27T10:00:00+05:60", "2026-11-27T10:00:00+05:",
		"2026-11-27T10:00:00 +05:00", "2026-11-27Z", "2026-11-27+01:00",
		"2026-11-27 junk", "2026-11-27T10:00:00Zjunk", "2026-11-27abc",
		"1700000000", "abc", "2026-11-27T10:00:00.5.5",
		"2026-11-27T10:00:00.-5", "２026-11-27",
	};
	size_t i;
	double v = 42;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int r = parse(bad[i], &v);
		if (r)
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
		CHECK(!r);
	}
	CHECK(v == 42);  /* untouched */
	/* A NUL inside is not the end. */
	CHECK(!datetime_parse("2026-11-27\0", 11, &v));
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_dates);
	RUN(test_date_times);
	RUN(test_fractions);
	RUN(test_kind);
	RUN(test_rejections);
	return harness_report("test_datetime");
}
