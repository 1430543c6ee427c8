/*
 * json_scan.c - a flat JSON record of numbers, read straight from the
 * bytes (see json_scan.h).
 *
 * Cut from read_json.c because it is the one part that looks at bytes
 * for speed and can be tested alone against strtod and a grammar; the
 * reader keeps the framing, the columns and the sink.
 *
 * Every element through cJSON cost about 8400 instructions for a point
 * {"x": .., "y": ..} (a tree of three nodes, a strict re-scan, a key
 * search, the duplicate check): some 63 MB/s.  Here a record is one
 * pass with no allocation; numbers take 8 digits a time (number_plain.h's
 * SWAR) and one exact multiplication or division (Clinger's fast path),
 * with num_parse (strtod) for the rest.  Scanning keys and blanks byte
 * by byte still cost as much as the numbers (1070 instructions a point,
 * callgrind), so a record of the shape of the one before is checked 8
 * bytes at a time instead (jscan_shaped: 630).  The numbers are now
 * most of it (about 125 instructions each); SIMD for them was not
 * tried.
 */
#include <string.h>

#include "json_scan.h"
#include "number.h"
#include "number_plain.h"

static int js_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A number the short way does not take (8 digits or more in a part, a
 * long exponent): its grammar byte by byte, then num_parse, whose value
 * is strtod's.  cJSON copies at most 63 bytes of a number before strtod,
 * so a longer one is left to it.
 */
static const char *number_long(const unsigned char *s, double *v, int *ok)
{
	const unsigned char *p = s;
	p += *p == '-';
	if (*p == '0')
		p++;
	else if (js_digit(*p))
		while (js_digit(*p))
			p++;
	else
		return NULL;
	if (*p == '.') {
		if (!js_digit(*++p))
			return NULL;
		while (js_digit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '+' || *p == '-';
		if (!js_digit(*p))
			return NULL;
		while (js_digit(*p))
			p++;
	}
	if (p - s > 63)
		return NULL;
	*ok = num_parse((const char *)s, (size_t)(p - s), v) == NUM_OK;
	return (const char *)p;
}

/*
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?: up to 7 digits before
 * and after the point and 4 in the exponent, one load of 8 bytes each;
 * w < 10^14 is exact, and with a power of ten up to 10^22 (exact too)
 * one operation rounds once, as strtod does.  The sign, the point and
 * the digits' count take no branch: in data of random signs and widths
 * a branch on them would be mispredicted often.
 */
static inline const char *number(const char *s, double *v, int *ok)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t w, x, bits;
	int neg = *p == '-', ni, nf, dot, e10;
	double d;

	p += neg;
	x = np_load8(p);
	ni = np_digits8(x);
	if (ni == 0 || (*p == '0' && ni > 1))
		return NULL; /* no digit; a leading zero */
	if (ni == 8)
		return number_long((const unsigned char *)s, v, ok);
	w = np_value8(x, ni);
	p += ni;
	dot = *p == '.';
	x = np_load8(p + 1);
	nf = np_digits8(x) & -dot; /* 0 without a point */
	if (dot && (nf == 0 || nf == 8))
		return nf ? number_long((const unsigned char *)s, v, ok) : NULL;
	w = w * np_pow10[nf] + np_value8(x, nf);
	p += dot + nf;
	e10 = -nf;
	d = (double)w;
	if ((*p | 0x20) == 'e') {
		int eneg, ne;
		p++;
		eneg = *p == '-';
		p += *p == '+' || *p == '-';
		x = np_load8(p);
		ne = np_digits8(x);
		if (ne == 0)
			return NULL;
		e10 += eneg ? -(int)np_value8(x, ne) : (int)np_value8(x, ne);
		if (ne > 4 || e10 < -22 || e10 > 22)
			return number_long((const unsigned char *)s, v, ok);
		p += ne;
		if (e10 > 0) {
			d *= np_pow10d[e10]; /* the one rounding */
			e10 = 0;
		}
	}
	d /= np_pow10d[-e10];
	/* -(w / 10^k) == -w / 10^k: rounding to nearest is symmetric */
	memcpy(&bits, &d, sizeof bits);
	bits |= (uint64_t)neg << 63;
	memcpy(v, &bits, sizeof bits);
	*ok = 1;
	return (const char *)p;
}

const char *jscan_number(const char *s, double *v, int *ok)
{
	return number(s, v, ok);
}

/* JSON's blanks; *nl counts line ends, refused (NULL) without lf. */
static const unsigned char *ws(const unsigned char *p, int lf, unsigned *nl)
{
	for (; *p <= ' '; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r')
			continue;
		if (*p != '\n')
			return p;
		if (!lf)
			return NULL;
		(*nl)++;
	}
	return p;
}

/*
 * A string at p (its opening quote) with no escape and no control
 * character (cJSON would take those too, but the fast path keeps
 * strings that are their own bytes): *s, *len, and the byte after it.
 */
static const unsigned char *string(const unsigned char *p,
    const char **s, size_t *len)
{
	const unsigned char *q = ++p;
	while (*q >= 0x20 && *q != '"' && *q != '\\')
		q++;
	if (*q != '"')
		return NULL;
	*s = (const char *)p;
	*len = (size_t)(q - p);
	return q + 1;
}

