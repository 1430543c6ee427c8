/*
 * test_formula.c - cli/formula.c alone: R formulas into terms with R's
 * labels, R's coding of factors in terms, errors with their offsets,
 * R's arithmetic and R's way of writing numbers.
 *
 * Every expectation is R's (4.2.2): the tables parse_cases[] and
 * number_cases[] are the output of `Rscript tests/unit/gen_formula_ref.R`
 * pasted; the coding cases give the R command beside them.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "harness.h"

/* The data's columns for `.` (as in gen_formula_ref.R). */
static const char *const names[] = { "y", "a", "b", "c", "my col", "x" };

struct pcase {
	const char *text, *resp, *terms;
	int intercept;
	const char *vars;
};

/* formula, response, term labels, intercept, variables (R's
 * "variables" attribute without the response, deparsed with backquotes) */
static const struct pcase parse_cases[] = {
	{ "y ~ a*b", "y", "a|b|a:b", 1, "a|b" },
	{ "y ~ a:b", "y", "a:b", 1, "a|b" },
	{ "y ~ a + b + a:b", "y", "a|b|a:b", 1, "a|b" },
	{ "y ~ b:a + a", "y", "a|b:a", 1, "b|a" },
	{ "y ~ (a + b + c)^2", "y", "a|b|c|a:b|a:c|b:c", 1, "a|b|c" },
	{ "y ~ (a + b + c)^2 - a:b", "y", "a|b|c|a:c|b:c", 1, "a|b|c" },
	{ "y ~ (a + b + c)^3", "y", "a|b|c|a:b|a:c|b:c|a:b:c", 1, "a|b|c" },
	{ "y ~ a*b*c - a:b:c", "y", "a|b|c|a:b|a:c|b:c", 1, "a|b|c" },
	{ "y ~ a*b - 1", "y", "a|b|a:b", 0, "a|b" },
	{ "y ~ a + 0", "y", "a", 0, "a" },
	{ "y ~ 0 + a", "y", "a", 0, "a" },
	{ "y ~ -1 + a", "y", "a", 0, "a" },
	{ "y ~ a - 1 + 1", "y", "a", 1, "a" },
	{ "y ~ 0 + a + 1", "y", "a", 1, "a" },
	{ "y ~ a - 1 + 0", "y", "a", 0, "a" },
	{ "y ~ 1", "y", "", 1, "" },
	{ "y ~ a + a", "y", "a", 1, "a" },
	{ "y ~ a:a", "y", "a", 1, "a" },
	{ "y ~ a + b - a", "y", "b", 1, "a|b" },
	{ "y ~ a + b - c", "y", "a|b", 1, "a|b|c" },
	{ "y ~ (a)", "y", "a", 1, "a" },
	{ "y ~ ((a + b))", "y", "a|b", 1, "a|b" },
	{ "y ~ +a", "y", "a", 1, "a" },
	{ "y ~ -a:b + c", "y", "c", 1, "a|b|c" },
	{ "y ~ a/b", "y", "a|a:b", 1, "a|b" },
	{ "y ~ (a + b)/c", "y", "a|b|a:b:c", 1, "a|b|c" },
	{ "y ~ a*(b + c)", "y", "a|b|c|a:b|a:c", 1, "a|b|c" },
	{ "y ~ (a + b):(c + x)", "y", "a:c|a:x|b:c|b:x", 1, "a|b|c|x" },
	{ "y ~ a:b + a", "y", "a|a:b", 1, "a|b" },
	{ "y ~ a:b:c + b", "y", "b|a:b:c", 1, "a|b|c" },
	{ "y ~ a^2", "y", "a", 1, "a" },
	{ "y ~ a*b + b*a", "y", "a|b|a:b", 1, "a|b" },
	{ "log(y) ~ log(x)", "log(y)", "log(x)", 1, "log(x)" },
	{ "log(y + 1) ~ x", "log(y + 1)", "x", 1, "x" },
	{ "sqrt(y) ~ exp(x)", "sqrt(y)", "exp(x)", 1, "exp(x)" },
	{ "I(y/2) ~ x", "I(y/2)", "x", 1, "x" },
	{ "y ~ log(x) + log2(x) + log10(x) + log1p(x)", "y", "log(x)|log2(x)|log10(x)|log1p(x)", 1, "log(x)|log2(x)|log10(x)|log1p(x)" },
	{ "y ~ exp(x) + sqrt(x) + abs(x)", "y", "exp(x)|sqrt(x)|abs(x)", 1, "exp(x)|sqrt(x)|abs(x)" },
	{ "y ~ I(x^2)", "y", "I(x^2)", 1, "I(x^2)" },
	{ "y ~ I(x ^ 2)", "y", "I(x^2)", 1, "I(x^2)" },
	{ "y ~ I(x*a)", "y", "I(x * a)", 1, "I(x * a)" },
	{ "y ~ I(1/x)", "y", "I(1/x)", 1, "I(1/x)" },
	{ "y ~ I(x - 1)", "y", "I(x - 1)", 1, "I(x - 1)" },
	{ "y ~ I(-x)", "y", "I(-x)", 1, "I(-x)" },
	{ "y ~ I((a+b)*c)", "y", "I((a + b) * c)", 1, "I((a + b) * c)" },
	{ "y ~ I(((a)))", "y", "I(((a)))", 1, "I(((a)))" },
	{ "y ~ I(x^-1)", "y", "I(x^-1)", 1, "I(x^-1)" },
	{ "y ~ I(-x^2)", "y", "I(-x^2)", 1, "I(-x^2)" },
	{ "y ~ I(2 * -x)", "y", "I(2 * -x)", 1, "I(2 * -x)" },
	{ "y ~ I(x*1e5)", "y", "I(x * 1e+05)", 1, "I(x * 1e+05)" },
	{ "y ~ I(1e-3*x)", "y", "I(0.001 * x)", 1, "I(0.001 * x)" },
	{ "y ~ I(x/.5)", "y", "I(x/0.5)", 1, "I(x/0.5)" },
	{ "y ~ I(x + 100000)", "y", "I(x + 1e+05)", 1, "I(x + 1e+05)" },
	{ "y ~ I(x * 123456)", "y", "I(x * 123456)", 1, "I(x * 123456)" },
	{ "y ~ I(x + 0.0001)", "y", "I(x + 1e-04)", 1, "I(x + 1e-04)" },
	{ "y ~ I(x + 1e15)", "y", "I(x + 1e+15)", 1, "I(x + 1e+15)" },
	{ "y ~ I(x/3)", "y", "I(x/3)", 1, "I(x/3)" },
	{ "y ~ I(x + 1234567.1)", "y", "I(x + 1234567.1)", 1, "I(x + 1234567.1)" },
	{ "y ~ I(x - 2.5)", "y", "I(x - 2.5)", 1, "I(x - 2.5)" },
	{ "y ~ I(x * 2^60)", "y", "I(x * 2^60)", 1, "I(x * 2^60)" },
	{ "y ~ log(x + 1)", "y", "log(x + 1)", 1, "log(x + 1)" },
	{ "y ~ log(abs(x) + 1)", "y", "log(abs(x) + 1)", 1, "log(abs(x) + 1)" },
	{ "y ~ sqrt(I(x^2))", "y", "sqrt(I(x^2))", 1, "sqrt(I(x^2))" },
	{ "y ~ exp(-x)", "y", "exp(-x)", 1, "exp(-x)" },
	{ "y ~ log(x, 2)", "y", "log(x, 2)", 1, "log(x, 2)" },
	{ "y ~ log(x, base = 10)", "y", "log(x, base = 10)", 1, "log(x, base = 10)" },
	{ "y ~ poly(x, 3, raw = TRUE)", "y", "poly(x, 3, raw = TRUE)", 1, "poly(x, 3, raw = TRUE)" },
	{ "y ~ poly(x, 2, raw = T)", "y", "poly(x, 2, raw = T)", 1, "poly(x, 2, raw = T)" },
	{ "y ~ poly(x, degree = 3, raw = TRUE)", "y", "poly(x, degree = 3, raw = TRUE)", 1, "poly(x, degree = 3, raw = TRUE)" },
	{ "y ~ poly(x, raw = TRUE, degree = 2)", "y", "poly(x, raw = TRUE, degree = 2)", 1, "poly(x, raw = TRUE, degree = 2)" },
	{ "y ~ poly(log(x), 2, raw = TRUE)", "y", "poly(log(x), 2, raw = TRUE)", 1, "poly(log(x), 2, raw = TRUE)" },
	{ "y ~ factor(a)", "y", "factor(a)", 1, "factor(a)" },
	{ "y ~ factor(a) * x", "y", "factor(a)|x|factor(a):x", 1, "factor(a)|x" },
	{ "y ~ x:factor(a) + factor(a)", "y", "factor(a)|x:factor(a)", 1, "x|factor(a)" },
	{ "y ~ `my col`", "y", "`my col`", 1, "`my col`" },
	{ "y ~ `my col`:a", "y", "`my col`:a", 1, "`my col`|a" },
	{ "y ~ `a` + b", "y", "a|b", 1, "a|b" },
	{ "y ~ log(`my col`)", "y", "log(`my col`)", 1, "log(`my col`)" },
	{ "y ~ .", "y", "a|b|c|`my col`|x", 1, "a|b|c|`my col`|x" },
	{ "y ~ . - x", "y", "a|b|c|`my col`", 1, "a|b|c|`my col`|x" },
	{ "y ~ (.)^2", "y", "a|b|c|`my col`|x|a:b|a:c|a:`my col`|a:x|b:c|b:`my col`|b:x|c:`my col`|c:x|`my col`:x", 1, "a|b|c|`my col`|x" },
	{ "y ~ . + a:b", "y", "a|b|c|`my col`|x|a:b", 1, "a|b|c|`my col`|x" },
	{ "y ~ x + .", "y", "x|a|b|c|`my col`", 1, "x|a|b|c|`my col`" },
	{ "log(y) ~ .", "log(y)", "a|b|c|`my col`|x", 1, "a|b|c|`my col`|x" },
	{ "log(y + x) ~ .", "log(y + x)", "a|b|c|`my col`", 1, "a|b|c|`my col`" },
	{ "y ~ . - 1", "y", "a|b|c|`my col`|x", 0, "a|b|c|`my col`|x" },
	{ "y ~ a +\n   b", "y", "a|b", 1, "a|b" },
	{ "y~a*b+log(x)-1", "y", "a|b|log(x)|a:b", 0, "a|b|log(x)" },
	{ "y ~ x1.b + .x + a_b + x.", "y", "x1.b|.x|a_b|x.", 1, "x1.b|.x|a_b|x." },
	{ "y ~ I(x * 0.1)", "y", "I(x * 0.1)", 1, "I(x * 0.1)" },
	{ "y ~ a:.", "y", "a|a:b|a:c|a:`my col`|a:x", 1, "a|b|c|`my col`|x" },
	{ "y ~ a + b - .", "y", "", 1, "a|b|c|`my col`|x" },
	{ "y ~ x * .", "y", "x|a|b|c|`my col`|x:a|x:b|x:c|x:`my col`", 1, "x|a|b|c|`my col`" },
	{ "y ~ 1*b", "y", "", 1, "b" },
	{ "y ~ b*1", "y", "b", 1, "b" },
	{ "y ~ (a - a)/b", "y", "", 1, "a|b" },
	{ "y ~ (a - a)*b + c", "y", "c", 1, "a|b|c" },
	{ "y ~ 0 + a:b", "y", "a:b", 0, "a|b" },
};

