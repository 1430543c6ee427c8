/*
 * block.c - lr_fit_add_rows: a batch of rows into a fit, a straight
 * line's in blocks of rows summed by a vector kernel (chosen for the CPU
 * at run time), everything else row by row through fit.c.
 *
 * Why cut so: this is the one place where speed is bought with machine
 * specifics (vector types, AVX2 and FMA intrinsics, a run-time CPU
 * check), so they stay out of fit.c, whose operations are plain C; and
 * it needs of the fit only its frame, lr_add_row and the factor's
 * Givens rotations (fit_internal.h).  Every path here gives the same
 * bits on every machine (see LR_LANES); tests/unit/test_kernel.c holds
 * the kernels to it.
 */
#include <string.h>

#include "fit_internal.h"
#include "lanes_internal.h"

/* The batch check below compares against 2^400 literally, and the
 * error bound of add_block_line is worked out for blocks of 4096 rows. */
typedef char lr_t_bits_is_400[LR_T_BITS == 400 ? 1 : -1];
typedef char lr_batch_is_4096[LR_BATCH == 4096 ? 1 : -1];

/* ------------------------------------------------------------------ */
/* Folding a block's factor                                            */
/* ------------------------------------------------------------------ */

/*
 * Rotate the rows of factor rs (ncol x ncol), whose columns are in frame
 * `from`, into f's factor (in f's frame).  Row i in f's frame is
 * (rs G)_i, G the frame change; f->work is the scratch.  (For a block's
 * factor, whose frame has f's scales and shifts near f's.)
 */
static void fold_factor(lr_fit *f, const dd *rs, const struct lr_frame *from)
{
	int i, j, l, n = f->ncol;
	dd *g = f->work, *row = f->row;

	lr_frame_change(f, from, &f->fr, g, g + (size_t)n * n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			dd s = dd_from(0);
			for (l = i; l <= j; l++)
				s = dd_add(s, dd_mul(rs[i * n + l], g[l * n + j]));
			row[j] = s;
		}
		lr_givens_row(f->r, n, row);
	}
}

/* ------------------------------------------------------------------ */
/* Blocks of rows                                                      */
/* ------------------------------------------------------------------ */

int lr_kernel_generic;

int lr_kernel_avx2(void)
{
#if LR_AVX2
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
	return 0;
#endif
}

/*
 * The five sums of a block (see add_block_line), each lane's high and
 * loose low part: h[k][j] + l[k][j] for sum k (x, y, xx, xy, yy) of lane
 * j.  x, y: the block's rows, n of them, scaled by sx, sy and shifted
 * by the means mx, my (the scaled values' means).  A last short group
 * of rows is padded with the means, whose deviations are 0.
 */
