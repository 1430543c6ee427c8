/*
 * write_svg.c - --svg: the fit as a standalone SVG 1.1 picture that any
 * browser, image viewer or word processor opens: the sampled points,
 * the fitted line or curve, the confidence band of the mean, axes with
 * nice ticks, the column names as axis labels, and a title.
 *
 * The coordinate mapping is fixed (plot.h): the plot area is always the
 * rectangle x 80..600, y 40..400 of a 640 x 480 picture, its edges at
 * the axes' ends, so scripts and tests can find a value's pixel.  Curve
 * and band are evaluated at evenly spaced x over the data's range and
 * clipped to the plot area; coordinates are printed with two decimals
 * (the C locale: linreg never sets another).  Names from the data are
 * XML-escaped, and bytes that are not valid UTF-8, or characters XML
 * does not allow, become U+FFFD, so the file is always well-formed.
 */
#include <math.h>
#include <string.h>

#include "number.h"
#include "plot.h"

#define SVG_W 640
#define SVG_H 480
#define AREA_X0 80.0
#define AREA_X1 600.0
#define AREA_Y0 40.0
#define AREA_Y1 400.0
#define CURVE_STEPS 160     /* segments of the curve and the band */
#define COLOR_POINT "#1f77b4"
#define COLOR_FIT "#d62728"

/* Text for an element or an attribute value. */
static void svg_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = utf8_len(p);
		/* U+FFFE and U+FFFF are not XML characters either. */
		if (n == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
			n = 0;
		if (n == 0 || (*p < 0x20 && *p != '\t')) {
			fputs("\xef\xbf\xbd", out);
			p++;
			continue;
		}
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&apos;", out);
			break;
		default:
			fwrite(p, 1, (size_t)n, out);
		}
		p += n;
	}
}

/*
 * A pixel coordinate, kept within reach of the picture: a curve that
 * shoots off to 1e300 is clipped anyway, and its visible part moves by
 * far less than a pixel.
 */
static double px(double f)
{
	double v = AREA_X0 + f * (AREA_X1 - AREA_X0);
	return !(v > -1e4) ? -1e4 : v > 1e4 ? 1e4 : v;
}

static double py(double f)
{
	double v = AREA_Y1 - f * (AREA_Y1 - AREA_Y0);
	return !(v > -1e4) ? -1e4 : v > 1e4 ? 1e4 : v;
}

/* Ticks and their labels along one axis (x: horizontal). */
static void ticks(FILE *out, const struct plot_axis *ax, int x)
{
	char buf[NUM_BUFSIZE];
	int i, n = ax->nticks;

	for (i = 0; i < (n ? n : 2); i++) {
		double v = n ? plot_tick(ax, i) : i ? ax->hi : ax->lo;
		double f = plot_frac(ax, v);
		if (f < -1e-9 || f > 1 + 1e-9)
			continue;
		plot_label(buf, ax, v);
		if (x)
			fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
			    "y2=\"%.2f\"/>\n<text x=\"%.2f\" y=\"%.2f\" "
			    "text-anchor=\"middle\" stroke=\"none\">%s</text>\n",
			    px(f), AREA_Y1, px(f), AREA_Y1 + 5, px(f),
			    AREA_Y1 + 19, buf);
		else
			fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
			    "y2=\"%.2f\"/>\n<text x=\"%.2f\" y=\"%.2f\" "
			    "text-anchor=\"end\" stroke=\"none\">%s</text>\n",
			    AREA_X0 - 5, py(f), AREA_X0, py(f), AREA_X0 - 8,
			    py(f) + 4, buf);
	}
}

/* The fitted mean and its confidence band at CURVE_STEPS + 1 x values. */
struct curve {
	double fx[CURVE_STEPS + 1];
	double fit[CURVE_STEPS + 1], low[CURVE_STEPS + 1],
	    high[CURVE_STEPS + 1];
	int ok[CURVE_STEPS + 1];  /* the fit is finite */
	int band;                 /* every bound is finite */
};

static void evaluate(struct curve *cv, const struct report *rp,
    const struct plot_sample *ps, const struct plot_axis *xa,
    const struct plot_axis *ya)
{
	double f0 = plot_frac(xa, ps->xmin), f1 = plot_frac(xa, ps->xmax);
	int i;

	cv->band = 1;
	for (i = 0; i <= CURVE_STEPS; i++) {
		lr_prediction pr;
		double x;
		cv->fx[i] = f0 + (f1 - f0) * i / CURVE_STEPS;
		x = plot_value(xa, cv->fx[i]);
		cv->ok[i] = lr_predict(rp->res, &x, &pr) == LR_OK &&
		    isfinite(pr.fit);
		if (!cv->ok[i] || !isfinite(pr.conf_low) ||
		    !isfinite(pr.conf_high))
			cv->band = 0;
		if (!cv->ok[i])
			continue;
		cv->fit[i] = plot_frac(ya, pr.fit);
		cv->low[i] = plot_frac(ya, pr.conf_low);
		cv->high[i] = plot_frac(ya, pr.conf_high);
	}
}

