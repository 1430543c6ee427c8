/*
 * lane_index.h - the structural index of the fast lane: for 64 bytes of
 * delimited text, a bit per byte for each byte that matters to the
 * lane's splitting (the delimiter, LF, and the rare quote and CR), so
 * that cells are found from bit masks, 64 bytes at a time, and no byte
 * is looked at twice (read by read_lane.c, tested by
 * tests/unit/test_lane_index.c: each path against the plain one).
 *
 * On x86-64 the bytes are compared 16 at a time (SSE2, always there),
 * and 32 at a time where AVX2 is (chosen at run time by the caller, as
 * a target attribute cannot be inlined into code without it); elsewhere
 * byte by byte.  Every path gives the same masks: they are facts about
 * the bytes, not rounded values.
 *
 * Whitespace (CSV_WHITESPACE) sets delim to the blank mask (space and
 * tab).
 */
#ifndef LINREG_LANE_INDEX_H
#define LINREG_LANE_INDEX_H

#include <stdint.h>
#include <string.h>

struct lane_bits {
	uint64_t delim;   /* the delimiter (or a blank, for whitespace) */
	uint64_t lf;      /* '\n' */
	uint64_t odd;     /* '"' or '\r': the lane looks closer */
	uint64_t dot;     /* '.' */
	uint64_t digit;   /* '0' to '9' */
};

/* The masks of p[0..63], byte by byte (the reference). */
static inline void lane_index_plain(const unsigned char *p, int delim,
    struct lane_bits *b)
{
	int i;
	b->delim = b->lf = b->odd = b->dot = b->digit = 0;
	for (i = 0; i < 64; i++) {
		uint64_t bit = (uint64_t)1 << i;
		if (delim < 0 ? p[i] == ' ' || p[i] == '\t' : p[i] == delim)
			b->delim |= bit;
		if (p[i] == '\n')
			b->lf |= bit;
		if (p[i] == '"' || p[i] == '\r')
			b->odd |= bit;
		if (p[i] == '.')
			b->dot |= bit;
		if (p[i] >= '0' && p[i] <= '9')
			b->digit |= bit;
	}
}

#if defined(__GNUC__) && defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#define LANE_INDEX_SSE2 1

/* The same, 16 bytes at a time. */
static inline void lane_index_sse2(const unsigned char *p, int delim,
    struct lane_bits *b)
{
	const __m128i lf = _mm_set1_epi8('\n'), q = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), pt = _mm_set1_epi8('.');
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i dl = _mm_set1_epi8((char)(delim < 0 ? ' ' : delim));
	const __m128i tab = _mm_set1_epi8(delim < 0 ? '\t' : (char)delim);
	uint64_t d = 0, l = 0, o = 0, t = 0, g = 0;
	int k;

	for (k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128(
		    (const __m128i *)(const void *)(p + 16 * k));
		d |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(x, dl), _mm_cmpeq_epi8(x, tab))) << 16 * k;
		l |= (uint64_t)(uint32_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(x, lf)) << 16 * k;
		__m128i u = _mm_sub_epi8(x, zero);
		o |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, cr))) << 16 * k;
		t |= (uint64_t)(uint32_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(x, pt)) << 16 * k;
		g |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_min_epu8(u, nine), u)) << 16 * k;
	}
	b->delim = d;
	b->lf = l;
	b->odd = o;
	b->dot = t;
	b->digit = g;
}
#else
#define LANE_INDEX_SSE2 0
#endif

/* The index of the machine: the vector path where there is one. */
static inline void lane_index(const unsigned char *p, int delim,
    struct lane_bits *b)
{
#if LANE_INDEX_SSE2
	lane_index_sse2(p, delim, b);
#else
	lane_index_plain(p, delim, b);
#endif
}

#endif
