/*
 * test_json_scan.c - the JSON reader's fast path alone (cli/json_scan.c):
 * its numbers against strtod, bit for bit, and which records it takes.
 *
 * The reference for every value is the C library's strtod on the same
 * token, which is what cJSON gives the general path (cJSON 1.7's
 * parse_number copies at most 63 bytes of [0-9+-.eE] and calls strtod).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json_scan.h"

/* s in a buffer as the reader's window ends: a NUL, then JSCAN_PAD
 * bytes (garbage here, zero in the reader: neither may matter). */
static char buf[4096];

static const char *padded(const char *s)
{
	size_t n = strlen(s);
	memcpy(buf, s, n + 1);
	memset(buf + n + 1, '7', JSCAN_PAD);
	return buf;
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* The token s, whole, as a JSON number with strtod's value (or, when
 * that is infinite, with none). */
static int number_is(const char *s)
{
	double v = 0, ref = strtod(s, NULL);
	int ok = -1, fin = isfinite(ref);
	const char *e = jscan_number(padded(s), &v, &ok);
	if (!e || e != buf + strlen(s) || ok != fin || (fin &&
	    !same_bits(v, ref))) {
		fprintf(stderr, "  %s: got %s ok %d %.17g, strtod %.17g\n", s,
		    e ? "end" : "NULL", ok, v, ref);
		return 0;
	}
	return 1;
}

static void test_numbers_as_strtod(void)
{
	static const char *tok[] = {"0", "-0", "1", "-1", "0.5", "-0.0",
	    "123.456", "9007199254740993", "1234567.1234567", "12345678",
	    "0.12345678", "1e5", "1E5", "1e+5", "1e-5", "-2.5e-3", "1e22",
	    "1e23", "1e-22", "1e-23", "4.9e-324", "2.4703282292062327e-324",
	    "1.7976931348623157e308", "0.1", "0.3", "2.2250738585072011e-308",
	    "123456789012345678901234567890", "1e0000000005", "5e-0001",
	    "0.000000000000000000000000000000000000000001", "-9999999.9999999",
	    "8.98846567431158e307", "1.5e-4", "7e22", "7e-22"};
	size_t i;
	for (i = 0; i < sizeof tok / sizeof *tok; i++)
		CHECK(number_is(tok[i]));
}

/* Random tokens of JSON's grammar, of every width the parser splits on. */
static void test_random_numbers_as_strtod(void)
{
	uint64_t r = 88172645463325252u;
	char s[80];
	int i, bad = 0;
	for (i = 0; i < 300000; i++) {
		int n = 0, k, ni, nf, ne;
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		/* odd i: the short way's sizes (7 digits, 2 of exponent) */
		ni = 1 + (int)(r % (i & 1 ? 7 : 19));
		nf = (int)((r >> 8) % (i & 1 ? 11 : 19)) - (i & 1 ? 3 : 6);
		ne = (int)((r >> 16) % (i & 1 ? 5 : 8)) - 3 + (i & 1);
		if (r >> 40 & 1)
			s[n++] = '-';
		for (k = 0; k < ni; k++)
			s[n++] = (char)('0' + (k == 0 && ni > 1 ? 1 + (r >> (k * 3)) % 9
			    : (r >> (k * 3 + 20) % 64) % 10));
		if (nf > 0) {
			s[n++] = '.';
			for (k = 0; k < nf; k++)
				s[n++] = (char)('0' + (r >> (k * 2 + 5)) % 10);
		}
		if (ne > 0) {
			s[n++] = r >> 41 & 1 ? 'e' : 'E';
			if (r >> 42 & 1)
				s[n++] = r >> 43 & 1 ? '-' : '+';
			for (k = 0; k < ne; k++)
				s[n++] = (char)('0' + (r >> (k * 4 + 44)) % (k ? 10 : 4));
		}
		s[n] = '\0';
		if (!number_is(s) && ++bad > 10)
			break;
	}
	CHECK(bad == 0);
}