void write_svg(FILE *out, const struct report *rp,
    const struct plot_sample *ps)
{
	const lr_stats *st = lr_result_stats(rp->res);
	struct plot_axis xa, ya;
	struct curve cv;
	char buf[NUM_BUFSIZE];
	size_t k;
	int i, pen;

	plot_axis(&xa, ps->xmin, ps->xmax, 6);
	plot_axis(&ya, ps->ymin, ps->ymax, 6);
	evaluate(&cv, rp, ps, &xa, &ya);

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"sans-serif\" font-size=\"12\">\n<title>",
	    SVG_W, SVG_H, SVG_W, SVG_H);
	fprintf(out, "%s regression: ", rp->degree >= 2 ? "Polynomial" :
	    "Linear");
	svg_text(out, rp->formula);
	fprintf(out, "</title>\n<defs><clipPath id=\"plot-area\"><rect "
	    "x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\"/>"
	    "</clipPath></defs>\n<rect width=\"%d\" height=\"%d\" "
	    "fill=\"#ffffff\"/>\n", AREA_X0, AREA_Y0, AREA_X1 - AREA_X0,
	    AREA_Y1 - AREA_Y0, SVG_W, SVG_H);

	/* The title, and the axes with their ticks and names. */
	fprintf(out, "<text x=\"%.0f\" y=\"24\" text-anchor=\"middle\" "
	    "font-size=\"15\">%s regression: ", (AREA_X0 + AREA_X1) / 2,
	    rp->degree >= 2 ? "Polynomial" : "Linear");
	svg_text(out, rp->formula);
	fputs("</text>\n<g class=\"axes\" stroke=\"#000000\" "
	    "stroke-width=\"1\" fill=\"#000000\" "
	    "shape-rendering=\"crispEdges\">\n", out);
	fprintf(out, "<path d=\"M%.0f,%.0f V%.0f H%.0f\" fill=\"none\"/>\n",
	    AREA_X0, AREA_Y0, AREA_Y1, AREA_X1);
	ticks(out, &xa, 1);
	ticks(out, &ya, 0);
	fprintf(out, "</g>\n<text class=\"x-label\" x=\"%.0f\" y=\"%.0f\" "
	    "text-anchor=\"middle\" font-size=\"13\">",
	    (AREA_X0 + AREA_X1) / 2, AREA_Y1 + 42);
	svg_text(out, rp->xnames[0]);
	fprintf(out, "</text>\n<text class=\"y-label\" x=\"0\" y=\"0\" "
	    "transform=\"translate(18 %.0f) rotate(-90)\" "
	    "text-anchor=\"middle\" font-size=\"13\">",
	    (AREA_Y0 + AREA_Y1) / 2);
	svg_text(out, rp->yname);
	fputs("</text>\n", out);

	/* The band under the points, the curve over them. */
	if (cv.band) {
		fputs("<path class=\"band\" clip-path=\"url(#plot-area)\" "
		    "fill=\"" COLOR_FIT "\" fill-opacity=\"0.18\" "
		    "stroke=\"none\" d=\"", out);
		for (i = 0; i <= CURVE_STEPS; i++)
			fprintf(out, "%s%.2f,%.2f", i ? " L" : "M",
			    px(cv.fx[i]), py(cv.high[i]));
		for (i = CURVE_STEPS; i >= 0; i--)
			fprintf(out, " L%.2f,%.2f", px(cv.fx[i]),
			    py(cv.low[i]));
		fputs(" Z\"/>\n", out);
	}
	fputs("<g class=\"points\" fill=\"" COLOR_POINT "\" stroke=\"none\">\n",
	    out);
	for (k = 0; k < ps->n; k++)
		fprintf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\"/>\n",
		    px(plot_frac(&xa, ps->pt[2 * k])),
		    py(plot_frac(&ya, ps->pt[2 * k + 1])));
	fputs("</g>\n<path class=\"fit\" clip-path=\"url(#plot-area)\" "
	    "fill=\"none\" stroke=\"" COLOR_FIT "\" stroke-width=\"2\" "
	    "stroke-linejoin=\"round\" d=\"", out);
	for (i = 0, pen = 0; i <= CURVE_STEPS; i++) {
		if (!cv.ok[i]) {
			pen = 0; /* a gap where the curve is not finite */
			continue;
		}
		fprintf(out, "%s%.2f,%.2f", pen ? " L" : i ? " M" : "M",
		    px(cv.fx[i]), py(cv.fit[i]));
		pen = 1;
	}
	fputs("\"/>\n", out);

	/* What the picture shows, in a line under it. */
	fprintf(out, "<text class=\"caption\" x=\"%.0f\" y=\"%d\" "
	    "text-anchor=\"middle\" font-size=\"11\" fill=\"#555555\">n = "
	    "%llu", (AREA_X0 + AREA_X1) / 2, SVG_H - 12,
	    (unsigned long long)st->n);
	if (ps->seen > ps->n)
		fprintf(out, ", %zu points shown (a uniform sample)", ps->n);
	if (cv.band)
		fprintf(out, "; shaded: %s%% confidence band of the mean",
		    num_format(buf, st->level * 100, 4));
	if (rp->wname) {
		fputs("; weights: ", out);
		svg_text(out, rp->wname);
	}
	fputs("</text>\n</svg>\n", out);
}
