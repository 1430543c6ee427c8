/*
 * wide.h - a formula's rows on their way into its wide fit (model.h):
 * held back and handed to the core many at a time, not one by one.
 *
 * A model with factors keeps one small fit per cell (combination of the
 * row's levels): a row of level "g7" in y ~ x * g is non-zero only in
 * the columns of g7 (x, g7, x:g7), and of those the ones that are 1 on
 * every row of the cell (g7) or equal to another (x:g7 is x there) are
 * left out, so the cell's fit has x alone.  At a flush each cell's
 * factor is laid out in the wide columns and merged into the wide fit.
 * A model without factors (or whose cells hold too few rows each) goes
 * in dense batches of wide rows through lr_fit_add_rows.
 *
 * Whatever reads the wide fit (the solve, --every, a state, a merge of
 * threads' pieces) must flush first: the sink does so in sink_flush.
 */
#ifndef LINREG_WIDE_H
#define LINREG_WIDE_H

#include "linreg.h"
#include "model.h"

struct wide_feed;

/*
 * A feed of wide rows (weighted: rows carry weights other than 1).  NULL
 * out of memory.  wide_feed_free takes NULL.
 */
struct wide_feed *wide_feed_new(int weighted);
void wide_feed_free(struct wide_feed *wf);

/*
 * Apply m's pending layout changes (m->widen, from model_levels) to the
 * wide fit f, the held rows kept right (a dense batch is flushed
 * first); m->nwiden is then 0.  An lr_status.
 */
lr_status wide_feed_widen(struct wide_feed *wf, struct model *m, lr_fit *f);

/*
 * A row of column values val (after model_levels, wide_feed_widen and
 * model_eval), response y, weight w, for m's wide fit f.  An lr_status:
 * LR_ENONFINITE when a product of the row's values overflows (nothing
 * is held then).
 */
lr_status wide_feed_row(struct wide_feed *wf, const struct model *m,
    lr_fit *f, const double *val, double y, double w);

/* Every held row into f (m's wide fit, its layout m's).  An lr_status. */
lr_status wide_feed_flush(struct wide_feed *wf, const struct model *m,
    lr_fit *f);

#endif
