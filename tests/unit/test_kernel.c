/*
 * test_kernel.c - the straight line's block kernel gives the same bits
 * on every machine: the AVX2 + FMA kernel (chosen at run time) and the
 * generic one sum the same rows in the same four lanes, and an FMA's
 * product error is the one Dekker's product gives.  Each dataset is fit
 * both ways through lr_fit_add_rows and the exported states compared
 * byte for byte.  (On a machine without AVX2 both runs take the
 * generic kernel and the test says so.)
 */
#include <stdint.h>
#include <stdio.h>
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

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_same_bits);
	RUN(test_batch_check);
	return harness_report("kernel");
}
