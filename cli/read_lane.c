/*
 * read_lane.c - the fast lane: plain lines of delimited text, straight
 * from the reader's buffer to the fit.
 *
 * Most lines of a large file are plain: no quote, no comment, every
 * wanted cell a decimal of up to 19 digits, perhaps with an exponent.
 * The lane takes those in one pass over a window of whole lines
 * (csv_peek_lines).  lane_index.h marks the delimiters, LFs, quotes,
 * CRs, points and digits of 64 bytes at a time (SSE2 on x86-64), and
 * lane_line walks a line's cells from those bits, one count of
 * trailing zeros a cell: no byte is compared twice, and a cell that
 * would straddle two blocks starts the next block instead.  A wanted
 * cell of up to 8 digits either side of the point is valued from the
 * same bits (lane_value: the point's place gives the parts' lengths,
 * one shuffle aligns their digits, three multiply-adds value them,
 * SSSE3), so random widths and signs cost no mispredicted branch;
 * others, exponents included, go through num_parse_cell_parts.  Group
 * cells are handed on as bytes, and on --fitted's second pass every
 * cell, for the echo.  The divisions that finish the numbers
 * are done together for a batch of rows.  Measured on 10^7 lines of
 * random signs, 1 to 4 integer digits, 0 to 6 decimals and 3%
 * exponents (157 MB): 0.53 s before (lane_pair below, with the
 * general reader for the exponents) and 0.34 s with the index.
 *
 * On x86-64 a file whose every line has one shape (the same LF,
 * delimiter, points and signs; other digits, as a generated column
 * of i * 0.001 has) goes faster still: when two lines in a row have
 * one length, lane_pair looks at the line, and once two in a row have
 * one shape it is learnt; lane_shaped then checks each line against it
 * in one 32-byte comparison and values all four digit groups together,
 * some 50 instructions a line, until a line differs (then unlearnt).
 *
 * The first line that is anything else (a quote, a blank, a comment, a
 * long or odd number, a missing cell, a lone CR) goes to csv_next and
 * delimited_row, which give it the full treatment: the same value, or
 * the same error with its line.  The lane never decides anything the
 * general path would decide differently; it only gets there sooner.
 *
 * This file is the reader of delimited text (read_delimited): the
 * general path, delimited_row (a record through delimited.c's rules to
 * the sink), and the lane live together in delimited_stream so that
 * the two, which must agree, are read side by side.  The lane
 * writes into the sink's batch through sink_room and sink_commit, not
 * its fields.
 *
 * (Tried and measured slower on the bench file: a first pass that
 * indexes every delimiter and LF eight bytes at a time, so that cells
 * are parsed from known starts; 0.73 s against 0.47 s of user time.
 * Sixty-four bytes at a time with SSE2, and cells valued from the bits,
 * it is the faster on any file whose lines vary.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lane_index.h"
#include "number_plain.h"
#include "read_csv.h"
#include "readers.h"

#if defined(__GNUC__) && defined(__SSE2__) && \
    defined(__x86_64__)
#include <emmintrin.h>
#include <tmmintrin.h>
#define LANE_PAIR 1
/* SSSE3, which lane_setup requires, for lane_value (and lane_shaped) */
#define LANE_TARGET __attribute__((target("ssse3")))
#else
#define LANE_TARGET
#define LANE_PAIR 0
#endif

#define LANE_FIELDS 64
/* lane_value in the loops that call it (as a call, 120 instructions a cell) */
#if defined(__GNUC__)
#define LANE_INLINE static inline __attribute__((always_inline))
#else
#define LANE_INLINE static inline
#endif
#define LANE_GROUPS 8
#define LANE_BACKOFF_MAX 1024

#if LANE_PAIR
/*
 * The shape of a line of two cells, learnt from a line lane_pair took
 * (see lane_shaped): the line's bytes, digits as 9 and any other byte b
 * as b - '0' (the comparison is byte-wise, modulo 256), and how to
 * gather the digits of each cell's two parts into four groups of eight,
 * right-aligned.
 */
struct lane_shape {
	__m128i tmpl[2];               /* the line's 32 bytes, as above */
	__m128i gather[2][2];          /* [group pair][source half] */
	uint32_t need;                 /* bytes 0..LF to compare */
	int len;                       /* the line's bytes, LF included */
	uint64_t scale[2];             /* 10^(digits after the point) */
	double div[2];                 /* the same, as doubles */
	uint64_t sign[2];              /* a cell's sign bit */
};
#endif

struct lane {
	int delim;
	int last;                      /* the highest wanted field */
	int pair;                      /* two values, fields 0 and 1 */
	int echo;                      /* --fitted's second pass */
	short slot[LANE_FIELDS];       /* field -> value index, -2 - group, or -1 */
#if LANE_PAIR
	int shaped;                    /* shape is set, and SSSE3 runs */
	int ssse3;
	uint64_t seen;                 /* the last line's shape, in short */
	struct lane_shape shape;
	/* lane_value: [digits before the point][after] -> the shuffle that
	 * right-aligns each part in its eight bytes */
	__m128i cell_gather[9][9];
#endif
};