struct ncase {
	double v;
	const char *text;
};

/* as.character(v) */
static const struct ncase number_cases[] = {
	{ 0.10000000000000001, "0.1" },
	{ 0.33333333333333331, "0.333333333333333" },
	{ 100000, "1e+05" },
	{ 123456, "123456" },
	{ 1000000000000000, "1e+15" },
	{ 1.0000000000000001e-05, "1e-05" },
	{ 0.0001, "1e-04" },
	{ 1234567.1000000001, "1234567.1" },
	{ -2.5, "-2.5" },
	{ 100000.10000000001, "100000.1" },
	{ 4, "4" },
	{ 6, "6" },
	{ 8, "8" },
	{ 1.152921504606847e+18, "1152921504606846976" },
	{ 0.001, "0.001" },
	{ 1e-300, "1e-300" },
	{ 1.5000000000000001e+300, "1.5e+300" },
	{ 0.30000000000000004, "0.3" },
	{ 99999, "99999" },
	{ -0.0001, "-1e-04" },
	{ 9.5367431640625e-07, "9.5367431640625e-07" },
	{ 1234567890123456, "1234567890123456" },
	{ 1.2345678901234568e+17, "123456789012345680" },
	{ 10000000000000000, "1e+16" },
	{ 99999.5, "99999.5" },
	{ 0.5, "0.5" },
	{ 100, "100" },
	{ -0.001, "-0.001" },
	{ 3.14159265358979, "3.14159265358979" },
	{ 1e+100, "1e+100" },
	{ 1e-100, "1e-100" },
	{ 4.9406564584124654e-324, "4.94065645841247e-324" },
	{ 1.7976931348623157e+308, "1.79769313486232e+308" },
	{ 12345678.9, "12345678.9" },
};

