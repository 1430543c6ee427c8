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
 *     length of the input, and each record is moved at most once; and
 *     a record longer than the limit (csv_set_max_record) is an error
 *     as soon as that many of its bytes are in, so no input can make
 *     the buffer grow further (a file of NUL bytes has no line end).
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

#include "number.h"
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
	uint64_t max;		/* longest record accepted, in bytes */
	int eol;		/* the line end: LF, or CR in a CR-only file */
};

/* Record an error; it is sticky.  Returns -1 for the caller to pass on. */
static int fail(csv_reader *r, const char *msg, int errnum, uint64_t line)
{
	r->err = msg;
	r->errnum = errnum;
	r->errline = line;
	return -1;
}

/* Count the line ends (eol bytes) in p[0..n). */
static uint64_t count_lf(const unsigned char *p, size_t n, int eol)
{
	const unsigned char *e = p + n;
	uint64_t k = 0;

	while (p < e && (p = memchr(p, eol, (size_t)(e - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/*
 * The record from buf[pos] is longer than r->max (more than max bytes
 * of it are in): the error, in the user's terms (a line, or a record
 * whose quoted fields hold line ends), pointing at NUL bytes, the usual
 * reason for a line without end (a binary file, /dev/zero).  Only its
 * first max + 1 bytes are looked at, so the message does not depend on
 * how much more of it a read brought.
 */
static int too_long(csv_reader *r)
{
	char size[NUM_BUFSIZE];
	const unsigned char *p = r->buf + r->pos;
	size_t n = (size_t)r->max + 1;

	snprintf(r->errbuf, sizeof r->errbuf, "%s longer than %s "
	    "(--max-record)%s", memchr(p, r->eol, n) ? "a record" : "a line",
	    num_format_size(size, r->max), memchr(p, 0, n) ?
	    ": it holds NUL bytes, is the input binary?" : "");
	return fail(r, r->errbuf, 0, r->line);
}

/* Read more bytes after the data, first making room by moving the
 * unconsumed bytes to the front or, if they fill the buffer, growing it
 * (doubling, up to what a record of r->max bytes needs: a longer one is
 * an error before it is buffered whole, so memory stays within the
 * limit).  Returns the number of bytes read, 0 at end of input, -1 on
 * error. */
static ssize_t fill(csv_reader *r)
{
	ssize_t n;
	unsigned char *nb;

	if ((uint64_t)(r->end - r->pos) > r->max)
		return too_long(r); /* at the end of input too */
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
			/* cap - 1 <= max here, so the new cap grows. */
			uint64_t want = (uint64_t)r->cap * 2;
			if (want > r->max + 2)
				want = r->max + 2;
			if (want > (size_t)-1 / 2 ||
			    !(nb = realloc(r->buf, (size_t)want + CSV_SLACK)))
				return fail(r, "out of memory", ENOMEM, r->line);
			memset(nb + r->cap, 0, (size_t)want - r->cap + CSV_SLACK);
			r->buf = nb;
			r->cap = (size_t)want;
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

	/*
	 * No further than max + 1 bytes into the record: what is seen of a
	 * record too long (its quotes) must not depend on how reads cut it.
	 */
	if ((uint64_t)(n - r->pos) > r->max)
		n = r->pos + (size_t)r->max + 1;

	if (st != S_Q) {
		/* Fast path: a line end with no quote before it. */
		q = memchr(b + i, r->eol, n - i);
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
			r->nl += count_lf(b + i, (q ? (size_t)(q - b) : n) - i,
			    r->eol);
			if (!q) {
				i = n;
				break;
			}
			i = (size_t)(q - b) + 1;
			st = S_QQ;
			continue;
		}
		if (b[i] == r->eol) {
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
				    0, line + count_lf(b + s, (size_t)(p - b) - s,
				    r->eol));
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
	r->max = CSV_MAX_RECORD;
	r->eol = '\n';
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

void csv_set_max_record(csv_reader *r, uint64_t max)
{
	r->max = max ? max : CSV_MAX_RECORD;
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

int csv_cr_only(const csv_reader *r)
{
	return r->eol == '\r';
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

/*
 * CR-only line ends (classic Mac OS, Excel's "CSV (Macintosh)"): when
 * the first line end outside quotes is a CR, and no LF is between the
 * start of the input and 64 KiB after that CR (or --max-record bytes
 * from the start, if fewer), every CR ends a line from then on and an
 * LF is an ordinary byte.  A CR in a quoted field stays in it, as an LF
 * does in an LF file; a stray CR in a line of an LF (or CRLF) file stays
 * a byte of its field.  The decision depends on those bytes only, not on
 * how reads cut them; an LF file is not held up (its first LF settles
 * it).  Returns -1 on error.
 */
#define CR_LOOKAHEAD 65536

static int detect_eol(csv_reader *r)
{
	size_t i = r->pos, off, lim;
	uint64_t want;
	int st = S_START, plain = r->delim == CSV_WHITESPACE;

	for (;;) {
		lim = r->end;
		if ((uint64_t)(lim - r->pos) > r->max) /* as in scan_record */
			lim = r->pos + (size_t)r->max + 1;
		if (i == r->pos && i < lim && r->buf[i] == '#')
			plain = 1; /* a comment line: quotes mean nothing */
		for (; i < lim; i++) {
			int c = r->buf[i];
			if (st == S_Q) {
				if (c == '"')
					st = S_QQ;
				continue;
			}
			if (c == '\n')
				return 0;
			if (c == '\r')
				goto cr;
			if (c == '"' && !plain && st != S_UNQ) {
				/* opening (seen, as scan_record would), or "" */
				r->saw_quote |= st == S_START;
				st = S_Q;
			} else
				st = c == r->delim ? S_START : S_UNQ;
		}
		if (r->eof && lim == r->end)
			return 0;
		off = i - r->pos;
		if (fill(r) < 0) /* a record too long, too */
			return -1;
		i = r->pos + off;
	}
cr:
	/* Look ahead (no further than a record may be long). */
	want = (uint64_t)(i - r->pos) + CR_LOOKAHEAD;
	if (want > r->max + 1)
		want = r->max + 1;
	while (!r->eof && (uint64_t)(r->end - r->pos) < want)
		if (fill(r) < 0)
			return -1;
	if ((uint64_t)(r->end - r->pos) < want)
		want = r->end - r->pos;
	if (!memchr(r->buf + r->pos, '\n', (size_t)want))
		r->eol = '\r';
	return 0;
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
		if (detect_eol(r) < 0)
			return -1;
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
		if ((uint64_t)(e - s) > r->max)
			return too_long(r); /* whole in the buffer, still too long */
		line = r->line;
		r->line += r->nl + 1;
		if (stop < r->end) {	/* ends with LF: drop it and a CR before it */
			r->pos = stop + 1;
			if (e > s && r->buf[e - 1] == '\r' && r->eol == '\n')
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
	/*
	 * The lane does not measure its lines, which may be as long as the
	 * buffer holds (cap - 2 bytes and the LF): with a limit below that,
	 * every line goes to csv_next, which does.  Nor does it know CR-only
	 * line ends.
	 */
	if (!r->started || r->max + 2 < r->cap || r->eol != '\n')
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
