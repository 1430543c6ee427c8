/*
 * fuzz_cli.c - the whole command, from input bytes to a report:
 * cli/main.c, built with -Dmain=linreg_main, run in-process with a
 * fixed command line on a temporary file that holds the data.
 *
 * Input: one control byte, then the file's bytes.
 *   bits 0-3  the options (table below); every set ends in
 *             "-o /dev/null FILE", so the writers run but print nothing
 *   bits 4-6  the file's name: no extension (format sniffed from the
 *             content) for 0-3, then .csv .tsv .json .jsonl
 *
 * Option sets 5 and 13 (-j 2) pad the file past the 1 MiB at which
 * linreg splits a file between threads: the data, 1 MiB of comment
 * lines, then the data again, so each thread's piece holds a copy.
 * The same file is then read with -j 1, and the two runs must agree
 * on every message that names the file (the first bad row and its
 * line, the count of skipped rows) and on the exit status (except 0
 * against 65, which a fit at the limits of double precision may give):
 * abort() otherwise.
 *
 * Option sets 0, 1, 10 and 11 run twice, with the fast lane and
 * without (LINREG_LANE=0), and must agree byte for byte: messages,
 * exit status and output.  Sets 11 and 13 have a small --max-record,
 * so that the limit is checked against the lane and the pieces too.
 *
 * The data file is /tmp/fuzz_cli.PID[.EXT], removed after each input.
 * The program's messages go to /dev/null (fuzz_quiet_stderr; set
 * FUZZ_VERBOSE=1 to see them).  linreg_main exits only on usage
 * errors, which these fixed option sets do not make.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

int linreg_main(int argc, char **argv);

#define PATH_ARG "@"	/* replaced by the data file's name */
#define MAXARGS 20
#define PAD_BYTES (1 << 20)	/* linreg splits files of 1 MiB or more */

static const char *const optsets[16][MAXARGS] = {
	/* 0 */ { "--json", NULL },
	/* 1 */ { "--skip-invalid", "--plot=60x16", "--svg", "/dev/null",
		  NULL },
	/* 2 */ { "--origin", "--predict", "1,2", NULL },
	/* 3 */ { "--degree", "2", "--format", "csv", NULL },
	/* 4 */ { "--input-format", "json", "--json", NULL },
	/* 5 */ { "-j", "2", "--json", NULL },
	/* 6 */ { "--input-format", "ndjson", "--skip-invalid", NULL },
	/* 7 */ { "--whitespace", "--header", "--format", "tsv", NULL },
	/* 8 */ { "-d", ";", "--no-header", "--precision", "3", NULL },
	/* 9 */ { "-x", "1,3", "-y", "2", "--predict", "1,2;3,4", "--json",
		  NULL },
	/* 10 */ { "--weights", "3", "--level", "0.9", "--skip-invalid",
		   "--format", "csv", "--svg", "/dev/null", NULL },
	/* 11 */ { "-x", "x", "-y", "y", "--json", "--max-record", "64",
		   NULL },
	/* 12 */ { "--predict-file", PATH_ARG, "--precision", "17", NULL },
	/* 13 */ { "-j", "2", "--skip-invalid", "--format", "tsv",
		   "--max-record", "200", NULL },
	/* 14 */ { "--degree", "3", "--origin", "--predict", "0.5",
		   "--input-format", "csv", "--plot=40x10", "--ascii", "--svg",
		   "/dev/null", NULL },
	/* 15 */ { "-x", "a,b", "-y", "c", "--weights", "w",
		   "--skip-invalid", "--json", NULL },
};

static const char *const exts[8] = { "", "", "", "", ".csv", ".tsv",
	".json", ".jsonl" };

static char paths[8][64];

static void write_all(int fd, const void *p, size_t n)
{
	const char *b = p;

	while (n > 0) {
		ssize_t k = write(fd, b, n);
		if (k <= 0)
			fuzz_fail("cli: cannot write the data file");
		b += k;
		n -= (size_t)k;
	}
}

/*
 * Write the data file; padded: the data, 1 MiB of 1 KiB comment lines
 * (so that the split point lands in them, and a scan for the next line
 * end is short), then the data again.
 */
static void make_file(const char *path, const uint8_t *data, size_t size,
    int padded)
{
	static char *pad;
	int fd;

	/* A new file each time: truncating one makes ext4 flush it on close. */
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0)
		fuzz_fail("cli: cannot create %s", path);
	write_all(fd, data, size);
	if (padded) {
		size_t i;
		if (!pad) {
			pad = malloc(PAD_BYTES);
			if (!pad)
				fuzz_fail("cli: out of memory");
			for (i = 0; i < PAD_BYTES; i++)
				pad[i] = i % 1024 == 0 ? '#' :
				    i % 1024 == 1023 ? '\n' : '-';
		}
		write_all(fd, "\n", 1);
		write_all(fd, pad, PAD_BYTES);
		write_all(fd, data, size);
	}
	close(fd);
}