/* The labels of n items joined by '|'. */
static void join(char *buf, size_t size, int n, const char *(*get)(const struct formula *, int),
    const struct formula *f)
{
	int i;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strncat(buf, "|", size - strlen(buf) - 1);
		strncat(buf, get(f, i), size - strlen(buf) - 1);
	}
}

static const char *term_label(const struct formula *f, int i)
{
	return f->term[i].label;
}

static const char *var_label(const struct formula *f, int i)
{
	return f->var[i].label;
}

static void test_parse_as_r(void)
{
	size_t i;
	char err[200], got[2000];
	for (i = 0; i < sizeof parse_cases / sizeof *parse_cases; i++) {
		const struct pcase *c = &parse_cases[i];
		struct formula f;
		size_t at = 0;
		int rc = formula_parse(c->text, (const char *const *)names, 6, &f,
		    err, sizeof err, &at);
		if (rc != 0)
			fprintf(stderr, "%s: error at %zu: %s\n", c->text, at, err);
		CHECK(rc == 0);
		if (rc)
			continue;
		CHECK(strcmp(f.resp.label, c->resp) == 0);
		CHECK(f.intercept == c->intercept);
		join(got, sizeof got, f.nterm, term_label, &f);
		if (strcmp(got, c->terms) != 0)
			fprintf(stderr, "%s: terms %s, want %s\n", c->text, got, c->terms);
		CHECK(strcmp(got, c->terms) == 0);
		join(got, sizeof got, f.nvar, var_label, &f);
		if (strcmp(got, c->vars) != 0)
			fprintf(stderr, "%s: vars %s, want %s\n", c->text, got, c->vars);
		CHECK(strcmp(got, c->vars) == 0);
		CHECK(strcmp(f.text, c->text) == 0);
		formula_free(&f);
	}
}

