/*
 * read_parallel.c - one large file of delimited text, read by several
 * threads at once.
 *
 * The header (if any) is read first; the rest of the file is cut into
 * byte ranges that start at line starts, and each thread reads its range
 * with its own reader (pread on the shared descriptor) into its own fit.
 * The partial fits are merged in file order with lr_fit_merge, the same
 * merge that joins any two fits, so the result is deterministic for a
 * given number of threads and equals the one-thread fit to rounding.
 *
 * With -g each piece has its own table of groups, in its first-seen
 * order; merged in file order, a group new to the whole file comes
 * after those of the pieces before, as with one thread, and its counts
 * (rows, skipped, missing) and fit add up.  A group with a model of its
 * own (a formula's levels) is not merged: the file is read in one piece.
 *
 * A quoted field may hold line ends, so a range boundary could fall
 * inside one: if any thread meets a quoted field, the pieces are thrown
 * away and the caller reads the file in one piece.  Errors are kept by
 * each thread with the line counted in its piece; the main thread adds
 * the lines of the pieces before it, so messages name the same line a
 * one-thread read would.
 */
#include <errno.h>
#ifndef __wasi__
#include <pthread.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "read_csv.h"
#include "readers.h"

#define MAX_THREADS 256

struct piece {
	uint64_t start, end;       /* byte range [start, end) */
	int fd, delim;
	const char *name;
	const struct input_opts *o;
	const struct column *cols;
	struct sink s;             /* the piece's own sink and fit */
	int status;                /* exit status of the piece */
	int quoted;                /* a quoted field was seen */
	int read_errno;            /* an I/O error, with its errno */
	uint64_t lines;            /* line ends in the piece */
};

/* The offset just after the first line end at or after pos (or size). */
static uint64_t next_line_start(int fd, uint64_t pos, uint64_t size)
{
	char buf[65536];
	while (pos < size) {
		ssize_t n = pread(fd, buf, sizeof buf, (off_t)pos), i;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return size;
		for (i = 0; i < n; i++)
			if (buf[i] == '\n')
				return pos + (uint64_t)i + 1;
		pos += (uint64_t)n;
	}
	return size;
}

/* A thread: read one piece into its sink. */
static void *read_piece(void *arg)
{
	struct piece *p = arg;
	csv_reader *r = csv_open_range(p->fd, p->delim, p->start, p->end);
	double *v = malloc((size_t)p->o->ncols * sizeof *v);
	int got = 0;

	if (!r || !v) {
		p->status = EX_OSERR;
		goto end;
	}
	csv_set_max_record(r, p->o->max_record);
	p->status = delimited_stream(r, p->name, &p->s, p->cols, p->o->ncols,
	    v, 1, &got);
	p->quoted = csv_saw_quote(r);
	if (got < 0 && !p->quoted && !csv_errno(r) && !p->status) {
		/* A format error without quotes: a line too long. */
		p->status = sink_defer_error(&p->s, csv_error_line(r),
		    csv_error(r));
	} else if (got < 0 && !p->quoted && !p->status) {
		/* The system's error. */
		p->read_errno = csv_errno(r);
		p->status = csv_errno(r) == ENOMEM ? EX_OSERR : EX_NOINPUT;
	}
	if (!p->status)
		p->status = sink_flush(&p->s);
	p->lines = csv_lines(r);
end:
	csv_close(r);
	free(v);
	return NULL;
}

/*
 * The pieces' rows, in file order, into s (the first at line `line` of
 * the file); the first error is said with its line in the whole file.
 */
static int merge_pieces(struct sink *s, struct piece *pc, int nt,
    const char *name, uint64_t line)
{
	int k, status = sink_flush(s);

	for (k = 0; k < nt && !status; k++) {
		struct piece *p = &pc[k];
		if (p->status) {
			/* A kept error is said with its line in the file. */
			int said = sink_piece_error(&p->s, name, line);
			if (!said && p->read_errno)
				msg("%s: %s", name, strerror(p->read_errno));
			else if (!said && p->status == EX_OSERR)
				oom();
			status = p->status;
			break;
		}
		status = sink_merge_piece(s, &p->s, name, line);
		line += p->lines;
	}
	return status;
}

