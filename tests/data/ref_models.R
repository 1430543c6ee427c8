# ref_models.R - R's numbers for the model-language tests (issue 15):
# writes tests/data/ref_models.json, read by tests/cli/formula.bats through
# tests/cli/ref_compare.py.  Run from the top of the tree:
#     Rscript tests/data/ref_models.R
# (R 4.2.2, Debian r-base-core, base R only: jsonlite is not there, so the
# JSON is written by hand, every number with sprintf("%.17g")).
#
# Each entry: the R command that made it ("r"; "r0" for the smaller model
# of a nested comparison), how linreg is run ("formula", "args", "files":
# the data in tests/data/models/, exported by make_models.R), and under
# "expect" the values with the names of linreg's --json output: the
# summary (coefficients, sigma, r2, F, logLik/AIC/BIC, n, df,
# rows_missing), anova(m) ("anova", one row per term and Residuals, whose
# F and p are null), predict(m, newdata, interval = "confidence" /
# "prediction", se.fit = TRUE) ("predictions", for the rows of --predict)
# and anova(m0, m) ("compare").  A column of text is a factor with its
# levels in byte order (R's order in the C locale), as linreg orders them.
# The data are read back from the exported CSV, so R and linreg see the
# same numbers.
dir <- "tests/data/models"
num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
str <- function(x) if (length(x)) paste0("\"", gsub("\"", "\\\\\"", x), "\"") else character()
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste0(str(names(kv)), ": ", unlist(kv), collapse = ", "), "}")
}
arr <- function(x, sep = ", ") paste0("[", paste(x, collapse = sep), "]")

read <- function(name, times = 1) {
  d <- read.csv(file.path(dir, paste0(name, ".csv")), stringsAsFactors = FALSE,
                check.names = FALSE)
  if (times > 1) d <- d[rep(seq_len(nrow(d)), times), , drop = FALSE]
  for (k in names(d))
    if (is.character(d[[k]]) && !grepl("^[0-9]{4}-", d[[k]][1]))
      d[[k]] <- factor(d[[k]], levels = sort(unique(d[[k]]), method = "radix"))
  d
}
epoch <- function(s) as.numeric(as.POSIXct(s, tz = "UTC",
  format = if (nchar(s[1]) > 10) "%Y-%m-%dT%H:%M:%OSZ" else "%Y-%m-%d"))

expect <- function(m, nd, m0, factors) {
  s <- summary(m); cf <- coef(s); ci <- confint(m)
  coefs <- vapply(seq_len(nrow(cf)), function(i) obj(term = str(rownames(cf)[i]),
    estimate = num(cf[i, 1]), std_error = num(cf[i, 2]), t = num(cf[i, 3]),
    p = num(cf[i, 4]), ci_low = num(ci[i, 1]), ci_high = num(ci[i, 2])), "")
  a <- anova(m)
  an <- vapply(seq_len(nrow(a)), function(i) obj(term = str(trimws(rownames(a)[i])),
    df = num(a$Df[i]), sum_sq = num(a$`Sum Sq`[i]), mean_sq = num(a$`Mean Sq`[i]),
    f = num(a$`F value`[i]), p = num(a$`Pr(>F)`[i])), "")
  fs <- s$fstatistic
  e <- list(n = num(nobs(m)), df = num(m$df.residual),
    rows_missing = num(length(m$na.action)),
    coefficients = arr(coefs, ",\n      "),
    sigma = num(s$sigma), r2 = num(s$r.squared), adj_r2 = num(s$adj.r.squared),
    f = num(fs[1]), f_df1 = num(fs[2]), f_df2 = num(fs[3]),
    f_p = num(pf(fs[1], fs[2], fs[3], lower.tail = FALSE)),
    loglik = num(as.numeric(logLik(m))), aic = num(AIC(m)), bic = num(BIC(m)),
    anova = arr(an, ",\n      "))
  if (length(factors))
    e$factors <- arr(vapply(factors, function(k) {
      lv <- levels(model.frame(m)[[k]])
      obj(name = str(k), levels = arr(str(lv)), reference = str(lv[1]))
    }, ""))
  if (!is.null(nd)) {
    pc <- predict(m, nd, interval = "confidence", se.fit = TRUE)
    pp <- predict(m, nd, interval = "prediction")
    e$predictions <- arr(vapply(seq_len(nrow(nd)), function(i) obj(
      fit = num(pc$fit[i, 1]), se_fit = num(pc$se.fit[i]),
      conf_low = num(pc$fit[i, 2]), conf_high = num(pc$fit[i, 3]),
      pred_low = num(pp[i, 2]), pred_high = num(pp[i, 3])), ""), ",\n      ")
  }
  if (!is.null(m0)) {
    c <- anova(m0, m)
    e$compare <- obj(formula = str(deparse(formula(m0))),
      res_df = arr(num(c$Res.Df)), rss = arr(num(c$RSS)), df = num(c$Df[2]),
      sum_sq = num(c$`Sum of Sq`[2]), f = num(c$F[2]), p = num(c$`Pr(>F)`[2]))
  }
  paste0("{\n    ", paste0(str(names(e)), ": ", unlist(e), collapse = ",\n    "), "}")
}