static void block_sums(const double *x, const double *y, size_t n,
    double sx, double sy, double mx, double my,
    double h[5][LR_LANES], double l[5][LR_LANES])
{
	lr_vd vsx = lr_splat(sx), vsy = lr_splat(sy);
	lr_vd vmx = lr_splat(mx), vmy = lr_splat(my);
	lr_vd k27 = lr_splat(134217729.0); /* 2^27 + 1: Dekker's split */
	lr_vd hs[5][LR_GROUPS], ls[5][LR_GROUPS];
	double px[LR_LANES], py[LR_LANES];
	size_t i;
	size_t g;
	int k;

	memset(hs, 0, sizeof hs);
	memset(ls, 0, sizeof ls);
	for (i = 0; i < n; i += LR_LANES) {
		int full = n - i >= LR_LANES;
		if (!full) {
			for (k = 0; k < LR_LANES; k++) {
				px[k] = (size_t)k < n - i ? x[i + k] * sx : mx;
				py[k] = (size_t)k < n - i ? y[i + k] * sy : my;
			}
		}
		for (g = 0; g < LR_GROUPS; g++) {
			lr_vd vx, vy, dx, ex, dy, ey, bb, th, xh, xl, yh, yl, p, e;
			if (full) {
				memcpy(&vx, x + i + g * LR_VW, sizeof vx);
				memcpy(&vy, y + i + g * LR_VW, sizeof vy);
				vx = vx * vsx;
				vy = vy * vsy;
			} else {
				memcpy(&vx, px + g * LR_VW, sizeof vx);
				memcpy(&vy, py + g * LR_VW, sizeof vy);
			}
			/* the deviations, exactly: dx + ex, dy + ey */
			dx = vx - vmx;
			bb = dx - vx;
			ex = (vx - (dx - bb)) + (-vmx - bb);
			dy = vy - vmy;
			bb = dy - vy;
			ey = (vy - (dy - bb)) + (-vmy - bb);
			/* the high parts split in halves of 26 bits */
			th = k27 * dx;
			xh = th - (th - dx);
			xl = dx - xh;
			th = k27 * dy;
			yh = th - (th - dy);
			yl = dy - yh;
			LR_ACC(hs[0][g], ls[0][g], dx, ex);
			LR_ACC(hs[1][g], ls[1][g], dy, ey);
			/* dx^2 = p + e exactly (Dekker), then the low parts' terms */
			p = dx * dx;
			e = ((xh * xh - p) + (xh + xh) * xl) + xl * xl;
			e += (dx + dx) * ex;
			LR_ACC(hs[2][g], ls[2][g], p, e);
			p = dx * dy;
			e = (((xh * yh - p) + xh * yl) + xl * yh) + xl * yl;
			e += dx * ey + ex * dy;
			LR_ACC(hs[3][g], ls[3][g], p, e);
			p = dy * dy;
			e = ((yh * yh - p) + (yh + yh) * yl) + yl * yl;
			e += (dy + dy) * ey;
			LR_ACC(hs[4][g], ls[4][g], p, e);
		}
	}
	for (k = 0; k < 5; k++)
		for (g = 0; g < LR_GROUPS; g++) {
			memcpy(&h[k][g * LR_VW], &hs[k][g], sizeof hs[k][g]);
			memcpy(&l[k][g * LR_VW], &ls[k][g], sizeof ls[k][g]);
		}
}

#if LR_AVX2
/*
 * block_sums on one vector of four lanes, with FMA for each product's
 * rounding error: the same operations in the same order, lane for lane.
 */
