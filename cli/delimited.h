/*
 * delimited.h - delimited text (CSV, TSV, blank-separated) as rows:
 * whether the first record is a header, which field each column is, and
 * a record's cells as a row of numbers, or why not.
 *
 * Pure: nothing here reads input or keeps rows.  The readers (read_lane.c,
 * read_parallel.c, dispatch.c, predict.c) get records from read_csv.c,
 * ask these functions what they mean and report the answer to the sink
 * (sink.h), so the rules of columns and cells live in one place, with
 * their own unit test (tests/unit/test_delimited.c).
 */
#ifndef LINREG_DELIMITED_H
#define LINREG_DELIMITED_H

#include <stddef.h>

#include "number.h"
#include "read_csv.h"
#include "source.h"

/* A column resolved against one file: its 0-based field and its name. */
struct column {
	size_t field;
	char *name;  /* header name, or NULL without a header */
	int point;   /* its decimal sign: ',' with --decimal-comma, else 0 ('.') */
};

/*
 * From the first record of the source called name: decide whether it
 * is a header, resolve the columns into cols (o->ncols + o->ngroup
 * entries: the row's, then the groups') and check that no field is
 * taken twice.  Returns an exit status (the problem said).
 */
int delimited_header(const csv_record *rec, const char *name,
    const struct input_opts *o, struct column *cols, int *is_header);

/*
 * The names of the columns for the sink: names[i] (o->ncols) the
 * header's name or NULL (for the default), gnames[i] (o->ngroup) the
 * header's or g1, g2, ... (in gbuf, 16 bytes each).
 */
void delimited_names(const struct input_opts *o, const struct column *cols,
    const char **names, const char **gnames, char (*gbuf)[16]);

/*
 * One data record as a row: every cell of cols[0..ncols-1] parsed into
 * v.  Returns 1, or 0 with what the first bad cell is into what (e.g.
 * "column 'y': cannot read "abc" as a number").
 */
int delimited_values(const csv_record *rec, const struct column *cols,
    int ncols, double *v, char *what, size_t size);

/* Find spec in the header hdr (exact match, first wins; NULL: none), or use its index. */
int delimited_resolve(const struct colspec *spec, const csv_record *hdr,
    const char *where, struct column *col);

/*
 * For a name that names lacks (a record of names: the header, a JSON
 * object's keys): " (did you mean 'x'?); NOUN: 'a', 'b', ..." into buf
 * (600 bytes hold it all).  The nearest is the same name in another
 * case, else one at most min(3, length / 3) edits away; the list is cut
 * after about 300 bytes with "... (N more)".  Not escaped: msg() does.
 */
void delimited_name_hint(char *buf, size_t size, const char *name,
    const csv_record *names, const char *noun);

/* Evidence of a header: a cell that is there but is not a number
 * (point: the decimal sign, as in struct column). */
int delimited_is_name(const char *s, size_t len, int point);

/* "column 'name'", or "column 3" without a header. */
void delimited_colname(char *buf, size_t size, const struct column *c);

/* Describe a bad cell as `cannot read "abc" as a number (reason)` into buf. */
void describe_cell(char *buf, size_t size, const char *text, size_t len,
    enum num_result why);

/* Report the reader's error; returns the exit status for it. */
int csv_failure(const csv_reader *r, const char *name);

/* Free columns made by delimited_header (NULL accepted). */
void free_columns(struct column *cols, int n);

#endif