entries <- character()
# ref(id, data, formula, r, ...): fit `r` (R code, on d = the data set)
# and record it.  predict: linreg's --predict text; nd: the same rows for
# R; r0: the smaller model for --compare (its formula is m0's); prep: R
# code run on d first (a date column to seconds, a releveled factor);
# args: linreg's other options; files: the data files (default: CSV, JSON).
ref <- function(id, data, formula, r, predict = NULL, nd = NULL, r0 = NULL,
                prep = NULL, args = character(), files = NULL, times = 1) {
  d <- read(data, times)
  if (!is.null(prep)) d <- eval(parse(text = prep))
  m <- eval(parse(text = r))
  m0 <- if (is.null(r0)) NULL else eval(parse(text = r0))
  ndf <- if (is.null(nd)) NULL else eval(parse(text = nd))
  if (!is.null(predict)) args <- c(args, "--predict", predict)
  if (!is.null(r0)) args <- c(args, "--compare", deparse(formula(m0)))
  factors <- names(d)[vapply(d, is.factor, TRUE)]
  factors <- factors[factors %in% all.vars(formula(m)) | grepl("~ *\\.", formula)]
  # factor(x) and --ref: how linreg names or orders these is not pinned here
  if (grepl("factor\\(", formula) || "--ref" %in% args) factors <- character()
  if (is.null(files)) files <- paste0(data, c(".csv", ".json"))
  meta <- list(data = str(data), formula = str(formula), r = str(r),
    r0 = if (is.null(r0)) "null" else str(r0), prep = if (is.null(prep)) "null" else str(prep),
    times = num(times), args = arr(str(args)), files = arr(str(files)),
    expect = expect(m, ndf, m0, factors))
  entries[[id]] <<- paste0(str(id), ": {\n    ",
    paste0(str(names(meta)), ": ", unlist(meta), collapse = ",\n    "), "}")
}

ref("mtcars_wt_cyl", "mtcars", "mpg ~ wt + factor(cyl)", "lm(mpg ~ wt + factor(cyl), d)",
    "wt=3,cyl=6;wt=2.5,cyl=4", "data.frame(wt = c(3, 2.5), cyl = c(6, 4))",
    r0 = "lm(mpg ~ wt, d)")
ref("mtcars_wt_hp", "mtcars", "mpg ~ wt * hp", "lm(mpg ~ wt * hp, d)",
    "wt=3,hp=150;wt=2.5,hp=100", "data.frame(wt = c(3, 2.5), hp = c(150, 100))")
ref("mtcars_loglog", "mtcars", "log(mpg) ~ log(hp) + am", "lm(log(mpg) ~ log(hp) + am, d)",
    "hp=150,am=1;hp=100,am=0", "data.frame(hp = c(150, 100), am = c(1, 0))")
ref("mtcars_poly", "mtcars", "mpg ~ poly(wt, 3, raw = TRUE)", "lm(mpg ~ poly(wt, 3, raw = TRUE), d)",
    "wt=3;wt=2.5", "data.frame(wt = c(3, 2.5))")
ref("mtcars_I", "mtcars", "mpg ~ wt + I(wt^2)", "lm(mpg ~ wt + I(wt^2), d)",
    "wt=3;wt=2.5", "data.frame(wt = c(3, 2.5))")
ref("mtcars_weights", "mtcars", "mpg ~ wt + factor(cyl)",
    "lm(mpg ~ wt + factor(cyl), d, weights = qsec)",
    "wt=3,cyl=6;wt=2.5,cyl=4", "data.frame(wt = c(3, 2.5), cyl = c(6, 4))",
    args = c("--weights", "qsec"))
ref("iris_dot", "iris", "Sepal.Length ~ .", "lm(Sepal.Length ~ ., d)",
    "Sepal.Width=3,Petal.Length=4,Petal.Width=1.2,Species=versicolor;Sepal.Width=3.5,Petal.Length=1.5,Petal.Width=0.2,Species=setosa",
    "data.frame(Sepal.Width = c(3, 3.5), Petal.Length = c(4, 1.5), Petal.Width = c(1.2, 0.2), Species = c(\"versicolor\", \"setosa\"))")
ref("toothgrowth", "ToothGrowth", "len ~ supp * dose", "lm(len ~ supp * dose, d)",
    "supp=VC,dose=1;supp=OJ,dose=2", "data.frame(supp = c(\"VC\", \"OJ\"), dose = c(1, 2))")