__attribute__((target("avx2,fma")))
static void block_sums_avx2(const double *x, const double *y, size_t n,
    double sx, double sy, double mx, double my,
    double h[5][LR_LANES], double l[5][LR_LANES])
{
	const __m256d vsx = _mm256_set1_pd(sx), vsy = _mm256_set1_pd(sy);
	const __m256d vmx = _mm256_set1_pd(mx), vmy = _mm256_set1_pd(my);
	const __m256d nmx = _mm256_set1_pd(-mx), nmy = _mm256_set1_pd(-my);
	__m256d h0 = _mm256_setzero_pd(), h1 = h0, h2 = h0, h3 = h0, h4 = h0;
	__m256d l0 = h0, l1 = h0, l2 = h0, l3 = h0, l4 = h0;
	double px[LR_LANES], py[LR_LANES];
	size_t i;
	int k;

	for (i = 0; i < n; i += LR_LANES) {
		__m256d vx, vy, dx, ex, dy, ey, bb, p, e;
		if (n - i >= LR_LANES) {
			vx = _mm256_mul_pd(_mm256_loadu_pd(x + i), vsx);
			vy = _mm256_mul_pd(_mm256_loadu_pd(y + i), vsy);
		} else {
			for (k = 0; k < LR_LANES; k++) {
				px[k] = (size_t)k < n - i ? x[i + k] * sx : mx;
				py[k] = (size_t)k < n - i ? y[i + k] * sy : my;
			}
			vx = _mm256_loadu_pd(px);
			vy = _mm256_loadu_pd(py);
		}
		dx = _mm256_sub_pd(vx, vmx);
		bb = _mm256_sub_pd(dx, vx);
		ex = _mm256_add_pd(_mm256_sub_pd(vx, _mm256_sub_pd(dx, bb)),
		    _mm256_sub_pd(nmx, bb));
		dy = _mm256_sub_pd(vy, vmy);
		bb = _mm256_sub_pd(dy, vy);
		ey = _mm256_add_pd(_mm256_sub_pd(vy, _mm256_sub_pd(dy, bb)),
		    _mm256_sub_pd(nmy, bb));
		LR_ACC4(h0, l0, dx, ex);
		LR_ACC4(h1, l1, dy, ey);
		p = _mm256_mul_pd(dx, dx);
		e = _mm256_fmsub_pd(dx, dx, p);
		e = _mm256_add_pd(e, _mm256_mul_pd(_mm256_add_pd(dx, dx), ex));
		LR_ACC4(h2, l2, p, e);
		p = _mm256_mul_pd(dx, dy);
		e = _mm256_fmsub_pd(dx, dy, p);
		e = _mm256_add_pd(e, _mm256_add_pd(_mm256_mul_pd(dx, ey),
		    _mm256_mul_pd(ex, dy)));
		LR_ACC4(h3, l3, p, e);
		p = _mm256_mul_pd(dy, dy);
		e = _mm256_fmsub_pd(dy, dy, p);
		e = _mm256_add_pd(e, _mm256_mul_pd(_mm256_add_pd(dy, dy), ey));
		LR_ACC4(h4, l4, p, e);
	}
	_mm256_storeu_pd(h[0], h0);
	_mm256_storeu_pd(h[1], h1);
	_mm256_storeu_pd(h[2], h2);
	_mm256_storeu_pd(h[3], h3);
	_mm256_storeu_pd(h[4], h4);
	_mm256_storeu_pd(l[0], l0);
	_mm256_storeu_pd(l[1], l1);
	_mm256_storeu_pd(l[2], l2);
	_mm256_storeu_pd(l[3], l3);
	_mm256_storeu_pd(l[4], l4);
}
#endif

/*
 * A block of a straight line without weights: the sums of the block's
 * deviations from its (rounded) means and of their products, all exact
 * to double-double: the deviations are formed exactly (two_sum), the
 * products split exactly (Dekker) and the sums carried in
 * double-double.  The block's 3 x 3 factor of [1, x, y] (in the frame
 * shifted by the means) is the Cholesky factor of these sums, taken in
 * double-double, and is folded into the fit's factor.  The result
 * equals row-by-row Givens updating to about 30 digits, at a fraction
 * of the cost: no square root or division per row.
 *
 * The caller has checked every value: finite, and within 2^400 of the
 * frame's shift once scaled, so no product below can overflow.
 */
