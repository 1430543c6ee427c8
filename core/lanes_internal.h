/*
 * lanes_internal.h - the fixed summation lanes that the block kernels
 * (block.c: a straight line; gram.c: any model) share, and the vector
 * types they sum them with.
 *
 * Every block is summed in LR_LANES = 4 interleaved lanes (row i of the
 * block goes to lane i % 4), whatever the machine, so every build adds
 * the same numbers in the same order and gives the same bits: with GCC
 * or clang on vectors of two doubles (SSE2, NEON, wasm SIMD128, or
 * plain code the compiler writes), two vectors a lane group; on x86-64
 * with AVX2 and FMA (chosen at run time, lr_kernel_avx2) on one vector
 * of four, where an FMA gives each product's rounding error, the very
 * double that Dekker's product gives (both are exact, unless a product
 * underflows).  Elsewhere (LR_NO_VECTOR, or a compiler without vector
 * extensions), one row at a time in the same four lanes.
 *
 * Why a header: the two kernels must agree on these definitions to the
 * letter (the lanes, the order of a compensated addition), and neither
 * file owns the other's job.
 */
#ifndef LINREG_LANES_INTERNAL_H
#define LINREG_LANES_INTERNAL_H

#include <string.h>

#define LR_LANES 4
#if defined(__GNUC__) && !defined(LR_NO_VECTOR)
typedef double lr_vd __attribute__((vector_size(2 * sizeof(double))));
#define LR_VW 2
#else
typedef double lr_vd;
#define LR_VW 1
#endif
#define LR_GROUPS (LR_LANES / LR_VW)

/* The result of comparing lr_vd's: all bits set (or, for plain
 * doubles, 1) where true, 0 where false. */
#if LR_VW > 1
typedef long long lr_vm __attribute__((vector_size(LR_VW * sizeof(long long))));
#else
typedef int lr_vm;
#endif

#if defined(__GNUC__) && defined(__x86_64__) && !defined(LR_NO_VECTOR)
#include <immintrin.h>
#define LR_AVX2 1
#else
#define LR_AVX2 0
#endif

/* A vector of LR_VW copies of a. */
static inline lr_vd lr_splat(double a)
{
	double v[LR_VW];
	lr_vd r;
	int k;
	for (k = 0; k < LR_VW; k++)
		v[k] = a;
	memcpy(&r, v, sizeof r);
	return r;
}

/* A mask true everywhere. */
static inline lr_vm lr_mask_all(void)
{
	lr_vm m;
	memset(&m, 0xff, sizeof m);
	return m;
}

/* Whether mask m is true in every lane. */
static inline int lr_mask_every(lr_vm m)
{
#if LR_VW > 1
	long long v[LR_VW];
	int k, all = 1;
	memcpy(v, &m, sizeof v);
	for (k = 0; k < LR_VW; k++)
		all &= v[k] != 0;
	return all;
#else
	return m != 0;
#endif
}

/* hi + b with its rounding error, and blo, added to lo (Knuth's
 * TwoSum, lo kept loosely: a plain double). */
#define LR_ACC(hi, lo, b, blo) do {					\
		lr_vd s_ = (hi) + (b), bb_ = s_ - (hi);			\
		(lo) += ((hi) - (s_ - bb_)) + ((b) - bb_) + (blo);	\
		(hi) = s_;						\
	} while (0)

#if LR_AVX2
/* LR_ACC on four lanes, operation for operation. */
#define LR_ACC4(hi, lo, b, blo) do {					\
		__m256d s_ = _mm256_add_pd(hi, b);			\
		__m256d bb_ = _mm256_sub_pd(s_, hi);			\
		(lo) = _mm256_add_pd(lo, _mm256_add_pd(_mm256_add_pd(	\
		    _mm256_sub_pd(hi, _mm256_sub_pd(s_, bb_)),		\
		    _mm256_sub_pd(b, bb_)), blo));			\
		(hi) = s_;						\
	} while (0)
#endif

#endif