ref("plantgrowth", "PlantGrowth", "weight ~ group", "lm(weight ~ group, d)",
    "group=trt1;group=ctrl", "data.frame(group = c(\"trt1\", \"ctrl\"))",
    r0 = "lm(weight ~ 1, d)")
ref("plantgrowth_noint", "PlantGrowth", "weight ~ group - 1", "lm(weight ~ group - 1, d)",
    "group=trt2;group=ctrl", "data.frame(group = c(\"trt2\", \"ctrl\"))")
ref("warpbreaks_add", "warpbreaks", "breaks ~ wool + tension", "lm(breaks ~ wool + tension, d)",
    "wool=A,tension=M;wool=B,tension=H", "data.frame(wool = c(\"A\", \"B\"), tension = c(\"M\", \"H\"))")
ref("warpbreaks_int", "warpbreaks", "breaks ~ wool * tension", "lm(breaks ~ wool * tension, d)",
    "wool=A,tension=M;wool=B,tension=H", "data.frame(wool = c(\"A\", \"B\"), tension = c(\"M\", \"H\"))",
    r0 = "lm(breaks ~ wool + tension, d)")
ref("warpbreaks_ref", "warpbreaks", "breaks ~ wool + tension", "lm(breaks ~ wool + tension, d)",
    "wool=A,tension=M;wool=B,tension=L", "data.frame(wool = c(\"A\", \"B\"), tension = c(\"M\", \"L\"))",
    prep = "within(d, tension <- relevel(tension, \"L\"))", args = c("--ref", "tension=L"))
ref("airquality", "airquality", "Ozone ~ Solar.R + Wind + Temp", "lm(Ozone ~ Solar.R + Wind + Temp, d)",
    "Solar.R=200,Wind=10,Temp=80;Solar.R=100,Wind=5,Temp=70",
    "data.frame(Solar.R = c(200, 100), Wind = c(10, 5), Temp = c(80, 70))",
    files = c("airquality.csv", "airquality_empty.csv", "airquality.json"))
# Dates: R fits the epoch seconds (1.77e9) as they are; its estimates agree
# with the exact least-squares line (python3 fractions on the same seconds)
# to 1e-13 (daily) and 4e-13 (hourly) relative, well inside the tests' 1e-9.
ref("daily_s", "daily", "y ~ date", "lm(y ~ date, d)",
    "date=2026-02-01;date=2026-01-10",
    "data.frame(date = epoch(c(\"2026-02-01\", \"2026-01-10\")))",
    prep = "within(d, date <- epoch(date))")
ref("daily_day", "daily", "y ~ date", "lm(y ~ date, d)",
    "date=2026-02-01;date=2026-01-10",
    "data.frame(date = epoch(c(\"2026-02-01\", \"2026-01-10\")) / 86400)",
    prep = "within(d, date <- epoch(date) / 86400)", args = c("--time-unit", "day"))
ref("hourly_s", "hourly", "y ~ time", "lm(y ~ time, d)",
    "time=2026-01-12T00:00:00Z;time=2026-01-06T12:30:00Z",
    "data.frame(time = epoch(c(\"2026-01-12T00:00:00Z\", \"2026-01-06T12:30:00Z\")))",
    prep = "within(d, time <- epoch(time))")
ref("hourly_day", "hourly", "y ~ time", "lm(y ~ time, d)",
    "time=2026-01-12T00:00:00Z;time=2026-01-06T12:30:00Z",
    "data.frame(time = epoch(c(\"2026-01-12T00:00:00Z\", \"2026-01-06T12:30:00Z\")) / 86400)",
    prep = "within(d, time <- epoch(time) / 86400)", args = c("--time-unit", "day"))
ref("levels", "levels", "y ~ x + g", "lm(y ~ x + g, d)",
    "x=2,g=_x;x=3,g=Beta", "data.frame(x = c(2, 3), g = c(\"_x\", \"Beta\"))")
ref("backquoted", "backquoted", "mpg ~ `weight (1000 lbs)` + factor(cyl)",
    "lm(mpg ~ `weight (1000 lbs)` + factor(cyl), d)")
# The parallel reader (-j 2) needs a file of 1 MiB or more: iris.csv's rows
# 1000 times over (formula.bats makes the file the same way).
ref("iris_x1000", "iris", "Sepal.Length ~ .", "lm(Sepal.Length ~ ., d)",
    "Sepal.Width=3,Petal.Length=4,Petal.Width=1.2,Species=versicolor",
    "data.frame(Sepal.Width = 3, Petal.Length = 4, Petal.Width = 1.2, Species = \"versicolor\")",
    files = character(), times = 1000)

writeLines(c("{", paste0("  ", entries, c(rep(",", length(entries) - 1), "")), "}"),
           "tests/data/ref_models.json")
