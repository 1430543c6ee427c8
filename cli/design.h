/*
 * design.h - the model of the command line (design.c): a formula's
 * columns for the readers and its model for the sink.
 */
#ifndef LINREG_DESIGN_H
#define LINREG_DESIGN_H

#include "model.h"
#include "options.h"
#include "sink.h"

/*
 * With a formula: parse it (a '.' from the first file's header), set
 * o->in's columns (the predictors' columns, the response's, the
 * weight) and o->origin, and give s its model.  Without: fill *mo for
 * the sink to make the -x/-y model when it learns the names (mo must
 * outlive s).  Either way s learns --na and --na-action.  An exit
 * status (EX_USAGE with the formula's error shown).
 */
int design_setup(struct options *o, struct sink *s, struct model_opts *mo);

/*
 * --predict 2026-12-01 with one predictor column: dates (and the
 * numbers beside them) become predictions by name, COL=VALUE, in
 * o->predict (the new strings o's own); *named then set.  An exit
 * status.
 */
int design_date_predictions(struct options *o, int *named);

/* linreg merge --compare: the nested model, for the merged states' model. */
int design_merged(const struct options *o, struct sink *s);

#endif
