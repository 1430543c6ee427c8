/*
 * opt_def.h - one option as the option table describes it (options.c
 * holds the table).  A header of its own because two files read the
 * table: options.c (getopt_long's table, --help) and completion.c (the
 * --completion scripts), and options.c calls completion.c: with the
 * type in options.h the two would include each other.
 */
#ifndef LINREG_OPT_DEF_H
#define LINREG_OPT_DEF_H

#include <getopt.h> /* no_argument, required_argument, optional_argument */

/*
 * One option of the table: everything getopt_long, --help and the
 * completion scripts know of it.
 */
struct opt_def {
	const char *name;    /* long name without "--"; NULL for -x and -y */
	int letter;          /* short option, or 0 */
	int id;              /* what getopt_long returns for it */
	int has_arg;         /* no_argument, required_argument, optional_argument */
	const char *arg;     /* the argument's name in --help, or NULL */
	const char *section; /* the --help heading it opens, or NULL */
	int rank;            /* its place in getopt_long's table and the scripts */
	const char *values;  /* completion: "a b c" to pick from, "" a file, NULL */
	const char *brief;   /* completion of an option without a long name */
	const char *help;    /* --help text; lines after the first indented */
};

#endif
