/*
 * test_csv.c - unit tests for the streaming CSV/TSV/whitespace reader.
 *
 * Small inputs are checked through a temp file and through a pipe fed by
 * a child process 1 and 3 bytes at a time, so every record also gets cut
 * at awkward places between reads.  Each input's records are rendered as
 * "line-end_line:f1|f2|...", one per line, ending in "EOF" or
 * "ERR(line):message", and compared with the expected text.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "read_csv.h"

/* A growable string. */
struct sbuf {
	char *p;
	size_t n, cap;
};

/* Append n bytes to s. */
static void sb_add(struct sbuf *s, const char *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		s->cap = 2 * (s->n + n + 1);
		s->p = realloc(s->p, s->cap);
		if (!s->p)
			abort();
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = 0;
}

/* Append a field, escaping NUL, CR, LF, '|' and '\\' so the dump is one line. */
static void sb_field(struct sbuf *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case 0: sb_add(s, "\\0", 2); break;
		case '\n': sb_add(s, "\\n", 2); break;
		case '\r': sb_add(s, "\\r", 2); break;
		case '|': sb_add(s, "\\|", 2); break;
		case '\\': sb_add(s, "\\\\", 2); break;
		default: sb_add(s, p + i, 1);
		}
	}
}

/* Read r to the end and render its records, ending in EOF or the error. */
static char *dump(csv_reader *r)
{
	struct sbuf s = { NULL, 0, 0 };
	csv_record rec;
	char tmp[64];
	size_t i;
	int k;

	sb_add(&s, "", 0);
	while ((k = csv_next(r, &rec)) == 1) {
		snprintf(tmp, sizeof tmp, "%llu-%llu:",
		    (unsigned long long)rec.line, (unsigned long long)rec.end_line);
		sb_add(&s, tmp, strlen(tmp));
		for (i = 0; i < rec.nfields; i++) {
			if (i)
				sb_add(&s, "|", 1);
			if (rec.field[i][rec.len[i]] != 0)
				sb_add(&s, "<no NUL>", 8);
			sb_field(&s, rec.field[i], rec.len[i]);
		}
		sb_add(&s, "\n", 1);
	}
	if (k == 0) {
		sb_add(&s, "EOF", 3);
	} else {
		snprintf(tmp, sizeof tmp, "ERR(%llu):",
		    (unsigned long long)csv_error_line(r));
		sb_add(&s, tmp, strlen(tmp));
		sb_add(&s, csv_error(r), strlen(csv_error(r)));
		if (csv_errno(r) != 0)
			sb_add(&s, " (errno set)", 12);
		if (csv_next(r, &rec) != -1)	/* errors are sticky */
			sb_add(&s, " (not sticky)", 13);
	}
	return s.p;
}

/* Write n bytes to a new temp file, rewound; the caller fcloses it. */
static FILE *temp_with(const void *in, size_t n)
{
	FILE *f = tmpfile();

	if (!f || fwrite(in, 1, n, f) != n || fflush(f) != 0 ||
	    lseek(fileno(f), 0, SEEK_SET) != 0)
		abort();
	return f;
}

/* Dump in via a temp file. */
static char *dump_file(const char *in, size_t n, int delim)
{
	FILE *f = temp_with(in, n);
	csv_reader *r = csv_open(fileno(f), delim);
	char *s = dump(r);

	csv_close(r);
	fclose(f);
	return s;
}

/* Start a child that writes in[0..n) into a pipe, chunk bytes per write;
 * returns the read end. */
static int pipe_writer(const char *in, size_t n, size_t chunk, pid_t *pid)
{
	int fd[2];
	size_t off, k;

	if (pipe(fd) != 0 || (*pid = fork()) < 0)
		abort();
	if (*pid == 0) {
		close(fd[0]);
		for (off = 0; off < n; off += k) {
			k = n - off < chunk ? n - off : chunk;
			if (write(fd[1], in + off, k) != (ssize_t)k)
				_exit(1);
		}
		_exit(0);
	}
	close(fd[1]);
	return fd[0];
}