static void test_number_as_r(void)
{
	size_t i;
	char buf[400];
	for (i = 0; i < sizeof number_cases / sizeof *number_cases; i++) {
		formula_number(number_cases[i].v, buf, sizeof buf);
		if (strcmp(buf, number_cases[i].text) != 0)
			fprintf(stderr, "%.17g: %s, want %s\n", number_cases[i].v,
			    buf, number_cases[i].text);
		CHECK(strcmp(buf, number_cases[i].text) == 0);
	}
	/* as.character(c(NaN, Inf, -Inf, 0)) */
	CHECK(strcmp(formula_number(NAN, buf, sizeof buf), "NaN") == 0);
	CHECK(strcmp(formula_number(INFINITY, buf, sizeof buf), "Inf") == 0);
	CHECK(strcmp(formula_number(-INFINITY, buf, sizeof buf), "-Inf") == 0);
	CHECK(strcmp(formula_number(0, buf, sizeof buf), "0") == 0);
	/* a short buffer is cut, not overrun */
	CHECK(strcmp(formula_number(123456, buf, 4), "123") == 0);
}

struct ecase {
	const char *text;
	size_t at;
	const char *msg;   /* a part of the message */
};

/* Errors and where they point (R rejects each too: a parse error, or
 * terms()/model.frame() stops, e.g. Rscript -e 'terms(y ~ a + 2)' says
 * "invalid model formula in ExtractVars"; poly(x, 2) alone is R's
 * orthogonal polynomial, which linreg does not do). */
