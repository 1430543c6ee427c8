/*
 * fuzz_number.c - the strict number parser and printer (cli/number.c).
 *
 * The input bytes are one cell.  Checks, each an abort() when it fails:
 *   - num_parse's verdict matches the grammar number.h documents
 *     (blanks, sign, digits with an optional point, optional exponent,
 *     blanks), checked here by an independent recogniser: NUM_EMPTY for
 *     blanks only, NUM_SYNTAX for anything else off the grammar, and
 *     NUM_OK or NUM_RANGE on it;
 *   - NUM_OK gives a finite value, and for NUL-free inputs under 400
 *     bytes the same bits as strtod on a NUL-terminated copy; NUM_RANGE
 *     means strtod overflows to an infinity;
 *   - num_format(buf, v, 0) is a string that strtod reads back as
 *     exactly v (bit for bit, so -0 stays -0), and num_format with 1..17
 *     digits stays inside NUM_BUFSIZE;
 *   - the same for the first 8 input bytes taken as a double's bits
 *     (every double, subnormals, NaN and infinities included).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "number.h"

/* On the documented grammar?  0: empty, 1: a number, -1: not one. */
static int grammar(const char *s, size_t len)
{
	size_t b = 0, e = len, i, digits = 0, ed = 0;

	while (b < e && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (b == e)
		return 0;
	i = b;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < e && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < e && s[i] == '.')
		for (i++; i < e && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return -1;
	if (i < e && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < e && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < e && s[i] >= '0' && s[i] <= '9')
			i++, ed++;
		if (!ed)
			return -1;
	}
	return i == e ? 1 : -1;
}

/* Format v every way and check the shortest form reads back exactly. */
static void check_format(double v)
{
	char buf[NUM_BUFSIZE + 8], *end;
	double back;
	int d;

	memset(buf, 'Z', sizeof buf);
	if (num_format(buf, v, 0) != buf)
		fuzz_fail("num_format did not return buf");
	if (memchr(buf, '\0', NUM_BUFSIZE) == NULL)
		fuzz_fail("num_format wrote past NUM_BUFSIZE");
	if (isnan(v)) {
		if (strcmp(buf, "NaN"))
			fuzz_fail("NaN formatted as \"%s\"", buf);
	} else if (isinf(v)) {
		if (strcmp(buf, v < 0 ? "-Inf" : "Inf"))
			fuzz_fail("%s formatted as \"%s\"", v < 0 ? "-Inf" :
			    "Inf", buf);
	} else {
		back = strtod(buf, &end);
		if (*end || memcmp(&back, &v, sizeof v))
			fuzz_fail("num_format(%.17g) = \"%s\" reads back as %.17g",
			    v, buf, back);
	}
	for (d = 1; d <= 17; d++) {
		memset(buf, 'Z', sizeof buf);
		num_format(buf, v, d);
		if (memchr(buf, '\0', NUM_BUFSIZE) == NULL)
			fuzz_fail("num_format(%d digits) wrote past NUM_BUFSIZE", d);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	enum num_result r;
	double v = 0, ref;
	int g = grammar(s, size);
	char *copy, *end;

	r = num_parse(s, size, &v);
	switch (r) {
	case NUM_EMPTY:
		if (g != 0)
			fuzz_fail("num_parse says empty, the grammar %d", g);
		break;
	case NUM_SYNTAX:
		if (g != -1)
			fuzz_fail("num_parse says syntax error, the grammar %d", g);
		break;
	case NUM_OK:
	case NUM_RANGE:
		if (g != 1)
			fuzz_fail("num_parse says %s, the grammar %d",
			    num_reason(r), g);
		break;
	default:
		fuzz_fail("num_parse returned %d", (int)r);
	}
	if (r == NUM_OK && !isfinite(v))
		fuzz_fail("num_parse gave a non-finite value");
	if ((r == NUM_OK || r == NUM_RANGE) && size < 400 &&
	    !memchr(data, '\0', size)) {
		copy = malloc(size + 1);
		if (!copy)
			return 0;
		memcpy(copy, data, size);
		copy[size] = '\0';
		ref = strtod(copy, &end);
		free(copy);
		if (r == NUM_RANGE && !isinf(ref))
			fuzz_fail("num_parse says out of range, strtod %.17g",
			    ref);
		if (r == NUM_OK && memcmp(&v, &ref, sizeof v))
			fuzz_fail("num_parse gave %.17g (%a), strtod %.17g (%a)",
			    v, v, ref, ref);
	}
	if (r == NUM_OK)
		check_format(v);
	if (size >= 8) {
		double bits;
		memcpy(&bits, data, sizeof bits);
		check_format(bits);
	}
	return 0;
}
