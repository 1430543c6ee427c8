/*
 * output.h - where the report goes: standard output, or -o FILE (and
 * --svg FILE) by the rules of the man page (-o):
 *
 *   -, or no FILE          standard output
 *   /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N (also through
 *                          a link)  the descriptor itself, where it
 *                          stands: what the shell opened (>> log) is
 *                          appended to, not replaced
 *   not a regular file     written directly (a device, a named pipe)
 *   a regular file, or none  a temporary file DIR/.linreg.XXXXXX beside
 *                          it, renamed into place by out_close when all
 *                          of it was written; the file keeps its mode;
 *                          one with several hard links is rewritten in
 *                          place then instead, so that every link sees
 *                          it; one without write permission (or with
 *                          no write bit at all, even for root) is
 *                          refused
 *   a symbolic link        the file it leads to, by the same rules (a
 *                          dangling link: that file is created)
 */
#ifndef LINREG_OUTPUT_H
#define LINREG_OUTPUT_H

#include <stdio.h>

struct outfile {
	FILE *f;            /* write here */
	const char *name;   /* for messages: the path as given */
	char *target;       /* the file replaced by tmp, or NULL */
	char *tmp;          /* the temporary file, or NULL */
	int slot;           /* tmp's slot in cleanup.h's registry */
	int inplace;        /* copy tmp into target (hard links) */
	int borrowed;       /* f is stdout or stderr, flushed, not closed */
};

/*
 * Open path (NULL or "-": standard output).  Returns an exit status
 * (74 with a message when it cannot be written).
 */
int out_open(const char *path, struct outfile *of);

/*
 * Finish: check every write, then put the file in place (or, when
 * failed is set, remove the temporary file and leave FILE as it was).
 * Returns an exit status (74 with a message on a write error).
 */
int out_close(struct outfile *of, int failed);

#endif
