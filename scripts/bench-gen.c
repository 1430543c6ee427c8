/*
 * bench-gen.c - write one of `make bench`'s realistic data files to
 * standard output, the same bytes on every run and every machine.
 *
 *   bench-gen KIND ROWS    KIND: r2 r5 g200 json ndjson ws
 *
 *   r2      x,y: random signs, 1-4 integer digits, 0-6 decimals, about
 *           3% of numbers in exponent form (1.234e-05, -7.5E+02); y is
 *           a line in x plus noise
 *   r5      a,b,c,d,e,y: five predictors of the same kind, y a plane in
 *           them plus noise
 *   g200    group,x,y: 200 groups with names of 2 to 24 characters
 *           (letters, digits, '-', '_', ' '), drawn with skewed weights
 *           in no order, each group its own line
 *   json    a JSON array of {"x": .., "y": ..} objects, one per line
 *   ndjson  the same objects, one per line, no array
 *   ws      x y separated by runs of 1-4 spaces or tabs, some lines
 *           indented, header "x y"
 *
 * Why a C program and not awk or Python: `make bench` makes about 600 MB
 * of these; mawk's printf took about 25 s for r2 alone and Python about
 * a minute, this takes a few seconds.  The numbers are written from
 * integers (digits and a decimal point placed by hand), so no libc
 * printf rounding or locale is involved; only the exponent forms go
 * through snprintf("%.*e"), which is exact in glibc and musl.  The
 * random numbers are splitmix64, seeded per kind.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double unif(void) /* [0, 1) */
{
	return (double)(next() >> 11) * (1.0 / 9007199254740992.0);
}

static int pick(int n) /* 0 .. n-1 */
{
	return (int)(unif() * n);
}

static double noise(void) /* about N(0, 1): Irwin-Hall of 4 */
{
	return (unif() + unif() + unif() + unif() - 2.0) * 1.7320508075688772;
}

static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7 };

/* put_fixed: v with d decimals, by rounding v * 10^d to an integer */
static char *put_fixed(char *p, double v, int d)
{
	char tmp[32];
	int n = 0, i;
	long long m = llround(fabs(v) * p10[d]);
	if (v < 0)
		*p++ = '-';
	do {
		tmp[n++] = (char)('0' + m % 10);
		m /= 10;
	} while (m > 0 || n <= d);
	for (i = n - 1; i >= 0; i--) {
		*p++ = tmp[i];
		if (i == d && d > 0)
			*p++ = '.';
	}
	return p;
}

/* put_exp: v as 1.234e-05 or -7.5E+02, 0-4 digits after the point */
static char *put_exp(char *p, double v)
{
	int n = snprintf(p, 32, "%.*e", pick(5), v);
	if (pick(3) == 0) {
		char *e = strchr(p, 'e');
		if (e)
			*e = 'E';
	}
	return p + n;
}

/* put_num: v in one of the realistic forms; 3% exponent */
static char *put_num(char *p, double v)
{
	if (pick(100) < 3)
		return put_exp(p, v);
	return put_fixed(p, v, pick(7));
}

/* draw: a value with a random sign and 1-4 integer digits (1 in 100 a
 * small one, 1e-6 to 1e-1: 0.000012, or 1.2e-05 when put_num takes the
 * exponent form) */
static double draw(void)
{
	double s = pick(2) ? -1.0 : 1.0;
	if (pick(100) == 0)
		return s * (1.0 + 9.0 * unif()) * 1e-6 * p10[pick(6)];
	return s * unif() * p10[1 + pick(4)];
}

/* row_xy: x SEP y, y a line in x plus noise */
static char *row_xy(char *p, char sep)
{
	double x = draw();
	double y = 12.5 + 0.75 * x + noise() * (5.0 + 0.05 * fabs(x));
	p = put_num(p, x);
	*p++ = sep;
	return put_num(p, y);
}

static void gen_r2(long rows, FILE *out)
{
	char line[128];
	long i;
	fputs("x,y\n", out);
	for (i = 0; i < rows; i++) {
		char *p = row_xy(line, ',');
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), out);
	}
}

static void gen_r5(long rows, FILE *out)
{
	static const double b[5] = { 0.3, -0.2, 0.25, -0.1, 0.15 };
	char line[256];
	long i;
	int k;
	fputs("a,b,c,d,e,y\n", out);
	for (i = 0; i < rows; i++) {
		char *p = line;
		double y = 4.0 + 3.0 * noise();
		for (k = 0; k < 5; k++) {
			double v = draw();
			y += b[k] * v;
			p = put_num(p, v);
			*p++ = ',';
		}
		p = put_num(p, y);
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), out);
	}
}

