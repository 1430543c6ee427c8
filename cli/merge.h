/*
 * merge.h - linreg merge, the subcommand's own entry: partial fits
 * (--format state) in, one fit out, ready for the report step.
 */
#ifndef LINREG_MERGE_H
#define LINREG_MERGE_H

#include "sink.h"
#include "source.h"

/*
 * Read and combine the states in the nfile files of file (standard
 * input when nfile is 0) into the sink s: the fit, its column names and
 * counts, and the groups of states of -g.  The model comes from the
 * states: it is set here, once, in in, s, *degree (1: no polynomial) and
 * *origin; in->col then names the columns as the states do (a
 * --predict-file header is matched against them).  in->max_record is
 * read.  Returns an exit status, with the message printed.
 */
int cmd_merge(char *const *file, int nfile, struct input_opts *in,
    struct sink *s, int *degree, int *origin);

#endif