/* Can the lane read these columns with this delimiter? */
static int lane_setup(struct lane *ln, int delim, const struct column *cols,
    int ncols, const struct sink *s)
{
	int i;

	const char *env = getenv("LINREG_LANE");

	/* LINREG_LANE=0: every line the long way (to check the lane) */
	/* The lane reads '.' numbers only: --decimal-comma the long way. */
	if ((env && strcmp(env, "0") == 0) ||
	    (sink_echoing(s) && sink_echo_coded(s)) ||
	    (ncols > 0 && cols[0].point == ',') ||
	    sink_ngroup(s) > LANE_GROUPS ||
	    delim == '"' || delim == '\n' || delim == '\r' ||
	    delim == '-' || delim == '+' || delim == '.' ||
	    delim == 'e' || delim == 'E' || (delim >= '0' && delim <= '9'))
		return 0;
	ln->delim = delim;
	ln->echo = sink_echoing(s);
	ln->last = 0;
	for (i = 0; i < LANE_FIELDS; i++)
		ln->slot[i] = -1;
	for (i = 0; i < ncols + sink_ngroup(s); i++) {
		/* A field in two roles (the weight that is also x): the
		 * lane keeps one value per field, so the long way. */
		if (cols[i].field >= LANE_FIELDS || ln->slot[cols[i].field] != -1)
			return 0;
		ln->slot[cols[i].field] = (short)(i < ncols ? i : -2 - (i - ncols));
		if ((int)cols[i].field > ln->last)
			ln->last = (int)cols[i].field;
	}
	ln->pair = LANE_PAIR && ncols == 2 && ln->last == 1 && delim >= 0 &&
	    !sink_ngroup(s) && !ln->echo;
#if LANE_PAIR
	ln->shaped = 0;
	ln->seen = 0;
	__builtin_cpu_init();
	ln->ssse3 = __builtin_cpu_supports("ssse3");
	/* (x86-64 without SSSE3, some CPUs of before 2011: the long way) */
	if (!ln->ssse3)
		return 0;
	{
		int ni, nf, j;
		for (ni = 0; ni <= 8; ni++)
			for (nf = 0; nf <= 8; nf++) {
				unsigned char g[16];
				memset(g, 0x80, sizeof g);   /* 0x80: a zero byte */
				for (j = 0; j < ni; j++)
					g[8 - ni + j] = (unsigned char)j;
				for (j = 0; j < nf; j++)
					g[16 - nf + j] = (unsigned char)(ni + 1 + j);
				memcpy(&ln->cell_gather[ni][nf], g, sizeof g);
			}
	}
#endif
	return 1;
}

#if LANE_PAIR
/* Bit i set when byte i of the 32 in lo, hi is set in the compare. */
static inline uint32_t lane_mask(__m128i lo, __m128i hi)
{
	return (uint32_t)_mm_movemask_epi8(lo) |
	    (uint32_t)_mm_movemask_epi8(hi) << 16;
}

/*
 * The number in [a, e) of the line at p, a plain decimal
 * [-]digits[.digits] with at most 8 digits on either side of the point,
 * the sign and point already checked to be the only non-digits (sg: a
 * sign at a, t: the point's position, e if none): its value as
 * *m / 10^nf, as num_parse_plain_parts gives it.  Returns 0 when it
 * is out of this shape (no digit, too many), for the long way.
 */
static inline int lane_cell(const unsigned char *p, int a, int sg, int t,
    int e, double *m, double *d)
{
	int ni = t - a - sg, nf = t < e ? e - t - 1 : 0;
	uint64_t w;

	if ((unsigned)ni > 8 || (unsigned)nf > 8 || ni + nf == 0)
		return 0;
	w = np_value8(np_load8(p + a + sg), ni) * np_pow10[nf] +
	    np_value8(np_load8(p + t + 1), nf);
	if (w > (UINT64_C(1) << 53))
		return 0;
	*m = sg ? -(double)w : (double)w;
	*d = np_pow10d[nf];
	return 1;
}

static void lane_learn(struct lane *ln, const unsigned char *p, int e,
    int c, int e1, int t0, int t1, int sg0, int sg1);

/*
 * One line of two wanted cells, fields 0 and 1, in the 32 bytes at p
 * (all readable, and 8 more): the bytes are classified 32 at a time
 * (SSE2) and the cells found from the bit masks, so no byte is looked
 * at twice and no position waits on the number before it.  The values
 * go to m[0..1] / d[0..1] in field order.  Returns the byte after the
 * LF, or NULL for a line of any other shape (longer than 31 bytes, a
 * CR, a quote, an odd number...), for lane_line to look at.  The
 * second of two lines in a row of one shape teaches it to lane_shaped.
 */
