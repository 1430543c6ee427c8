/*
 * test_kernel.c - the block kernels of lr_fit_add_rows (block.c: the
 * straight line; gram.c: any model) give the same bits on every
 * machine: the AVX2 + FMA kernels (chosen at run time) and the generic
 * ones sum the same rows in the same four lanes, and an FMA's product
 * error is the one Dekker's product gives.  Each dataset is fit both
 * ways through lr_fit_add_rows and the exported states compared byte
 * for byte.  (On a machine without AVX2 both runs take the generic
 * kernel and the test says so.)  Then the general kernel against
 * row-by-row Givens rotations (lr_fit_add_weighted): the same factor to
 * 1e-25 of each column on well-conditioned blocks; the very same bits
 * where a block is ill-conditioned and goes row by row, with NIST's
 * certified values ($LINREG_SHARED/data/nist, default ../shared) and
 * the exact ones of tests/data/hard (gen.py, Python fractions) kept.
 */
#include <stdint.h>
#include <stdio.h>
#include <float.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "harness.h"
#include "fit_internal.h"

static uint64_t rng = 88172645463325252u;

static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) * 0x1p-53;
}

/* The state of a fit of x, y (n rows, added in batches of `batch`). */
static lr_fit *fit_rows(const double *x, const double *y, size_t n,
    size_t batch, int generic)
{
	lr_spec spec = { 1, 0, 0 };
	lr_fit *f = NULL;
	size_t i;

	lr_kernel_generic = generic;
	CHECK(lr_fit_new(&spec, &f) == LR_OK);
	for (i = 0; f && i < n; i += batch)
		CHECK(lr_fit_add_rows(f, x + i, y + i, NULL,
		    n - i < batch ? n - i : batch) == LR_OK);
	lr_kernel_generic = 0;
	return f;
}

static int same_state(const lr_fit *a, const lr_fit *b)
{
	lr_fit_state sa, sb;

	lr_fit_export(a, &sa);
	lr_fit_export(b, &sb);
	return sa.n == sb.n && sa.nv == sb.nv && sa.ncol == sb.ncol &&
	    memcmp(sa.shift, sb.shift, (size_t)sa.nv * sizeof *sa.shift) == 0 &&
	    memcmp(sa.scale, sb.scale, (size_t)sa.nv * sizeof *sa.scale) == 0 &&
	    memcmp(sa.r, sb.r, (size_t)sa.ncol * (size_t)sa.ncol * 2 *
	    sizeof *sa.r) == 0;
}

static void test_same_bits(void)
{
	static const size_t sizes[] = { 8, 9, 10, 11, 12, 1023, 1024, 1025,
	    3001, 20000 };
	static const size_t batches[] = { 7, 1024, 5000, 20000 };
	size_t cap = 20000, i, k, b;
	double *x = malloc(cap * sizeof *x), *y = malloc(cap * sizeof *y);
	int kind, differ = 0, runs = 0;

	CHECK(x && y);
	if (!x || !y)
		goto out;
	for (kind = 0; kind < 6; kind++) {
		for (k = 0; k < sizeof sizes / sizeof *sizes; k++) {
			size_t n = sizes[k];
			for (i = 0; i < n; i++) {
				double u = uniform(), v = uniform();
				switch (kind) {
				case 0: /* short decimals, as in a CSV file */
					x[i] = (double)(int64_t)(u * 1e7) / 1e3;
					y[i] = 2 * x[i] + (double)(int64_t)(v * 1e6) / 1e6;
					break;
				case 1: /* timestamps: a large offset */
					x[i] = 1.7e9 + 60.0 * (double)i;
					y[i] = 3 + 1e-7 * x[i] + v;
					break;
				case 2: /* tiny and huge magnitudes */
					x[i] = (u - 0.5) * 1e-280;
					y[i] = (v + 1) * 1e290;
					break;
				case 3: /* full 53-bit mantissas, negative */
					x[i] = -u * 12345.678;
					y[i] = u * v - x[i] * 1e-3;
					break;
				case 4: /* constant x, then a jump */
					x[i] = i < n / 2 ? 5 : 5 + 1e-12;
					y[i] = v;
					break;
				default: /* exact halves: many ties */
					x[i] = (double)(i % 17) * 0.5;
					y[i] = (double)(i % 5) * 0.25;
					break;
				}
			}
			for (b = 0; b < sizeof batches / sizeof *batches; b++) {
				lr_fit *f1 = fit_rows(x, y, n, batches[b], 0);
				lr_fit *f2 = fit_rows(x, y, n, batches[b], 1);
				runs++;
				if (f1 && f2 && !same_state(f1, f2)) {
					if (differ++ < 5)
						fprintf(stderr, "kind %d, %zu rows, batches "
						    "of %zu: the kernels differ\n", kind,
						    n, batches[b]);
				}
				lr_fit_free(f1);
				lr_fit_free(f2);
			}
		}
	}
	CHECK(differ == 0);
	printf("# %d fits compared, %s\n", runs, lr_kernel_avx2() ?
	    "AVX2 + FMA kernel against the generic one" :
	    "no AVX2 here: the generic kernel both times");
out:
	free(x);
	free(y);
}

