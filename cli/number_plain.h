/*
 * number_plain.h - the fast lane's number parser, inline for the loop
 * that splits lines (read by read_lane.c, tested against strtod by
 * tests/unit/test_number.c).
 *
 * num_parse_plain(s, &v) parses a plain decimal, [-]digits[.digits]
 * with 1 to 19 digits, at most 22 of them after the point and a value
 * at most 2^53 (the short decimals that fill large files), starting at
 * s, eight digits at a time.  It returns a pointer just past the
 * number, or NULL for anything else, which num_parse then decides.
 * The value is bit for bit strtod's: w and 10^nf are exact doubles and
 * one division rounds once (Clinger's fast path).  It reads up to 8
 * bytes past the number's end: the caller's buffer must hold them.
 */
#ifndef LINREG_NUMBER_PLAIN_H
#define LINREG_NUMBER_PLAIN_H

#include <stdint.h>
#include <string.h>

/* Powers of ten, exact: as integers up to 10^8, as doubles to 10^22. */
static const uint64_t np_pow10[9] = { 1, 10, 100, 1000, 10000, 100000,
    1000000, 10000000, 100000000 };
static const double np_pow10d[23] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22 };

/* Eight bytes in memory order, the first in the lowest byte. */
static inline uint64_t np_load8(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
#else
	uint64_t v = 0;
	int i;
	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
#endif
}

/*
 * How many of the 8 bytes in v, from the first, are digits (0..8).  A
 * byte c is a digit when the high nibbles of c and of c + 6 are both 3
 * (SWAR: SIMD within a register); a carry out of c + 6 (c >= 0xFA, not
 * a digit) can only change the bytes after c, which do not count once
 * c ends the run of digits.
 */
static inline int np_digits8(uint64_t v)
{
	uint64_t hi = v & UINT64_C(0xF0F0F0F0F0F0F0F0);
	uint64_t hi6 = ((v + UINT64_C(0x0606060606060606)) &
	    UINT64_C(0xF0F0F0F0F0F0F0F0)) >> 4;
	uint64_t x = (hi | hi6) ^ UINT64_C(0x3333333333333333);
	int n = 0;

	if (!x)
		return 8;
#if defined(__GNUC__)
	n = __builtin_ctzll(x) >> 3;
#else
	while (!(x & 0xff))
		x >>= 8, n++;
#endif
	return n;
}

/*
 * The value of the first n (0..8) bytes of v, all digits: drop the
 * bytes after them (two shifts, as one by 64 is undefined), so the
 * missing leading digits read as zeros, then combine neighbours:
 * pairs, fours, eights (a lane holds at most 99, 9999, 99999999, so
 * none carries into the next).
 */
static inline uint64_t np_value8(uint64_t v, int n)
{
	int sh = 32 - 4 * n;
	v = ((v - UINT64_C(0x3030303030303030)) << sh) << sh;
	v = (v * (10 * 256 + 1)) >> 8 & UINT64_C(0x00FF00FF00FF00FF);
	v = (v * (100 * 65536 + 1)) >> 16 & UINT64_C(0x0000FFFF0000FFFF);
	return (v * (10000 * (UINT64_C(1) << 32) + 1)) >> 32;
}

/* Runs of 8 digits or more: the rest of the run, 8 at a time.  Returns
 * the digits added to *w, or 20 when there would be more than 19. */
static inline int np_long_run(const unsigned char **pp, uint64_t *w,
    int have)
{
	const unsigned char *p = *pp;
	int total = 0, n;

	do {
		uint64_t v = np_load8(p);
		n = np_digits8(v);
		if (have + total + n > 19)
			return 20;
		total += n;
		*w = *w * np_pow10[n] + np_value8(v, n);
		p += n;
	} while (n == 8);
	*pp = p;
	return total;
}

/*
 * As num_parse_plain, leaving the one division to the caller, so a loop
 * over many numbers can do its divisions together (they pipeline, and
 * vectorise): the value is *mant / *div, both exact doubles, with *div
 * a power of ten (1 for an integer).
 */
