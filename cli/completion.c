/*
 * completion.c - shell completion scripts for bash, zsh and fish,
 * generated from the option table that getopt_long parses (cli/main.c),
 * so they cannot drift from the options linreg has.  make install puts
 * them where each shell looks.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "completion.h"

/* Values an option takes from a fixed list, or "" for a file, NULL for none. */
static const char *values(const char *name)
{
	if (!strcmp(name, "format"))
		return "text json csv tsv state";
	if (!strcmp(name, "input-format"))
		return "csv tsv json ndjson jsonl";
	if (!strcmp(name, "output") || !strcmp(name, "predict-file") ||
	    !strcmp(name, "svg"))
		return "";
	return NULL;
}

/* The short letter of an option, or 0. */
static int letter(const struct option *o)
{
	return o->val > 0 && o->val < 128 && o->val != '?' ? o->val : 0;
}

static void bash(FILE *out, const struct option *opt)
{
	const struct option *o;
	fputs("# bash completion for linreg (linreg --completion bash)\n"
	    "_linreg()\n{\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} "
	    "prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\tcase $prev in\n", out);
	for (o = opt; o->name; o++) {
		const char *v = values(o->name);
		if (o->has_arg != required_argument)
			continue;
		fprintf(out, "\t--%s", o->name);
		if (letter(o))
			fprintf(out, "|-%c", letter(o));
		if (!v)
			fputs(") return ;;\n", out);
		else if (!*v)
			fputs(") COMPREPLY=($(compgen -f -- \"$cur\" || :)); "
			    "return ;;\n", out);
		else
			fprintf(out, ") COMPREPLY=($(compgen -W \"%s\" -- "
			    "\"$cur\")); return ;;\n", v);
	}
	fputs("\t-x|-y) return ;;\n\tesac\n\tif [[ $cur == -* ]]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W \"", out);
	for (o = opt; o->name; o++)
		fprintf(out, "%s--%s", o == opt ? "" : " ", o->name);
	fputs(" -x -y\" -- \"$cur\" || :))\n\t\treturn\n\tfi\n"
	    "\tif [[ $COMP_CWORD == 1 ]]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W merge -- \"$cur\" || :))\n\tfi\n"
	    "\tCOMPREPLY+=($(compgen -f -- \"$cur\" || :))\n\treturn 0\n}\n"
	    "complete -o filenames -F _linreg linreg\n", out);
}

static void zsh(FILE *out, const struct option *opt)
{
	const struct option *o;
	fputs("#compdef linreg\n# zsh completion for linreg (linreg "
	    "--completion zsh)\n_arguments -s \\\n"
	    "\t'-x[predictor columns]:columns:' \\\n"
	    "\t'-y[response column]:column:' \\\n", out);
	for (o = opt; o->name; o++) {
		const char *v = values(o->name);
		fprintf(out, "\t'--%s", o->name);
		if (o->has_arg == required_argument) {
			fprintf(out, "=[%s]:%s:", o->name, o->name);
			if (v && *v)
				fprintf(out, "(%s)", v);
			else if (v)
				fputs("_files", out);
		} else {
			fprintf(out, "[%s]", o->name);
		}
		fputs("' \\\n", out);
	}
	fputs("\t'1:: :(merge)' \\\n\t'*:file:_files'\n", out);
}

static void fish(FILE *out, const struct option *opt)
{
	const struct option *o;
	fputs("# fish completion for linreg (linreg --completion fish)\n"
	    "complete -c linreg -n '__fish_use_subcommand' -a merge "
	    "-d 'combine partial fits'\n"
	    "complete -c linreg -s x -x -d 'predictor columns'\n"
	    "complete -c linreg -s y -x -d 'response column'\n", out);
	for (o = opt; o->name; o++) {
		const char *v = values(o->name);
		fprintf(out, "complete -c linreg -l %s", o->name);
		if (letter(o))
			fprintf(out, " -s %c", letter(o));
		if (o->has_arg == required_argument) {
			if (v && *v)
				fprintf(out, " -x -a '%s'", v);
			else if (v)
				fputs(" -r -F", out);
			else
				fputs(" -x", out);
		}
		putc('\n', out);
	}
}

int write_completion(FILE *out, const char *shell, const struct option *opt)
{
	if (!strcmp(shell, "bash"))
		bash(out, opt);
	else if (!strcmp(shell, "zsh"))
		zsh(out, opt);
	else if (!strcmp(shell, "fish"))
		fish(out, opt);
	else
		return -1;
	return 0;
}
