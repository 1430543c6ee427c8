/*
 * write_plot.c - --plot: the points and the fitted curve as text, for a
 * look at the data without leaving the terminal.
 *
 * The picture is drawn on a grid of dots: Unicode braille has 2 x 4 dots
 * to a character cell (U+2800 + one bit per dot), --ascii one dot to a
 * cell, a point as '*' and the curve as '.'.  The curve is evaluated at
 * every dot column over the data's x range, and neighbouring columns are
 * joined vertically, so a steep line stays unbroken.  The axes come
 * from plot.c: nice ends that hold every row, labelled at the corners,
 * with the column names.  Names are printed without control characters
 * (and, with --ascii, without any byte above 0x7f), so a hostile header
 * cannot drive the terminal.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "number.h"
#include "plot.h"

/* What a dot holds; a point wins over the curve. */
enum { DOT_NONE, DOT_CURVE, DOT_POINT };

/*
 * Write up to maxcols characters of name (one column each, as most
 * terminals show letters), a control character, an invalid byte or
 * (ascii) any non-ASCII character as '?'.  With out NULL, only count.
 * Returns the columns written.
 */
static size_t put_name(FILE *out, const char *name, size_t maxcols,
    int ascii)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t cols = 0;

	while (*p && cols < maxcols) {
		/* The same test as text_escape's; '?' keeps the columns. */
		int n = text_char_len(p, strnlen((const char *)p, 4));
		if (n == 0 || (ascii && n > 1)) {
			if (out)
				putc('?', out);
			p += n ? n : 1;
		} else {
			if (out)
				fwrite(p, 1, (size_t)n, out);
			p += n;
		}
		cols++;
	}
	return cols;
}

static void spaces(FILE *out, long n)
{
	while (n-- > 0)
		putc(' ', out);
}

/* The dot row of a fraction of the y axis, 0 at the top; kept within one
 * row beyond either edge so that a run into the picture still starts at
 * its edge. */
static int dot_row(double fy, int dh)
{
	double r = dh - 1 - floor(fy * dh);
	if (!(r >= -1))
		return -1; /* above, or NaN: off the picture */
	return r > dh ? dh : (int)r;
}

static int dot_col(double fx, int dw)
{
	double c = floor(fx * dw);
	return !(c >= 0) ? 0 : c > dw - 1 ? dw - 1 : (int)c;
}

/* The curve, one dot column at a time, over the data's x range. */
static void draw_curve(unsigned char *dot, int dw, int dh,
    const struct report *rp, const struct plot_sample *ps,
    const struct plot_axis *xa, const struct plot_axis *ya)
{
	double f_min = plot_frac(xa, ps->xmin), f_max = plot_frac(xa, ps->xmax);
	int c, prev = 0, have_prev = 0;

	for (c = 0; c < dw; c++) {
		double f = (c + 0.5) / dw, x;
		lr_prediction pr;
		int cur, r, from, to;

		if ((double)(c + 1) / dw < f_min || (double)c / dw > f_max) {
			have_prev = 0;
			continue;
		}
		f = f < f_min ? f_min : f > f_max ? f_max : f;
		x = plot_value(xa, f);
		if (lr_predict(rp->res, &x, &pr) != LR_OK || !isfinite(pr.fit)) {
			have_prev = 0;
			continue;
		}
		cur = dot_row(plot_frac(ya, pr.fit), dh);
		/* Join to the last column: the rows in between, then cur. */
		from = have_prev && prev != cur ? prev + (cur > prev ? 1 : -1) :
		    cur;
		if (from > cur) {
			to = from;
			from = cur;
		} else {
			to = cur;
		}
		for (r = from < 0 ? 0 : from; r <= to && r < dh; r++)
			if (dot[(size_t)r * dw + c] == DOT_NONE)
				dot[(size_t)r * dw + c] = DOT_CURVE;
		prev = cur;
		have_prev = 1;
	}
}

/* One cell of the picture: a braille character, or an ASCII one. */
static void put_cell(FILE *out, const unsigned char *dot, int dw, int row,
    int col, int ascii)
{
	/* Braille dot bits by (column, row) within the cell. */
	static const unsigned char bit[2][4] = {
		{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}
	};
	unsigned b = 0;
	int i, k;

	if (ascii) {
		unsigned char d = dot[(size_t)row * dw + col];
		putc(d == DOT_POINT ? '*' : d == DOT_CURVE ? '.' : ' ', out);
		return;
	}
	for (i = 0; i < 2; i++)
		for (k = 0; k < 4; k++)
			if (dot[(size_t)(4 * row + k) * dw + 2 * (size_t)col +
			    (size_t)i])
				b |= bit[i][k];
	if (!b) {
		putc(' ', out);
		return;
	}
	/* U+2800 + b in UTF-8. */
	putc(0xe2, out);
	putc((int)(0xa0 | b >> 6), out);
	putc((int)(0x80 | (b & 0x3f)), out);
}