/* Dump in via a pipe written chunk bytes at a time. */
static char *dump_pipe(const char *in, size_t n, int delim, size_t chunk)
{
	pid_t pid;
	int fd = pipe_writer(in, n, chunk, &pid), st;
	csv_reader *r = csv_open(fd, delim);
	char *s = dump(r);

	csv_close(r);
	close(fd);
	waitpid(pid, &st, 0);
	return s;
}

/* Does in read as want from a file and from pipes fed in small pieces? */
static int expect(const char *in, size_t n, int delim, const char *want)
{
	char *got[3];
	int i, ok = 1;

	got[0] = dump_file(in, n, delim);
	got[1] = dump_pipe(in, n, delim, 1);
	got[2] = dump_pipe(in, n, delim, 3);
	for (i = 0; i < 3; i++) {
		if (strcmp(got[i], want) != 0) {
			fprintf(stderr, "source %d: got\n%s\nwant\n%s\n", i,
			    got[i], want);
			ok = 0;
		}
		free(got[i]);
	}
	return ok;
}

#define EXPECT(in, delim, want) CHECK(expect(in, sizeof(in) - 1, delim, want))

/* Plain unquoted records, a '"' inside an unquoted field, no trimming. */
static void test_plain(void)
{
	EXPECT("a,b,c\n1,2,3\n", ',', "1-1:a|b|c\n2-2:1|2|3\nEOF");
	EXPECT("x\n", ',', "1-1:x\nEOF");
	EXPECT(" a , b\"c\" ,d\"\n", ',', "1-1: a | b\"c\" |d\"\nEOF");
	EXPECT("", ',', "EOF");
}

/* Quoted fields: delimiter inside, doubled quotes, empty quoted fields. */
static void test_quoted(void)
{
	EXPECT("\"a,b\",c\n", ',', "1-1:a,b|c\nEOF");
	EXPECT("\"say \"\"hi\"\"\",\"\"\"\"\n", ',',
	    "1-1:say \"hi\"|\"\nEOF");
	EXPECT("\"\",\"\",x\n", ',', "1-1:||x\nEOF");
	EXPECT("a,\"b\"\n\"#c\",\"\"\"\"\"\"\n", ',', "1-1:a|b\n2-2:#c|\"\"\nEOF");
}

/* Newlines inside quotes: kept (CRLF too), counted in line and end_line. */
static void test_quoted_newline(void)
{
	EXPECT("x,\"l1\nl2\nl3\",y\nnext\n", ',',
	    "1-3:x|l1\\nl2\\nl3|y\n4-4:next\nEOF");
	EXPECT("\"a\r\nb\"\r\nc\r\n", ',', "1-2:a\\r\\nb\n3-3:c\nEOF");
	EXPECT("\"\n\n\",\"\n\"\n\nz\n", ',', "1-4:\\n\\n|\\n\n6-6:z\nEOF");
	EXPECT("\"x\n#y\",\"\n\n\"\n#c\nq", ',',
	    "1-4:x\\n#y|\\n\\n\n6-6:q\nEOF");
}

/* CRLF line ends; in an LF file a lone CR is an ordinary byte. */
static void test_crlf(void)
{
	EXPECT("a,b\r\nc,d\r\n", ',', "1-1:a|b\n2-2:c|d\nEOF");
	EXPECT("a\rb,c\r\n\"q\"\r\n", ',', "1-1:a\\rb|c\n2-2:q\nEOF");
	EXPECT("a,\r\n", ',', "1-1:a|\nEOF");
	EXPECT("a\r\r\n", ',', "1-1:a\\r\nEOF");
	EXPECT("a,b\r\nc\rd\n", ',', "1-1:a|b\n2-2:c\\rd\nEOF");
}