/* A value that is no array or object, into m. */
static const unsigned char *value(const unsigned char *p,
    struct jscan_member *m)
{
	const unsigned char *e;
	m->val = (const char *)p;
	switch (*p) {
	case '"':
		m->kind = JSCAN_STRING;
		return string(p, &m->val, &m->vlen);
	case 'n':
		m->kind = JSCAN_NULL;
		e = memcmp(p, "null", 4) ? NULL : p + 4;
		break;
	case 't':
		m->kind = JSCAN_TRUE;
		e = memcmp(p, "true", 4) ? NULL : p + 4;
		break;
	case 'f':
		m->kind = JSCAN_FALSE;
		e = memcmp(p, "false", 5) ? NULL : p + 5;
		break;
	default:
		m->kind = JSCAN_NUMBER;
		e = (const unsigned char *)number((const char *)p, &m->num,
		    &m->ok);
		break;
	}
	if (e)
		m->vlen = (size_t)(e - p);
	return e;
}

/* Whether a key of the n members before m[n] is m[n]'s. */
static int seen_key(const struct jscan_member *m, int n)
{
	int i;
	for (i = 0; i < n; i++)
		if (m[i].klen == m[n].klen && jscan_same(m[i].key, m[n].key,
		    m[n].klen))
			return 1;
	return 0;
}

const char *jscan_row(const char *s, int lf, struct jscan_row *row)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char close = *p == '{' ? '}' : ']';
	int n = 0;

	row->object = *p == '{';
	row->nl = 0;
	if (!row->object && *p != '[')
		return NULL;
	if (!(p = ws(p + 1, lf, &row->nl)))
		return NULL;
	if (*p == close)
		return NULL; /* empty: no column is there */
	for (;;) {
		struct jscan_member *m = &row->m[n];
		if (n == JSCAN_MAXMEM)
			return NULL;
		m->key = NULL;
		m->klen = 0;
		if (row->object) {
			if (*p != '"' || !(p = string(p, &m->key, &m->klen)) ||
			    !(p = ws(p, lf, &row->nl)) || *p != ':' ||
			    !(p = ws(p + 1, lf, &row->nl)))
				return NULL;
			if (seen_key(row->m, n))
				return NULL;
		}
		if (!(p = value(p, m)) || !(p = ws(p, lf, &row->nl)))
			return NULL;
		n++;
		if (*p == close)
			break;
		if (*p != ',' || !(p = ws(p + 1, lf, &row->nl)))
			return NULL;
	}
	row->n = n;
	return (const char *)p + 1;
}

int jscan_learn(struct jscan_shape *sh, const char *p, const char *e,
    const struct jscan_row *row)
{
	size_t at = 0, n;
	int i;
	for (i = 0; i <= row->n; i++) {
		const char *to = i < row->n ? row->m[i].val : e;
		if (i < row->n && row->m[i].kind != JSCAN_NUMBER)
			return 0;
		n = (size_t)(to - p);
		if (at + n > JSCAN_SHAPE_BYTES)
			return 0;
		memcpy(sh->text + at, p, n);
		sh->off[i] = (uint16_t)at;
		sh->len[i] = (uint16_t)n;
		at += n;
		if (i < row->n)
			p = row->m[i].val + row->m[i].vlen;
	}
	memset(sh->text + at, 0, 16);
	sh->n = row->n;
	sh->object = row->object;
	sh->nl = row->nl;
	return 1;
}

/* Bits of the first n (1..8) bytes of a load. */
static inline uint64_t low_bytes(size_t n)
{
	return n >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * n)) - 1;
}

/* Whether the n bytes at p are those at t (16 readable bytes at each). */
static inline int same_bytes(const unsigned char *p, const unsigned char *t,
    size_t n)
{
	if (n > 16)
		return jscan_same((const char *)p, (const char *)t, n);
	if (n > 8)
		return np_load8(p) == np_load8(t) &&
		    !((np_load8(p + 8) ^ np_load8(t + 8)) & low_bytes(n - 8));
	return !((np_load8(p) ^ np_load8(t)) & low_bytes(n));
}

const char *jscan_shaped(const struct jscan_shape *sh, const char *s,
    struct jscan_row *row)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *t = (const unsigned char *)sh->text;
	int i;
	for (i = 0; i < sh->n; i++) {
		struct jscan_member *m = &row->m[i];
		const char *e;
		if (!same_bytes(p, t + sh->off[i], sh->len[i]))
			return NULL;
		p += sh->len[i];
		m->val = (const char *)p;
		if (!(e = number((const char *)p, &m->num, &m->ok)))
			return NULL;
		m->vlen = (size_t)(e - m->val);
		m->kind = JSCAN_NUMBER;
		m->key = NULL;
		p = (const unsigned char *)e;
	}
	if (!same_bytes(p, t + sh->off[i], sh->len[i]))
		return NULL;
	row->n = sh->n;
	row->object = sh->object;
	row->nl = sh->nl;
	return (const char *)p + sh->len[i];
}
