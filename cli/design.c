/*
 * design.c - the model of the command line: a formula's columns for the
 * readers, and its model (model.h) for the sink; or, for -x/-y, what
 * the sink needs to make the model once the columns' names are known.
 *
 * Cut from main.c's fit_setup so that main() stays a table of
 * contents, and from options.c because a formula's '.' needs the first
 * file's header, which options must not read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "design.h"
#include "diag.h"
#include "dispatch.h"
#include "formula.h"
#include "model.h"
#include "text.h"

/* A formula error: the message, the formula, and a caret under the place. */
static int formula_error(const char *what, const char *text, const char *err,
    size_t at)
{
	char shown[400], before[400];
	size_t n = strlen(text), col = at > n ? n : at;
	/* the caret under the character: as wide as the escaped text before it */
	text_escape(shown, sizeof shown, text, n, 0);
	text_escape(before, sizeof before, text, col, 0);
	msg("%s: %s (at character %zu):", what, err, col + 1);
	msg("  %s", shown);
	msg("  %*s^", (int)strlen(before), "");
	return EX_USAGE;
}

/* -g's columns are not among the columns a '.' stands for. */
static void drop_groups(const struct options *o, char **names, int *n)
{
	int i, k, g;
	for (i = k = 0; i < *n; i++) {
		int grp = 0;
		for (g = 0; g < o->in.ngroup; g++)
			grp |= o->in.gcol[g].name &&
			    !strcmp(o->in.gcol[g].name, names[i]);
		if (grp)
			free(names[i]);
		else
			names[k++] = names[i];
	}
	*n = k;
}

/* Parse text; a '.' takes the names of the first file's header. */
static int parse(const char *what, const char *text,
    const struct options *o, struct formula *f)
{
	char err[200], **names = NULL;
	size_t at = 0;
	int n = 0, st, i;

	if (formula_parse(text, NULL, 0, f, err, sizeof err, &at) == 0)
		return EX_OK;
	if (strchr(text, '.') && o->nfiles > 0) {
		st = read_header_names(o->files[0], &o->in, &names, &n);
		drop_groups(o, names, &n);
		if (!st && formula_parse(text, (const char *const *)names, n, f,
		    err, sizeof err, &at) == 0)
			st = EX_OK;
		else if (!st)
			st = formula_error(what, text, err, at);
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return st;
	}
	return formula_error(what, text, err, at);
}

/* The readers' columns: the predictors' columns, the response's, the weight. */
static int source_columns(struct options *o, const struct formula *f)
{
	struct input_opts *in = &o->in;
	int i;

	if (f->ncol < 2) {
		msg("formula: the model needs a predictor column besides the "
		    "response ('%s')", f->text);
		return EX_USAGE;
	}
	in->nx = f->ncol - 1;
	in->ncols = in->nx + 1 + in->weighted;
	free(in->col);
	if (!(in->col = calloc((size_t)in->ncols, sizeof *in->col)))
		return oom();
	for (i = 0; i < f->ncol; i++) {
		struct colspec *c = &in->col[i ? i - 1 : in->nx];
		c->name = f->col[i];
	}
	if (in->weighted)
		in->col[in->nx + 1] = o->wcol;
	for (i = 0; i < in->ngroup; i++) {
		int k;
		for (k = 0; k < f->ncol; k++)
			if (in->gcol[i].name && !strcmp(in->gcol[i].name, f->col[k])) {
				msg("-g: column '%s' is also in the model",
				    f->col[k]);
				return EX_USAGE;
			}
	}
	return EX_OK;
}