/* Not JSON numbers, or not a whole one: what follows is not taken. */
static void test_numbers_json_refuses(void)
{
	static const char *bad[] = {"01", "-01", "00", "1.", "-.5", ".5", "+1",
	    "-", "1e", "1e+", "1E-", "e5", "NaN", "Infinity", "-Infinity",
	    "0x10", "1.e5", "--1", "-a"};
	static const char *part[] = {"1.5.3", "1e5e5", "1-2", "1+2", "12abc",
	    "1.5e3.1"};
	size_t i;
	double v;
	int ok;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *e = jscan_number(padded(bad[i]), &v, &ok);
		/* "01": "0" is a number, then "1" that no record allows */
		CHECK(!e || (size_t)(e - buf) < strlen(bad[i]));
	}
	for (i = 0; i < sizeof part / sizeof *part; i++) {
		const char *e = jscan_number(padded(part[i]), &v, &ok);
		CHECK(e && (size_t)(e - buf) < strlen(part[i]));
	}
	/* longer than cJSON reads (63 bytes): left to it */
	CHECK(!jscan_number(padded("1.00000000000000000000000000000000000000"
	    "0000000000000000000000001"), &v, &ok));
	CHECK(jscan_number(padded("1.0000000000000000000000000000000000000000"
	    "000000000000000000001"), &v, &ok) && ok && v == 1);
	/* taken, but no finite value: the general path says why */
	CHECK(jscan_number(padded("1e999"), &v, &ok) && !ok);
	CHECK(jscan_number(padded("-1e400"), &v, &ok) && !ok);
}

static const char *row_of(const char *s, int lf, struct jscan_row *row)
{
	const char *e = jscan_row(padded(s), lf, row);
	return e ? e : NULL;
}

static void test_rows_taken(void)
{
	struct jscan_row row;
	const char *e = row_of("{\"x\": -1.5, \"y\":2e3 ,\"g\" : \"a b\","
	    "\"t\":true,\"f\":false,\"n\":null}, ", 0, &row);
	REQUIRE(e != NULL);
	CHECK(*e == ',');
	CHECK(row.object && row.n == 6 && row.nl == 0);
	CHECK(row.m[0].klen == 1 && row.m[0].key[0] == 'x');
	CHECK(row.m[0].kind == JSCAN_NUMBER && row.m[0].ok &&
	    row.m[0].num == -1.5);
	CHECK(row.m[1].num == 2000 && row.m[1].vlen == 3);
	CHECK(row.m[2].kind == JSCAN_STRING && row.m[2].vlen == 3 &&
	    !memcmp(row.m[2].val, "a b", 3));
	CHECK(row.m[3].kind == JSCAN_TRUE && row.m[4].kind == JSCAN_FALSE &&
	    row.m[5].kind == JSCAN_NULL);
	e = row_of("[ 1,\r\n\t-2 ,3\n]x", 1, &row);
	REQUIRE(e != NULL);
	CHECK(*e == 'x' && !row.object && row.n == 3 && row.nl == 2);
	CHECK(row.m[1].num == -2 && row.m[0].key == NULL);
	/* bytes past ASCII in a key or string are taken as they are */
	CHECK(row_of("{\"\xc3\xa9\": 1, \"\xff\x7f\": \"\xfe\"}", 0, &row) &&
	    row.n == 2 && row.m[0].klen == 2);
}

