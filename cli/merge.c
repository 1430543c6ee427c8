/*
 * merge.c - linreg merge (see merge.h).
 *
 * The subcommand was a branch of main() that jumped into the middle of
 * the fitting path (goto have_rows), read getopt's optind for its files
 * and set the model twice.  As its own entry, in the manner of git's
 * builtin commands, it is given its files and fills the sink as reading
 * data would; main() then hands the sink to the same report step
 * (report_run) as after reading.  Parsing states and combining them is
 * state.c's job; this file only drives it.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "merge.h"
#include "state.h"

int cmd_merge(char *const *file, int nfile, struct input_opts *in,
    struct sink *s, int *degree, int *origin)
{
	struct state acc;
	int have = 0, status = EX_OK, i;

	memset(&acc, 0, sizeof acc);
	if (nfile == 0)
		status = read_states("-", &acc, &have, s, in->max_record);
	for (i = 0; i < nfile && !status; i++)
		status = read_states(file[i], &acc, &have, s, in->max_record);
	if (!status && !have) {
		msg("merge: no partial fit (linreg-state) in the input");
		status = EX_DATAERR;
	}
	if (status) {
		state_free(&acc);
		return status;
	}
	/* The fit and its names pass to the sink, which frees them. */
	*degree = acc.spec.degree >= 2 ? acc.spec.degree : 1;
	*origin = (acc.spec.flags & LR_NO_INTERCEPT) != 0;
	/* a formula's wide fit has more columns than the data had */
	in->nx = s->nx = acc.model ? acc.ncols - 1 - acc.weighted :
	    acc.spec.nx;
	in->weighted = s->weighted = acc.weighted;
	in->ncols = s->ncols = acc.ncols;
	s->spec = acc.spec;
	s->fit = acc.fit;
	s->name = acc.name;
	s->rows_read = acc.rows_read;
	s->rows_skipped = acc.rows_skipped;
	s->rows_missing = acc.rows_missing;
	s->model = acc.model;
	acc.model = NULL;
	free(acc.formula);
	/* Columns named as in the states, for a --predict-file header. */
	in->col = calloc((size_t)in->ncols, sizeof *in->col);
	if (!in->col)
		return oom();
	for (i = 0; i < in->ncols; i++)
		in->col[i].name = s->name[i];
	return EX_OK;
}