static void add_block_line(lr_fit *f, const double *x, const double *y,
    size_t n)
{
	double mx = 0, my = 0, mx1 = 0, my1 = 0, nd = (double)n, sx, sy;
	dd s_x, s_y, s_xx, s_xy, s_yy, nn, r00, r01, r02, r11, r12;
	dd r22sq;
	double cs[2];
	int es[2];
	struct lr_frame bf;
	dd rb[9];
	double h[5][LR_LANES], l[5][LR_LANES];
	size_t i;
	int k;

	/*
	 * Work on the values scaled by the frame's powers of two (exact:
	 * the caller checked the range), so squares of data near 1e200 or
	 * 1e-200 stay in range.  Two partial sums halve the add chain.
	 */
	sx = ldexp(1.0, -f->fr.e[0]);
	sy = ldexp(1.0, -f->fr.e[1]);
	for (i = 0; i + 2 <= n; i += 2) {
		mx += x[i] * sx;
		my += y[i] * sy;
		mx1 += x[i + 1] * sx;
		my1 += y[i + 1] * sy;
	}
	if (i < n) {
		mx += x[i] * sx;
		my += y[i] * sy;
	}
	mx = (mx + mx1) / nd;
	my = (my + my1) / nd;
	/*
	 * Five sums, each a double-double kept loosely: the high parts add
	 * with an exact two_sum, the low parts (rounding errors and the
	 * deviations' own low parts) in plain double.  Over a block of
	 * LR_BATCH = 4096 rows (1024 a lane) each sum is exact to 2^-86 of
	 * the sum of its terms' magnitudes at worst (2^-96 or so typically),
	 * 33 bits beyond a double's; the lanes and the loose parts are
	 * normalised once, here, lane 0 first.
	 */
#if LR_AVX2
	if (!lr_kernel_generic && lr_kernel_avx2())
		block_sums_avx2(x, y, n, sx, sy, mx, my, h, l);
	else
#endif
		block_sums(x, y, n, sx, sy, mx, my, h, l);
	{
		dd sum[5];
		int j;
		for (k = 0; k < 5; k++) {
			sum[k] = dd_from(0);
			for (j = 0; j < LR_LANES; j++)
				sum[k] = dd_add(sum[k], dd_two_sum(h[k][j], l[k][j]));
		}
		s_x = sum[0];
		s_y = sum[1];
		s_xx = sum[2];
		s_xy = sum[3];
		s_yy = sum[4];
	}
	/* Cholesky of [[n, Sx, Sy], [Sx, Sxx, Sxy], [Sy, Sxy, Syy]]. */
	nn = dd_from(nd);
	r00 = dd_sqrt(nn);
	r01 = dd_div(s_x, r00);
	r02 = dd_div(s_y, r00);
	/*
	 * x's spread in the block; with x constant in it (but for its mean's
	 * rounding) the difference may round below 0, where it is 0.
	 */
	r11 = dd_sub(s_xx, dd_mul(r01, r01));
	r11 = r11.hi > 0 ? dd_sqrt(r11) : dd_from(0);
	r12 = r11.hi > 0 ? dd_div(dd_sub(s_xy, dd_mul(r01, r02)), r11)
	    : dd_from(0);
	r22sq = dd_sub(dd_sub(s_yy, dd_mul(r02, r02)), dd_mul(r12, r12));
	/* The block's frame: shifts (mx, my) in data units, f's scales. */
	es[0] = f->fr.e[0];
	es[1] = f->fr.e[1];
	cs[0] = ldexp(mx, es[0]);
	cs[1] = ldexp(my, es[1]);
	bf.c = cs;
	bf.e = es;
	memset(rb, 0, sizeof rb);
	rb[0] = r00;
	rb[1] = r01;
	rb[2] = r02;
	rb[4] = r11;
	rb[5] = r12;
	rb[8] = r22sq.hi > 0 ? dd_sqrt(r22sq) : dd_from(0);
	fold_factor(f, rb, &bf);
	f->n += n;
}

/*
 * The check of lr_fit_add_rows for an unweighted straight line, in one
 * branch-free pass: every value finite and, scaled by the frame (set
 * from the first row if need be), within 2^LR_T_BITS of the frame's
 * shift.  v * 2^-e is exactly ldexp(v, -e) (2^-e is a double for every
 * frame exponent), and a NaN or infinity fails the comparison.  Returns
 * 1 when the whole batch passes; 0 sends the caller to the row-by-row
 * check and additions, which tell which error it is or move the frame.
 */
