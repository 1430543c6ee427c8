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

/* ------------------------------------------------------------------ */
/* The shortest round-trip printer                                     */
/* ------------------------------------------------------------------ */

/*
 * num_format(buf, v, 0) is defined as the loop in num_format: the
 * first of %.15g, %.16g, %.17g that strtod reads back as v.  That loop
 * costs three glibc printf_fp calls and two strtod calls per number
 * (some 1.3 us), which made --fitted print at 7 MB/s.  format_shortest
 * gives the same bytes without printf or strtod for every normal double
 * from about 1e-16 to 1e38, with exact integer arithmetic in 128 bits:
 *
 *   v = m 2^e is scaled by 10^(16 - x), x = floor(log10 v), to n + r/den
 *   (n the 17 leading digits, r/den the exact rest; den is a power of 2
 *   for v < 1e17, a power of 5 above).  Rounding n + r/den to 17, 16 or
 *   15 digits is %.Pg's rounding, ties to even as glibc's printf does.
 *   The candidate reads back as v iff its distance to v, in the same
 *   units, is below half the gap to the neighbouring double on its side
 *   (the gap below is half as wide at a power of two), or equal to it
 *   and m is even: strtod rounds a midpoint to the even mantissa.
 *
 * Outside that range (subnormals, tiny and huge values) and where the
 * compiler has no 128-bit integer, the snprintf loop itself is used.
 * tests/unit/test_number.c compares the two byte for byte on 10^7
 * doubles of every kind (and fails on any difference).  Measured, CPU
 * time on values like --fitted's (fits, residuals, leverages): 36 to
 * 43 ns a number (callgrind: 340 instructions) against 1.2 to 1.4 us
 * for the loop.
 * Tried: a byte buffer of digits copied into place (a store-forwarding
 * stall on each copy, 10% slower than the word stores of layout), and
 * finding x by trial scalings (a second scaling for a third of values).
 */
#if defined(__SIZEOF_INT128__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
__extension__ typedef unsigned __int128 u128;

/* 5^k, k = 0..51 (5^51 < 2^119), from {high, low} 64-bit halves. */
#define P5(hi, lo) ((u128)(hi) << 64 | (lo))
static const u128 pow5[52] = {
	P5(0x0u, 0x1u), P5(0x0u, 0x5u), P5(0x0u, 0x19u), P5(0x0u, 0x7du),
	P5(0x0u, 0x271u), P5(0x0u, 0xc35u), P5(0x0u, 0x3d09u),
	P5(0x0u, 0x1312du), P5(0x0u, 0x5f5e1u), P5(0x0u, 0x1dcd65u),
	P5(0x0u, 0x9502f9u), P5(0x0u, 0x2e90eddu), P5(0x0u, 0xe8d4a51u),
	P5(0x0u, 0x48c27395u), P5(0x0u, 0x16bcc41e9u), P5(0x0u, 0x71afd498du),
	P5(0x0u, 0x2386f26fc1u), P5(0x0u, 0xb1a2bc2ec5u),
	P5(0x0u, 0x3782dace9d9u), P5(0x0u, 0x1158e460913du),
	P5(0x0u, 0x56bc75e2d631u), P5(0x0u, 0x1b1ae4d6e2ef5u),
	P5(0x0u, 0x878678326eac9u), P5(0x0u, 0x2a5a058fc295edu),
	P5(0x0u, 0xd3c21bcecceda1u), P5(0x0u, 0x422ca8b0a00a425u),
	P5(0x0u, 0x14adf4b7320334b9u), P5(0x0u, 0x6765c793fa10079du),
	P5(0x2u, 0x4fce5e3e2502611u), P5(0xau, 0x18f07d736b90be55u),
	P5(0x32u, 0x7cb2734119d3b7a9u), P5(0xfcu, 0x6f7c40458122964du),
	P5(0x4eeu, 0x2d6d415b85acef81u), P5(0x18a6u, 0xe32246c99c60ad85u),
	P5(0x7b42u, 0x6fab61f00de36399u), P5(0x2684cu, 0x2e58e9b04570f1fdu),
	P5(0xc097cu, 0xe7bc90715b34b9f1u), P5(0x3c2f70u, 0x86aed236c807a1b5u),
	P5(0x12ced32u, 0xa16a1b11e8262889u),
	P5(0x5e0a1fdu, 0x2712875988becaadu),
	P5(0x1d6329f1u, 0xc35ca4bfabb9f561u),
	P5(0x92efd1b8u, 0xd0cf37be5aa1cae5u),
	P5(0x2deaf189cu, 0x140c16b7c528f679u),
	P5(0xe596b7b0cu, 0x643c7196d9ccd05du),
	P5(0x47bf19673du, 0xf52e37f2410011d1u),
	P5(0x166bb7f0435u, 0xc9e717bb45005915u),
	P5(0x701a97b150cu, 0xf18376a85901bd69u),
	P5(0x23084f676940u, 0xb7915149bd08b30du),
	P5(0xaf298d050e43u, 0x95d69670b12b7f41u),
	P5(0x36bcfc1194751u, 0xed30f03375d97c45u),
	P5(0x111b0ec57e6499u, 0xa1f4b1014d3f6d59u),
	P5(0x558749db77f700u, 0x29c77506823d22bdu),
};
#undef P5

