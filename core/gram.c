/*
 * gram.c - a block of rows of any model (several predictors, weights, a
 * polynomial) folded into the fit at once: the block's Gram sums, exact
 * to double-double, their Cholesky factor, its rows rotated into the
 * fit's factor; or a refusal, and the block's rows go one by one through
 * the Givens rotations of fit.c.  What lr_fit_add_rows (block.c) does
 * with every block that is not an unweighted straight line.
 *
 * Method.  The block's frame is the fit's (its scales, fit_internal.h)
 * with each variable's shift moved near the block's mean (a pairwise
 * mean of 16 sampled rows, exactly the value of a column constant in
 * the block): a linear term's value is then its deviation d + e from
 * that shift, exactly (two_sum); a polynomial's terms are the powers
 * of that deviation, in double-double.  The kernel sums, over the block's rows,
 * the scaled weight W = sum w (weight 1 without weights), the columns
 * S_a = sum w c_a and the products G_ab = sum w c_a c_b of the columns
 * c = [terms, y], each product split exactly (Dekker's product, or an
 * FMA for the same double) and the deviations' low parts added in, in
 * LR_LANES = 4 fixed lanes (lanes_internal.h: the same bits from the
 * portable vectors and from AVX2 + FMA).  [[W, S'], [S, G]] = R'R is
 * factored by Cholesky in double-double; R, in the block's frame, is
 * converted to the fit's frame (the shifts' difference b is exact: a row of R times the frame change, binomially for a
 * polynomial, as lr_fit_merge converts) and rotated in, ncol rows for
 * the block's rows, as lr_fit_merge rotates a factor.
 *
 * Accuracy (the argument for LR_LOSS).  Each lane adds its 1024 terms
 * with the high parts in an exact two_sum and the low parts in plain
 * double; the low parts' rounding adds at most 1024^2/2 * 2^-106 = 2^-87
 * of the sum of the terms' magnitudes (2^-96 or so typically, the
 * errors being random), and the products' neglected e_a e_b some 2^-105
 * more: every sum is exact to eps = 2^-86 of sum |w c_a c_b|, which is
 * at most sqrt(G_aa G_bb).  Cholesky in double-double is backward
 * stable on top of that (2^-100 or so), so R'R is the block's sums
 * perturbed by E, |E_ab| <= eps sqrt(G_aa G_bb).  A pivot r_jj^2 (the
 * part of column j's sum of squares G_jj that the columns before it do
 * not explain; for y, the block's residual sum of squares) moves by
 * E_jj - 2 b'E_xj + b'E_xx b, b the block's regression of column j on
 * the columns before it: at most eps (1 + sqrt(j))^2 G_jj.  So a pivot
 * that lost L bits of G_jj (r_jj^2 = 2^-L G_jj) is off by at most
 * (1 + sqrt(j))^2 2^(L - 86) of itself.  The kernel takes a block only
 * when no pivot lost more than LR_LOSS = 24 bits: for ncol <= 128 an
 * error below 2^-55 of each pivot at worst (2^-68 or so typically; for
 * 6 columns 2^-58 at worst), below the 2^-53 a double shows, and the
 * same in the entries of R.  Measured against row-by-row Givens
 * (tests/unit/test_kernel.c): factors within 1e-27 of each column, NIST
 * Longley and the degree-10 filip_like within 6e-28.  Row-by-row
 * Givens makes errors near 2^-104 per rotation whatever the
 * conditioning, so a block that lost more (an exact or nearly exact
 * fit, where y's pivot loses every bit, as in NIST's Wampler1; nearly
 * collinear predictors) goes row by row and keeps every digit it had.
 * Centring on the block's mean is what makes polynomials well
 * conditioned enough here: the powers of a deviation spread evenly
 * about 0 lose some 15 bits at degree 10, where those of x itself lose
 * them all.  A column that is constant in the block has exactly zero
 * deviations (its shift is then its value) and a zero row in R; a
 * column whose sum of squares is below 2^-900 (products that may
 * underflow) sends the block row by row.
 *
 * Cost: per row, (p + 1)(p + 2)/2 compensated sums for p = k + 1
 * columns (fewer by p + 1 without weights), no division or square
 * root; per block, O(ncol^3) in the Cholesky and the rotations.  The sums run over chunks of LR_CHUNK
 * rows laid out column by column (the predictors transposed, the
 * deviations and weights formed once), one accumulator pair at a time
 * over the chunk's rows, so the accumulators stay in registers and the
 * chunk in the first-level cache for a handful of predictors, in the
 * second for some 100.  Wider models (ncol > LR_GRAM_MAXCOL) go row by
 * row: their accumulators alone would need ncol^2 * 32 bytes.
 *
 * Why cut so: block.c keeps the batch's checks, the straight line's own
 * kernel (five sums, faster still) and the choice between paths; this
 * file is the general kernel, which needs of the fit only its frame,
 * lr_col_max and lr_givens_row (fit_internal.h).
 *
 * Measured (AMD EPYC with AVX2, one thread, CPU time of
 * lr_fit_add_rows alone, batches of LR_BATCH, 2e6 rows of short
 * decimals; before: a Givens rotation per row): 5 predictors 0.053 s
 * (3.1 s), weighted 0.081 s (3.0 s), degree 3 0.040 s (1.9 s); 50
 * predictors, 1e5 rows, 0.093 s (4.1 s).  Tried: a pass over every
 * value for the block's exact mean and constant columns (0.16 s for 5
 * predictors: strided reads cost as much as the sums; the sampled mean
 * costs a fraction of a bit instead); one pair per pass of the AVX2
 * sums (two share the loads of column a); with 5 predictors the sums
 * are now about half the time, the transposition of the chunk a
 * quarter.
 */
