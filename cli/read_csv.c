/*
 * read_csv.c - streaming reader for CSV (RFC 4180), TSV and
 * whitespace-separated input.
 *
 * Buffering: bytes arrive with read(2) into a single buffer (256 KiB to
 * start); buf[pos..end) is the data not yet handed out.  A record is taken
 * in two steps:
 *
 *  1. scan_record() looks for the LF that ends the record, tracking the
 *     quote state.  Where the scan stopped, the quote state and the count
 *     of quoted newlines are kept in the reader, so when the buffered data
 *     runs out the scan resumes where it left off after the next read;
 *     a record spanning many refills is scanned once (linear time).
 *     Before a read, if the buffer is full, the unfinished record is moved
 *     to the front; only when it alone fills the buffer is the buffer
 *     doubled.  Memory is thus bounded by the longest record, not by the
 *     length of the input, and each record is moved at most once.
 *
 *  2. split_record() cuts the complete record into fields and removes the
 *     quotes in place: a field's unescaped bytes never outrun its raw
 *     bytes, so each field is written over itself and NUL-terminated where
 *     its delimiter, closing quote or line end was.  One byte past the
 *     data is always kept free, so the last field of an input that does
 *     not end in a newline can be terminated too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read_csv.h"

#ifndef CSV_BUFSIZE	/* tests may shrink it to stress refills */
#define CSV_BUFSIZE ((size_t)256 * 1024)
#endif

/*
 * Bytes kept readable (and initialised) after the buffer, so the fast
 * lane's number parser may load 8 bytes at a time up to a line's end.
 */
#define CSV_SLACK 16

/* Quote state of the record-end scan. */
enum { S_START, S_UNQ, S_Q, S_QQ };	/* field start, unquoted, quoted, quote seen in quoted */

struct csv_reader {
	int fd, delim;
	unsigned char *buf;
	size_t cap;		/* buffer size; buf[end] is always writable */
	size_t pos, end;	/* unconsumed data: buf[pos..end) */
	size_t scan;		/* where scan_record() stopped in the current record */
	int state;		/* quote state at scan */
	int comment;		/* current record is a comment line */
	int started, eof;
	uint64_t nl;		/* LFs inside quotes in the current record so far */
	uint64_t qline;		/* line where the open quoted field started */
	uint64_t line;		/* line where the next record starts */
	uint64_t base;		/* stream offset of buf[0] */
	char **field;
	size_t *len;
	size_t fcap;		/* room in field[] and len[] */
	const char *err;
	int errnum;
	uint64_t errline;
	char errbuf[128];
	int ranged;		/* reading [roff, rend) of the file with pread */
	uint64_t roff, rend;
	int saw_quote;		/* a quoted field was seen */
};

/* Record an error; it is sticky.  Returns -1 for the caller to pass on. */
static int fail(csv_reader *r, const char *msg, int errnum, uint64_t line)
{
	r->err = msg;
	r->errnum = errnum;
	r->errline = line;
	return -1;
}

