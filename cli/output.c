/*
 * output.c - opening and finishing the report's file (-o, --svg); the
 * rules are in output.h.
 *
 * Why each rule:
 *   - A regular file is replaced by rename() only when the report is
 *     complete, so a failed run leaves it as it was.  The temporary
 *     name is short and fixed (.linreg.XXXXXX, 14 bytes) rather than
 *     FILE plus a suffix, so that any legal FILE name (up to NAME_MAX)
 *     has a legal temporary name beside it.  It is registered with
 *     cleanup.c, so a signal does not leave it behind.
 *   - /dev/stdout and its kind name a descriptor linreg already has.
 *     Opening them anew would, on Linux, open the file the shell
 *     redirected to afresh (and the rename would replace it), losing
 *     what `>> log` was to append to; so linreg writes to a copy of the
 *     descriptor, at its offset and with its O_APPEND.
 *   - Links are followed by hand, not by realpath(), so that a dangling
 *     link leads to the file to create (as `>` does) and a link to
 *     /dev/stdout is seen for what it is.
 *   - A file with several hard links would be split from its other
 *     names by a rename; it is rewritten in place instead, after the
 *     report is complete (so a failed run still leaves it alone).
 *   - A file no one may write (mode 0444) is refused even where the
 *     permission check would let root replace it: `>` refuses it to
 *     everyone but root, and silently replacing a protected file is
 *     the surprise to avoid.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "diag.h"
#include "output.h"
#include "port.h"

/* Links followed on the way to the file (Linux's limit too). */
#define MAX_LINKS 40
/* Longest link target read. */
#define LINK_MAX_LEN 4096

/* The directory part of path ("." when none); NULL: no memory. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *d;

	if (!slash)
		return strdup(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	d = malloc(n + 1);
	if (d) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

/* dir, whose real path is real, is one of linreg's own fd directories. */
static int fd_dir(const char *real)
{
	static const char *const dirs[] = {
		"/dev/fd", "/proc/self/fd", "/proc/thread-self/fd"
	};
	size_t i;
	int same = !strcmp(real, "/dev/fd"); /* BSD's fdescfs */

	for (i = 0; i < sizeof dirs / sizeof dirs[0] && !same; i++) {
		char *r = realpath(dirs[i], NULL);
		same = r && !strcmp(r, real);
		free(r);
	}
	return same;
}

/*
 * The descriptor path names when it is one of linreg's own: /dev/stdin,
 * /dev/stdout, /dev/stderr, N in /dev/fd, /proc/self/fd or
 * /proc/thread-self/fd (however the directory is spelt); else -1.
 */
static int own_descriptor(const char *path)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *real, *end;
	int fd = -1;
	long n;

	if (!slash)
		return -1;
	base = slash + 1;
	dir = dir_of(path);
	if (!dir)
		return -1;
	/* Without realpath (WASI), the directory as it is spelt. */
	real = realpath(dir, NULL);
	if (real)
		free(dir);
	else
		real = dir;
	if (!strcmp(real, "/dev")) {
		fd = !strcmp(base, "stdin") ? 0 : !strcmp(base, "stdout") ? 1 :
		    !strcmp(base, "stderr") ? 2 : -1;
	} else if (*base >= '0' && *base <= '9' && fd_dir(real)) {
		n = strtol(base, &end, 10);
		if (!*end && n <= INT_MAX)
			fd = (int)n;
	}
	free(real);
	return fd;
}

/*
 * Follow path's symbolic links to the file they lead to (which need
 * not exist): *target, or *fd when the way passes one of linreg's own
 * descriptors.  -1 with errno on failure.
 */
static int resolve(const char *path, char **target, int *fd)
{
	char *cur = strdup(path), buf[LINK_MAX_LEN];
	int hops;

	*target = NULL;
	*fd = -1;
	for (hops = 0; cur; hops++) {
		struct stat sb;
		ssize_t n;
		char *next, *dir;

		if ((*fd = own_descriptor(cur)) >= 0) {
			free(cur);
			return 0;
		}
		/* Not a link (or not there): the file itself. */
		if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode)) {
			*target = cur;
			return 0;
		}
		n = hops < MAX_LINKS ? readlink(cur, buf, sizeof buf - 1) : -1;
		if (n < 0) {
			if (hops >= MAX_LINKS)
				errno = ELOOP;
			free(cur);
			return -1;
		}
		buf[n] = '\0';
		dir = buf[0] == '/' ? NULL : dir_of(cur);
		next = malloc((dir ? strlen(dir) + 1 : 0) + (size_t)n + 1);
		if (next)
			sprintf(next, "%s%s%s", dir ? dir : "", dir ? "/" : "",
			    buf);
		free(dir);
		free(cur);
		cur = next;
	}
	errno = ENOMEM;
	return -1;
}

/*
 * A FILE on a new descriptor for fd (the shell's), or on path opened as
 * it is.  Without dup (WASI): standard output and error themselves, else
 * the path.
 */
