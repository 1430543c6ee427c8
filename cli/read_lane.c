/*
 * read_lane.c - the fast lane: plain lines of delimited text, straight
 * from the reader's buffer to the fit.
 *
 * Most lines of a large file are plain: no quote, no comment, every
 * wanted cell a short plain decimal.  The lane takes those in one pass
 * over the bytes of a window of whole lines (csv_peek_lines): it walks
 * each line cell by cell, parses each wanted cell with
 * num_parse_plain_parts (eight digits at a time) and skips the others,
 * and hands the rows to the fit.  The divisions that finish the
 * numbers are done together for a batch of rows.
 *
 * The first line that is anything else (a quote, a blank, a comment, a
 * long or odd number, a missing cell, a lone CR) goes to csv_next and
 * delimited_row, which give it the full treatment: the same value, or
 * the same error with its line.  The lane never decides anything the
 * general path would decide differently; it only gets there sooner.
 *
 * (Tried and measured slower on the bench file: a first pass that
 * indexes every delimiter and LF eight bytes at a time, so that cells
 * are parsed from known starts; 0.73 s against 0.47 s of user time.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "number_plain.h"
#include "read_csv.h"

#define LANE_FIELDS 64
#define LANE_BACKOFF_MAX 1024

struct lane {
	int delim;
	int last;                      /* the highest wanted field */
	short slot[LANE_FIELDS];       /* field -> value index, or -1 */
};

/* Can the lane read these columns with this delimiter? */
static int lane_setup(struct lane *ln, int delim, const struct column *cols,
    int ncols, const struct sink *s)
{
	int i;

	const char *env = getenv("LINREG_LANE");

	/* LINREG_LANE=0: every line the long way (to check the lane) */
	if ((env && strcmp(env, "0") == 0) || s->fitted || s->ngroup ||
	    delim == CSV_WHITESPACE ||
	    delim == '"' || delim == '\n' || delim == '\r' ||
	    delim == '-' || delim == '.' || (delim >= '0' && delim <= '9'))
		return 0;
	ln->delim = delim;
	ln->last = 0;
	for (i = 0; i < LANE_FIELDS; i++)
		ln->slot[i] = -1;
	for (i = 0; i < ncols; i++) {
		if (cols[i].field >= LANE_FIELDS)
			return 0;
		ln->slot[cols[i].field] = (short)i;
		if ((int)cols[i].field > ln->last)
			ln->last = (int)cols[i].field;
	}
	return 1;
}

/*
 * One plain line at p: its values into v, each as v[i] / dv[i] (see
 * num_parse_plain_parts); returns the byte after its LF, or NULL to
 * leave the line to the general reader.  Lines end with an LF before
 * the window's end, and 8 bytes past it are readable.
 */
static const unsigned char *lane_line(const struct lane *ln,
    const unsigned char *p, double *v, double *dv)
{
	int f = 0, slot;

	if (*p == '#')
		return NULL;
	for (;;) {
		if ((slot = ln->slot[f]) >= 0) {
			p = (const unsigned char *)num_parse_plain_parts(
			    (const char *)p, &v[slot], &dv[slot]);
			if (!p)
				return NULL;
		} else {
			while (*p != ln->delim && *p != '\n' && *p != '\r' &&
			    *p != '"')
				p++;
		}
		if (*p == ln->delim) {
			p++;
			if (++f > ln->last) {
				/* The cells after the last wanted one. */
				while (*p != '\n' && *p != '"')
					p++;
				return *p == '\n' ? p + 1 : NULL;
			}
			continue;
		}
		if (*p == '\r' && p[1] == '\n')
			p++;
		return *p == '\n' && f == ln->last ? p + 1 : NULL;
	}
}

/* Rows the lane put in the batch undivided (from *from on): divide. */
static void lane_divide(struct sink *s, const double *dx, const double *dy,
    size_t *from)
{
	size_t i;
	for (i = *from; i < s->nbuf; i++) {
		s->bx[i] /= dx[i];
		s->by[i] /= dy[i];
	}
	*from = s->nbuf;
}