static inline const unsigned char *lane_pair(struct lane *ln,
    const unsigned char *p, double *m, double *d)
{
	const __m128i b0 = _mm_loadu_si128((const __m128i *)(const void *)p);
	const __m128i b1 = _mm_loadu_si128(
	    (const __m128i *)(const void *)(p + 16));
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i lf = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.');
	const __m128i minus = _mm_set1_epi8('-');
	const __m128i dl = _mm_set1_epi8((char)ln->delim);
	const __m128i quote = _mm_set1_epi8('"');
	__m128i u0 = _mm_sub_epi8(b0, zero), u1 = _mm_sub_epi8(b1, zero);
	uint32_t nl, line, dm, dg, dt, dt0, dt1, mn, lead;
	int e, c, e1, t0, t1, sg0, sg1;
	uint64_t sig;

	nl = lane_mask(_mm_cmpeq_epi8(b0, lf), _mm_cmpeq_epi8(b1, lf));
	if (!nl)
		return NULL;
	e = __builtin_ctz(nl);
	line = (UINT32_C(1) << e) - 1;
	dm = lane_mask(_mm_cmpeq_epi8(b0, dl), _mm_cmpeq_epi8(b1, dl)) & line;
	if (!dm)
		return NULL;
	c = __builtin_ctz(dm);
	/* field 1 ends at the next delimiter, or at the LF */
	dm &= dm - 1;
	e1 = dm ? __builtin_ctz(dm) : e;
	dg = lane_mask(_mm_cmpeq_epi8(_mm_min_epu8(u0, nine), u0),
	    _mm_cmpeq_epi8(_mm_min_epu8(u1, nine), u1));
	dt = lane_mask(_mm_cmpeq_epi8(b0, dot), _mm_cmpeq_epi8(b1, dot));
	mn = lane_mask(_mm_cmpeq_epi8(b0, minus), _mm_cmpeq_epi8(b1, minus));
	/*
	 * Before e1, every byte is a digit or a point, but for the
	 * delimiter at c and a sign opening either cell; the cells after
	 * field 1 (skipped) hold no quote.
	 */
	lead = mn & (UINT32_C(1) | UINT32_C(2) << c);
	if ((((UINT32_C(1) << e1) - 1) & ~(dg | dt)) !=
	    (lead | UINT32_C(1) << c) ||
	    (dm && (lane_mask(_mm_cmpeq_epi8(b0, quote),
	    _mm_cmpeq_epi8(b1, quote)) & line)))
		return NULL;
	/* at most one point in each cell */
	dt &= (UINT32_C(1) << e1) - 1;
	dt0 = dt & ((UINT32_C(1) << c) - 1);
	dt1 = dt & ~((UINT32_C(2) << c) - 1);
	if ((dt0 & (dt0 - 1)) | (dt1 & (dt1 - 1)))
		return NULL;
	t0 = __builtin_ctz(dt0 | UINT32_C(1) << c);
	t1 = __builtin_ctz(dt1 | UINT32_C(1) << e1);
	sg0 = (int)(lead & 1);
	sg1 = (int)(lead >> (c + 1) & 1);
	if (!lane_cell(p, 0, sg0, t0, c, &m[0], &d[0]) ||
	    !lane_cell(p, c + 1, sg1, t1, e1, &m[1], &d[1]))
		return NULL;
	/* Two lines in a row of one shape: learn it, for lane_shaped. */
	sig = (uint64_t)e | (uint64_t)c << 5 | (uint64_t)e1 << 10 |
	    (uint64_t)t0 << 15 | (uint64_t)t1 << 20 | (uint64_t)sg0 << 25 |
	    (uint64_t)sg1 << 26 | (uint64_t)1 << 27;
	if (sig == ln->seen && ln->ssse3)
		lane_learn(ln, p, e, c, e1, t0, t1, sg0, sg1);
	ln->seen = sig;
	return p + e + 1;
}

/*
 * Learn the shape of the line at p, which lane_pair took with these
 * positions (see lane_pair), when its cells have at most 15 digits
 * each (so that their values are below 2^53).
 */
static void lane_learn(struct lane *ln, const unsigned char *p, int e,
    int c, int e1, int t0, int t1, int sg0, int sg1)
{
	struct lane_shape *sh = &ln->shape;
	unsigned char tm[32], ga[2][2][16];
	int gs[4], gn[4], i, g, j;

	/* the four groups: each cell's digits before and after the point */
	gs[0] = sg0;
	gn[0] = t0 - sg0;
	gs[1] = t0 + 1;
	gn[1] = t0 < c ? c - t0 - 1 : 0;
	gs[2] = c + 1 + sg1;
	gn[2] = t1 - gs[2];
	gs[3] = t1 + 1;
	gn[3] = t1 < e1 ? e1 - t1 - 1 : 0;
	ln->shaped = 0;
	if (gn[0] + gn[1] > 15 || gn[2] + gn[3] > 15)
		return;
	for (i = 0; i < 32; i++)
		tm[i] = i > e ? 0 : p[i] >= '0' && p[i] <= '9' ? 9 :
		    (unsigned char)(p[i] - '0');
	memset(ga, 0x80, sizeof ga);    /* 0x80: a zero byte */
	for (g = 0; g < 4; g++)
		for (j = 0; j < gn[g]; j++) {
			int from = gs[g] + j, to = (g & 1) * 8 + 8 - gn[g] + j;
			ga[g >> 1][from >> 4][to] = (unsigned char)(from & 15);
		}
	memcpy(sh->tmpl, tm, sizeof tm);
	memcpy(sh->gather, ga, sizeof ga);
	sh->need = e == 31 ? ~UINT32_C(0) : (UINT32_C(2) << e) - 1;
	sh->len = e + 1;
	sh->scale[0] = np_pow10[gn[1]];
	sh->scale[1] = np_pow10[gn[3]];
	sh->div[0] = (double)sh->scale[0];
	sh->div[1] = (double)sh->scale[1];
	sh->sign[0] = (uint64_t)sg0 << 63;
	sh->sign[1] = (uint64_t)sg1 << 63;
	ln->shaped = 1;
}