#include <string.h>

#include "fit_internal.h"
#include "lanes_internal.h"

#ifndef LR_NO_GRAM

/* Rows per pass of the Gram kernel (a multiple of LR_LANES). */
#define LR_CHUNK 32
/* Bits a pivot may lose before the block goes row by row (see above). */
#define LR_LOSS 24
/* The widest model (ncol) the kernel takes. */
#define LR_GRAM_MAXCOL 128

/* The arrays of one column of a chunk: the deviation (high, low part,
 * and the high part's halves for Dekker's product), and the same of the
 * weighted deviation w (d + e) (with weights only). */
enum { C_D, C_E, C_DH, C_DL, C_U, C_UE, C_UH, C_UL, C_N };

/* Views into f->gram, the kernel's scratch (gram_setup). */
struct gram {
	int p;            /* Gram columns: the k terms, then y */
	int weighted;
	size_t na;        /* accumulators: W, the p sums, the pairs a <= b */
	double *acc;      /* na x 2 x LR_LANES: the lanes' high parts, low parts */
	double *col;      /* p x C_N x LR_CHUNK: the chunk's columns */
	double *ws;       /* LR_CHUNK scaled weights (0 in the padding) */
	double *tmp;      /* LR_CHUNK: one column's values */
	double *mu;       /* nx + 1: the block's shifts in frame units */
	dd *sum;          /* na: the accumulators, lanes added */
};

static double *col_at(const struct gram *g, int c, int a)
{
	/* without weights the weighted deviation is the deviation */
	if (!g->weighted && a >= C_U)
		a -= C_U;
	return g->col + ((size_t)c * C_N + (size_t)a) * LR_CHUNK;
}

/* The accumulator of the products of columns a <= b. */
static size_t pair_at(int p, int a, int b)
{
	return 1 + (size_t)p + (size_t)a * (size_t)(2 * p - a + 1) / 2 +
	    (size_t)(b - a);
}

/* The length of gram.c's scratch for f's columns. */
static size_t gram_need(const lr_fit *f, size_t *na)
{
	size_t p = (size_t)f->k + 1, nv = (size_t)f->nx + 1;
	*na = 1 + p + p * (p + 1) / 2;
	return *na * 2 * LR_LANES + p * C_N * LR_CHUNK + 2 * (size_t)LR_CHUNK +
	    2 * nv + 2 * *na;
}