static const struct ecase error_cases[] = {
	{ "y", 1, "missing '~'" },
	{ "y + x", 5, "missing '~'" },
	{ "~ x", 0, "no response" },
	{ "y ~", 3, "nothing after '~'" },
	{ "y ~   ", 6, "nothing after '~'" },
	{ "y x", 2, "unexpected name 'x'" },
	{ "y ~ a +", 7, "unexpected end" },
	{ "y ~ a b", 6, "unexpected name 'b'" },
	{ "y ~ a * c 5 - x", 10, "unexpected number" },
	{ "y ~ a + 5 - x", 8, "a number cannot be a term" },
	{ "y ~ (a + b", 4, "unmatched '('" },
	{ "y ~ a + b)", 9, "unexpected ')'" },
	{ "y ~ log(x", 9, "unexpected end" },
	{ "y ~ log(x))", 10, "unexpected ')'" },
	{ "y ~ a ~ b", 6, "unexpected '~'" },
	{ "y ~ a == b", 6, "unexpected '='" },
	{ "y ~ a %in% b", 6, "unexpected '%'" },
	{ "y ~ a + \"b\"", 8, "unexpected '\"'" },
	{ "y ~ foo(x)", 4, "unknown function 'foo'" },
	{ "y ~ I(foo(x))", 6, "unknown function 'foo'" },
	{ "y ~ .", 4, "'.' needs the data's column names" },
	{ "y ~ a + 2", 8, "a number cannot be a term" },
	{ "y ~ 0.5", 4, "a number cannot be a term" },
	{ "y ~ 0", 2, "no terms and no intercept" },
	{ "y ~ a - a - 1", 2, "no terms and no intercept" },
	{ "y ~ my col", 7, "unexpected name 'col'" },
	{ "y ~ 2x", 5, "unexpected name 'x'" },
	{ "y ~ _x", 4, "unexpected '_'" },
	{ "y ~ `x", 4, "unterminated backquote" },
	{ "y ~ ``", 4, "empty backquoted name" },
	{ "y ~ poly(x, 2)", 4, "only raw = TRUE" },
	{ "y ~ poly(x, 2, raw = FALSE)", 4, "only raw = TRUE" },
	{ "y ~ poly(x, 0, raw = TRUE)", 12, "degree" },
	{ "y ~ poly(x, 31, raw = TRUE)", 12, "degree" },
	{ "y ~ poly(x, 2.5, raw = TRUE)", 12, "degree" },
	{ "y ~ poly(x, k, raw = TRUE)", 12, "degree" },
	{ "y ~ poly(x, 2, raw = TRUE, 3)", 27, "unexpected argument" },
	{ "y ~ factor(log(x))", 4, "factor() takes one column" },
	{ "y ~ I(factor(x))", 6, "factor() inside an expression" },
	{ "factor(y) ~ x", 0, "the response cannot be a factor" },
	{ "poly(y, 2, raw = TRUE) ~ x", 0, "poly() cannot be the response" },
	{ "y + z ~ x", 0, "the response must be" },
	{ "y ~ x + y", 8, "the response 'y' is also on the right" },
	{ "y ~ (a + b)^1", 12, "invalid power" },
	{ "y ~ (a + b)^2.5", 12, "invalid power" },
	{ "y ~ (a + b)^c", 12, "invalid power" },
	{ "y ~ I(a:b)", 6, "':' inside an expression" },
	{ "y ~ log(x, y = 2)", 15, "base must be a number" },
	{ "y ~ log(x, b)", 11, "base must be a number" },
	{ "y ~ sqrt(x, 2)", 4, "sqrt() takes one argument" },
	{ "y ~ I(TRUE)", 6, "unexpected name 'TRUE'" },
	{ "y ~ I(.)", 6, "unexpected name '.'" },
	{ "y ~ x +\n @", 9, "unexpected '@'" },
};

static void test_errors(void)
{
	size_t i;
	char err[200];
	for (i = 0; i < sizeof error_cases / sizeof *error_cases; i++) {
		const struct ecase *c = &error_cases[i];
		struct formula f;
		size_t at = 12345;
		int rc = formula_parse(c->text, NULL, 0, &f, err, sizeof err, &at);
		CHECK(rc == -1);
		if (rc == 0) {
			fprintf(stderr, "%s: parsed\n", c->text);
			formula_free(&f);
			continue;
		}
		if (at != c->at || !strstr(err, c->msg))
			fprintf(stderr, "%s: at %zu \"%s\", want %zu \"%s\"\n",
			    c->text, at, err, c->at, c->msg);
		CHECK(at == c->at);
		CHECK(strstr(err, c->msg) != NULL);
		/* left empty */
		CHECK(f.nterm == 0 && f.var == NULL && f.col == NULL && f.text == NULL);
	}
	/* a small error buffer is cut, never overrun; none at all is fine */
	CHECK(formula_parse("y ~ foo(x)", NULL, 0, &(struct formula){ 0 }, err, 8,
	    NULL) == -1);
	CHECK(strlen(err) == 7);
	CHECK(formula_parse("y ~ foo(x)", NULL, 0, &(struct formula){ 0 }, NULL, 0,
	    NULL) == -1);
}

/* Nesting deeper than the parser's limit is an error, not a crash; a
 * long flat formula is fine. */
