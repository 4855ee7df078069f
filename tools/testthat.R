# Runs the R package's tests against the installed package and writes
# "passed failed skipped" (counted per test) to the file given second.
# Usage: Rscript tools/testthat.R tests/testthat build/results/testthat.txt
args <- commandArgs(trailingOnly = TRUE)
test_path <- args[[1]]
out <- args[[2]]

writeLines("0 0 0 crashed", out)  # overwritten below unless the run dies
options(testthat.progress.max_fails = 100000L, cli.dynamic = FALSE)
library(keras)
results <- testthat::test_dir(
  test_path,
  package = "keras",
  load_package = "installed",
  reporter = testthat::ProgressReporter$new(show_praise = FALSE, update_interval = 1e6),
  stop_on_failure = FALSE,
  stop_on_warning = FALSE
)
df <- as.data.frame(results)
failed <- sum(df$failed > 0 | df$error)
skipped <- sum(df$skipped & !(df$failed > 0 | df$error))
passed <- nrow(df) - failed - skipped
writeLines(sprintf("%d %d %d", passed, failed, skipped), out)
cat(sprintf("testthat: %d passed, %d failed, %d skipped (tests; %d expectations)\n",
            passed, failed, skipped, sum(df$nb)))
quit(status = if (failed > 0) 1 else 0)