void write_plot(FILE *out, const struct report *rp,
    const struct plot_sample *ps, int width, int height, int ascii)
{
	const char *vbar = ascii ? "|" : "\xe2\x94\x82";     /* U+2502 */
	const char *vtick = ascii ? "+" : "\xe2\x94\xa4";    /* U+2524 */
	const char *corner = ascii ? "+" : "\xe2\x94\x94";   /* U+2514 */
	const char *hbar = ascii ? "-" : "\xe2\x94\x80";     /* U+2500 */
	char ylo[NUM_BUFSIZE], yhi[NUM_BUFSIZE], xlo[NUM_BUFSIZE],
	    xhi[NUM_BUFSIZE];
	struct plot_axis xa, ya;
	unsigned char *dot;
	size_t k, gutter, pw, ph, dw, dh, nx, lo, hi, used;
	int r, c, last;

	/* Only the ends are labelled: a fine step keeps them near the data. */
	plot_axis(&xa, ps->xmin, ps->xmax, 20);
	plot_axis(&ya, ps->ymin, ps->ymax, 20);
	plot_label(ylo, &ya, ya.lo);
	plot_label(yhi, &ya, ya.hi);
	plot_label(xlo, &xa, xa.lo);
	plot_label(xhi, &xa, xa.hi);
	gutter = strlen(ylo) > strlen(yhi) ? strlen(ylo) : strlen(yhi);
	/* Width: gutter, a space, the axis, the plot; at least 10 cells. */
	pw = (size_t)width > gutter + 12 ? (size_t)width - gutter - 2 : 10;
	ph = height > 3 + 3 ? (size_t)height - 3 : 3;
	dw = ascii ? pw : 2 * pw;
	dh = ascii ? ph : 4 * ph;
	dot = calloc(dw * dh, 1);
	if (!dot)
		return; /* the caller sees the short output as a write error */

	draw_curve(dot, (int)dw, (int)dh, rp, ps, &xa, &ya);
	for (k = 0; k < ps->n; k++) {
		int col = dot_col(plot_frac(&xa, ps->pt[2 * k]), (int)dw);
		int row = dot_row(plot_frac(&ya, ps->pt[2 * k + 1]), (int)dh);
		row = row < 0 ? 0 : row >= (int)dh ? (int)dh - 1 : row;
		dot[(size_t)row * dw + (size_t)col] = DOT_POINT;
	}

	/* The y name, and how many points are shown when not all. */
	used = put_name(out, rp->yname, gutter + 2 + pw, ascii);
	if (ps->seen > ps->n) {
		char note[80];
		snprintf(note, sizeof note, "%zu of %llu points shown", ps->n,
		    (unsigned long long)ps->seen);
		if (used + 2 + strlen(note) <= gutter + 2 + pw) {
			spaces(out, (long)(gutter + 2 + pw - used - strlen(note)));
			fputs(note, out);
		}
	}
	putc('\n', out);

	/* The rows, the y range at the top and bottom ones. */
	for (r = 0; r < (int)ph; r++) {
		const char *label = r == 0 ? yhi : r == (int)ph - 1 ? ylo : "";
		spaces(out, (long)(gutter - strlen(label)));
		fputs(label, out);
		putc(' ', out);
		fputs(*label ? vtick : vbar, out);
		/* No blanks at the end of a line. */
		for (last = (int)pw - 1; last >= 0; last--) {
			int i, j, any = 0;
			for (i = 0; i < (ascii ? 1 : 4) && !any; i++)
				for (j = 0; j < (ascii ? 1 : 2) && !any; j++)
					any = dot[((size_t)r * (ascii ? 1 : 4) +
					    (size_t)i) * dw + (size_t)last *
					    (ascii ? 1 : 2) + (size_t)j] != 0;
			if (any)
				break;
		}
		for (c = 0; c <= last; c++)
			put_cell(out, dot, (int)dw, r, c, ascii);
		putc('\n', out);
	}

	/* The x axis, then its range at the ends and its name between. */
	spaces(out, (long)gutter + 1);
	fputs(corner, out);
	for (k = 0; k < pw; k++)
		fputs(hbar, out);
	putc('\n', out);
	spaces(out, (long)gutter + 2);
	fputs(xlo, out);
	lo = strlen(xlo);
	hi = strlen(xhi);
	nx = put_name(NULL, rp->xnames[0], (size_t)-1, ascii);
	if (lo + hi + 4 <= pw) {
		/* The name in the middle, cut to the room between the ends. */
		size_t room = pw - lo - hi - 2, start;
		if (nx > room)
			nx = room;
		start = (pw - nx) / 2;
		if (start < lo + 1)
			start = lo + 1;
		if (start + nx + 1 > pw - hi)
			start = pw - hi - 1 - nx;
		spaces(out, (long)(start - lo));
		put_name(out, rp->xnames[0], nx, ascii);
		spaces(out, (long)(pw - hi - start - nx));
	} else {
		putc(' ', out);
	}
	fputs(xhi, out);
	putc('\n', out);
	free(dot);
}

void plot_default_size(int *width, int *height)
{
	const char *env = getenv("COLUMNS");
	int tty = 0, w = 0, h = 24;
#ifdef TIOCGWINSZ
	struct winsize ws;

	memset(&ws, 0, sizeof ws);
	tty = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0;
#else
	/* WASI: no terminal size to ask for; COLUMNS or 80 x 24 */
	struct { int ws_col, ws_row; } ws = { 0, 0 };
#endif
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);
		if (!*end && v > 0 && v <= 100000)
			w = (int)v;
	}
	if (!w && tty && ws.ws_col > 0)
		w = ws.ws_col;
	if (!w)
		w = 80;
	if (tty && ws.ws_row > 0 && ws.ws_row < h)
		h = ws.ws_row;
	*width = w < PLOT_MIN_WIDTH ? PLOT_MIN_WIDTH : w > PLOT_MAX_SIZE ?
	    PLOT_MAX_SIZE : w;
	*height = h < PLOT_MIN_HEIGHT ? PLOT_MIN_HEIGHT : h;
}