/*
 * The least double >= 10^k, k = -16..40 (python3: from fractions, the
 * nearest double, one step up when below 10^k): v >= ten_up[k + 16]
 * says v >= 10^k exactly.
 */
static const double ten_up[57] = {
	0x1.cd2b297d889bdp-54, 0x1.203af9ee75616p-50, 0x1.6849b86a12b9cp-47,
	0x1.c25c268497682p-44, 0x1.19799812dea12p-40, 0x1.5fd7fe1796496p-37,
	0x1.b7cdfd9d7bdbbp-34, 0x1.12e0be826d695p-30, 0x1.5798ee2308c3ap-27,
	0x1.ad7f29abcaf49p-24, 0x1.0c6f7a0b5ed8ep-20, 0x1.4f8b588e368f1p-17,
	0x1.a36e2eb1c432dp-14, 0x1.0624dd2f1a9fcp-10, 0x1.47ae147ae147bp-7,
	0x1.999999999999ap-4, 0x1.0000000000000p+0, 0x1.4000000000000p+3,
	0x1.9000000000000p+6, 0x1.f400000000000p+9, 0x1.3880000000000p+13,
	0x1.86a0000000000p+16, 0x1.e848000000000p+19, 0x1.312d000000000p+23,
	0x1.7d78400000000p+26, 0x1.dcd6500000000p+29, 0x1.2a05f20000000p+33,
	0x1.74876e8000000p+36, 0x1.d1a94a2000000p+39, 0x1.2309ce5400000p+43,
	0x1.6bcc41e900000p+46, 0x1.c6bf526340000p+49, 0x1.1c37937e08000p+53,
	0x1.6345785d8a000p+56, 0x1.bc16d674ec800p+59, 0x1.158e460913d00p+63,
	0x1.5af1d78b58c40p+66, 0x1.b1ae4d6e2ef50p+69, 0x1.0f0cf064dd592p+73,
	0x1.52d02c7e14af7p+76, 0x1.a784379d99db5p+79, 0x1.08b2a2c280291p+83,
	0x1.4adf4b7320335p+86, 0x1.9d971e4fe8402p+89, 0x1.027e72f1f1282p+93,
	0x1.431e0fae6d722p+96, 0x1.93e5939a08ceap+99, 0x1.f8def8808b025p+102,
	0x1.3b8b5b5056e17p+106, 0x1.8a6e32246c99dp+109, 0x1.ed09bead87c04p+112,
	0x1.3426172c74d83p+116, 0x1.812f9cf7920e3p+119, 0x1.e17b84357691cp+122,
	0x1.2ced32a16a1b2p+126, 0x1.78287f49c4a1ep+129, 0x1.d6329f1c35ca5p+132,
};

#define TEN16 UINT64_C(10000000000000000)
#define TEN17 UINT64_C(100000000000000000)

/*
 * v = m 2^e scaled by 10^(16 - x) is m 5^s 2^t, s = 16 - x, t = e + s:
 * *n + *r / *den exactly, and *u = ulp(v) 10^(16 - x) *den (in units
 * of 1 / den).  Returns 0 when that leaves the bounds: 5^s m below
 * 2^128 (s <= 32), den below 2^119 (s >= -51, t >= -119).  For s >= 0,
 * t > 0 the value is below 10^18; for s < 0, t is positive (v > 1e16).
 */