/* Count the LF bytes in p[0..n). */
static uint64_t count_lf(const unsigned char *p, size_t n)
{
	const unsigned char *e = p + n;
	uint64_t k = 0;

	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/* Read more bytes after the data, first making room by moving the
 * unconsumed bytes to the front or, if they fill the buffer, doubling it.
 * Returns the number of bytes read, 0 at end of input, -1 on error. */
static ssize_t fill(csv_reader *r)
{
	ssize_t n;
	unsigned char *nb;

	if (r->eof)
		return 0;
	if (r->end + 1 >= r->cap) {
		if (r->pos > 0) {
			memmove(r->buf, r->buf + r->pos, r->end - r->pos);
			r->base += r->pos;
			r->end -= r->pos;
			r->scan -= r->pos;
			r->pos = 0;
		} else {
			if (r->cap > (size_t)-1 / 4 ||
			    !(nb = realloc(r->buf, r->cap * 2 + CSV_SLACK)))
				return fail(r, "out of memory", ENOMEM, r->line);
			memset(nb + r->cap, 0, r->cap + CSV_SLACK);
			r->buf = nb;
			r->cap *= 2;
		}
	}
	do {
		if (r->ranged) {
			/* A byte range of a file: pread up to its end. */
			size_t room = r->cap - 1 - r->end;
			uint64_t left = r->rend - r->roff;
			n = pread(r->fd, r->buf + r->end, left < room ? (size_t)left
			    : room, (off_t)r->roff);
			if (n > 0)
				r->roff += (uint64_t)n;
		} else {
			n = read(r->fd, r->buf + r->end, r->cap - 1 - r->end);
		}
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(r->errbuf, sizeof r->errbuf, "cannot read: %s",
		    strerror(errno));
		return fail(r, r->errbuf, errno, r->line);
	}
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return n;
}

/* Continue the search for the LF ending the current record from r->scan.
 * Returns 1 with *stop set to its offset, or 0 when the buffered data ran
 * out first (the scan position and quote state are saved). */
static int scan_record(csv_reader *r, size_t *stop)
{
	unsigned char *b = r->buf, *q;
	size_t i = r->scan, n = r->end;
	int st = r->state, plain = r->comment || r->delim == CSV_WHITESPACE;

	if (st != S_Q) {
		/* Fast path: a line end with no quote before it. */
		q = memchr(b + i, '\n', n - i);
		if (q && (plain || !memchr(b + i, '"', (size_t)(q - b) - i))) {
			*stop = (size_t)(q - b);
			return 1;
		}
		if (plain) {
			r->scan = n;
			return 0;
		}
	}
	while (i < n) {
		if (st == S_Q) {
			/* Jump to the next quote, counting newlines. */
			q = memchr(b + i, '"', n - i);
			r->nl += count_lf(b + i, (q ? (size_t)(q - b) : n) - i);
			if (!q) {
				i = n;
				break;
			}
			i = (size_t)(q - b) + 1;
			st = S_QQ;
			continue;
		}
		if (b[i] == '\n') {
			*stop = i;
			return 1;
		}
		if (b[i] == '"' && st == S_START) {
			r->saw_quote = 1;
			r->qline = r->line + r->nl;
			st = S_Q;
		} else if (b[i] == '"' && st == S_QQ) {
			st = S_Q;	/* "" inside a quoted field */
		} else {
			st = (int)b[i] == r->delim ? S_START : S_UNQ;
		}
		i++;
	}
	r->scan = i;
	r->state = st;
	return 0;
}

/* Store field i (n bytes at f), growing the field arrays as needed. */
static int push(csv_reader *r, size_t i, unsigned char *f, size_t n)
{
	char **nf;
	size_t *nl;

	if (i == r->fcap) {
		if (r->fcap > (size_t)-1 / 2 / sizeof *r->field)
			return fail(r, "out of memory", ENOMEM, r->line);
		/* NOLINTNEXTLINE(clang-analyzer-optin.portability.UnixAPI): fcap starts at 64, never 0 */
		if (!(nf = realloc(r->field, 2 * r->fcap * sizeof *nf)))
			return fail(r, "out of memory", ENOMEM, r->line);
		r->field = nf;
		if (!(nl = realloc(r->len, 2 * r->fcap * sizeof *nl)))
			return fail(r, "out of memory", ENOMEM, r->line);
		r->len = nl;
		r->fcap *= 2;
	}
	r->field[i] = (char *)f;
	r->len[i] = n;
	return 0;
}

/* Is buf[s..e) empty or only blanks and CRs?  A blank that is the
 * delimiter (a tab in TSV) separates fields, so it does not count. */
static int is_blank(const csv_reader *r, size_t s, size_t e)
{
	for (; s < e; s++) {
		int c = r->buf[s];
		if ((c != ' ' && c != '\t' && c != '\r') || c == r->delim)
			return 0;
	}
	return 1;
}

/* Split the complete record buf[s..e) (line end removed) into fields,
 * unquoting in place.  Returns the number of fields, or -1 on error. */
static long split_record(csv_reader *r, size_t s, size_t e, uint64_t line)
{
	unsigned char *b = r->buf, *p = b + s, *end = b + e, *f, *w, *q;
	size_t nf = 0;
	int last;

	if (r->delim == CSV_WHITESPACE) {
		for (;;) {
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p == end)
				break;
			for (f = p; p < end && *p != ' ' && *p != '\t'; p++)
				;
			if (push(r, nf++, f, (size_t)(p - f)) < 0)
				return -1;
			last = p == end;
			*p++ = 0;
			if (last)
				break;
		}
		return (long)nf;
	}
	for (;;) {
		f = w = p;
		if (p < end && *p == '"') {
			for (p++;;) {
				q = memchr(p, '"', (size_t)(end - p));
				if (!q)		/* cannot happen: the scan saw it close */
					return fail(r, "unterminated quoted field", 0, line);
				memmove(w, p, (size_t)(q - p));
				w += q - p;
				p = q + 1;
				if (p < end && *p == '"') {
					*w++ = '"';
					p++;
				} else {
					break;
				}
			}
			if (p < end && (int)*p != r->delim)
				return fail(r, "unexpected character after closing quote",
				    0, line + count_lf(b + s, (size_t)(p - b) - s));
		} else {
			q = memchr(p, r->delim, (size_t)(end - p));
			p = w = q ? q : end;
		}
		if (push(r, nf++, f, (size_t)(w - f)) < 0)
			return -1;
		*w = 0;
		if (p == end)
			break;
		p++;
	}
	return (long)nf;
}

/* Allocate a reader with a 256 KiB buffer. */
csv_reader *csv_open(int fd, int delim)
{
	csv_reader *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->fd = fd;
	r->delim = delim;
	r->line = 1;
	r->cap = CSV_BUFSIZE;
	r->fcap = 64;
	r->buf = calloc(1, r->cap + CSV_SLACK);
	r->field = malloc(r->fcap * sizeof *r->field);
	r->len = malloc(r->fcap * sizeof *r->len);
	if (!r->buf || !r->field || !r->len) {
		csv_close(r);
		return NULL;
	}
	return r;
}

