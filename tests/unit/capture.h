/*
 * capture.h - what a unit test's code under test says on standard
 * error: cap_begin() sends fd 2 to a temporary file, cap_end() puts it
 * back and returns what was written (a static buffer, up to 1 KiB).
 * For the tests of modules that report through msg().
 */
#ifndef LINREG_TEST_CAPTURE_H
#define LINREG_TEST_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static FILE *cap_file;
static int cap_saved = -1;

static void cap_begin(void)
{
	fflush(stderr);
	cap_file = tmpfile();
	cap_saved = dup(2);
	if (!cap_file || cap_saved < 0 || dup2(fileno(cap_file), 2) < 0)
		abort();
}

static const char *cap_end(void)
{
	static char buf[1024];
	size_t n;
	fflush(stderr);
	dup2(cap_saved, 2);
	close(cap_saved);
	rewind(cap_file);
	n = fread(buf, 1, sizeof buf - 1, cap_file);
	buf[n] = '\0';
	fclose(cap_file);
	return buf;
}

#endif