/*
 * CR-only line ends: the first line ends in a lone CR and no LF comes
 * soon after.  CRs in quoted fields stay; an LF is then an ordinary byte.
 */
static void test_cr_only(void)
{
	EXPECT("a,b\r", ',', "1-1:a|b\nEOF");
	EXPECT("a,b\rc,d\r\re\r", ',', "1-1:a|b\n2-2:c|d\n4-4:e\nEOF");
	EXPECT("x,\"l1\rl2\",y\rnext", ',', "1-2:x|l1\\rl2|y\n3-3:next\nEOF");
	EXPECT("\"h\rh\"\r1\r", ',', "1-2:h\\rh\n3-3:1\nEOF");
	EXPECT("# c\"\ra\r", ',', "2-2:a\nEOF");
	EXPECT("a b\rc\td\r", CSV_WHITESPACE, "1-1:a|b\n2-2:c|d\nEOF");
	EXPECT("\xEF\xBB\xBF" "a\rb", ',', "1-1:a\n2-2:b\nEOF");
	EXPECT("x\r1\r2,\"3\r", ',', "1-1:x\n2-2:1\nERR(3):unterminated quoted field");
	EXPECT("x\r1\n2\r", ',', "1-1:x\\r1\n2-2:2\\r\nEOF");
}

/* A UTF-8 BOM is skipped only at the very start. */
static void test_bom(void)
{
	EXPECT("\xEF\xBB\xBF" "a,b\n", ',', "1-1:a|b\nEOF");
	EXPECT("\xEF\xBB\xBF" "\"q\"\n", ',', "1-1:q\nEOF");
	EXPECT("\xEF\xBB\xBF", ',', "EOF");
	EXPECT("\xEF\xBB\xBF" "#c\nx\n", ',', "2-2:x\nEOF");
	EXPECT("a\n\xEF\xBB\xBF" "b\n", ',', "1-1:a\n2-2:\xEF\xBB\xBF" "b\nEOF");
	EXPECT("\xEF\xBB", ',', "1-1:\xEF\xBB\nEOF");
}

/* Blank and comment lines are skipped but counted. */
static void test_blank_comment(void)
{
	EXPECT("\n  \n#c,\"x\n\t\r\na,b\n\n# another\nc\n\r\n", ',',
	    "5-5:a|b\n8-8:c\nEOF");
	EXPECT("a,#b\n #c\n", ',', "1-1:a|#b\n2-2: #c\nEOF");
	EXPECT("#only\n", ',', "EOF");
	EXPECT("\n\n#x", ',', "EOF");
	EXPECT("  \t  ", ',', "EOF");
}

/* The last line need not end with a newline. */
static void test_no_trailing_newline(void)
{
	EXPECT("a,b\nc,d", ',', "1-1:a|b\n2-2:c|d\nEOF");
	EXPECT("\"q,\"\"\"", ',', "1-1:q,\"\nEOF");
	EXPECT("a,", ',', "1-1:a|\nEOF");
	EXPECT("x\n\"a\nb\"", ',', "1-1:x\n2-3:a\\nb\nEOF");
}

/* Empty fields count: a,,b has 3 fields, a, has 2. */
static void test_empty_fields(void)
{
	EXPECT("a,,b\na,\n,\n,,\n,a\n", ',',
	    "1-1:a||b\n2-2:a|\n3-3:|\n4-4:||\n5-5:|a\nEOF");
}

/* Tab delimiter: a line of tabs is not blank; spaces are kept. */
static void test_tab(void)
{
	EXPECT("a\tb\t\tc\n\t\n x \t\"y\tz\"\n  \n", '\t',
	    "1-1:a|b||c\n2-2:|\n3-3: x |y\tz\nEOF");
}

/* Semicolon delimiter: commas are ordinary. */
static void test_semicolon(void)
{
	EXPECT("1,5;2,5\n\"x;y\";z\n", ';', "1-1:1,5|2,5\n2-2:x;y|z\nEOF");
}

