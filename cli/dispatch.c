/*
 * dispatch.c - a source: open it (or take standard input), decide its
 * format (--input-format, else the file name's extension, else the
 * first non-blank byte) and run the matching reader (readers.h); and
 * the same for --predict-file.
 *
 * Cut from input.c so that only this file calls the readers: they
 * call the sink, delimited.c and read_csv.c, none of which calls back
 * here, so the data's path has no cycle.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "delimited.h"
#include "diag.h"
#include "dispatch.h"
#include "predict.h"
#include "read_csv.h"
#include "readers.h"
#include "sink.h"

#define SNIFF_MAX 65536

static enum input_format format_from_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return FMT_AUTO;
	if (!strcasecmp(dot, ".csv"))
		return FMT_CSV;
	if (!strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".tab"))
		return FMT_TSV;
	if (!strcasecmp(dot, ".json"))
		return FMT_JSON;
	if (!strcasecmp(dot, ".ndjson") || !strcasecmp(dot, ".jsonl"))
		return FMT_NDJSON;
	return FMT_AUTO;
}

/*
 * Read up to SNIFF_MAX bytes until the first byte that is not blank or
 * part of a UTF-8 BOM; *first is that byte, or -1 at end of input.
 */
static ssize_t sniff(int fd, char *buf, int *first)
{
	size_t n = 0, i = 0;
	*first = -1;
	while (n < SNIFF_MAX) {
		ssize_t got = read(fd, buf + n, SNIFF_MAX - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		n += (size_t)got;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];
			if (i < 3 && (c == 0xef || c == 0xbb || c == 0xbf))
				continue;
			if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
				*first = c;
				return (ssize_t)n;
			}
		}
	}
	return (ssize_t)n;
}

/*
 * The first data line of buf[0..n) at or after from: not blank, not a
 * '#' comment (as read_csv.c skips them).  Returns its offset and *len
 * (without the LF), *complete when its LF is there; -1 when none is.
 */
