/*
 * number.c - strict decimal parsing and round-trip printing.
 */
#include <math.h>
#include <stdint.h>
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


/*
 * Parse in one pass: check the grammar and collect the significant
 * digits w and the decimal exponent.  When w < 2^53 and the exponent is
 * within +-22, w and 10^|exp| are both exact doubles and one IEEE
 * multiplication or division gives the correctly rounded result
 * (Clinger's fast path), bit for bit what strtod returns.  Everything
 * else (long mantissas, large exponents, subnormals) goes to strtod.
 */
/* Powers of ten that are exact doubles. */
static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};
/*
 * The common case, with as few branches as can be: [-]digits[.digits]
 * and nothing else, at most 19 digits, value below 2^53, at most 22
 * fraction digits.  Returns 0 when the input is anything else, for
 * num_parse's general path to decide.
 */
static int parse_short(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len, *f;
	uint64_t w = 0;
	unsigned d;
	int neg = 0, nd, nf = 0;

	if (p < end && *p == '-')
		neg = 1, p++;
	f = p;
	while (p < end && (d = (unsigned)(*p - '0')) < 10)
		w = w * 10 + d, p++;
	nd = (int)(p - f);
	if (p < end && *p == '.') {
		f = ++p;
		while (p < end && (d = (unsigned)(*p - '0')) < 10)
			w = w * 10 + d, p++;
		nf = (int)(p - f);
		nd += nf;
	}
	if (p != end || nd == 0 || nd > 19 || nf > 22 ||
	    w > (UINT64_C(1) << 53))
		return 0;
	*out = nf ? (double)w / pow10_exact[nf] : (double)w;
	if (neg)
		*out = -*out;
	return 1;
}

enum num_result num_parse(const char *s, size_t len, double *out)
{
	char small[64], *copy = small, *end;
	size_t b = 0, e = len, i;
	int digits = 0, sigdigits = 0, neg = 0, fexp = 0, eneg = 0;
	long xexp = 0;
	uint64_t w = 0;
	double v;

	if (parse_short(s, len, out))
		return NUM_OK;
	while (b < e && is_blank(s[b]))
		b++;
	while (e > b && is_blank(s[e - 1]))
		e--;
	if (b == e)
		return NUM_EMPTY;
	i = b;
	if (s[i] == '+' || s[i] == '-')
		neg = s[i++] == '-';
	for (; i < e && is_digit(s[i]); i++, digits++) {
		if (w || s[i] != '0')
			sigdigits++;
		if (sigdigits <= 19)
			w = w * 10 + (uint64_t)(s[i] - '0');
		else
			fexp++; /* a digit beyond 19: only its magnitude is kept */
	}
	if (i < e && s[i] == '.') {
		for (i++; i < e && is_digit(s[i]); i++, digits++) {
			if (w || s[i] != '0')
				sigdigits++;
			if (sigdigits <= 19) {
				w = w * 10 + (uint64_t)(s[i] - '0');
				fexp--;
			}
		}
	}
	if (digits == 0)
		return NUM_SYNTAX;
	if (i < e && (s[i] == 'e' || s[i] == 'E')) {
		size_t expdigits = 0;
		i++;
		if (i < e && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < e && is_digit(s[i]); i++, expdigits++)
			if (xexp < 100000)
				xexp = xexp * 10 + (s[i] - '0');
		if (expdigits == 0)
			return NUM_SYNTAX;
	}
	if (i != e)
		return NUM_SYNTAX;
	xexp = (eneg ? -xexp : xexp) + fexp;
	if (sigdigits <= 19 && w <= (UINT64_C(1) << 53) && xexp >= -22 &&
	    xexp <= 22) {
		v = (double)w; /* exact */
		v = xexp < 0 ? v / pow10_exact[-xexp] : v * pow10_exact[xexp];
		*out = neg ? -v : v;
		return NUM_OK;
	}
	/* strtod needs a terminated string; fields may not be. */
	if (e - b >= sizeof small) {
		copy = malloc(e - b + 1);
		if (!copy)
			return NUM_RANGE;
	}
	memcpy(copy, s + b, e - b);
	copy[e - b] = '\0';
	v = strtod(copy, &end);
	if (copy != small)
		free(copy);
	if (isinf(v))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

/*
 * The comma form through num_parse itself, on a copy with '.' for the
 * one ',' (a second comma stays and num_parse rejects it): the same
 * grammar, the same rounding, and no second parser to keep in step.
 */
enum num_result num_parse_point(const char *s, size_t len, int point,
    double *out)
{
	char small[64], *copy = small, *comma;
	enum num_result r;

	if (point != ',')
		return num_parse(s, len, out);
	if (memchr(s, '.', len))
		return NUM_SYNTAX;
	comma = memchr(s, ',', len);
	if (!comma)
		return num_parse(s, len, out);
	if (len > sizeof small) {
		copy = malloc(len);
		if (!copy)
			return NUM_RANGE;
	}
	memcpy(copy, s, len);
	copy[comma - s] = '.';
	r = num_parse(copy, len, out);
	if (copy != small)
		free(copy);
	return r;
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

int num_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int shift = 0;

	if (!is_digit(*s))
		return -1;
	for (; is_digit(*s); s++) {
		if (v > ((uint64_t)1 << 62) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	shift = *s == 'K' || *s == 'k' ? 10 : *s == 'M' || *s == 'm' ? 20 :
	    *s == 'G' || *s == 'g' ? 30 : 0;
	if (shift) {
		s++;
		if ((s[0] == 'i' || s[0] == 'I') && (s[1] == 'B' || s[1] == 'b'))
			s += 2;
	}
	if (*s || v == 0 || v > ((uint64_t)1 << 62) >> shift)
		return -1;
	*out = v << shift;
	return 0;
}

char *num_format_size(char *buf, uint64_t n)
{
	static const char *const unit[] = {"GiB", "MiB", "KiB"};
	int i;

	for (i = 0; i < 3; i++) {
		int shift = 10 * (3 - i);
		if (n >= (uint64_t)1 << shift &&
		    n % ((uint64_t)1 << shift) == 0) {
			snprintf(buf, NUM_BUFSIZE, "%llu %s",
			    (unsigned long long)(n >> shift), unit[i]);
			return buf;
		}
	}
	snprintf(buf, NUM_BUFSIZE, "%llu byte%s", (unsigned long long)n,
	    n == 1 ? "" : "s");
	return buf;
}