/* Whitespace mode: runs of blanks, ends trimmed, no quoting. */
static void test_whitespace(void)
{
	EXPECT("  a \t b   c  \n\t\n x\"y  \"z w\"\r\n#c\n\r\n 1\t2", CSV_WHITESPACE,
	    "1-1:a|b|c\n3-3:x\"y|\"z|w\"\n6-6:1|2\nEOF");
	EXPECT("a\0b \0\n", CSV_WHITESPACE, "1-1:a\\0b|\\0\nEOF");
	EXPECT("  \t ", CSV_WHITESPACE, "EOF");
}

/* Unterminated quoted field: error at the line where the field started. */
static void test_unterminated(void)
{
	EXPECT("a,b\nc,\"open\nmore\nstuff", ',',
	    "1-1:a|b\nERR(2):unterminated quoted field");
	EXPECT("\n\"", ',', "ERR(2):unterminated quoted field");
	EXPECT("x,\"a\"\"\n", ',', "ERR(1):unterminated quoted field");
	EXPECT("a,\"x\ny\",\"open\nmore", ',',
	    "ERR(2):unterminated quoted field");
}

/* Junk after a closing quote is an error at the line where it is. */
static void test_junk_after_quote(void)
{
	EXPECT("ok\n\"a\"b,c\n", ',',
	    "1-1:ok\nERR(2):unexpected character after closing quote");
	EXPECT("x,\"a\nb\"x\n", ',',
	    "ERR(2):unexpected character after closing quote");
	EXPECT("\"a\" ,b\n", ',',
	    "ERR(1):unexpected character after closing quote");
	EXPECT("\"a\"\rb\n", ',',
	    "ERR(1):unexpected character after closing quote");
}

/* NUL bytes are ordinary and show up in len. */
static void test_nul(void)
{
	EXPECT("a\0b,\"c\0\"\"d\"\n\0\n", ',', "1-1:a\\0b|c\\0\"d\n2-2:\\0\nEOF");
}

/* A 1 MB unquoted field and a 3 MB quoted field with newlines. */
static void test_long_record(void)
{
	size_t n = 1000000, m = 3000000, i;
	char *in = malloc(n + m + 64), *p = in;
	FILE *f;
	csv_reader *r;
	csv_record rec;
	int ok;

	for (i = 0; i < n; i++)
		*p++ = (char)('0' + i % 10);
	memcpy(p, ",end\n\"", 6);
	p += 6;
	for (i = 0; i < m; i++)
		*p++ = i % 1000 == 999 ? '\n' : 'q';
	memcpy(p, "\"\nlast", 6);
	p += 6;
	f = temp_with(in, (size_t)(p - in));
	r = csv_open(fileno(f), ',');
	CHECK(csv_next(r, &rec) == 1);
	CHECK(rec.nfields == 2 && rec.len[0] == n && rec.line == 1);
	for (ok = 1, i = 0; i < n; i++)
		ok &= rec.field[0][i] == (char)('0' + i % 10);
	CHECK(ok && rec.field[0][n] == 0 && strcmp(rec.field[1], "end") == 0);
	CHECK(csv_next(r, &rec) == 1);
	CHECK(rec.nfields == 1 && rec.len[0] == m);
	CHECK(rec.line == 2 && rec.end_line == 2 + m / 1000);
	CHECK(memcmp(rec.field[0], in + n + 6, m) == 0);
	CHECK(csv_next(r, &rec) == 1);
	CHECK(rec.line == 3 + m / 1000 && strcmp(rec.field[0], "last") == 0);
	CHECK(csv_next(r, &rec) == 0);
	CHECK(csv_bytes(r) == (uint64_t)(p - in));
	csv_close(r);
	fclose(f);
	free(in);
}

