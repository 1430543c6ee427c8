/*
 * plot.c - what both pictures need: a bounded sample of the points, the
 * exact ranges of the data, and axes with nice ticks.
 *
 * The sample is taken as rows arrive, so a picture of a billion rows
 * costs the same memory as one of a thousand; the ranges are exact over
 * every row, so an outlier that did not make it into the sample still
 * sets the axes.  Everything is deterministic (a fixed seed, no clock),
 * and nothing here depends on the locale.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "plot.h"

/* ------------------------------------------------------------------ */
/* The sample                                                          */
/* ------------------------------------------------------------------ */

/* splitmix64: tiny, fast, and good enough to pick rows. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

int plot_sample_init(struct plot_sample *ps, size_t cap)
{
	memset(ps, 0, sizeof *ps);
	ps->pt = malloc(2 * cap * sizeof *ps->pt);
	if (!ps->pt)
		return -1;
	ps->cap = cap;
	ps->rng = UINT64_C(0x6c696e726567); /* "linreg": any fixed seed */
	return 0;
}

void plot_sample_add(struct plot_sample *ps, double x, double y)
{
	size_t slot;

	if (ps->seen == 0) {
		ps->xmin = ps->xmax = x;
		ps->ymin = ps->ymax = y;
	} else {
		ps->xmin = x < ps->xmin ? x : ps->xmin;
		ps->xmax = x > ps->xmax ? x : ps->xmax;
		ps->ymin = y < ps->ymin ? y : ps->ymin;
		ps->ymax = y > ps->ymax ? y : ps->ymax;
	}
	ps->seen++;
	if (ps->n < ps->cap) {
		slot = ps->n++;
	} else {
		/* Keep this row with probability cap / seen (Algorithm R). */
		uint64_t j = next_random(&ps->rng) % ps->seen;
		if (j >= ps->cap)
			return;
		slot = (size_t)j;
	}
	ps->pt[2 * slot] = x;
	ps->pt[2 * slot + 1] = y;
}

void plot_sample_free(struct plot_sample *ps)
{
	free(ps->pt);
	ps->pt = NULL;
	ps->n = ps->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Axes                                                                */
/* ------------------------------------------------------------------ */

/* The nice step (1, 2 or 5 times a power of ten) at or above raw > 0. */
static double nice_step(double raw)
{
	double mag = pow(10, floor(log10(raw))), norm;

	/* log10 may be off by one near powers of ten: settle it. */
	if (mag > raw)
		mag /= 10;
	else if (mag * 10 <= raw && isfinite(mag * 10))
		mag *= 10;
	norm = raw / mag;
	if (norm <= 1)
		return mag;
	if (norm <= 2)
		return 2 * mag;
	if (norm <= 5)
		return 5 * mag;
	return 10 * mag;
}

void plot_axis(struct plot_axis *ax, double min, double max, int target)
{
	double span, lo, hi, k1;
	int mag_hi, mag_step;

	if (!(max / 2 - min / 2 > 0)) {
		/*
		 * One value (or two a subnormal apart): a range around it,
		 * finite whatever it is.
		 */
		double v = min / 2 + max / 2, d = fabs(v) / 10;
		if (d < DBL_MIN)
			d = v == 0 ? 1 : DBL_MIN;
		min = v - d > -DBL_MAX ? v - d : -DBL_MAX;
		max = v + d < DBL_MAX ? v + d : DBL_MAX;
	}
	/* Halves: max - min itself may overflow (data near +-1e308). */
	span = max / 2 - min / 2;
	ax->step = nice_step(span / target * 2);
	if (!(ax->step > 0) || !isfinite(ax->step))
		ax->step = span / target * 2;
	if (!(ax->step > 0))
		ax->step = span; /* a few subnormals wide: the division gave 0 */
	lo = floor(min / ax->step) * ax->step;
	hi = ceil(max / ax->step) * ax->step;
	if (!isfinite(lo) || !isfinite(hi) || !(lo <= min) || !(hi >= max) ||
	    !(lo < hi)) {
		/* No room for nice ends (or rounding fought us): the data's. */
		lo = min;
		hi = max;
		ax->nice = 0;
	} else {
		ax->nice = 1;
	}
	ax->lo = lo;
	ax->hi = hi;
	ax->k0 = ceil(lo / ax->step);
	k1 = floor(hi / ax->step);
	/* A step too small to matter next to the values: just the ends. */
	ax->nticks = k1 - ax->k0 >= 0 && k1 - ax->k0 < 100 ?
	    (int)(k1 - ax->k0) + 1 : 0;
	/* Digits to tell ticks apart: from the largest value to the step. */
	mag_hi = (int)floor(log10(fmax(fabs(lo), fabs(hi))));
	mag_step = (int)floor(log10(ax->step));
	ax->digits = mag_hi - mag_step + 1;
	if (ax->digits < 1)
		ax->digits = 1;
	if (ax->digits > 17)
		ax->digits = 17;
	/*
	 * Plain decimals where people read them easily (170, 0.25, 1500000),
	 * an exponent only for the huge and the tiny.
	 */
	ax->decimals = mag_hi < 15 && mag_step >= -6 ? (mag_step < 0 ?
	    -mag_step : 0) : -1;
}

double plot_frac(const struct plot_axis *ax, double v)
{
	/* In halves, so that neither difference overflows. */
	return (v / 2 - ax->lo / 2) / (ax->hi / 2 - ax->lo / 2);
}

double plot_value(const struct plot_axis *ax, double f)
{
	/* A weighted mean of the ends: finite for any f in [0, 1]. */
	return ax->lo * (1 - f) + ax->hi * f;
}

double plot_tick(const struct plot_axis *ax, int i)
{
	/* From the integer multiple, not by adding steps: no drift. */
	return (ax->k0 + i) * ax->step;
}

char *plot_label(char *buf, const struct plot_axis *ax, double v)
{
	/* "0", never "-0" or 1e-17 from rounding next to zero. */
	if (fabs(v) < ax->step * 1e-9)
		v = 0;
	/* Ends that are not ticks: exactly, not rounded past the data. */
	if (!ax->nice && (v == ax->lo || v == ax->hi))
		return num_format(buf, v, 0);
	if (ax->decimals >= 0) {
		/* 2.5 and 5, not 2.5 and 5.0: no zeros after the last digit. */
		char *e;
		snprintf(buf, NUM_BUFSIZE, "%.*f", ax->decimals, v);
		if (strchr(buf, '.')) {
			e = buf + strlen(buf);
			while (e[-1] == '0')
				*--e = '\0';
			if (e[-1] == '.')
				e[-1] = '\0';
		}
		return buf;
	}
	return num_format(buf, v, ax->digits);
}