/*
 * lr_fit_add_rows checks a line's batch in one vectorised pass: a NaN or
 * an infinity, at any place in the batch (either lane, the odd tail),
 * refuses the whole batch; a value 2^600 beyond the frame sends the
 * batch row by row, which moves the frame, and every row is added.
 */
static void test_batch_check(void)
{
	static const double bad[] = { NAN, INFINITY, -INFINITY, 0x1p600,
	    -0x1p700 };
	static const lr_status want[] = { LR_ENONFINITE, LR_ENONFINITE,
	    LR_ENONFINITE, LR_OK, LR_OK };
	double x[11], y[11];
	size_t n, at, b, i;
	int col;

	for (n = 1; n <= 11; n++)
		for (at = 0; at < n; at++)
			for (b = 0; b < sizeof bad / sizeof *bad; b++)
				for (col = 0; col < 2; col++) {
					lr_spec spec = { 1, 0, 0 };
					lr_fit *f = NULL;
					CHECK(lr_fit_new(&spec, &f) == LR_OK);
					if (!f)
						return;
					/* a first batch sets the frame near 1 */
					for (i = 0; i < 11; i++) {
						x[i] = 1 + 0.5 * (double)i;
						y[i] = 2 - 0.25 * (double)i;
					}
					CHECK(lr_fit_add_rows(f, x, y, NULL, 11) ==
					    LR_OK);
					(col ? y : x)[at] = bad[b];
					CHECK(lr_fit_add_rows(f, x, y, NULL, n) ==
					    want[b]);
					CHECK(lr_fit_count(f) == (want[b] == LR_OK ?
					    11 + n : 11));
					lr_fit_free(f);
				}
}

/* ------------------------------------------------------------------ */
/* The general kernel (gram.c)                                         */
/* ------------------------------------------------------------------ */

/* A model and its data: n rows of nx values (row-major), y, weights. */
struct data {
	int nx, degree;
	size_t n;
	double *x, *y, *w;  /* w NULL: unweighted */
};

/* The state of data's fit through lr_fit_add_rows in batches of
 * `batch`, with the generic kernel forced or not. */
static lr_fit *fit_batches_trim(const struct data *d, size_t batch,
    int generic, int trim);

static lr_fit *fit_batches(const struct data *d, size_t batch, int generic)
{
	return fit_batches_trim(d, batch, generic, 0);
}

