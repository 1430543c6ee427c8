/*
 * completion.h - shell completion scripts from the getopt_long table.
 */
#ifndef LINREG_COMPLETION_H
#define LINREG_COMPLETION_H

#include <getopt.h>
#include <stdio.h>

/* Write the script for shell (bash, zsh or fish); -1 for another shell. */
int write_completion(FILE *out, const char *shell, const struct option *opt);

#endif