#define GROUPS 200

static const char *const syl[] = {
	"north", "south", "ka", "ri", "mo", "tan", "el", "berg", "ville", "do",
	"store", "lab", "x", "q", "sensor", "amster", "lin", "oa", "ne", "west",
};

/* group_name: a varied name, unique by its trailing number */
static void group_name(char *name, int g)
{
	int parts = 1 + pick(4), k, n = 0;
	static const char sepc[] = "-_ ";
	for (k = 0; k < parts; k++) {
		const char *s = syl[pick(20)];
		if (k > 0 && pick(2))
			name[n++] = sepc[pick(3)];
		memcpy(name + n, s, strlen(s));
		n += (int)strlen(s);
		if (k == 0 && pick(2))
			name[0] = (char)(name[0] - 'a' + 'A');
	}
	n += sprintf(name + n, "%s%d", pick(3) ? "" : "-", g);
	name[n] = 0;
}

static void gen_g200(long rows, FILE *out)
{
	static char names[GROUPS][48];
	double a[GROUPS], b[GROUPS];
	char line[160];
	long i;
	int g;
	for (g = 0; g < GROUPS; g++) {
		group_name(names[g], g);
		a[g] = 100.0 * (unif() - 0.5);
		b[g] = 4.0 * (unif() - 0.5);
	}
	fputs("group,x,y\n", out);
	for (i = 0; i < rows; i++) {
		char *p = line;
		double x, y, u = unif();
		g = (int)(GROUPS * u * u); /* skewed: low groups are common */
		p += strlen(strcpy(p, names[g]));
		*p++ = ',';
		x = draw();
		y = a[g] + b[g] * x + noise() * (3.0 + 0.02 * fabs(x));
		p = put_num(p, x);
		*p++ = ',';
		p = put_num(p, y);
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), out);
	}
}

/* gen_json: the points as a JSON array (array != 0) or NDJSON */
static void gen_json(long rows, int array, FILE *out)
{
	char line[160];
	long i;
	for (i = 0; i < rows; i++) {
		char *p = line;
		double x = draw();
		double y = 12.5 + 0.75 * x + noise() * (5.0 + 0.05 * fabs(x));
		if (array && i == 0)
			*p++ = '[';
		memcpy(p, "{\"x\": ", 6);
		p = put_num(p + 6, x);
		memcpy(p, ", \"y\": ", 7);
		p = put_num(p + 7, y);
		*p++ = '}';
		if (array)
			*p++ = i == rows - 1 ? ']' : ',';
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), out);
	}
	if (array && rows == 0)
		fputs("[]\n", out);
}

static char *put_space(char *p)
{
	int n = 1 + (pick(4) == 0 ? pick(4) : 0), k;
	for (k = 0; k < n; k++)
		*p++ = pick(8) ? ' ' : '\t';
	return p;
}

static void gen_ws(long rows, FILE *out)
{
	char line[160];
	long i;
	fputs("x y\n", out);
	for (i = 0; i < rows; i++) {
		char *p = line;
		double x = draw();
		double y = 12.5 + 0.75 * x + noise() * (5.0 + 0.05 * fabs(x));
		if (pick(10) == 0)
			p = put_space(p);
		p = put_num(p, x);
		p = put_space(p);
		p = put_num(p, y);
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), out);
	}
}

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	long rows;
	const char *k;
	if (argc != 3) {
		fputs("usage: bench-gen r2|r5|g200|json|ndjson|ws ROWS\n", stderr);
		return 2;
	}
	k = argv[1];
	rows = atol(argv[2]);
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	/* one seed per kind; json and ndjson share theirs: the same points */
	state = !strcmp(k, "ndjson") ? 4 : (uint64_t)(unsigned char)k[0] * 1000003u + strlen(k);
	if (!strcmp(k, "json"))
		state = 4;
	if (!strcmp(k, "r2"))
		gen_r2(rows, stdout);
	else if (!strcmp(k, "r5"))
		gen_r5(rows, stdout);
	else if (!strcmp(k, "g200"))
		gen_g200(rows, stdout);
	else if (!strcmp(k, "json") || !strcmp(k, "ndjson"))
		gen_json(rows, k[0] == 'j', stdout);
	else if (!strcmp(k, "ws"))
		gen_ws(rows, stdout);
	else {
		fprintf(stderr, "bench-gen: unknown kind '%s'\n", k);
		return 2;
	}
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