/*
 * Lines of the learnt shape, from *pp on, into rows k.. of the batch
 * (m0, d0: field 0; m1, d1: field 1), up to kmax rows; stops at the
 * first line of another shape and 40 bytes before the window's end.
 * A line has the shape when its bytes up to the LF equal the learnt
 * line's but for digits, which may differ (one comparison of 32 bytes):
 * lane_pair would take it with the same positions, so its values are
 * the ones lane_cell would give, and lane_line, and strtod.  The
 * digits are gathered (pshufb) into four right-aligned groups of eight
 * and each group is valued in three multiply-adds, all four at once;
 * the two divisions by powers of ten that finish the values are one
 * instruction.
 * Returns the batch's new row count; *pp moves past the lines taken.
 */
__attribute__((target("ssse3")))
static size_t lane_shaped(const struct lane_shape *sh,
    const unsigned char **pp, const unsigned char *end, double *m0,
    double *m1, size_t k, size_t kmax)
{
	const unsigned char *p = *pp;
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i w10 = _mm_set1_epi16(1 << 8 | 10);
	const __m128i w100 = _mm_set1_epi32(1 << 16 | 100);
	const __m128i w10000 = _mm_set1_epi32(1 << 16 | 10000);
	const __m128i t0 = sh->tmpl[0], t1 = sh->tmpl[1];
	const __m128i g00 = sh->gather[0][0], g01 = sh->gather[0][1];
	const __m128i g10 = sh->gather[1][0], g11 = sh->gather[1][1];
	const uint32_t need = sh->need;
	const uint64_t sc0 = sh->scale[0], sc1 = sh->scale[1];
	const __m128d sign = _mm_castsi128_pd(_mm_set_epi64x(
	    (long long)sh->sign[1], (long long)sh->sign[0]));
	const __m128d div = _mm_set_pd(sh->div[1], sh->div[0]);
	const size_t len = (size_t)sh->len;

	for (; k < kmax && end - p >= 40; k++) {
		__m128i b0 = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i b1 = _mm_loadu_si128(
		    (const __m128i *)(const void *)(p + 16));
		__m128i u0 = _mm_sub_epi8(b0, zero), u1 = _mm_sub_epi8(b1, zero);
		__m128i a, b, q;
		__m128d v;
		uint32_t same = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_max_epu8(u0, nine), t0)) |
		    (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_max_epu8(u1, nine), t1)) << 16;
		uint64_t q0, q1;

		if ((same & need) != need)
			break;
		a = _mm_or_si128(_mm_shuffle_epi8(u0, g00),
		    _mm_shuffle_epi8(u1, g01));
		b = _mm_or_si128(_mm_shuffle_epi8(u0, g10),
		    _mm_shuffle_epi8(u1, g11));
		a = _mm_madd_epi16(_mm_maddubs_epi16(a, w10), w100);
		b = _mm_madd_epi16(_mm_maddubs_epi16(b, w10), w100);
		q = _mm_madd_epi16(_mm_packs_epi32(a, b), w10000);
		q0 = (uint64_t)_mm_cvtsi128_si64(q);
		q1 = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(q, q));
		/* both values at once: (w0, w1) / 10^nf, signs (exact) after */
		v = _mm_div_pd(_mm_set_pd(
		    (double)(int64_t)((q1 & 0xffffffff) * sc1 + (q1 >> 32)),
		    (double)(int64_t)((q0 & 0xffffffff) * sc0 + (q0 >> 32))), div);
		v = _mm_xor_pd(v, sign);
		_mm_storel_pd(m0 + k, v);
		_mm_storeh_pd(m1 + k, v);
		p += len;
	}
	*pp = p;
	return k;
}
#endif

/* What lane_line finds of a line besides its values. */
struct lane_row {
	const unsigned char *gp[LANE_GROUPS]; /* the group cells ... */
	size_t gl[LANE_GROUPS];               /* ... and their lengths */
	char *fp[LANE_FIELDS];                /* echoing: every cell ... */
	size_t fl[LANE_FIELDS];               /* ... and its length */
	int nfields;
};

/*
 * The lane's place in the window: the indexed block at base, with the
 * bits of the bytes already taken cleared (see lane_line).
 */
struct lane_cursor {
	const unsigned char *base;  /* the 64 bytes indexed */
	const unsigned char *end;   /* the window's end */
	uint64_t ends;              /* cell ends: delimiters and LFs */
	uint64_t lf, odd;           /* LFs; quotes and CRs */
	uint64_t dot, digit;        /* points; digits */
};

/* Index the 64 bytes at base (a zero-padded copy past the window's end). */
static inline void cursor_load(struct lane_cursor *c, const unsigned char *base,
    int delim)
{
	struct lane_bits b;
	c->base = base;
	if (c->end - base >= 64) {
		lane_index(base, delim, &b);
	} else {
		unsigned char tmp[64];
		memset(tmp, 0, sizeof tmp);
		memcpy(tmp, base, (size_t)(c->end - base));
		lane_index(tmp, delim, &b);
		b.delim &= ((uint64_t)1 << (c->end - base)) - 1;
	}
	c->ends = b.delim | b.lf;
	c->lf = b.lf;
	c->odd = b.odd;
	c->dot = b.dot;
	c->digit = b.digit;
}