/* As csv_open, for bytes [start, end) of the file fd, read with pread. */
csv_reader *csv_open_range(int fd, int delim, uint64_t start, uint64_t end)
{
	csv_reader *r = csv_open(fd, delim);
	if (!r)
		return NULL;
	r->ranged = 1;
	r->roff = start;
	r->rend = end;
	r->started = start > 0; /* a BOM can only be at the start */
	return r;
}

int csv_delim(const csv_reader *r)
{
	return r->delim;
}

int csv_saw_quote(const csv_reader *r)
{
	return r->saw_quote;
}

uint64_t csv_lines(const csv_reader *r)
{
	return r->line - 1;
}

/* As csv_open, with n bytes already read from fd handed back first. */
csv_reader *csv_open_prefix(int fd, int delim, const char *prefix, size_t n)
{
	csv_reader *r = csv_open(fd, delim);

	if (!r || n == 0)
		return r;
	if (n + 1 > r->cap) {
		unsigned char *nb = realloc(r->buf, n + 1 + CSV_SLACK);
		if (!nb) {
			csv_close(r);
			return NULL;
		}
		memset(nb + r->cap, 0, n + 1 + CSV_SLACK - r->cap);
		r->buf = nb;
		r->cap = n + 1;
	}
	memcpy(r->buf, prefix, n);
	r->end = n;
	return r;
}

/* Find the next record that is neither blank nor a comment, and split it. */
int csv_next(csv_reader *r, csv_record *rec)
{
	size_t s, e, stop;
	ssize_t n = 0;
	uint64_t line;
	long nf;

	if (r->err)
		return -1;
	if (!r->started) {
		/* Skip a UTF-8 BOM; it may arrive in pieces from a pipe. */
		r->started = 1;
		while (r->end < 3 && (n = fill(r)) > 0)
			;
		if (n < 0)
			return -1;
		if (r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
			r->pos = 3;
	}
	for (;;) {
		if (r->pos == r->end) {
			r->base += r->pos;
			r->pos = r->end = 0;
			if ((n = fill(r)) <= 0)
				return (int)n;
		}
		r->scan = r->pos;
		r->state = S_START;
		r->nl = 0;
		r->comment = r->buf[r->pos] == '#';
		while (!scan_record(r, &stop)) {
			if ((n = fill(r)) < 0)
				return -1;
			if (n == 0) {
				if (r->state == S_Q)
					return fail(r, "unterminated quoted field",
					    0, r->qline);
				stop = r->end;
				break;
			}
		}
		s = r->pos;
		e = stop;
		line = r->line;
		r->line += r->nl + 1;
		if (stop < r->end) {	/* ends with LF: drop it and a CR before it */
			r->pos = stop + 1;
			if (e > s && r->buf[e - 1] == '\r')
				e--;
		} else {
			r->pos = stop;
		}
		if (r->comment || is_blank(r, s, e))
			continue;
		if ((nf = split_record(r, s, e, line)) < 0)
			return -1;
		rec->nfields = (size_t)nf;
		rec->field = r->field;
		rec->len = r->len;
		rec->line = line;
		rec->end_line = line + r->nl;
		return 1;
	}
}

/*
 * The fast lane: the buffered bytes from the next record up to the last
 * complete line, reading more when there is none yet.  Leaves long and
 * last lines, the BOM and every error to csv_next().
 */
int csv_peek_lines(csv_reader *r, const char **p, const char **end)
{
	size_t i;
	ssize_t n;

	if (r->err)
		return -1;
	if (!r->started)
		return 0;
	for (;;) {
		for (i = r->end; i > r->pos && r->buf[i - 1] != '\n'; i--)
			;
		if (i > r->pos) {
			*p = (const char *)r->buf + r->pos;
			*end = (const char *)r->buf + i;
			return 1;
		}
		/* No whole line: read more, unless it is a long one. */
		if (r->eof || r->end - r->pos >= r->cap / 2)
			return 0;
		if ((n = fill(r)) <= 0)
			return n < 0 ? -1 : 0;
	}
}

void csv_skip_lines(csv_reader *r, size_t bytes, uint64_t lines)
{
	r->pos += bytes;
	r->line += lines;
}

/* Describe the last error, NULL if none. */
const char *csv_error(const csv_reader *r)
{
	return r->err;
}

/* Line of the last error. */
uint64_t csv_error_line(const csv_reader *r)
{
	return r->errline;
}

/* errno of the last error, 0 for format errors. */
int csv_errno(const csv_reader *r)
{
	return r->errnum;
}

/* Bytes consumed: the stream offset of the unconsumed data. */
uint64_t csv_bytes(const csv_reader *r)
{
	return r->base + r->pos;
}

/* Free the reader and its buffers (not the fd). */
void csv_close(csv_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->field);
	free(r->len);
	free(r);
}