static int scale(uint64_t m, int e, int x, uint64_t *n, u128 *r, u128 *den,
    u128 *u)
{
	int s = 16 - x, t = e + s;
	u128 num, q;

	if (s > 32 || s < -51 || t > 74 || t < -119 || (s < 0 && t < 0))
		return 0;
	num = s > 0 ? (u128)m * pow5[s] : (u128)m;
	*u = s > 0 ? pow5[s] : 1;
	if (t > 0) {
		num <<= t;
		*u <<= t;
	}
	if (s >= 0) {
		*den = t < 0 ? (u128)1 << -t : 1;
		q = t < 0 ? num >> -t : num;
		*r = num & (*den - 1);
	} else {
		*den = pow5[-s];
		q = num / *den;
		*r = num % *den;
	}
	*n = (uint64_t)q;
	return !(q >> 64);
}

/*
 * Round n + r/den (n of 17 digits) to 17 - log10(S) digits (S = 1, 10,
 * 100) as printf does, ties to even: *digits, and x[1] the decimal
 * exponent, x[0] or x[0] + 1 when it carries to one more digit.
 * Returns 1 when the result reads back as v = (n + r/den) 10^(x[0] -
 * 16), u its ulp in units of 1/den: lowgap says the gap below v is half
 * the gap above (m = 2^52), odd that m is odd.
 */
static inline int round_digits(uint64_t n, u128 r, u128 den, u128 u,
    uint64_t S, int lowgap, int odd, uint64_t *digits, int *x)
{
	uint64_t q = n / S, rest = n % S, k;
	int up;
	u128 dist;

	if (S == 1)
		up = 2 * r > den || (2 * r == den && (q & 1));
	else
		up = rest > S / 2 || (rest == S / 2 && (r != 0 || (q & 1)));
	*digits = q + (uint64_t)up;
	x[1] = x[0];
	if (*digits * S == TEN17) {
		*digits /= 10;
		x[1]++;
	}
	if (S == 1)
		return 1; /* 17 digits always read back */
	/*
	 * The distance in units of the 17th digit is k - r/den (above) or
	 * k + r/den (below).  Half a gap is below 10^17 / 2^53 < 11.2 such
	 * units, so k > 12 never reads back and k <= 12 keeps 4 dist below
	 * 52 den < 2^125.
	 */
	k = up ? (q + 1) * S - n : rest;
	if (k > 12)
		return 0;
	dist = up ? k * den - r : k * den + r;
	dist <<= !up && lowgap ? 2 : 1;
	return dist < u || (dist == u && !odd);
}

/*
 * v < 10^8 as 8 ASCII digits in one word, the first digit in the lowest
 * byte (little-endian memory order): two halves of four, then pairs,
 * then digits, each a multiply and shift in all lanes at once (D.
 * Lemire's method; every v checked against printf when written).
 */
static inline uint64_t ascii8(uint32_t v)
{
	uint64_t merged = (uint64_t)(v / 10000) | (uint64_t)(v % 10000) << 32;
	uint64_t top = (merged * 10486 >> 20) & (UINT64_C(0x7f) << 32 | 0x7f);
	uint64_t bot = merged - 100 * top;
	uint64_t hundreds = (bot << 16) + top;
	uint64_t tens = (hundreds * 103 >> 10) & UINT64_C(0x000f000f000f000f);

	tens += (hundreds - 10 * tens) << 8;
	return tens + UINT64_C(0x3030303030303030);
}

/* Trailing '0' characters of the ASCII word w (8 if all are). */
static int zeros8(uint64_t w)
{
	w ^= UINT64_C(0x3030303030303030);
	return w ? __builtin_clzll(w) / 8 : 8;
}

/*
 * The %.Pg layout of the 17 digits D = d0, w (d0 the first, w the next
 * 16 as 16 bytes), nd of them significant, decimal exponent x: fixed
 * when -4 <= x < P, else d.ddde+XX.  Written with whole-word stores of
 * registers (a copy through a byte buffer stalls on store forwarding);
 * out has NUM_BUFSIZE bytes, of which at most 36 are touched.
 */
static size_t layout(char *out, int d0, u128 w, int nd, int x, int P)
{
	char *o = out;
	int ax;

	if (x < -4 || x >= P) {
		o[0] = (char)d0;
		o[1] = '.';
		memcpy(o + 2, &w, 16);
		o += nd > 1 ? nd + 1 : 1;
		*o++ = 'e';
		*o++ = x < 0 ? '-' : '+';
		ax = x < 0 ? -x : x;
		if (ax >= 100)
			*o++ = (char)('0' + ax / 100);
		*o++ = (char)('0' + ax / 10 % 10);
		*o++ = (char)('0' + ax % 10);
	} else if (x >= 0) {
		/* D at out, then D[x+1..] again one byte on, then the point */
		o[0] = (char)d0;
		memcpy(o + 1, &w, 16);
		if (nd > x + 1) {
			w >>= 8 * x;
			memcpy(o + x + 2, &w, 16);
			o[x + 1] = '.';
			o += nd + 1;
		} else {
			o += x + 1;
		}
	} else {
		memcpy(o, "0.000000", 8);
		o += 1 - x;
		o[0] = (char)d0;
		memcpy(o + 1, &w, 16);
		o += nd;
	}
	*o = '\0';
	return (size_t)(o - out);
}

