# make_models.R - export R's datasets used by the model-language tests
# (tests/cli/formula.bats, reference values in tests/data/ref_models.json)
# to tests/data/models/, each as CSV and as JSON (an array of objects).
#
# Run from the top of the tree:  Rscript tests/data/make_models.R
# (R 4.2, Debian r-base-core; base R only: jsonlite is not in Debian's
# r-base-core, so the JSON is written by hand).  The outputs are committed;
# re-running rewrites them byte for byte.
#
# Conventions: a missing value is NA in CSV (airquality_empty.csv: an empty
# cell) and null in JSON; a factor is written as its level's text; numbers
# with up to 15 significant digits (every value here has fewer), so the CSV
# and the JSON hold the same numbers.  mtcars is the full data set (all 11
# columns; tests/data/mtcars.csv keeps its 4 for the older tests), without
# the car names.
dir <- "tests/data/models"
dir.create(dir, showWarnings = FALSE)

num <- function(x) ifelse(is.na(x), NA, trimws(formatC(x, digits = 15, format = "g")))

csv <- function(d, file, na = "NA") {
  cols <- lapply(d, function(x) if (is.numeric(x)) num(x) else as.character(x))
  out <- do.call(paste, c(lapply(cols, function(x) ifelse(is.na(x), na, x)), sep = ","))
  writeLines(c(paste(names(d), collapse = ","), out), file.path(dir, file))
}

json <- function(d, file) {
  cols <- lapply(d, function(x)
    if (is.numeric(x)) ifelse(is.na(x), "null", num(x))
    else ifelse(is.na(x), "null", paste0("\"", as.character(x), "\"")))
  keys <- paste0("\"", names(d), "\": ")
  rows <- vapply(seq_len(nrow(d)), function(i)
    paste0("  {", paste0(keys, vapply(cols, `[`, "", i), collapse = ", "), "}"), "")
  writeLines(c("[", paste0(rows, c(rep(",", nrow(d) - 1), "")), "]"), file.path(dir, file))
}

both <- function(d, name) {
  rownames(d) <- NULL
  csv(d, paste0(name, ".csv"))
  json(d, paste0(name, ".json"))
}

both(mtcars, "mtcars")
both(iris, "iris")
both(ToothGrowth, "ToothGrowth")
both(PlantGrowth, "PlantGrowth")
both(warpbreaks, "warpbreaks")
both(airquality, "airquality")
csv(airquality, "airquality_empty.csv", na = "")

# A made-up daily series (20 days from Monday 2026-01-05) and a date-time
# series (every 7.25 hours from 2026-01-05T10:00:00Z, one with fractional
# seconds); y is a trend plus a fixed wobble, so nothing is random.
wob <- c(0.3, -1.2, 0.8, 2.1, -0.4, -1.7, 0.9, 1.4, -0.6, 0.2,
         -2.3, 1.1, 0.5, -0.9, 1.8, -1.1, 0.4, -0.3, 1.6, -0.8)
days <- format(as.Date("2026-01-05") + 0:19)
both(data.frame(date = days, y = round(10 + 0.35 * (0:19) + wob, 2)), "daily")
t <- as.POSIXct("2026-01-05 10:00:00", tz = "UTC") + (0:19) * 7.25 * 3600
stamp <- format(t, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")
stamp[7] <- sub("Z$", ".25Z", stamp[7])
both(data.frame(time = stamp, y = round(50 - 0.8 * (0:19) + 2 * wob, 2)), "hourly")

# Levels whose byte order (C locale: upper case first, '_' between) is not
# their order of appearance nor a dictionary's: R's levels in the C locale.
g <- rep(c("beta", "Beta", "alpha", "Zeta", "_x"), 4)
both(data.frame(x = c(1:20) / 4, g = g, y = c(3.1, 4.7, 2.2, 5.9, 1.8, 3.9, 5.2, 2.8, 6.6, 2.9,
                                      4.4, 6.1, 3.3, 7.2, 3.1, 5.0, 6.4, 3.7, 8.1, 3.6)), "levels")

# A column name that is not syntactic (written in backquotes in a formula).
both(data.frame(mpg = mtcars$mpg, `weight (1000 lbs)` = mtcars$wt, cyl = mtcars$cyl,
                check.names = FALSE), "backquoted")
