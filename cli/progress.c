/*
 * progress.c - --progress on standard error; see progress.h.
 *
 * After a second, then every 0.2 s on a terminal (one line, redrawn)
 * and every second in a log (one line each).  The clock is read only
 * when a reader reports, which the readers do per window or per 16,384
 * records, so the rows pay nothing for it.
 */
#include <stdio.h>
#include <time.h>

#include "progress.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void progress_start(struct progress *p, uint64_t size, uint64_t rows)
{
	p->size = size;
	if (p->mode)
		progress_update(p, 0, rows);
}

void progress_update(struct progress *p, uint64_t bytes, uint64_t rows)
{
	double t = now(), el, rate;
	uint64_t done = p->bytes_done + bytes, size = p->size;
	int tty = p->mode == 1;

	if (p->t0 == 0) {
		p->t0 = p->tlast = t;
		return;
	}
	el = t - p->t0;
	/* After a second, then every 0.2 s on a terminal, every 1 s in a log. */
	if (el < 1 || t - p->tlast < (tty ? 0.2 : 1))
		return;
	p->tlast = t;
	rate = (double)done / el / 1e6;
	fprintf(stderr, "%slinreg: %.1f MB", tty ? "\r\033[K" : "",
	    (double)done / 1e6);
	if (size)
		fprintf(stderr, " of %.1f MB (%.0f%%)", (double)(p->bytes_done +
		    size) / 1e6, 100.0 * (double)done /
		    (double)(p->bytes_done + size));
	fprintf(stderr, ", %llu rows, %.0f MB/s", (unsigned long long)rows,
	    rate);
	if (size && rate > 0)
		fprintf(stderr, ", about %.0f s left", (double)(p->bytes_done +
		    size - done) / 1e6 / rate);
	fputs(tty ? "" : "\n", stderr);
	p->shown = 1;
}

void progress_done(struct progress *p, uint64_t bytes)
{
	p->bytes_done += bytes;
}

void progress_end(struct progress *p, uint64_t rows)
{
	if (!p->mode)
		return;
	if (p->mode == 1 && p->shown)
		fputs("\r\033[K", stderr);
	if (p->mode == 2) {
		double el = p->t0 ? now() - p->t0 : 0;
		fprintf(stderr, "linreg: read %.1f MB, %llu rows in %.2f s\n",
		    (double)p->bytes_done / 1e6, (unsigned long long)rows, el);
	}
}
