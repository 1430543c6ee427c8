/*
 * read_csv.h - streaming reader for delimited text: CSV (RFC 4180 quoting)
 * with any single-byte delimiter, TSV, or whitespace-separated columns.
 *
 * The reader pulls bytes from a file descriptor with read(2) and hands out
 * one record at a time.  Fields point into the reader's buffer and stay
 * valid until the next csv_next() or csv_close().
 */
#ifndef LINREG_READ_CSV_H
#define LINREG_READ_CSV_H

#include <stddef.h>
#include <stdint.h>

#define CSV_WHITESPACE (-1)   /* delimiter value: split on runs of blanks */

typedef struct csv_reader csv_reader;

typedef struct csv_record {
	size_t nfields;
	char **field;       /* field[i] points into the reader's buffer, NUL-terminated, quotes removed and "" unescaped */
	size_t *len;        /* len[i] = byte length of field[i] (fields may contain NUL bytes, so use len) */
	uint64_t line;      /* 1-based physical line number where the record starts */
	uint64_t end_line;  /* physical line where it ends (records with quoted newlines span lines) */
} csv_record;

/* Start reading fd (not closed by the reader).  delim is a byte such as
 * ',' ';' '|' '\t', or CSV_WHITESPACE.  Returns NULL only when out of
 * memory. */
csv_reader *csv_open(int fd, int delim);

/* As csv_open, for input of which the caller already read the first n
 * bytes (to sniff its format): they are copied and read first. */
csv_reader *csv_open_prefix(int fd, int delim, const char *prefix, size_t n);

/*
 * As csv_open, for the bytes [start, end) of the file fd only (read with
 * pread, so several readers may share fd): for reading a large file in
 * pieces, each starting at a line start.  Line numbers count from 1 at
 * start.
 */
csv_reader *csv_open_range(int fd, int delim, uint64_t start, uint64_t end);

/*
 * The longest record a reader takes, in bytes (line end excluded): a
 * longer one is an error ("a line longer than 64 MiB (--max-record)"),
 * given before more than about this much of it is held in memory.
 * csv_set_max_record changes it for one reader (0: this default).
 */
#define CSV_MAX_RECORD ((uint64_t)64 << 20)
void csv_set_max_record(csv_reader *r, uint64_t max);

/* The delimiter byte, or CSV_WHITESPACE. */
int csv_delim(const csv_reader *r);

/* Whether a quoted field has been seen (a piece boundary could be inside one). */
int csv_saw_quote(const csv_reader *r);

/*
 * Whether the line ends are CRs (found at the first line end: a CR not
 * followed by an LF); then csv_peek_lines never gives lines.
 */
int csv_cr_only(const csv_reader *r);

/* Line ends consumed so far. */
uint64_t csv_lines(const csv_reader *r);

/* Read the next record.  Returns 1 and fills *rec (valid until the next
 * csv_next or csv_close), 0 at end of input, -1 on error.  Errors are
 * sticky: later calls return -1 again. */
int csv_next(csv_reader *r, csv_record *rec);

/*
 * The fast lane, for a caller that splits plain lines itself: between
 * records (after csv_next returned one), csv_peek_lines sets [*p, *end)
 * to the buffered bytes from the next record up to and including the
 * last LF in the buffer, reading more if no whole line is buffered, and
 * returns 1; 0 when it has none to give (the input's end, a last line
 * without LF, a line too long for half the buffer: csv_next handles
 * those), -1 on error.  At least 8 bytes after *end may be read.  The
 * caller hands back the complete lines it took, and their number, with
 * csv_skip_lines, then peeks again or calls csv_next.  The bytes stay
 * valid until either call.
 */
int csv_peek_lines(csv_reader *r, const char **p, const char **end);
void csv_skip_lines(csv_reader *r, size_t bytes, uint64_t lines);

/* Description of the last error ("unterminated quoted field",
 * "cannot read: <strerror>", ...), or NULL when there was none. */
const char *csv_error(const csv_reader *r);

/* Physical line the error refers to. */
uint64_t csv_error_line(const csv_reader *r);

/* errno from the failed read() (ENOMEM when out of memory), 0 for format
 * errors. */
int csv_errno(const csv_reader *r);

/* Total bytes of input consumed so far (up to the end of the last record
 * returned, including any BOM, blank and comment lines). */
uint64_t csv_bytes(const csv_reader *r);

/* Free the reader (the fd is left open).  Accepts NULL. */
void csv_close(csv_reader *r);

#endif