static void test_deep_and_long(void)
{
	size_t n = 100000, i;
	char *s = malloc(4 * n + 100), err[200];
	struct formula f;
	size_t at;
	REQUIRE(s);
	strcpy(s, "y ~ ");
	for (i = 0; i < n; i++)
		strcat(s + 4 + i, "(");
	strcat(s, "x");
	for (i = 0; i < n; i++)
		s[5 + n + i] = ')';
	s[5 + 2 * n] = '\0';
	CHECK(formula_parse(s, NULL, 0, &f, err, sizeof err, &at) == -1);
	CHECK(strstr(err, "nested too deeply") != NULL);
	for (i = 0; i < n; i++)
		s[4 + i] = '-';
	s[4 + n] = 'x';
	s[5 + n] = '\0';
	CHECK(formula_parse(s, NULL, 0, &f, err, sizeof err, &at) == -1);
	CHECK(strstr(err, "nested too deeply") != NULL);
	strcpy(s, "y ~ I(x");
	for (i = 0; i < 1000; i++)
		strcat(s + 7 + 2 * i, "+1");
	strcat(s, ")");
	CHECK(formula_parse(s, NULL, 0, &f, err, sizeof err, &at) == -1);
	CHECK(strstr(err, "too deeply") != NULL);
	/* y ~ x0 + x1 + ... + x4999: 5000 terms */
	strcpy(s, "y ~ x0");
	for (i = 1; i < 5000; i++)
		sprintf(s + strlen(s), " + x%zu", i);
	REQUIRE(formula_parse(s, NULL, 0, &f, err, sizeof err, &at) == 0);
	CHECK(f.nterm == 5000 && f.nvar == 5000 && f.ncol == 5001);
	CHECK(strcmp(f.term[4999].label, "x4999") == 0);
	formula_free(&f);
	/* 2^16 terms and more: an error, not an hour */
	strcpy(s, "y ~ (a");
	for (i = 0; i < 20; i++)
		sprintf(s + strlen(s), " + b%zu", i);
	strcat(s, ")^20");
	CHECK(formula_parse(s, NULL, 0, &f, err, sizeof err, &at) == -1);
	CHECK(strstr(err, "too many terms") != NULL);
	free(s);
}

struct ccase {
	const char *text;
	const char *factors;  /* the factor variables' labels, '|' around */
	const char *codes;    /* each term's codes, terms split by ' ' */
};

/*
 * formula_coding against R: with
 *   d <- data.frame(y = 1:12, f = factor(rep(c("a","b","c"), 4)),
 *     g = factor(rep(c("u","v"), each = 6)), a = rnorm(12),
 *     b = rnorm(12), x = rnorm(12))
 * the columns of model.matrix(FORMULA, d) are given beside each case
 * (0: numeric, 1: contrasts, levels 2.., 2: every level).
 */
static const struct ccase coding_cases[] = {
	/* (Intercept) a b a:b */
	{ "y ~ a*b", "", "0 0 00" },
	/* (Intercept) a:b */
	{ "y ~ a:b", "", "00" },
	/* (Intercept) x:fa x:fb x:fc */
	{ "y ~ x:f", "|f|", "02" },
	/* fa fb fc */
	{ "y ~ f - 1", "|f|", "2" },
	/* fa fb fc gv */
	{ "y ~ f + g - 1", "|f|g|", "2 1" },
	/* fa:gu fb:gu fc:gu fa:gv fb:gv fc:gv */
	{ "y ~ f:g - 1", "|f|g|", "22" },
	/* (Intercept) fa:gu fb:gu fc:gu fa:gv fb:gv fc:gv */
	{ "y ~ f:g", "|f|g|", "22" },
	/* (Intercept) fb fc fa:gv fb:gv fc:gv */
	{ "y ~ f + f:g", "|f|g|", "1 21" },
	/* (Intercept) fb fc gv fb:gv fc:gv */
	{ "y ~ f*g", "|f|g|", "1 1 11" },
	/* (Intercept) fb fc gv x fb:gv fc:gv fb:x fc:x gv:x */
	{ "y ~ (f + g + x)^2", "|f|g|", "1 1 0 11 10 10" },
	/* fa fb fc gv x fb:gv fc:gv fb:x fc:x gv:x */
	{ "y ~ (f + g + x)^2 - 1", "|f|g|", "2 1 0 11 10 10" },
	/* x x:fa x:fb x:fc */
	{ "y ~ x + x:f - 1", "|f|", "0 02" },
	/* x:fa x:fb x:fc */
	{ "y ~ x:f - 1", "|f|", "02" },
	/* (Intercept) gv fa:x fb:x fc:x */
	{ "y ~ f:x + g", "|f|g|", "1 20" },
	/* (Intercept) fb fc x fb:x fc:x */
	{ "y ~ f*x", "|f|", "1 0 10" },
	/* x fa fb fc: the first factor of the first term that has one */
	{ "y ~ x + f - 1", "|f|", "0 2" },
	/* y ~ factor(f) + x:factor(f): (Intercept) factor(f)b factor(f)c
	   factor(f)a:x factor(f)b:x factor(f)c:x (the variable is factor(f)) */
	{ "y ~ factor(a) + x:factor(a)", "|factor(a)|", "1 20" },
};