int read_parallel(int fd, const char *name, int delim, uint64_t size,
    const struct input_opts *o, struct sink *s, int *done)
{
	struct piece *pc = NULL;
	struct column *cols = NULL;
	csv_reader *r;
	csv_record rec;
	uint64_t data_start = 0, data_line = 1;
	int nt = o->threads, k, got, header = 0, status = EX_OK;

	*done = 0;
	if (nt > MAX_THREADS)
		nt = MAX_THREADS;
	if ((uint64_t)nt > size / (PARALLEL_MIN_BYTES / 2))
		nt = (int)(size / (PARALLEL_MIN_BYTES / 2));
	if (nt < 2)
		return EX_OK;

	/* The first record: a header, or the first data row. */
	cols = calloc((size_t)o->ncols + (size_t)o->ngroup, sizeof *cols);
	r = csv_open_range(fd, delim, 0, size);
	if (!cols || !r) {
		csv_close(r);
		free(cols);
		return oom();
	}
	csv_set_max_record(r, o->max_record);
	got = csv_next(r, &rec);
	if (got <= 0 || csv_saw_quote(r) || csv_cr_only(r)) {
		/*
		 * Empty, unreadable or quoted: the one-piece path says what.
		 * Pieces are cut at LFs, so CR-only line ends go there too.
		 */
		csv_close(r);
		free(cols);
		return EX_OK;
	}
	status = delimited_header(&rec, name, o, cols, &header);
	if (!status)
		status = delimited_sink_names(s, o, cols);
	if (header) {
		data_start = csv_bytes(r);
		data_line = rec.end_line + 1;
	}
	csv_close(r);
	if (status) {
		free_columns(cols, o->ncols + o->ngroup);
		return status;
	}

	pc = calloc((size_t)nt, sizeof *pc);
	if (!pc) {
		free_columns(cols, o->ncols + o->ngroup);
		return oom();
	}
	for (k = 0; k < nt; k++) {
		struct piece *p = &pc[k];
		p->start = k == 0 ? data_start : pc[k - 1].end;
		p->end = k == nt - 1 ? size : next_line_start(fd, data_start +
		    (size - data_start) / (uint64_t)nt * (uint64_t)(k + 1),
		    size);
		if (p->end < p->start)
			p->end = p->start;
		p->fd = fd;
		p->delim = delim;
		p->name = name;
		p->o = o;
		p->cols = cols;
		if ((status = sink_init_piece(&p->s, s)))
			goto end;
		/* -g: the pieces share the memory of one pool of rows */
		p->s.gbytes = GBATCH_BYTES / (size_t)nt;
	}
#ifdef __wasi__
	/* WASI has no threads: the same pieces, one after another. */
	for (k = 0; k < nt; k++)
		read_piece(&pc[k]);
#else
	{
		pthread_t tid[MAX_THREADS];
		int started = 0;
		for (k = 0; k < nt; k++) {
			if (pthread_create(&tid[k], NULL, read_piece, &pc[k]))
				break;
			started++;
		}
		for (k = started; k < nt; k++)
			read_piece(&pc[k]); /* no more threads: do it here */
		for (k = 0; k < started; k++)
			pthread_join(tid[k], NULL);
	}
#endif
	for (k = 0; k < nt; k++)
		if (pc[k].quoted || !sink_piece_mergeable(&pc[k].s))
			goto end; /* *done stays 0: read it in one piece */
	/*
	 * A column that one piece read as numbers and another as text (a
	 * factor whose first levels look like numbers further down): the
	 * kinds are the file's first values', so read it in one piece.
	 */
	for (k = 1; k < nt; k++)
		for (got = 0; got < k; got++)
			if (!sink_kinds_agree(&pc[got].s, &pc[k].s))
				goto end;

	*done = 1;
	status = merge_pieces(s, pc, nt, name, data_line);
end:
	for (k = 0; k < nt; k++)
		sink_free_piece(&pc[k].s);
	free(pc);
	free_columns(cols, o->ncols + o->ngroup);
	return status;
}
