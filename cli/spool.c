/*
 * spool.c - reading the sources of --fitted twice; see spool.h.
 *
 * Why a copy for anything but a regular file: a pipe, a named pipe or
 * <(...) gives its bytes once, and opening /dev/stdin or a named pipe a
 * second time gives nothing or blocks.  Why the copy is removed at
 * once: a signal (`| head -2` ends linreg by SIGPIPE) would otherwise
 * leave the whole input in $TMPDIR.  Why the checks: a regular file
 * can change between the passes, and the rows then written would not
 * be those of the fit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "diag.h"
#include "dispatch.h"
#include "port.h"
#include "spool.h"

static const char *display(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

/* The same file, unchanged, as far as stat can tell. */
static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static int changed(const struct source *src)
{
	msg("%s: the file changed between the two readings of --fitted: its "
	    "rows would not be those of the fit", display(src->path));
	return EX_NOINPUT;
}

/* Copy fd to a new temporary file, already removed: src->spool. */
static int copy_to_spool(struct source *src, int fd)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl, buf[65536];
	ssize_t n;
	int status = EX_OK;

	if (!dir || !*dir)
		dir = "/tmp";
	tmpl = malloc(strlen(dir) + sizeof "/linreg-spool.XXXXXX");
	if (!tmpl) {
		return oom();
	}
	sprintf(tmpl, "%s/linreg-spool.XXXXXX", dir);
	/* Gone from the directory before any signal can be acted on. */
	cleanup_hold();
	src->spool = mkstemp(tmpl);
	if (src->spool >= 0)
		unlink(tmpl);
	cleanup_release();
	if (src->spool < 0) {
		msg("%s: cannot create a temporary copy in %s: %s",
		    display(src->path), dir, strerror(errno));
		free(tmpl);
		return EX_IOERR;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		const char *p = buf;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			msg("%s: %s", display(src->path), strerror(errno));
			status = EX_NOINPUT;
			break;
		}
		while (n > 0) {
			ssize_t w = write(src->spool, p, (size_t)n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				msg("%s: copying to a temporary file in %s: %s",
				    display(src->path), dir, strerror(errno));
				status = EX_IOERR;
				break;
			}
			p += w;
			n -= w;
		}
		if (status)
			break;
	}
	if (!status && lseek(src->spool, 0, SEEK_SET) != 0) {
		msg("%s: %s", display(src->path), strerror(errno));
		status = EX_IOERR;
	}
	free(tmpl);
	return status;
}

int source_first(struct source *src, const char *path,
    const struct input_opts *o, struct sink *s)
{
	int stdin_ = !strcmp(path, "-");
	int fd = stdin_ ? STDIN_FILENO : open(path, O_RDONLY);
	uint64_t before = s->rows_read;
	int status;

	memset(src, 0, sizeof *src);
	src->path = path;
	src->spool = -1;
	if (fd < 0 || fstat(fd, &src->sb) != 0) {
		msg("%s: %s", display(path), strerror(errno));
		if (fd >= 0 && !stdin_)
			close(fd);
		return EX_NOINPUT;
	}
	if (S_ISDIR(src->sb.st_mode)) {
		msg("%s: %s", display(path), strerror(EISDIR));
		status = EX_NOINPUT;
	} else if (S_ISREG(src->sb.st_mode) && (!stdin_ ||
	    (src->start = lseek(fd, 0, SEEK_CUR)) >= 0)) {
		status = read_source_fd(fd, path, o, s);
	} else {
		status = copy_to_spool(src, fd);
		if (!status)
			status = read_source_fd(src->spool, path, o, s);
	}
	if (!stdin_)
		close(fd);
	src->rows = s->rows_read - before;
	return status;
}

int source_second(struct source *src, const struct input_opts *o,
    struct sink *s)
{
	int stdin_ = !strcmp(src->path, "-"), fd, status;
	uint64_t before = sink_echoed(s);
	struct stat sb;

	if (src->spool >= 0) {
		if (lseek(src->spool, 0, SEEK_SET) != 0) {
			msg("%s: %s", display(src->path), strerror(errno));
			return EX_IOERR;
		}
		status = read_source_fd(src->spool, src->path, o, s);
	} else {
		fd = stdin_ ? STDIN_FILENO : open(src->path, O_RDONLY);
		if (fd < 0) {
			msg("%s: %s", display(src->path), strerror(errno));
			return EX_NOINPUT;
		}
		if (fstat(fd, &sb) != 0 || !same_file(&sb, &src->sb) ||
		    (stdin_ && lseek(fd, src->start, SEEK_SET) != src->start))
			status = changed(src);
		else
			status = read_source_fd(fd, src->path, o, s);
		/* Changed while it was read the second time? */
		if (!status && (fstat(fd, &sb) != 0 || !same_file(&sb,
		    &src->sb)))
			status = changed(src);
		if (!stdin_)
			close(fd);
	}
	if (!status && sink_echoed(s) != before + src->rows) {
		msg("%s: the second reading of --fitted found %llu data rows, "
		    "the first %llu", display(src->path),
		    (unsigned long long)(sink_echoed(s) - before),
		    (unsigned long long)src->rows);
		status = EX_NOINPUT;
	}
	return status;
}

void source_close(struct source *src)
{
	if (src->spool >= 0)
		close(src->spool);
	src->spool = -1;
}
