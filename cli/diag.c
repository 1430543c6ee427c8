/*
 * diag.c - msg() and the out-of-memory message (see diag.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "write.h"

/*
 * Messages name columns, groups and cells from the data, which may hold
 * escape sequences: the whole message goes out through text_put, so no
 * control byte of the data reaches the terminal (values in messages are
 * escaped already by describe_cell, with the same function).
 */
void msg(const char *fmt, ...)
{
	va_list ap;
	char small[512], *big = NULL;
	int n;

	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is right above */
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof small && (big = malloc((size_t)n + 1)) != NULL) {
		va_start(ap, fmt);
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is right above */
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fputs("linreg: ", stderr);
	text_put(stderr, big ? big : small); /* cut short if no memory */
	putc('\n', stderr);
	free(big);
}

int oom(void)
{
	msg("out of memory");
	return EX_OSERR;
}