lr_status lr_gram_reserve(lr_fit *f)
{
	size_t na, need = gram_need(f, &na);

	if (f->ncol > LR_GRAM_MAXCOL || f->ngram >= need)
		return LR_OK;
	lr_free(f->gram);
	f->gram = lr_zalloc(need, sizeof *f->gram);
	f->ngram = f->gram ? need : 0;
	return f->gram ? LR_OK : LR_ENOMEM;
}

/* Lay out f->gram (lr_gram_reserve made it) for f's columns; 0 when it
 * is too short: a model wider than the kernel takes. */
static int gram_setup(const lr_fit *f, struct gram *g, int weighted)
{
	size_t na, nv = (size_t)f->nx + 1;
	double *m = f->gram;

	if (f->ncol > LR_GRAM_MAXCOL || f->ngram < gram_need(f, &na))
		return 0;
	g->p = f->k + 1;
	g->weighted = weighted;
	g->na = na;
	g->acc = m;
	m += na * 2 * LR_LANES;
	g->col = m;
	m += (size_t)g->p * C_N * LR_CHUNK;
	g->ws = m;
	g->tmp = m + LR_CHUNK;
	m += 2 * (size_t)LR_CHUNK;
	g->mu = m;
	m += 2 * nv;
	g->sum = (dd *)(void *)m;
	memset(g->acc, 0, na * 2 * LR_LANES * sizeof *g->acc);
	return 1;
}

/* ------------------------------------------------------------------ */
/* The block's shifts and the checks of its values                     */
/* ------------------------------------------------------------------ */

/*
 * The mean of 16 of a variable's values v[i st] spread over the block
 * (m of them), scaled by sc, summed pairwise: exactly the value when
 * they are all one value (its doublings are exact), so that a column
 * constant in the block has deviations exactly 0; otherwise near
 * enough to the block's mean (within a quarter of a standard deviation
 * or so) that centring on it costs the sums a fraction of a bit.  A
 * pass over every value would cost as much as the sums of a few
 * predictors.
 */
static double sample_mean(const double *v, size_t st, size_t m, double sc)
{
	double s[16];
	int k, h;

	for (k = 0; k < 16; k++)
		s[k] = v[m * (size_t)k / 16 * st] * sc;
	for (h = 8; h >= 1; h /= 2)
		for (k = 0; k < h; k++)
			s[k] = s[k] + s[k + h];
	return s[0] / 16;
}

/*
 * Each variable's shift for the block (sample_mean), and the check
 * that lr_add_row's frame makes row by row for a variable whose shift
 * is 0 and whose column is still near empty: 0 when a value is not 0
 * but below 2^-64 (a row would set the scale from it), and the block
 * goes row by row.  (The other check, a value 2^t_bits beyond the
 * frame's shift, is put_chunk's.)
 */