int design_setup(struct options *o, struct sink *s, struct model_opts *mo)
{
	struct formula f;
	struct model *m;
	char what[300];
	int st, i, r;

	mo->factors = o->factors;
	mo->refs = o->refs;
	mo->nrefs = o->nrefs;
	mo->time_unit = o->time_unit;
	mo->origin = o->origin;
	s->na = o->in.na;
	s->na_fail = o->na_fail;
	s->point = o->in.decimal_comma ? ',' : 0;
	if (!o->formula) {
		s->mopt = mo;
		return EX_OK;
	}
	if ((st = parse("formula", o->formula, o, &f)))
		return st;
	if ((st = source_columns(o, &f))) {
		formula_free(&f);
		return st;
	}
	o->origin = !f.intercept;
	if (model_new(&f, &m)) {
		formula_free(&f);
		return oom();
	}
	/* the colspecs point into the model's names, which s keeps */
	for (i = 0; i < m->f.ncol; i++) {
		o->in.col[i ? i - 1 : o->in.nx].name = m->f.col[i];
		m->src[i] = i ? i - 1 : o->in.nx;
	}
	s->model = m;
	m->point = s->point;
	m->from_formula = 1;
	if ((r = model_options(m, mo, what, sizeof what))) {
		if (r < 0)
			return oom();
		msg("%s", what);
		return EX_USAGE;
	}
	if (o->compare) {
		struct formula f0;
		if ((st = parse("--compare", o->compare, o, &f0)))
			return st;
		r = model_set_compare(m, &f0, what, sizeof what);
		if (r) {
			formula_free(&f0);
			if (r < 0)
				return oom();
			msg("--compare: %s", what);
			return EX_USAGE;
		}
	}
	if (!(s->val = calloc((size_t)o->in.ncols, sizeof *s->val)))
		return oom();
	return EX_OK;
}

int design_date_predictions(struct options *o, int *named)
{
	const char *col = o->in.nx == 1 && o->in.col ? o->in.col[0].name : NULL;
	int i, dates = 0;
	double t;

	for (i = 0; i < o->npredict; i++) {
		const char *p = o->predict[i];
		while (*p) {
			size_t n = strcspn(p, ",;");
			dates |= datetime_parse(p, n, &t);
			p += n + (p[n] != '\0');
		}
	}
	if (!dates || !col)
		return EX_OK;
	for (i = 0; i < o->npredict; i++) {
		const char *p = o->predict[i];
		size_t len = strlen(p) * 1 + 1, k = 0, at = 0;
		char *out;
		for (k = 0; p[k]; k++)
			len += p[k] == ',' || p[k] == ';' ? strlen(col) + 1 : 0;
		len += strlen(col) + 1;
		if (!(out = malloc(len)))
			return oom();
		/* "a,b;c" (each a row, one predictor) as "C=a;C=b;C=c" */
		at = (size_t)snprintf(out, len, "%s=", col);
		for (k = 0; p[k]; k++)
			at += (size_t)(p[k] == ',' || p[k] == ';' ?
			    snprintf(out + at, len - at, ";%s=", col) :
			    snprintf(out + at, len - at, "%c", p[k]));
		if (options_own(o, out)) {
			free(out);
			return oom();
		}
		o->predict[i] = out;
	}
	*named = 1;
	return EX_OK;
}

int design_merged(const struct options *o, struct sink *s)
{
	struct formula f0;
	char what[300];
	int st, r;

	if (!s->model && s->spec.degree < 2 && s->name) {
		/* states of plain columns: a model of them, for --predict
		 * by name */
		struct model_opts mo;
		memset(&mo, 0, sizeof mo);
		mo.time_unit = 1;
		mo.origin = (s->spec.flags & LR_NO_INTERCEPT) != 0;
		s->model = model_from_columns((const char *const *)s->name,
		    s->nx, &mo);
		if (s->model && model_start(s->model))
			return oom();
	}
	if (!o->compare)
		return EX_OK;
	if (!s->model || s->model->identity) {
		msg("merge --compare: the states are not of a formula with "
		    "factors or transformations; give --compare to the fits "
		    "that write them");
		return EX_USAGE;
	}
	{
		/* a '.' in the smaller model: the model's own columns */
		struct formula *f = &s->model->f;
		char err[200];
		size_t at = 0;
		if (formula_parse(o->compare, (const char *const *)f->col, f->ncol,
		    &f0, err, sizeof err, &at))
			return formula_error("--compare", o->compare, err, at);
	}
	r = model_set_compare(s->model, &f0, what, sizeof what);
	if (r) {
		formula_free(&f0);
		if (r < 0)
			return oom();
		msg("--compare: %s", what);
		return EX_USAGE;
	}
	st = EX_OK;
	return st;
}