static int open_direct(struct outfile *of, int fd, const char *path)
{
	int d = fd >= 0 ? dup(fd) : -1;
	if (d < 0 && fd >= 1 && fd <= 2 && errno == ENOSYS) {
		of->f = fd == 1 ? stdout : stderr;
		of->borrowed = 1;
		return EX_OK;
	}
	if (d < 0 && (fd < 0 || errno == ENOSYS))
		d = open(path, O_WRONLY | O_NOCTTY);
	if (d < 0 || !(of->f = fdopen(d, "w"))) {
		/* fdopen's EINVAL: a descriptor open for reading only */
		msg("%s: %s", of->name, strerror(d >= 0 && errno == EINVAL ?
		    EBADF : errno));
		if (d >= 0)
			close(d);
		of->f = NULL;
		return EX_IOERR;
	}
	return EX_OK;
}

int out_open(const char *path, struct outfile *of)
{
	struct stat sb;
	char *dir;
	int fd, exists;
	mode_t mask;

	memset(of, 0, sizeof *of);
	of->slot = -1;
	of->f = stdout;
	of->name = "standard output";
	if (!path || !strcmp(path, "-"))
		return EX_OK;
	of->name = path;
	if (resolve(path, &of->target, &fd) != 0) {
		msg("%s: %s", path, strerror(errno));
		return errno == ENOMEM ? EX_OSERR : EX_IOERR;
	}
	if (fd >= 0)
		return open_direct(of, fd, path);
	exists = stat(of->target, &sb) == 0;
	if (exists && !S_ISREG(sb.st_mode)) {
		/* A device, a named pipe: written as it is. */
		fd = open_direct(of, -1, of->target);
		free(of->target);
		of->target = NULL;
		return fd;
	}
#ifndef __wasi__ /* WASI files have no permission bits */
	if (exists && ((sb.st_mode & 0222) == 0 ||
	    access(of->target, W_OK) != 0)) {
		msg("%s: %s: linreg does not replace a read-only file", path,
		    strerror(EACCES));
		free(of->target);
		of->target = NULL;
		return EX_IOERR;
	}
#endif
	of->inplace = exists && sb.st_nlink > 1;
	dir = dir_of(of->target);
	of->tmp = dir ? malloc(strlen(dir) + sizeof "/.linreg.XXXXXX") : NULL;
	if (!of->tmp) {
		free(dir);
		free(of->target);
		of->target = NULL;
		return oom();
	}
	sprintf(of->tmp, "%s/.linreg.XXXXXX", dir);
	mask = umask(0);
	umask(mask);
	/* Created and registered with no signal in between. */
	cleanup_hold();
	fd = mkstemp(of->tmp);
	if (fd >= 0)
		of->slot = cleanup_add(of->tmp);
	cleanup_release();
	if (fd < 0 || !(of->f = fdopen(fd, "w"))) {
		msg("%s: cannot create a temporary file in %s: %s", path, dir,
		    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(of->tmp);
		}
		cleanup_forget(of->slot);
		free(of->tmp);
		free(of->target);
		free(dir);
		memset(of, 0, sizeof *of);
		return EX_IOERR;
	}
	free(dir);
	/* A replaced file keeps its permissions. */
	(void)fchmod(fd, exists ? sb.st_mode & 07777 : 0666 & ~mask);
	return EX_OK;
}

/* Write n bytes; 0, or an errno value. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Rewrite the file to in place with the bytes of from; 0 or an errno value. */
static int copy_into(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out, err = 0;
	off_t total = 0;
	ssize_t n;

	if (in < 0)
		return errno;
	out = open(to, O_WRONLY);
	if (out < 0) {
		err = errno;
		close(in);
		return err;
	}
	while (!err && (n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		err = n < 0 ? errno : write_all(out, buf, (size_t)n);
		total += n;
	}
	if (!err && ftruncate(out, total) != 0)
		err = errno;
	if (close(out) != 0 && !err)
		err = errno;
	close(in);
	return err;
}

int out_close(struct outfile *of, int failed)
{
	int err = 0;

	if (!of->f)
		return EX_IOERR;
	errno = 0;
	if (fflush(of->f) != 0 || ferror(of->f))
		err = errno ? errno : EIO;
	if (!of->borrowed && fclose(of->f) != 0 && !err)
		err = errno ? errno : EIO;
	of->f = NULL;
	if (of->tmp) {
		if (!err && !failed && of->inplace) {
			err = copy_into(of->tmp, of->target);
		} else if (!err && !failed) {
			/* In place and forgotten, with no signal in between. */
			cleanup_hold();
			if (rename(of->tmp, of->target) != 0)
				err = errno;
			else
				cleanup_forget(of->slot);
			cleanup_release();
			if (!err)
				of->slot = -1;
		}
		if (err || failed || of->inplace)
			unlink(of->tmp);
		cleanup_forget(of->slot);
		free(of->tmp);
		of->tmp = NULL;
	}
	if (err)
		msg("%s: write error: %s", of->name, strerror(err));
	free(of->target);
	of->target = NULL;
	return err ? EX_IOERR : EX_OK;
}