/* A record with 100 000 fields. */
static void test_many_fields(void)
{
	size_t n = 100000, i;
	char *in = malloc(8 * n), *p = in, num[16];
	FILE *f;
	csv_reader *r;
	csv_record rec;
	int ok = 1;

	for (i = 0; i < n; i++)
		p += sprintf(p, i + 1 < n ? "%zu," : "%zu\n", i);
	f = temp_with(in, (size_t)(p - in));
	r = csv_open(fileno(f), ',');
	CHECK(csv_next(r, &rec) == 1);
	CHECK(rec.nfields == n);
	for (i = 0; i < n && rec.nfields == n; i++) {
		sprintf(num, "%zu", i);
		ok &= strcmp(rec.field[i], num) == 0 && rec.len[i] == strlen(num);
	}
	CHECK(ok);
	CHECK(csv_next(r, &rec) == 0);
	csv_close(r);
	fclose(f);
	free(in);
}

/* Expected fields of record i in the big generated input. */
static void gen_fields(size_t i, char f[3][400])
{
	size_t k, n = (i * 7) % 300;

	sprintf(f[0], "%zu", i);
	for (k = 0; k < n; k++)
		f[1][k] = (char)('a' + (i + k) % 26);
	f[1][n] = 0;
	if (i % 5 == 0)
		sprintf(f[2], "q,\"x\"\ny%zu\"", i);
	else
		sprintf(f[2], "%zu", i * i);
}

#define NREC 20000

/* Build the big input: records with blank, comment and CRLF lines mixed
 * in; line[i] gets record i's line number. */
static char *gen_input(size_t *len, uint64_t *line)
{
	struct sbuf s = { NULL, 0, 0 };
	char f[3][400];
	uint64_t ln = 1;
	size_t i;

	for (i = 0; i < NREC; i++) {
		if (i % 97 == 0) {
			sb_add(&s, "\n \r\n", 4);
			ln += 2;
		}
		if (i % 101 == 0) {
			sb_add(&s, "# \"comment\n", 11);
			ln++;
		}
		gen_fields(i, f);
		line[i] = ln;
		sb_add(&s, f[0], strlen(f[0]));
		sb_add(&s, ",", 1);
		sb_add(&s, f[1], strlen(f[1]));
		if (i % 5 == 0) {
			sb_add(&s, ",\"q,\"\"x\"\"\ny", 11);
			sb_add(&s, f[2] + 7, strlen(f[2] + 7) - 1);
			sb_add(&s, "\"\"\"", 3);
			ln++;
		} else {
			sb_add(&s, ",", 1);
			sb_add(&s, f[2], strlen(f[2]));
		}
		sb_add(&s, i % 3 ? "\n" : "\r\n", i % 3 ? 1 : 2);
		ln++;
	}
	*len = s.n;
	return s.p;
}

/* Read the big input and check every record's fields and lines. */
static int check_big(csv_reader *r, const uint64_t *line, size_t len)
{
	csv_record rec;
	char f[3][400];
	size_t i, k;
	int ok = 1;

	for (i = 0; i < NREC && ok; i++) {
		gen_fields(i, f);
		ok = csv_next(r, &rec) == 1 && rec.nfields == 3 &&
		    rec.line == line[i] &&
		    rec.end_line == line[i] + (i % 5 == 0);
		for (k = 0; ok && k < 3; k++)
			ok = rec.len[k] == strlen(f[k]) &&
			    strcmp(rec.field[k], f[k]) == 0;
		if (!ok)
			fprintf(stderr, "big input: record %zu wrong\n", i);
	}
	return ok && csv_next(r, &rec) == 0 && csv_bytes(r) == len;
}

/* Records spanning refill boundaries, from a file and from a pipe. */
static void test_refill(void)
{
	uint64_t *line = malloc(NREC * sizeof *line);
	size_t len;
	char *in = gen_input(&len, line);
	FILE *f = temp_with(in, len);
	csv_reader *r = csv_open(fileno(f), ',');
	pid_t pid;
	int fd, st;

	CHECK(len > 4 * 256 * 1024);
	CHECK(check_big(r, line, len));
	csv_close(r);
	fclose(f);

	fd = pipe_writer(in, len, 4093, &pid);
	r = csv_open(fd, ',');
	CHECK(check_big(r, line, len));
	csv_close(r);
	close(fd);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0);
	free(in);
	free(line);
}

