/*
 * plot.h - pictures of a fit with one predictor: the points and the
 * fitted line (or polynomial curve).
 *
 * The data flow: the sink hands every row that goes into the fit to
 * plot_sample_add (plot.c), which keeps a bounded, deterministic sample
 * of the points and the exact ranges of x and y over all of them; after
 * the fit is solved, a writer draws the sample and the fitted curve:
 * write_plot.c for the terminal (--plot), write_svg.c for a file
 * (--svg).  The fit itself never sees the sample.
 */
#ifndef LINREG_PLOT_H
#define LINREG_PLOT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "write.h"

/*
 * Points kept for a picture: enough for a dense scatter in an SVG (a
 * terminal has fewer dots than this), small enough (80 KB) that memory
 * stays flat for any number of rows.
 */
#define PLOT_SAMPLE_MAX 5000

/*
 * A uniform random sample (reservoir sampling, Algorithm R) of the rows
 * offered, with a fixed seed: the same input gives the same sample on
 * every run and every machine.  Once more rows than cap have come,
 * each row offered is kept with probability cap / rows seen, in place of
 * a random earlier one.
 */
struct plot_sample {
	double *pt;              /* cap pairs x, y; the first n are in use */
	size_t cap, n;
	uint64_t seen;           /* rows offered */
	uint64_t rng;            /* splitmix64 state */
	double xmin, xmax;       /* over every row offered, not just the sample */
	double ymin, ymax;
};

/* An empty sample of at most cap points; 0, or -1 when out of memory. */
int plot_sample_init(struct plot_sample *ps, size_t cap);

/* Offer one point (finite values: the readers let no other through). */
void plot_sample_add(struct plot_sample *ps, double x, double y);

/* Free the points; ps may be zeroed or initialised. */
void plot_sample_free(struct plot_sample *ps);

/*
 * An axis: the shown range [lo, hi] (lo < hi, both finite), which holds
 * the data's [min, max], widened to multiples of a "nice" step (1, 2 or
 * 5 times a power of ten) when that stays finite; ticks at the
 * multiples of step inside it, (k0 + i) * step for i < nticks.
 */
struct plot_axis {
	double lo, hi, step;
	double k0;               /* first tick's multiple of step */
	int nticks;
	int digits;              /* significant digits that tell ticks apart */
	int nice;                /* lo and hi are multiples of step */
	int decimals;            /* digits after the point in fixed notation,
	                            or -1 for %g (values huge or tiny) */
};

/* Choose the axis for data in [min, max] with about `target` ticks. */
void plot_axis(struct plot_axis *ax, double min, double max, int target);

/* Where v lies on the axis: 0 at lo, 1 at hi (outside for v outside). */
double plot_frac(const struct plot_axis *ax, double v);

/* The value at fraction f of the axis (the inverse of plot_frac). */
double plot_value(const struct plot_axis *ax, double f);

/* The value of tick i, and its label (buf: NUM_BUFSIZE bytes). */
double plot_tick(const struct plot_axis *ax, int i);
char *plot_label(char *buf, const struct plot_axis *ax, double v);

/*
 * --plot: the points and the fitted curve in a width x height box of
 * character cells (the whole picture, labels included), in Unicode
 * braille dots (2 x 4 to a cell), or in plain ASCII when ascii is set.
 * Needs a report with one predictor and a solved fit.
 */
void write_plot(FILE *out, const struct report *rp,
    const struct plot_sample *ps, int width, int height, int ascii);

/*
 * The size --plot takes when not given: the width from $COLUMNS, else
 * the terminal's on standard output, else 80; 24 lines, or fewer on a
 * shorter terminal.  Clamped to the range --plot=COLSxLINES accepts.
 */
void plot_default_size(int *width, int *height);

/* Limits of --plot=COLSxLINES. */
#define PLOT_MIN_WIDTH 20
#define PLOT_MIN_HEIGHT 6
#define PLOT_MAX_SIZE 500

/*
 * --svg: a standalone SVG 1.1 picture (640 x 480; the plot area is the
 * rectangle x 80..600, y 40..400, lo of each axis at its left/bottom
 * edge and hi at its right/top edge): the points, the fitted curve, the
 * confidence band of the mean at the report's level, axes with ticks,
 * labels from the column names, and a title.
 */
void write_svg(FILE *out, const struct report *rp,
    const struct plot_sample *ps);

#endif
