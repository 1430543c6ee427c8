/*
 * spool.h - the sources of --fitted, which are read twice: once for the
 * fit, once to write every row with it.
 *
 * A regular file is read in place both times (standard input from where
 * it stood); anything else (a pipe, a named pipe, /dev/stdin, <(...), a
 * device) is first copied to a temporary file that is removed at once
 * and read through its descriptor, so nothing is left behind however
 * linreg ends.  The second pass checks that it read the data the first
 * pass read: the same file, size and modification time, and the same
 * number of data rows; otherwise exit status 66 and a message.
 */
#ifndef LINREG_SPOOL_H
#define LINREG_SPOOL_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sink.h"
#include "source.h"

struct source {
	const char *path;   /* as given; "-" is standard input */
	int spool;          /* the copy's descriptor, or -1 */
	off_t start;        /* a regular standard input: where it began */
	struct stat sb;     /* a regular file, as the first pass found it */
	uint64_t rows;      /* data rows the first pass read */
};

/* The first pass over path, into s; an exit status. */
int source_first(struct source *src, const char *path,
    const struct input_opts *o, struct sink *s);

/* The second pass (s->echo set); an exit status. */
int source_second(struct source *src, const struct input_opts *o,
    struct sink *s);

/* Close the copy, if any, of a source given to source_first. */
void source_close(struct source *src);

#endif