static void test_rows_left_to_cjson(void)
{
	static const char *bad[] = {
	    "{}", "[]", "{\"x\": [1]}", "{\"x\": {\"a\": 1}}", "[[1, 2]]",
	    "{\"x\": 1, \"x\": 2}",                  /* a key twice */
	    "{\"x\\n\": 1}", "{\"x\": \"a\\\"b\"}",  /* escapes */
	    "{\"x\": \"a\tb\"}", "{\"x\x01\": 1}",   /* control characters */
	    "{\"x\": 1,}", "[1,]", "[,1]", "{\"x\" 1}", "{\"x\": }",
	    "{x: 1}", "{'x': 1}", "{\"x\": 01}", "{\"x\": 1.}",
	    "{\"x\": +1}", "{\"x\": NaN}", "{\"x\": nul}", "{\"x\": nullx}",
	    "{\"x\": truee}", "[1 2]", "{\"x\": 1\x0c}", "{\"x\":\x0b 1}",
	    "{\"x\": 1", "[1, 2", "{\"x\": 1e5.5}", "\"x\"", "1", "null",
	    "{\"x\": 1 \"y\": 2}", "{\"x\": 1}}"};
	struct jscan_row row;
	size_t i;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *e = row_of(bad[i], 1, &row);
		/* "{"x": 1}}": one record, then a byte the reader refuses */
		int ok = !e || (i == sizeof bad / sizeof *bad - 1 && *e == '}');
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  took '%s'\n", bad[i]);
	}
	/* NDJSON: a value is one line */
	CHECK(!row_of("{\"x\": 1,\n\"y\": 2}", 0, &row));
	CHECK(row_of("{\"x\": 1,\n\"y\": 2}", 1, &row) && row.nl == 1);
	/* at most JSCAN_MAXMEM members */
	CHECK(row_of("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]", 0, &row) &&
	    row.n == 16);
	CHECK(!row_of("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]", 0, &row));
	/* the buffer's end (its NUL) stops it anywhere */
	CHECK(!row_of("{\"x\": 1.5", 0, &row));
	CHECK(!row_of("{\"x", 0, &row));
	CHECK(!row_of("{\"x\": tru", 0, &row));
}

/* A shape learnt from one record takes a record of the same bytes
 * around other numbers, and nothing else. */
static void test_shapes(void)
{
	static struct jscan_shape sh;
	struct jscan_row row;
	const char *learnt = "{\"x\": -1.5, \"y\":2e3 }";
	const char *e = row_of(learnt, 0, &row);
	static const char *other[] = {
	    "{\"x\": -1.5, \"y\":2e3}",      /* a blank less */
	    "{\"x\": -1.5, \"z\":2e3 }",     /* another key */
	    "{\"x\": \"1\", \"y\":2e3 }",    /* a string */
	    "{\"x\": 01, \"y\":2e3 }",       /* not JSON */
	    "{\"x\": 1., \"y\":2e3 }",
	    "{\"x\": 1, \"y\":2e3 ,\"z\": 1}", /* a member more */
	    "{\"x\": 1, \"y\":null }", "{\"x\": 1, \"y\":2e3 ", "{\"x\": 1"};
	size_t i;
	REQUIRE(e != NULL);
	REQUIRE(jscan_learn(&sh, buf, e, &row));
	e = jscan_shaped(&sh, padded("{\"x\": 123.25, \"y\":-0 }, "), &row);
	CHECK(e && *e == ',' && row.n == 2 && row.object);
	CHECK(row.m[0].num == 123.25 && row.m[0].ok && row.m[0].vlen == 6);
	CHECK(row.m[1].num == 0 && signbit(row.m[1].num));
	CHECK(jscan_shaped(&sh, padded("{\"x\": 1e999, \"y\":1 }"), &row) &&
	    !row.m[0].ok);
	for (i = 0; i < sizeof other / sizeof *other; i++) {
		int ok = !jscan_shaped(&sh, padded(other[i]), &row);
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  took '%s'\n", other[i]);
	}
	/* bytes around of more than 16 (compared byte by byte), line ends */
	learnt = "[\n  {\"a_long_key_name\": 1,\n   \"another_long_one\": 2}]";
	e = row_of(learnt + 4, 1, &row);
	REQUIRE(e != NULL);
	REQUIRE(jscan_learn(&sh, buf, e, &row));
	CHECK(jscan_shaped(&sh, padded("{\"a_long_key_name\": 7,\n   "
	    "\"another_long_one\": 8}"), &row) && row.nl == 1 &&
	    row.m[1].num == 8);
	CHECK(!jscan_shaped(&sh, padded("{\"a_long_key_name\": 7,\n   "
	    "\"another_long_onf\": 8}"), &row));
	/* a record with a value that is no number teaches nothing */
	e = row_of("{\"x\": 1, \"g\": \"a\"}", 0, &row);
	REQUIRE(e != NULL);
	CHECK(!jscan_learn(&sh, buf, e, &row));
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_numbers_as_strtod);
	RUN(test_random_numbers_as_strtod);
	RUN(test_numbers_json_refuses);
	RUN(test_rows_taken);
	RUN(test_rows_left_to_cjson);
	RUN(test_shapes);
	return harness_report("test_json_scan");
}
