/*
 * status.h - the one table from the core's lr_status to what linreg
 * tells the user and the exit status the run ends with.
 *
 * Three places met a status and each had its own words for it: a failed
 * solve of the whole fit, a group of -g that cannot be fitted, and rows
 * the core refused.  The words for each status and context, and the
 * exit status, are now one table in status.c; the messages that name
 * the model's columns and terms are formatted beside it, from plain
 * arguments, so that this file needs nothing of the sink or the run and
 * is linked alone into its unit test (tests/unit/test_status.c).
 */
#ifndef LINREG_STATUS_H
#define LINREG_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "linreg.h"

/* The exit status (diag.h) of a run that st ends; EX_OK for LR_OK. */
int status_exit(lr_status st);

/* What the user is told when st ends the run (a static string). */
const char *status_words(lr_status st);

/*
 * Say status_words(st) with msg() and return status_exit(st); for LR_OK
 * nothing is said and EX_OK returned.  The core refusing rows, say.
 */
int status_fail(lr_status st);

/* What a message about a failed solve names: the model and its terms. */
struct status_model {
	int nx;                    /* predictors */
	int degree;                /* >= 2: a polynomial in the one predictor */
	int origin;                /* no intercept */
	const char *xname;         /* the (first) predictor's column name */
	const char *const *terms;  /* nterms coefficient names, "(Intercept)"
	                              first unless origin */
	int nterms;
};

/*
 * A failed lr_solve of the whole fit, said in the model's terms; returns
 * the exit status.  used: the rows in the fit; collinear: what
 * lr_fit_collinear said of the fit (read only for LR_ESINGULAR).
 */
int status_solve_fail(lr_status st, const struct status_model *m,
    uint64_t used, int collinear);

/*
 * Why a group of -g has no fit, in a few words, into buf (size bytes,
 * always NUL-terminated); used and collinear as for status_solve_fail,
 * of the group's fit.  The run goes on with the other groups.
 */
void status_group_words(char *buf, size_t size, lr_status st,
    const struct status_model *m, uint64_t used, int collinear);

#endif
