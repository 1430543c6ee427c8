/*
 * write.h - from a solved fit to bytes: the text, JSON and CSV/TSV
 * writers.  Each writes one whole report (or one piece of a series: an
 * entry of -g, the frame around them) to a stream and leaves error
 * checking of the stream (ferror, fclose) to the caller; which writer
 * runs is chosen in one place, report.c.
 */
#ifndef LINREG_WRITE_H
#define LINREG_WRITE_H

#include <stdint.h>
#include <stdio.h>

#include "anova.h"
#include "linreg.h"
#include "text.h"

/* A categorical predictor, as the report describes it. */
struct factor_info {
	const char *name;           /* the column */
	int nlevels;
	const char *const *levels;  /* in the model's order: reference first */
};

/* Everything a writer shows. */
struct report {
	int nx;                     /* predictors */
	int degree;                 /* >= 2: polynomial in the one predictor */
	const char *const *xnames;  /* nx predictor column names */
	const char *yname;          /* response column name */
	const char *wname;          /* weight column name, or NULL */
	const char *const *terms;   /* ncoef coefficient names, "(Intercept)" first */
	const char *formula;        /* "y ~ x1 + x2", "y ~ 0 + x + x^2" */
	const lr_result *res;
	size_t npred;               /* predictions requested */
	const double *pred_x;       /* npred rows of nx values */
	const lr_prediction *pred;  /* npred predictions */
	uint64_t rows_read;         /* data rows seen */
	uint64_t rows_skipped;      /* of which skipped as invalid */
	uint64_t rows_missing;      /* of which left out for a missing value */
	int nfactor;                /* categorical predictors */
	const struct factor_info *factors;
	int nanova;                 /* --anova: the table's rows, or 0 */
	const struct anova_row *anova;
	const struct compare_info *cmp; /* --compare, or NULL */
	const char *const *pred_at; /* named predictions: npred "wt=3,cyl=6",
	                               in place of pred_x; or NULL */
	int precision;              /* significant digits; 0: the writer's default */
	int no_header;              /* a later report of a series: CSV/TSV the
	                               data line only (--every, -g); text and
	                               JSON set a group's entry apart from the
	                               one before */
	int ncoef, intercept;       /* the model's coefficients (res may be NULL) */
	int new_terms;              /* CSV/TSV: the coefficients differ from the
	                               last header's (a level came, another
	                               group's levels): a header line again */
	int coded;                  /* a formula's coefficients (factors,
	                               transformations): terms, not columns */
	int ndate;                  /* date columns, with the time unit */
	const char *const *dates;
	const char *time_unit;
	/* -g: the group of this report (its fit may have failed: res NULL) */
	int ngroup;
	const char *const *gnames;  /* ngroup group column names */
	const char *const *gvals;   /* ngroup values */
	const char *glabel;         /* "g=v, h=w": the group for people */
	const char *error;          /* why the group has no fit, or NULL */
	int nested;                 /* JSON: no line end after the object */
};

/* One linear predictor: the report has "intercept" and "slope". */
#define REPORT_SIMPLE(rp) ((rp)->nx == 1 && (rp)->degree < 2 && !(rp)->coded)

void write_text(FILE *out, const struct report *rp);
void write_json(FILE *out, const struct report *rp);
/*
 * -g: one group's entry (rp->ngroup > 0), its report or rp->error.  In
 * JSON the entries are an array in an object, opened before the first
 * and closed, with the whole input's row counts (rp's), after the last.
 */
void write_text_group(FILE *out, const struct report *rp);
void write_json_groups_open(FILE *out);
void write_json_group(FILE *out, const struct report *rp);
void write_json_groups_close(FILE *out, const struct report *rp);
/* A JSON string literal (valid UTF-8 out, whatever the bytes in). */
void json_string(FILE *out, const char *s);
/*
 * One CSV/TSV field: v[0..len) then suffix, quoted per RFC 4180 when v
 * holds sep, a quote or a line end (the suffix never does).
 */
void csv_field(FILE *out, int sep, const char *v, size_t len,
    const char *suffix);
/* CSV (sep ',') or TSV (sep '\t'): a header line and one data line. */
void write_csv(FILE *out, const struct report *rp, char sep);

#endif
