/*
 * test_number.c - the strict number parser and the round-trip printer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "number.h"
#include "number_plain.h"

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

/* What the fast lane takes, where it stops, and what it leaves. */
static void test_plain_lane(void)
{
	static const struct { const char *s; int len; double v; } ok[] = {
		{"0,", 1, 0}, {"-0\n", 2, -0.0}, {"1.5,", 3, 1.5},
		{".5,", 2, 0.5}, {"5.,", 2, 5}, {"12345678,", 8, 12345678},
		{"1234567.123456789\n", 17, 1234567.123456789},
		{"-1234.567000\r\n", 12, -1234.567},
		{"9007199254740992,", 16, 9007199254740992.0},
		{"0.000000000000000001,", 20, 1e-18},
		{"1e5,", 1, 1}, {"7 ,", 1, 7}};
	static const char *no[] = {"", ",", "-,", ".,", "-.,", "+1,",
	    " 1,", "9007199254740993,", "12345678901234567890,",
	    "0.00000000000000000000001,", "abc,", "\"1\","};
	char pad[64];
	const char *end;
	size_t i;
	double v;

	for (i = 0; i < sizeof ok / sizeof *ok; i++) {
		memset(pad, ',', sizeof pad);
		memcpy(pad, ok[i].s, strlen(ok[i].s));
		end = num_parse_plain(pad, &v);
		CHECK(end == pad + ok[i].len && v == ok[i].v &&
		    !signbit(v) == !signbit(ok[i].v));
		if (!(end == pad + ok[i].len && v == ok[i].v))
			fprintf(stderr, "  '%s'\n", ok[i].s);
	}
	for (i = 0; i < sizeof no / sizeof *no; i++) {
		memset(pad, ',', sizeof pad);
		memcpy(pad, no[i], strlen(no[i]));
		end = num_parse_plain(pad, &v);
		CHECK(end == NULL || end == pad);
		if (end && end != pad)
			fprintf(stderr, "  took '%s'\n", no[i]);
	}
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

/* xorshift64*: a small deterministic generator for the test strings. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}

static long mismatches, compared, plain_taken, plain_mismatches;
static long cell_taken, cell_mismatches;

/*
 * The fast lane's parser, where it takes a string whole, must give
 * strtod's bits too.  It reads up to 8 bytes past the number: the
 * copy is padded with bytes that are not digits.
 */
static void compare_plain_with_strtod(const char *str, double b)
{
	char pad[1300];
	size_t n = strlen(str);
	const char *end;
	double a = 0, m, d;

	if (n + 9 > sizeof pad)
		return;
	memcpy(pad, str, n);
	memset(pad + n, ',', 9);
	/* the indexed lane's parser, given the cell's bounds */
	if (num_parse_cell_parts((const unsigned char *)pad,
	    (const unsigned char *)pad + n, &m, &d)) {
		a = m / d;
		cell_taken++;
		if (memcmp(&a, &b, sizeof a) != 0 && cell_mismatches++ < 10)
			fprintf(stderr, "  '%s': num_parse_cell_parts %.17g, "
			    "strtod %.17g\n", str, a, b);
	}
	end = num_parse_plain(pad, &a);
	if (end != pad + n)
		return;
	plain_taken++;
	if (memcmp(&a, &b, sizeof a) != 0 && plain_mismatches++ < 10)
		fprintf(stderr, "  '%s': num_parse_plain %.17g, strtod %.17g\n",
		    str, a, b);
}

/* num_parse must agree with strtod bit for bit (and overflow = NUM_RANGE). */
static void compare_with_strtod(const char *str)
{
	double a = 0, b = strtod(str, NULL);
	enum num_result r = num_parse(str, strlen(str), &a);
	compared++;
	compare_plain_with_strtod(str, b);
	if (isinf(b) ? r != NUM_RANGE :
	    (r != NUM_OK || memcmp(&a, &b, sizeof a) != 0)) {
		if (mismatches++ < 10)
			fprintf(stderr, "  '%s': num_parse %.17g (%d), strtod "
			    "%.17g\n", str, a, r, b);
	}
}

/*
 * At least a million strings: short decimals in every layout (the fast
 * path), long mantissas, exponents near the limits, subnormals, exact
 * and near halfway cases between adjacent doubles, leading zeros, signs.
 */
static void test_equals_strtod(void)
{
	char buf[1200];
	long i;
	static const char *fixed[] = {"9007199254740992", "9007199254740993",
	    "9007199254740994", "9007199254740995", "18014398509481985",
	    "1e22", "1e23", "9007199254740993e-22", "4.9406564584124654e-324",
	    "2.4703282292062327e-324", "2.4703282292062328e-324",
	    "2.2250738585072011e-308", "2.2250738585072014e-308",
	    "1.7976931348623157e308", "1.7976931348623158e308",
	    "1.7976931348623159e308", "0.1", "0.2", "0.3", "-0.0",
	    "000000000000000000000000000001.5", "1.0000000000000000000001",
	    "123456789012345678901234567890", "1e-400", "1e400", "-1e400",
	    "0.00000000000000000000000000000000000001e38", "7e-22", "7e22",
	    ".5", "5.", "-.25e3", "+5.e-2", "-0.", ".0e0"};

	for (i = 0; i < (long)(sizeof fixed / sizeof *fixed); i++)
		compare_with_strtod(fixed[i]);
	for (i = 0; i < 1100000; i++) {
		uint64_t u = rnd(), r[5];
		int kind = (int)(u % 8), ex, k;
		double d;
		u = rnd();
		/* drawn in order here, not in the arguments of one call,
		 * whose order of evaluation is the compiler's choice */
		for (k = 0; k < 5; k++)
			r[k] = rnd();
		switch (kind) {
		case 0: /* plain fixed-point, up to 17 digits */
			snprintf(buf, sizeof buf, "%s%llu.%0*llu",
			    u & 1 ? "-" : "", (unsigned long long)(r[0] %
			    100000000ull), (int)(r[1] % 9 + 1),
			    (unsigned long long)(r[2] % 1000000000ull));
			break;
		case 1: /* mantissa up to 2^54, exponent -25..25 */
			snprintf(buf, sizeof buf, "%llue%d",
			    (unsigned long long)(u >> 10),
			    (int)(r[0] % 51) - 25);
			break;
		case 2: /* a random double printed with 15..17 digits */
			memcpy(&d, &u, sizeof d);
			if (!isfinite(d))
				d = 1.5;
			snprintf(buf, sizeof buf, "%.*g", (int)(r[0] % 3 + 15),
			    d);
			break;
		case 3: /* near halfway between two doubles (long double midpoint) */
		case 4: { /* exactly halfway: the midpoint's full decimal expansion */
			long double mid;
			d = ldexp((double)(u >> 11), (int)(r[0] % 2000) - 1000 - 53);
			if (d == 0 || !isfinite(d))
				d = 1;
			mid = ((long double)d + (long double)nextafter(d, INFINITY)) / 2;
			if (kind == 3)
				snprintf(buf, sizeof buf, "%.*Le", (int)(r[1] %
				    10 + 17), mid);
			else
				snprintf(buf, sizeof buf, "%.*Le", 780, mid);
			break;
		}
		case 5: /* subnormals and the edges of the range */
			ex = (int)(r[0] % 40);
			snprintf(buf, sizeof buf, "%llu.%llue%s%d",
			    (unsigned long long)(u % 10),
			    (unsigned long long)(r[1] % 1000000000000ull),
			    r[2] & 1 ? "-" : "+", r[3] & 1 ? 290 + ex : 300 + ex);
			break;
		case 6: /* leading zeros, signs, long mantissas */
			snprintf(buf, sizeof buf, "%s000%llu%llu%llu.%llue%d",
			    u & 1 ? "+" : "-", (unsigned long long)(r[0] %
			    1000000), (unsigned long long)r[1],
			    (unsigned long long)r[2],
			    (unsigned long long)(r[3] % 100000),
			    (int)(r[4] % 80) - 60);
			break;
		default: /* small integers and short fractions, the common case */
			snprintf(buf, sizeof buf, "%lld.%03llu",
			    (long long)(r[0] % 2000000) - 1000000,
			    (unsigned long long)(r[1] % 1000));
			break;
		}
		compare_with_strtod(buf);
	}
	printf("  strtod equivalence: %ld strings, %ld differences\n",
	    compared, mismatches);
	printf("  fast lane: took %ld of them whole, %ld differences\n",
	    plain_taken, plain_mismatches);
	CHECK(compared >= 1000000);
	CHECK(mismatches == 0);
	CHECK(plain_taken >= 150000); /* most of kinds 0 and 7 */
	CHECK(plain_mismatches == 0);
	printf("  indexed lane: took %ld of them, %ld differences\n",
	    cell_taken, cell_mismatches);
	CHECK(cell_taken >= 200000); /* exponents too */
	CHECK(cell_mismatches == 0);
}

/*
 * num_format(buf, v, 0) must be, byte for byte, the first of %.15g,
 * %.16g, %.17g that strtod reads back as v (the definition; the fast
 * printer in number.c must not change a byte of it), on at least 10^7
 * doubles of every kind.  The reference is that loop on the C library.
 */
static void reference_format(char *buf, double v)
{
	int d;
	if (isnan(v)) {
		strcpy(buf, "NaN");
		return;
	}
	if (isinf(v)) {
		strcpy(buf, v < 0 ? "-Inf" : "Inf");
		return;
	}
	for (d = 15; d <= 17; d++) {
		snprintf(buf, NUM_BUFSIZE, "%.*g", d, v);
		if (d == 17 || strtod(buf, NULL) == v)
			break;
	}
}

static long fmt_compared, fmt_mismatches;

static void compare_format(double v)
{
	char a[NUM_BUFSIZE + 8], b[NUM_BUFSIZE + 8];
	size_t n;
	memset(a, 'x', sizeof a);
	n = num_format_len(a, v, 0);
	reference_format(b, v);
	fmt_compared++;
	if ((strcmp(a, b) != 0 || n != strlen(b)) && fmt_mismatches++ < 20)
		fprintf(stderr, "  %a: num_format '%s' (%zu), printf loop "
		    "'%s'\n", v, a, n, b);
}

/* v and its neighbours within k doubles, both signs. */
static void compare_around(double v, int k)
{
	double lo = v, hi = v;
	int i;
	compare_format(v);
	compare_format(-v);
	for (i = 0; i < k; i++) {
		lo = nextafter(lo, -INFINITY);
		hi = nextafter(hi, INFINITY);
		compare_format(lo);
		compare_format(hi);
		compare_format(-lo);
		compare_format(-hi);
	}
}

static double from_bits(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

/* A random decimal of 1 to 17 digits times 10^-20..20, as strtod reads it. */
static double short_decimal(void)
{
	char s[64];
	int nd = (int)(rnd() % 17) + 1, ex = (int)(rnd() % 41) - 20;
	uint64_t w = rnd() % 100000000000000000ull, p = 1;
	int i;
	for (i = 0; i < nd; i++)
		p *= 10;
	snprintf(s, sizeof s, "%llue%d", (unsigned long long)(w % p), ex);
	return strtod(s, NULL);
}

static void test_format_equals_printf_loop(void)
{
	static const double fixed[] = {0.0, -0.0, 1.0, 0.1, 0.2, 0.3, 1.25,
	    3.45, 1.0 / 3, 2.0 / 3, 1e15, 1e16, 1e17, 123456789012345678.0,
	    9007199254740992.0, 9007199254740993.0, 1e-5, 1e-4, 0.0001,
	    0.00012345, 1e22, 1e23, 1e38, 1e39, 1e-16, 1e-17, 5e-324,
	    2.2250738585072014e-308, 1.7976931348623157e308, 1700000000.25,
	    -0.26232307377403496, 1234567890123455.0, 100000000000000050.0,
	    999999999999999.9, 9999999999999999.0, 0.000099999999999999999};
	long i;
	int k;

	for (i = 0; i < (long)(sizeof fixed / sizeof *fixed); i++)
		compare_around(fixed[i], 3);
	compare_format(NAN);
	compare_format(INFINITY);
	compare_format(-INFINITY);
	/* powers of ten and of two, and their neighbours */
	for (k = -330; k <= 310; k++) {
		char s[16];
		snprintf(s, sizeof s, "1e%d", k);
		compare_around(strtod(s, NULL), 40);
	}
	for (k = -1074; k <= 1023; k++)
		compare_around(ldexp(1, k), 40);
	for (i = 0; i < 10000000; i++) {
		uint64_t u = rnd();
		int kind = (int)(i % 10);
		double v;
		switch (kind) {
		case 0: /* any bit pattern */
			v = from_bits(u);
			break;
		case 1: /* any bit pattern with exponent 1e-20..1e40 */
			v = from_bits((u & 0x800fffffffffffffull) |
			    (uint64_t)(1023 - 66 + (int)(rnd() % 200)) << 52);
			break;
		case 2: /* short decimals */
			v = short_decimal();
			break;
		case 3: /* integers, many ending in 5 or 50 (printf's ties) */
			v = (double)(rnd() >> (rnd() % 64));
			if (u & 1)
				v = (double)((rnd() >> 10) / 10 * 10 + 5);
			else if (u & 2)
				v = (double)((rnd() >> 9) / 100 * 100 + 50);
			break;
		case 4: /* a 2^-j, exact decimals ending in 5: ties at 16-18 digits */
			v = ldexp((double)(rnd() >> (11 + rnd() % 40)),
			    -(int)(rnd() % 60));
			break;
		case 5: /* results of arithmetic on short decimals */
			v = short_decimal() - short_decimal() * short_decimal();
			break;
		case 6: /* a fitted value's kind: a + b x */
			v = 3.25 + short_decimal() / 7;
			break;
		case 7: /* subnormals */
			v = from_bits(u & 0x800fffffffffffffull);
			break;
		case 8: { /* near a power of ten */
			char s[16];
			uint64_t b;
			snprintf(s, sizeof s, "1e%d", (int)(rnd() % 80) - 40);
			v = strtod(s, NULL);
			memcpy(&b, &v, sizeof b);
			v = from_bits(b + rnd() % 64 - 32);
			break;
		}
		default: /* leverage-like: 1 / n and small multiples */
			v = (1 + (double)(rnd() % 1000) / 977) /
			    (double)(1 + rnd() % 100000000);
			break;
		}
		if (u >> 63)
			v = -v;
		compare_format(v);
	}
	printf("  printf loop equivalence: %ld doubles, %ld differences\n",
	    fmt_compared, fmt_mismatches);
	CHECK(fmt_compared >= 10000000);
	CHECK(fmt_mismatches == 0);
}

/* --decimal-comma: "1,58" is strtod("1.58"), bit for bit; '.' refused. */
static void test_decimal_comma(void)
{
	static const char *bad[] = {"1.5", "1,5,5", "1.234,5", "1,234.5",
	    ",", "1 ,5", "abc", "1,5e", "0x1,8"};
	char dot[200], com[200];
	double v, w;
	size_t i, k;
	unsigned long long seed = 88172645463325252ULL;

	CHECK(num_parse_point("1,58", 4, ',', &v) == NUM_OK && v == 1.58);
	CHECK(num_parse_point("-0,5", 4, ',', &v) == NUM_OK && v == -0.5);
	CHECK(num_parse_point("42", 2, ',', &v) == NUM_OK && v == 42);
	CHECK(num_parse_point("1,5e3", 5, ',', &v) == NUM_OK && v == 1500);
	CHECK(num_parse_point(" 2,25\t", 6, ',', &v) == NUM_OK && v == 2.25);
	CHECK(num_parse_point("", 0, ',', &v) == NUM_EMPTY);
	CHECK(num_parse_point("1.5", 3, '.', &v) == NUM_OK && v == 1.5);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(num_parse_point(bad[i], strlen(bad[i]), ',', &v) ==
		    NUM_SYNTAX);
	/* Random decimals of 1 to 40 digits, some past the 64-byte copy. */
	for (i = 0; i < 20000; i++) {
		int n, pt, len = 0;
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		n = 1 + (int)(seed % 40) + (i % 10 == 0 ? 60 : 0);
		pt = (int)((seed >> 8) % (unsigned)(n + 1));
		if ((seed >> 20) & 1)
			dot[len++] = '-';
		for (k = 0; k < (size_t)n; k++) {
			if ((int)k == pt)
				dot[len++] = '.';
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			dot[len++] = (char)('0' + seed % 10);
		}
		if ((seed >> 30) & 1)
			len += sprintf(dot + len, "e%d", (int)(seed >> 40) % 40 - 20);
		dot[len] = '\0';
		memcpy(com, dot, (size_t)len + 1);
		if (strchr(com, '.'))
			*strchr(com, '.') = ',';
		w = strtod(dot, NULL);
		v = -1;
		CHECK(num_parse_point(com, (size_t)len, ',', &v) == NUM_OK);
		CHECK(memcmp(&v, &w, sizeof v) == 0);
	}
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_accepts_plain_decimals);
	RUN(test_rejects_everything_else);
	RUN(test_plain_lane);
	RUN(test_round_trip_printing);
	RUN(test_equals_strtod);
	RUN(test_decimal_comma);
	RUN(test_format_equals_printf_loop);
	return harness_report("number");
}
