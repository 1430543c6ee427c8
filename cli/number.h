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

#endif
