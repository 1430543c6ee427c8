/*
 * progress.h - --progress: bytes, rows, rate and time left on standard
 * error while the sources are read (on by itself on a terminal).
 *
 * Its own small struct, cut from the sink (sink.h) so that the readers
 * report bytes and the sink rows without either knowing how, when or
 * whether a line is shown.
 */
#ifndef LINREG_PROGRESS_H
#define LINREG_PROGRESS_H

#include <stdint.h>

struct progress {
	int mode;                /* 0 off, 1 on a terminal after 1 s, 2 forced */
	int shown;               /* a line is on the terminal, to clear */
	double t0, tlast;        /* start and last report, seconds */
	uint64_t bytes_done;     /* bytes of the sources already read */
	uint64_t size;           /* size of the current source, 0 if unknown */
};

/*
 * A source of size bytes (0 if unknown) begins: counted from here (the
 * first report starts the clock).
 */
void progress_start(struct progress *p, uint64_t size, uint64_t rows);

/* bytes of the current source and rows so far: reported if it is time to. */
void progress_update(struct progress *p, uint64_t bytes, uint64_t rows);

/* The current source is done after bytes. */
void progress_done(struct progress *p, uint64_t bytes);

/* Finish the line (mode 1), or say the totals (mode 2). */
void progress_end(struct progress *p, uint64_t rows);

#endif
