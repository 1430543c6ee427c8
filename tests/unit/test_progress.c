/*
 * test_progress.c - --progress (cli/progress.c), linked alone: silent
 * until a second has passed, one line a report in a log (mode 2) and a
 * redrawn one on a terminal (mode 1), the totals at the end, nothing at
 * all when off.  Standard error is caught in a temporary file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "harness.h"
#include "progress.h"

static void test_log(void)
{
	struct progress p;
	const char *said;

	memset(&p, 0, sizeof p);
	p.mode = 2;
	cap_begin();
	progress_start(&p, 0, 0);         /* starts the clock, says nothing */
	progress_update(&p, 500000, 3);   /* within the first second */
	said = cap_end();
	CHECK(*said == '\0' && p.t0 > 0 && !p.shown);
	/* A clock started long ago: a report, one line (size unknown). */
	p.t0 = p.tlast = 1e-9;
	cap_begin();
	progress_update(&p, 1000000, 7);
	said = cap_end();
	CHECK(!strcmp(said, "linreg: 1.0 MB, 7 rows, 0 MB/s\n"));
	CHECK(p.shown);
	/* Bytes of finished sources count before the current one's. */
	progress_done(&p, 2500000);
	p.t0 = 0;
	cap_begin();
	progress_end(&p, 9);
	said = cap_end();
	CHECK(!strcmp(said, "linreg: read 2.5 MB, 9 rows in 0.00 s\n"));
}

static void test_terminal(void)
{
	struct progress p;
	const char *said;

	memset(&p, 0, sizeof p);
	p.mode = 1;
	p.t0 = p.tlast = 1e-9;
	cap_begin();
	progress_update(&p, 1000000, 7);
	progress_end(&p, 7);
	said = cap_end();
	CHECK(!strcmp(said, "\r\033[Klinreg: 1.0 MB, 7 rows, 0 MB/s\r\033[K"));
	/* Off: nothing. */
	memset(&p, 0, sizeof p);
	cap_begin();
	progress_start(&p, 100, 0);
	progress_end(&p, 7);
	said = cap_end();
	CHECK(*said == '\0' && p.size == 100);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_log);
	RUN(test_terminal);
	return harness_report("progress");
}
