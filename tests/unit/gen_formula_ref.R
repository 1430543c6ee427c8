# gen_formula_ref.R - the expectations of tests/unit/test_formula.c, from
# R's own terms(): Rscript tests/unit/gen_formula_ref.R prints one C
# initialiser per formula { formula, response label, term labels joined
# by '|', intercept, variable labels (R's "variables" but the response)
# joined by '|' }.  Data columns for `.`: y, a, b, c, `my col`, x.
# Pasted into test_formula.c (R 4.2.2).
d <- data.frame(y = 1, a = 1, b = 1, c = 1, `my col` = 1, x = 1,
                check.names = FALSE)
fs <- c("y ~ a*b", "y ~ a:b", "y ~ a + b + a:b", "y ~ b:a + a",
  "y ~ (a + b + c)^2", "y ~ (a + b + c)^2 - a:b", "y ~ (a + b + c)^3",
  "y ~ a*b*c - a:b:c", "y ~ a*b - 1", "y ~ a + 0", "y ~ 0 + a",
  "y ~ -1 + a", "y ~ a - 1 + 1", "y ~ 0 + a + 1", "y ~ a - 1 + 0",
  "y ~ 1", "y ~ a + a", "y ~ a:a", "y ~ a + b - a", "y ~ a + b - c",
  "y ~ (a)", "y ~ ((a + b))", "y ~ +a", "y ~ -a:b + c", "y ~ a/b",
  "y ~ (a + b)/c", "y ~ a*(b + c)", "y ~ (a + b):(c + x)",
  "y ~ a:b + a", "y ~ a:b:c + b", "y ~ a^2", "y ~ a*b + b*a",
  "log(y) ~ log(x)", "log(y + 1) ~ x", "sqrt(y) ~ exp(x)",
  "I(y/2) ~ x", "y ~ log(x) + log2(x) + log10(x) + log1p(x)",
  "y ~ exp(x) + sqrt(x) + abs(x)", "y ~ I(x^2)", "y ~ I(x ^ 2)",
  "y ~ I(x*a)", "y ~ I(1/x)", "y ~ I(x - 1)", "y ~ I(-x)",
  "y ~ I((a+b)*c)", "y ~ I(((a)))", "y ~ I(x^-1)", "y ~ I(-x^2)",
  "y ~ I(2 * -x)", "y ~ I(x*1e5)", "y ~ I(1e-3*x)", "y ~ I(x/.5)",
  "y ~ I(x + 100000)", "y ~ I(x * 123456)", "y ~ I(x + 0.0001)",
  "y ~ I(x + 1e15)", "y ~ I(x/3)", "y ~ I(x + 1234567.1)",
  "y ~ I(x - 2.5)", "y ~ I(x * 2^60)", "y ~ log(x + 1)",
  "y ~ log(abs(x) + 1)", "y ~ sqrt(I(x^2))", "y ~ exp(-x)",
  "y ~ log(x, 2)", "y ~ log(x, base = 10)",
  "y ~ poly(x, 3, raw = TRUE)", "y ~ poly(x, 2, raw = T)",
  "y ~ poly(x, degree = 3, raw = TRUE)", "y ~ poly(x, raw = TRUE, degree = 2)",
  "y ~ poly(log(x), 2, raw = TRUE)", "y ~ factor(a)",
  "y ~ factor(a) * x", "y ~ x:factor(a) + factor(a)",
  "y ~ `my col`", "y ~ `my col`:a", "y ~ `a` + b", "y ~ log(`my col`)",
  "y ~ .", "y ~ . - x", "y ~ (.)^2", "y ~ . + a:b", "y ~ x + .",
  "log(y) ~ .", "log(y + x) ~ .", "y ~ . - 1", "y ~ a +
   b", "y~a*b+log(x)-1", "y ~ x1.b + .x + a_b + x.", "y ~ I(x * 0.1)",
  # R's quirks, kept: `.` includes columns named before; an empty left
  # side of * or / drops the right side (listAppend's result unused)
  "y ~ a:.", "y ~ a + b - .", "y ~ x * .", "y ~ 1*b", "y ~ b*1",
  "y ~ (a - a)/b", "y ~ (a - a)*b + c", "y ~ 0 + a:b")
q <- function(s) gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", s))
for (s in fs) {
  f <- eval(parse(text = s)[[1]])
  tt <- terms(f, data = d)
  v <- sapply(attr(tt, "variables")[-1], function(e) paste(deparse(e, backtick = TRUE), collapse = ""))
  cat(sprintf("\t{ \"%s\", \"%s\", \"%s\", %d, \"%s\" },\n", gsub("\n", "\\\\n", q(s)),
      q(v[1]), q(paste(attr(tt, "term.labels"), collapse = "|")),
      attr(tt, "intercept"), q(paste(v[-1], collapse = "|"))))
}
# formula_number: as.character() of each value (R 4.2.2; deparse agrees)
for (v in c(0.1, 1/3, 100000, 123456, 1e15, 1e-5, 0.0001, 1234567.1, -2.5,
            1e5 + 0.1, 4, 6, 8, 2^60, 0.001, 1e-300, 1.5e300, 0.1 + 0.2,
            99999, -1e-4, 2^-20, 1234567890123456, 123456789012345678,
            1e16, 1e5 - 0.5, 0.5, 100, -0.001, 3.14159265358979, 1e100,
            1e-100, 5e-324, 1.7976931348623157e308, 12345678.9))
  cat(sprintf("\t{ %.17g, \"%s\" },\n", v, as.character(v)))
