/*
 * number.h - the one strict number parser and the number printers.
 *
 * Every number linreg reads from data or from its options goes through
 * num_parse; every number it prints goes through num_format.  Neither
 * depends on the locale: linreg never calls setlocale(), so the C
 * library stays in the "C" locale whatever LC_ALL says.
 */
#ifndef LINREG_NUMBER_H
#define LINREG_NUMBER_H

#include <stddef.h>
#include <stdint.h>

enum num_result {
	NUM_OK = 0,
	NUM_EMPTY,    /* nothing but blanks: a missing value */
	NUM_SYNTAX,   /* not a plain decimal number */
	NUM_RANGE     /* too large in magnitude for a double */
};

/*
 * Parse s[0..len) as a plain decimal number: optional blanks, an
 * optional sign, digits with an optional decimal point, an optional
 * exponent, optional blanks.  Rejects inf, nan, hex floats, "1,5",
 * thousands separators and anything else strtod alone would accept or
 * half-accept.  Values too small for a normal double round to the
 * nearest subnormal or zero, as strtod does.
 */
enum num_result num_parse(const char *s, size_t len, double *out);

/*
 * As num_parse, with point as the decimal sign: '.' is num_parse
 * itself; ',' (--decimal-comma) reads "1,58" as num_parse reads "1.58",
 * bit for bit, and rejects a '.' (in such data it would be a thousands
 * separator, and a wrong number is worse than none).  No grouping, no
 * locale.
 */
enum num_result num_parse_point(const char *s, size_t len, int point,
    double *out);

/* A static English reason for a num_result ("not a number", ...). */
const char *num_reason(enum num_result r);

/*
 * Format v into buf (at least NUM_BUFSIZE bytes): with digits == 0, the
 * shortest decimal that reads back as exactly v; otherwise with that
 * many significant digits.  NaN and infinities are written as "NaN",
 * "Inf", "-Inf"; callers decide how to show an undefined value.
 */
#define NUM_BUFSIZE 40
char *num_format(char *buf, double v, int digits);

/* num_format, returning the length of what it wrote (for writers that
 * build lines: no strlen after it). */
size_t num_format_len(char *buf, double v, int digits);

/*
 * A byte count as options take it: digits, then optionally K, M or G
 * (binary: 1024, 1024^2, 1024^3; KiB, MiB, GiB also read).  Returns 0
 * and *out, or -1 for anything else, for 0, and for more than 2^62.
 */
int num_parse_size(const char *s, uint64_t *out);

/* A byte count for messages: "64 MiB", "1 KiB", "1000 bytes" (buf of
 * NUM_BUFSIZE bytes). */
char *num_format_size(char *buf, uint64_t n);

#endif
