# Reference values for test_core.c (women data): Rscript tests/unit/ref_women.R
options(digits=17)
d <- read.csv("examples/height-weight.csv")
for (f in c("weight ~ height", "weight ~ 0 + height")) {
  m <- lm(as.formula(f), d); s <- summary(m)
  cat("##", f, "\n")
  print(coef(s)); print(confint(m)); print(confint(m, level=0.9))
  cat("sigma r2 adj", s$sigma, s$r.squared, s$adj.r.squared, "\n")
  cat("F", s$fstatistic, pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail=FALSE), "\n")
  cat("loglik aic bic", logLik(m), AIC(m), BIC(m), "\n")
  cat("sse rmse", sum(resid(m)^2), sqrt(mean(resid(m)^2)), "\n")
  nd <- data.frame(height=c(65, 80))
  print(predict(m, nd, interval="confidence", se.fit=TRUE)); print(predict(m, nd, interval="prediction"))
  print(vcov(m))
}
cat("r", cor(d$height, d$weight), "\n")