/*
 * A cell [cs, e) of the cursor's block: its value as *m / *d, as
 * num_parse_cell_parts gives it, or 0 for that to decide.  On x86-64
 * a cell that is [-]digits[.digits] with at most 8 digits either side
 * is read from the index's bits, without a branch on its shape: the
 * point's and the sign's places give the two parts' lengths, one
 * shuffle right-aligns both parts' digits in eight bytes each, and
 * three multiply-adds value them (as lane_shaped does for a learnt
 * line), when the digits and the point fit the 16 bytes loaded.
 * Random widths and signs then cost no mispredicted branch.
 */
LANE_TARGET
LANE_INLINE int lane_value(const struct lane *ln, const struct lane_cursor *c,
    const unsigned char *cs, const unsigned char *e, double *m, double *d)
{
#if LANE_PAIR
	size_t off = (size_t)(cs - c->base), len = (size_t)(e - cs);

	if (cs >= c->base && len - 1 < 17 && off + len <= 64 &&
	    c->end - cs >= 24) {
		const __m128i zero = _mm_set1_epi8('0');
		const __m128i w10 = _mm_set1_epi16(1 << 8 | 10);
		const __m128i w100 = _mm_set1_epi32(1 << 16 | 100);
		const __m128i w10000 = _mm_set1_epi32(1 << 16 | 10000);
		uint64_t r = (((uint64_t)1 << len) - 1) << off;
		uint64_t pt = c->dot & r, sg = *cs == '-', q, w, bits;
		/* anything but digits, one point not last, a leading sign */
		uint64_t bad = (r & ~c->digit & ~pt & ~(sg << off)) |
		    (pt & (pt - 1)) | (pt & r & ~(r >> 1));
		int t = pt ? __builtin_ctzll(pt) - (int)off : (int)len;
		int ni = t - (int)sg, nf = pt ? (int)len - t - 1 : 0;
		__m128i b;
		double v;

		/* one branch, taken for odd cells only */
		if (!(bad | (uint64_t)((unsigned)(ni - 1) > 7) |
		    (uint64_t)(nf > 8) | (uint64_t)(len - sg > 16))) {
			b = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)
			    (const void *)(cs + sg)), zero);
			b = _mm_shuffle_epi8(b, ln->cell_gather[ni][nf]);
			b = _mm_madd_epi16(_mm_maddubs_epi16(b, w10), w100);
			b = _mm_madd_epi16(_mm_packs_epi32(b, b), w10000);
			q = (uint64_t)_mm_cvtsi128_si64(b);
			w = (q & 0xffffffff) * np_pow10[nf] + (q >> 32);
			if (w <= (UINT64_C(1) << 53)) {
				/* the sign without a branch: -(w / 10^nf) is
				 * -w / 10^nf, rounding to nearest being symmetric */
				v = (double)w;
				memcpy(&bits, &v, sizeof bits);
				bits ^= sg << 63;
				memcpy(m, &bits, sizeof bits);
				*d = np_pow10d[nf];
				return 1;
			}
		}
	}
#else
	(void)ln;
	(void)c;
#endif
	return num_parse_cell_parts(cs, e, m, d);
}

/*
 * One line at p (where the cursor stands): each wanted cell's value as
 * v[i] / dv[i] (num_parse_cell_parts), each group cell's bytes in
 * gp/gl; returns the byte after its LF, or NULL to leave the line to
 * the general reader (a quote, a lone CR, a comment, a missing cell, a
 * cell that is no plain number: the general reader decides).  The
 * cells are found from the index's bits, one count of trailing zeros a
 * cell.  Lines end with an LF before the window's end, and 8 bytes past
 * it are readable.  Whitespace (delim < 0): runs of blanks separate,
 * and blanks at either end of the line are no cells.
 */
LANE_TARGET
static inline const unsigned char *lane_line(const struct lane *ln,
    struct lane_cursor *c, const unsigned char *p, double *v, double *dv,
    struct lane_row *row)
{
	const unsigned char *cs = p;
	int f = 0, ws = ln->delim < 0;

	if (*p == '#')
		return NULL;
	for (;;) {
		const unsigned char *ce, *e;
		uint64_t below, odd;
		int pos, islf, slot;

		if (!c->ends) {
			/*
			 * The cell goes on past the block: index the next
			 * 64 bytes from the cell's start, so that no cell
			 * straddles two blocks (lane_value reads a cell
			 * from one block's bits).  A cell of 64 bytes or
			 * more is no number the lane reads.
			 */
			if (c->base == cs)
				return NULL;
			cursor_load(c, cs, ln->delim);
			if (!c->ends)
				return NULL;
		}
		pos = __builtin_ctzll(c->ends);
		below = ((uint64_t)2 << pos) - 1;
		ce = e = c->base + pos;
		islf = (int)(c->lf >> pos & 1);
		odd = c->odd & below;
		c->ends &= c->ends - 1;
		c->odd &= ~below;
		if (odd) {
			/* only the CR of a CRLF, before the line's last cell ends */
			if (!islf || pos == 0 ||
			    odd != (uint64_t)1 << (pos - 1) || ce[-1] != '\r')
				return NULL;
			e = ce - 1;
		}
		if (ws && e == cs) {
			/* blanks: before a cell, after one, or at the line's end */
			if (islf)
				return f > ln->last ? ce + 1 : NULL;
			cs = ce + 1;
			continue;
		}
		slot = f <= ln->last && f < LANE_FIELDS ? ln->slot[f] : -1;
		if (slot >= 0) {
			if (!lane_value(ln, c, cs, e, &v[slot], &dv[slot]))
				return NULL;
		} else if (slot < -1) {
			row->gp[-2 - slot] = cs;
			row->gl[-2 - slot] = (size_t)(e - cs);
		}
		if (ln->echo) {
			/* --fitted's second pass: every cell, to echo */
			if (f >= LANE_FIELDS)
				return NULL;
			row->fp[f] = (char *)(uintptr_t)cs;
			row->fl[f] = (size_t)(e - cs);
		}
		f++;
		if (islf) {
			row->nfields = f;
			return f > ln->last ? ce + 1 : NULL;
		}
		cs = ce + 1;
	}
}