/* The same, with lr_fit_trim after each batch when trim is set. */
static lr_fit *fit_batches_trim(const struct data *d, size_t batch,
    int generic, int trim)
{
	lr_spec spec;
	lr_fit *f = NULL;
	size_t i;

	spec.nx = d->nx;
	spec.degree = d->degree;
	spec.flags = 0;
	lr_kernel_generic = generic;
	CHECK(lr_fit_new(&spec, &f) == LR_OK);
	for (i = 0; f && i < d->n; i += batch) {
		size_t m = d->n - i < batch ? d->n - i : batch;
		CHECK(lr_fit_add_rows(f, d->x + i * (size_t)d->nx, d->y + i,
		    d->w ? d->w + i : NULL, m) == LR_OK);
		if (trim)
			lr_fit_trim(f);
	}
	lr_kernel_generic = 0;
	return f;
}

/* The same rows one at a time: Givens rotations in double-double. */
static lr_fit *fit_givens(const struct data *d)
{
	lr_spec spec;
	lr_fit *f = NULL;
	size_t i;

	spec.nx = d->nx;
	spec.degree = d->degree;
	spec.flags = 0;
	CHECK(lr_fit_new(&spec, &f) == LR_OK);
	for (i = 0; f && i < d->n; i++)
		CHECK(lr_fit_add_weighted(f, d->x + i * (size_t)d->nx, d->y[i],
		    d->w ? d->w[i] : 1) == LR_OK);
	return f;
}

/*
 * The largest difference of two states' factors (same frame, checked),
 * each entry's relative to the largest entry of its column; -1 when the
 * frames or counts differ.
 */
static double factor_gap(const lr_fit *a, const lr_fit *b)
{
	lr_fit_state sa, sb;
	double worst = 0;
	int i, j, n;

	lr_fit_export(a, &sa);
	lr_fit_export(b, &sb);
	n = sa.ncol;
	if (sa.n != sb.n || sa.ncol != sb.ncol || sa.wscale != sb.wscale ||
	    memcmp(sa.shift, sb.shift, (size_t)sa.nv * sizeof *sa.shift) ||
	    memcmp(sa.scale, sb.scale, (size_t)sa.nv * sizeof *sa.scale))
		return -1;
	for (j = 0; j < n; j++) {
		double big = 0;
		for (i = 0; i <= j; i++)
			if (fabs(sa.r[2 * (i * n + j)]) > big)
				big = fabs(sa.r[2 * (i * n + j)]);
		for (i = 0; i <= j && big > 0; i++) {
			const double *p = sa.r + 2 * (i * n + j);
			const double *q = sb.r + 2 * (i * n + j);
			double gap = fabs((p[0] - q[0]) + (p[1] - q[1])) / big;
			if (gap > worst)
				worst = gap;
		}
	}
	return worst;
}

/* The data of kind `kind` for a model of nx predictors (or a
 * polynomial of `degree`), n rows, weighted or not, into d. */
static void make_data(struct data *d, int kind, int nx, int degree,
    size_t n, int weighted)
{
	size_t i;
	int j;

	d->nx = nx;
	d->degree = degree;
	d->n = n;
	d->x = malloc(n * (size_t)nx * sizeof *d->x);
	d->y = malloc(n * sizeof *d->y);
	d->w = weighted ? malloc(n * sizeof *d->w) : NULL;
	if (!d->x || !d->y || (weighted && !d->w))
		return;
	for (i = 0; i < n; i++) {
		double s = 1;
		for (j = 0; j < nx; j++) {
			double u = uniform(), v;
			switch (kind) {
			case 0: /* short decimals, as in a CSV file */
				v = (double)(int64_t)(u * 1e7) / 1e4;
				break;
			case 1: /* timestamps and other large offsets */
				v = 1.7e9 + 60.0 * (double)i + 1e3 * (j + 1) * u;
				break;
			case 2: /* tiny and huge magnitudes */
				v = (j % 2 ? 1e-280 : 1e290) * (u + 0.5);
				break;
			case 3: /* indicators, a column 0 or 1 in long runs, a
				 * constant column */
				v = j == 0 ? (u < 0.3) : j == 1 ? (double)((i / 5000) % 2)
				    : j == 2 ? 7.25 : u;
				break;
			default: /* full 53-bit mantissas, negative */
				v = -u * 12345.678 * (j + 1);
				break;
			}
			d->x[i * (size_t)nx + (size_t)j] = v;
			s += (j + 1) * v * (kind == 2 && j % 2 ? 1e280 : 1) *
			    (kind == 2 && !(j % 2) ? 1e-290 : 1);
		}
		d->y[i] = s * (1 + 0.01 * (uniform() - 0.5));
		if (weighted)
			d->w[i] = kind == 2 ? ldexp(0.5 + uniform(),
			    (int)(uniform() * 60) - 30) : 0.5 + uniform();
	}
}

