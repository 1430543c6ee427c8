/*
 * completion.h - shell completion scripts from the table of options
 * (opt_def.h; the table itself is options.c's).
 */
#ifndef LINREG_COMPLETION_H
#define LINREG_COMPLETION_H

#include <stdio.h>

struct opt_def; /* opt_def.h */

/*
 * Write the script for shell (bash, zsh or fish) from the n options of
 * table; -1 for another shell.
 */
int write_completion(FILE *out, const char *shell,
    const struct opt_def *table, int n);

#endif