#if LANE_PAIR
/*
 * lane_line for the commonest file: two wanted cells, fields 0 and 1,
 * each line "a<delim>b<LF>", straight into the batch (m0, d0: field 0;
 * m1, d1: field 1), rows k.. up to kmax.  The same bits and the same
 * lane_value as lane_line, without its per-cell choices (groups, the
 * echo, whitespace, other fields), which cost the general loop more
 * than the cells themselves.  Stops at the first line of another kind
 * (a third cell, a CR, a quote, a cell lane_value leaves), for
 * lane_line, or when two lines in a row of one shape taught lane_pair
 * a shape.  Returns the batch's new row count; *pp moves past the
 * lines taken.
 */
LANE_TARGET
static size_t lane_pairs(struct lane *ln, struct lane_cursor *c,
    const unsigned char **pp, double *m0, double *d0, double *m1,
    double *d1, size_t k, size_t kmax, ptrdiff_t *plen)
{
	const unsigned char *p = *pp;

	for (; k < kmax; k++) {
		uint64_t ends = c->ends, below;
		int pos0, pos1;
		const unsigned char *e0, *e1;

		if (!(ends & (ends - 1))) {
			/* fewer than two ends left: index from the line */
			if (c->end - p < 64)
				break;
			cursor_load(c, p, ln->delim);
			ends = c->ends;
			/* a line of 64 bytes or more: lane_line's */
			if (!(ends & (ends - 1)))
				break;
		}
		pos0 = __builtin_ctzll(ends);
		ends &= ends - 1;
		pos1 = __builtin_ctzll(ends | (uint64_t)1 << 63);
		below = ((uint64_t)2 << pos1) - 1;
		/* a delimiter, then the LF; no quote or CR before it */
		if (((c->lf >> pos0 | ~c->lf >> pos1) & 1) | !ends |
		    (c->odd & below))
			break;
		e0 = c->base + pos0;
		e1 = c->base + pos1;
		if (!lane_value(ln, c, p, e0, &m0[k], &d0[k]) ||
		    !lane_value(ln, c, e0 + 1, e1, &m1[k], &d1[k]))
			break;
		c->ends = ends & (ends - 1);
		c->odd &= ~below;
		if (e1 + 1 - p == *plen && c->end - p >= 40) {
			double m[2], d[2];
			(void)lane_pair(ln, p, m, d);
			if (ln->shaped) {
				*plen = e1 + 1 - p;
				p = e1 + 1;
				k++;
				break;
			}
		}
		*plen = e1 + 1 - p;
		p = e1 + 1;
	}
	*pp = p;
	return k;
}
#endif

/* Rows the lane put in the batch undivided (*from..n): divide. */
static void lane_divide(double *bx, double *by, const double *dx,
    const double *dy, size_t *from, size_t n)
{
	size_t i;
	for (i = *from; i < n; i++) {
		bx[i] /= dx[i];
		by[i] /= dy[i];
	}
	*from = n;
}

/*
 * The plain lines at the start of p[0..n) (n ends with an LF), as rows
 * of s.  Returns the bytes taken (whole lines), *lines their number,
 * *status the sink's status.
 */