/* Run linreg with the option set and the file; its messages into *log. */
static int run(int set, const char *path, const char *threads, char **log,
    const char *out)
{
	char store[MAXARGS + 8][64], *argv[MAXARGS + 8];
	int argc = 0, i, status;
	FILE *saved = stderr, *mem = NULL;
	size_t loglen = 0;

	strcpy(store[argc], "linreg");
	argv[argc] = store[argc];
	argc++;
	for (i = 0; optsets[set][i]; i++) {
		const char *a = optsets[set][i];
		if (threads && !strcmp(a, "2") && i > 0 &&
		    !strcmp(optsets[set][i - 1], "-j"))
			a = threads;
		if (!strcmp(a, PATH_ARG))
			a = path;
		strcpy(store[argc], a);	/* writable: --predict is cut in place */
		argv[argc] = store[argc];
		argc++;
	}
	strcpy(store[argc], "-o");
	argv[argc] = store[argc];
	argc++;
	strcpy(store[argc], out ? out : "/dev/null");
	argv[argc] = store[argc];
	argc++;
	strcpy(store[argc], path);
	argv[argc] = store[argc];
	argc++;
	argv[argc] = NULL;

#ifdef __GLIBC__
	if (log) {
		*log = NULL;
		mem = open_memstream(log, &loglen);
		if (!mem)
			fuzz_fail("cli: open_memstream failed");
		stderr = mem;
	}
#else
	(void)loglen;
	if (log)
		*log = NULL;
#endif
	optind = 0;	/* glibc: start getopt_long afresh */
	status = linreg_main(argc, argv);
	if (mem) {
		stderr = saved;
		fclose(mem);
	}
	return status;
}

/* The whole of a file (NULL, *n = 0 when it is missing or empty). */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long len;

	*n = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)len)) != NULL)
		*n = fread(b, 1, (size_t)len, f);
	fclose(f);
	return b;
}

/* The lines of log that name path, in order, joined. */
static char *file_lines(const char *log, const char *path)
{
	size_t n = log ? strlen(log) : 0, o = 0;
	char *out = malloc(n + 1);
	const char *p = log, *e;

	if (!out)
		fuzz_fail("cli: out of memory");
	while (p && *p) {
		e = strchr(p, '\n');
		e = e ? e + 1 : p + strlen(p);
		if (strstr(p, path) && strstr(p, path) < e) {
			memcpy(out + o, p, (size_t)(e - p));
			o += (size_t)(e - p);
		}
		p = e;
	}
	out[o] = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned ctl;
	int set, x;
	const char *path;

	fuzz_quiet_stderr();
	if (size < 1)
		return 0;
	ctl = data[0];
	data++;
	size--;
	set = ctl & 15;
	x = (ctl >> 4) & 7;
	if (!paths[x][0])
		snprintf(paths[x], sizeof paths[x], "/tmp/fuzz_cli.%ld%s",
		    (long)getpid(), exts[x]);
	path = paths[x];

	if (set == 5 || set == 13) {
		char *log1, *log2, *l1, *l2;
		int st1, st2;
		make_file(path, data, size, 1);
		st2 = run(set, path, "2", &log2, NULL);
		st1 = run(set, path, "1", &log1, NULL);
		if (getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "-j 2: exit %d\n%s-j 1: exit %d\n%s", st2,
			    log2 ? log2 : "", st1, log1 ? log1 : "");
		l1 = file_lines(log1, path);
		l2 = file_lines(log2, path);
		/*
		 * The fits may differ by rounding, and so may a verdict on
		 * data at the edge of what a double holds (0 vs 65, e.g.
		 * "all x values are equal" for x values a subnormal apart).
		 * Pieces merge in a common frame, however far apart their
		 * values lie: whatever -j 1 fits, -j 2 fits, with the same
		 * messages (no exception for data spanning 2^500: issue 13).
		 */
		if (strcmp(l1, l2) || (st1 != st2 &&
		    !((st1 == 0 || st1 == 65) && (st2 == 0 || st2 == 65))))
			fuzz_fail("cli: -j 2 and -j 1 disagree: exit %d vs %d,"
			    "\n-j 2 said:\n%s-j 1 said:\n%s", st2, st1,
			    log2 ? log2 : "", log1 ? log1 : "");
		free(l1);
		free(l2);
		free(log1);
		free(log2);
	} else if (set == 0 || set == 1 || set == 10 || set == 11) {
		/*
		 * The fast lane against the general reader (LINREG_LANE=0):
		 * the same messages, exit status and output, byte for byte.
		 */
		char *log1, *log2, *o1, *o2;
		char out1[80], out2[80];
		int st1, st2;
		size_t n1, n2;
		make_file(path, data, size, 0);
		snprintf(out1, sizeof out1, "%s.lane", path);
		snprintf(out2, sizeof out2, "%s.general", path);
		st1 = run(set, path, NULL, &log1, out1);
		setenv("LINREG_LANE", "0", 1);
		st2 = run(set, path, NULL, &log2, out2);
		unsetenv("LINREG_LANE");
		o1 = slurp(out1, &n1);
		o2 = slurp(out2, &n2);
		if (st1 != st2 || strcmp(log1 ? log1 : "", log2 ? log2 : "") ||
		    n1 != n2 || (n1 && memcmp(o1, o2, n1)))
			fuzz_fail("cli: the fast lane and the general reader "
			    "disagree: exit %d vs %d\nlane said:\n%s%.*s\n"
			    "general said:\n%s%.*s\n", st1, st2,
			    log1 ? log1 : "", (int)n1, o1 ? o1 : "",
			    log2 ? log2 : "", (int)n2, o2 ? o2 : "");
		free(o1);
		free(o2);
		free(log1);
		free(log2);
		unlink(out1);
		unlink(out2);
	} else {
		make_file(path, data, size, 0);
		(void)run(set, path, NULL, NULL, NULL);
	}
	unlink(path);
	return 0;
}
