# Reference values for tests/cli/models.bats: Rscript tests/data/ref_mtcars.R
# (R 4.2, Debian r-base-core; mtcars from R's datasets package).
options(digits = 17)
d <- read.csv("tests/data/mtcars.csv")
show <- function(label, m, nd = NULL) {
  s <- summary(m)
  cat("##", label, "\n")
  print(coef(s)); print(confint(m))
  cat("sigma", s$sigma, "r2", s$r.squared, "adj", s$adj.r.squared, "\n")
  if (!is.null(s$fstatistic))
    cat("F", s$fstatistic, "p", pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE), "\n")
  cat("logLik", logLik(m), "AIC", AIC(m), "BIC", BIC(m), "\n")
  print(vcov(m))
  if (!is.null(nd)) {
    print(predict(m, nd, interval = "confidence", se.fit = TRUE)$fit)
    print(predict(m, nd, interval = "prediction"))
    print(predict(m, nd, se.fit = TRUE)$se.fit)
  }
}
show("mpg ~ wt + hp", lm(mpg ~ wt + hp, d), data.frame(wt = c(3, 2.5), hp = c(150, 100)))
show("mpg ~ 0 + wt + hp", lm(mpg ~ 0 + wt + hp, d), data.frame(wt = 3, hp = 150))
show("mpg ~ poly(wt, 3, raw = TRUE)", lm(mpg ~ poly(wt, 3, raw = TRUE), d), data.frame(wt = 3))
show("mpg ~ wt, weights = qsec", lm(mpg ~ wt, d, weights = qsec), data.frame(wt = 3))
show("mpg ~ wt + hp, weights = qsec", lm(mpg ~ wt + hp, d, weights = qsec))
show("mpg ~ 0 + wt, weights = qsec", lm(mpg ~ 0 + wt, d, weights = qsec))
show("mpg ~ 0 + wt + I(wt^2), weights = qsec", lm(mpg ~ 0 + wt + I(wt^2), d, weights = qsec), data.frame(wt = 3))
