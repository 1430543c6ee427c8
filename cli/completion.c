/*
 * completion.c - shell completion scripts for bash, zsh and fish,
 * generated from the table of options (options.c) that getopt_long and
 * --help are made from too, so they cannot drift from the options
 * linreg has.  make install puts them where each shell looks.
 *
 * Long options come in their rank (getopt_long's order); the options
 * without a long name (-x, -y) first or last, as each script has
 * always had them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "completion.h"
#include "opt_def.h"

/* The long option of the given rank, or NULL past the last. */
static const struct opt_def *ranked(const struct opt_def *t, int n, int rank)
{
	int i;
	for (i = 0; i < n; i++)
		if (t[i].name && t[i].rank == rank)
			return &t[i];
	return NULL;
}

/* The last word of s: "predictor columns" -> "columns". */
static const char *last_word(const char *s)
{
	const char *w = strrchr(s, ' ');
	return w ? w + 1 : s;
}

static void bash(FILE *out, const struct opt_def *t, int n)
{
	const struct opt_def *o;
	int r, i, k;
	fputs("# bash completion for linreg (linreg --completion bash)\n"
	    "_linreg()\n{\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} "
	    "prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\tcase $prev in\n", out);
	for (r = 0; (o = ranked(t, n, r)) != NULL; r++) {
		if (o->has_arg != required_argument)
			continue;
		fprintf(out, "\t--%s", o->name);
		if (o->letter)
			fprintf(out, "|-%c", o->letter);
		if (!o->values)
			fputs(") return ;;\n", out);
		else if (!*o->values)
			fputs(") COMPREPLY=($(compgen -f -- \"$cur\" || :)); "
			    "return ;;\n", out);
		else
			fprintf(out, ") COMPREPLY=($(compgen -W \"%s\" -- "
			    "\"$cur\")); return ;;\n", o->values);
	}
	for (i = k = 0; i < n; i++)
		if (!t[i].name && t[i].has_arg == required_argument)
			fprintf(out, "%s-%c", k++ ? "|" : "\t", t[i].letter);
	if (k)
		fputs(") return ;;\n", out);
	fputs("\tesac\n\tif [[ $cur == -* ]]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W \"", out);
	for (r = 0; (o = ranked(t, n, r)) != NULL; r++)
		fprintf(out, "%s--%s", r ? " " : "", o->name);
	for (i = 0; i < n; i++)
		if (!t[i].name)
			fprintf(out, " -%c", t[i].letter);
	fputs("\" -- \"$cur\" || :))\n\t\treturn\n\tfi\n"
	    "\tif [[ $COMP_CWORD == 1 ]]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W merge -- \"$cur\" || :))\n\tfi\n"
	    "\tCOMPREPLY+=($(compgen -f -- \"$cur\" || :))\n\treturn 0\n}\n"
	    "complete -o filenames -F _linreg linreg\n", out);
}

static void zsh(FILE *out, const struct opt_def *t, int n)
{
	const struct opt_def *o;
	int r, i;
	fputs("#compdef linreg\n# zsh completion for linreg (linreg "
	    "--completion zsh)\n_arguments -s \\\n", out);
	for (i = 0; i < n; i++)
		if (!t[i].name)
			fprintf(out, "\t'-%c[%s]%s%s%s' \\\n", t[i].letter,
			    t[i].brief, t[i].has_arg ? ":" : "", t[i].has_arg ?
			    last_word(t[i].brief) : "", t[i].has_arg ? ":" : "");
	for (r = 0; (o = ranked(t, n, r)) != NULL; r++) {
		fprintf(out, "\t'--%s", o->name);
		if (o->has_arg == required_argument) {
			fprintf(out, "=[%s]:%s:", o->name, o->name);
			if (o->values && *o->values)
				fprintf(out, "(%s)", o->values);
			else if (o->values)
				fputs("_files", out);
		} else {
			fprintf(out, "[%s]", o->name);
		}
		fputs("' \\\n", out);
	}
	fputs("\t'1:: :(merge)' \\\n\t'*:file:_files'\n", out);
}

static void fish(FILE *out, const struct opt_def *t, int n)
{
	const struct opt_def *o;
	int r, i;
	fputs("# fish completion for linreg (linreg --completion fish)\n"
	    "complete -c linreg -n '__fish_use_subcommand' -a merge "
	    "-d 'combine partial fits'\n", out);
	for (i = 0; i < n; i++)
		if (!t[i].name)
			fprintf(out, "complete -c linreg -s %c%s -d '%s'\n",
			    t[i].letter, t[i].has_arg ? " -x" : "", t[i].brief);
	for (r = 0; (o = ranked(t, n, r)) != NULL; r++) {
		fprintf(out, "complete -c linreg -l %s", o->name);
		if (o->letter)
			fprintf(out, " -s %c", o->letter);
		if (o->has_arg == required_argument) {
			if (o->values && *o->values)
				fprintf(out, " -x -a '%s'", o->values);
			else if (o->values)
				fputs(" -r -F", out);
			else
				fputs(" -x", out);
		}
		putc('\n', out);
	}
}

int write_completion(FILE *out, const char *shell,
    const struct opt_def *table, int n)
{
	if (!strcmp(shell, "bash"))
		bash(out, table, n);
	else if (!strcmp(shell, "zsh"))
		zsh(out, table, n);
	else if (!strcmp(shell, "fish"))
		fish(out, table, n);
	else
		return -1;
	return 0;
}