static int line_batch_ok(const lr_fit *f, const double *x, const double *y,
    size_t n)
{
	struct lr_frame fr;
	double c[2], px, py, cx, cy;
	int e[2], ok = 1;
	size_t i;

	fr.c = c;
	fr.e = e;
	if (f->framed) {
		c[0] = f->fr.c[0], c[1] = f->fr.c[1];
		e[0] = f->fr.e[0], e[1] = f->fr.e[1];
	} else {
		if (!isfinite(x[0]) || !isfinite(y[0]))
			return 0;
		lr_frame_set(&fr, 0, x[0]);
		lr_frame_set(&fr, 1, y[0]);
	}
	px = ldexp(1.0, -e[0]);
	py = ldexp(1.0, -e[1]);
	cx = c[0] * px;
	cy = c[1] * py;
	i = 0;
#if LR_VW > 1
	{
		/* LR_VW rows at a time: -2^400 < v < 2^400, false for NaN */
		typedef long long lr_vm
		    __attribute__((vector_size(LR_VW * sizeof(long long))));
		lr_vd vpx = lr_splat(px), vpy = lr_splat(py);
		lr_vd vcx = lr_splat(cx), vcy = lr_splat(cy);
		lr_vd hi = lr_splat(0x1p400), lo = lr_splat(-0x1p400);
		lr_vm all;
		long long lanes[LR_VW];
		int k;

		memset(&all, 0xff, sizeof all);
		for (; i + LR_VW <= n; i += LR_VW) {
			lr_vd vx, vy;
			memcpy(&vx, x + i, sizeof vx);
			memcpy(&vy, y + i, sizeof vy);
			vx = vx * vpx - vcx;
			vy = vy * vpy - vcy;
			all &= (vx < hi) & (vx > lo) & (vy < hi) & (vy > lo);
		}
		memcpy(lanes, &all, sizeof lanes);
		for (k = 0; k < LR_VW; k++)
			ok &= lanes[k] != 0;
	}
#endif
	for (; i < n; i++)
		ok &= (fabs(x[i] * px - cx) < 0x1p400) &
		    (fabs(y[i] * py - cy) < 0x1p400);
	return ok;
}

/*
 * Whether a block may go to add_block_line in the frame as it is: not
 * while x's or y's shift is 0 and its column still empty (its scale is
 * a default that the first non-zero value sets, row by row).
 */
static int line_frame_ready(const lr_fit *f)
{
	return (f->fr.c[0] != 0 || lr_col_max(f, f->r, 0) != 0) &&
	    (f->fr.c[1] != 0 || lr_col_max(f, f->r, 1) != 0);
}

/* Whether the n values v are all finite: v * 0 is 0 for them, NaN for
 * an infinity or a NaN, and a NaN stays in a sum. */
static int all_finite(const double *v, size_t n)
{
	lr_vd a[4], x;
	double t = 0, lane[LR_VW];
	size_t i = 0;
	int k, q;

	for (k = 0; k < 4; k++)
		a[k] = lr_splat(0);
	for (; i + 4 * (size_t)LR_VW <= n; i += 4 * (size_t)LR_VW)
		for (k = 0; k < 4; k++) {
			memcpy(&x, v + i + (size_t)k * LR_VW, sizeof x);
			a[k] += x * 0;
		}
	for (k = 0; k < 4; k++) {
		memcpy(lane, &a[k], sizeof lane);
		for (q = 0; q < LR_VW; q++)
			t += lane[q];
	}
	for (; i < n; i++)
		t += v[i] * 0;
	return t == 0;
}

/* Whether the n weights w are all > 0 (false for a NaN). */
static int all_positive(const double *w, size_t n)
{
	lr_vd z = lr_splat(0), x;
	lr_vm ok = lr_mask_all();
	size_t i = 0;
	int all;

	for (; i + LR_VW <= n; i += LR_VW) {
		memcpy(&x, w + i, sizeof x);
		ok &= x > z;
	}
	all = lr_mask_every(ok);
	for (; i < n; i++)
		all &= w[i] > 0;
	return all;
}

/*
 * Every value of a batch checked as lr_add_row checks a row's, in row
 * order: the first error (LR_ENONFINITE, LR_EINVAL for a weight <= 0),
 * or LR_OK.  One vectorised pass over each array first; the rows one
 * by one only when it finds something.
 */
