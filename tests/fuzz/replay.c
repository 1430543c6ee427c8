/*
 * replay.c - run a fuzz target's LLVMFuzzerTestOneInput on files,
 * without libFuzzer: for CI, and to reproduce a crash under a debugger.
 *
 *   replay [-v] FILE|DIR...
 *
 * Each FILE, and each regular file directly in each DIR (in name
 * order), is read whole and handed to the target once.  A sanitizer
 * report or an oracle's abort() ends the run with the file's name on
 * standard error (and -v names each input before it runs).  Exit
 * status 0 when every input ran, 1 when a file could not be read, 2
 * for a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"

static const char *current;
static FILE *err;	/* the real standard error: targets may silence stderr */

#ifdef __GNUC__
/* The sanitizers' hook, present when they are linked in. */
void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));
#endif

static void name_input(void)
{
	static const char pre[] = "replay: failed on input ";
	if (current) {
		if (write(2, pre, sizeof pre - 1) < 0 ||
		    write(2, current, strlen(current)) < 0 ||
		    write(2, "\n", 1) < 0) {
			/* nothing to do */
		}
	}
}

/* An oracle's abort(): name the input, then die of it. */
static void on_abort(int sig)
{
	name_input();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int run_file(const char *path, int verbose)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *nb;
	size_t n = 0, cap = 0, got;

	if (!f) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			if (!(nb = realloc(buf, cap))) {
				fprintf(err, "%s: out of memory\n", path);
				free(buf);
				fclose(f);
				return 1;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		free(buf);
		fclose(f);
		return 1;
	}
	fclose(f);
	if (verbose) {
		fprintf(err, "replay: %s (%zu bytes)\n", path, n);
		fflush(err);
	}
	current = path;
	/* An exact-size copy, so ASan sees reads past the end. */
	nb = malloc(n ? n : 1);
	if (!nb) {
		free(buf);
		return 1;
	}
	memcpy(nb, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(nb, n);
	free(nb);
	current = NULL;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, int verbose, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **nn;
	size_t n = 0, cap = 0, i;
	int bad = 0;

	if (!d) {
		fprintf(err, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		p = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!p)
			break;
		sprintf(p, "%s/%s", dir, e->d_name);
		if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(p);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if (!(nn = realloc(names, cap * sizeof *nn))) {
				free(p);
				break;
			}
			names = nn;
		}
		names[n++] = p;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		bad |= run_file(names[i], verbose);
		(*count)++;
		free(names[i]);
	}
	free(names);
	return bad;
}

int main(int argc, char **argv)
{
	int i, bad = 0, verbose = 0;
	size_t count = 0;
	struct stat sb;

	int fd = dup(2);

	err = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!err)
		err = stderr;
	setvbuf(err, NULL, _IONBF, 0);
	signal(SIGABRT, on_abort);
#ifdef __GNUC__
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(name_input);
#endif
	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(err, "usage: %s [-v] FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			bad |= run_dir(argv[i], verbose, &count);
		} else {
			bad |= run_file(argv[i], verbose);
			count++;
		}
	}
	printf("%s: ran %zu input%s\n", argv[0], count, count == 1 ? "" : "s");
	return bad;
}