static void free_data(struct data *d)
{
	free(d->x);
	free(d->y);
	free(d->w);
}

/*
 * The general kernel's bits do not depend on the machine: AVX2 + FMA
 * and the portable vectors, for several predictors, weights, a
 * polynomial, 50 predictors, over data of every kind and batch sizes
 * with short blocks and tails.
 */
static void test_gram_same_bits(void)
{
	static const struct { int nx, degree, weighted; size_t n; } models[] = {
		{ 5, 0, 0, 9000 }, { 3, 0, 1, 9000 }, { 1, 3, 0, 9000 },
		{ 1, 3, 1, 9000 }, { 1, 0, 1, 9000 }, { 2, 0, 0, 50 },
		{ 50, 0, 0, 2100 }, { 4, 0, 1, 10001 },
	};
	static const size_t batches[] = { 4096, 1000, 37 };
	size_t mi, b;
	int kind, differ = 0, runs = 0;

	for (mi = 0; mi < sizeof models / sizeof *models; mi++)
		for (kind = 0; kind < 5; kind++) {
			struct data d;
			make_data(&d, kind, models[mi].nx, models[mi].degree,
			    models[mi].n, models[mi].weighted);
			REQUIRE(d.x && d.y && (d.w || !models[mi].weighted));
			for (b = 0; b < sizeof batches / sizeof *batches; b++) {
				lr_fit *f1 = fit_batches(&d, batches[b], 0);
				lr_fit *f2 = fit_batches(&d, batches[b], 1);
				runs++;
				if (f1 && f2 && !same_state(f1, f2) && differ++ < 5)
					fprintf(stderr, "model %zu, kind %d, batches of "
					    "%zu: the kernels differ\n", mi, kind,
					    batches[b]);
				lr_fit_free(f1);
				lr_fit_free(f2);
			}
			free_data(&d);
		}
	CHECK(differ == 0);
	printf("# %d general fits compared, %s\n", runs, lr_kernel_avx2() ?
	    "AVX2 + FMA kernel against the generic one" :
	    "no AVX2 here: the generic kernel both times");
}

/*
 * On well-conditioned data the blocks' factor is row-by-row Givens'
 * to 1e-25 of each column's size (and not the same bits: the block
 * path was taken), for several predictors, weights, a polynomial, 50
 * predictors, indicator and constant columns.
 */
