/*
 * json_scan.h - a flat JSON record of numbers, read straight from the
 * bytes: the fast path of read_json.c.
 *
 * jscan_row() takes one array element or NDJSON line when it is an
 * object of plain members ({"x": 1.5, "y": -2e3}) or an array of plain
 * values ([1.5, -2e3]): numbers, strings without escapes, true, false
 * and null, at most JSCAN_MAXMEM of them, no key twice.  Anything else
 * (a nested value, an escape, a control character, a number JSON does
 * not allow or cJSON would read differently, the end of the buffer)
 * makes it return NULL, and read_json.c gives the element to cJSON,
 * which decides it as it always did: this scanner never rejects what
 * the other path takes, nor takes what it rejects.
 *
 * Numbers get strtod's value bit for bit (jscan_number, tested against
 * strtod by tests/unit/test_json_scan.c).
 */
#ifndef LINREG_JSON_SCAN_H
#define LINREG_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Most members of a record the fast path takes. */
#define JSCAN_MAXMEM 16

/*
 * Bytes the buffer must hold after the byte that ends the input (a NUL
 * the caller puts at the end): loads of 8 bytes start at most there.
 */
#define JSCAN_PAD 16

enum jscan_kind { JSCAN_NUMBER, JSCAN_STRING, JSCAN_NULL, JSCAN_TRUE,
	JSCAN_FALSE };

struct jscan_member {
	const char *key;    /* an object's member: its key's bytes, else NULL */
	const char *val;    /* the value's text: a string's bytes between the
	                       quotes, a number's or literal's token */
	size_t klen, vlen;
	enum jscan_kind kind;
	int ok;             /* JSCAN_NUMBER: num holds its value, finite */
	double num;
};

struct jscan_row {
	int object;         /* 1: an object, 0: an array */
	int n;              /* members */
	unsigned nl;        /* line ends inside the value */
	struct jscan_member m[JSCAN_MAXMEM];
};

/* Whether the n bytes at a and b are the same (keys are short: no call). */
static inline int jscan_same(const char *a, const char *b, size_t n)
{
	while (n > 0 && *a == *b)
		a++, b++, n--;
	return n == 0;
}

/*
 * The flat object or array at p (its '{' or '['), whose buffer ends in
 * a NUL followed by JSCAN_PAD readable bytes.  With lf 0 a line end
 * inside the value is refused (NDJSON: a value is one line).  Returns
 * the byte after the closing bracket, or NULL for anything the fast
 * path does not take.
 */
const char *jscan_row(const char *p, int lf, struct jscan_row *row);

/*
 * The shape of a record whose values are all numbers: the bytes around
 * them ("{\"x\": ", ", \"y\": ", "}"), learnt from one record that
 * jscan_row took.  A record of that shape has the same keys in the same
 * order with the same blanks, so it is as valid as the learnt one if
 * its numbers are: jscan_shaped checks the bytes between its numbers
 * (8 at a time) and parses the numbers, with no key or blank looked at
 * one by one.  Machines write every record of a file alike.
 */
#define JSCAN_SHAPE_BYTES 240

struct jscan_shape {
	int n, object;
	unsigned nl;
	uint16_t off[JSCAN_MAXMEM + 1], len[JSCAN_MAXMEM + 1];
	char text[JSCAN_SHAPE_BYTES + 16]; /* the bytes, then 16 zeros */
};

/*
 * Learn sh from the record [p, e) that jscan_row took into row: 1, or
 * 0 when a value is not a number or the bytes around them are too many.
 */
int jscan_learn(struct jscan_shape *sh, const char *p, const char *e,
    const struct jscan_row *row);

/*
 * The record at p (buffer as jscan_row's) when it has the shape sh:
 * its numbers in row (members without keys: they are sh's, in order),
 * and the byte after it; NULL when it has not that shape.
 */
const char *jscan_shaped(const struct jscan_shape *sh, const char *p,
    struct jscan_row *row);

/*
 * The JSON number at p, buffer as above: the byte after it, or NULL
 * when p does not start one (or one longer than 63 bytes, which cJSON
 * reads only in part).  *ok is 1 with *v its value as strtod reads it,
 * or 0 when that is not a finite double.
 */
const char *jscan_number(const char *p, double *v, int *ok);

#endif
