/*
 * status.c - lr_status in the user's words, and the exit status (see
 * status.h).
 *
 * One row per status of the core.  "words" is what the user reads when
 * the status ends the run, "group" what a group's entry of -g says when
 * its fit fails (the run goes on); NULL in either is the core's own
 * lr_strerror.  The two statuses that the data cause most often, too few
 * rows and a collinear predictor, are said with the names of the model
 * (named = 1): status_solve_fail and status_group_words below.
 */
#include <stdio.h>

#include "diag.h"
#include "status.h"

static const struct status_row {
	lr_status st;
	int exit;
	int named;          /* said with the model's names, below */
	const char *words;  /* ending the run; NULL: lr_strerror */
	const char *group;  /* in a group's entry; NULL: lr_strerror */
} status_table[] = {
	{ LR_OK, EX_OK, 0, NULL, NULL },
	{ LR_ENOMEM, EX_OSERR, 0, NULL, NULL },
	{ LR_EINVAL, EX_SOFTWARE, 0, NULL, NULL },
	{ LR_ENONFINITE, EX_SOFTWARE, 0, NULL, NULL },
	{ LR_ETOOFEW, EX_DATAERR, 1, NULL, NULL },
	{ LR_ESINGULAR, EX_DATAERR, 1, NULL, NULL },
	{ LR_EMISMATCH, EX_SOFTWARE, 0, NULL, NULL },
	{ LR_ERANGE, EX_DATAERR, 0, "a coefficient is beyond the range of a "
	    "double (about 1.8e308): rescale x or y", NULL },
};

#define NROWS (sizeof status_table / sizeof status_table[0])

/* The row of st, or NULL for a status the table does not know. */
static const struct status_row *row(lr_status st)
{
	size_t i;
	for (i = 0; i < NROWS; i++)
		if (status_table[i].st == st)
			return &status_table[i];
	return NULL;
}

int status_exit(lr_status st)
{
	const struct status_row *r = row(st);
	return r ? r->exit : EX_SOFTWARE;
}

const char *status_words(lr_status st)
{
	const struct status_row *r = row(st);
	return r && r->words ? r->words : lr_strerror(st);
}

int status_fail(lr_status st)
{
	if (st == LR_OK)
		return EX_OK;
	msg("%s", status_words(st));
	return status_exit(st);
}

/* Too few rows for the whole fit. */
static void too_few(const struct status_model *m, uint64_t used)
{
	int t = (m->degree >= 2 ? m->degree : m->nx) + !m->origin;
	if (m->nx == 1 && m->degree < 2)
		msg("need at least %d data point%s to fit %s, got %llu", t,
		    t == 1 ? "" : "s", m->origin ? "a line through the "
		    "origin" : "a line", (unsigned long long)used);
	else
		msg("need at least %d data points to fit %d coefficients, "
		    "got %llu", t, t, (unsigned long long)used);
}

/* Term t (0: the first predictor) is collinear: which, and with what. */
static void singular(const struct status_model *m, int t)
{
	const char *what = m->degree >= 2 ? "polynomial" : "slope";
	int icpt = !m->origin;

	if (t < 0)
		t = 0;
	if (t <= 0 && m->nx == 1) {
		if (m->origin)
			msg("all %s values are zero: the %s through the origin "
			    "is undefined", m->xname, what);
		else
			msg("all %s values are equal: the %s is undefined",
			    m->xname, what);
	} else if (m->degree >= 2) {
		msg("the %s term is a linear combination of the lower powers: "
		    "too few distinct %s values for a polynomial of degree %d",
		    m->terms[t + icpt], m->xname, m->degree);
	} else if (t == 0) {
		msg("predictor '%s' is %s: its coefficient is undefined",
		    m->terms[icpt], m->origin ? "all zero" : "constant");
	} else {
		msg("predictor '%s' is a linear combination of %sthe "
		    "predictors before it (to within the precision of the "
		    "data): drop it or one of them", m->terms[t + icpt],
		    m->origin ? "" : "the intercept and ");
	}
}

int status_solve_fail(lr_status st, const struct status_model *m,
    uint64_t used, int collinear)
{
	const struct status_row *r = row(st);

	if (!r || !r->named)
		return status_fail(st);
	if (st == LR_ETOOFEW) {
		too_few(m, used);
	} else {
		if (collinear == -2) /* lr_fit_collinear ran out of memory */
			return status_fail(LR_ENOMEM);
		singular(m, collinear);
	}
	return r->exit;
}

void status_group_words(char *buf, size_t size, lr_status st,
    const struct status_model *m, uint64_t used, int collinear)
{
	const struct status_row *r = row(st);
	int t = collinear;

	if (st == LR_ETOOFEW)
		snprintf(buf, size, "need at least %d data points, got %llu",
		    m->nterms, (unsigned long long)used);
	else if (st == LR_ESINGULAR && t <= 0 && m->nx == 1)
		snprintf(buf, size, "all %.60s values are %s", m->xname,
		    m->origin ? "zero" : "equal");
	else if (st == LR_ESINGULAR && t == -2)
		snprintf(buf, size, "%s", lr_strerror(LR_ENOMEM));
	else if (st == LR_ESINGULAR)
		/* t < 0: no column found (as status_solve_fail says it) */
		snprintf(buf, size, "%.60s is a linear combination of the "
		    "other terms", m->terms[(t < 0 ? 0 : t) + !m->origin]);
	else
		snprintf(buf, size, "%s", r && r->group ? r->group :
		    lr_strerror(st));
}