static void test_coding_as_r(void)
{
	size_t i;
	char err[200], got[200], mark[64];
	for (i = 0; i < sizeof coding_cases / sizeof *coding_cases; i++) {
		const struct ccase *c = &coding_cases[i];
		struct formula f;
		int is_factor[16], code[16], t, k;
		size_t at;
		REQUIRE(formula_parse(c->text, NULL, 0, &f, err, sizeof err, &at) == 0);
		REQUIRE(f.nvar <= 16);
		for (k = 0; k < f.nvar; k++) {
			snprintf(mark, sizeof mark, "|%s|", f.var[k].label);
			is_factor[k] = strstr(c->factors, mark) != NULL;
		}
		got[0] = '\0';
		for (t = 0; t < f.nterm; t++) {
			formula_coding(&f, t, is_factor, code);
			if (t)
				strcat(got, " ");
			for (k = 0; k < f.term[t].nvar; k++)
				sprintf(got + strlen(got), "%d", code[k]);
		}
		if (strcmp(got, c->codes) != 0)
			fprintf(stderr, "%s: codes %s, want %s\n", c->text, got, c->codes);
		CHECK(strcmp(got, c->codes) == 0);
		formula_free(&f);
	}
}

/* What the design layer reads: columns, var fields, term indices. */
static void test_structure(void)
{
	struct formula f;
	char err[200];
	size_t at;
	REQUIRE(formula_parse("log(y) ~ poly(wt, 3, raw = TRUE) + factor(cyl) * "
	    "I(hp / wt) + `my col` - 1", NULL, 0, &f, err, sizeof err, &at) == 0);
	REQUIRE(f.ncol == 5);
	CHECK(strcmp(f.col[0], "y") == 0 && strcmp(f.col[1], "wt") == 0);
	CHECK(strcmp(f.col[2], "cyl") == 0 && strcmp(f.col[3], "hp") == 0);
	CHECK(strcmp(f.col[4], "my col") == 0);
	CHECK(f.resp.col == -1 && f.resp.degree == 0 && !f.resp.factor);
	REQUIRE(f.nvar == 4);
	CHECK(f.var[0].degree == 3 && f.var[0].col == 1 && !f.var[0].factor);
	CHECK(f.var[1].factor && f.var[1].col == 2 && f.var[1].degree == 0);
	CHECK(f.var[2].col == -1 && !f.var[2].factor);
	CHECK(strcmp(f.var[2].label, "I(hp/wt)") == 0);
	CHECK(f.var[3].col == 4);
	CHECK(f.intercept == 0);
	REQUIRE(f.nterm == 5);
	CHECK(f.term[4].nvar == 2 && f.term[4].var[0] == 1 && f.term[4].var[1] == 2);
	CHECK(strcmp(f.term[4].label, "factor(cyl):I(hp/wt)") == 0);
	formula_free(&f);
	formula_free(&f);  /* twice: the second frees nothing */
	formula_free(NULL);
}