static void test_gram_vs_givens(void)
{
	static const struct { int nx, degree, weighted, kind; } models[] = {
		{ 5, 0, 0, 0 }, { 5, 0, 0, 4 }, { 3, 0, 1, 0 }, { 1, 3, 0, 0 },
		{ 1, 3, 1, 4 }, { 1, 0, 1, 0 }, { 4, 0, 0, 3 }, { 4, 0, 1, 3 },
		{ 3, 0, 0, 1 }, { 50, 0, 0, 0 },
	};
	size_t mi;
	double most = 0;

	for (mi = 0; mi < sizeof models / sizeof *models; mi++) {
		struct data d;
		lr_fit *fb, *fg;
		double gap;
		make_data(&d, models[mi].kind, models[mi].nx, models[mi].degree,
		    models[mi].nx > 10 ? 4500 : 12000, models[mi].weighted);
		REQUIRE(d.x && d.y && (d.w || !models[mi].weighted));
		fb = fit_batches(&d, LR_BATCH, 0);
		fg = fit_givens(&d);
		gap = fb && fg ? factor_gap(fb, fg) : -1;
		if (!(gap >= 0 && gap < 1e-25) || same_state(fb, fg))
			fprintf(stderr, "model %zu: factors %.3g apart%s\n", mi, gap,
			    same_state(fb, fg) ? " (no block taken)" : "");
		CHECK(gap >= 0 && gap < 1e-25);
		CHECK(!same_state(fb, fg));
		if (gap > most)
			most = gap;
		lr_fit_free(fb);
		lr_fit_free(fg);
		free_data(&d);
	}
	printf("# blocks against Givens: factors at most %.2g apart\n", most);
}
/*
 * The general path's checks, as lr_add_row's: a NaN, an infinity or a
 * weight <= 0 anywhere in a batch refuses the whole batch with the
 * row-by-row error; a value 2^600 beyond the frame, or a first value
 * below 2^-64 in a column that was 0 so far, sends its block row by
 * row, which moves the frame as rows would: the same frame as Givens'
 * and a factor within 1e-25 of it.
 */
static void test_gram_batch_check(void)
{
	static const double bad[] = { NAN, INFINITY, 0x1p600, -0x1p700, 1e-30 };
	static const lr_status want[] = { LR_ENONFINITE, LR_ENONFINITE, LR_OK,
	    LR_OK, LR_OK };
	static const double badw[] = { 0, -1, NAN, INFINITY, 1e300 };
	static const lr_status wantw[] = { LR_EINVAL, LR_EINVAL, LR_ENONFINITE,
	    LR_ENONFINITE, LR_OK };
	double x[3 * 90], y[90], w[90];
	struct data d;
	size_t at, b, i;
	int col, weighted;

	for (weighted = 0; weighted < 2; weighted++)
		for (b = 0; b < 5 + (size_t)weighted * 5; b++)
			for (at = 0; at < 40; at += 13)
				for (col = 0; col < (b < 5 ? 4 : 1); col++) {
					lr_fit *f = NULL, *g = NULL;
					lr_status st, exp = b < 5 ? want[b] : wantw[b - 5];
					for (i = 0; i < 90; i++) {
						/* column 0 is 0 in the first batch */
						x[3 * i] = i < 50 ? 0 : 1 + 0.25 * (double)(i % 7);
						x[3 * i + 1] = 2 + uniform();
						x[3 * i + 2] = -3 + (double)(i % 11);
						y[i] = 1 + x[3 * i] + uniform();
						w[i] = 0.5 + uniform();
					}
					d.nx = 3;
					d.degree = 0;
					d.n = 50;
					d.x = x;
					d.y = y;
					d.w = weighted ? w : NULL;
					f = fit_batches(&d, 50, 0);
					REQUIRE(f);
					if (b < 5)
						(col < 3 ? x + 3 * (50 + at) + col :
						    y + 50 + at)[0] = bad[b];
					else
						w[50 + at] = badw[b - 5];
					st = lr_fit_add_rows(f, x + 150, y + 50,
					    weighted ? w + 50 : NULL, 40);
					CHECK(st == exp);
					CHECK(lr_fit_count(f) == (exp == LR_OK ? 90u : 50u));
					if (exp == LR_OK) {
						d.n = 90;
						g = fit_givens(&d);
						CHECK(g && factor_gap(f, g) >= 0 &&
						    factor_gap(f, g) < 1e-25);
						lr_fit_free(g);
					}
					lr_fit_free(f);
				}
}

/* The reference data's folder (as test_core.c finds it). */
static void ref_path(char *path, size_t size, const char *name,
    const char *ext)
{
	const char *d = getenv("LINREG_SHARED");
	if (!strncmp(name, "hard/", 5))
		snprintf(path, size, "tests/data/hard/%s.%s", name + 5, ext);
	else
		snprintf(path, size, "%s/data/nist/%s.%s", d && *d ? d :
		    "../shared", name, ext);
}

