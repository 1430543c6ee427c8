/*
 * embed.c - using the linreg core from another program.
 *
 * Only the public header is needed: build with
 *	cc -Icore examples/embed.c build/liblinreg.a -lm
 * (`make test` builds and runs it).  It fits a quadratic to a few
 * points, merges two halves of a data set fitted separately, and
 * prints coefficients, standard errors and a prediction.
 */
#include <stdio.h>

#include "linreg.h"

static int check(lr_status st, const char *what)
{
	if (st != LR_OK)
		fprintf(stderr, "embed: %s: %s\n", what, lr_strerror(st));
	return st != LR_OK;
}

int main(void)
{
	/* y = 1 + 2x + 0.5x^2, plus a little noise. */
	static const double x[] = {0, 1, 2, 3, 4, 5, 6, 7};
	static const double y[] = {1.1, 3.4, 6.9, 11.6, 16.8, 23.6, 30.9, 39.6};
	lr_spec quad = {1, 2, 0};
	lr_fit *whole = NULL, *a = NULL, *b = NULL;
	lr_result *res = NULL;
	lr_prediction pr;
	double at = 10;
	int i, j, failed = 1;

	if (check(lr_fit_new(&quad, &whole), "new") ||
	    check(lr_fit_new(&quad, &a), "new") ||
	    check(lr_fit_new(&quad, &b), "new"))
		goto end;
	for (i = 0; i < 8; i++) {
		lr_fit_add(whole, &x[i], y[i]);
		lr_fit_add(i < 4 ? a : b, &x[i], y[i]); /* two "machines" */
	}
	/* The merged halves are the whole, to double-double precision. */
	if (check(lr_fit_merge(a, b), "merge") ||
	    check(lr_solve(a, 0.95, &res), "solve"))
		goto end;
	printf("n = %llu, R^2 = %.6f, sigma = %.6f\n",
	    (unsigned long long)lr_result_stats(res)->n,
	    lr_result_stats(res)->r2, lr_result_stats(res)->sigma);
	for (j = 0; j < lr_result_stats(res)->ncoef; j++) {
		const lr_coef *c = lr_result_coef(res, j);
		printf("b%d = %9.6f  (se %.6f, p %.3g)\n", j, c->estimate,
		    c->std_error, c->p);
	}
	if (check(lr_predict(res, &at, &pr), "predict"))
		goto end;
	printf("y(10) = %.4f, 95%% prediction interval [%.4f, %.4f]\n",
	    pr.fit, pr.pred_low, pr.pred_high);
	failed = 0;
end:
	lr_result_free(res);
	lr_fit_free(whole);
	lr_fit_free(a);
	lr_fit_free(b);
	return failed;
}