/* R's values: Rscript -e 'x <- c(...); print(log(0)); ...' as noted. */
static void test_eval_as_r(void)
{
	struct formula f;
	char err[200];
	size_t at;
	double col[3];
	REQUIRE(formula_parse("y ~ log(a) + log2(a) + log10(a) + log1p(a) + exp(a) "
	    "+ sqrt(a) + abs(a) + I(a^b) + I(-a + b * 2 - a / b) + log(a, 3) + "
	    "I(2^-1) + log(a, base = 10) + I(a^2)", NULL, 0, &f, err,
	    sizeof err, &at) == 0);
	REQUIRE(f.nvar == 13 && f.ncol == 3);
	col[0] = 0;
	col[1] = 8;
	col[2] = 2;
	/* a = 8, b = 2: log(8) 2.07944154167984, log2 3, log10(8) 0.903089986991944,
	   log1p(8) 2.19722457733622, exp(8) 2980.95798704173, sqrt(8), 8^2 64,
	   -8 + 2*2 - 8/2 = -8, log(8, 3) = log(8)/log(3) */
	CHECK(fexpr_eval(f.var[0].expr, col) == log(8.0));
	CHECK(fexpr_eval(f.var[1].expr, col) == 3);
	CHECK(fexpr_eval(f.var[2].expr, col) == log10(8.0));
	CHECK(fexpr_eval(f.var[3].expr, col) == log1p(8.0));
	CHECK_REL(fexpr_eval(f.var[4].expr, col), 2980.95798704173, 1e-14);
	CHECK(fexpr_eval(f.var[5].expr, col) == sqrt(8.0));
	CHECK(fexpr_eval(f.var[6].expr, col) == 8);
	CHECK(fexpr_eval(f.var[7].expr, col) == 64);
	CHECK(fexpr_eval(f.var[8].expr, col) == -8);
	CHECK(fexpr_eval(f.var[9].expr, col) == log(8.0) / log(3.0));
	CHECK(fexpr_eval(f.var[10].expr, col) == 0.5);
	CHECK(fexpr_eval(f.var[11].expr, col) == log10(8.0));
	/* R: log(0) -Inf, log(-1) NaN, sqrt(-1) NaN, 0/0 NaN, 1/0 Inf,
	   (-8)^0.5 NaN, 1^NaN 1, NaN^0 1, (-1)^Inf NaN, 0^-1 Inf,
	   (-Inf)^3 -Inf, (-Inf)^2 Inf, 2^Inf Inf, 0.5^-Inf Inf, (-2)^3 -8 */
	col[1] = 0;
	CHECK(fexpr_eval(f.var[0].expr, col) == -INFINITY);
	col[1] = -1;
	CHECK(isnan(fexpr_eval(f.var[0].expr, col)));
	CHECK(isnan(fexpr_eval(f.var[5].expr, col)));
	col[1] = 0;
	col[2] = 0;
	CHECK(isnan(fexpr_eval(f.var[8].expr, col)));
	col[1] = -8;
	col[2] = 0.5;
	CHECK(isnan(fexpr_eval(f.var[7].expr, col)));
	col[1] = 1;
	col[2] = NAN;
	CHECK(fexpr_eval(f.var[7].expr, col) == 1);
	col[1] = NAN;
	col[2] = 0;
	CHECK(fexpr_eval(f.var[7].expr, col) == 1);
	col[1] = -1;
	col[2] = INFINITY;
	CHECK(isnan(fexpr_eval(f.var[7].expr, col)));
	col[1] = 0;
	col[2] = -1;
	CHECK(fexpr_eval(f.var[7].expr, col) == INFINITY);
	col[1] = -INFINITY;
	col[2] = 3;
	CHECK(fexpr_eval(f.var[7].expr, col) == -INFINITY);
	col[2] = 2;
	CHECK(fexpr_eval(f.var[7].expr, col) == INFINITY);
	col[1] = 2;
	col[2] = INFINITY;
	CHECK(fexpr_eval(f.var[7].expr, col) == INFINITY);
	col[1] = 0.5;
	col[2] = -INFINITY;
	CHECK(fexpr_eval(f.var[7].expr, col) == INFINITY);
	col[1] = -2;
	col[2] = 3;
	CHECK(fexpr_eval(f.var[7].expr, col) == -8);
	col[1] = 3;
	CHECK(fexpr_eval(f.var[12].expr, col) == 9);
	formula_free(&f);
}

/* Numbers in the formula are read without the locale: 1e-3, .5, 5. */
static void test_numbers_in_formula(void)
{
	struct formula f;
	char err[200];
	size_t at;
	double col[2] = { 0, 1 };
	REQUIRE(formula_parse("y ~ I(x * 1e-3 + .5 + 5. + 2.5e+2 + 0.1 + 1E2)", NULL,
	    0, &f, err, sizeof err, &at) == 0);
	CHECK(strcmp(f.var[0].label, "I(x * 0.001 + 0.5 + 5 + 250 + 0.1 + 100)") == 0);
	CHECK(fexpr_eval(f.var[0].expr, col) == 0.001 + 0.5 + 5 + 250 + 0.1 + 100);
	formula_free(&f);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_parse_as_r);
	RUN(test_number_as_r);
	RUN(test_errors);
	RUN(test_deep_and_long);
	RUN(test_coding_as_r);
	RUN(test_structure);
	RUN(test_eval_as_r);
	RUN(test_numbers_in_formula);
	return harness_report("test_formula");
}
