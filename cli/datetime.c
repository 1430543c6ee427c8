/*
 * datetime.c - ISO 8601 dates and date-times as epoch seconds; see
 * datetime.h for the grammar and the choices.
 *
 * Why by hand: strptime() and timegm() are not in C99 (timegm is not
 * even POSIX), mktime() reads the local time zone, and none of them
 * takes fractional seconds or a numeric offset.  The day count is
 * Howard Hinnant's days_from_civil (exact integer arithmetic, any year);
 * the whole seconds are then an exact integer below 2^39.  A fraction
 * is added in decimal, not in floating point: the exact value is
 * written as one decimal string and read by strtod once, so it is
 * rounded once (adding a rounded fraction to the seconds would round
 * twice: 1700000000.123456789 would then be off by one unit in the
 * last place for some fractions).  strtod reads '.' whatever LC_ALL
 * says because linreg never calls setlocale() (number.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"

/* Exactly n digits at p (before end) into *v; 0 when there are not. */
static int fixed_digits(const char *p, const char *end, int n, int *v)
{
	int i;

	if (end - p < n)
		return 0;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		*v = *v * 10 + (p[i] - '0');
	}
	return 1;
}

static int is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (Hinnant). */
static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* YYYY-MM-DD at p: its day number into *days; 0 when it is not one. */
static int read_date(const char *p, const char *end, long long *days)
{
	int y, m, d;

	if (!fixed_digits(p, end, 4, &y) || end - p < 10 || p[4] != '-' ||
	    !fixed_digits(p + 5, end, 2, &m) || p[7] != '-' ||
	    !fixed_digits(p + 8, end, 2, &d))
		return 0;
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return 0;
	*days = days_from_civil(y, m, d);
	return 1;
}

/*
 * The zone at *pp (none, Z, +-HH[[:]MM]) as seconds east of UTC into
 * *off, *pp moved past it; 0 when it is malformed or out of range.
 */
static int read_zone(const char **pp, const char *end, long long *off)
{
	const char *p = *pp;
	int h, m = 0, neg;

	*off = 0;
	if (p == end)
		return 1;
	if (*p == 'Z' || *p == 'z') {
		*pp = p + 1;
		return 1;
	}
	if (*p != '+' && *p != '-')
		return 0;
	neg = *p++ == '-';
	if (!fixed_digits(p, end, 2, &h))
		return 0;
	p += 2;
	if (p < end && *p == ':') {
		if (!fixed_digits(p + 1, end, 2, &m))
			return 0;
		p += 3;
	} else if (p < end) {
		if (!fixed_digits(p, end, 2, &m))
			return 0;
		p += 2;
	}
	if (h > 23 || m > 59)
		return 0;
	*off = (neg ? -1 : 1) * (h * 3600LL + m * 60LL);
	*pp = p;
	return 1;
}

/*
 * whole + 0.F (F: the n digits at frac, the last not '0') as the
 * correctly rounded double: one decimal string, one strtod.  For a
 * negative whole, whole + 0.F = -((-whole - 1) + (1 - 0.F)), and
 * 1 - 0.F in decimal is the digits' complement: 9 - d for each digit,
 * 10 - d for the last (never 0, so no borrow).
 */
static int add_fraction(long long whole, const char *frac, size_t n,
    double *out)
{
	char small[96], *buf = small, *q;
	size_t i;
	int len;

	if (n + 32 > sizeof small) {
		buf = malloc(n + 32);
		if (!buf)
			return 0;
	}
	if (whole >= 0)
		len = snprintf(buf, 32, "%lld.", whole);
	else
		len = snprintf(buf, 32, "-%lld.", -whole - 1);
	q = buf + len;
	for (i = 0; i < n; i++)
		q[i] = whole >= 0 ? frac[i] :
		    (char)('0' + (i + 1 < n ? 9 : 10) - (frac[i] - '0'));
	q[n] = '\0';
	*out = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return 1;
}

/* The time of day at p (after the separator) to the end, zone included:
 * the seconds of the day less the offset into *secs, a fraction's
 * digits into *frac and *nfrac (trailing zeros dropped). */
static int read_time(const char *p, const char *end, long long *secs,
    const char **frac, size_t *nfrac)
{
	int h, mi, s = 0;
	long long off;

	*nfrac = 0;
	if (!fixed_digits(p, end, 2, &h) || end - p < 5 || p[2] != ':' ||
	    !fixed_digits(p + 3, end, 2, &mi) || h > 23 || mi > 59)
		return 0;
	p += 5;
	if (p < end && *p == ':') {
		if (!fixed_digits(p + 1, end, 2, &s) || s > 59)
			return 0;
		p += 3;
		if (p < end && (*p == '.' || *p == ',')) {
			*frac = ++p;
			while (p < end && *p >= '0' && *p <= '9')
				p++;
			*nfrac = (size_t)(p - *frac);
			if (*nfrac == 0)
				return 0;
			while (*nfrac && (*frac)[*nfrac - 1] == '0')
				(*nfrac)--;
		}
	}
	if (!read_zone(&p, end, &off) || p != end)
		return 0;
	*secs = h * 3600LL + mi * 60LL + s - off;
	return 1;
}

enum datetime_kind datetime_parse_kind(const char *s, size_t len,
    double *out)
{
	const char *p = s, *end = s + len, *frac = NULL;
	long long days, secs;
	size_t nfrac;

	/* Cheap rejection first: most cells that reach here are text. */
	if (len < 10)
		return DATETIME_NONE;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (!read_date(p, end, &days))
		return DATETIME_NONE;
	p += 10;
	if (p == end) {
		*out = (double)(days * 86400);
		return DATETIME_DATE;
	}
	if (*p != 'T' && *p != 't' && *p != ' ')
		return DATETIME_NONE;
	if (!read_time(p + 1, end, &secs, &frac, &nfrac))
		return DATETIME_NONE;
	secs += days * 86400;
	if (nfrac == 0)
		*out = (double)secs;
	else if (!add_fraction(secs, frac, nfrac, out))
		return DATETIME_NONE;
	return DATETIME_TIME;
}

int datetime_parse(const char *s, size_t len, double *out)
{
	return datetime_parse_kind(s, len, out) != DATETIME_NONE;
}