static lr_status batch_valid(const lr_fit *f, const double *x,
    const double *y, const double *w, size_t n)
{
	size_t i, j, nx = (size_t)f->nx;

	if (all_finite(x, n * nx) && all_finite(y, n) &&
	    (!w || (all_finite(w, n) && all_positive(w, n))))
		return LR_OK;
	for (i = 0; i < n; i++) {
		for (j = 0; j < nx; j++)
			if (!isfinite(x[i * nx + j]))
				return LR_ENONFINITE;
		if (!isfinite(y[i]) || (w && !isfinite(w[i])))
			return LR_ENONFINITE;
		if (w && !(w[i] > 0))
			return LR_EINVAL;
	}
	return LR_OK;
}

/*
 * An unweighted straight line: blocks through add_block_line in the
 * frame as it is, as long as their values fit it (checked once for the
 * batch; again for each block once a row has moved the frame);
 * otherwise row by row, which moves it.
 */
static lr_status add_rows_line(lr_fit *f, const double *x, const double *y,
    size_t n)
{
	size_t i;
	int checked = line_batch_ok(f, x, y, n);

	if (!checked) {
		lr_status st = batch_valid(f, x, y, NULL, n);
		if (st != LR_OK)
			return st;
	}
	if (!f->framed)
		lr_frame_start(f, x, y[0], 1);
	/* rows of weight 1, as lr_add_row counts them */
	if (f->wmin > 1)
		f->wmin = 1;
	if (f->wmax < 1)
		f->wmax = 1;
	i = 0;
	while (i < n) {
		size_t m = n - i < LR_BATCH ? n - i : LR_BATCH;
		/* cppcheck-suppress knownConditionTrueFalse ; m is 1..LR_BATCH here */
		if (m < 8) {
			for (; i < n; i++)
				lr_add_row(f, x + i, y[i], 1);
			break;
		}
		if (!line_frame_ready(f)) {
			lr_add_row(f, x + i, y[i], 1);
			i++;
			checked = 0;
			continue;
		}
		if (!checked && !line_batch_ok(f, x + i, y + i, m)) {
			size_t end = i + m;
			for (; i < end; i++)
				lr_add_row(f, x + i, y[i], 1);
			checked = 0;
			continue;
		}
		add_block_line(f, x + i, y + i, m);
		i += m;
	}
	return LR_OK;
}

/*
 * Any other batch: blocks of up to LR_BATCH rows through the Gram
 * kernel (gram.c); a block it refuses (see lr_gram_add), and a block
 * too short to be worth a factor of its own (fewer than 2 ncol rows,
 * where the fold costs more than the rotations), row by row.
 */
static lr_status add_rows_any(lr_fit *f, const double *x, const double *y,
    const double *w, size_t n)
{
	size_t i = 0, nx = (size_t)f->nx, least = 2 * (size_t)f->ncol;
	lr_status st;

	if (least < 8)
		least = 8;
	st = batch_valid(f, x, y, w, n);
	if (st == LR_OK && n >= least)
		st = lr_gram_reserve(f);
	if (st != LR_OK)
		return st;
	if (!f->framed)
		lr_frame_start(f, x, y[0], w ? w[0] : 1);
	while (i < n) {
		size_t m = n - i < LR_BATCH ? n - i : LR_BATCH, end = i + m;
		if (m >= least && lr_gram_add(f, x + i * nx, y + i,
		    w ? w + i : NULL, m)) {
			i = end;
			continue;
		}
		for (; i < end; i++)
			lr_add_row(f, x + i * nx, y[i], w ? w[i] : 1);
	}
	return LR_OK;
}

lr_status lr_fit_add_rows(lr_fit *f, const double *x, const double *y,
    const double *w, size_t n)
{
	if (n == 0)
		return LR_OK;
	/* (a fit with weighted rows before carries a weights' frame that
	 * add_block_line does not apply) */
	if (f->nx == 1 && f->degree == 1 && !w && f->ew == 0)
		return add_rows_line(f, x, y, n);
	return add_rows_any(f, x, y, w, n);
}