static long data_line(const char *buf, size_t n, size_t from, size_t *len,
    int *complete)
{
	size_t s = from, e, i;

	if (s == 0 && n >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		s = 3;
	for (; s < n; s = e + 1) {
		const char *lf = memchr(buf + s, '\n', n - s);
		e = lf ? (size_t)(lf - buf) : n;
		*complete = lf != NULL;
		*len = e - s;
		for (i = s; i < e && (buf[i] == ' ' || buf[i] == '\t' ||
		    buf[i] == '\r'); i++)
			;
		if (i < e && buf[s] != '#')
			return (long)s;
		if (!lf)
			break;
	}
	return -1;
}

/*
 * Read on (buf holds n bytes) until the first data line is whole, the
 * buffer is full or the input ends; the new count, or -1 on an error.
 */
static ssize_t sniff_line(int fd, char *buf, size_t n)
{
	size_t len;
	int complete = 0;

	while (n < SNIFF_MAX && !(data_line(buf, n, 0, &len, &complete) >= 0 &&
	    complete)) {
		ssize_t got = read(fd, buf + n, SNIFF_MAX - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	return (ssize_t)n;
}

/* Runs of non-blank bytes in s[0..len). */
static size_t blank_fields(const char *s, size_t len)
{
	size_t i, k = 0;
	int in = 0;

	for (i = 0; i < len; i++) {
		int blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
		k += !blank && !in;
		in = !blank;
	}
	return k;
}

/*
 * The delimiter of delimited data whose name does not say (standard
 * input, no .csv/.tsv extension): a first data line without a comma
 * but with a tab is tab-separated; without either but with two or
 * more blank-separated fields (and the second line, when already read,
 * with as many) is blank-separated (--whitespace).  Anything else, a
 * double quote included, stays a comma: one column, a name with a
 * blank in it over one column of numbers, quoted fields.
 */
static int sniff_delim(const char *buf, size_t n)
{
	size_t len, len2, k;
	int complete, complete2;
	long at = data_line(buf, n, 0, &len, &complete), at2;

	if (at < 0 || memchr(buf + at, ',', len) || memchr(buf + at, '"', len))
		return ',';
	if (memchr(buf + at, '\t', len))
		return '\t';
	k = blank_fields(buf + at, len);
	if (k < 2)
		return ',';
	at2 = complete ? data_line(buf, n, (size_t)at + len + 1, &len2,
	    &complete2) : -1;
	if (at2 >= 0 && complete2 && (memchr(buf + at2, ',', len2) ||
	    blank_fields(buf + at2, len2) != k))
		return ',';
	return CSV_WHITESPACE;
}

int read_source(const char *path, const struct input_opts *o, struct sink *s)
{
	return read_source_fd(-1, path, o, s);
}

int read_source_fd(int given, const char *path, const struct input_opts *o,
    struct sink *s)
{
	int stdin_ = strcmp(path, "-") == 0;
	const char *name = stdin_ ? "<stdin>" : path;
	int fd = given >= 0 ? given : stdin_ ? STDIN_FILENO :
	    open(path, O_RDONLY);
	enum input_format fmt = o->format;
	char *prefix = NULL;
	ssize_t n = 0;
	int status = EX_OK, first = -1, delim, sniffed = 0;
	struct stat sb;
	csv_reader *r;

	memset(&sb, 0, sizeof sb);
	if (fd < 0) {
		msg("%s: %s", name, strerror(errno));
		return EX_NOINPUT;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		msg("%s: %s", name, strerror(EISDIR));
		status = EX_NOINPUT;
		goto end;
	}
	if (fmt == FMT_AUTO && !stdin_)
		fmt = format_from_name(path);
	if (fmt == FMT_AUTO || fmt == FMT_JSON || fmt == FMT_NDJSON) {
		prefix = malloc(SNIFF_MAX);
		if (!prefix) {
			status = oom();
			goto end;
		}
		n = sniff(fd, prefix, &first);
		if (n < 0) {
			msg("%s: %s", name, strerror(errno));
			status = EX_NOINPUT;
			goto end;
		}
		if (fmt == FMT_AUTO)
			fmt = first == '[' || first == '{' ? FMT_AUTO : FMT_CSV;
		if (fmt == FMT_CSV && !o->delim && o->format == FMT_AUTO &&
		    !o->decimal_comma) {
			if ((n = sniff_line(fd, prefix, (size_t)n)) < 0) {
				msg("%s: %s", name, strerror(errno));
				status = EX_NOINPUT;
				goto end;
			}
			sniffed = sniff_delim(prefix, (size_t)n);
		}
	}
	/* --progress counts from here, in every format and with -j. */
	sink_source_start(s, S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0);
	if (fmt != FMT_CSV && fmt != FMT_TSV) {
		/*
		 * FMT_AUTO here means JSON or NDJSON, decided by read_json
		 * from the content; so does a .json name (JSON Lines files
		 * are often called .json).  Only --input-format json insists.
		 */
		if (fmt == FMT_JSON && o->format == FMT_AUTO)
			fmt = FMT_AUTO;
		status = read_json(fd, name, prefix, (size_t)n, fmt, o, s);
		goto end;
	}
	delim = o->delim ? o->delim : sniffed ? sniffed :
	    fmt == FMT_TSV ? '\t' : o->decimal_comma ? ';' : ',';
	if (!stdin_ && o->threads > 1 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size >= PARALLEL_MIN_BYTES) {
		int done = 0;
		status = read_parallel(fd, name, delim, (uint64_t)sb.st_size, o,
		    s, &done);
		if (done)
			sink_source_done(s, (uint64_t)sb.st_size);
		if (status || done)
			goto end;
		/* Not splittable: from the start, in one piece. */
		n = 0;
		if (lseek(fd, 0, SEEK_SET) != 0) {
			msg("%s: %s", name, strerror(errno));
			status = EX_NOINPUT;
			goto end;
		}
	}
	r = csv_open_prefix(fd, delim, prefix, (size_t)n);
	if (!r) {
		status = oom();
		goto end;
	}
	csv_set_max_record(r, o->max_record);
	status = read_delimited(r, name, o, s);
	sink_source_done(s, csv_bytes(r));
	csv_close(r);
end:
	/*
	 * A regular file that shrank while it was read gave a cut-off data
	 * set: say so rather than fit what happened to be there.
	 */
	if ((!status || status == EX_DATAERR) && S_ISREG(sb.st_mode)) {
		struct stat sb_end;
		if (fstat(fd, &sb_end) == 0 && sb_end.st_size < sb.st_size) {
			msg("%s: the file shrank while it was read (from %lld "
			    "to %lld bytes)", name, (long long)sb.st_size,
			    (long long)sb_end.st_size);
			status = EX_NOINPUT;
		}
	}
	free(prefix);
	if (!stdin_ && given < 0)
		close(fd);
	return status;
}

/* ------------------------------------------------------------------ */
/* --predict-file                                                      */
/* ------------------------------------------------------------------ */

int read_prediction_rows(const char *path, const struct input_opts *o,
    const struct predict_hooks *h)
{
	int stdin_ = strcmp(path, "-") == 0, status;
	int fd = stdin_ ? STDIN_FILENO : open(path, O_RDONLY);
	const char *name = stdin_ ? "<stdin>" : path;
	enum input_format fmt = stdin_ ? FMT_AUTO : format_from_name(path);
	csv_reader *r;

	if (fd < 0) {
		msg("%s: %s", name, strerror(errno));
		return EX_NOINPUT;
	}
	r = csv_open(fd, o->delim ? o->delim : fmt == FMT_TSV ? '\t' :
	    o->decimal_comma ? ';' : ',');
	if (!r) {
		status = oom();
	} else {
		csv_set_max_record(r, o->max_record);
		status = predict_rows(r, name, o, h);
	}
	csv_close(r);
	if (!stdin_)
		close(fd);
	return status;
}

/* ------------------------------------------------------------------ */
/* A formula's '.': the names of the first file's header               */
/* ------------------------------------------------------------------ */

/* The first JSON object of buf[0..n): its text's end, or 0. */
static size_t first_object(const char *buf, size_t n, size_t *start)
{
	size_t i;
	int depth = 0, str = 0;
	for (i = 0; i < n; i++) {
		char c = buf[i];
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = 0;
			continue;
		}
		if (c == '"')
			str = 1;
		else if (c == '{' && depth++ == 0)
			*start = i;
		else if (c == '}' && depth > 0 && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* The keys of the first object of a JSON file (its first SNIFF_MAX bytes). */
static int json_names(int fd, const char *path, char ***names, int *n)
{
	char *buf = malloc(SNIFF_MAX);
	size_t got = 0, start = 0, end;
	cJSON *obj, *it;
	int st = EX_OK;

	if (!buf)
		return oom();
	while (got < SNIFF_MAX) {
		ssize_t k = read(fd, buf + got, SNIFF_MAX - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	end = first_object(buf, got, &start);
	obj = end ? cJSON_ParseWithLength(buf + start, end - start) : NULL;
	free(buf);
	if (!obj || !cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		msg("%s: no object in its first %d bytes to take the formula's "
		    "'.' from", path, SNIFF_MAX);
		return EX_DATAERR;
	}
	*names = calloc((size_t)cJSON_GetArraySize(obj) + 1, sizeof **names);
	if (!*names) {
		cJSON_Delete(obj);
		return oom();
	}
	for (it = obj->child; it && !st; it = it->next) {
		if (!((*names)[*n] = strdup(it->string)))
			st = oom();
		else
			(*n)++;
	}
	cJSON_Delete(obj);
	return st;
}

int read_header_names(const char *path, const struct input_opts *o,
    char ***names, int *n)
{
	enum input_format fmt = format_from_name(path);
	int fd, st = EX_OK, i;
	csv_reader *r;
	csv_record rec;

	*names = NULL;
	*n = 0;
	if (!strcmp(path, "-")) {
		msg("a formula's '.' stands for the columns of the first file; "
		    "with standard input, name the columns instead");
		return EX_USAGE;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		msg("%s: %s", path, strerror(errno));
		return EX_NOINPUT;
	}
	if (fmt == FMT_JSON || fmt == FMT_NDJSON || o->format == FMT_JSON ||
	    o->format == FMT_NDJSON) {
		st = json_names(fd, path, names, n);
		close(fd);
		return st;
	}
	r = csv_open(fd, o->delim ? o->delim : fmt == FMT_TSV ? '\t' : ',');
	if (!r) {
		close(fd);
		return oom();
	}
	if (csv_next(r, &rec) != 1) {
		msg("%s: no header to take the formula's '.' from", path);
		st = EX_DATAERR;
	} else if (!(*names = calloc(rec.nfields + 1, sizeof **names))) {
		st = oom();
	} else {
		for (i = 0; i < (int)rec.nfields && !st; i++) {
			(*names)[i] = strndup(rec.field[i], rec.len[i]);
			if (!(*names)[i])
				st = oom();
			*n = i + 1;
		}
	}
	csv_close(r);
	close(fd);
	return st;
}