/* A failing read() gives -1 with its errno; csv_close accepts NULL. */
static void test_read_error(void)
{
	int fd = open(".", O_RDONLY);
	csv_reader *r = csv_open(fd, ',');
	csv_record rec;

	REQUIRE(fd >= 0 && r != NULL);
	CHECK(csv_error(r) == NULL);
	CHECK(csv_next(r, &rec) == -1);
	CHECK(csv_errno(r) == EISDIR);
	CHECK(strncmp(csv_error(r), "cannot read: ", 13) == 0);
	CHECK(csv_error_line(r) == 1);
	CHECK(csv_next(r, &rec) == -1);
	csv_close(r);
	close(fd);
	csv_close(NULL);
}

static volatile sig_atomic_t got_signal;

/* Count a signal (installed without SA_RESTART, so read() fails EINTR). */
static void on_signal(int sig)
{
	(void)sig;
	got_signal++;
}

/* A read() interrupted by a signal is retried. */
static void test_eintr(void)
{
	struct sigaction sa, old;
	struct timespec ts = { 0, 200000000 };
	int fd[2], st;
	pid_t pid;
	csv_reader *r;
	char *s;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, &old);
	got_signal = 0;
	if (pipe(fd) != 0 || (pid = fork()) < 0)
		abort();
	if (pid == 0) {	/* interrupt the parent's read, then write */
		close(fd[0]);
		nanosleep(&ts, NULL);
		kill(getppid(), SIGUSR1);
		nanosleep(&ts, NULL);
		_exit(write(fd[1], "a,b\n", 4) == 4 ? 0 : 1);
	}
	close(fd[1]);
	r = csv_open(fd[0], ',');
	s = dump(r);
	CHECK(strcmp(s, "1-1:a|b\nEOF") == 0);
	CHECK(got_signal == 1);
	free(s);
	csv_close(r);
	close(fd[0]);
	waitpid(pid, &st, 0);
	sigaction(SIGUSR1, &old, NULL);
}

/* csv_bytes counts the input consumed so far. */
static void test_bytes(void)
{
	static const char in[] = "\xEF\xBB\xBF" "ab,c\n\n#x\nd\n";
	FILE *f = temp_with(in, sizeof in - 1);
	csv_reader *r = csv_open(fileno(f), ',');
	csv_record rec;

	CHECK(csv_bytes(r) == 0);
	CHECK(csv_next(r, &rec) == 1 && csv_bytes(r) == 8);
	CHECK(csv_next(r, &rec) == 1 && csv_bytes(r) == sizeof in - 1);
	CHECK(rec.line == 4);
	CHECK(csv_next(r, &rec) == 0 && csv_bytes(r) == sizeof in - 1);
	CHECK(csv_next(r, &rec) == 0);
	csv_close(r);
	fclose(f);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);

	signal(SIGPIPE, SIG_IGN);
	RUN(test_plain);
	RUN(test_quoted);
	RUN(test_quoted_newline);
	RUN(test_crlf);
	RUN(test_cr_only);
	RUN(test_bom);
	RUN(test_blank_comment);
	RUN(test_no_trailing_newline);
	RUN(test_empty_fields);
	RUN(test_tab);
	RUN(test_semicolon);
	RUN(test_whitespace);
	RUN(test_unterminated);
	RUN(test_junk_after_quote);
	RUN(test_nul);
	RUN(test_long_record);
	RUN(test_many_fields);
	RUN(test_refill);
	RUN(test_read_error);
	RUN(test_eintr);
	RUN(test_bytes);
	return harness_report("csv");
}