/*
 * The plain lines at the start of p[0..n) (n ends with an LF), as rows
 * of s.  Returns the bytes taken (whole lines), *lines their number,
 * *status the sink's status.
 */
static size_t lane_rows(const struct lane *ln, const char *name,
    struct sink *s, int ncols, const unsigned char *p, size_t n,
    uint64_t line, double *v, uint64_t *lines, int *status)
{
	/*
	 * One predictor, no weights, no --every, no picture (sink_row
	 * samples for it): rows go straight into the batch, their
	 * divisions done together before it goes to the fit (independent
	 * divisions pipeline, and vectorise).
	 */
	int direct = !s->weighted && !s->every && !s->plot && s->nx == 1 &&
	    s->bx;
	double dv[LANE_FIELDS], dx[SINK_BATCH], dy[SINK_BATCH];
	const unsigned char *q, *start = p, *end = p + n;
	size_t from = s->nbuf;
	int i;

	*lines = 0;
	*status = EX_OK;
	for (i = 0; i < ncols; i++)
		dv[i] = 1; /* (every line sets them all; the analyzer cannot tell) */
	while (p < end && (q = lane_line(ln, p, v, dv)) != NULL) {
		s->rows_read++;
		if (direct) {
			s->bx[s->nbuf] = v[0];
			s->by[s->nbuf] = v[1];
			dx[s->nbuf] = dv[0];
			dy[s->nbuf] = dv[1];
			if (++s->nbuf == SINK_BATCH) {
				lane_divide(s, dx, dy, &from);
				*status = sink_flush(s);
				from = 0;
			}
		} else {
			for (i = 0; i < ncols; i++)
				v[i] /= dv[i];
			*status = sink_row(s, v, name, line + *lines);
		}
		++*lines;
		p = q;
		if (*status)
			break;
	}
	if (direct)
		lane_divide(s, dx, dy, &from);
	return (size_t)(p - start);
}

int delimited_stream(csv_reader *r, const char *name, struct sink *s,
    const struct column *cols, int ncols, double *v, int stop_at_quote,
    int *got)
{
	struct lane *ln = malloc(sizeof *ln);
	int lane = ln && lane_setup(ln, csv_delim(r), cols, ncols, s);
	int status = EX_OK;
	/*
	 * Records to read the long way before trying the lane again: one
	 * after a line the lane left, more (doubling) when the lane keeps
	 * stopping at once, so input that is never plain costs only an
	 * occasional look.
	 */
	unsigned general = 0, backoff = 1, tick = 0;
	csv_record rec;

	*got = 1;
	for (;;) {
		const char *p, *end;

		if (lane && !general && csv_peek_lines(r, &p, &end) > 0) {
			size_t n = (size_t)(end - p), took;
			uint64_t lines;
			{
				took = lane_rows(ln, name, s, ncols,
				    (const unsigned char *)p, n,
				    csv_lines(r) + 1, v, &lines, &status);
				csv_skip_lines(r, took, lines);
				if (status)
					break;
				if (s->progress)
					progress_update(s, csv_bytes(r),
					    s->progress_size);
				if (took == n)
					continue;
				backoff = lines < 8 ? (backoff < LANE_BACKOFF_MAX ?
				    2 * backoff : backoff) : 1;
				general = backoff;
			}
		}
		/* One record the long way (or every record, off the lane). */
		if (general)
			general--;
		if ((*got = csv_next(r, &rec)) != 1)
			break;
		if (stop_at_quote && csv_saw_quote(r))
			break;
		if ((status = delimited_row(s, name, &rec, cols, ncols, v)))
			break;
		if (s->progress && (++tick & 0x3fff) == 0)
			progress_update(s, csv_bytes(r), s->progress_size);
	}
	free(ln);
	return status;
}
