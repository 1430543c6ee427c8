/*
 * gates.h - --fail-if EXPR quality gates over the reported statistics.
 */
#ifndef LINREG_GATES_H
#define LINREG_GATES_H

#include "write.h"

struct gate {
	const char *expr;  /* as given, for messages */
	char *name;        /* statistic: r2, sigma, coef:TERM, p:TERM, ... */
	int op;            /* index into <= >= == != < > */
	double value;
};

/* Parse "NAME OP NUMBER"; -1 when it is not one. */
int gate_parse(const char *expr, struct gate *g);

void gate_free(struct gate *g);

/*
 * Evaluate the gates on a report, naming each that holds on standard
 * error.  Returns how many hold, or -1 for a name that the fit does not
 * have (message printed).
 */
int gates_check(const struct gate *g, int n, const struct report *rp);

#endif