LANE_TARGET
static size_t lane_rows(struct lane *ln, const char *name,
    struct sink *s, int ncols, const unsigned char *p, size_t n,
    uint64_t line, double *v, uint64_t *lines, int *status)
{
	/*
	 * One predictor, no weights, no --every, no picture (sink_row
	 * samples for it): rows go straight into the batch, their
	 * divisions done together before it goes to the fit (independent
	 * divisions pipeline, and vectorise).  nb: the batch's rows,
	 * done: those of them committed to the sink, from: those divided.
	 */
	int direct = !ln->echo && sink_plain(s), ng = sink_ngroup(s);
	double dv[LANE_FIELDS], dx[LR_BATCH], dy[LR_BATCH];
	double *bx = NULL, *by = NULL;
	const unsigned char *q, *start = p, *end = p + n;
	struct lane_row row = {0}; /* (lane_line sets what is read; the analyzer cannot tell) */
	size_t nb = direct ? sink_room(s, &bx, &by) : 0, done = nb, from = nb;
	struct lane_cursor c;
#if LANE_PAIR
	ptrdiff_t plen = 0;  /* the last line's length, for lane_pairs */
#endif
	int i;

	*lines = 0;
	*status = EX_OK;
	for (i = 0; i < ncols; i++)
		dv[i] = 1; /* (every line sets them all; the analyzer cannot tell) */
	c.end = end;
	cursor_load(&c, p, ln->delim);
	for (;;) {
#if LANE_PAIR
		if (direct && ln->shaped) {
			int sw = ln->slot[0] != 0;  /* field 0 is y */
			size_t k;
			lane_divide(bx, by, dx, dy, &from, nb);
			k = lane_shaped(&ln->shape, &p, end,
			    sw ? by : bx, sw ? bx : by, nb, LR_BATCH);
			*lines += k - nb;
			if (k > nb)
				cursor_load(&c, p, ln->delim);
			else
				ln->shaped = 0; /* (a line of another shape: unlearn) */
			nb = from = k; /* (lane_shaped divides) */
			if (k == LR_BATCH) {
				*status = sink_commit(s, nb - done);
				nb = done = from = 0; /* (the batch went to the fit) */
				if (*status)
					break;
				continue;
			}
		}
#endif
#if LANE_PAIR
		if (direct && ln->pair) {
			int sw = ln->slot[0] != 0;  /* field 0 is y */
			size_t k = lane_pairs(ln, &c, &p, sw ? by : bx,
			    sw ? dy : dx, sw ? bx : by, sw ? dx : dy, nb,
			    LR_BATCH, &plen);
			*lines += k - nb;
			nb = k;
			if (k == LR_BATCH) {
				lane_divide(bx, by, dx, dy, &from, nb);
				*status = sink_commit(s, nb - done);
				nb = done = from = 0; /* (the batch went to the fit) */
				if (*status)
					break;
				continue;
			}
			if (ln->shaped)
				continue;
		}
#endif
		if (p >= end || (q = lane_line(ln, &c, p, v, dv, &row)) == NULL)
			break;
		if (direct) {
			bx[nb] = v[0];
			by[nb] = v[1];
			dx[nb] = dv[0];
			dy[nb] = dv[1];
			if (++nb == LR_BATCH) {
				lane_divide(bx, by, dx, dy, &from, nb);
				*status = sink_commit(s, nb - done);
				nb = done = from = 0; /* (the batch went to the fit) */
			}
		} else if (ln->echo) {
			csv_record rec;
			for (i = 0; i < ncols; i++)
				v[i] /= dv[i];
			rec.nfields = (size_t)row.nfields;
			rec.field = row.fp;
			rec.len = row.fl;
			rec.line = rec.end_line = line + *lines;
			*status = sink_echo_record(s, &rec, ln->delim, v, 1);
		} else {
			sink_count(s);
			for (i = 0; i < ng; i++)
				sink_group_value(s, i, (const char *)row.gp[i],
				    row.gl[i]);
			sink_group_ready(s, ng > 0);
			for (i = 0; i < ncols; i++)
				v[i] /= dv[i];
			*status = sink_row(s, v, name, line + *lines);
		}
		++*lines;
		p = q;
		if (*status)
			break;
	}
	if (direct && !*status) { /* (a failed flush ends the input) */
		lane_divide(bx, by, dx, dy, &from, nb);
		*status = sink_commit(s, nb - done);
	}
	return (size_t)(p - start);
}

int delimited_sink_names(struct sink *s, const struct input_opts *o,
    const struct column *cols)
{
	const char **names = calloc((size_t)o->ncols, sizeof *names);
	const char **gn = calloc((size_t)o->ngroup + 1, sizeof *gn);
	char (*gbuf)[16] = calloc((size_t)o->ngroup + 1, sizeof *gbuf);
	int status = EX_OK;

	if (!names || !gn || !gbuf) {
		status = oom();
	} else {
		delimited_names(o, cols, names, gn, gbuf);
		if (o->ngroup)
			status = sink_group_names(s, gn);
		if (!status)
			status = sink_names_or_default(s, o, names);
	}
	free(names);
	free(gn);
	free(gbuf);
	return status;
}

/* A record with a cell that is no number, reported with the reason. */
static int invalid_row(struct sink *s, const char *name,
    const csv_record *rec, const struct column *cols, int ncols, double *v)
{
	char what[300];
	delimited_values(rec, cols, ncols, v, what, sizeof what);
	return sink_invalid(s, name, rec->line, what);
}

/* The record's cells of the columns, in the sink's scratch (NULL: no memory). */
static struct cell *record_cells(struct sink *s, const csv_record *rec,
    const struct column *cols, int ncols)
{
	struct cell *c = sink_cell_room(s, ncols);
	int i;
	if (!c)
		return NULL;
	for (i = 0; i < ncols; i++) {
		size_t f = cols[i].field;
		c[i].kind = f < rec->nfields ? CELL_TEXT : CELL_ABSENT;
		c[i].p = f < rec->nfields ? rec->field[f] : "";
		c[i].len = f < rec->nfields ? rec->len[f] : 0;
		c[i].num = 0;
	}
	return c;
}

