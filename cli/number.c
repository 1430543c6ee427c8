/*
 * number.c - strict decimal parsing and round-trip printing.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

enum num_result num_parse(const char *s, size_t len, double *out)
{
	char small[64], *copy = small, *end;
	size_t b = 0, e = len, i;
	int digits = 0;
	double v;

	while (b < e && is_blank(s[b]))
		b++;
	while (e > b && is_blank(s[e - 1]))
		e--;
	if (b == e)
		return NUM_EMPTY;
	/* Check the grammar first, so strtod only ever sees plain decimals. */
	i = b;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < e && is_digit(s[i]))
		i++, digits++;
	if (i < e && s[i] == '.') {
		i++;
		while (i < e && is_digit(s[i]))
			i++, digits++;
	}
	if (digits == 0)
		return NUM_SYNTAX;
	if (i < e && (s[i] == 'e' || s[i] == 'E')) {
		size_t expdigits = 0;
		i++;
		if (i < e && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < e && is_digit(s[i]))
			i++, expdigits++;
		if (expdigits == 0)
			return NUM_SYNTAX;
	}
	if (i != e)
		return NUM_SYNTAX;
	/* strtod needs a terminated string; fields may not be. */
	if (e - b >= sizeof small) {
		copy = malloc(e - b + 1);
		if (!copy)
			return NUM_RANGE;
	}
	memcpy(copy, s + b, e - b);
	copy[e - b] = '\0';
	errno = 0;
	v = strtod(copy, &end);
	if (copy != small)
		free(copy);
	if (isinf(v))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

const char *num_reason(enum num_result r)
{
	switch (r) {
	case NUM_OK:
		return "ok";
	case NUM_EMPTY:
		return "missing value";
	case NUM_SYNTAX:
		return "not a plain decimal number";
	case NUM_RANGE:
		return "out of the range of a double";
	}
	return "invalid";
}

char *num_format(char *buf, double v, int digits)
{
	int d;

	if (isnan(v))
		return strcpy(buf, "NaN");
	if (isinf(v))
		return strcpy(buf, v < 0 ? "-Inf" : "Inf");
	if (digits > 0) {
		snprintf(buf, NUM_BUFSIZE, "%.*g", digits, v);
		return buf;
	}
	/* The shortest of 15, 16 or 17 significant digits that round-trips. */
	for (d = 15; d <= 17; d++) {
		snprintf(buf, NUM_BUFSIZE, "%.*g", d, v);
		if (d == 17 || strtod(buf, NULL) == v)
			break;
	}
	return buf;
}
