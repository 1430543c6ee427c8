/*
 * gates.c - quality gates for scripts and CI: --fail-if EXPR.
 *
 * EXPR is NAME OP NUMBER, OP one of < <= > >= == !=, NAME a statistic as
 * named in the JSON output (r2, sigma, n, slope, f_p, ...) or a
 * coefficient's statistic: coef:TERM, se:TERM, t:TERM, p:TERM.  OP is
 * the last operator followed by a number, so TERM may contain < > = !
 * (a column named "a<b" is gated by "p:a<b<0.05").  The fit
 * is printed either way; each condition that holds is named on
 * standard error and makes the exit status 1.  A statistic that is
 * undefined (null) cannot pass a gate: the condition counts as holding.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gates.h"
#include "diag.h"
#include "number.h"

static const char *const ops[] = {"<=", ">=", "==", "!=", "<", ">"};

int gate_parse(const char *expr, struct gate *g)
{
	const char *p, *name = expr;
	size_t k = 0, len;

	memset(g, 0, sizeof *g);
	g->expr = expr;
	/* Blanks around the name are allowed: " r2 < 0.9". */
	while (*name == ' ')
		name++;
	/*
	 * The operator is the last one followed by a number, so a column
	 * whose name has < > = or ! in it can be gated: "p:a<b<0.05" is
	 * p:a<b below 0.05.  At each place the two-character operators are
	 * tried before < and >.
	 */
	for (p = expr + strlen(expr); p > name; p--) {
		for (k = 0; k < sizeof ops / sizeof *ops; k++)
			if (!strncmp(p - 1, ops[k], strlen(ops[k])) &&
			    num_parse(p - 1 + strlen(ops[k]),
			        strlen(p - 1 + strlen(ops[k])), &g->value) == NUM_OK)
				break;
		if (k < sizeof ops / sizeof *ops)
			break;
	}
	if (p == name)
		return -1;
	p--;
	len = (size_t)(p - name);
	while (len > 0 && name[len - 1] == ' ')
		len--;
	if (len == 0)
		return -1;
	g->op = (int)k;
	g->name = malloc(len + 1);
	if (!g->name)
		return -1;
	memcpy(g->name, name, len);
	g->name[len] = '\0';
	return 0;
}

void gate_free(struct gate *g)
{
	free(g->name);
	g->name = NULL;
}

/* The value of a statistic by its JSON name; -1 if there is none. */
static int stat_value(const struct report *rp, const char *name, double *v)
{
	const lr_stats *st = lr_result_stats(rp->res);
	struct {
		const char *name;
		double value;
	} t[] = {
		{"n", (double)st->n}, {"df", (double)st->df},
		{"sigma", st->sigma}, {"r2", st->r2}, {"adj_r2", st->adj_r2},
		{"r", st->r}, {"f", st->f}, {"f_p", st->f_p},
		{"rmse", st->rmse}, {"sse", st->sse}, {"tss", st->tss},
		{"loglik", st->loglik}, {"aic", st->aic}, {"bic", st->bic},
		{"level", st->level},
		{"rows_read", (double)rp->rows_read},
		{"rows_skipped", (double)rp->rows_skipped},
		{"rows_missing", (double)rp->rows_missing},
		{"rows_used", (double)(rp->rows_read - rp->rows_skipped -
		    rp->rows_missing)},
		{"intercept", st->intercept ?
		    lr_result_coef(rp->res, 0)->estimate : 0},
		{"slope", REPORT_SIMPLE(rp) ?
		    lr_result_coef(rp->res, st->intercept)->estimate : NAN},
	};
	size_t i;
	const char *colon = strchr(name, ':');

	if (colon) {
		size_t n = (size_t)(colon - name);
		int j;
		for (j = 0; j < st->ncoef; j++) {
			const lr_coef *c = lr_result_coef(rp->res, j);
			if (strcmp(colon + 1, rp->terms[j]) != 0)
				continue;
			if (n == 4 && !strncmp(name, "coef", 4))
				*v = c->estimate;
			else if (n == 2 && !strncmp(name, "se", 2))
				*v = c->std_error;
			else if (n == 1 && name[0] == 't')
				*v = c->t;
			else if (n == 1 && name[0] == 'p')
				*v = c->p;
			else
				return -1;
			return 0;
		}
		return -1;
	}
	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(name, t[i].name)) {
			if (!strcmp(name, "slope") && !REPORT_SIMPLE(rp))
				return -1;
			*v = t[i].value;
			return 0;
		}
	return -1;
}

int gates_check(const struct gate *g, int n, const struct report *rp)
{
	int i, held = 0;
	for (i = 0; i < n; i++) {
		double v;
		int hit;
		char buf[NUM_BUFSIZE];
		if (stat_value(rp, g[i].name, &v) < 0) {
			msg("--fail-if %s: no statistic '%s' in this fit (see "
			    "the JSON keys; coef:TERM, se:TERM, t:TERM, p:TERM "
			    "for a coefficient)", g[i].expr, g[i].name);
			return -1;
		}
		if (isnan(v)) {
			msg("--fail-if %s: %s is undefined, so the gate fails",
			    g[i].expr, g[i].name);
			held++;
			continue;
		}
		switch (g[i].op) {
		case 0: hit = v <= g[i].value; break;
		case 1: hit = v >= g[i].value; break;
		case 2: hit = v == g[i].value; break;
		case 3: hit = v != g[i].value; break;
		case 4: hit = v < g[i].value; break;
		default: hit = v > g[i].value; break;
		}
		if (hit) {
			msg("--fail-if %s: holds (%s is %s)", g[i].expr,
			    g[i].name, num_format(buf, v, 0));
			held++;
		}
	}
	return held;
}