static int block_shifts(const lr_fit *f, struct gram *g, const double *x,
    const double *y, size_t m)
{
	int j, nv = f->nx + 1;
	size_t i, nx = (size_t)f->nx;

	for (j = 0; j < nv; j++) {
		const double *v = j < f->nx ? x + j : y;
		size_t st = j < f->nx ? nx : 1;
		double sc = ldexp(1.0, -f->fr.e[j]);

		/* the margin: the column's largest entry may shrink as rows
		 * rotate in, by at most sqrt(ncol) < 2^6 */
		if (f->fr.c[j] == 0 && lr_col_max(f, f->r, j) < 0x1p-58)
			for (i = 0; i < m; i++)
				if (v[i * st] != 0 && fabs(v[i * st] * sc) < 0x1p-64)
					return 0;
		g->mu[j] = sample_mean(v, st, m, sc);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* A chunk's columns                                                   */
/* ------------------------------------------------------------------ */

/*
 * Column c of the chunk from its values s (scaled to frame units; nr of
 * them, the padding equal to mu): the deviations s - mu, exactly, as
 * d + e (two_sum).
 */
static void put_devs(const struct gram *g, int c, const double *s, double mu,
    int nr)
{
	double *d = col_at(g, c, C_D), *e = col_at(g, c, C_E);
	lr_vd vnm = lr_splat(-mu);
	int r;

	for (r = 0; r < nr; r += LR_VW) {
		lr_vd vs, vd, bb, ve;
		memcpy(&vs, s + r, sizeof vs);
		vd = vs + vnm;
		bb = vd - vs;
		ve = (vs - (vd - bb)) + (vnm - bb);
		memcpy(d + r, &vd, sizeof vd);
		memcpy(e + r, &ve, sizeof ve);
	}
}

/*
 * The weighted columns of the chunk, u + ue = ws (d + e): Dekker's
 * exact product ws d, plus ws e; and for the portable kernel (halves
 * set) the high parts' halves (Dekker's split), for its products.
 */
static void put_weighted(const struct gram *g, int c, int nr, int halves)
{
	const lr_vd k27 = lr_splat(134217729.0); /* 2^27 + 1 */
	double *d = col_at(g, c, C_D), *e = col_at(g, c, C_E);
	double *u = col_at(g, c, C_U), *ue = col_at(g, c, C_UE);
	double *dh = col_at(g, c, C_DH), *dl = col_at(g, c, C_DL);
	double *uh = col_at(g, c, C_UH), *ul = col_at(g, c, C_UL);
	int r;

	for (r = 0; r < nr; r += LR_VW) {
		lr_vd vw, vd, ve, t, wh, wl, xh, xl, p, er;
		memcpy(&vw, g->ws + r, sizeof vw);
		memcpy(&vd, d + r, sizeof vd);
		t = k27 * vd;
		xh = t - (t - vd);
		xl = vd - xh;
		if (halves) {
			memcpy(dh + r, &xh, sizeof xh);
			memcpy(dl + r, &xl, sizeof xl);
		}
		if (!g->weighted)
			continue;
		memcpy(&ve, e + r, sizeof ve);
		t = k27 * vw;
		wh = t - (t - vw);
		wl = vw - wh;
		p = vw * vd;
		er = (((wh * xh - p) + wh * xl) + wl * xh) + wl * xl;
		er = er + vw * ve;
		memcpy(u + r, &p, sizeof p);
		memcpy(ue + r, &er, sizeof er);
		if (halves) {
			t = k27 * p;
			xh = t - (t - p);
			xl = p - xh;
			memcpy(uh + r, &xh, sizeof xh);
			memcpy(ul + r, &xl, sizeof xl);
		}
	}
}

/*
 * Variable j's values in rows 0 .. rows - 1 (v[r st]) scaled to frame
 * units into tmp, padded to nr with pad; 0 when one lies 2^t_bits or
 * more beyond the frame's shift (a row would move the frame's scale:
 * the block goes row by row).
 */
static int gather(const lr_fit *f, int j, const double *v, size_t st,
    int rows, int nr, double pad, double *tmp)
{
	double sc = ldexp(1.0, -f->fr.e[j]), cs = f->fr.c[j] * sc;
	double lim = ldexp(1.0, f->degree >= 2 ? LR_T_BITS / f->k : LR_T_BITS);
	int r, ok = 1;

	for (r = 0; r < rows; r++) {
		double s = v[(size_t)r * st] * sc, t = s - cs;
		ok &= t < lim && t > -lim;
		tmp[r] = s;
	}
	for (; r < nr; r++)
		tmp[r] = pad;
	return ok;
}

/*
 * Rows r0 .. r0 + rows - 1 of the block as the chunk's columns: the
 * terms' and y's values in the block's frame, padded to a multiple of
 * LR_LANES with rows whose deviations and weight are 0; then the
 * weighted columns and the halves (put_weighted).  0 when a value lies
 * beyond the frame (gather).
 */
static int put_chunk(const lr_fit *f, const struct gram *g, const double *x,
    const double *y, const double *w, size_t r0, int rows, int halves)
{
	double *tmp = g->tmp;
	int r, c, p = g->p, nr = (rows + LR_LANES - 1) / LR_LANES * LR_LANES;
	size_t nx = (size_t)f->nx;
	const double *xr = x + r0 * nx;

	if (f->degree >= 2) {
		if (!gather(f, 0, xr, 1, rows, nr, g->mu[0], tmp))
			return 0;
		for (r = 0; r < nr; r++) {
			dd t = dd_two_sum(tmp[r], -g->mu[0]), pw = t;
			for (c = 0; c < f->k; c++) {
				if (c > 0)
					pw = dd_mul(pw, t);
				col_at(g, c, C_D)[r] = pw.hi;
				col_at(g, c, C_E)[r] = pw.lo;
			}
		}
	} else {
		for (c = 0; c < f->k; c++) {
			if (!gather(f, c, xr + c, nx, rows, nr, g->mu[c], tmp))
				return 0;
			put_devs(g, c, tmp, g->mu[c], nr);
		}
	}
	if (!gather(f, f->nx, y + r0, 1, rows, nr, g->mu[f->nx], tmp))
		return 0;
	put_devs(g, p - 1, tmp, g->mu[f->nx], nr);
	if (g->weighted) {
		/* w 2^-ew, as ldexp gives it, unless 2^-ew overflows */
		double sw = f->ew > -1000 ? ldexp(1.0, -f->ew) : 0;
		for (r = 0; r < nr; r++)
			g->ws[r] = r >= rows ? 0 : sw != 0 ? w[r0 + (size_t)r] * sw :
			    ldexp(w[r0 + (size_t)r], -f->ew);
	}
	for (c = 0; c < p && (g->weighted || halves); c++)
		put_weighted(g, c, nr, halves);
	return 1;
}

/* ------------------------------------------------------------------ */
/* The sums                                                            */
/* ------------------------------------------------------------------ */

/* One accumulator (acc: its lanes' high parts, then low parts) plus
 * the nr values u + ue of a chunk (ue NULL: 0), portable vectors. */
static void sum_column(double *acc, const double *u, const double *ue,
    int nr)
{
	lr_vd hs[LR_GROUPS], ls[LR_GROUPS], vu, vue = lr_splat(0);
	int r, k;

	memcpy(hs, acc, sizeof hs);
	memcpy(ls, acc + LR_LANES, sizeof ls);
	for (r = 0; r < nr; r += LR_LANES)
		for (k = 0; k < LR_GROUPS; k++) {
			int q = r + k * LR_VW;
			memcpy(&vu, u + q, sizeof vu);
			if (ue)
				memcpy(&vue, ue + q, sizeof vue);
			LR_ACC(hs[k], ls[k], vu, vue);
		}
	memcpy(acc, hs, sizeof hs);
	memcpy(acc + LR_LANES, ls, sizeof ls);
}

/* One pair's accumulator plus the products of the chunk's columns a
 * (weighted) and b: Dekker's exact product from the halves, then the
 * low parts' terms. */
static void sum_pair(const struct gram *g, double *acc, int a, int b, int nr)
{
	const double *u = col_at(g, a, C_U), *ue = col_at(g, a, C_UE);
	const double *uh = col_at(g, a, C_UH), *ul = col_at(g, a, C_UL);
	const double *d = col_at(g, b, C_D), *e = col_at(g, b, C_E);
	const double *dh = col_at(g, b, C_DH), *dl = col_at(g, b, C_DL);
	lr_vd hs[LR_GROUPS], ls[LR_GROUPS];
	int r, k;

	memcpy(hs, acc, sizeof hs);
	memcpy(ls, acc + LR_LANES, sizeof ls);
	for (r = 0; r < nr; r += LR_LANES)
		for (k = 0; k < LR_GROUPS; k++) {
			int q = r + k * LR_VW;
			lr_vd vu, vue, vuh, vul, vd, ve, vdh, vdl, pr, er;
			memcpy(&vu, u + q, sizeof vu);
			memcpy(&vue, ue + q, sizeof vue);
			memcpy(&vuh, uh + q, sizeof vuh);
			memcpy(&vul, ul + q, sizeof vul);
			memcpy(&vd, d + q, sizeof vd);
			memcpy(&ve, e + q, sizeof ve);
			memcpy(&vdh, dh + q, sizeof vdh);
			memcpy(&vdl, dl + q, sizeof vdl);
			pr = vu * vd;
			er = (((vuh * vdh - pr) + vuh * vdl) + vul * vdh) + vul * vdl;
			er = er + (vu * ve + vue * vd);
			LR_ACC(hs[k], ls[k], pr, er);
		}
	memcpy(acc, hs, sizeof hs);
	memcpy(acc + LR_LANES, ls, sizeof ls);
}

/*
 * A chunk's nr rows (a multiple of LR_LANES) added to the accumulators,
 * portable vectors: the weights, each column's sum, each pair's
 * products.
 */
static void gram_sums(const struct gram *g, int nr)
{
	int p = g->p, a, b;

	if (g->weighted)
		sum_column(g->acc, g->ws, NULL, nr);
	for (a = 0; a < p; a++)
		sum_column(g->acc + (size_t)(1 + a) * 2 * LR_LANES,
		    col_at(g, a, C_U), col_at(g, a, C_UE), nr);
	for (a = 0; a < p; a++)
		for (b = a; b < p; b++)
			sum_pair(g, g->acc + pair_at(p, a, b) * 2 * LR_LANES,
			    a, b, nr);
}

#if LR_AVX2
/* The products of four rows of a (vu + vue) and b (d + e) added to the
 * accumulator (h, l), as sum_pair does, with an FMA's exact error. */
#define LR_PROD4(h, l, vu, vue, d, e) do {				\
		__m256d vd_ = _mm256_loadu_pd(d), ve_ = _mm256_loadu_pd(e);	\
		__m256d pr_ = _mm256_mul_pd(vu, vd_);			\
		__m256d er_ = _mm256_fmsub_pd(vu, vd_, pr_);		\
		er_ = _mm256_add_pd(er_, _mm256_add_pd(_mm256_mul_pd(vu, ve_),	\
		    _mm256_mul_pd(vue, vd_)));				\
		LR_ACC4(h, l, pr_, er_);					\
	} while (0)

/*
 * gram_sums on one vector of four lanes, with FMA for each product's
 * rounding error: the same operations in the same order, lane for lane.
 */
__attribute__((target("avx2,fma")))
static void gram_sums_avx2(const struct gram *g, int nr)
{
	int p = g->p, a, b, r;
	__m256d z = _mm256_setzero_pd();

	if (g->weighted) {
		__m256d h = _mm256_loadu_pd(g->acc), l = _mm256_loadu_pd(g->acc + 4);
		for (r = 0; r < nr; r += 4)
			LR_ACC4(h, l, _mm256_loadu_pd(g->ws + r), z);
		_mm256_storeu_pd(g->acc, h);
		_mm256_storeu_pd(g->acc + 4, l);
	}
	for (a = 0; a < p; a++) {
		double *acc = g->acc + (size_t)(1 + a) * 8;
		const double *u = col_at(g, a, C_U), *ue = col_at(g, a, C_UE);
		__m256d h = _mm256_loadu_pd(acc), l = _mm256_loadu_pd(acc + 4);
		for (r = 0; r < nr; r += 4)
			LR_ACC4(h, l, _mm256_loadu_pd(u + r), _mm256_loadu_pd(ue + r));
		_mm256_storeu_pd(acc, h);
		_mm256_storeu_pd(acc + 4, l);
	}
	for (a = 0; a < p; a++) {
		const double *u = col_at(g, a, C_U), *ue = col_at(g, a, C_UE);
		/* two pairs (a, b), (a, b + 1) at a time: u loaded once */
		for (b = a; b < p; b += 2) {
			int two = b + 1 < p;
			double *acc0 = g->acc + pair_at(p, a, b) * 8;
			double *acc1 = two ? acc0 + 8 : acc0;
			const double *d0 = col_at(g, b, C_D), *e0 = col_at(g, b, C_E);
			const double *d1 = two ? col_at(g, b + 1, C_D) : d0;
			const double *e1 = two ? col_at(g, b + 1, C_E) : e0;
			__m256d h0 = _mm256_loadu_pd(acc0), l0 = _mm256_loadu_pd(acc0 + 4);
			__m256d h1 = _mm256_loadu_pd(acc1), l1 = _mm256_loadu_pd(acc1 + 4);
			for (r = 0; r < nr; r += 4) {
				__m256d vu = _mm256_loadu_pd(u + r);
				__m256d vue = _mm256_loadu_pd(ue + r);
				LR_PROD4(h0, l0, vu, vue, d0 + r, e0 + r);
				LR_PROD4(h1, l1, vu, vue, d1 + r, e1 + r);
			}
			/* (with one pair left, the second is the same sums again,
			 * stored first and overwritten) */
			_mm256_storeu_pd(acc1, h1);
			_mm256_storeu_pd(acc1 + 4, l1);
			_mm256_storeu_pd(acc0, h0);
			_mm256_storeu_pd(acc0 + 4, l0);
		}
	}
}
#endif

/* ------------------------------------------------------------------ */
/* The block's factor                                                  */
/* ------------------------------------------------------------------ */

/*
 * The Cholesky factor rb (ncol x ncol, upper triangular) of the block's
 * [[W, S'], [S, G]], in double-double; 0 when a pivot lost more than
 * LR_LOSS bits of its column's sum of squares (or the block's numbers
 * are so small that products underflow): the block goes row by row.
 */
static int block_factor(const lr_fit *f, const struct gram *g, size_t m,
    dd *rb)
{
	int n = f->ncol, p = g->p, i, j, l;
	const dd *s = g->sum;
	dd w = g->weighted ? s[0] : dd_from((double)m);

	memset(rb, 0, (size_t)n * n * sizeof *rb);
	if (!(w.hi > 0x1p-900))
		return 0;
	rb[0] = dd_sqrt(w);
	for (j = 1; j < n; j++)
		rb[j] = dd_div(s[j], rb[0]);
	for (j = 1; j < n; j++) {
		dd gjj = s[pair_at(p, j - 1, j - 1)], piv = gjj;
		for (i = 0; i < j; i++)
			piv = dd_sub(piv, dd_mul(rb[i * n + j], rb[i * n + j]));
		if (gjj.hi == 0 && s[j].hi == 0)
			continue; /* deviations all 0: a zero row */
		if (!(gjj.hi > 0x1p-900) || !(piv.hi >= ldexp(gjj.hi, -LR_LOSS)))
			return 0;
		rb[j * n + j] = dd_sqrt(piv);
		for (l = j + 1; l < n; l++) {
			dd t = s[pair_at(p, j - 1, l - 1)];
			for (i = 0; i < j; i++)
				t = dd_sub(t, dd_mul(rb[i * n + j], rb[i * n + l]));
			rb[j * n + l] = dd_div(t, rb[j * n + j]);
		}
	}
	return 1;
}

/*
 * The rows of the block's factor rb, converted to f's frame, rotated
 * into f's factor.  A variable's value in f's frame is its value in the
 * block's plus b = mu - c 2^-e (exact), so a row becomes
 *	linear:      t column + b (constant column)
 *	polynomial:  t^m column = sum_l C(m,l) b^(m-l) (t^l column)
 * (lr_fit_merge's conversion, with equal scales).
 */
static void fold_block(lr_fit *f, const struct gram *g, const dd *rb)
{
	int n = f->ncol, i, j, l, nx = f->nx;
	dd *row = f->row, *bp = f->work + (size_t)n * n, by;

	for (j = 0; j <= nx; j++)
		bp[j] = dd_two_sum(g->mu[j], -ldexp(f->fr.c[j], -f->fr.e[j]));
	by = bp[nx];
	if (f->degree >= 2) {
		dd b = bp[0];
		bp[0] = dd_from(1);
		for (j = 1; j <= f->k; j++)
			bp[j] = dd_mul(bp[j - 1], b);
	}
	for (i = 0; i < n; i++) {
		const dd *ri = rb + (size_t)i * n;
		row[0] = ri[0];
		for (j = 1; j <= f->k; j++) {
			if (f->degree >= 2) {
				dd s = dd_from(0);
				for (l = 0; l <= j; l++)
					s = dd_add(s, dd_mul(dd_mul_d(bp[j - l],
					    lr_binom(j, l)), ri[l]));
				row[j] = s;
			} else {
				row[j] = dd_add(ri[j], dd_mul(ri[0], bp[j - 1]));
			}
		}
		row[n - 1] = dd_add(ri[n - 1], dd_mul(ri[0], by));
		lr_givens_row(f->r, n, row);
	}
}

/* ------------------------------------------------------------------ */
/* A block                                                             */
/* ------------------------------------------------------------------ */

/* Whether every weight, scaled by f's weights' frame, stays in it. */
static int weights_fit(const lr_fit *f, const double *w, size_t m)
{
	double lim = ldexp(1.0, LR_W_BITS + f->ew);
	int ok = 1;
	size_t i;
	for (i = 0; i < m; i++)
		ok &= w[i] < lim;
	return ok;
}

int lr_gram_add(lr_fit *f, const double *x, const double *y, const double *w,
    size_t m)
{
	struct gram g;
	size_t r0, i;
	int avx = 0, k;
	dd *rb = f->work;

	if ((!w && f->ew != 0) || (w && !weights_fit(f, w, m)) ||
	    !gram_setup(f, &g, w != NULL) ||
	    !block_shifts(f, &g, x, y, m))
		return 0;
#if LR_AVX2
	avx = !lr_kernel_generic && lr_kernel_avx2();
#endif
	for (r0 = 0; r0 < m; r0 += LR_CHUNK) {
		int rows = m - r0 < LR_CHUNK ? (int)(m - r0) : LR_CHUNK;
		int nr = (rows + LR_LANES - 1) / LR_LANES * LR_LANES;
		if (!put_chunk(f, &g, x, y, w, r0, rows, !avx))
			return 0;
#if LR_AVX2
		if (avx)
			gram_sums_avx2(&g, nr);
		else
#endif
			gram_sums(&g, nr);
	}
	for (i = 0; i < g.na; i++) {
		const double *acc = g.acc + i * 2 * LR_LANES;
		g.sum[i] = dd_from(0);
		for (k = 0; k < LR_LANES; k++)
			g.sum[i] = dd_add(g.sum[i],
			    dd_two_sum(acc[k], acc[LR_LANES + k]));
	}
	if (!block_factor(f, &g, m, rb))
		return 0;
	fold_block(f, &g, rb);
	f->n += m;
	for (i = 0; i < m; i++) {
		double wi = w ? w[i] : 1;
		if (wi < f->wmin)
			f->wmin = wi;
		if (wi > f->wmax)
			f->wmax = wi;
		if (wi != 1)
			f->sumlogw = dd_add_d(f->sumlogw, log(wi));
	}
	return 1;
}

#else /* LR_NO_GRAM */

/*
 * The edge library (edge/wasm.mk), whose budget is 64 KiB, leaves the
 * kernel out (it would add some 8 KiB): every block goes row by row,
 * as before the kernel, with the same results to ~1e-25.
 */
lr_status lr_gram_reserve(lr_fit *f)
{
	(void)f;
	return LR_OK;
}

int lr_gram_add(lr_fit *f, const double *x, const double *y, const double *w,
    size_t m)
{
	(void)f, (void)x, (void)y, (void)w, (void)m;
	return 0;
}

#endif

/* (Both builds: f->gram is NULL where the kernel is left out.) */
void lr_fit_trim(lr_fit *f)
{
	if (!f)
		return;
	lr_free(f->gram);
	f->gram = NULL;
	f->ngram = 0;
}