/* A small CSV of numbers with a header (y last) into d, unweighted. */
static int load_ref(const char *name, int nx, int degree, struct data *d)
{
	char path[512], line[1024];
	size_t cap = 128;
	FILE *f;

	ref_path(path, sizeof path, name, "csv");
	memset(d, 0, sizeof *d);
	d->nx = nx;
	d->degree = degree;
	d->x = malloc(cap * (size_t)nx * sizeof *d->x);
	d->y = malloc(cap * sizeof *d->y);
	f = fopen(path, "r");
	if (!f || !d->x || !d->y || !fgets(line, sizeof line, f)) {
		fprintf(stderr, "cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	while (d->n < cap && fgets(line, sizeof line, f)) {
		char *p = line;
		int j;
		for (j = 0; j < nx; j++) {
			d->x[d->n * (size_t)nx + (size_t)j] = strtod(p, &p);
			p++;
		}
		d->y[d->n++] = strtod(p, NULL);
	}
	fclose(f);
	return 0;
}

/* The certified coefficients ("beta": ["..", ..]) of NAME.cert.json. */
static int load_beta(const char *name, double *beta, int most)
{
	char path[512], buf[4096], *p;
	size_t n;
	int k = 0;
	FILE *f;

	ref_path(path, sizeof path, name, "cert.json");
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strstr(buf, "\"beta\"");
	p = p ? strchr(p, '[') : NULL;
	while (p && k < most) {
		p += strspn(p, "[ \n\t,");
		if (*p != '"')
			break;
		beta[k++] = strtod(p + 1, &p);
		p++;
	}
	return k;
}

/*
 * NIST's and the hard look-alikes' data through lr_fit_add_rows: a
 * block ill-conditioned for its sums (an exact fit, where y's pivot
 * loses every bit: Wampler1, wampler2_like; nearly collinear
 * predictors) goes row by row, the very bits of lr_fit_add_weighted's;
 * Longley's (6 collinear predictors, 11 bits lost at most) and the
 * degree-10 and degree-5 polynomials of filip_like and wampler4_like
 * (centred on the block's mean, their powers lose at most 15 bits) are
 * taken as blocks, their factors within 1e-25 of Givens'.  The
 * coefficients agree with the certified values to 1e-9 either way
 * (every digit is held on the CLI's batches by tests/cli/models.bats
 * and statistics.bats).
 */
static void test_gram_certified(void)
{
	static const struct { const char *name; int nx, degree, block; } sets[] = {
		{ "Longley", 6, 0, 1 }, { "Wampler1", 1, 5, 0 },
		{ "hard/filip_like", 1, 10, 1 }, { "hard/wampler2_like", 1, 5, 0 },
		{ "hard/wampler4_like", 1, 5, 1 }, { "hard/near_collinear", 3, 0, 0 },
	};
	size_t k;

	for (k = 0; k < sizeof sets / sizeof *sets; k++) {
		struct data d;
		lr_fit *fb = NULL, *fg = NULL;
		lr_result *r = NULL;
		double beta[12];
		int nb, j;

		REQUIRE(load_ref(sets[k].name, sets[k].nx, sets[k].degree,
		    &d) == 0);
		nb = load_beta(sets[k].name, beta, 12);
		REQUIRE(nb == (sets[k].degree >= 2 ? sets[k].degree :
		    sets[k].nx) + 1);
		fb = fit_batches(&d, LR_BATCH, 0);
		fg = fit_givens(&d);
		REQUIRE(fb && fg);
		if (same_state(fb, fg) == sets[k].block)
			fprintf(stderr, "%s: %s\n", sets[k].name, sets[k].block ?
			    "the block was not taken" : "no fallback");
		CHECK(same_state(fb, fg) != sets[k].block);
		if (sets[k].block)
			CHECK(factor_gap(fb, fg) >= 0 && factor_gap(fb, fg) < 1e-25);
		REQUIRE(lr_solve(fb, 0.95, &r) == LR_OK);
		for (j = 0; j < nb; j++) {
			double e = lr_result_coef(r, j)->estimate;
			if (!(fabs(e - beta[j]) <= 1e-9 * fabs(beta[j])))
				fprintf(stderr, "%s: beta %d %.17g, certified %.17g\n",
				    sets[k].name, j, e, beta[j]);
			CHECK(fabs(e - beta[j]) <= 1e-9 * fabs(beta[j]));
		}
		lr_result_free(r);
		lr_fit_free(fb);
		lr_fit_free(fg);
		free_data(&d);
	}
}

/*
 * A fit that took weighted rows (weights far from 1: a weights' frame
 * other than 1) and then an unweighted straight line's batch: the
 * batch's rows weigh 1, as lr_fit_add would add them, and count in the
 * smallest and largest weight.  (The line's block kernel once applied
 * the weights' frame to them, 2^-40 here, and left wmin/wmax as they
 * were.)
 */
static void test_line_after_weights(void)
{
	static const double ws[] = { 1e12, 0.75, 3 };
	double x[64], y[64];
	size_t i, k;

	for (i = 0; i < 64; i++) {
		x[i] = (double)(i % 13) + 0.5 * uniform();
		y[i] = 3 - 2 * x[i] + uniform();
	}
	for (k = 0; k < sizeof ws / sizeof *ws; k++) {
		lr_spec spec = { 1, 0, 0 };
		lr_fit *a = NULL, *b = NULL;
		lr_fit_state sa, sb;
		lr_result *ra = NULL, *rb = NULL;
		REQUIRE(lr_fit_new(&spec, &a) == LR_OK);
		REQUIRE(lr_fit_new(&spec, &b) == LR_OK);
		for (i = 0; i < 4; i++) {
			CHECK(lr_fit_add_weighted(a, x + i, y[i], ws[k]) == LR_OK);
			CHECK(lr_fit_add_weighted(b, x + i, y[i], ws[k]) == LR_OK);
		}
		CHECK(lr_fit_add_rows(a, x + 4, y + 4, NULL, 60) == LR_OK);
		for (i = 4; i < 64; i++)
			CHECK(lr_fit_add(b, x + i, y[i]) == LR_OK);
		lr_fit_export(a, &sa);
		lr_fit_export(b, &sb);
		CHECK(sa.wmin == sb.wmin && sa.wmax == sb.wmax);
		CHECK(factor_gap(a, b) >= 0 && factor_gap(a, b) < 1e-25);
		REQUIRE(lr_solve(a, 0.95, &ra) == LR_OK);
		REQUIRE(lr_solve(b, 0.95, &rb) == LR_OK);
		CHECK(fabs(lr_result_coef(ra, 1)->estimate -
		    lr_result_coef(rb, 1)->estimate) < 1e-13);
		lr_result_free(ra);
		lr_result_free(rb);
		lr_fit_free(a);
		lr_fit_free(b);
	}
}

/*
 * lr_fit_trim (for callers holding a fit per group) frees the kernel's
 * scratch between calls and changes no bit of the fit: the next call
 * makes the scratch again.
 */
static void test_trim_keeps_bits(void)
{
	struct data d;
	lr_fit *a, *b;

	make_data(&d, 0, 5, 0, 9000, 1);
	REQUIRE(d.x && d.y && d.w);
	a = fit_batches_trim(&d, 1000, 0, 0);
	b = fit_batches_trim(&d, 1000, 0, 1);
	CHECK(a && b && same_state(a, b));
	lr_fit_trim(b);
	lr_fit_trim(NULL);
	lr_fit_free(a);
	lr_fit_free(b);
	free_data(&d);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_same_bits);
	RUN(test_batch_check);
	RUN(test_gram_same_bits);
	RUN(test_gram_vs_givens);
	RUN(test_gram_batch_check);
	RUN(test_gram_certified);
	RUN(test_line_after_weights);
	RUN(test_trim_keeps_bits);
	return harness_report("kernel");
}
