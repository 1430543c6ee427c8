/*
 * datetime.h - ISO 8601 dates and date-times as seconds since the Unix
 * epoch (1970-01-01T00:00:00Z), so a date can be a predictor.
 *
 * Pure: no I/O, no locale, no time zone database, no allocation but for
 * fractions of more than 64 digits.  Apart from the readers so that CSV
 * cells, JSON strings and --predict values share one grammar, with its
 * own unit test (tests/unit/test_datetime.c) against Python's datetime
 * and GNU date.
 *
 * The grammar (the whole text, after optional blanks around it; never a
 * partial match):
 *
 *   date       YYYY-MM-DD                       (years 0000 to 9999,
 *                                                proleptic Gregorian)
 *   date-time  date SEP HH:MM[:SS[.F...]] [zone]
 *   SEP        'T', 't' or one space            (RFC 3339 allows 't'
 *                                                and the space)
 *   F...       one or more digits, any number   (',' may stand for '.',
 *                                                as ISO 8601 allows)
 *   zone       'Z', 'z', +HH:MM, -HH:MM, +HHMM, -HHMM, +HH, -HH
 *
 * Ranges are checked: month 01-12, day within its month (29 February
 * only in leap years), hour 00-23, minute 00-59, second 00-59, offset
 * hours 00-23 and minutes 00-59.  Not accepted, on purpose: 24:00 (the
 * next day's 00:00 says the same thing without doubt) and a leap second
 * :60 (POSIX time has no number for it; accepting it would give the
 * same value as the next second's :00).  Without a zone a date-time is
 * UTC, as is a date (its midnight, UTC): the data's own time zone is
 * not known, and the local zone of the machine that happens to read the
 * file must not change the fit.
 */
#ifndef LINREG_DATETIME_H
#define LINREG_DATETIME_H

#include <stddef.h>

/* What datetime_parse read: a date alone, or a date and a time. */
enum datetime_kind {
	DATETIME_NONE = 0,  /* not a date: the value is untouched */
	DATETIME_DATE,      /* YYYY-MM-DD */
	DATETIME_TIME       /* a date and a time of day */
};

/*
 * s[0..len) as seconds since the epoch, UTC, into *out: the correctly
 * rounded double of the exact value (integer seconds are exact; with a
 * fraction, rounded once, to nearest, ties to even).  Returns 1, or 0
 * when s is not a date or date-time of the grammar above (*out is then
 * untouched).  Returns 0 also when a long fraction cannot be allocated
 * (more than 64 digits; never in practice).
 */
int datetime_parse(const char *s, size_t len, double *out);

/* As datetime_parse, and says whether it read a date alone or a
 * date-time (a caller's report can say "date" or "date-time"). */
enum datetime_kind datetime_parse_kind(const char *s, size_t len,
    double *out);

#endif
