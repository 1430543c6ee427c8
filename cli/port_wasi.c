/*
 * port_wasi.c - the POSIX calls wasi-libc leaves out, for the CLI built
 * for wasm32-wasi, and its working directory; see port.h.  Empty in a
 * native build.
 */
#ifdef __wasi__
#define _BSD_SOURCE /* arc4random */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "port.h"

/*
 * Replace the six X that end tmpl by random letters and digits and
 * create that file, as POSIX mkstemp does.  arc4random reads WASI's
 * random_get; O_EXCL makes the name ours alone.
 */
int mkstemp(char *tmpl)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = strlen(tmpl);
	char *x;
	int tries, i, fd;

	if (len < 6 || strcmp(tmpl + len - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	x = tmpl + len - 6;
	for (tries = 0; tries < 100; tries++) {
		for (i = 0; i < 6; i++)
			x[i] = chars[arc4random_uniform(sizeof chars - 1)];
		fd = open(tmpl, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/*
 * A WASI program starts in "/" of its preopened directories whatever
 * the host's working directory: the runner (scripts/wasi-run.mjs) names
 * that in PWD, and relative paths start there, before main, as natively.
 */
__attribute__((constructor)) static void port_chdir(void)
{
	const char *pwd = getenv("PWD");
	if (pwd && *pwd == '/')
		(void)chdir(pwd);
}

/* WASI resolves no links for us: callers fall back to the path itself. */
char *realpath(const char *path, char *resolved)
{
	(void)path;
	(void)resolved;
	errno = ENOSYS;
	return NULL;
}

/* WASI files have no permission bits. */
mode_t umask(mode_t mask)
{
	(void)mask;
	return 0;
}

int fchmod(int fd, mode_t mode)
{
	(void)fd;
	(void)mode;
	return 0;
}

/* WASI has no dup; see port.h. */
int dup(int fd)
{
	(void)fd;
	errno = ENOSYS;
	return -1;
}
#else
/* ISO C wants a declaration in every translation unit. */
typedef int port_wasi_native;
#endif