static inline const char *num_parse_plain_parts(const char *s, double *mant,
    double *div)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t v, w;
	int neg = *p == '-', ni, nf = 0;

	p += neg;
	/* Up to 7 digits before and after the point: one load each. */
	v = np_load8(p);
	ni = np_digits8(v);
	w = np_value8(v, ni);
	p += ni;
	if (ni == 8 && (ni += np_long_run(&p, &w, 8)) > 19)
		return NULL;
	if (*p == '.') {
		v = np_load8(++p);
		nf = np_digits8(v);
		if (nf < 8) {
			w = w * np_pow10[nf] + np_value8(v, nf);
			p += nf;
		} else if ((nf = np_long_run(&p, &w, ni)) > 19) {
			return NULL;
		}
		if (ni + nf > 19)
			return NULL;
	}
	if (ni + nf == 0 || w > (UINT64_C(1) << 53) || nf > 22)
		return NULL;
	/* -(w / 10^nf) == -w / 10^nf: rounding to nearest is symmetric */
	*mant = neg ? -(double)w : (double)w;
	*div = np_pow10d[nf];
	return (const char *)p;
}

/*
 * A whole cell [s, e) of known bounds (the indexed reader's), as
 * [-+][digits][.[digits]][(e|E)[-+]digits] with 1 to 19 digits of mantissa
 * and a value w * 10^k where w <= 2^53 and |k| <= 22: *mant / *div, both
 * exact doubles (*div 1 when k >= 0, *mant then w * 10^k rounded once),
 * so the one division, or none, gives strtod's value (Clinger's fast
 * path, as num_parse takes it; ".5" and "5." as num_parse reads them).
 * Returns 0 for anything else, which the general reader then decides
 * (blanks, long mantissas, large exponents, text).  Reads up to 8 bytes past e: the caller's buffer
 * must hold them.  (The digits stop at e: a delimiter is never a digit,
 * a point or a sign for the reader that calls this.)
 */
static inline int num_parse_cell_parts(const unsigned char *p,
    const unsigned char *e, double *mant, double *div)
{
	uint64_t v, w;
	int neg = *p == '-', ni, nf = 0, k;
	double m;

	p += neg | (*p == '+');
	v = np_load8(p);
	ni = np_digits8(v);
	w = np_value8(v, ni);
	p += ni;
	if (ni == 8 && (ni += np_long_run(&p, &w, 8)) > 19)
		return 0;
	if (p < e && *p == '.') {
		v = np_load8(++p);
		nf = np_digits8(v);
		if (nf < 8) {
			w = w * np_pow10[nf] + np_value8(v, nf);
			p += nf;
		} else if ((nf = np_long_run(&p, &w, ni)) > 19) {
			return 0;
		}
		if (ni + nf > 19)
			return 0;
	}
	if (ni + nf == 0)
		return 0; /* no digit: ".", "-", "e5" */
	k = -nf;
	if (p < e && (*p | 0x20) == 'e') {
		int eneg, x = 0, nd = 0;
		p++;
		eneg = *p == '-';
		p += eneg | (*p == '+');
		while (p < e && *p >= '0' && *p <= '9' && nd < 4)
			x = x * 10 + (*p++ - '0'), nd++;
		if (nd == 0)
			return 0;
		k += eneg ? -x : x;
	}
	if (p != e || w > (UINT64_C(1) << 53) || k < -22 || k > 22)
		return 0;
	m = k > 0 ? (double)w * np_pow10d[k] : (double)w;
	*mant = neg ? -m : m;
	*div = np_pow10d[k < 0 ? -k : 0];
	return 1;
}

static inline const char *num_parse_plain(const char *s, double *out)
{
	double m, d;
	const char *end = num_parse_plain_parts(s, &m, &d);
	if (end)
		*out = m / d;
	return end;
}

#endif