/* --fitted's second pass: the record with its fit, or left out. */
static int echo_row(struct sink *s, const csv_reader *r, const csv_record *rec,
    const struct column *cols, int ncols, double *v)
{
	struct cell *c;
	const double *d;
	if (!sink_echo_coded(s))
		return sink_echo_record(s, rec, csv_delim(r), v,
		    delimited_values(rec, cols, ncols, v, NULL, 0));
	if (!(c = record_cells(s, rec, cols, ncols)))
		return oom();
	d = sink_echo_design(s, c);
	return sink_echo_record(s, rec, csv_delim(r), d, d != NULL);
}

/*
 * A record with a cell that is no number: it may hold a missing value,
 * a level or a date, which the sink (and its model) decides.
 */
static int text_row(struct sink *s, const char *name, const csv_record *rec,
    const struct column *cols, int ncols, double *v)
{
	struct cell *c = record_cells(s, rec, cols, ncols);
	int st;
	if (!c)
		return oom();
	st = sink_cells(s, c, name, rec->line);
	return st == SINK_BAD ? invalid_row(s, name, rec, cols, ncols, v) : st;
}

/*
 * One data record: every cell parsed, or the row reported invalid.  The
 * message is made apart (invalid_row): a buffer for it here costs every
 * row a stack-protector check.
 */
static int delimited_row(struct sink *s, const char *name,
    const csv_reader *r, const csv_record *rec, const struct column *cols,
    int ncols, double *v)
{
	int i, ng = sink_ngroup(s);

	if (sink_echoing(s))
		return echo_row(s, r, rec, cols, ncols, v);
	sink_count(s);
	for (i = 0; i < ng; i++) {
		/* Group values are text; a missing field is the empty group. */
		const struct column *c = &cols[ncols + i];
		int in = c->field < rec->nfields;
		sink_group_value(s, i, in ? rec->field[c->field] : "",
		    in ? rec->len[c->field] : 0);
	}
	sink_group_ready(s, ng > 0);
	if (!delimited_values(rec, cols, ncols, v, NULL, 0))
		return text_row(s, name, rec, cols, ncols, v);
	return sink_row(s, v, name, rec->line);
}

int delimited_stream(csv_reader *r, const char *name, struct sink *s,
    const struct column *cols, int ncols, double *v, int stop_at_quote,
    int *got)
{
	struct lane *ln = malloc(sizeof *ln);
	int lane = ln && lane_setup(ln, csv_delim(r), cols, ncols, s);
	int status = EX_OK;
	/*
	 * Records to read the long way before trying the lane again: one
	 * after a line the lane left, more (doubling) when the lane keeps
	 * stopping at once, so input that is never plain costs only an
	 * occasional look.
	 */
	unsigned general = 0, backoff = 1, tick = 0;
	csv_record rec;

	*got = 1;
	for (;;) {
		const char *p, *end;

		if (lane && !general && csv_peek_lines(r, &p, &end) > 0) {
			size_t n = (size_t)(end - p), took;
			uint64_t lines;
			{
				took = lane_rows(ln, name, s, ncols,
				    (const unsigned char *)p, n,
				    csv_lines(r) + 1, v, &lines, &status);
				csv_skip_lines(r, took, lines);
				if (status)
					break;
				sink_progress(s, csv_bytes(r));
				if (took == n)
					continue;
				backoff = lines < 8 ? (backoff < LANE_BACKOFF_MAX ?
				    2 * backoff : backoff) : 1;
				general = backoff;
			}
		}
		/* One record the long way (or every record, off the lane). */
		if (general)
			general--;
		if ((*got = csv_next(r, &rec)) != 1)
			break;
		if (stop_at_quote && csv_saw_quote(r))
			break;
		if ((status = delimited_row(s, name, r, &rec, cols,
		    ncols, v)))
			break;
		if ((++tick & 0x3fff) == 0)
			sink_progress(s, csv_bytes(r));
	}
	free(ln);
	return status;
}

/* Every remaining record of r as a data row. */
static int delimited_rows(csv_reader *r, const char *name,
    const struct input_opts *o, struct sink *s, const struct column *cols)
{
	double *v = malloc((size_t)o->ncols * sizeof *v);
	int got, status;

	if (!v) {
		return oom();
	}
	status = delimited_stream(r, name, s, cols, o->ncols, v, 0, &got);
	if (got < 0 && !status)
		status = csv_failure(r, name);
	free(v);
	return status;
}

int read_delimited(csv_reader *r, const char *name,
    const struct input_opts *o, struct sink *s)
{
	csv_record rec;
	struct column *cols = calloc((size_t)o->ncols + (size_t)o->ngroup,
	    sizeof *cols);
	double *v = calloc((size_t)o->ncols, sizeof *v);
	int got, status = EX_OK, header;

	if (!cols || !v) {
		status = oom();
		goto end;
	}
	got = csv_next(r, &rec);
	if (got < 0)
		status = csv_failure(r, name);
	if (got != 1)
		goto end;
	status = delimited_header(&rec, name, o, cols, &header);
	if (!status)
		status = delimited_sink_names(s, o, cols);
	if (!status && header && sink_echoing(s))
		status = sink_echo_header(s, &rec, csv_delim(r));
	if (!status && !header)
		status = delimited_row(s, name, r, &rec, cols,
		    o->ncols, v);
	if (!status)
		status = delimited_rows(r, name, o, s, cols);
end:
	free_columns(cols, o->ncols + o->ngroup);
	free(v);
	return status;
}
