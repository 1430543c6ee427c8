/*
 * state.h - partial fits as text: --format state writes one, linreg
 * merge reads and combines them (state.c; the format is in linreg(1)).
 */
#ifndef LINREG_STATE_H
#define LINREG_STATE_H

#include <stdint.h>
#include <stdio.h>

#include "sink.h"
#include "linreg.h"

#define STATE_VERSION 2

/* One partial fit as read back: the model, the column names, the counts. */
struct state {
	lr_spec spec;
	int weighted;
	int ncols;            /* nx + 1 (+ 1 with weights) */
	char **name;          /* ncols column names */
	uint64_t rows_read, rows_skipped;
	uint64_t rows_missing;
	struct model *model;  /* a formula's wide fit, or NULL */
	char *formula;        /* its text, until the names are read */
	lr_fit *fit;
	int ngroup;           /* a state of one group of -g: */
	char **gname;         /* ngroup group column names */
	char **gval;          /* ngroup values */
};

/*
 * Write the partial fit of s (its fit, names and counts; a formula's
 * model, levels and wide columns when its fit is wide).
 */
void write_state(FILE *out, const lr_fit *fit, const struct sink *s);

/*
 * Read every state in path ("-": standard input) and merge it into *acc
 * (the first one read becomes *acc, *have set); states of groups go to
 * the groups of sink s, by their values.  States of different models,
 * columns or group columns are refused.  A line longer than max_record
 * bytes (0: CSV_MAX_RECORD, --max-record's default) is refused without
 * reading it whole.  Returns an exit status, with the message printed.
 */
int read_states(const char *path, struct state *acc, int *have,
    struct sink *s, uint64_t max_record);

/* Free what a state owns (NULL members accepted). */
void state_free(struct state *st);

#endif