/*
 * The bytes of the snprintf loop for a finite nonzero normal v in the
 * range scale() covers, and their length; 0 (buf untouched) for any
 * other v.
 */
static size_t format_shortest(char *buf, double v)
{
	static const uint64_t S[3] = {100, 10, 1};
	uint64_t bits, m, n = 0, q = 0, rest, hi, lo, words[2];
	u128 r = 0, den = 1, u = 0, w;
	int bexp, e, x[2], nd, p, lowgap, odd, neg;

	memcpy(&bits, &v, sizeof bits);
	bexp = (int)(bits >> 52 & 0x7ff);
	if (bexp == 0 || bexp == 0x7ff)
		return 0;
	m = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
	e = bexp - 1075;
	/*
	 * x = floor(log10 |v|): floor((e + 52) log10 2) (78913 / 2^18 is
	 * log10 2 to 7 digits, exact for these e) or one more, which the
	 * least double >= 10^k decides.
	 */
	x[0] = e + 52 >= 0 ? (e + 52) * 78913 >> 18 :
	    -((-(e + 52) * 78913 + (1 << 18) - 1) >> 18);
	if (x[0] < -16 || x[0] > 39)
		return 0;
	x[0] += fabs(v) >= ten_up[x[0] + 17];
	if (fabs(v) < ten_up[x[0] + 16] ||
	    !scale(m, e, x[0], &n, &r, &den, &u) || n < TEN16 || n >= TEN17)
		return 0; /* never: the bounds are those of scale */
	lowgap = m == UINT64_C(1) << 52 && bexp > 1;
	odd = (int)(m & 1);
	/* S constant in each call, for the compiler's division by it */
	p = round_digits(n, r, den, u, 100, lowgap, odd, &q, x) ? 15 :
	    round_digits(n, r, den, u, 10, lowgap, odd, &q, x) ? 16 :
	    (round_digits(n, r, den, u, 1, lowgap, odd, &q, x), 17);
	/* the p digits followed by zeros: 17 digits, the first nonzero */
	q *= S[p - 15];
	rest = q % TEN16;
	hi = ascii8((uint32_t)(rest / 100000000));
	lo = ascii8((uint32_t)(rest % 100000000));
	nd = lo != UINT64_C(0x3030303030303030) ? 17 - zeros8(lo) :
	    9 - zeros8(hi);
	/* digits 2 to 17 in memory order (clang-analyzer misjudges a
	 * 128-bit shift by 64: the words are copied instead) */
	words[0] = hi;
	words[1] = lo;
	memcpy(&w, words, sizeof w);
	neg = (int)(bits >> 63);
	if (neg)
		*buf++ = '-';
	return (size_t)neg + layout(buf, (int)('0' + q / TEN16), w, nd, x[1],
	    p);
}
#else
static size_t format_shortest(char *buf, double v)
{
	(void)buf;
	(void)v;
	return 0;
}
#endif

size_t num_format_len(char *buf, double v, int digits)
{
	size_t n;
	int d;

	if (isnan(v) || isinf(v) || digits > 0 || v == 0) {
		if (isnan(v))
			strcpy(buf, "NaN");
		else if (isinf(v))
			strcpy(buf, v < 0 ? "-Inf" : "Inf");
		else if (digits > 0)
			snprintf(buf, NUM_BUFSIZE, "%.*g", digits, v);
		else
			strcpy(buf, signbit(v) ? "-0" : "0");
		return strlen(buf);
	}
	if ((n = format_shortest(buf, v)) > 0)
		return n;
	/* The shortest of 15, 16 or 17 significant digits that round-trips. */
	for (d = 15; d <= 17; d++) {
		snprintf(buf, NUM_BUFSIZE, "%.*g", d, v);
		if (d == 17 || strtod(buf, NULL) == v)
			break;
	}
	return strlen(buf);
}

char *num_format(char *buf, double v, int digits)
{
	num_format_len(buf, v, digits);
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
